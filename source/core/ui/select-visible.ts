/**
 * THE selector of list views: filter + sort + window. The view draws from it and the shell bounds
 * the cursor and resolves Enter from it, so the two always agree about the list.
 */

import {naturalCompare} from './host-id.js';

/** How a list is filtered and sorted. */
export type SelectSpec<T> = {
	/** Text the filter matches against (case-insensitive substring); none = not filterable. */
	readonly filterText?: (row: T) => string;
	/** One comparator per sortable column, in its natural direction (numbers high → low, text a → z). */
	readonly comparators: ReadonlyArray<(a: T, b: T) => number>;
};

/** The filter predicate: case-insensitive substring; an empty filter keeps everything. */
export function matchesFilter(text: string, filter: string): boolean {
	const needle = filter.trim().toLowerCase();
	return needle === '' || text.toLowerCase().includes(needle);
}

/**
 * Filtered and sorted rows. `descending: false` is the column's natural direction, `true` its
 * reverse. Stable: ties keep the input order (the engine's documented order).
 */
export function selectRows<T>(
	rows: readonly T[],
	spec: SelectSpec<T>,
	filter: string,
	sort: {readonly column: number; readonly descending: boolean},
): T[] {
	const {filterText} = spec;
	const kept = filterText && filter.trim() !== '' ? rows.filter((row) => matchesFilter(filterText(row), filter)) : [...rows];
	const compare = spec.comparators[sort.column] ?? spec.comparators[0];
	if (!compare) return kept;
	const sign = sort.descending ? -1 : 1;
	return kept
		.map((row, index) => ({row, index}))
		.sort((a, b) => sign * compare(a.row, b.row) || a.index - b.index)
		.map(({row}) => row);
}

/** The visible slice of a list of `count` rows. */
export type ListWindow = {readonly start: number; readonly end: number; readonly cursor: number};

/**
 * The window of `height` rows that shows the cursor: starts at the shell's `scroll` when that still
 * shows the cursor, else moves just enough. Cursor clamped to the list.
 */
export function windowRows(count: number, cursor: number, scroll: number, height: number): ListWindow {
	const page = Math.max(1, Math.floor(height));
	const row = count === 0 ? 0 : Math.min(Math.max(0, cursor), count - 1);
	let start = Math.min(Math.max(0, scroll), Math.max(0, count - page));
	if (row < start) start = row;
	if (row >= start + page) start = row - page + 1;
	return {start, end: Math.min(count, start + page), cursor: row};
}

/** Selected rows and the window of them to draw. */
export type Visible<T> = {
	readonly rows: readonly T[];
	readonly window: ListWindow;
	readonly items: readonly T[];
};

/** Filter + sort + window in one call. */
export function selectVisible<T>(
	rows: readonly T[],
	spec: SelectSpec<T>,
	state: {
		readonly filter: string;
		readonly sort: {readonly column: number; readonly descending: boolean};
		readonly cursor: {readonly row: number; readonly scroll: number};
	},
	height: number,
): Visible<T> {
	const selected = selectRows(rows, spec, state.filter, state.sort);
	const window = windowRows(selected.length, state.cursor.row, state.cursor.scroll, height);
	return {rows: selected, window, items: selected.slice(window.start, window.end)};
}

/** Compare helpers for comparators. */
export const by = {
	/** Numbers high → low; null last. */
	numberDesc<T>(get: (row: T) => number | null) {
		return (a: T, b: T) => {
			const x = get(a);
			const y = get(b);
			if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
			return y - x;
		};
	},
	/** Text a → z in natural order (c1r2s10 after c1r2s9, case folded), as the hosts' name column sorts. */
	textAsc<T>(get: (row: T) => string | null) {
		return (a: T, b: T) => {
			const x = get(a);
			const y = get(b);
			if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
			return naturalCompare(x, y) || (x < y ? -1 : x > y ? 1 : 0);
		};
	},
	/** ISO instants newest first; null last. */
	timeDesc<T>(get: (row: T) => string | null) {
		return (a: T, b: T) => {
			const x = get(a);
			const y = get(b);
			if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
			return Date.parse(y) - Date.parse(x);
		};
	},
};
