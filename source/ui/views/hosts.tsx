/**
 * Hosts: a sortable, filterable table of the hosts used in the range, windowed to the height with
 * the cursor row marked; with `v` (on from the start on tall terminals), a host × hour heatmap of
 * the first hosts of the list below it. Enter opens the host.
 *
 * Hosts  8 of 8 · sort seat-h▼ · / filter
 *   host               sess seat-h▼  mean  util% last seen    users now
 * › c2r1s2                3    28.0  2h00    8.5 20 Nov 13:00     2
 *   c1r1s1                6    22.3  3h57    6.8 22 Nov 16:00     1 alice
 *   …
 */
import React, {type ReactElement} from 'react';
import type {HostRow} from '../../core/stats/types.js';
import {naturalCompare} from '../../core/ui/host-id.js';
import {formatDateTime, formatDuration, formatInt, formatNumber} from '../../core/ui/format.js';
import {by, windowRows} from '../../core/ui/select-visible.js';
import {heatGridLines, heatLegend} from '../components/heat-grid.js';
import {tableLines} from '../components/table.js';
import {Lines, heading, seg, type Line} from '../components/view-lines.js';
import type {DashboardData, Size, ViewDescriptor, ViewProps, ViewState} from '../view-contract.js';
import {clean} from './common.js';
import {columnTable, listFunctions, markCount, markedRows, selected, widestCells, type ListColumn, type ListSpec} from './list-view.js';

/** Sortable columns, default first (natural direction: numbers high → low, names a → z). */
export const HOST_SORT_COLUMNS = ['seat-hours', 'sessions', 'mean', 'util', 'last seen', 'users', 'host'] as const;

/** The hosts table: one entry per column (header, width, cell, sort). */
const hostColumns: ReadonlyArray<ListColumn<HostRow>> = [
	{title: 'host', priority: 10, minWidth: 8, maxWidth: 24, cell: (row) => clean(row.host), sort: {name: 'host', natural: 'asc', compare: (a, b) => naturalCompare(a.host, b.host)}},
	{title: 'started', priority: 6, minWidth: 4, align: 'right', cell: (row) => formatInt(row.sessions), sort: {name: 'sessions', natural: 'desc', compare: by.numberDesc((row) => row.sessions)}},
	{title: 'seat-h', priority: 9, minWidth: 6, align: 'right', cell: (row) => formatNumber(row.seatHours, 1), sort: {name: 'seat-hours', natural: 'desc', compare: by.numberDesc((row) => row.seatHours)}},
	{title: 'mean', priority: 4, minWidth: 5, align: 'right', cell: (row) => formatDuration(row.meanMinutes), sort: {name: 'mean', natural: 'desc', compare: by.numberDesc((row) => row.meanMinutes)}},
	{title: 'util%', priority: 8, minWidth: 5, align: 'right', cell: (row) => formatNumber(row.utilisation, 1), sort: {name: 'util', natural: 'desc', compare: by.numberDesc((row) => row.utilisation)}},
	{title: 'last seen', priority: 5, minWidth: 12, align: 'left', cell: (row, data) => formatDateTime(row.lastSeen, data.timeZone, data.now), sort: {name: 'last seen', natural: 'desc', compare: by.timeDesc((row) => row.lastSeen)}},
	{title: 'users', priority: 3, minWidth: 5, align: 'right', cell: (row) => formatInt(row.users), sort: {name: 'users', natural: 'desc', compare: by.numberDesc((row) => row.users)}},
	{title: 'now', priority: 2, minWidth: 5, maxWidth: 12, cell: (row) => (row.occupant === null ? '' : clean(row.occupant))},
];

const hostTable = columnTable(hostColumns, HOST_SORT_COLUMNS);
const {columns} = hostTable;

const withIdle = new WeakMap<readonly HostRow[], readonly HostRow[]>();

/**
 * The hosts of the range, then every known host without a session in it (zeros, never seen): sort
 * by seat-hours reversed (S) or by last seen to find dead machines. Memoised per host list.
 */
export function hostsWithIdle(data: DashboardData): readonly HostRow[] {
	const cached = withIdle.get(data.hosts);
	if (cached) return cached;
	const used = new Set(data.hosts.map((row) => row.host));
	const idle = data.allHosts
		.filter((host) => !used.has(host))
		.map((host): HostRow => ({host, sessions: 0, seatHours: 0, meanMinutes: null, utilisation: 0, lastSeen: null, users: 0, occupant: null}));
	const rows = idle.length === 0 ? data.hosts : [...data.hosts, ...idle];
	withIdle.set(data.hosts, rows);
	return rows;
}

/** The hosts list spec (shared with the shell through the descriptor). */
export const hostsSpec: ListSpec<HostRow> = {
	rows: (data) => hostsWithIdle(data),
	// Every text column: the host and who sits there now.
	filterText: (row) => `${clean(row.host)} ${clean(row.occupant, '')}`,
	...hostTable,
	exportColumns: ['host', 'sessions', 'seatHours', 'meanMinutes', 'utilisation', 'lastSeen', 'users', 'occupant'],
	exportRow: (row) => [row.host, row.sessions, row.seatHours, row.meanMinutes, row.utilisation, row.lastSeen, row.users, row.occupant],
	drill: (row) => ({view: 'host', params: {host: row.host}}),
};

/** Where the cursor is in a list: "16/171" (of the rows shown), "0/0" when empty. */
export function position(cursor: number, shown: number): string {
	return `${formatInt(shown === 0 ? 0 : Math.min(shown, cursor + 1))}/${formatInt(shown)}`;
}

/**
 * The "16/171 · sort … · / filter" note of a list heading ("3/12 of 171 · … · filter "c1"" when
 * filtered; "3/171 · … · 12 match "c1"" when the filter marks matches, `marks` being their count).
 */
export function listNote(cursor: number, shown: number, total: number, sortName: string, glyph: string, filter: string, marks?: number): string {
	const filtered = filter.trim() !== '';
	if (filtered && marks !== undefined) return `${position(cursor, shown)} · sort ${sortName}${glyph} · ${formatInt(marks)} match "${clean(filter)}" · n/N`;
	const filterNote = filtered ? `filter "${clean(filter)}"` : '/ filter';
	return `${position(cursor, shown)}${filtered ? ` of ${formatInt(total)}` : ''} · sort ${sortName}${glyph} · ${filterNote}`;
}

/**
 * The hosts view's layout at a size: the heatmap (v) takes up to half of what is left, at most 10
 * hosts, never squeezing the table below 5 rows; the table gets the rest, less its heading and header.
 */
function hostsLayout(rows: number, size: Size, state: ViewState): {readonly heatRows: number; readonly page: number} {
	const heatRows = state.hostHeatmap ? Math.max(0, Math.min(rows, 10, Math.floor((size.height - 11) / 2))) : 0;
	const heatHeight = heatRows > 0 ? heatRows + 5 : 0;
	return {heatRows, page: Math.max(1, size.height - 2 - heatHeight)};
}

function HostsView({data, size, theme, state}: ViewProps): ReactElement {
	const rows = selected(hostsSpec, data, state);
	const sortColumn = columns.find((column) => column.sortIndex === state.sort.column) ?? columns[2];
	const glyph = (sortColumn?.natural === 'desc') !== state.sort.descending ? theme.sortDescending : theme.sortAscending;
	// The footer legend has no room for `v` at 80 columns, so the heading says it (as it says "/ filter").
	const all = hostsWithIdle(data);
	const idle = all.length - data.hosts.length;
	const note = `${listNote(state.cursor.row, rows.length, all.length, HOST_SORT_COLUMNS[state.sort.column] ?? 'seat-hours', glyph, state.filter, markCount(hostsSpec, data, state))}${idle > 0 ? ` · ${formatInt(idle)} idle` : ''} · v heatmap`;
	const lines: Line[] = [heading('Hosts', note)];
	const {heatRows, page} = hostsLayout(rows.length, size, state);
	const window = windowRows(rows.length, state.cursor.row, state.cursor.scroll, page);
	const visible = rows.slice(window.start, window.end);
	if (rows.length === 0) {
		lines.push([seg(state.filter.trim() === '' ? '  no host has a session in this range' : `  no host matches "${clean(state.filter)}"`, {tone: 'muted'})]);
	} else {
		lines.push(
			...tableLines({
				columns,
				rows: visible.map((row) => hostsSpec.cells(row, data)),
				cursor: window.cursor - window.start,
				sort: state.sort,
				measure: [widestCells(hostsSpec, data, rows)],
				width: size.width,
				theme,
				highlight: (index) => visible[index]?.occupant !== null,
				marked: markedRows(hostsSpec, data, state, window.start),
			}),
		);
	}

	if (heatRows > 0) {
		const top = rows.slice(0, heatRows);
		lines.push([]);
		lines.push(heading('Seat-hours by hour', `first ${heatRows} hosts of the list`));
		const grid = heatGridLines({labels: top.map((row) => clean(row.host)), grid: data.hostHours(top.map((row) => row.host)), width: size.width, theme, maxLabel: 14});
		lines.push(...grid.lines.slice(0, heatRows + 1), heatLegend(grid.max, theme, 'seat-hours'));
	}

	return <Lines lines={lines} width={size.width} height={size.height} theme={theme} />;
}

/** Hosts descriptor: list cursor, sortable, filter on host; Enter → host. */
export const hostsView: ViewDescriptor = {
	id: 'hosts',
	title: 'Hosts',
	minSize: {width: 40, height: 6},
	cursorKind: 'list',
	needsEveryHost: true,
	supports: {filter: true, metric: false, drill: true, panel: 'heatmap'},
	sortColumns: HOST_SORT_COLUMNS,
	...listFunctions(hostsSpec),
	page: (data, state, size) => hostsLayout(selected(hostsSpec, data, state).length, size, state).page,
	Component: HostsView,
};
