/**
 * Overview: the range's headline numbers beside the previous period's, with the change.
 *
 * Overview  14d (9 Nov–22 Nov) · Europe/Paris
 *                      this period   previous    change
 *   Sessions                    38          7  ▲ 442.9%
 *   Unique users                 8          5   ▲ 60.0%
 *   Seat-hours               114.8       21.8  ▲ 426.6%
 *   …
 * Open now (2): c1r1s1 alice · c2r1s1 bob
 * Anomalies (2): overlong 1 (0 still open) · zero-length 1 · negative 0 · future 0
 *   overlaps: 2 on a host · 0 by a user · max session 24h00
 */
import React, {type ReactElement} from 'react';
import type {Summary} from '../../core/stats/types.js';
import {formatChange, formatDuration, formatInt, formatNumber, percentChange} from '../../core/ui/format.js';
import {fit, fitItems, textWidth} from '../../core/ui/text.js';
import {Lines, heading, seg, type Line} from '../components/view-lines.js';
import {extraGlyphs} from '../theme.js';
import type {DashboardData, Theme, ViewDescriptor, ViewProps} from '../view-contract.js';
import {clean, noDrill, noMatches} from './common.js';

/** One headline figure: its value in a summary and how it prints. */
type Figure = {
	readonly label: string;
	readonly value: (summary: Summary) => number | null;
	readonly format: (value: number | null) => string;
};

const int = (value: number | null) => (value === null ? 'n/a' : formatInt(value));
const minutes = (value: number | null) => formatDuration(value);

/** Total anomalies of a summary (overlong + zero-length + negative + future). */
export function anomalyTotal(summary: Summary): number {
	const {counts} = summary.anomalies;
	return counts.overlong + counts.zeroLength + counts.negative + counts.future;
}

/** The overview's figures, in display order. */
export const FIGURES: readonly Figure[] = [
	{label: 'Sessions', value: (s) => s.sessions.total, format: int},
	{label: 'Unique users', value: (s) => s.sessions.uniqueUsers, format: int},
	{label: 'Unique hosts', value: (s) => s.sessions.uniqueHosts, format: int},
	{label: 'Seat-hours', value: (s) => s.sessions.seatHours, format: (v) => formatNumber(v, 1)},
	{label: 'Mean session', value: (s) => s.sessions.meanSessionMinutes, format: minutes},
	{label: 'Median session', value: (s) => s.sessions.medianSessionMinutes, format: minutes},
	{label: 'Events', value: (s) => s.events.total, format: int},
	{label: 'Open now', value: (s) => s.sessions.open, format: int},
	{label: 'Anomalies found', value: anomalyTotal, format: int},
];

function overviewLines(data: DashboardData, width: number, height: number, theme: Theme): Line[] {
	const glyphs = extraGlyphs(theme);
	const {summary, previous} = data;
	const lines: Line[] = [heading('Overview', `${clean(data.rangeLabel)} · ${clean(data.timeZone)}`)];
	const labelWidth = 17;
	const valueWidth = 12;
	lines.push([seg(`${' '.repeat(labelWidth)}${fit('this period', valueWidth, 'right')}${fit('previous', valueWidth, 'right')}${fit('change', 11, 'right')}`, {tone: 'muted'})]);
	for (const figure of FIGURES) {
		const current = figure.value(summary);
		const before = previous === null ? null : figure.value(previous);
		const change = percentChange(current, before);
		const changeText = formatChange(change, {up: glyphs.up, down: glyphs.down});
		const tone = change === null || Math.round(change * 10) === 0 ? 'muted' : change > 0 ? 'ok' : 'warning';
		lines.push([
			seg(fit(`  ${figure.label}`, labelWidth)),
			seg(fit(figure.format(current), valueWidth, 'right'), {bold: true}),
			seg(fit(previous === null ? 'n/a' : figure.format(before), valueWidth, 'right'), {tone: 'muted'}),
			seg(fit(changeText, 11, 'right'), {tone}),
		]);
	}

	lines.push([]);
	const open = data.hosts.filter((row) => row.occupant !== null);
	const openLabel = `Open now (${formatInt(summary.sessions.open)}): `;
	const openList = fitItems(
		open.map((row) => `${clean(row.host)} ${clean(row.occupant)}`),
		width - textWidth(openLabel),
		` ${glyphs.bullet} `,
	);
	lines.push([seg(openLabel, {tone: 'accent', bold: true}), seg(open.length === 0 ? 'none' : openList)]);
	const {counts} = summary.anomalies;
	const total = anomalyTotal(summary);
	lines.push([
		seg(`Anomalies (${formatInt(total)}): `, {tone: total > 0 ? 'danger' : 'ok', bold: true}),
		seg(
			`overlong ${formatInt(counts.overlong)} (${formatInt(counts.overlongOpen)} still open) ${glyphs.bullet} zero-length ${formatInt(counts.zeroLength)} ${glyphs.bullet} negative ${formatInt(counts.negative)} ${glyphs.bullet} future ${formatInt(counts.future)}`,
		),
	]);
	lines.push([
		seg(
			`  overlaps: ${formatInt(summary.anomalies.hostOverlaps)} on a host ${glyphs.bullet} ${formatInt(summary.anomalies.userOverlaps)} by a user ${glyphs.bullet} max session ${formatDuration(summary.anomalies.maxSessionMinutes)}`,
			{tone: 'muted'},
		),
	]);
	if (previous === null) lines.push([seg('  previous period: none for this range (change shows n/a)', {tone: 'muted'})]);
	const extra = height - lines.length;
	if (extra >= 3) {
		// Taller terminals: the busiest hosts and users of the range.
		lines.push([]);
		// As many as the width holds (whole entries), at most 10.
		const busiest = (items: string[], label: string) => fitItems(items, width - textWidth(label), '  ', null);
		const topHosts = busiest(data.hosts.slice(0, 10).map((row) => `${clean(row.host)} ${formatNumber(row.seatHours, 1)}h`), 'Busiest hosts: ');
		const topUsers = busiest(data.users.slice(0, 10).map((row) => `${clean(row.login)} ${formatNumber(row.logtimeHours, 1)}h`), 'Busiest users: ');
		lines.push([seg('Busiest hosts: ', {tone: 'heading'}), seg(topHosts === '' ? 'none' : topHosts)]);
		lines.push([seg('Busiest users: ', {tone: 'heading'}), seg(topUsers === '' ? 'none' : topUsers)]);
	}

	return lines;
}

/** The overview component. */
export function OverviewView({data, size, theme}: ViewProps): ReactElement {
	return <Lines lines={overviewLines(data, size.width, size.height, theme)} width={size.width} height={size.height} theme={theme} />;
}

/** Overview descriptor: no cursor, not sortable; exports the figures. */
export const overviewView: ViewDescriptor = {
	id: 'overview',
	title: 'Overview',
	minSize: {width: 60, height: 15},
	cursorKind: 'none',
	supports: {filter: false, metric: false, drill: false},
	sortColumns: [],
	extent: () => ({rows: 0, cols: 0}),
	drill: noDrill,
	matches: noMatches,
	table(data) {
		return {
			columns: ['figure', 'value', 'previous', 'change %'],
			rows: FIGURES.map((figure) => {
				const current = figure.value(data.summary);
				const before = data.previous === null ? null : figure.value(data.previous);
				const change = percentChange(current, before);
				return [figure.label, current, before, change === null ? null : Math.round(change * 10) / 10];
			}),
		};
	},
	Component: OverviewView,
};
