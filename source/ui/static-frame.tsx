/**
 * One frame of a view as text (no terminal, or --once): the pure <Screen> through renderToString;
 * no input handling is ever mounted.
 */
import {renderToString} from 'ink';
import type {Snapshot} from '../app/live/contract.js';
import type {WindowSpec} from '../app/window.js';
import type {Campus} from '../core/model.js';
import {buildDashboard} from './dashboard.js';
import {contentSize, startsWithHostHeatmap} from './shell/layout.js';
import {Screen} from './shell/screen.js';
import {viewStateOf} from './shell/view-state.js';
import {initialNavState} from './state/navigation.js';
import type {RangePreset, Size, Theme, ViewDescriptor, ViewId} from './view-contract.js';

/** What the TUI command passes to render a static frame. */
export type StaticFrameOptions = {
	readonly views: Readonly<Record<ViewId, ViewDescriptor>>;
	readonly theme: Theme;
	readonly campus: Campus;
	readonly timeZone: string;
	readonly snapshot: Snapshot;
	readonly view: ViewId;
	readonly range: RangePreset | WindowSpec;
	/** @default 24 h */
	readonly maxSessionMs?: number;
	/** @default 20 */
	readonly top?: number;
	readonly size: Size;
};

/** One frame of a view as text (non-TTY, --once): no input handling is ever mounted. */
export function staticFrame(options: StaticFrameOptions): string {
	const nav = initialNavState({view: options.view, range: options.range, hostHeatmap: startsWithHostHeatmap(contentSize(options.size, false))});
	const data = buildDashboard({campus: options.campus, timeZone: options.timeZone, snapshot: options.snapshot, range: nav.range, maxSessionMs: options.maxSessionMs, top: options.top});
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

