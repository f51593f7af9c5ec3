/**
 * Values → a glyph string fitted to a width. Longer series are resampled (bucket means) down to the
 * width, so a line never wraps: an unfitted 24-glyph line at 20 columns would break the layout.
 */

/**
 * Resamples `values` to exactly `width` points: bucket means when shrinking, nearest-sample
 * repetition when stretching. An empty input or width ≤ 0 gives [].
 */
export function resample(values: readonly number[], width: number): number[] {
	const count = values.length;
	const target = Math.max(0, Math.floor(width));
	if (count === 0 || target === 0) return [];
	const out: number[] = [];
	for (let i = 0; i < target; i++) {
		if (count >= target) {
			const start = Math.floor((i * count) / target);
			const end = Math.max(start + 1, Math.floor(((i + 1) * count) / target));
			let sum = 0;
			for (let j = start; j < end; j++) sum += values[j] ?? 0;
			out.push(sum / (end - start));
		} else {
			out.push(values[Math.min(count - 1, Math.floor((i * count) / target))] ?? 0);
		}
	}

	return out;
}

/** Options of `sparkline`. */
export type SparklineOptions = {
	/** Glyphs low → high; the first one is used for zero (and only for zero). */
	readonly glyphs: readonly string[];
	/** Scale maximum. @default the series maximum */
	readonly max?: number;
	/** Stretch a short series to the whole width. @default false */
	readonly stretch?: boolean;
};

/**
 * A sparkline of at most `width` glyphs. Zero maps to the first glyph, any positive value to one of
 * the others (so a small non-zero is never drawn as nothing).
 */
export function sparkline(values: readonly number[], width: number, options: SparklineOptions): string {
	const {glyphs} = options;
	const fitted = values.length > width || options.stretch === true ? resample(values, width) : [...values];
	const max = options.max ?? Math.max(0, ...fitted);
	const top = glyphs.length - 1;
	return fitted
		.map((value) => {
			if (!(value > 0) || !(max > 0) || top < 1) return glyphs[0] ?? ' ';
			const level = Math.min(top, Math.max(1, Math.ceil((value / max) * top)));
			return glyphs[level] ?? ' ';
		})
		.join('');
}

/** Linear interpolation of a series to `width` points (for charts: a smooth stretch, not steps). */
export function interpolate(values: readonly number[], width: number): number[] {
	const count = values.length;
	const target = Math.max(0, Math.floor(width));
	if (count === 0 || target === 0) return [];
	if (count === 1 || target === 1) return Array.from({length: target}, () => values[0] ?? 0);
	const out: number[] = [];
	for (let i = 0; i < target; i++) {
		const position = (i * (count - 1)) / (target - 1);
		const low = Math.floor(position);
		const high = Math.min(count - 1, low + 1);
		const t = position - low;
		out.push((values[low] ?? 0) * (1 - t) + (values[high] ?? 0) * t);
	}

	return out;
}
