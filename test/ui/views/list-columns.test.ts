/**
 * The column table of list views (ListColumn): header, width, cell and sort of a column in one
 * entry; the sort index comes from the sort name, so a column cannot sort by its neighbour's key.
 */
import {describe, expect, it} from 'vitest';
import {columnTable, type ListColumn} from '../../../source/ui/views/list-view.js';
import {HOST_SORT_COLUMNS, hostsSpec} from '../../../source/ui/views/hosts.js';
import {USER_SORT_COLUMNS, usersSpec} from '../../../source/ui/views/users.js';
import {EVENT_SORT_COLUMNS, eventsSpec} from '../../../source/ui/views/events.js';
import {LOG_SORT_COLUMNS, logSpec} from '../../../source/ui/views/log.js';

type Row = {readonly name: string; readonly count: number};
const rows: Row[] = [{name: 'b', count: 1}, {name: 'a', count: 3}];
const table: ReadonlyArray<ListColumn<Row>> = [
	{title: 'name', priority: 2, minWidth: 4, cell: (row) => row.name, sort: {name: 'name', natural: 'asc', compare: (a, b) => a.name.localeCompare(b.name)}},
	{title: 'n', priority: 1, minWidth: 2, align: 'right', cell: (row) => String(row.count), sort: {name: 'count', natural: 'desc', compare: (a, b) => b.count - a.count}},
	{title: 'note', priority: 0, minWidth: 2, cell: () => ''},
];

describe('columnTable', () => {
	it('derives the table columns, the cells and the comparators in sort order from one table', () => {
		const derived = columnTable(table, ['count', 'name']);
		expect(derived.columns).toEqual([
			{title: 'name', priority: 2, minWidth: 4, sortIndex: 1, natural: 'asc'},
			{title: 'n', priority: 1, minWidth: 2, align: 'right', sortIndex: 0, natural: 'desc'},
			{title: 'note', priority: 0, minWidth: 2},
		]);
		expect(rows.map((row) => derived.cells(row, undefined as never))).toEqual([['b', '1', ''], ['a', '3', '']]);
		expect([...rows].sort(derived.comparators[0]).map((row) => row.name)).toEqual(['a', 'b']);
		expect([...rows].sort(derived.comparators[1]).map((row) => row.name)).toEqual(['a', 'b']);
	});

	it('refuses a sort order naming a sort no column has, and a sortable column left out of the order', () => {
		expect(() => columnTable(table, ['count', 'nmae'])).toThrow(/no column sorts by "nmae"/);
		expect(() => columnTable(table, ['count'])).toThrow(/not in the sort order/);
	});

	it('gives every list view one comparator per sort name and one cell per column', () => {
		for (const [spec, order] of [
			[hostsSpec, HOST_SORT_COLUMNS],
			[usersSpec, USER_SORT_COLUMNS],
			[eventsSpec, EVENT_SORT_COLUMNS],
			[logSpec, LOG_SORT_COLUMNS],
		] as const) {
			expect(spec.comparators).toHaveLength(order.length);
			const indices = spec.columns.flatMap((column) => (column.sortIndex === undefined ? [] : [column.sortIndex])).sort((a, b) => a - b);
			expect(indices).toEqual(order.map((_, index) => index));
		}
	});
});
