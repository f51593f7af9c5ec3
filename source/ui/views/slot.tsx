/**
 * Slot drill-down (from a heatmap cell): the sessions overlapping a weekday × hour slot over the
 * range, the hosts they used, and the cell's value. Enter on a session opens its host.
 *
 * Slot Tue 10:00–11:00  5 sessions · 4 hosts · 1.9 seats on average
 * hosts     c1r1s2 2 · c1r1s1 1 · c2r1s1 1 · c1r1s3 1
 * Sessions  5 · newest first · Enter: host
 *   begin         end           dur   login   host
 * › 17 Nov 09:00  17 Nov 13:00  4h00  carol   c1r1s3
 */
import React, {type ReactElement} from 'react';
import type {SessionListItem} from '../../core/stats/types.js';
import {zoneClock} from '../../core/time.js';
import {WEEKDAYS, formatHour, formatInt, formatNumber, plural} from '../../core/ui/format.js';
import {fitItems} from '../../core/ui/text.js';
import {Lines, headingParts, seg, type Line} from '../components/view-lines.js';
import {extraGlyphs} from '../theme.js';
import type {DashboardData, ViewDescriptor, ViewProps, ViewState} from '../view-contract.js';
import {clean} from './common.js';
import {sessionPage, sessionSection} from './detail-common.js';
import {listFunctions} from './list-view.js';
import {sessionsSpec} from './sessions-list.js';

function slotOf(state: ViewState): {weekday: number; hour: number} {
	return {weekday: Math.min(6, Math.max(0, state.params.weekday ?? 0)), hour: Math.min(23, Math.max(0, state.params.hour ?? 0))};
}

const startedIn = new WeakMap<readonly SessionListItem[], readonly SessionListItem[]>();

/** The sessions of a slot list that began in the slot's local weekday and hour (memoised per list). */
function startedHere(data: DashboardData, sessions: readonly SessionListItem[], weekday: number, hour: number): readonly SessionListItem[] {
	const cached = startedIn.get(sessions);
	if (cached) return cached;
	const clock = zoneClock(data.timeZone);
	const kept = sessions.filter((session) => {
		const parts = clock.parts(Date.parse(session.begin));
		return parts.weekday === weekday && parts.hour === hour && Date.parse(session.begin) >= data.from;
	});
	startedIn.set(sessions, kept);
	return kept;
}

/** The slot's sessions (those that started in it, when opened on the starts metric); Enter → host. */
export const slotSessionsSpec = sessionsSpec(
	(data: DashboardData, state: ViewState) => {
		const {weekday, hour} = slotOf(state);
		const touching = data.slotSessions(weekday, hour);
		return state.params.started === true ? startedHere(data, touching, weekday, hour) : touching;
	},
	null,
	(row) => ({view: 'host', params: {host: row.host}}),
);

const hostCounts = new WeakMap<readonly SessionListItem[], Array<[string, number]>>();

/** Sessions per host of a slot, most first (memoised per list: a slot can hold thousands). */
function hostsOf(sessions: readonly SessionListItem[]): Array<[string, number]> {
	const cached = hostCounts.get(sessions);
	if (cached) return cached;
	const byHost = new Map<string, number>();
	for (const session of sessions) byHost.set(session.host, (byHost.get(session.host) ?? 0) + 1);
	const hosts = [...byHost.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
	hostCounts.set(sessions, hosts);
	return hosts;
}

/** The lines above the session table (the whole view when there is no list). */
function SlotViewHead({data, size, theme, state}: ViewProps): {readonly lines: Line[]; readonly list: boolean} {
	const glyphs = extraGlyphs(theme);
	const {weekday, hour} = slotOf(state);
	const touching = data.slotSessions(weekday, hour);
	const started = state.params.started === true;
	const sessions = started ? startedHere(data, touching, weekday, hour) : touching;
	const hosts = hostsOf(sessions);
	const weekdayHour = data.summary.sessions.weekdayHour;
	const mean = weekdayHour.meanConcurrent[weekday]?.[hour] ?? 0;
	const starts = weekdayHour.starts[weekday]?.[hour] ?? 0;
	const b = ` ${glyphs.bullet} `;
	const dash = theme.ascii ? '-' : '–';
	const lines: Line[] = [
		headingParts(
			`Slot ${WEEKDAYS[weekday] ?? '?'} ${formatHour(hour)}${dash}${formatHour((hour + 1) % 24)}`,
			started
				? [`${formatInt(sessions.length)} started in the slot`, `${formatInt(touching.length)} touching it`, plural(hosts.length, 'host'), `${formatNumber(mean, 1)} seats on average`]
				: [`${plural(touching.length, 'session')} touching the slot`, `${formatInt(starts)} started in it`, plural(hosts.length, 'host'), `${formatNumber(mean, 1)} seats on average`],
			size.width,
			b,
			theme.ellipsis,
		),
	];
	const hostText = fitItems(
		hosts.map(([host, count]) => `${clean(host)} ${formatInt(count)}`),
		size.width - 10,
		b,
	);
	lines.push([seg('hosts'.padEnd(10), {tone: 'heading'}), seg(hostText === '' ? 'none' : hostText)]);
	return {lines, list: true};
}

function SlotView(props: ViewProps): ReactElement {
	const {data, size, theme, state} = props;
	const head = SlotViewHead(props);
	const lines = [...head.lines];
	if (head.list) lines.push(...sessionSection(slotSessionsSpec, data, state, theme, size.width, size.height - lines.length, 'Sessions', 'host'));
	return <Lines lines={lines} width={size.width} height={size.height} theme={theme} />;
}

/** Slot descriptor: list cursor over the slot's sessions; Enter → host. */
export const slotView: ViewDescriptor = {
	id: 'slot',
	title: 'Slot',
	minSize: {width: 50, height: 6},
	cursorKind: 'list',
	supports: {filter: true, metric: false, drill: true},
	sortColumns: [],
	...listFunctions(slotSessionsSpec),
	page: (data, state, size, theme) => sessionPage(size.height - SlotViewHead({data, state, size, theme}).lines.length),
	Component: SlotView,
};
