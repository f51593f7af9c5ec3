/**
 * Users: login, logtime, sessions, favourite host, last seen — sortable, filterable on login,
 * windowed to the height. Enter opens the user.
 *
 * Users  8 of 8 · sort logtime▼ · / filter
 *   login       logtime▼ sess favourite host  last seen
 * › frank          27.0     2 c2r1s2          20 Nov 13:00
 *   alice          22.3     6 c1r1s1          22 Nov 16:00
 *   …
 */
import React, {type ReactElement} from 'react';
import type {UserRow} from '../../core/stats/types.js';
import {formatDateTime, formatInt, formatNumber} from '../../core/ui/format.js';
import {by, windowRows} from '../../core/ui/select-visible.js';
import {tableLines} from '../components/table.js';
import {Lines, heading, seg, type Line} from '../components/view-lines.js';
import type {ViewDescriptor, ViewProps} from '../view-contract.js';
import {clean} from './common.js';
import {listNote} from './hosts.js';
import {columnTable, listFunctions, markCount, markedRows, selected, widestCells, type ListColumn, type ListSpec} from './list-view.js';

/** Sortable columns, default first. */
export const USER_SORT_COLUMNS = ['logtime', 'sessions', 'login', 'favourite host', 'last seen'] as const;

/** The users table: one entry per column (header, width, cell, sort). */
const userColumns: ReadonlyArray<ListColumn<UserRow>> = [
	{title: 'login', priority: 10, minWidth: 8, maxWidth: 24, cell: (row) => clean(row.login), sort: {name: 'login', natural: 'asc', compare: by.textAsc((row) => row.login)}},
	{title: 'logtime h', priority: 9, minWidth: 7, align: 'right', cell: (row) => formatNumber(row.logtimeHours, 1), sort: {name: 'logtime', natural: 'desc', compare: by.numberDesc((row) => row.logtimeHours)}},
	{title: 'started', priority: 7, minWidth: 4, align: 'right', cell: (row) => formatInt(row.sessions), sort: {name: 'sessions', natural: 'desc', compare: by.numberDesc((row) => row.sessions)}},
	{title: 'favourite host', priority: 5, minWidth: 8, maxWidth: 24, cell: (row) => clean(row.favouriteHost, '—'), sort: {name: 'favourite host', natural: 'asc', compare: by.textAsc((row) => row.favouriteHost)}},
	{title: 'last seen', priority: 6, minWidth: 12, cell: (row, data) => formatDateTime(row.lastSeen, data.timeZone, data.now), sort: {name: 'last seen', natural: 'desc', compare: by.timeDesc((row) => row.lastSeen)}},
];

const userTable = columnTable(userColumns, USER_SORT_COLUMNS);
const {columns} = userTable;

/** The users list spec. */
export const usersSpec: ListSpec<UserRow> = {
	rows: (data) => data.users,
	// Every text column: the login and the favourite host.
	filterText: (row) => `${clean(row.login)} ${clean(row.favouriteHost, '')}`,
	...userTable,
	exportColumns: ['login', 'logtimeHours', 'sessions', 'favouriteHost', 'lastSeen'],
	exportRow: (row) => [row.login, row.logtimeHours, row.sessions, row.favouriteHost, row.lastSeen],
	drill: (row) => ({view: 'user', params: {login: row.login}}),
};

function UsersView({data, size, theme, state}: ViewProps): ReactElement {
	const rows = selected(usersSpec, data, state);
	const sortColumn = columns.find((column) => column.sortIndex === state.sort.column) ?? columns[1];
	const glyph = (sortColumn?.natural === 'desc') !== state.sort.descending ? theme.sortDescending : theme.sortAscending;
	const lines: Line[] = [heading('Users', listNote(state.cursor.row, rows.length, data.users.length, USER_SORT_COLUMNS[state.sort.column] ?? 'logtime', glyph, state.filter, markCount(usersSpec, data, state)))];
	const page = Math.max(1, size.height - lines.length - 1);
	const window = windowRows(rows.length, state.cursor.row, state.cursor.scroll, page);
	if (rows.length === 0) {
		lines.push([seg(state.filter.trim() === '' ? '  no user has a session in this range' : `  no login matches "${clean(state.filter)}"`, {tone: 'muted'})]);
	} else {
		lines.push(
			...tableLines({
				columns,
				rows: rows.slice(window.start, window.end).map((row) => usersSpec.cells(row, data)),
				cursor: window.cursor - window.start,
				sort: state.sort,
				measure: [widestCells(usersSpec, data, rows)],
				marked: markedRows(usersSpec, data, state, window.start),
				width: size.width,
				theme,
			}),
		);
	}

	return <Lines lines={lines} width={size.width} height={size.height} theme={theme} />;
}

/** Users descriptor: list cursor, sortable, filter on login; Enter → user. */
export const usersView: ViewDescriptor = {
	id: 'users',
	title: 'Users',
	minSize: {width: 40, height: 6},
	cursorKind: 'list',
	supports: {filter: true, metric: false, drill: true},
	sortColumns: USER_SORT_COLUMNS,
	...listFunctions(usersSpec),
	Component: UsersView,
};
