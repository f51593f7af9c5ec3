/**
 * The navigation reducer: a stack of views (each with its params, cursor, scroll and filter), the
 * input mode, the time range, sort, metric and live flags. Pure: side effects (quit, reload,
 * redraw, export) come back as `effects` for app.tsx to perform.
 */
import {presetSpec, stepSpec, type WindowSpec} from '../../app/window.js';
import {
	RANGE_PRESETS,
	TOP_VIEWS,
	type Cursor,
	type DrillTarget,
	type Metric,
	type RangePreset,
	type SortState,
	type ViewId,
	type ViewParams,
} from '../view-contract.js';
import type {Mode} from './keymap.js';
import type {KeyAction} from './resolve-key.js';

/** One level of the navigation stack. */
export type StackEntry = {
	readonly view: ViewId;
	readonly params: ViewParams;
	/** Cursor and scroll, restored when coming back to this level. */
	readonly cursor: Cursor;
	/** The filter of this level (a drill-down starts unfiltered). */
	readonly filter: string;
};

/**
 * The range on screen, as the application layer's window spec: a preset (1d…90d with its step
 * offset, or all), `--days N`, or typed bounds. app/window.ts resolves it; the reducer only steps it.
 */
export type RangeState = WindowSpec;

/** The preset a range is, if it is one ('all', or a day count with its preset name). */
export function presetOf(range: RangeState): RangePreset | undefined {
	if (range.kind === 'all') return 'all';
	return range.kind === 'days' ? range.preset : undefined;
}

export type ExportFormat = 'text' | 'csv' | 'json' | 'png';

/** What a typed range became: the spec, or why it is not one. */
export type ParsedRange = {readonly ok: true; readonly range: RangeState} | {readonly ok: false; readonly message: string};

export type NavState = {
	/** Never empty: the first entry is a top-level view. */
	readonly stack: readonly StackEntry[];
	readonly mode: Mode;
	readonly range: RangeState;
	/** Sort per view id (missing = DEFAULT_SORT). */
	readonly sorts: Readonly<Partial<Record<ViewId, SortState>>>;
	/** The filter before the prompt opened (Esc in the prompt restores it). */
	readonly previousFilter: string;
	/**
	 * How a filter shows (&): false, only the matching rows of a list; true, every row with the
	 * matches marked (n/N jump between them). Global, like the filter text, across view switches.
	 */
	readonly filterMarks: boolean;
	readonly metric: Metric;
	/** The hosts view's host × hour heatmap under its table (v). */
	readonly hostHeatmap: boolean;
	/** The map's relative colour scale (v on the map). */
	readonly mapRelative: boolean;
	readonly live: boolean;
	readonly paused: boolean;
	readonly helpScroll: number;
	/** One-line message for the status bar, cleared by the next key. */
	readonly message: string | null;
	/** The text of the range prompt (R). */
	readonly rangeText: string;
};

export type Effect =
	| {readonly type: 'quit'}
	| {readonly type: 'reload'}
	| {readonly type: 'redraw'}
	| {readonly type: 'export'; readonly format: ExportFormat};

/** Actions the app dispatches itself (not from keys). */
export type InternalAction =
	| {readonly type: 'message.set'; readonly text: string | null}
	| {readonly type: 'live.set'; readonly live: boolean}
	/** New data moved the row under the cursor: follow it to `row`. */
	| {readonly type: 'cursor.follow'; readonly row: number};

export type NavAction = KeyAction | InternalAction;

/**
 * What the reducer may ask about the current view. The functions are called only by the actions
 * that need them, so a cursor move never computes a drill target or a match list.
 */
export type ViewContext = {
	readonly cursorKind: 'list' | 'grid' | 'none';
	readonly sortColumns: number;
	/** Rows visible at once (page size for PgUp/PgDn and scroll). */
	readonly pageRows: number;
	/** Largest scroll offset of the help overlay at the current size. */
	readonly helpMaxScroll?: number;
	/** False when one more step back (`[`) reaches no data. @default true */
	readonly canStepBack?: boolean;
	/** Parses a typed range (R) in the data's zone. */
	parseRange?(text: string): ParsedRange;
	/** `filterMarks` asks as if the filter mode (&) were that one (the toggle lands on the new list). */
	extent(filterMarks?: boolean): {readonly rows: number; readonly cols: number};
	drill(): DrillTarget;
	matches(filterMarks?: boolean): readonly number[];
};

export type Transition = {readonly state: NavState; readonly effects: readonly Effect[]};

export const ZERO_CURSOR: Cursor = {row: 0, col: 0, scroll: 0};
/** Sort of a view nobody has sorted yet: its first column, in the view's natural direction. */
export const DEFAULT_SORT: SortState = {column: 0, descending: false};

/** Initial state for a starting view, range and live flag. */
export function initialNavState(options: {
	readonly view?: ViewId;
	readonly params?: ViewParams;
	/** A preset, or any window spec (--days, --from/--to). @default '7d' */
	readonly range?: RangePreset | RangeState;
	readonly live?: boolean;
	/** Whether the hosts view starts with its heatmap (the app decides from the terminal height). */
	readonly hostHeatmap?: boolean;
} = {}): NavState {
	return {
		stack: [{view: options.view ?? 'overview', params: options.params ?? {}, cursor: ZERO_CURSOR, filter: ''}],
		mode: 'normal',
		range: typeof options.range === 'object' ? options.range : presetSpec(options.range ?? '7d'),
		sorts: {},
		previousFilter: '',
		filterMarks: false,
		metric: 'occupancy',
		hostHeatmap: options.hostHeatmap ?? false,
		mapRelative: false,
		live: options.live ?? false,
		paused: false,
		helpScroll: 0,
		message: null,
		rangeText: '',
	};
}

/** The level on top of the stack. */
export function currentEntry(state: NavState): StackEntry {
	const entry = state.stack.at(-1);
	if (!entry) throw new Error('navigation stack is empty');
	return entry;
}

/** Sort of a view. */
export function sortOf(state: NavState, view: ViewId): SortState {
	return state.sorts[view] ?? DEFAULT_SORT;
}

/**
 * Keeps a cursor inside the view's extent and its row inside the scroll window. Used by the reducer
 * after every move and by the app before drawing (the extent shrinks when the range or data change).
 */
export function clampCursor(
	cursor: Cursor,
	extent: {readonly rows: number; readonly cols: number},
	pageRows: number,
): Cursor {
	const rows = Math.max(0, extent.rows);
	const cols = Math.max(0, extent.cols);
	const row = rows === 0 ? 0 : Math.min(Math.max(0, cursor.row), rows - 1);
	const col = cols === 0 ? 0 : Math.min(Math.max(0, cursor.col), cols - 1);
	const page = Math.max(1, pageRows);
	let scroll = Math.min(Math.max(0, cursor.scroll), Math.max(0, rows - page));
	if (row < scroll) scroll = row;
	if (row >= scroll + page) scroll = row - page + 1;
	if (row === cursor.row && col === cursor.col && scroll === cursor.scroll) return cursor;
	return {row, col, scroll};
}

function replaceTop(state: NavState, change: Partial<StackEntry>): NavState {
	const stack = [...state.stack];
	stack[stack.length - 1] = {...currentEntry(state), ...change};
	return {...state, stack};
}

/** A top-level view; the filter goes along (it survives view switches, as a search does). */
function rootAt(state: NavState, index: number): NavState {
	const count = TOP_VIEWS.length;
	const view = TOP_VIEWS[((index % count) + count) % count] ?? 'overview';
	return {...state, stack: [{view, params: {}, cursor: ZERO_CURSOR, filter: currentEntry(state).filter}]};
}

function moveCursor(state: NavState, view: ViewContext, rowDelta: number | 'first' | 'last', colDelta = 0): NavState {
	const entry = currentEntry(state);
	const extent = view.extent();
	const lastRow = Math.max(0, extent.rows - 1);
	let row = entry.cursor.row;
	if (rowDelta === 'first') row = 0;
	else if (rowDelta === 'last') row = lastRow;
	else row += rowDelta;
	const col = view.cursorKind === 'grid' ? entry.cursor.col + colDelta : entry.cursor.col;
	const cursor = clampCursor({...entry.cursor, row, col}, extent, view.pageRows);
	return cursor === entry.cursor ? state : replaceTop(state, {cursor});
}

function setFilter(state: NavState, filter: string): NavState {
	return replaceTop(state, {filter, cursor: ZERO_CURSOR});
}

function jumpToMatch(state: NavState, view: ViewContext, direction: 1 | -1): NavState {
	const entry = currentEntry(state);
	if (entry.filter === '') return {...state, message: 'no filter: press / to set one'};
	const matches = view.matches();
	if (matches.length === 0) return {...state, message: `no match for "${entry.filter}"`};
	const row = entry.cursor.row;
	const next =
		direction === 1
			? (matches.find((index) => index > row) ?? matches[0])
			: (matches.findLast((index) => index < row) ?? matches.at(-1));
	const moved = moveCursor(state, view, (next ?? row) - row);
	const wrapped = next !== undefined && (direction === 1 ? next <= row : next >= row);
	const at = `match ${matches.indexOf(next ?? row) + 1}/${matches.length}`;
	return {...moved, message: wrapped ? `${at} (search wrapped)` : at};
}

function shiftRange(state: NavState, view: ViewContext, steps: number): NavState {
	const {range} = state;
	if (range.kind === 'all') return {...state, message: 'range "all" covers everything: nothing to shift'};
	if (range.kind === 'between') return {...state, message: 'a typed range does not step: t picks a preset, R types another range'};
	if (steps < 0 && view.canStepBack === false) return {...state, message: 'no data before this range'};
	const next = stepSpec(range, steps);
	if (next.kind === 'days' && (next.offset ?? 0) === (range.offset ?? 0)) return {...state, message: 'already at the latest range'};
	return {...state, range: next};
}

function cyclePreset(state: NavState, steps: number): NavState {
	const current = presetOf(state.range);
	const count = RANGE_PRESETS.length;
	// From a range that is no preset (--days 14, typed bounds), t goes to the first preset and T to the last.
	const index = current === undefined ? (steps > 0 ? -1 : count) : RANGE_PRESETS.indexOf(current);
	const preset = RANGE_PRESETS[(((index + steps) % count) + count) % count] ?? '7d';
	return {...state, range: presetSpec(preset)};
}

const none: readonly Effect[] = [];

/** Applies one action. Returns the next state and the side effects to run. */
export function navigate(previous: NavState, action: NavAction, view: ViewContext): Transition {
	// A message lives until the next key.
	const state = previous.message === null || action.type === 'message.set' ? previous : {...previous, message: null};
	const entry = currentEntry(state);
	const same = (next: NavState): Transition => ({state: next, effects: none});
	switch (action.type) {
		case 'message.set': {
			return same({...state, message: action.text});
		}

		case 'live.set': {
			return same({...state, live: action.live, paused: false});
		}

		case 'cursor.follow': {
			return same(moveCursor(state, view, action.row - entry.cursor.row));
		}

		case 'app.quit':
		case 'app.forceQuit': {
			return {state, effects: [{type: 'quit'}]};
		}

		case 'app.redraw': {
			return {state, effects: [{type: 'redraw'}]};
		}

		case 'app.help': {
			return same({...state, mode: 'help', helpScroll: 0});
		}

		case 'help.close': {
			return same({...state, mode: 'normal'});
		}

		case 'help.down':
		case 'help.up': {
			const page = action.key === 'pagedown' || action.key === 'pageup' || action.key.startsWith('ctrl+') ? view.pageRows : 1;
			const delta = action.type === 'help.down' ? page : -page;
			const max = view.helpMaxScroll ?? Number.POSITIVE_INFINITY;
			return same({...state, helpScroll: Math.max(0, Math.min(max, state.helpScroll + delta))});
		}

		case 'help.top': {
			return same({...state, helpScroll: 0});
		}

		case 'help.bottom': {
			return same({...state, helpScroll: view.helpMaxScroll ?? state.helpScroll});
		}

		case 'view.jump': {
			return same(rootAt(state, Number(action.key) - 1));
		}

		case 'view.next':
		case 'view.prev': {
			const root = state.stack[0]?.view ?? 'overview';
			const index = (TOP_VIEWS as readonly ViewId[]).indexOf(root);
			return same(rootAt(state, index + (action.type === 'view.next' ? 1 : -1)));
		}

		case 'cursor.up': {
			return same(moveCursor(state, view, -1));
		}

		case 'cursor.down': {
			return same(moveCursor(state, view, 1));
		}

		case 'cursor.left': {
			return same(moveCursor(state, view, 0, -1));
		}

		case 'cursor.right': {
			return same(moveCursor(state, view, 0, 1));
		}

		case 'cursor.pageUp': {
			return same(moveCursor(state, view, -Math.max(1, view.pageRows)));
		}

		case 'cursor.pageDown': {
			return same(moveCursor(state, view, Math.max(1, view.pageRows)));
		}

		case 'cursor.first': {
			return same(moveCursor(state, view, 'first'));
		}

		case 'cursor.last': {
			return same(moveCursor(state, view, 'last'));
		}

		case 'drill.enter': {
			const target = view.drill();
			if (!target) return same(state);
			return same({
				...state,
				stack: [...state.stack, {view: target.view, params: target.params, cursor: ZERO_CURSOR, filter: ''}],
			});
		}

		case 'nav.back': {
			if (state.stack.length > 1) return same({...state, stack: state.stack.slice(0, -1)});
			if (entry.filter !== '') return same(setFilter(state, ''));
			return same(state);
		}

		case 'filter.open': {
			return same({...state, mode: 'filter', previousFilter: entry.filter});
		}

		case 'filter.insert': {
			return same(setFilter(state, entry.filter + action.key));
		}

		case 'filter.backspace': {
			return same(setFilter(state, [...entry.filter].slice(0, -1).join('')));
		}

		case 'filter.clear': {
			return same(setFilter(state, ''));
		}

		case 'filter.apply': {
			const applied = {...state, mode: 'normal' as const};
			if (entry.filter === '') return same(applied);
			// Grids keep every row: put the cursor on the first match so the filter has a visible effect.
			const matches = view.matches();
			if (matches.length === 0) return same({...applied, message: `no match for "${entry.filter}"`});
			if (matches.includes(entry.cursor.row)) return same(applied);
			return same(moveCursor(applied, view, (matches[0] ?? 0) - entry.cursor.row));
		}

		case 'filter.cancel': {
			const restored = entry.filter === state.previousFilter ? state : setFilter(state, state.previousFilter);
			return same({...restored, mode: 'normal'});
		}

		case 'filter.mode': {
			const filterMarks = !state.filterMarks;
			const toggled: NavState = {...state, filterMarks, message: filterMarks ? 'filter marks the matching rows (n/N jump)' : 'filter shows only the matching rows'};
			if (entry.filter === '') return same(toggled);
			// The row list changes (all rows ↔ only the matches): start again at the first match.
			const first = filterMarks ? (view.matches(true)[0] ?? 0) : 0;
			return same(replaceTop(toggled, {cursor: clampCursor({row: first, col: 0, scroll: 0}, view.extent(filterMarks), view.pageRows)}));
		}

		case 'match.next': {
			return same(jumpToMatch(state, view, 1));
		}

		case 'match.prev': {
			return same(jumpToMatch(state, view, -1));
		}

		case 'range.next': {
			return same(cyclePreset(state, 1));
		}

		case 'range.prev': {
			return same(cyclePreset(state, -1));
		}

		case 'range.back': {
			return same(shiftRange(state, view, -1));
		}

		case 'range.forward': {
			return same(shiftRange(state, view, 1));
		}

		case 'range.open': {
			return same({...state, mode: 'range', rangeText: ''});
		}

		case 'range.insert': {
			return same({...state, rangeText: state.rangeText + action.key});
		}

		case 'range.backspace': {
			return same({...state, rangeText: [...state.rangeText].slice(0, -1).join('')});
		}

		case 'range.cancel': {
			return same({...state, mode: 'normal', rangeText: ''});
		}

		case 'range.apply': {
			const text = state.rangeText.trim();
			if (text === '') return same({...state, mode: 'normal'});
			const parsed = view.parseRange?.(text) ?? {ok: false as const, message: 'typed ranges are not available here'};
			if (!parsed.ok) return same({...state, message: parsed.message});
			return same({...state, mode: 'normal', rangeText: '', range: parsed.range});
		}

		case 'metric.next': {
			return same({...state, metric: state.metric === 'occupancy' ? 'starts' : 'occupancy'});
		}

		case 'panel.toggle': {
			// Each view's own panel: the map's scale, the hosts view's heatmap.
			if (entry.view === 'map') return same({...state, mapRelative: !state.mapRelative});
			return same({...state, hostHeatmap: !state.hostHeatmap});
		}

		case 'sort.next':
		case 'sort.reverse': {
			if (view.sortColumns === 0) return same(state);
			const sort = sortOf(state, entry.view);
			const next =
				action.type === 'sort.next'
					? {column: (sort.column + 1) % view.sortColumns, descending: sort.descending}
					: {column: sort.column, descending: !sort.descending};
			return same({...state, sorts: {...state.sorts, [entry.view]: next}});
		}

		case 'data.reload': {
			return {state, effects: [{type: 'reload'}]};
		}

		case 'live.pause': {
			if (!state.live) return same({...state, message: 'live updates are off (L turns them on)'});
			return same({...state, paused: !state.paused});
		}

		case 'live.toggle': {
			return same({...state, live: !state.live, paused: false});
		}

		case 'export.open': {
			return same({...state, mode: 'export'});
		}

		case 'export.text':
		case 'export.csv':
		case 'export.json':
		case 'export.png': {
			const format = action.type === 'export.text' ? 'text' : action.type === 'export.csv' ? 'csv' : action.type === 'export.json' ? 'json' : 'png';
			return {state: {...state, mode: 'normal'}, effects: [{type: 'export', format}]};
		}

		case 'export.cancel': {
			return same({...state, mode: 'normal'});
		}
	}
}
