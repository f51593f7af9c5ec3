/**
 * The in-house table: header + rows as fixed-width text, columns chosen by `layoutTable` (lowest
 * priority dropped first, then `…` truncation), the sorted column marked `▲`/`▼`, the cursor row
 * marked `›` and drawn inverse. No separators between rows (the ink-table fork draws one per row).
 *
 *   host         sessions seat-h▼ mean  util last seen    users
 * › c2r1s2              3   28.0  2h00  8.5% 20 Nov 13:00     2
 *   c1r1s1              6   22.3  3h57  6.8% 22 Nov 16:00     1
 */
import {layoutTable, type ColumnSpec} from '../../core/ui/table-layout.js';
import {fit} from '../../core/ui/text.js';
import {extraGlyphs} from '../theme.js';
import type {Theme} from '../view-contract.js';
import {seg, type Line, type Segment} from './view-lines.js';

/** A table column: layout rules plus the natural sort direction of the column (if sortable). */
export type TableColumn = ColumnSpec & {
	/** Index into the view's sortColumns, when this column is sortable. */
	readonly sortIndex?: number;
	/** Natural direction: numbers high → low ('desc'), text a → z ('asc'). @default 'asc' */
	readonly natural?: 'asc' | 'desc';
};

/** Inputs of `tableLines`. */
export type TableInput = {
	readonly columns: readonly TableColumn[];
	/** Rendered (sanitised) cells of the visible rows. */
	readonly rows: readonly (readonly string[])[];
	/** Index in `rows` of the cursor row, or -1. */
	readonly cursor: number;
	readonly sort?: {readonly column: number; readonly descending: boolean};
	readonly width: number;
	readonly theme: Theme;
	/** Rows to mark (e.g. occupied now): shown with the accent tone. */
	readonly highlight?: (index: number) => boolean;
	/** Rows the filter matches while it keeps every row (&): bold, with the match glyph in the pointer column (off the cursor row). */
	readonly marked?: (index: number) => boolean;
	/** Extra rows measured for the column widths but not drawn (the widest cells of the whole list), so widths do not jump while scrolling. */
	readonly measure?: readonly (readonly string[])[];
};

/** The header glyph of a sorted column, given the column's natural direction. */
export function sortGlyph(column: TableColumn, descending: boolean, theme: Theme): string {
	const actualDescending = (column.natural === 'desc') !== descending;
	return actualDescending ? theme.sortDescending : theme.sortAscending;
}

/** Header + row lines of a table fitted to `width` (2 cells reserved for the pointer). */
export function tableLines(input: TableInput): Line[] {
	const {columns, rows, cursor, sort, width, theme} = input;
	const glyphs = extraGlyphs(theme);
	const layout = layoutTable(columns, input.measure ? [...rows, ...input.measure] : rows, Math.max(1, width - 2), {titleExtra: 1});
	const header: Segment[] = [seg('  ')];
	layout.columns.forEach(({index, width: w, align}, position) => {
		const column = columns[index];
		if (!column) return;
		const sorted = sort !== undefined && column.sortIndex === sort.column;
		const title = sorted ? `${column.title}${sortGlyph(column, sort.descending, theme)}` : column.title;
		header.push(seg((position === 0 ? '' : ' ') + fit(title, w, align, theme.ellipsis), {tone: sorted ? 'accent' : 'heading', bold: true}));
	});
	const lines: Line[] = [header];
	rows.forEach((cells, rowIndex) => {
		const selected = rowIndex === cursor;
		const text = layout.columns.map(({index, width: w, align}) => fit(cells[index] ?? '', w, align, theme.ellipsis)).join(' ');
		const tone = input.highlight?.(rowIndex) ? 'accent' : undefined;
		const marked = input.marked?.(rowIndex) ?? false;
		// The cursor row keeps its pointer (its text is bold when it matches); other matches get the match glyph.
		const pointer = selected ? `${glyphs.pointer} ` : marked ? `${glyphs.match} ` : '  ';
		lines.push([seg(pointer, marked ? {tone: 'accent', bold: true} : {}), seg(text, {inverse: selected, tone, ...(marked ? {bold: true} : {})})]);
	});
	return lines;
}

