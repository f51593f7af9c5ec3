/**
 * A labelled sparkline row: `Mon› ▁▂▅█▇▃▁  11.9`. 24 hourly values stretch by whole glyphs per hour
 * when there is room and resample down when not — never wider than the width, never wrapping.
 */
import {readableNumber} from '../../core/ui/format.js';
import {sparkline} from '../../core/ui/sparkline.js';
import {fit, textWidth} from '../../core/ui/text.js';
import type {Theme} from '../view-contract.js';
import {seg, type Line, type Tone} from './view-lines.js';

/** Glyphs of `values` in `width` cells: whole repeats per value when it fits, resampled otherwise. */
export function fittedSparkline(values: readonly number[], width: number, theme: Theme, max?: number): string {
	if (width <= 0 || values.length === 0) return '';
	const repeat = Math.floor(width / values.length);
	if (repeat >= 1) {
		return sparkline(values, values.length, {glyphs: theme.sparkGlyphs, max})
			.split('')
			.map((glyph) => glyph.repeat(repeat))
			.join('');
	}

	return sparkline(values, width, {glyphs: theme.sparkGlyphs, max});
}

/** Inputs of `sparklineLine`. */
export type SparklineLineInput = {
	readonly label: string;
	readonly labelWidth: number;
	readonly values: readonly number[];
	readonly width: number;
	readonly theme: Theme;
	/** Shared scale maximum (so rows compare). */
	readonly max?: number;
	/** Text after the sparkline (e.g. a total), right-aligned in `noteWidth`. */
	readonly note?: string;
	readonly noteWidth?: number;
	readonly selected?: boolean;
	readonly pointer?: string;
	readonly tone?: Tone;
};

/** One sparkline row fitted to the width. */
export function sparklineLine(input: SparklineLineInput): Line {
	const noteWidth = input.note === undefined ? 0 : (input.noteWidth ?? 6);
	const pointer = input.selected ? (input.pointer ?? '>') : ' ';
	const room = Math.max(0, input.width - input.labelWidth - 1 - noteWidth);
	const glyphs = fittedSparkline(input.values, room, input.theme, input.max);
	return [
		seg(fit(input.label, input.labelWidth, 'left', input.theme.ellipsis), {bold: input.selected, tone: input.tone}),
		seg(pointer),
		seg(glyphs + ' '.repeat(Math.max(0, room - textWidth(glyphs))), {tone: input.tone ?? 'accent', inverse: false}),
		seg(noteWidth > 0 ? fit(input.note ?? '', noteWidth, 'right') : ''),
	];
}

/** A total for a note column, as readable as `width - 1` allows ("1,588", "598.4", "12k"). */
export function noteNumber(value: number, width: number): string {
	return readableNumber(value, width - 1, 1000);
}
