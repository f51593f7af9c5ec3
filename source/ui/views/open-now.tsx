/**
 * Open now (from the overview): every session open at "now", newest first, with the time it began
 * ("since"), its host and login. Enter opens the host.
 *
 * Open now  1/17 · since 09:12 earliest · newest first · Enter: host
 *   begin         end   dur   login    host
 * › 22 Nov 15:40  open  20m   alice    c1r1s1
 */
import React, {type ReactElement} from 'react';
import type {SessionListItem} from '../../core/stats/types.js';
import {Lines, heading, seg, type Line} from '../components/view-lines.js';
import type {DashboardData, ViewDescriptor, ViewProps} from '../view-contract.js';
import {sessionPage, sessionSection} from './detail-common.js';
import {listFunctions} from './list-view.js';
import {sessionsSpec} from './sessions-list.js';

const opens = new WeakMap<readonly object[], readonly SessionListItem[]>();

/** The open session of every occupied host (the hosts table's occupant), newest first. */
export function openSessions(data: DashboardData): readonly SessionListItem[] {
	const cached = opens.get(data.hosts);
	if (cached) return cached;
	const list: SessionListItem[] = [];
	for (const row of data.hosts) {
		if (row.occupant === null) continue;
		const open = data.hostDetail(row.host)?.recent.find((session) => session.end === null && session.login === row.occupant);
		if (open) list.push(open);
	}

	list.sort((a, b) => Date.parse(b.begin) - Date.parse(a.begin));
	opens.set(data.hosts, list);
	return list;
}

export const openSessionsSpec = sessionsSpec((data) => openSessions(data), null, (row) => ({view: 'host', params: {host: row.host}}));

function OpenNowView({data, size, theme, state}: ViewProps): ReactElement {
	const lines: Line[] = [heading('Open now', 'sessions open at the end of the range, by when they began')];
	if (openSessions(data).length === 0) lines.push([seg('  nobody is sitting at a host now', {tone: 'muted'})]);
	else lines.push(...sessionSection(openSessionsSpec, data, state, theme, size.width, size.height - lines.length, 'Sessions', 'host'));
	return <Lines lines={lines} width={size.width} height={size.height} theme={theme} />;
}

/** Open-now descriptor: list cursor over the open sessions; Enter → host. */
export const openNowView: ViewDescriptor = {
	id: 'open',
	title: 'Open now',
	minSize: {width: 40, height: 5},
	cursorKind: 'list',
	supports: {filter: true, metric: false, drill: true},
	sortColumns: [],
	...listFunctions(openSessionsSpec),
	page: (_data, _state, size) => sessionPage(size.height - 1),
	Component: OpenNowView,
};
