/**
 * A labelled rows × 24-hour heat grid: glyph ramp (always) and colour ramp (colour mode), hour
 * header, optional row totals and a column-totals line, the cursor cell drawn inverse and, when a
 * cell is 3 wide, bracketed `[▓]` so it shows without colour too. Cell width is chosen to fit:
 * 3, 2 or 1 cells per hour.
 *
 *      00 01 02 03 04 05 06 07 08 09 10 11 12 13 14 15 16 17 18 19 20 21 22 23   Σ
 * Mon›                           ░░░▒▒▒[█]▓▓▓░░░                               2.1
 * Tue                               ░░░▓▓▓███▒▒▒                               1.8
 * Σ   .1 .1          .3 1.1 1.6 2.4 …
 */
import {compactNumber} from '../../core/ui/format.js';
import {gridMax, heatLevel, levelRanges} from '../../core/ui/heat-levels.js';
import {sparkline} from '../../core/ui/sparkline.js';
import {fit, textWidth} from '../../core/ui/text.js';
import {extraGlyphs} from '../theme.js';
import type {Theme} from '../view-contract.js';
import {seg, type Line, type Segment} from './view-lines.js';

/** Inputs of `heatGridLines`. */
export type HeatGridInput = {
	/** Sanitised row labels. */
	readonly labels: readonly string[];
	/** rows × 24 values. */
	readonly grid: readonly (readonly number[])[];
	readonly width: number;
	readonly theme: Theme;
	/** Cursor cell, or null for no cursor. `row` indexes `labels`. */
	readonly cursor?: {readonly row: number; readonly col: number} | null;
	/** Draw row totals on the right and a column-totals line. @default true */
	readonly totals?: boolean;
	/** Widest label (longer ones truncate). @default 12 */
	readonly maxLabel?: number;
	/** Scale maximum. @default the grid's maximum */
	readonly max?: number;
	/** Cell width to use if it fits (3, 2 or 1). @default 3 */
	readonly preferredCell?: number;
};

/** The drawn grid plus the layout the legend needs. */
export type HeatGridResult = {readonly lines: Line[]; readonly max: number; readonly cellWidth: number};

const HOURS = 24;

/** Cell width (3, 2, 1) and total-column width (6, 4 or none) that fit, widest cells first. */
export function chooseLayout(width: number, labelWidth: number, totals: boolean, preferred: number): {cell: number; totalWidth: number} {
	for (let cell = Math.min(3, preferred); cell >= 1; cell--) {
		for (const totalWidth of totals ? [6, 4] : [0]) if (labelWidth + HOURS * cell + totalWidth <= width) return {cell, totalWidth};
	}

	return {cell: 1, totalWidth: 0};
}

/** Header of hour labels for a cell width (every hour at 3, every 2nd at 2, every 3rd at 1). */
export function hourHeader(cellWidth: number): string {
	const step = cellWidth >= 3 ? 1 : cellWidth === 2 ? 2 : 3;
	const chars = Array.from({length: HOURS * cellWidth}, () => ' ');
	for (let hour = 0; hour < HOURS; hour += step) {
		const text = cellWidth >= 2 ? String(hour).padStart(2, '0') : String(hour);
		const at = hour * cellWidth;
		for (let i = 0; i < text.length && at + i < chars.length; i++) chars[at + i] = text[i] ?? ' ';
	}

	return chars.join('');
}

/** Lines of a heat grid fitted to the width. */
export function heatGridLines(input: HeatGridInput): HeatGridResult {
	const {labels, grid, theme} = input;
	const glyphs = extraGlyphs(theme);
	const showTotals = input.totals ?? true;
	const max = input.max ?? gridMax(grid);
	const levels = theme.heatGlyphs.length;
	const labelText = Math.min(input.maxLabel ?? 12, Math.max(1, ...labels.map((text) => textWidth(text))));
	const labelWidth = labelText + 1; // label + pointer ('Tue›')
	const {cell, totalWidth} = chooseLayout(input.width, labelWidth, showTotals, input.preferredCell ?? 3);
	const sigma = theme.ascii ? 'sum' : 'Σ';
	const cursor = input.cursor ?? null;
	const lines: Line[] = [];
	lines.push([seg(' '.repeat(labelWidth)), seg(hourHeader(cell), {tone: 'muted'}), seg(totalWidth > 0 ? fit(sigma, totalWidth, 'right') : '', {tone: 'muted'})]);
	grid.forEach((values, row) => {
		const onRow = cursor !== null && cursor.row === row;
		const line: Segment[] = [seg(fit(labels[row] ?? '', labelText, 'left', theme.ellipsis), {bold: onRow}), seg(onRow ? glyphs.pointer : ' ')];
		for (let hour = 0; hour < HOURS; hour++) {
			const value = values[hour] ?? 0;
			const level = heatLevel(value, max, levels);
			const glyph = theme.heatGlyphs[level] ?? ' ';
			const here = onRow && cursor.col === hour;
			const text = here && cell >= 3 ? `[${glyph.repeat(cell - 2)}]` : glyph.repeat(cell);
			line.push(seg(text, {color: theme.heatColors[level], inverse: here}));
		}

		if (totalWidth > 0) {
			const total = values.reduce((sum, value) => sum + value, 0);
			line.push(seg(fit(compactNumber(total, totalWidth - 1), totalWidth, 'right')));
		}

		lines.push(line);
	});
	if (showTotals) {
		const columns = Array.from({length: HOURS}, (_, hour) => grid.reduce((sum, values) => sum + (values[hour] ?? 0), 0));
		const cells =
			cell >= 3
				? columns.map((value) => fit(value === 0 ? '' : compactNumber(value, cell - 1), cell, 'right')).join('')
				: sparkline(columns, HOURS, {glyphs: theme.sparkGlyphs}).split('').map((glyph) => glyph.repeat(cell)).join('');
		lines.push([seg(fit(sigma, labelWidth)), seg(cells, {tone: 'muted'})]);
	}

	return {lines, max, cellWidth: cell};
}

/** One legend line: each level's glyph and the values it stands for. */
export function heatLegend(max: number, theme: Theme, unit: string): Line {
	const ranges = levelRanges(max, theme.heatGlyphs.length);
	const out: Segment[] = [seg('scale ', {tone: 'muted'})];
	for (const range of ranges) {
		const glyph = theme.heatGlyphs[range.level] ?? ' ';
		const text = range.level === 0 ? '0' : `≤${compactNumber(range.to, 5)}`;
		out.push(seg(`[${glyph}]`, {color: theme.heatColors[range.level]}), seg(`${theme.ascii ? text.replace('≤', '<=') : text}  `));
	}

	out.push(seg(unit, {tone: 'muted'}));
	return out;
}
