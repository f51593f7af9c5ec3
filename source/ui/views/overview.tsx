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
import {formatChange, formatDateTime, formatDuration, formatInt, formatNumber, percentChange} from '../../core/ui/format.js';
import {fit, fitItems, textWidth} from '../../core/ui/text.js';
import {Lines, heading, seg, type Line, type Segment} from '../components/view-lines.js';
import {extraGlyphs} from '../theme.js';
import type {DashboardData, DrillTarget, Theme, ViewDescriptor, ViewProps} from '../view-contract.js';
import {clean, noMatches} from './common.js';

/** One headline figure: its value in a summary and how it prints. */
type Figure = {
	readonly label: string;
	readonly value: (summary: Summary) => number | null;
	readonly format: (value: number | null) => string;
	/** False for a figure of an instant (open now): a previous period has no such value. @default true */
	readonly comparable?: boolean;
	/** Which way is good news: the change is coloured by meaning, not by direction. @default 'neutral' */
	readonly better?: 'up' | 'down' | 'neutral';
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
	{label: 'Sessions', value: (s) => s.sessions.total, format: int, better: 'up'},
	{label: 'Unique users', value: (s) => s.sessions.uniqueUsers, format: int, better: 'up'},
	{label: 'Unique hosts', value: (s) => s.sessions.uniqueHosts, format: int, better: 'up'},
	{label: 'Seat-hours', value: (s) => s.sessions.seatHours, format: (v) => formatNumber(v, 1), better: 'up'},
	{label: 'Mean session', value: (s) => s.sessions.meanSessionMinutes, format: minutes},
	{label: 'Median session', value: (s) => s.sessions.medianSessionMinutes, format: minutes},
	{label: 'Events', value: (s) => s.events.total, format: int, better: 'up'},
	{label: 'Open now', value: (s) => s.sessions.open, format: int, comparable: false},
	{label: 'Anomalies found', value: anomalyTotal, format: int, better: 'down'},
];

/** The tone of a change: muted when flat or unknown; ok / warning by what the figure counts. */
export function changeTone(figure: Figure, change: number | null): 'muted' | 'ok' | 'warning' | undefined {
	if (change === null || Math.round(change * 10) === 0) return 'muted';
	const better = figure.better ?? 'neutral';
	if (better === 'neutral') return undefined;
	return (change > 0) === (better === 'up') ? 'ok' : 'warning';
}

/** Why the previous period shows n/a, or what it is compared up to; null when there is nothing to say. */
export function comparisonNote(data: DashboardData): string | null {
	const {window} = data;
	if (window.previous === null) return 'previous period: none for this range (change shows n/a)';
	if (window.previous.coverage === 'none') return 'previous period: no data (change shows n/a)';
	if (window.previous.coverage === 'partial') return 'previous period: the data covers only part of it (change shows n/a)';
	if (window.partial) return `partial period: compared up to the same point of the previous one (${formatDateTime(window.previous.end, data.timeZone, data.now).trim()})`;
	return null;
}

function overviewLines(data: DashboardData, width: number, height: number, theme: Theme, cursor: number): Line[] {
	const glyphs = extraGlyphs(theme);
	const {summary, previous} = data;
	const partial = data.window.partial;
	const lines: Line[] = [heading('Overview', `${clean(data.rangeLabel)}${partial ? ', so far' : ''} · ${clean(data.timeZone)}`)];
	const labelWidth = 17;
	const valueWidth = 12;
	lines.push([seg(`${' '.repeat(labelWidth)}${fit(partial ? 'so far' : 'this period', valueWidth, 'right')}${fit(partial ? 'prev. same' : 'previous', valueWidth, 'right')}${fit('change', 11, 'right')}`, {tone: 'muted'})]);
	const none = theme.ascii ? '-' : '—';
	for (const figure of FIGURES) {
		const current = figure.value(summary);
		const comparable = figure.comparable !== false;
		const before = previous === null || !comparable ? null : figure.value(previous);
		const change = comparable ? percentChange(current, before) : null;
		const changeText = comparable ? formatChange(change, {up: glyphs.up, down: glyphs.down}) : '';
		lines.push([
			seg(fit(`  ${figure.label}`, labelWidth)),
			seg(fit(figure.format(current), valueWidth, 'right'), {bold: true}),
			seg(fit(!comparable ? none : previous === null ? 'n/a' : figure.format(before), valueWidth, 'right'), {tone: 'muted'}),
			seg(fit(changeText, 11, 'right'), {tone: changeTone(figure, change)}),
		]);
	}

	lines.push([]);
	// The sections below are the overview's list: the cursor picks one, Enter opens it.
	const mark = (row: number): Segment => seg(cursor === row ? `${glyphs.pointer} ` : '  ', {tone: 'accent', bold: true});
	const open = data.hosts.filter((row) => row.occupant !== null);
	const openLabel = `Open now (${formatInt(summary.sessions.open)}): `;
	const openList = fitItems(
		open.map((row) => `${clean(row.host)} ${clean(row.occupant)}`),
		width - textWidth(openLabel) - 2,
		` ${glyphs.bullet} `,
	);
	lines.push([mark(0), seg(openLabel, {tone: 'accent', bold: true}), seg(open.length === 0 ? 'none' : openList)]);
	const {counts} = summary.anomalies;
	const total = anomalyTotal(summary);
	lines.push([
		mark(1),
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
	const note = comparisonNote(data);
	if (note !== null) lines.push([seg(`  ${note}`, {tone: 'muted'})]);
	// The busiest hosts and users: one line each, or on tall terminals two tables side by side
	// (wide) or one under the other, as many rows as the height holds (at most 15).
	const left = height - lines.length;
	const hostItems = data.hosts.slice(0, 15).map((row) => [clean(row.host), `${formatNumber(row.seatHours, 1)} h`] as const);
	const userItems = data.users.slice(0, 15).map((row) => [clean(row.login), `${formatNumber(row.logtimeHours, 1)} h`] as const);
	const sideBySide = width >= 90;
	const tableRows = sideBySide ? left - 3 : Math.floor((left - 4) / 2);
	if (tableRows >= 4) {
		lines.push([]);
		const rows = Math.min(15, tableRows);
		const column = Math.min(40, sideBySide ? Math.floor((width - 8) / 2) : width - 2);
		const table = (items: ReadonlyArray<readonly [string, string]>) =>
			Array.from({length: rows}, (_, index) => {
				const item = items[index];
				return item ? `${fit(`${index + 1}. ${item[0]}`, column - 12)}${fit(item[1], 12, 'right')}` : ' '.repeat(column);
			});
		const hostLines = table(hostItems);
		const userLines = table(userItems);
		const titles = (text: string, row: number) => [mark(row), seg(fit(text, column), {tone: 'heading', bold: true})];
		if (sideBySide) {
			lines.push([...titles('Busiest hosts (seat-hours)', 2), seg('  '), ...titles('Busiest users (logtime)', 3)]);
			for (let index = 0; index < rows; index++) lines.push([seg(`  ${hostLines[index] ?? ''}    ${userLines[index] ?? ''}`)]);
		} else {
			lines.push(titles('Busiest hosts (seat-hours)', 2));
			for (const line of hostLines) lines.push([seg(`  ${line}`)]);
			lines.push(titles('Busiest users (logtime)', 3));
			for (const line of userLines) lines.push([seg(`  ${line}`)]);
		}
	} else {
		if (left >= 3) lines.push([]);
		// As many as the width holds (whole entries), at most 10.
		const busiest = (items: string[], label: string) => fitItems(items, width - textWidth(label) - 2, '  ', null);
		const topHosts = busiest(hostItems.slice(0, 10).map(([name, value]) => `${name} ${value.replace(' ', '')}`), 'Busiest hosts: ');
		const topUsers = busiest(userItems.slice(0, 10).map(([name, value]) => `${name} ${value.replace(' ', '')}`), 'Busiest users: ');
		lines.push([mark(2), seg('Busiest hosts: ', {tone: 'heading'}), seg(topHosts === '' ? 'none' : topHosts)]);
		lines.push([mark(3), seg('Busiest users: ', {tone: 'heading'}), seg(topUsers === '' ? 'none' : topUsers)]);
	}

	return lines;
}

/** What Enter opens from each section of the overview (the cursor's row). */
const SECTIONS: ReadonlyArray<{readonly name: string; readonly target: DrillTarget}> = [
	{name: 'open now', target: {view: 'open', params: {}}},
	{name: 'anomalies', target: {view: 'anomalies', params: {}}},
	{name: 'busiest hosts', target: {view: 'hosts', params: {}}},
	{name: 'busiest users', target: {view: 'users', params: {}}},
];

/** The overview component. */
export function OverviewView({data, size, theme, state}: ViewProps): ReactElement {
	return <Lines lines={overviewLines(data, size.width, size.height, theme, Math.min(SECTIONS.length - 1, Math.max(0, state.cursor.row)))} width={size.width} height={size.height} theme={theme} />;
}

/** Overview descriptor: a cursor over its sections (open now, anomalies, busiest hosts, busiest users); Enter opens the one under it. */
export const overviewView: ViewDescriptor = {
	id: 'overview',
	title: 'Overview',
	minSize: {width: 60, height: 15},
	cursorKind: 'list',
	supports: {filter: false, metric: false, drill: true},
	sortColumns: [],
	extent: () => ({rows: SECTIONS.length, cols: 0}),
	// The four sections are always drawn: the page holds them all.
	page: () => SECTIONS.length,
	drill: (_data, state) => SECTIONS[Math.min(SECTIONS.length - 1, Math.max(0, state.cursor.row))]?.target ?? null,
	matches: noMatches,
	table(data) {
		return {
			columns: ['figure', 'value', 'previous', 'change %'],
			rows: FIGURES.map((figure) => {
				const current = figure.value(data.summary);
				const before = data.previous === null || figure.comparable === false ? null : figure.value(data.previous);
				const change = percentChange(current, before);
				return [figure.label, current, before, change === null ? null : Math.round(change * 10) / 10];
			}),
		};
	},
	Component: OverviewView,
};
