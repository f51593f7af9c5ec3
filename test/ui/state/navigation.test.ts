import {describe, expect, it} from 'vitest';
import {
	clampCursor,
	currentEntry,
	initialNavState,
	navigate,
	type NavAction,
	type NavState,
	type ViewContext,
} from '../../../source/ui/state/navigation.js';
import type {ActionId} from '../../../source/ui/state/keymap.js';
import type {DrillTarget} from '../../../source/ui/view-contract.js';

function listContext(rows: number, options: {drill?: DrillTarget; matches?: number[]; sortColumns?: number; pageRows?: number} = {}): ViewContext {
	return {
		cursorKind: 'list',
		sortColumns: options.sortColumns ?? 3,
		pageRows: options.pageRows ?? 5,
		extent: () => ({rows, cols: 1}),
		drill: () => options.drill ?? null,
		matches: () => options.matches ?? [],
	};
}

const grid: ViewContext = {
	cursorKind: 'grid',
	sortColumns: 0,
	pageRows: 5,
	extent: () => ({rows: 7, cols: 24}),
	drill: () => ({view: 'slot', params: {weekday: 1, hour: 2}}),
	matches: () => [],
};

function act(type: ActionId, key = ''): NavAction {
	return {type, key};
}

function run(state: NavState, context: ViewContext, ...actions: NavAction[]): NavState {
	return actions.reduce((current, action) => navigate(current, action, context).state, state);
}

describe('navigation reducer', () => {
	it('moves the cursor within the extent and keeps it in the scroll window', () => {
		const context = listContext(20, {pageRows: 5});
		let state = run(initialNavState({view: 'hosts'}), context, act('cursor.up'));
		expect(currentEntry(state).cursor).toEqual({row: 0, col: 0, scroll: 0});
		state = run(state, context, ...Array.from({length: 7}, () => act('cursor.down')));
		expect(currentEntry(state).cursor).toEqual({row: 7, col: 0, scroll: 3});
		state = run(state, context, act('cursor.last'));
		expect(currentEntry(state).cursor).toEqual({row: 19, col: 0, scroll: 15});
		state = run(state, context, act('cursor.pageUp'));
		expect(currentEntry(state).cursor.row).toBe(14);
		state = run(state, context, act('cursor.first'));
		expect(currentEntry(state).cursor).toEqual({row: 0, col: 0, scroll: 0});
	});

	it('moves columns only in grids', () => {
		let state = run(initialNavState({view: 'heatmap'}), grid, act('cursor.right'), act('cursor.right'), act('cursor.down'));
		expect(currentEntry(state).cursor).toMatchObject({row: 1, col: 2});
		state = run(state, grid, act('cursor.left'), act('cursor.left'), act('cursor.left'));
		expect(currentEntry(state).cursor.col).toBe(0);
		const list = run(initialNavState({view: 'hosts'}), listContext(3), act('cursor.right'));
		expect(currentEntry(list).cursor.col).toBe(0);
	});

	it('drills down and comes back restoring cursor and scroll', () => {
		const context = listContext(20, {drill: {view: 'host', params: {host: 'c1r1s1'}}});
		let state = run(initialNavState({view: 'hosts'}), context, ...Array.from({length: 8}, () => act('cursor.down')));
		const before = currentEntry(state).cursor;
		state = run(state, context, act('drill.enter'));
		expect(state.stack.map((entry) => entry.view)).toEqual(['hosts', 'host']);
		expect(currentEntry(state)).toMatchObject({params: {host: 'c1r1s1'}, cursor: {row: 0, col: 0, scroll: 0}});
		state = run(state, context, act('cursor.down'), act('nav.back'));
		expect(state.stack).toHaveLength(1);
		expect(currentEntry(state).cursor).toEqual(before);
	});

	it('does nothing on Enter when there is nothing to open', () => {
		const state = initialNavState();
		expect(run(state, listContext(0), act('drill.enter'))).toBe(state);
	});

	it('replaces the stack root with 1-7 and cycles with Tab / Shift-Tab', () => {
		const context = listContext(5, {drill: {view: 'host', params: {host: 'x'}}});
		let state = run(initialNavState({view: 'hosts'}), context, act('drill.enter'), act('view.jump', '2'));
		expect(state.stack.map((entry) => entry.view)).toEqual(['heatmap']);
		state = run(state, context, act('view.next'));
		expect(currentEntry(state).view).toBe('hourly');
		state = run(initialNavState({view: 'overview'}), context, act('view.prev'));
		expect(currentEntry(state).view).toBe('log');
		state = run(state, context, act('view.next'));
		expect(currentEntry(state).view).toBe('overview');
	});

	it('filters live, restores the previous filter on Esc, keeps it on Enter', () => {
		const context = listContext(10, {matches: [2, 5]});
		let state = run(initialNavState({view: 'hosts'}), context, act('filter.open'), act('filter.insert', 'c'), act('filter.insert', '1'));
		expect(state.mode).toBe('filter');
		expect(currentEntry(state).filter).toBe('c1');
		state = run(state, context, act('filter.apply'));
		expect(state.mode).toBe('normal');
		expect(currentEntry(state).filter).toBe('c1');
		state = run(state, context, act('filter.open'), act('filter.backspace'), act('filter.insert', 'x'));
		expect(currentEntry(state).filter).toBe('cx');
		state = run(state, context, act('filter.cancel'));
		expect(currentEntry(state).filter).toBe('c1');
		state = run(state, context, act('filter.open'), act('filter.clear'));
		expect(currentEntry(state).filter).toBe('');
	});

	it('puts the cursor on the first match when a filter is applied', () => {
		const context = listContext(10, {matches: [4, 6]});
		const state = run(initialNavState({view: 'heatmap'}), context, act('filter.open'), act('filter.insert', 'z'), act('filter.apply'));
		expect(currentEntry(state).cursor.row).toBe(4);
	});

	it('clears an active filter with Esc at the root, and only then', () => {
		const context = listContext(10);
		let state = run(initialNavState({view: 'hosts'}), context, act('filter.open'), act('filter.insert', 'a'), act('filter.apply'));
		state = run(state, context, act('nav.back'));
		expect(currentEntry(state).filter).toBe('');
		expect(run(state, context, act('nav.back'))).toBe(state);
	});

	it('jumps between matches with n / N, wrapping around', () => {
		const context = listContext(10, {matches: [2, 5, 8]});
		let state = run(initialNavState({view: 'hosts'}), context, act('filter.open'), act('filter.insert', 'x'), act('filter.apply'));
		expect(currentEntry(state).cursor.row).toBe(2);
		state = run(state, context, act('match.next'));
		expect(currentEntry(state).cursor.row).toBe(5);
		expect(state.message).toBe('match 2/3');
		state = run(state, context, act('match.next'), act('match.next'));
		expect(currentEntry(state).cursor.row).toBe(2);
		expect(state.message).toBe('match 1/3 (search wrapped)');
		state = run(state, context, act('match.prev'));
		expect(currentEntry(state).cursor.row).toBe(8);
	});

	it('& toggles the filter between only the matches and every row with the matches marked, landing on the first match', () => {
		// Hiding: 3 rows (all matches); marking: 10 rows, matches at 4, 6, 9.
		const context: ViewContext = {
			...listContext(3),
			extent: (marks) => ({rows: marks ? 10 : 3, cols: 1}),
			matches: (marks) => (marks ? [4, 6, 9] : [0, 1, 2]),
		};
		let state = run(initialNavState({view: 'users'}), context, act('filter.open'), act('filter.insert', 'c1'), act('filter.apply'));
		expect(state.filterMarks).toBe(false);
		state = run(state, context, act('filter.mode'));
		expect(state.filterMarks).toBe(true);
		expect(currentEntry(state).cursor.row).toBe(4);
		state = run(state, context, act('filter.mode'));
		expect(state.filterMarks).toBe(false);
		expect(currentEntry(state).cursor.row).toBe(0);
		// The mode is global: it stays across a view switch.
		state = run(state, context, act('filter.mode'), act('view.jump', '4'));
		expect(state.filterMarks).toBe(true);
		expect(currentEntry(state).filter).toBe('c1');
	});

	it('says so when n is pressed without a filter or without matches', () => {
		expect(run(initialNavState(), listContext(3), act('match.next')).message).toMatch(/no filter/);
		const filtered = run(initialNavState(), listContext(3), act('filter.open'), act('filter.insert', 'q'));
		expect(navigate(filtered, act('match.next'), listContext(3)).state.message).toMatch(/no match/);
	});

	it('cycles range presets and shifts the window back and forward (not past now)', () => {
		const context = listContext(1);
		let state = run(initialNavState({range: '7d'}), context, act('range.next'));
		expect(state.range).toEqual({kind: 'days', days: 30, offset: 0, preset: '30d'});
		state = run(state, context, act('range.back'), act('range.back'));
		expect(state.range).toEqual({kind: 'days', days: 30, offset: -2, preset: '30d'});
		state = run(state, context, act('range.forward'), act('range.forward'), act('range.forward'));
		expect(state.range).toMatchObject({offset: 0});
		expect(state.message).toMatch(/latest/);
		state = run(state, context, act('range.prev'), act('range.prev'), act('range.prev'));
		expect(state.range).toEqual({kind: 'all'});
		expect(run(state, context, act('range.back')).range).toEqual({kind: 'all'});
	});

	it('stops stepping back before the first data ([ says so instead of showing empty ranges)', () => {
		const atFirst = {...listContext(1), canStepBack: false};
		const state = run(initialNavState({range: '7d'}), atFirst, act('range.back'));
		expect(state.range).toEqual({kind: 'days', days: 7, offset: 0, preset: '7d'});
		expect(state.message).toBe('no data before this range');
	});

	it('types a range with R: days, bounds, or a clear refusal', () => {
		const context = {...listContext(1), parseRange: (text: string) => (text === '14d' ? {ok: true as const, range: {kind: 'days' as const, days: 14}} : {ok: false as const, message: `bad ${text}`})};
		let state = run(initialNavState(), context, act('range.open'));
		expect(state.mode).toBe('range');
		state = run(state, context, act('range.insert', '1'), act('range.insert', '4'), act('range.insert', 'x'), act('range.backspace'), act('range.insert', 'd'), act('range.apply'));
		expect(state.mode).toBe('normal');
		expect(state.range).toEqual({kind: 'days', days: 14});
		// From a range that is no preset, t goes to the first preset.
		expect(run(state, context, act('range.next')).range).toMatchObject({preset: '1d'});
		state = run(state, context, act('range.open'), act('range.insert', 'z'), act('range.apply'));
		expect(state.mode).toBe('range');
		expect(state.message).toBe('bad z');
		expect(run(state, context, act('range.cancel')).range).toEqual({kind: 'days', days: 14});
	});

	it('sorts per view: s next column, S reverse', () => {
		const context = listContext(3, {sortColumns: 2});
		let state = run(initialNavState({view: 'hosts'}), context, act('sort.next'), act('sort.reverse'));
		expect(state.sorts.hosts).toEqual({column: 1, descending: true});
		state = run(state, context, act('sort.next'));
		expect(state.sorts.hosts).toEqual({column: 0, descending: true});
		expect(run(state, listContext(3, {sortColumns: 0}), act('sort.next'))).toBe(state);
	});

	it('toggles metric, live and pause; pause needs live', () => {
		const context = listContext(1);
		let state = run(initialNavState(), context, act('metric.next'));
		expect(state.metric).toBe('starts');
		state = run(state, context, act('live.pause'));
		expect(state.paused).toBe(false);
		expect(state.message).toMatch(/live updates are off/);
		state = run(state, context, act('live.toggle'), act('live.pause'));
		expect(state).toMatchObject({live: true, paused: true});
		state = run(state, context, act('live.toggle'));
		expect(state).toMatchObject({live: false, paused: false});
	});

	it('toggles the hosts heatmap with v, starting from what the app chose for the terminal height', () => {
		const context = listContext(3);
		expect(initialNavState().hostHeatmap).toBe(false);
		const tall = initialNavState({view: 'hosts', hostHeatmap: true});
		expect(run(tall, context, act('panel.toggle')).hostHeatmap).toBe(false);
		expect(run(tall, context, act('panel.toggle'), act('panel.toggle')).hostHeatmap).toBe(true);
		// The cursor and the rest of the state are untouched.
		expect(run(tall, context, act('cursor.down'), act('panel.toggle')).stack).toEqual(run(tall, context, act('cursor.down')).stack);
	});

	it('returns effects for quit, reload, redraw and export', () => {
		const context = listContext(1);
		const state = initialNavState();
		expect(navigate(state, act('app.quit'), context).effects).toEqual([{type: 'quit'}]);
		expect(navigate(state, act('app.forceQuit'), context).effects).toEqual([{type: 'quit'}]);
		expect(navigate(state, act('data.reload'), context).effects).toEqual([{type: 'reload'}]);
		expect(navigate(state, act('app.redraw'), context).effects).toEqual([{type: 'redraw'}]);
		const exporting = run(state, context, act('export.open'));
		expect(exporting.mode).toBe('export');
		const done = navigate(exporting, act('export.csv'), context);
		expect(done.effects).toEqual([{type: 'export', format: 'csv'}]);
		expect(done.state.mode).toBe('normal');
	});

	it('opens, scrolls and closes the help', () => {
		const context = listContext(1, {pageRows: 10});
		let state = run(initialNavState(), context, act('app.help'), act('help.down', 'j'), act('help.down', 'pagedown'));
		expect(state).toMatchObject({mode: 'help', helpScroll: 11});
		state = run(state, context, act('help.up', 'ctrl+b'), act('help.up', 'k'), act('help.up', 'k'));
		expect(state.helpScroll).toBe(0);
		expect(run(state, context, act('help.close')).mode).toBe('normal');
	});

	it('never scrolls the help past its end, so one ↑ always scrolls back', () => {
		const context = {...listContext(1, {pageRows: 10}), helpMaxScroll: 12};
		let state = run(initialNavState(), context, act('app.help'));
		for (let i = 0; i < 40; i++) state = run(state, context, act('help.down', 'j'));
		expect(state.helpScroll).toBe(12);
		expect(run(state, context, act('help.up', 'k')).helpScroll).toBe(11);
	});

	it('clears a message on the next key', () => {
		const context = listContext(3);
		const state = run(initialNavState(), context, {type: 'message.set', text: 'exported to /tmp/x.csv'});
		expect(state.message).toBe('exported to /tmp/x.csv');
		expect(run(state, context, act('cursor.down')).message).toBeNull();
	});

	it('clamps a cursor to a shrunken extent', () => {
		expect(clampCursor({row: 9, col: 30, scroll: 8}, {rows: 4, cols: 24}, 3)).toEqual({row: 3, col: 23, scroll: 1});
		expect(clampCursor({row: 2, col: 0, scroll: 0}, {rows: 0, cols: 0}, 3)).toEqual({row: 0, col: 0, scroll: 0});
		const same = {row: 1, col: 0, scroll: 0};
		expect(clampCursor(same, {rows: 5, cols: 1}, 3)).toBe(same);
	});
});

describe('the filter survives view switches', () => {
	it('keeps the filter when jumping to another view or tabbing', () => {
		const context = listContext(3);
		let state = run(initialNavState({view: 'hosts'}), context, act('filter.open'), act('filter.insert', 'c'), act('filter.insert', '1'), act('filter.apply'));
		state = run(state, context, act('view.jump', '6'));
		expect(state.stack[0]).toMatchObject({view: 'users', filter: 'c1'});
		state = run(state, context, act('view.next'));
		expect(state.stack[0]).toMatchObject({view: 'events', filter: 'c1'});
		// Esc at the top still clears it.
		expect(run(state, context, act('nav.back')).stack[0]?.filter).toBe('');
	});
});

describe('v toggles the panel of the view it is pressed in', () => {
	it('the hosts view: its heatmap; the map: its relative scale', () => {
		const context = listContext(3);
		const hosts = run(initialNavState({view: 'hosts'}), context, act('panel.toggle'));
		expect(hosts).toMatchObject({hostHeatmap: true, mapRelative: false});
		const map = run(initialNavState({view: 'map'}), context, act('panel.toggle'));
		expect(map).toMatchObject({hostHeatmap: false, mapRelative: true});
	});
});
