/**
 * Shared plumbing of table views (hosts, users, detail lists): one `ListSpec` gives the selector,
 * the extent, Enter, the matches and the export — all through `selectVisible`, so the view and
 * the shell agree about the list.
 */
import {selectRows, type SelectSpec} from '../../core/ui/select-visible.js';
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

/** The selected (filtered + sorted) rows of a list view. */
export function selected<T>(spec: ListSpec<T>, data: DashboardData, state: ViewState): T[] {
	return selectRows(spec.rows(data, state), spec, state.filter, state.sort);
}

/** The descriptor functions derived from a list spec. */
export function listFunctions<T>(spec: ListSpec<T>): Pick<ViewDescriptor, 'extent' | 'drill' | 'matches' | 'table'> {
	return {
		extent: (data, state) => ({rows: selected(spec, data, state).length, cols: 0}),
		drill(data, state) {
			const row = selected(spec, data, state)[state.cursor.row];
			return row === undefined ? null : spec.drill(row, data);
		},
		// The filter already removed non-matching rows: every selected row matches.
		matches: (data, state) => (state.filter.trim() === '' ? [] : selected(spec, data, state).map((_, index) => index)),
		table(data, state) {
			return {columns: spec.exportColumns, rows: selected(spec, data, state).map((row) => spec.exportRow(row))};
		},
	};
}
