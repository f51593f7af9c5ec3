/**
 * Shared plumbing of table views (hosts, users, detail lists): one `ListSpec` gives the selector,
 * the extent, Enter, the matches and the export — all through `selectVisible`, so the view and
 * the shell agree about the list.
 */
import {matchesFilter, selectRows, type SelectSpec} from '../../core/ui/select-visible.js';
import type {ColumnSpec} from '../../core/ui/table-layout.js';
import {textWidth} from '../../core/ui/text.js';
import type {TableColumn} from '../components/table.js';
import type {DashboardData, DrillTarget, ViewDescriptor, ViewState} from '../view-contract.js';

/** A table view's rows, columns and actions. */
export type ListSpec<T> = SelectSpec<T> & {
	/** All rows before filter and sort. */
	readonly rows: (data: DashboardData, state: ViewState) => readonly T[];
	readonly columns: readonly TableColumn[];
	/** Sanitised display cells of a row, one per column. */
	readonly cells: (row: T, data: DashboardData) => readonly string[];
	/** Raw export values of a row, one per `exportColumns`. */
	readonly exportColumns: readonly string[];
	readonly exportRow: (row: T) => ReadonlyArray<string | number | null>;
	readonly drill: (row: T, data: DashboardData) => DrillTarget;
};

/**
 * One column of a list view, everything about it in one place: the header and width rules
 * (title, priority, min/max width, alignment), the cell text of a row, and — when the column
 * sorts — the sort's name in the heading ("sort seat-hours▼"), its natural direction and comparator.
 */
export type ListColumn<T> = ColumnSpec & {
	/** The sanitised display text of a row's cell. */
	readonly cell: (row: T, data: DashboardData) => string;
	readonly sort?: {
		readonly name: string;
		/** Numbers high → low ('desc'), text a → z ('asc'); the comparator sorts this way. */
		readonly natural: 'asc' | 'desc';
		readonly compare: (a: T, b: T) => number;
	};
};

/** What a column table gives a ListSpec: the table's columns, the cells of a row and the comparators in sort order. */
export type ColumnTable<T> = Pick<ListSpec<T>, 'columns' | 'cells' | 'comparators'>;

/**
 * The table columns, cells and comparators of a list from its column table and its sort order (the
 * sort names, default first, as the view's `sortColumns` lists them): the sort index of a column
 * comes from its name, never from a position in a parallel list. Throws on a name no column sorts by.
 */
export function columnTable<T>(listColumns: ReadonlyArray<ListColumn<T>>, sortOrder: readonly string[]): ColumnTable<T> {
	const comparators = sortOrder.map((name) => {
		const column = listColumns.find((candidate) => candidate.sort?.name === name);
		if (!column?.sort) throw new Error(`no column sorts by "${name}"`);
		return column.sort.compare;
	});
	const columns: TableColumn[] = listColumns.map(({cell: _cell, sort, ...layout}) => {
		if (!sort) return layout;
		const sortIndex = sortOrder.indexOf(sort.name);
		if (sortIndex < 0) throw new Error(`sort "${sort.name}" of column "${layout.title}" is not in the sort order`);
		return {...layout, sortIndex, natural: sort.natural};
	});
	return {columns, comparators, cells: (row, data) => listColumns.map((column) => column.cell(row, data))};
}

const selections = new WeakMap<object, WeakMap<readonly unknown[], Map<string, readonly unknown[]>>>();

/**
 * The selected (filtered + sorted) rows of a list view, memoised per (spec, rows, filter, sort):
 * the rows come memoised from DashboardData, so a cursor move re-filters and re-sorts nothing
 * (a slot over the whole history lists tens of thousands of sessions).
 */
export function selected<T>(spec: ListSpec<T>, data: DashboardData, state: ViewState): readonly T[] {
	const rows = spec.rows(data, state);
	let bySpec = selections.get(spec);
	if (!bySpec) {
		bySpec = new WeakMap();
		selections.set(spec, bySpec);
	}

	let byRows = bySpec.get(rows);
	if (!byRows) {
		byRows = new Map();
		bySpec.set(rows, byRows);
	}

	// With the filter marking matches (&), the list keeps every row; `markedRows` says which match.
	const filter = state.filterMarks ? '' : state.filter;
	const key = `${state.sort.column}|${state.sort.descending ? 1 : 0}|${filter.trim().toLowerCase()}`;
	const cached = byRows.get(key) as readonly T[] | undefined;
	if (cached) return cached;
	const result = selectRows(rows, spec, filter, state.sort);
	byRows.set(key, result);
	return result;
}

const matchLists = new WeakMap<readonly unknown[], Map<string, readonly number[]>>();

/**
 * Indices in the selected list of the rows the filter matches: every index when the filter hides
 * the rest, the matching ones when it marks them (&); none without a filter. Memoised per list.
 */
export function matchIndices<T>(spec: ListSpec<T>, data: DashboardData, state: ViewState): readonly number[] {
	if (state.filter.trim() === '') return [];
	const rows = selected(spec, data, state);
	if (!state.filterMarks) return rows.map((_, index) => index);
	let byFilter = matchLists.get(rows);
	if (!byFilter) {
		byFilter = new Map();
		matchLists.set(rows, byFilter);
	}

	const key = state.filter.trim().toLowerCase();
	const cached = byFilter.get(key);
	if (cached) return cached;
	const {filterText} = spec;
	const out: number[] = [];
	rows.forEach((row, index) => {
		if (!filterText || matchesFilter(filterText(row), state.filter)) out.push(index);
	});
	byFilter.set(key, out);
	return out;
}

/**
 * Which rows of a visible slice (from `start` in the selected list) the table marks as matches:
 * only when the filter marks rather than hides (&).
 */
export function markedRows<T>(spec: ListSpec<T>, data: DashboardData, state: ViewState, start: number): ((index: number) => boolean) | undefined {
	if (!state.filterMarks || state.filter.trim() === '') return undefined;
	const matches = new Set(matchIndices(spec, data, state));
	return (index) => matches.has(start + index);
}

/** Matches in mark mode (&) for a list heading's note, undefined when the filter hides the rest. */
export function markCount<T>(spec: ListSpec<T>, data: DashboardData, state: ViewState): number | undefined {
	return state.filterMarks && state.filter.trim() !== '' ? matchIndices(spec, data, state).length : undefined;
}

const widest = new WeakMap<readonly unknown[], readonly string[]>();

/**
 * One synthetic row holding the widest cell of every column over the whole selected list (memoised
 * per list): measured by the table with the visible rows, so column widths stay put while scrolling.
 */
export function widestCells<T>(spec: ListSpec<T>, data: DashboardData, rows: readonly T[]): readonly string[] {
	const cached = widest.get(rows);
	if (cached) return cached;
	const out: string[] = spec.columns.map(() => '');
	const widths: number[] = spec.columns.map(() => 0);
	for (const row of rows) {
		const cells = spec.cells(row, data);
		for (let index = 0; index < cells.length; index++) {
			const cell = cells[index] ?? '';
			const width = textWidth(cell);
			if (width > (widths[index] ?? 0)) {
				widths[index] = width;
				out[index] = cell;
			}
		}
	}

	widest.set(rows, out);
	return out;
}

/** The descriptor functions derived from a list spec. */
export function listFunctions<T>(spec: ListSpec<T>): Pick<ViewDescriptor, 'extent' | 'drill' | 'matches' | 'table' | 'keyAt' | 'indexOfKey'> {
	// A row's key: its first export value (host, login, user, session or event id).
	const keyOf = (row: T): string => String(spec.exportRow(row)[0] ?? '');
	return {
		keyAt(data, state) {
			const row = selected(spec, data, state)[state.cursor.row];
			return row === undefined ? undefined : keyOf(row);
		},
		indexOfKey: (data, state, key) => selected(spec, data, state).findIndex((row) => keyOf(row) === key),
		extent: (data, state) => ({rows: selected(spec, data, state).length, cols: 0}),
		drill(data, state) {
			const row = selected(spec, data, state)[state.cursor.row];
			return row === undefined ? null : spec.drill(row, data);
		},
		matches: (data, state) => matchIndices(spec, data, state),
		table(data, state) {
			return {columns: spec.exportColumns, rows: selected(spec, data, state).map((row) => spec.exportRow(row))};
		},
	};
}
