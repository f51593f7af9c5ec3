/**
 * User drill-down: logtime per day (sparkline) and per ISO week, totals, a small weekday × hour
 * heatmap when the height allows, hosts used, and all sessions in the range, newest first (cursor). Enter on a session opens its host.
 *
 * User alice  22.3 h · 6 sessions · 1.6 h/day · favourite c1r1s1 · usual 09:00, 10:00, 11:00
 * per day   ▅▅▅ ▅ ▅  ▅▅▅ ▅  ▂   9 Nov – 22 Nov · max 4.5 h
 * hosts     c1r1s1 22.3h (6)
 * per week  W47 12.0h  W46 10.3h
 *     00 01 02 …
 * Mon                  ░░░▒▒▒
 * Sessions  6 · newest first · Enter: host
 *   begin         end           dur   host
 * › 22 Nov 13:30  open          2h30  c1r1s1
 */
import React, {type ReactElement} from 'react';
import type {UserDetail} from '../../core/stats/types.js';
import {WEEKDAYS, formatDayKey, formatHour, formatInt, formatNumber, plural} from '../../core/ui/format.js';
import {fitItems} from '../../core/ui/text.js';
import {heatGridLines} from '../components/heat-grid.js';
import {fittedSparkline} from '../components/sparkline-line.js';
import {Lines, heading, headingParts, seg, type Line} from '../components/view-lines.js';
import {extraGlyphs} from '../theme.js';
import type {DashboardData, ViewDescriptor, ViewProps, ViewState} from '../view-contract.js';
import {clean} from './common.js';
import {sessionPage, sessionSection} from './detail-common.js';
import {listFunctions} from './list-view.js';
import {sessionsSpec} from './sessions-list.js';

function detailOf(data: DashboardData, state: ViewState): UserDetail | null {
	return state.params.login === undefined ? null : data.userDetail(state.params.login);
}

/** The user's sessions touching the range, newest first; Enter → the session's host. */
export const userSessionsSpec = sessionsSpec((data, state) => detailOf(data, state)?.recent ?? [], 'login', (row) => ({view: 'host', params: {host: row.host}}));

/** The lines above the session table (the whole view when there is no list). */
function UserViewHead({data, size, theme, state}: ViewProps): {readonly lines: Line[]; readonly list: boolean} {
	const glyphs = extraGlyphs(theme);
	const name = clean(state.params.login, '(no login)');
	const detail = detailOf(data, state);
	if (detail === null) {
		return {lines: [heading(`User ${name}`), [seg('  no session for this login in this range', {tone: 'muted'})]], list: false};
	}

	const b = ` ${glyphs.bullet} `;
	const days = detail.logtimeDaily;
	const perDay = days.length === 0 ? null : detail.row.logtimeHours / days.length;
	const usual = detail.usualHours.map((hour) => formatHour(hour)).join(', ');
	const lines: Line[] = [
		headingParts(
			`User ${name}`,
			[
				`${formatNumber(detail.row.logtimeHours, 1)} h`,
				`${plural(detail.row.sessions, 'session')} started`,
				`${formatNumber(perDay, 1)} h/day`,
				`favourite ${clean(detail.row.favouriteHost, '—')}`,
				...(usual === '' ? [] : [`usual ${usual}`]),
			],
			size.width,
			b,
		),
	];
	const hours = days.map((day) => day.hours);
	const max = Math.max(0, ...hours);
	const first = days[0];
	const last = days.at(-1);
	const span = first && last ? `  ${formatDayKey(first.key)} ${theme.ascii ? '-' : '–'} ${formatDayKey(last.key)} · max ${formatNumber(max, 1)} h` : '';
	const room = Math.max(0, Math.min(hours.length * 2, size.width - 10 - 40));
	lines.push([seg('per day'.padEnd(10), {tone: 'heading'}), seg(fittedSparkline(hours, Math.max(room, Math.min(hours.length, size.width - 10)), theme), {tone: 'accent'}), seg(span, {tone: 'muted'})]);
	const hosts = fitItems(
		detail.hosts.map((host) => `${clean(host.host)} ${formatNumber(host.hours, 1)}h (${formatInt(host.sessions)})`),
		size.width - 10,
		'  ',
	);
	lines.push([seg('hosts'.padEnd(10), {tone: 'heading'}), seg(hosts === '' ? 'none' : hosts)]);
	// ISO weeks newest first, like the sessions; the year only when the range spans two.
	const weeks = detail.logtimeWeekly;
	const oneYear = new Set(weeks.map((week) => week.key.slice(0, 4))).size <= 1;
	const weekItems = weeks.toReversed().map((week) => `${oneYear ? week.key.slice(5) : week.key} ${formatNumber(week.hours, 1)}h`);
	lines.push([seg('per week'.padEnd(10), {tone: 'heading'}), seg(fitItems(weekItems, size.width - 10, '  ') || 'none')]);
	// The small heatmap only when the session list keeps at least 3 rows below it.
	if (size.height - lines.length >= 8 + 5) {
		const grid = heatGridLines({labels: [...WEEKDAYS], grid: detail.weekdayHour, width: size.width, theme, totals: false, preferredCell: 2});
		lines.push(...grid.lines);
	}

	return {lines, list: true};
}

function UserView(props: ViewProps): ReactElement {
	const {data, size, theme, state} = props;
	const head = UserViewHead(props);
	const lines = [...head.lines];
	if (head.list) lines.push(...sessionSection(userSessionsSpec, data, state, theme, size.width, size.height - lines.length, 'Sessions', 'host'));
	return <Lines lines={lines} width={size.width} height={size.height} theme={theme} />;
}

/** User descriptor: list cursor over the sessions; Enter → host. */
export const userView: ViewDescriptor = {
	id: 'user',
	title: 'User',
	minSize: {width: 50, height: 8},
	cursorKind: 'list',
	supports: {filter: true, metric: false, drill: true},
	sortColumns: [],
	...listFunctions(userSessionsSpec),
	page: (data, state, size, theme) => sessionPage(size.height - UserViewHead({data, state, size, theme}).lines.length),
	Component: UserView,
};
