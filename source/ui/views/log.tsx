/**
 * Event log: the raw events of the range with their metadata, newest first — the UI's face of
 * `GET /events/`. Filterable on every column (user, type, metadata), sortable by time, user or
 * type, paged like every list. Enter opens the event's user.
 *
 * Event log  1/465 · sort time▼ · / filter
 *   time          user     type     metadata
 * › 22 Nov 15:58  alice    login    {"ip":"10.1.2.3"}
 *   22 Nov 15:40  bob      view     {"page":"/projects"}
 */
import React, {type ReactElement} from 'react';
import type {EventTable} from '../../core/model.js';
import {formatDateTime} from '../../core/ui/format.js';
import {by, windowRows} from '../../core/ui/select-visible.js';
import {sortGlyph, tableLines} from '../components/table.js';
import {Lines, heading, seg, type Line} from '../components/view-lines.js';
import type {DashboardData, ViewDescriptor, ViewProps} from '../view-contract.js';
import {clean} from './common.js';
import {listNote} from './hosts.js';
import {columnTable, listFunctions, markCount, markedRows, selected, widestCells, type ListColumn, type ListSpec} from './list-view.js';

/** Sortable columns, default first. */
export const LOG_SORT_COLUMNS = ['time', 'user', 'type'] as const;


/** One event of the log (indexes into the table, resolved once). */
export type LogRow = {readonly id: number; readonly time: number; readonly user: string | null; readonly type: string; readonly metadata: string | null};

const logs = new WeakMap<EventTable, Map<string, readonly LogRow[]>>();

/** The events of [from, min(to, now)) newest first, memoised per (table, bounds). */
export function logRows(data: DashboardData): readonly LogRow[] {
	const table = data.events;
	let byRange = logs.get(table);
	if (!byRange) {
		byRange = new Map();
		logs.set(table, byRange);
	}

	const end = Math.min(data.to, Math.max(data.from, data.now));
	const key = `${data.from}|${end}`;
	const cached = byRange.get(key);
	if (cached) return cached;
	const rows: LogRow[] = [];
	// The table is sorted by time: walk it backwards from the end of the range.
	for (let i = table.size - 1; i >= 0; i--) {
		const time = table.time[i] ?? 0;
		if (time >= end) continue;
		if (time < data.from) break;
		const user = table.user[i] ?? -1;
		const meta = table.meta[i] ?? -1;
		rows.push({
			id: table.id[i] ?? Number.NaN,
			time,
			user: user < 0 ? null : (table.users[user] ?? null),
			type: table.types[table.type[i] ?? 0] ?? '',
			metadata: meta < 0 ? null : (table.metadata[meta] ?? null),
		});
	}

	byRange.set(key, rows);
	return rows;
}

/** The event log table: one entry per column (header, width, cell, sort). */
const logColumns: ReadonlyArray<ListColumn<LogRow>> = [
	{title: 'time', priority: 10, minWidth: 12, cell: (row, data) => formatDateTime(row.time, data.timeZone, data.now), sort: {name: 'time', natural: 'desc', compare: (a, b) => b.time - a.time || b.id - a.id}},
	{title: 'user', priority: 9, minWidth: 6, maxWidth: 20, cell: (row) => clean(row.user, '—'), sort: {name: 'user', natural: 'asc', compare: by.textAsc((row) => row.user ?? '')}},
	{title: 'type', priority: 8, minWidth: 6, maxWidth: 20, cell: (row) => clean(row.type), sort: {name: 'type', natural: 'asc', compare: by.textAsc((row) => row.type)}},
	{title: 'metadata', priority: 3, minWidth: 8, maxWidth: 200, cell: (row) => clean(row.metadata, '')},
];

const logTable = columnTable(logColumns, LOG_SORT_COLUMNS);
const {columns} = logTable;

/** The event log spec. */
export const logSpec: ListSpec<LogRow> = {
	rows: (data) => logRows(data),
	filterText: (row) => `${clean(row.user, '')} ${clean(row.type)} ${clean(row.metadata, '')}`,
	...logTable,
	exportColumns: ['id', 'timestamp', 'user', 'type', 'metadata'],
	exportRow: (row) => [row.id, new Date(row.time).toISOString(), row.user, row.type, row.metadata],
	drill: (row) => (row.user === null ? null : {view: 'event-user', params: {eventUser: row.user}}),
};

function LogView({data, size, theme, state}: ViewProps): ReactElement {
	const rows = selected(logSpec, data, state);
	const sortColumn = columns.find((column) => column.sortIndex === state.sort.column) ?? columns[0];
	const glyph = sortColumn ? sortGlyph(sortColumn, state.sort.descending, theme) : '';
	const lines: Line[] = [heading('Event log', `${listNote(state.cursor.row, rows.length, logRows(data).length, LOG_SORT_COLUMNS[state.sort.column] ?? 'time', glyph, state.filter, markCount(logSpec, data, state))} · Enter: user`)];
	const page = Math.max(1, size.height - 2);
	const window = windowRows(rows.length, state.cursor.row, state.cursor.scroll, page);
	if (rows.length === 0) {
		lines.push([seg(state.filter.trim() === '' ? '  no event in this range' : `  no event matches "${clean(state.filter)}"`, {tone: 'muted'})]);
	} else {
		lines.push(
			...tableLines({
				columns,
				rows: rows.slice(window.start, window.end).map((row) => logSpec.cells(row, data)),
				cursor: window.cursor - window.start,
				sort: state.sort,
				measure: [widestCells(logSpec, data, rows)],
				marked: markedRows(logSpec, data, state, window.start),
				width: size.width,
				theme,
			}),
		);
	}

	return <Lines lines={lines} width={size.width} height={size.height} theme={theme} />;
}

/** Event log descriptor: list cursor over the raw events; Enter → the event's user. */
export const logView: ViewDescriptor = {
	id: 'log',
	title: 'Event log',
	minSize: {width: 50, height: 6},
	cursorKind: 'list',
	supports: {filter: true, metric: false, drill: true},
	sortColumns: LOG_SORT_COLUMNS,
	...listFunctions(logSpec),
	Component: LogView,
};
