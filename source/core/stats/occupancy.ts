/**
 * Occupancy helpers shared by the drill-downs: spreading an interval over the hour grid, folding
 * per-piece values into hours / weekdays / periods, and grouping the touching rows by a key.
 */
import type {EpochMs} from '../model.js';
import {HOUR} from '../time.js';
import {pieceAt, type HourGrid} from './ranges.js';
import type {SessionScan} from './session-scan.js';

/** Adds the milliseconds of [begin, end) to the pieces it overlaps. */
export function spreadOverPieces(grid: HourGrid, pieceMs: Float64Array, begin: EpochMs, end: EpochMs): void {
	if (end <= begin || grid.size === 0) return;
	const bounds = grid.bounds;
	for (let p = pieceAt(grid, begin); p < grid.size; p++) {
		const pieceBegin = bounds[p] ?? 0;
		const pieceEnd = bounds[p + 1] ?? 0;
		const overlapBegin = begin > pieceBegin ? begin : pieceBegin;
		const overlapEnd = end < pieceEnd ? end : pieceEnd;
		if (overlapEnd > overlapBegin) pieceMs[p] = (pieceMs[p] ?? 0) + (overlapEnd - overlapBegin);
		if (pieceEnd >= end) break;
	}
}

/** Sums per-piece values into `size` buckets chosen by `bucketOf` (hour, weekday, day, week or month index). */
export function foldPieces(
	pieceValues: Float64Array,
	bucketOf: Uint8Array | Int32Array,
	size: number,
	scale = 1,
): number[] {
	const sums = new Float64Array(size);
	for (let p = 0; p < pieceValues.length; p++) {
		const bucket = bucketOf[p] ?? 0;
		sums[bucket] = (sums[bucket] ?? 0) + (pieceValues[p] ?? 0);
	}

	return Array.from(sums, (value) => value / scale);
}

/** Per-piece values folded into a 7 × 24 weekday × hour grid (Monday first). */
export function foldWeekdayHour(grid: HourGrid, pieceValues: Float64Array, scale = 1): number[][] {
	const sums = new Float64Array(7 * 24);
	for (let p = 0; p < grid.size; p++) {
		const slot = (grid.weekday[p] ?? 0) * 24 + (grid.hour[p] ?? 0);
		sums[slot] = (sums[slot] ?? 0) + (pieceValues[p] ?? 0);
	}

	return Array.from({length: 7}, (_, weekday) =>
		Array.from(sums.subarray(weekday * 24, weekday * 24 + 24), (value) => value / scale),
	);
}

/** Milliseconds to hours. */
export function hours(ms: number): number {
	return ms / HOUR;
}

/** The scan's touching rows grouped by a key column (counting sort; begin order kept inside each group). */
export function groupTouching(
	scan: SessionScan,
	keyColumn: Int32Array,
	keyCount: number,
): {offsets: Int32Array; rows: Int32Array} {
	const offsets = new Int32Array(keyCount + 1);
	for (let k = 0; k < scan.touchingCount; k++) {
		const key = keyColumn[scan.touching[k] ?? 0] ?? -1;
		if (key >= 0) offsets[key + 1] = (offsets[key + 1] ?? 0) + 1;
	}

	for (let key = 0; key < keyCount; key++) offsets[key + 1] = (offsets[key + 1] ?? 0) + (offsets[key] ?? 0);
	const fill = offsets.slice(0, keyCount);
	const rows = new Int32Array(offsets[keyCount] ?? 0);
	for (let k = 0; k < scan.touchingCount; k++) {
		const row = scan.touching[k] ?? 0;
		const key = keyColumn[row] ?? -1;
		if (key < 0) continue;
		const slot = fill[key] ?? 0;
		rows[slot] = row;
		fill[key] = slot + 1;
	}

	return {offsets, rows};
}
