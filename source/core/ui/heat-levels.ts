/**
 * Intensity → heat level index. Level 0 is reserved for "nothing" (exactly zero); every positive
 * value lands on level 1 or above, so sparse activity never disappears.
 */

/** Level of `value` on a 0..max scale with `levels` levels (0 = none, levels - 1 = max). */
export function heatLevel(value: number, max: number, levels: number): number {
	const top = levels - 1;
	if (!(value > 0) || !(max > 0) || top < 1) return 0;
	return Math.min(top, Math.max(1, Math.ceil((value / max) * top)));
}

/** The value range drawn by each level, for a legend. */
export type LevelRange = {readonly level: number; readonly from: number; readonly to: number};

/** Ranges of each level on a 0..max scale: level 0 = [0, 0], level k = ((k-1)/top·max, k/top·max]. */
export function levelRanges(max: number, levels: number): LevelRange[] {
	const top = levels - 1;
	const out: LevelRange[] = [{level: 0, from: 0, to: 0}];
	for (let level = 1; level <= top; level++) {
		out.push({level, from: ((level - 1) / top) * max, to: (level / top) * max});
	}

	return out;
}

/** Largest value of a grid (0 when empty). */
export function gridMax(grid: readonly (readonly number[])[]): number {
	let max = 0;
	for (const row of grid) for (const value of row) if (value > max) max = value;
	return max;
}
