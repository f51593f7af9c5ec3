/**
 * Ordering rules shared by every ranked list: count desc, then key asc in byte order (UTF-8 byte
 * order equals Unicode code point order), never locale order. Ties are always kept, never hidden.
 */
import type {KeyCount} from './types.js';

/** Maps a UTF-16 code unit so that plain comparison follows code point order (surrogates sort last). */
function codePointRank(unit: number): number {
	if (unit >= 0xd8_00 && unit <= 0xdf_ff) return unit + 0x20_00;
	if (unit >= 0xe0_00) return unit - 0x8_00;
	return unit;
}

/** Compares two keys in UTF-8 byte order (locale-independent). */
export function compareKeys(a: string, b: string): number {
	const length = Math.min(a.length, b.length);
	for (let i = 0; i < length; i++) {
		const x = a.charCodeAt(i);
		const y = b.charCodeAt(i);
		if (x !== y) return codePointRank(x) - codePointRank(y);
	}

	return a.length - b.length;
}

/** Orders key/count pairs: count desc, then key asc (byte order). */
export function compareKeyCounts(a: KeyCount, b: KeyCount): number {
	return b.count - a.count || compareKeys(a.key, b.key);
}

/**
 * Turns a dictionary and a parallel count array into ranked pairs, leaving out zero counts.
 * `limit` keeps the first rows (after ordering); undefined keeps all.
 */
export function rankCounts(keys: readonly string[], counts: ArrayLike<number>, limit?: number): KeyCount[] {
	const rows: KeyCount[] = [];
	for (let i = 0; i < keys.length; i++) {
		const count = counts[i] ?? 0;
		if (count > 0) rows.push({key: keys[i] ?? '', count});
	}

	rows.sort(compareKeyCounts);
	return limit === undefined ? rows : rows.slice(0, Math.max(0, limit));
}

/** Every key reaching the highest count (key asc), with that count; no keys and 0 when all are 0. */
export function tiedMaximum(ranked: readonly KeyCount[]): {keys: string[]; count: number} {
	const best = ranked[0];
	if (!best || best.count <= 0) return {keys: [], count: 0};
	const keys: string[] = [];
	for (const row of ranked) {
		if (row.count !== best.count) break;
		keys.push(row.key);
	}

	return {keys, count: best.count};
}

/** Indexes of the largest values (index asc on ties), at most `limit`, zeros left out. */
export function topIndexes(values: ArrayLike<number>, limit: number): number[] {
	const indexes: number[] = [];
	for (let i = 0; i < values.length; i++) if ((values[i] ?? 0) > 0) indexes.push(i);
	indexes.sort((a, b) => (values[b] ?? 0) - (values[a] ?? 0) || a - b);
	return indexes.slice(0, Math.max(0, limit));
}
