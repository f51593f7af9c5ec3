/**
 * The asciichart wrapper: the only place asciichart is used. Height and width come in; series are
 * interpolated to the plot width; the y labels are squeezed to 5 cells; colours only in colour mode
 * (asciichart writes raw ANSI, so no-colour mode passes none). ASCII mode swaps the box glyphs.
 *
 *   2.5 ┤        ╭─╮
 *   1.2 ┤   ╭────╯ ╰──╮
 *     0 ┼───╯         ╰────
 *       00    06    12    18
 */
import * as asciichart from 'asciichart';
import {compactNumber} from '../../core/ui/format.js';
import {interpolate} from '../../core/ui/sparkline.js';
import {textWidth} from '../../core/ui/text.js';
import type {Theme} from '../view-contract.js';
import {seg, type Line} from './view-lines.js';

/** Cells of the y labels left of the plot (the plot starts one cell after). */
export const CHART_LABEL = 6;
const LABEL = CHART_LABEL;
const ASCII_SYMBOLS: [string, string, string, string, string, string, string, string, string, string] = ['+', '|', '-', '-', '-', '`', '.', '.', "'", '|'];
const ansi: Readonly<Record<string, string>> = {
	cyan: asciichart.cyan,
	yellow: asciichart.yellow,
	magenta: asciichart.magenta,
	green: asciichart.green,
	red: asciichart.red,
	blue: asciichart.blue,
	gray: asciichart.darkgray,
	blueBright: asciichart.lightblue,
};

/** Inputs of `chartLines`. */
export type ChartInput = {
	/** One or more series over the same x axis (e.g. 24 hours). */
	readonly series: readonly (readonly number[])[];
	/** Plot rows (the chart draws height + 1 lines at most). */
	readonly height: number;
	/** Total width including the y labels. */
	readonly width: number;
	readonly theme: Theme;
	/** Ink colour names per series (used in colour mode only). */
	readonly colors?: readonly (string | undefined)[];
	/** x-axis labels: [position in the source series, text]. */
	readonly xLabels?: ReadonlyArray<readonly [number, string]>;
};

/** Chart lines (plain text with ANSI colour in colour mode) fitted to the width. */
export function chartLines(input: ChartInput): Line[] {
	const {theme} = input;
	const points = Math.max(2, input.width - LABEL - 1);
	const series = input.series.map((values) => interpolate(values, points));
	if (series.length === 0 || input.height < 1) return [];
	const max = Math.max(0, ...series.flat());
	const plot = asciichart.plot(series, {
		height: Math.max(1, input.height - 1),
		min: 0,
		max: max > 0 ? max : 1,
		// asciichart puts the whole label in one cell at index 0 and the axis at offset - 1.
		offset: 2,
		format: (value: number) => compactNumber(Math.round(value * 10) / 10, LABEL - 1).padStart(LABEL),
		symbols: theme.ascii ? ASCII_SYMBOLS : undefined,
		colors: theme.color ? series.map((_, index) => ansi[input.colors?.[index] ?? ''] ?? undefined) : undefined,
	});
	const lines: Line[] = plot.split('\n').map((text) => [seg(text)]);
	if (input.xLabels && input.xLabels.length > 0) {
		const count = input.series[0]?.length ?? 1;
		const chars = Array.from({length: LABEL + 1 + points}, () => ' ');
		for (const [position, text] of input.xLabels) {
			const at = LABEL + 1 + Math.round((position * (points - 1)) / Math.max(1, count - 1));
			const w = textWidth(text);
			if (at + w > chars.length) continue;
			if (chars.slice(Math.max(0, at - 1), at + w).some((char) => char !== ' ')) continue;
			// x labels are ASCII digits: one char per cell.
			for (let i = 0; i < w; i++) chars[at + i] = text[i] ?? ' ';
		}

		lines.push([seg(chars.join('').trimEnd(), {tone: 'muted'})]);
	}

	return lines;
}
