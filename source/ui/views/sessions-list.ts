/**
 * The session lists of the drill-down views (host, user, slot, event-user): one spec builder, so
 * each detail view shares columns, filter (login or host substring) and export, and only differs
 * in where its rows come from and what Enter opens.
 */
import type {SessionListItem} from '../../core/stats/types.js';
import {formatDateTime, formatDuration} from '../../core/ui/format.js';
import type {TableColumn} from '../components/table.js';
import type {DashboardData, DrillTarget, ViewState} from '../view-contract.js';
import {clean} from './common.js';
import type {ListSpec} from './list-view.js';

/** Which identity column the list leaves out (the view is already about it). */
export type OmitColumn = 'host' | 'login' | null;

/** Columns of a session list. */
export function sessionColumns(omit: OmitColumn): TableColumn[] {
	const all: Array<TableColumn & {key: string}> = [
		{key: 'begin', title: 'begin', priority: 9, minWidth: 12},
		{key: 'end', title: 'end', priority: 5, minWidth: 12},
		{key: 'dur', title: 'dur', priority: 8, minWidth: 5, align: 'right'},
		{key: 'login', title: 'login', priority: 7, minWidth: 6, maxWidth: 20},
		{key: 'host', title: 'host', priority: 7, minWidth: 6, maxWidth: 20},
	];
	return all.filter((column) => column.key !== omit);
}

/** A session list spec: rows from `rows`, Enter through `drill`. */
export function sessionsSpec(
	rows: (data: DashboardData, state: ViewState) => readonly SessionListItem[],
	omit: OmitColumn,
	drill: (row: SessionListItem) => DrillTarget,
): ListSpec<SessionListItem> {
	return {
		rows,
		filterText: (row) => `${clean(row.login, '')} ${clean(row.host)}`,
		// Newest first, as the engine lists them.
		comparators: [],
		columns: sessionColumns(omit),
		cells(row, data) {
			const cells: Record<string, string> = {
				begin: formatDateTime(row.begin, data.timeZone, data.now),
				end: row.end === null ? 'open' : formatDateTime(row.end, data.timeZone, data.now),
				dur: formatDuration(row.minutes),
				login: clean(row.login, '(unknown)'),
				host: clean(row.host),
			};
			return ['begin', 'end', 'dur', 'login', 'host'].filter((key) => key !== omit).map((key) => cells[key] ?? '');
		},
		exportColumns: ['id', 'login', 'host', 'begin', 'end', 'minutes'],
		exportRow: (row) => [row.id, row.login, row.host, row.begin, row.end, row.minutes],
		drill,
	};
}
