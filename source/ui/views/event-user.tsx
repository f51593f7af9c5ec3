/**
 * Event-user drill-down: a user's event totals by type with bars, first and last event, and their
 * sessions when the name is also a session login (else "no session data for this login").
 * Enter on a session opens its host.
 *
 * Event user alice  9 events · first  9 Nov 08:31 · last 22 Nov 15:40
 *   login            5  █████████████████████
 *   project.submit   3  ████████████
 *   exam.register    1  ████
 * Sessions  6 · newest first · Enter: host
 *   begin         end           dur   host
 * › 22 Nov 13:30  open          2h30  c1r1s1
 */
import React, {type ReactElement} from 'react';
import {formatDateTime, formatInt, plural} from '../../core/ui/format.js';
import {fit, textWidth} from '../../core/ui/text.js';
import {Lines, heading, headingParts, seg, type Line} from '../components/view-lines.js';
import {extraGlyphs} from '../theme.js';
import type {DashboardData, ViewDescriptor, ViewProps, ViewState} from '../view-contract.js';
import {clean} from './common.js';
import {sessionPage, sessionSection} from './detail-common.js';
import {listFunctions} from './list-view.js';
import {sessionsSpec} from './sessions-list.js';

/** Whether the event user is also a session login with a session in the range (memoised lookup). */
function hasSessions(data: DashboardData, user: string | undefined): boolean {
	return user !== undefined && data.userDetail(user) !== null;
}

/** The user's sessions (when the event user is a known login); Enter → host. */
export const eventUserSessionsSpec = sessionsSpec(
	(data: DashboardData, state: ViewState) => {
		const user = state.params.eventUser;
		return user !== undefined && hasSessions(data, user) ? (data.userDetail(user)?.recent ?? []) : [];
	},
	'login',
	(row) => ({view: 'host', params: {host: row.host}}),
);

/** The lines above the session table. */
function eventUserHead({data, size, theme, state}: ViewProps): Line[] {
	const glyphs = extraGlyphs(theme);
	const user = state.params.eventUser;
	const name = clean(user, '(no user)');
	const activity = user === undefined ? null : data.eventUser(user);
	const b = ` ${glyphs.bullet} `;
	const lines: Line[] = [];
	if (activity === null || activity.total === 0) {
		lines.push(heading(`Event user ${name}`, 'no event in this range'));
	} else {
		lines.push(
			headingParts(
				`Event user ${name}`,
				[plural(activity.total, 'event'), `last ${formatDateTime(activity.last, data.timeZone, data.now)}`, `first ${formatDateTime(activity.first, data.timeZone, data.now)}`],
				size.width,
				b,
			),
		);
		const shown = activity.byType.slice(0, Math.max(1, Math.min(activity.byType.length, Math.floor(size.height / 3))));
		const labelWidth = Math.min(24, Math.max(...shown.map((entry) => textWidth(clean(entry.key)))));
		const max = Math.max(1, ...shown.map((entry) => entry.count));
		const barRoom = Math.max(1, Math.min(40, size.width - labelWidth - 12));
		const bar = theme.heatGlyphs.at(-1) ?? '#';
		for (const entry of shown) {
			lines.push([
				seg(`  ${fit(clean(entry.key), labelWidth, 'left', theme.ellipsis)} `),
				seg(fit(formatInt(entry.count), 5, 'right')),
				seg(`  ${bar.repeat(Math.max(1, Math.round((entry.count / max) * barRoom)))}`, {tone: 'accent'}),
			]);
		}

		if (shown.length < activity.byType.length) lines.push([seg(`  … ${formatInt(activity.byType.length - shown.length)} more types`, {tone: 'muted'})]);
	}

	return lines;
}

function EventUserView(props: ViewProps): ReactElement {
	const {data, size, theme, state} = props;
	const lines = eventUserHead(props);
	if (hasSessions(data, state.params.eventUser)) {
		lines.push(...sessionSection(eventUserSessionsSpec, data, state, theme, size.width, size.height - lines.length, 'Sessions', 'host'));
	} else {
		lines.push([seg('no session data for this login', {tone: 'muted'})]);
	}

	return <Lines lines={lines} width={size.width} height={size.height} theme={theme} />;
}

/** Event-user descriptor: list cursor over the login's sessions (if any); Enter → host. */
export const eventUserView: ViewDescriptor = {
	id: 'event-user',
	title: 'Event user',
	minSize: {width: 50, height: 6},
	cursorKind: 'list',
	supports: {filter: true, metric: false, drill: true},
	sortColumns: [],
	...listFunctions(eventUserSessionsSpec),
	page: (data, state, size, theme) => sessionPage(size.height - eventUserHead({data, state, size, theme}).length),
	Component: EventUserView,
};
