/**
 * Anomalies (from the overview): the sessions the statistics set aside — overlong, zero-length,
 * negative (end before begin), in the future — newest first, each with its kind. Enter opens the host.
 */
import React, {type ReactElement} from 'react';
import type {SessionListItem} from '../../core/stats/types.js';
import {formatInt} from '../../core/ui/format.js';
import {windowRows} from '../../core/ui/select-visible.js';
import {tableLines, type TableColumn} from '../components/table.js';
import {Lines, heading, seg, type Line} from '../components/view-lines.js';
import type {DashboardData, ViewDescriptor, ViewProps} from '../view-contract.js';
import {clean} from './common.js';
import {listFunctions, markedRows, selected, type ListSpec} from './list-view.js';
import {sessionColumns, sessionsSpec} from './sessions-list.js';

/** An anomalous session and what is wrong with it. */
export type AnomalyRow = SessionListItem & {readonly kind: 'overlong' | 'zero-length' | 'negative' | 'future'};

const lists = new WeakMap<object, readonly AnomalyRow[]>();

/** Every listed anomaly of the range, newest first. */
export function anomalyRows(data: DashboardData): readonly AnomalyRow[] {
	const {anomalies} = data.summary;
	const cached = lists.get(anomalies);
	if (cached) return cached;
	const rows: AnomalyRow[] = [
		...anomalies.overlong.map((row) => ({...row, kind: 'overlong' as const})),
		...anomalies.zeroLength.map((row) => ({...row, kind: 'zero-length' as const})),
		...anomalies.negative.map((row) => ({...row, kind: 'negative' as const})),
		...anomalies.future.map((row) => ({...row, kind: 'future' as const})),
	].sort((a, b) => Date.parse(b.begin) - Date.parse(a.begin));
	lists.set(anomalies, rows);
	return rows;
}

const base = sessionsSpec(() => [], null, (row) => ({view: 'host', params: {host: row.host}}));
const columns: readonly TableColumn[] = [{title: 'kind', priority: 10, minWidth: 8, maxWidth: 11}, ...sessionColumns(null)];

export const anomaliesSpec: ListSpec<AnomalyRow> = {
	rows: (data) => anomalyRows(data),
	filterText: (row) => `${row.kind} ${clean(row.login, '')} ${clean(row.host)}`,
	comparators: [],
	columns,
	cells: (row, data) => [row.kind, ...base.cells(row, data)],
	exportColumns: ['kind', ...base.exportColumns],
	exportRow: (row) => [row.kind, ...base.exportRow(row)],
	drill: (row) => ({view: 'host', params: {host: row.host}}),
};

function AnomaliesView({data, size, theme, state}: ViewProps): ReactElement {
	const {counts} = data.summary.anomalies;
	const rows = selected(anomaliesSpec, data, state);
	const at = `${formatInt(rows.length === 0 ? 0 : Math.min(rows.length, state.cursor.row + 1))}/${formatInt(rows.length)}`;
	const lines: Line[] = [
		heading('Anomalies', `${at} · overlong ${formatInt(counts.overlong)} · zero-length ${formatInt(counts.zeroLength)} · negative ${formatInt(counts.negative)} · future ${formatInt(counts.future)} · Enter: host`),
	];
	const page = Math.max(1, size.height - 2);
	const window = windowRows(rows.length, state.cursor.row, state.cursor.scroll, page);
	if (rows.length === 0) lines.push([seg('  no anomaly in this range', {tone: 'muted'})]);
	else lines.push(...tableLines({columns, rows: rows.slice(window.start, window.end).map((row) => anomaliesSpec.cells(row, data)), cursor: window.cursor - window.start, width: size.width, theme, marked: markedRows(anomaliesSpec, data, state, window.start)}));
	return <Lines lines={lines} width={size.width} height={size.height} theme={theme} />;
}

/** Anomalies descriptor: list cursor; Enter → host. */
export const anomaliesView: ViewDescriptor = {
	id: 'anomalies',
	title: 'Anomalies',
	minSize: {width: 50, height: 5},
	cursorKind: 'list',
	supports: {filter: true, metric: false, drill: true},
	sortColumns: [],
	...listFunctions(anomaliesSpec),
	Component: AnomaliesView,
};
