/**
 * From the navigation state to what a view draws (its ViewState, cursor clamped to its extent and
 * page) and to what the reducer may ask about it (ViewContext). Extents and pages are memoised per
 * data snapshot, so a cursor move recomputes neither.
 */
import {parseRangeText} from '../../app/range-text.js';
import {helpMaxScroll} from '../components/help-overlay.js';
import {clampCursor, currentEntry, sortOf, ZERO_CURSOR, type NavState, type ViewContext} from '../state/navigation.js';
import {scopeOf} from './scope.js';
import type {DashboardData, Size, Theme, ViewDescriptor, ViewId, ViewState} from '../view-contract.js';

type Extent = {readonly rows: number; readonly cols: number};

const extents = new WeakMap<DashboardData, Map<string, Extent>>();
const pages = new WeakMap<DashboardData, Map<string, number>>();

function stateKey(view: ViewDescriptor, state: ViewState): string {
	return JSON.stringify([view.id, state.params, state.filter, state.filterMarks, state.sort.column, state.sort.descending, state.metric, state.live, state.hostHeatmap, state.mapRelative]);
}

function cached<T>(store: WeakMap<DashboardData, Map<string, T>>, data: DashboardData, key: string, compute: () => T): T {
	let cache = store.get(data);
	if (!cache) {
		cache = new Map();
		store.set(data, cache);
	}

	let value = cache.get(key);
	if (value === undefined) {
		value = compute();
		cache.set(key, value);
	}

	return value;
}

/**
 * A view's extent, memoised per (data, view, params, filter, sort, metric): it does not depend on
 * the cursor, so moving never recomputes it (the shell asks for it on every move and every render).
 */
export function extentOf(view: ViewDescriptor, data: DashboardData, state: ViewState): Extent {
	return cached(extents, data, stateKey(view, state), () => view.extent(data, state));
}

/** Rows of a list the view shows at once without a layout of its own: its heading and the table header take two. */
export function defaultPage(size: Size): number {
	return Math.max(1, size.height - 2);
}

/**
 * Rows of its list the view shows at once at this size (PgUp/PgDn step, scroll window): the view
 * that lays out the rows owns the figure; memoised like the extent (it does not depend on the cursor).
 */
export function pageOf(view: ViewDescriptor, data: DashboardData, state: ViewState, size: Size, theme: Theme): number {
	if (!view.page) return defaultPage(size);
	const page = view.page;
	return cached(pages, data, `${size.width}x${size.height}|${stateKey(view, state)}`, () => page(data, {...state, cursor: ZERO_CURSOR}, size, theme));
}

/** The ViewState of the top of the stack as the navigation state has it (cheap: no extent). */
export function unclampedViewState(state: NavState): ViewState {
	const entry = currentEntry(state);
	return {
		params: entry.params,
		cursor: entry.cursor,
		filter: entry.filter,
		filterMarks: state.filterMarks,
		sort: sortOf(state, entry.view),
		metric: state.metric,
		hostHeatmap: state.hostHeatmap,
		mapRelative: state.mapRelative,
		live: state.live,
	};
}

/** The ViewState of the top of the stack, cursor clamped to the view's extent and page. */
export function viewStateOf(state: NavState, view: ViewDescriptor, data: DashboardData, content: Size, theme: Theme): ViewState {
	const entry = currentEntry(state);
	const base = unclampedViewState(state);
	if (view.cursorKind === 'none' && entry.cursor.row === 0) return base;
	const cursor = clampCursor(entry.cursor, extentOf(view, data, base), pageOf(view, data, base, content, theme));
	return cursor === entry.cursor ? base : {...base, cursor};
}

/** The reducer's lazy view of the current view (extent, page, drill and matches computed on demand). */
export function contextFor(
	views: Readonly<Record<ViewId, ViewDescriptor>>,
	theme: Theme,
	current: {readonly nav: NavState; readonly data: DashboardData; readonly content: Size},
): ViewContext {
	const entry = currentEntry(current.nav);
	const view = views[entry.view];
	// Built from the state itself (cheap: no extent), so a key right after another sees its result.
	const state = unclampedViewState(current.nav);
	return {
		cursorKind: view.cursorKind,
		sortColumns: view.sortColumns.length,
		// The help scrolls by its own page (its title takes a line).
		pageRows: current.nav.mode === 'help' ? Math.max(1, current.content.height - 1) : pageOf(view, current.data, state, current.content, theme),
		helpMaxScroll: current.nav.mode === 'help' ? helpMaxScroll(current.content, theme.ascii, scopeOf(view, current.nav)) : undefined,
		canStepBack: current.data.window.canStepBack,
		parseRange(text) {
			const parsed = parseRangeText(text, current.data.timeZone);
			return parsed.ok ? {ok: true, range: parsed.spec} : parsed;
		},
		extent: (filterMarks) => extentOf(view, current.data, filterMarks === undefined ? state : {...state, filterMarks}),
		drill: () => view.drill(current.data, state),
		matches: (filterMarks) => view.matches(current.data, filterMarks === undefined ? state : {...state, filterMarks}),
	};
}
