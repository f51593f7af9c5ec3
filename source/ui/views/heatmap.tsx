/**
 * Heatmap: weekday × hour in the campus zone. Metric `occupancy` = mean concurrent seats
 * (summary.sessions.weekdayHour.meanConcurrent), `starts` = sessions begun. Cursor over the 7×24
 * cells; Enter opens the slot's sessions.
 *
 * Heatmap  mean occupied seats · 14d (9 Nov–22 Nov) · m: switch metric
 *     00 01 02 03 04 05 06 07 08 09 10 11 12 13 14 15 16 17 18 19 20 21 22 23   Σ
 * ›Mon                            ░░░▒▒▒[█]▓▓▓░░░                               2.1
 *  Tue                               ░░░▓▓▓███▒▒▒                               1.8
 *  …
 *  Σ                              .3 1.1 1.6 2.4 …
 * scale [ ]0  [░]≤.4  [▒]≤.8  [▓]≤1.2  [█]≤1.6  mean seats
 * Mon 09:00 — 1.6 seats on average · Mon Σ 2.1 · 09:00 Σ 3.4 · Enter: sessions of this slot
 */
import React, {type ReactElement} from 'react';
import {WEEKDAYS, formatHour, formatNumber} from '../../core/ui/format.js';
import {weekdayOccurrences} from '../../core/ui/weekday-occurrences.js';
import {heatGridLines, heatLegend, sigmaNote} from '../components/heat-grid.js';
import {Lines, heading, seg, type Line} from '../components/view-lines.js';
import type {DashboardData, Metric, ViewDescriptor, ViewProps, ViewState} from '../view-contract.js';
import {clean, noMatches} from './common.js';

/** Two-letter weekdays (as cal(1) prints them), when they buy the Σ column a readable width. */
const WEEKDAY_INITIALS = ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su'] as const;

const perOccurrence = new WeakMap<readonly (readonly number[])[], number[][]>();

/**
 * The 7 × 24 grid of a metric, per occurrence of each weekday: mean occupied seats already are;
 * session starts are divided by how many of that weekday the range holds (up to now).
 */
export function weekdayHourGrid(data: DashboardData, metric: Metric): number[][] {
	const {weekdayHour} = data.summary.sessions;
	if (metric !== 'starts') return weekdayHour.meanConcurrent;
	const cached = perOccurrence.get(weekdayHour.starts);
	if (cached) return cached;
	const counts = weekdayOccurrences(data.from, Math.min(data.to, Math.max(data.from + 1, data.now)), data.timeZone);
	const grid = weekdayHour.starts.map((values, weekday) => values.map((value) => value / Math.max(1, counts[weekday] ?? 0)));
	perOccurrence.set(weekdayHour.starts, grid);
	return grid;
}

/** A cell's value as a sentence. */
export function describeCell(metric: Metric, value: number, weekday = ''): string {
	return metric === 'starts' ? `${formatNumber(value, 1)} sessions started on an average ${weekday || 'day'}` : `${formatNumber(value, 1)} seats on average`;
}

function HeatmapView({data, size, theme, state}: ViewProps): ReactElement {
	const grid = weekdayHourGrid(data, state.metric);
	const row = Math.min(6, Math.max(0, state.cursor.row));
	const col = Math.min(23, Math.max(0, state.cursor.col));
	const metricName = state.metric === 'starts' ? 'sessions started per weekday (mean of its days)' : 'mean occupied seats';
	const lines: Line[] = [heading('Heatmap', `${metricName} · ${clean(data.rangeLabel)} · m: switch metric`)];
	const result = heatGridLines({labels: [...WEEKDAYS], shortLabels: WEEKDAY_INITIALS, grid, width: size.width, theme, cursor: {row, col}});
	lines.push(...result.lines);
	const unit = state.metric === 'starts' ? 'sessions per day' : 'mean seats';
	lines.push(heatLegend(result.max, theme, unit));
	lines.push([seg(sigmaNote(theme, unit, result.totalsScale), {tone: 'muted'})]);
	const value = grid[row]?.[col] ?? 0;
	const rowTotal = (grid[row] ?? []).reduce((sum, v) => sum + v, 0);
	const colTotal = grid.reduce((sum, values) => sum + (values[col] ?? 0), 0);
	const digits = 1;
	const dash = theme.ascii ? '-' : '—';
	const sigma = theme.ascii ? 'sum' : 'Σ';
	lines.push([
		seg(`${WEEKDAYS[row] ?? '?'} ${formatHour(col)} ${dash} ${describeCell(state.metric, value, WEEKDAYS[row])}`, {bold: true}),
		seg(` · ${WEEKDAYS[row] ?? '?'} ${sigma} ${formatNumber(rowTotal, digits)} · ${formatHour(col)} ${sigma} ${formatNumber(colTotal, digits)}`, {tone: 'muted'}),
	]);
	lines.push([seg('Enter: sessions of this slot', {tone: 'muted'})]);
	return <Lines lines={lines} width={size.width} height={size.height} theme={theme} />;
}

/** Heatmap descriptor: grid cursor 7 × 24; Enter → slot. */
export const heatmapView: ViewDescriptor = {
	id: 'heatmap',
	title: 'Heatmap',
	minSize: {width: 60, height: 13},
	cursorKind: 'grid',
	supports: {filter: false, metric: true, drill: true},
	sortColumns: [],
	extent: () => ({rows: 7, cols: 24}),
	drill(_data: DashboardData, state: ViewState) {
		// The slot follows the metric on screen: "N sessions started" opens those N sessions.
		const started = state.metric === 'starts';
		return {view: 'slot', params: {weekday: Math.min(6, Math.max(0, state.cursor.row)), hour: Math.min(23, Math.max(0, state.cursor.col)), ...(started ? {started} : {})}};
	},
	matches: noMatches,
	table(data, state) {
		const grid = weekdayHourGrid(data, state.metric);
		return {
			columns: ['weekday', ...Array.from({length: 24}, (_, hour) => formatHour(hour))],
			rows: grid.map((values, row) => [WEEKDAYS[row] ?? String(row), ...values]),
		};
	},
	Component: HeatmapView,
};
