/**
 * Host drill-down: the host's figures, its seat-hours by hour of day, its users, and all its
 * sessions in the range, newest first (cursor). Enter on a session opens its user.
 *
 * Host c1r1s1  6 sessions · 22.3 seat-h · util 6.8% · mean 3h57 · occupied by alice
 *           00    03    06    09    12    15    18    21
 * by hour               ▂▂▂▂▅▅▅▅████▇▇▇▇▃▃▃▃
 * users     alice 22.3h (6)
 * Sessions  6 · newest first · Enter: user
 *   begin         end           dur   login
 * › 22 Nov 13:30  open          2h30  alice
 */
import React, {type ReactElement} from 'react';
import type {HostDetail} from '../../core/stats/types.js';
import {formatDateTime, formatDuration, formatInt, formatNumber, formatPercent, plural} from '../../core/ui/format.js';
import {fitItems} from '../../core/ui/text.js';
import {Lines, heading, headingParts, seg, type Line} from '../components/view-lines.js';
import {extraGlyphs} from '../theme.js';
import type {DashboardData, ViewDescriptor, ViewProps, ViewState} from '../view-contract.js';
import {clean} from './common.js';
import {hourSparkLines, sessionPage, sessionSection} from './detail-common.js';
import {listFunctions} from './list-view.js';
import {sessionsSpec} from './sessions-list.js';

function detailOf(data: DashboardData, state: ViewState): HostDetail | null {
	return state.params.host === undefined ? null : data.hostDetail(state.params.host);
}

/** The host's sessions touching the range, newest first; Enter → the session's user. */
export const hostSessionsSpec = sessionsSpec(
	(data, state) => detailOf(data, state)?.recent ?? [],
	'host',
	(row) => (row.login === null ? null : {view: 'user', params: {login: row.login}}),
);

/** The lines above the session table (the whole view when there is no list). */
function HostViewHead({data, size, theme, state}: ViewProps): {readonly lines: Line[]; readonly list: boolean} {
	const glyphs = extraGlyphs(theme);
	const name = clean(state.params.host, '(no host)');
	const detail = detailOf(data, state);
	if (detail === null) {
		return {lines: [heading(`Host ${name}`), [seg('  no session on this host in this range', {tone: 'muted'})]], list: false};
	}

	const {row} = detail;
	const b = ` ${glyphs.bullet} `;
	const lines: Line[] = [
		headingParts(
			`Host ${name}`,
			[
				`${plural(row.sessions, 'session')} started`,
				`${formatNumber(row.seatHours, 1)} seat-h`,
				row.occupant === null ? `last seen ${formatDateTime(row.lastSeen, data.timeZone, data.now)}` : `occupied by ${clean(row.occupant)}`,
				`util ${formatPercent(row.utilisation)}`,
				`mean ${formatDuration(row.meanMinutes)}`,
			],
			size.width,
			b,
		),
	];
	lines.push(...hourSparkLines('by hour', detail.byHour, size.width, theme));
	const users = fitItems(
		detail.users.map((user) => `${clean(user.login)} ${formatNumber(user.hours, 1)}h (${formatInt(user.sessions)})`),
		size.width - 10,
		'  ',
	);
	lines.push([seg('users'.padEnd(10), {tone: 'heading'}), seg(users === '' ? 'none' : users)]);
	return {lines, list: true};
}

function HostView(props: ViewProps): ReactElement {
	const {data, size, theme, state} = props;
	const head = HostViewHead(props);
	const lines = [...head.lines];
	if (head.list) lines.push(...sessionSection(hostSessionsSpec, data, state, theme, size.width, size.height - lines.length, 'Sessions', 'user'));
	return <Lines lines={lines} width={size.width} height={size.height} theme={theme} />;
}

/** Host descriptor: list cursor over the sessions; Enter → user. */
export const hostView: ViewDescriptor = {
	id: 'host',
	title: 'Host',
	minSize: {width: 50, height: 8},
	cursorKind: 'list',
	supports: {filter: true, metric: false, drill: true},
	sortColumns: [],
	...listFunctions(hostSessionsSpec),
	page: (data, state, size, theme) => sessionPage(size.height - HostViewHead({data, state, size, theme}).lines.length),
	Component: HostView,
};
