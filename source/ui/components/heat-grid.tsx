/**
 * A labelled rows × 24-hour heat grid: glyph ramp (always) and colour ramp (colour mode), hour
 * header, optional row totals and column totals, the cursor cell drawn inverse and, when a cell
 * is 3 wide, bracketed `[▓]` so it shows without colour too. Cell width is chosen to fit: 3, 2 or
 * 1 cells per hour; short labels ("Mo") are used when they let the Σ column hold 4 characters.
 *
 *     00 01 02 03 04 05 06 07 08 09 10 11 12 13 14 15 16 17 18 19 20 21 22 23    Σ
 * Mo›                           ░░░▒▒▒[█]▓▓▓░░░                              3244
 * Tu                               ░░░▓▓▓███▒▒▒                              1,588 (at ≥ 81 columns)
 * Σ   .1 .1          .3 1.1 1.6 2.4 …          (one line; values in a common scale ×10, ×100 …
 *                                                 when they would not fit, said in the legend)
 */
import {compactNumber, readableNumber} from '../../core/ui/format.js';
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
	/** Shorter labels (same order), used when the full ones leave the Σ column under 5 cells. */
	readonly shortLabels?: readonly string[];
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
export type HeatGridResult = {readonly lines: Line[]; readonly max: number; readonly cellWidth: number; /** Scale of the Σ line under the grid (1 when exact). */ readonly totalsScale: number};

const HOURS = 24;

/**
 * Cell width (3, 2, 1), total-column width (6, 5, 4 or none) and whether to use the short labels.
 * Widest cells first; at one cell width: full labels with a Σ column wide enough for
 * `totalChars` (+ a space), else short labels with it, else full labels and a cramped Σ column.
 */
export function chooseLayout(
	width: number,
	labelWidth: number,
	totals: boolean,
	preferred: number,
	shortLabelWidth = labelWidth,
	totalChars = 3,
): {cell: number; totalWidth: number; short: boolean} {
	const roomy = [6, 5, 4].filter((totalWidth) => totalWidth >= totalChars + 1);
	const options: Array<[totalWidth: number, short: boolean]> = totals
		? [...roomy.map((w): [number, boolean] => [w, false]), ...roomy.map((w): [number, boolean] => [w, true]), [4, false]]
		: [[0, false]];
	for (let cell = Math.min(3, preferred); cell >= 1; cell--) {
		for (const [totalWidth, short] of options) {
			if (short && shortLabelWidth >= labelWidth) continue;
			if ((short ? shortLabelWidth : labelWidth) + HOURS * cell + totalWidth <= width) return {cell, totalWidth, short};
		}
	}

	return {cell: 1, totalWidth: 0, short: false};
}

/**
 * The column-totals line under a grid of 3-cell hours: one line, every value in a common scale
 * (×1, ×10, ×100 …) chosen so each fits its cell with a space before the next ("62", "1.1", "16"
 * for 1,588 at ×100). The scale goes in the legend's Σ note.
 */
export function columnTotalLines(columns: readonly number[], cell: number, labelWidth: number, sigma: string): {readonly lines: Line[]; readonly scale: number} {
	let scale = 1;
	let texts: string[] = [];
	for (; scale <= 1e9; scale *= 10) {
		texts = columns.map((value) => (value === 0 ? '' : compactNumber(value / scale, cell - 1)));
		// "~0" (a value too small for the scale) is fine; "9+" and "2k" are not.
		if (texts.every((text) => !/[+kMG]$/.test(text))) break;
	}

	return {lines: [[seg(fit(sigma, labelWidth)), seg(texts.map((text) => fit(text, cell, 'right')).join(''), {tone: 'muted'})]], scale};
}

/** The legend's note on the Σ row and column: what they add up, in which unit and scale. */
export function sigmaNote(theme: Theme, unit: string, scale: number): string {
	const sigma = theme.ascii ? 'sum' : 'Σ';
	return `${sigma} = totals in ${unit}${scale === 1 ? '' : `, the ${sigma} row ${theme.ascii ? 'x' : '×'}${readableNumber(scale, 6)}`}`;
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
	const {grid, theme} = input;
	const glyphs = extraGlyphs(theme);
	const showTotals = input.totals ?? true;
	const max = input.max ?? gridMax(grid);
	const levels = theme.heatGlyphs.length;
	const widest = (texts: readonly string[]) => Math.min(input.maxLabel ?? 12, Math.max(1, ...texts.map((text) => textWidth(text))));
	const shortLabels = input.shortLabels && input.shortLabels.length === input.labels.length ? input.shortLabels : input.labels;
	// label + pointer ('Tue›')
	const rowTotals = grid.map((values) => values.reduce((sum, value) => sum + value, 0));
	// Characters the Σ column needs to be readable ("3244", "12", "8.9"): at most 4.
	const totalChars = Math.max(1, ...rowTotals.map((total) => readableNumber(total, 4).length));
	const layout = chooseLayout(input.width, widest(input.labels) + 1, showTotals, input.preferredCell ?? 3, widest(shortLabels) + 1, totalChars);
	const {cell, totalWidth} = layout;
	const labels = layout.short ? shortLabels : input.labels;
	const labelText = widest(labels);
	const labelWidth = labelText + 1;
	const sigma = theme.ascii ? 'sum' : 'Σ';
	const cursor = input.cursor ?? null;
	const lines: Line[] = [];
	let totalsScale = 1;
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
			const total = rowTotals[row] ?? 0;
			// One decimal under 100 when the column has room for it ("22.3", else "22").
			line.push(seg(fit(readableNumber(total, totalWidth - 1, 100), totalWidth, 'right')));
		}

		lines.push(line);
	});
	if (showTotals) {
		const columns = Array.from({length: HOURS}, (_, hour) => grid.reduce((sum, values) => sum + (values[hour] ?? 0), 0));
		if (cell >= 3) {
			const totals = columnTotalLines(columns, cell, labelWidth, sigma);
			lines.push(...totals.lines);
			totalsScale = totals.scale;
		} else {
			// Too narrow for numbers: the shape of the column totals.
			const cells = sparkline(columns, HOURS, {glyphs: theme.sparkGlyphs}).split('').map((glyph) => glyph.repeat(cell)).join('');
			lines.push([seg(fit(sigma, labelWidth)), seg(cells, {tone: 'muted'})]);
		}
	}

	return {lines, max, cellWidth: cell, totalsScale};
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
