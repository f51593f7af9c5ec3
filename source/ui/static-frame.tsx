/**
 * One frame of a view as text (no terminal, or --once): the pure <Screen> through renderToString;
 * no input handling is ever mounted.
 */
import {stripVTControlCharacters} from 'node:util';
import {renderToString} from 'ink';
import type {Snapshot} from '../app/live/contract.js';
import type {WindowSpec} from '../app/window.js';
import {buildDashboard} from './dashboard.js';
import {contentSize, startsWithHostHeatmap} from './shell/layout.js';
import type {ShellOptions} from './shell/options.js';
import {Screen, type ScreenProps} from './shell/screen.js';
import {extentOf, viewStateOf} from './shell/view-state.js';
import {initialNavState, type NavState} from './state/navigation.js';
import {extraGlyphs} from './theme.js';
import type {DashboardData, RangePreset, Size, Theme, ViewDescriptor, ViewId, ViewState} from './view-contract.js';

/** What the TUI command passes to render a static frame. */
export type StaticFrameOptions = ShellOptions & {
	readonly snapshot: Snapshot;
	readonly view: ViewId;
	readonly range: RangePreset | WindowSpec;
	readonly size: Size;
	/** The first instant of the whole data when `snapshot` holds only the range's tables. */
	readonly dataStart?: number | undefined;
};

/** One frame of a view as text (non-TTY, --once): no input handling is ever mounted. */
export function staticFrame(options: StaticFrameOptions): string {
	const nav = initialNavState({view: options.view, range: options.range, hostHeatmap: startsWithHostHeatmap(contentSize(options.size, false))});
	const data = buildDashboard({campus: options.campus, timeZone: options.timeZone, snapshot: options.snapshot, range: nav.range, maxSessionMs: options.maxSessionMs, top: options.top, dataStart: options.dataStart});
	const view = options.views[options.view];
	const viewState = viewStateOf(nav, view, data, contentSize(options.size, false), options.theme);
	const frame = renderToString(
		<Screen
			views={options.views}
			theme={options.theme}
			size={options.size}
			nav={nav}
			data={data}
			viewState={viewState}
			interactive={false}
			status={{loading: false, lastUpdated: 0, wallClock: () => 0, error: null, budgetLeft: undefined, feedLabel: undefined}}
		/>,
		{columns: options.size.width},
	);
	// Trailing blank lines of the fixed-height root say nothing in a pipe.
	return frame.replace(/\s+$/, '');
}


/** What `wholeViewText` draws. */
export type WholeViewOptions = {
	readonly views: Readonly<Record<ViewId, ViewDescriptor>>;
	readonly theme: Theme;
	readonly nav: NavState;
	readonly data: DashboardData;
	readonly state: ViewState;
	readonly view: ViewDescriptor;
	/** The terminal: the text is as wide, and at least as tall. */
	readonly size: Size;
	readonly status: ScreenProps['status'];
};

/**
 * The whole current view as text (`e` → `t`): tall enough for every row of its list, from the
 * first row, without the cursor marker, the key legend or a prompt.
 */
export function wholeViewText(options: WholeViewOptions): string {
	const {view, data, state} = options;
	const rows = view.cursorKind === 'list' ? extentOf(view, data, state).rows : 0;
	// Headings, table header, panels and chrome: the list gets its rows and the view its usual room.
	const height = Math.max(options.size.height, rows + options.size.height);
	const top = {...state, cursor: {...state.cursor, row: 0, scroll: 0}};
	const text = renderToString(
		<Screen
			views={options.views}
			theme={options.theme}
			size={{width: options.size.width, height}}
			nav={{...options.nav, mode: 'normal', message: null}}
			data={data}
			viewState={top}
			interactive={false}
			status={options.status}
		/>,
		{columns: options.size.width},
	);
	const pointer = extraGlyphs(options.theme).pointer;
	const lines = text.split('\n');
	// The list's first row carries the cursor marker: an export has no cursor.
	const marked = view.cursorKind === 'list' ? lines.findIndex((line) => stripVTControlCharacters(line).startsWith(`${pointer} `)) : -1;
	if (marked >= 0) lines[marked] = `  ${stripVTControlCharacters(lines[marked] ?? '').slice(pointer.length + 1)}`;
	return lines.join('\n').replace(/\s+$/, '');
}
