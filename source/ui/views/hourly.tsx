/**
 * Hourly: one sparkline per weekday (shared scale, fitted to the width), the weekday and weekend
 * means, and an asciichart line of the selected weekday (cursor row). In colour mode the chart
 * overlays the Mon–Fri and Sat–Sun means as two more coloured series; the sparklines carry the
 * same comparison without colour.
 *
 * Hourly  mean occupied seats by hour · 14d (9 Nov–22 Nov)
 *          00    03    06    09    12    15    18    21                      Σ
 * Mon      ░░                ▃▃██████▂▂▄▄▄▄                             11.9
 * Tue›               ▂▂▅▅▇▇▅▅▄▄▃▃▁▁▁▁▁▁▂▂▁▁                             14.6
 * …
 * Mon–Fri  ▁▁▁▁▁▁  ▂▂▅▅▇▇▅▅▄▄▃▃▁▁▁▁▁▁▂▂▁▁                               9.7
 * Sat–Sun  ▁▁▁▁▁▁  ▁▁▂▂▃▃▃▃▂▂▁▁                                          4.5
 * Tue, mean occupied seats by hour
 *    1.9 ┤        ╭─╮
 *      0 ┼────────╯ ╰──────
 *        00    06    12    18
 */
import React, {type ReactElement} from 'react';
import {WEEKDAYS, formatHour, formatNumber} from '../../core/ui/format.js';
import {gridMax} from '../../core/ui/heat-levels.js';
import {textWidth} from '../../core/ui/text.js';
import {CHART_LABEL, chartLines} from '../components/chart.js';
import {noteNumber, sparklineLine} from '../components/sparkline-line.js';
import {Lines, heading, seg, type Line, type Segment} from '../components/view-lines.js';
import {extraGlyphs} from '../theme.js';
import type {DashboardData, Metric, ViewDescriptor, ViewProps, ViewState} from '../view-contract.js';
import {clean, noMatches} from './common.js';
import {heatmapView, weekdayHourGrid} from './heatmap.js';

/** Per-hour mean of some weekdays' rows. */
export function meanOfDays(grid: readonly (readonly number[])[], days: readonly number[]): number[] {
	return Array.from({length: 24}, (_, hour) => days.reduce((sum, day) => sum + (grid[day]?.[hour] ?? 0), 0) / Math.max(1, days.length));
}

const WEEKDAY_ROWS = [0, 1, 2, 3, 4];
const WEEKEND_ROWS = [5, 6];

function metricLabel(metric: Metric): string {
	return metric === 'starts' ? 'sessions started by hour (an average day)' : 'mean occupied seats by hour';
}

function HourlyView({data, size, theme, state}: ViewProps): ReactElement {
	const glyphs = extraGlyphs(theme);
	const grid = weekdayHourGrid(data, state.metric);
	const max = gridMax(grid);
	const selected = Math.min(6, Math.max(0, state.cursor.row));
	const hour = Math.min(23, Math.max(0, state.cursor.col));
	const labelWidth = 11;
	const noteWidth = 6;
	const weekday = meanOfDays(grid, WEEKDAY_ROWS);
	const weekend = meanOfDays(grid, WEEKEND_ROWS);
	const lines: Line[] = [heading('Hourly', `${metricLabel(state.metric)} · ${clean(data.rangeLabel)}`)];
	// Hour axis over the sparklines: a label every 3 hours at its first glyph.
	const room = Math.max(0, size.width - labelWidth - 1 - noteWidth);
	const perHour = Math.floor(room / 24);
	if (perHour >= 1) {
		const step = perHour >= 3 ? 1 : perHour === 2 ? 2 : 3;
		let axis = '';
		for (let hour = 0; hour < 24; hour += step) axis += String(hour).padStart(2, '0').padEnd(perHour * step, ' ');
		lines.push([seg(' '.repeat(labelWidth + 1)), seg(axis.slice(0, 24 * perHour).padEnd(room), {tone: 'muted'}), seg((theme.ascii ? 'sum' : 'Σ').padStart(noteWidth), {tone: 'muted'})]);
	}

	const digits = 1;
	grid.forEach((values, day) => {
		const total = values.reduce((sum, value) => sum + value, 0);
		lines.push(
			sparklineLine({
				label: `${WEEKDAYS[day] ?? '?'}${day === selected ? glyphs.pointer : ''}`,
				labelWidth,
				values,
				width: size.width,
				theme,
				max,
				note: noteNumber(total, noteWidth),
				noteWidth,
				selected: day === selected,
				pointer: ' ',
			}),
		);
	});
	const dash = theme.ascii ? '-' : '–';
	// These two rows are means of their days (their Σ is an average day's), and say so.
	for (const [label, values] of [[`Mon${dash}Fri avg`, weekday], [`Sat${dash}Sun avg`, weekend]] as const) {
		lines.push(
			sparklineLine({label, labelWidth, values, width: size.width, theme, max, note: noteNumber(values.reduce((a, b) => a + b, 0), noteWidth), noteWidth, tone: 'muted'}),
		);
	}

	const peak = (grid[selected] ?? []).reduce((best, value, hour, all) => (value > (all[best] ?? 0) ? hour : best), 0);
	const peakValue = grid[selected]?.[peak] ?? 0;
	const atCursor = grid[selected]?.[hour] ?? 0;
	// The cursor's hour first: any hour's value can be read (←/→), then the day's peak.
	const peakText = ` · ${formatHour(hour)} ${formatNumber(atCursor, digits)}${peakValue > 0 ? ` · peak ${formatHour(peak)} (${formatNumber(peakValue, digits)})` : ' · no activity'}`;
	const dayWithMetric = `${WEEKDAYS[selected] ?? '?'}, ${metricLabel(state.metric)}`;
	// In colour the chart overlays the Mon–Fri and Sat–Sun means: their key matters more than
	// repeating the metric (the view's title says it), so the title shortens before the key goes.
	const keys = theme.color
		? [` · overlay: Mon${dash}Fri mean (yellow), Sat${dash}Sun mean (magenta)`, ` · Mon${dash}Fri yellow, Sat${dash}Sun magenta`]
		: [];
	const candidates = [
		...keys.map((key) => [dayWithMetric, key] as const),
		...keys.slice(1).map((key) => [WEEKDAYS[selected] ?? '?', key] as const),
		[dayWithMetric, ''] as const,
	];
	const [head, key] = candidates.find(([first, overlay]) => textWidth(first + peakText + overlay) <= size.width) ?? [dayWithMetric, ''];
	const chartTitle: Segment[] = [seg(head, {tone: 'heading', bold: true}), seg(peakText, {tone: 'muted'})];
	if (key) chartTitle.push(seg(key, {tone: 'muted'}));

	lines.push(chartTitle);
	// The x labels and the caret under the cursor's hour take a line each.
	const chartHeight = Math.min(14, size.height - lines.length - 2);
	if (chartHeight >= 2) {
		const series = theme.color ? [grid[selected] ?? [], weekday, weekend] : [grid[selected] ?? []];
		lines.push(
			...chartLines({
				series,
				height: chartHeight,
				width: size.width,
				theme,
				colors: ['cyan', 'yellow', 'magenta'],
				xLabels: [0, 3, 6, 9, 12, 15, 18, 21, 23].map((at) => [at, String(at).padStart(2, '0')] as const),
			}),
		);
		// A caret under the cursor's hour, where the chart draws it.
		const points = Math.max(2, size.width - CHART_LABEL - 1);
		const at = CHART_LABEL + 1 + Math.round((hour * (points - 1)) / 23);
		if (lines.length < size.height) lines.push([seg(' '.repeat(at)), seg(theme.ascii ? '^' : '▲', {tone: 'accent', bold: true}), seg(` ${formatHour(hour)}`, {tone: 'accent'})]);
	}

	return <Lines lines={lines} width={size.width} height={size.height} theme={theme} />;
}

/** Hourly descriptor: grid cursor, weekday (↑↓) × hour (←→); Enter opens that slot, as the heatmap. */
export const hourlyView: ViewDescriptor = {
	id: 'hourly',
	title: 'Hourly',
	minSize: {width: 40, height: 12},
	cursorKind: 'grid',
	supports: {filter: false, metric: true, drill: true},
	sortColumns: [],
	extent: () => ({rows: 7, cols: 24}),
	drill: (data, state) => heatmapView.drill(data, state),
	matches: noMatches,
	table(data: DashboardData, state: ViewState) {
		const grid = weekdayHourGrid(data, state.metric);
		const rows = [...grid.map((values, day) => [WEEKDAYS[day] ?? String(day), ...values]), ['Mon-Fri avg', ...meanOfDays(grid, WEEKDAY_ROWS)], ['Sat-Sun avg', ...meanOfDays(grid, WEEKEND_ROWS)]];
		return {columns: ['day', ...Array.from({length: 24}, (_, hour) => `${String(hour).padStart(2, '0')}:00`)], rows};
	},
	Component: HourlyView,
};
