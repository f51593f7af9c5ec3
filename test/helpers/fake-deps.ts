/**
 * Fake dependencies for flows through the real <App>: a small messy data set, a placeholder view
 * registry (tiny views honouring the ViewDescriptor contract, so the shell is tested on its own),
 * a plain theme, a manual scheduler and an in-memory export sink.
 */
import {Box, Text} from 'ink';
import {createElement as h, type ReactElement} from 'react';
import {sessionTableFromRecords, eventTableFromRecords, type Campus, type SessionRecord, type EventRecord} from '../../source/core/model.js';
import type {AppDeps} from '../../source/ui/app.js';
import type {LiveDataDeps, Scheduler, SnapshotData} from '../../source/app/live/contract.js';
import type {
	DashboardData,
	DetailViewId,
	Theme,
	ViewDescriptor,
	ViewId,
	ViewParams,
	ViewProps,
	ViewState,
} from '../../source/ui/view-contract.js';
import {exportContent, type ExportRequest} from '../../source/ui/export-view.js';

export const NOW = Date.UTC(2026, 10, 22, 15, 0, 0);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const CAMPUS: Campus = {id: 9, name: 'Test Campus', timeZone: 'UTC'};

let nextId = 1;
function session(login: string | null, host: string, beginAgoHours: number, hours: number | null): SessionRecord {
	const begin = NOW - beginAgoHours * HOUR;
	return {id: nextId++, userId: null, login, host, begin, end: hours === null ? null : begin + hours * HOUR, campusId: 9};
}

/** Sessions over the last few days: overlaps, an open session, a hostile login, a midnight crossing. */
export const SESSIONS: readonly SessionRecord[] = [
	session('alice', 'c1r1s1', 2, 1),
	session('alice', 'c1r1s2', 30, 3),
	session('bob', 'c1r1s2', 5, 2),
	session('bob', 'c1r2s1', 50, 4),
	session('carol', 'c1r2s1', 1, null),
	session('dave', 'c2r1s1', 20, 8),
	session('evil\u001B]0;pwned\u0007', 'c2r1s2', 3, 1),
	session('erin', 'c2r1s1', 10 * 24, 2),
];

export const EVENTS: readonly EventRecord[] = [
	{id: 1, user: 'alice', type: 'login', time: NOW - 2 * HOUR, metadata: null},
	{id: 2, user: 'bob', type: 'view', time: NOW - 3 * HOUR, metadata: '{"page":"home"}'},
	{id: 3, user: 'alice', type: 'logout', time: NOW - HOUR, metadata: null},
];

/** The initial snapshot of the fake data. */
export function fakeSnapshot(now = NOW): SnapshotData {
	return {sessions: sessionTableFromRecords(SESSIONS), events: eventTableFromRecords(EVENTS), now};
}

/** A colourless theme. */
export const plainTheme: Theme = {
	color: false,
	ascii: false,
	tokens: {accent: undefined, muted: undefined, danger: undefined, ok: undefined, warning: undefined, heading: undefined},
	heatGlyphs: [' ', '░', '▒', '▓', '█'],
	heatColors: [undefined, undefined, undefined, undefined, undefined],
	sparkGlyphs: ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'],
	sortAscending: '▲',
	sortDescending: '▼',
	ellipsis: '…',
	crumbSeparator: '›',
};

type ListSpec = {
	readonly rows: (data: DashboardData, state: ViewState) => readonly string[];
	readonly drill?: (row: string, params: ViewParams) => {view: DetailViewId; params: ViewParams};
};

function filtered(rows: readonly string[], filter: string): string[] {
	const needle = filter.toLowerCase();
	return needle === '' ? [...rows] : rows.filter((row) => row.toLowerCase().includes(needle));
}

function listView(id: ViewId, title: string, spec: ListSpec, sortColumns: readonly string[] = ['name']): ViewDescriptor {
	const select = (data: DashboardData, state: ViewState) => {
		const rows = filtered(spec.rows(data, state), state.filter);
		return state.sort.descending ? rows.reverse() : rows;
	};

	return {
		id,
		title,
		minSize: {width: 30, height: 5},
		cursorKind: 'list',
		supports: {filter: true, metric: false, drill: spec.drill !== undefined, ...(id === 'hosts' ? {panel: 'heatmap'} : {})},
		sortColumns,
		extent: (data, state) => ({rows: select(data, state).length, cols: 1}),
		drill(data, state) {
			const row = select(data, state)[state.cursor.row];
			return row === undefined || !spec.drill ? null : spec.drill(row, state.params);
		},
		matches: (data, state) =>
			select(data, state).flatMap((row, index) => (state.filter && row.toLowerCase().includes(state.filter.toLowerCase()) ? [index] : [])),
		table: (data, state) => ({columns: ['name'], rows: select(data, state).map((row) => [row])}),
		Component({data, state, size}: ViewProps): ReactElement {
			const rows = select(data, state);
			const visible = rows.slice(state.cursor.scroll, state.cursor.scroll + Math.max(1, size.height - 2));
			return h(
				Box,
				{flexDirection: 'column'},
				h(Text, null, `[${id}] ${title} ${rows.length} rows sort=${state.sort.column}${state.sort.descending ? 'v' : '^'} metric=${state.metric} heatmap=${state.hostHeatmap ? 'on' : 'off'}`),
				...visible.map((row, index) =>
					h(Text, {key: row}, `${index + state.cursor.scroll === state.cursor.row ? '>' : ' '} ${row.replaceAll(/[\u0000-\u001F]/g, '')}`),
				),
			);
		},
	};
}

function staticView(id: ViewId, title: string, line: (data: DashboardData) => string): ViewDescriptor {
	return {
		id,
		title,
		minSize: {width: 30, height: 5},
		cursorKind: 'none',
		supports: {filter: false, metric: true, drill: false},
		sortColumns: [],
		extent: () => ({rows: 1, cols: 1}),
		drill: () => null,
		matches: () => [],
		table: (data) => ({columns: ['value'], rows: [[line(data)]]}),
		Component: ({data}: ViewProps) => h(Text, null, `[${id}] ${title}: ${line(data)}`),
	};
}

function gridView(id: ViewId, title: string, rows: number, cols: number, minWidth = 30): ViewDescriptor {
	return {
		id,
		title,
		minSize: {width: minWidth, height: 9},
		cursorKind: 'grid',
		supports: {filter: true, metric: true, drill: true},
		sortColumns: [],
		extent: () => ({rows, cols}),
		drill: (_data, state) => ({view: 'slot', params: {weekday: state.cursor.row, hour: state.cursor.col}}),
		matches: () => [],
		table: () => ({columns: ['row', 'col'], rows: [[0, 0]]}),
		Component: ({state}: ViewProps) => h(Text, null, `[${id}] ${title} cell ${state.cursor.row},${state.cursor.col}`),
	};
}

/** The placeholder registry: every ViewId, with the `1`–`7` order of TOP_VIEWS. */
export const fakeViews: Record<ViewId, ViewDescriptor> = {
	overview: staticView('overview', 'Overview', (data) => `${data.summary.sessions.total} sessions, ${data.summary.sessions.open} open`),
	heatmap: gridView('heatmap', 'Heatmap', 7, 24),
	hourly: staticView('hourly', 'Hourly', (data) => `peak ${data.summary.sessions.byHour.starts.indexOf(Math.max(...data.summary.sessions.byHour.starts))}h`),
	hosts: listView('hosts', 'Hosts', {rows: (data) => data.hosts.map((row) => row.host), drill: (host) => ({view: 'host', params: {host}})}, ['host', 'hours']),
	map: gridView('map', 'Cluster map', 2, 8, 200),
	users: listView('users', 'Users', {rows: (data) => data.users.map((row) => row.login), drill: (login) => ({view: 'user', params: {login}})}, ['login', 'hours']),
	events: listView('events', 'Events', {rows: (data) => data.summary.events.topUsers.map((row) => row.key), drill: (user) => ({view: 'event-user', params: {eventUser: user}})}),
	log: listView('log', 'Event log', {rows: (data) => data.summary.events.byType.map((row) => row.key)}),
	open: listView('open', 'Open now', {rows: (data) => data.hosts.filter((row) => row.occupant !== null).map((row) => row.host)}),
	anomalies: listView('anomalies', 'Anomalies', {rows: () => []}),
	host: listView('host', 'Host', {
		rows: (data, state) => data.hostDetail(state.params.host ?? '')?.users.map((row) => row.login) ?? [],
		drill: (login) => ({view: 'user', params: {login}}),
	}),
	user: listView('user', 'User', {rows: (data, state) => data.userDetail(state.params.login ?? '')?.hosts.map((row) => row.host) ?? []}),
	slot: listView('slot', 'Slot', {rows: (data, state) => data.slotSessions(state.params.weekday ?? 0, state.params.hour ?? 0).map((row) => `${row.host} ${row.login ?? '-'}`)}),
	'event-user': listView('event-user', 'Event user', {rows: (data, state) => data.eventUser(state.params.eventUser ?? '').byType.map((row) => `${row.key} ${row.count}`)}),
};

/** A scheduler the test advances by hand. */
export class ManualScheduler implements Scheduler {
	private readonly timers = new Map<number, {callback: () => void; ms: number}>();
	private nextHandle = 1;

	setInterval(callback: () => void, ms: number): unknown {
		const handle = this.nextHandle++;
		this.timers.set(handle, {callback, ms});
		return handle;
	}

	clearInterval(handle: unknown): void {
		this.timers.delete(handle as number);
	}

	/** Intervals currently set (their periods). */
	get periods(): number[] {
		return [...this.timers.values()].map((timer) => timer.ms);
	}

	/** Fires every interval with this period once. */
	fire(ms?: number): void {
		for (const timer of [...this.timers.values()]) if (ms === undefined || timer.ms === ms) timer.callback();
	}
}

/** Exports captured in memory. */
export type CapturedExport = {readonly request: ExportRequest; readonly content: string};

/** Deps for <App> with fake data; override any field. */
export function fakeDeps(overrides: Partial<Omit<AppDeps, 'data'>> & {data?: Partial<LiveDataDeps>} = {}): AppDeps & {exports: CapturedExport[]; scheduler: ManualScheduler} {
	const exports: CapturedExport[] = [];
	const scheduler = new ManualScheduler();
	const {data, ...rest} = overrides;
	return {
		views: fakeViews,
		theme: plainTheme,
		campus: CAMPUS,
		timeZone: 'UTC',
		size: {width: 80, height: 24},
		async exportView(request) {
			exports.push({request, content: exportContent(request)});
			return `/tmp/exports/bigstat42-${request.view.id}.${request.format === 'text' ? 'txt' : request.format}`;
		},
		...rest,
		data: {
			initial: fakeSnapshot(),
			reload: async () => fakeSnapshot(),
			wallClock: () => NOW,
			scheduler,
			...data,
		},
		exports,
		scheduler,
	};
}

export {DAY, HOUR};
