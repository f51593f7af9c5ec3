/**
 * The TUI shell: one reducer, one `useInput`, the terminal size, the live data hook, and the view on
 * top of the navigation stack between a header and a status/legend footer.
 *
 *   ┌ header: campus · range · zone · crumbs                          LIVE ┐  1 line
 *   │ view (or help, or "terminal too small")                              │  rows - 4
 *   │ status: updated 12s ago · filter: c1r   (or the filter prompt)       │  1 line
 *   └ legend: ? help  q quit  1-7 views  Enter open  Esc back  / filter    ┘  1 line
 *
 * The root is at most rows - 1 lines: a frame as tall as the terminal makes Ink clear the whole
 * screen on every update.
 */
import {Box, render, renderToString, Text, useApp, useInput, type Instance, type Key} from 'ink';
import {useCallback, useMemo, useRef, useState, type ReactElement} from 'react';
import type {CommandContext, ExitCode} from '../commands/types.js';
import type {Campus} from '../core/model.js';
import {sanitizeForTerminal} from '../core/sanitize.js';
import {ErrorBoundary} from './components/error-boundary.js';
import {FilterPrompt} from './components/filter-prompt.js';
import {Header} from './components/header.js';
import {HelpOverlay, helpMaxScroll} from './components/help-overlay.js';
import {KeyLegend} from './components/key-legend.js';
import {StatusBar} from './components/status-bar.js';
import {TooSmall} from './components/too-small.js';
import {buildDashboard, type Snapshot} from './dashboard.js';
import {exportView, type ExportRequest} from './export-view.js';
import {useLiveData, type LiveDataDeps} from './hooks/use-live-data.js';
import {useTerminalSize} from './hooks/use-terminal-size.js';
import type {ScopeContext} from './state/keymap.js';
import {canonicalKeys} from './state/keys.js';
import {
	clampCursor,
	currentEntry,
	initialNavState,
	navigate,
	sortOf,
	type Effect,
	type NavAction,
	type NavState,
	type StackEntry,
	type ViewContext,
} from './state/navigation.js';
import {resolveKey} from './state/resolve-key.js';
import type {DashboardData, RangePreset, Size, Theme, ViewDescriptor, ViewId, ViewParams, ViewState} from './view-contract.js';

/** Everything the shell needs from outside; tests pass fakes. */
export type AppDeps = {
	readonly views: Readonly<Record<ViewId, ViewDescriptor>>;
	readonly theme: Theme;
	readonly campus: Campus;
	readonly timeZone: string;
	readonly data: LiveDataDeps;
	/** Writes an export, returns the path (export-view.ts `exportView` bound to a directory). */
	exportView(request: ExportRequest): Promise<string>;
	/** Ctrl-L: clear the terminal (Ink's instance.clear). */
	readonly onRedraw?: () => void;
	/** Called once when the app quits, with its exit code. */
	readonly onExit?: (code: 0 | 1) => void;
	/** A fixed terminal size (tests); the real one otherwise. */
	readonly size?: Size;
	/** Sessions longer than this are anomalies. @default 24 h */
	readonly maxSessionMs?: number;
	/** A note shown in the status line (e.g. "the store is empty: run bigstat42 sync…"). */
	readonly notice?: string;
};

/** Where the app starts. */
export type AppStart = {
	readonly view?: ViewId;
	readonly params?: ViewParams;
	readonly range?: RangePreset;
	readonly live?: boolean;
};

/** Lines the chrome takes around the content: header + status (+ legend when interactive and tall enough). */
export function chromeLines(size: Size, interactive: boolean): number {
	return interactive && size.height >= 12 ? 3 : 2;
}

/** The content area: everything but the chrome, and one line kept free (rows - 1 rule). */
export function contentSize(size: Size, interactive: boolean): Size {
	return {width: size.width, height: Math.max(1, size.height - 1 - chromeLines(size, interactive))};
}

/** Rows a list view shows at once; its heading and a margin take two (page size for PgUp/PgDn). */
export function pageRows(content: Size): number {
	return Math.max(1, content.height - 2);
}

function crumb(entry: StackEntry, views: AppDeps['views']): string {
	const {params} = entry;
	switch (entry.view) {
		case 'host': {
			return params.host ?? 'host';
		}

		case 'user': {
			return params.login ?? 'user';
		}

		case 'event-user': {
			return params.eventUser ?? 'user';
		}

		case 'slot': {
			const days = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
			return `${days[params.weekday ?? 0] ?? '?'} ${String(params.hour ?? 0).padStart(2, '0')}:00`;
		}

		default: {
			return views[entry.view].title;
		}
	}
}

/** Crumbs of a navigation stack ("Hosts", "c1r2s3", "jdoe"), sanitised. */
export function crumbsOf(stack: readonly StackEntry[], views: AppDeps['views']): string[] {
	return stack.map((entry) => sanitizeForTerminal(crumb(entry, views)));
}

const extents = new WeakMap<DashboardData, Map<string, {readonly rows: number; readonly cols: number}>>();

/**
 * A view's extent, memoised per (data, view, params, filter, sort, metric): it does not depend on
 * the cursor, so moving never recomputes it (the shell asks for it on every move and every render).
 */
export function extentOf(view: ViewDescriptor, data: DashboardData, state: ViewState): {readonly rows: number; readonly cols: number} {
	let cache = extents.get(data);
	if (!cache) {
		cache = new Map();
		extents.set(data, cache);
	}

	const key = JSON.stringify([view.id, state.params, state.filter, state.sort.column, state.sort.descending, state.metric, state.live]);
	let extent = cache.get(key);
	if (!extent) {
		extent = view.extent(data, state);
		cache.set(key, extent);
	}

	return extent;
}

/** Tall terminals start with the hosts view's heatmap shown (there is room for it and a long table); `v` toggles it. */
function startsWithHostHeatmap(content: Size): boolean {
	return content.height >= 30;
}

/** The ViewState of the top of the stack as the navigation state has it (cheap: no extent). */
function unclampedViewState(state: NavState): ViewState {
	const entry = currentEntry(state);
	return {
		params: entry.params,
		cursor: entry.cursor,
		filter: entry.filter,
		sort: sortOf(state, entry.view),
		metric: state.metric,
		hostHeatmap: state.hostHeatmap,
		live: state.live,
	};
}

/** The ViewState of the top of the stack, cursor clamped to the view's extent. */
export function viewStateOf(state: NavState, view: ViewDescriptor, data: DashboardData, content: Size): ViewState {
	const entry = currentEntry(state);
	const base = unclampedViewState(state);
	if (view.cursorKind === 'none' && entry.cursor.row === 0) return base;
	const cursor = clampCursor(entry.cursor, extentOf(view, data, base), pageRows(content));
	return cursor === entry.cursor ? base : {...base, cursor};
}

/** The props of the pure screen. */
export type ScreenProps = {
	readonly views: AppDeps['views'];
	readonly theme: Theme;
	readonly size: Size;
	readonly nav: NavState;
	readonly data: DashboardData;
	readonly viewState: ViewState;
	/** Interactive screens have a legend and prompts; static frames do not. */
	readonly interactive: boolean;
	readonly status: {
		readonly loading: boolean;
		readonly lastUpdated: number;
		readonly wallClock: () => number;
		readonly error: string | null;
		readonly budgetLeft: number | undefined;
		readonly feedLabel: string | undefined;
		readonly note?: string | undefined;
		readonly scheduler?: LiveDataDeps['scheduler'];
	};
};

/** The whole screen for one state: pure, so it also renders static frames with renderToString. */
export function Screen(props: ScreenProps): ReactElement {
	const {views, theme, size, nav, data, viewState, interactive} = props;
	const entry = currentEntry(nav);
	const view = views[entry.view];
	const content = contentSize(size, interactive);
	const scope: ScopeContext = {view: entry.view, cursorKind: view.cursorKind, sortable: view.sortColumns.length > 0};
	const tooSmall = content.width < view.minSize.width || content.height < view.minSize.height;
	let body: ReactElement;
	if (nav.mode === 'help') {
		body = <HelpOverlay size={content} theme={theme} scroll={nav.helpScroll} />;
	} else if (tooSmall) {
		body = (
			<TooSmall
				size={content}
				needed={view.minSize}
				terminal={size}
				chrome={{width: 0, height: size.height - content.height}}
				theme={theme}
			/>
		);
	} else {
		body = (
			<ErrorBoundary key={`${entry.view}:${nav.stack.length}`} what={`${view.title} view`}>
				<view.Component data={data} size={content} theme={theme} state={viewState} />
			</ErrorBoundary>
		);
	}

	const badge = nav.live ? (nav.paused ? 'PAUSED' : 'LIVE') : '';
	const filterMatches = nav.mode === 'filter' && entry.filter !== '' && !tooSmall ? view.matches(data, viewState).length : undefined;
	return (
		<Box flexDirection="column" width={size.width} height={size.height - 1}>
			<Header
				width={size.width}
				theme={theme}
				campus={data.campus.name}
				rangeLabel={data.rangeLabel}
				timeZone={data.timeZone}
				crumbs={crumbsOf(nav.stack, views)}
				badge={badge}
			/>
			<Box height={content.height} width={size.width} overflow="hidden" flexDirection="column">
				{body}
			</Box>
			{nav.mode === 'filter' ? (
				<FilterPrompt width={size.width} theme={theme} text={entry.filter} matches={filterMatches} />
			) : (
				<StatusBar
					width={size.width}
					theme={theme}
					live={nav.live}
					paused={nav.paused}
					loading={props.status.loading}
					lastUpdated={props.status.lastUpdated}
					wallClock={props.status.wallClock}
					filter={entry.filter}
					error={props.status.error}
					message={nav.mode === 'export' ? 'export as: t text, c CSV, j JSON, p PNG (Esc cancels)' : nav.message}
					budgetLeft={props.status.budgetLeft}
					feedLabel={props.status.feedLabel}
					note={props.status.note}
					scheduler={interactive ? props.status.scheduler : undefined}
				/>
			)}
			{chromeLines(size, interactive) === 3 ? <KeyLegend width={size.width} theme={theme} mode={nav.mode} scope={scope} /> : null}
		</Box>
	);
}

/** The interactive app. Mount it only with a TTY on stdin and stdout. */
export function App({deps, start}: {readonly deps: AppDeps; readonly start?: AppStart}): ReactElement {
	const {exit} = useApp();
	const size = useTerminalSize(deps.size);
	const [nav, setNav] = useState<NavState>(() => initialNavState({...start, hostHeatmap: startsWithHostHeatmap(contentSize(size, true))}));
	const [, setRedraws] = useState(0);
	const live = useLiveData(deps.data, nav.live && !nav.paused);
	const {snapshot} = live;
	const {preset, offset} = nav.range;
	// The expensive part: built once per (snapshot, range), never per key or per render.
	const data = useMemo(
		() =>
			buildDashboard({
				campus: deps.campus,
				timeZone: deps.timeZone,
				snapshot,
				range: {preset, offset},
				maxSessionMs: deps.maxSessionMs,
			}),
		[deps.campus, deps.timeZone, deps.maxSessionMs, snapshot, preset, offset],
	);
	const entry = currentEntry(nav);
	const view = deps.views[entry.view];
	const content = contentSize(size, true);
	const viewState = useMemo(
		() => viewStateOf(nav, view, data, content),
		// Only what a ViewState is made of: a message or the help scroll does not rebuild it.
		// eslint-disable-next-line react-hooks/exhaustive-deps
		[entry, view, data, content.height, nav.sorts, nav.metric, nav.hostHeatmap, nav.live],
	);

	// The input handler reads the latest values through a ref, so useInput subscribes once.
	const latest = useRef({nav, data, view, viewState, content, live});
	latest.current = {nav, data, view, viewState, content, live};
	const exited = useRef(false);

	const quit = useCallback(
		(code: 0 | 1) => {
			if (exited.current) return;
			exited.current = true;
			deps.onExit?.(code);
			exit();
		},
		[deps, exit],
	);

	const runEffect = useCallback(
		(effect: Effect) => {
			const current = latest.current;
			switch (effect.type) {
				case 'quit': {
					quit(0);
					break;
				}

				case 'reload': {
					current.live.reload();
					break;
				}

				case 'redraw': {
					deps.onRedraw?.();
					setRedraws((count) => count + 1);
					break;
				}

				case 'export': {
					const request: ExportRequest = {
						format: effect.format,
						view: current.view,
						data: current.data,
						state: current.viewState,
						frameText: () =>
							renderToString(
								<Screen
									views={deps.views}
									theme={deps.theme}
									size={size}
									nav={{...current.nav, mode: 'normal', message: null}}
									data={current.data}
									viewState={current.viewState}
									interactive={false}
									status={{...current.live, wallClock: deps.data.wallClock, feedLabel: deps.data.feed?.label}}
								/>,
								{columns: size.width},
							),
					};
					const dispatchMessage = (text: string) => {
						setNav((state) => navigate(state, {type: 'message.set', text}, contextFor(deps, latest.current)).state);
					};

					deps.exportView(request).then(
						(file) => {
							dispatchMessage(`exported to ${file}`);
						},
						(error: unknown) => {
							dispatchMessage(`export failed: ${error instanceof Error ? error.message : String(error)}`);
						},
					);
					break;
				}
			}
		},
		[deps, quit, size],
	);

	const handleKey = useCallback(
		(name: string) => {
			const current = latest.current;
			const top = currentEntry(current.nav);
			const topView = deps.views[top.view];
			const scope: ScopeContext = {
				view: top.view,
				cursorKind: topView.cursorKind,
				sortable: topView.sortColumns.length > 0,
			};
			const action: NavAction | undefined = resolveKey(name, current.nav.mode, scope);
			if (!action) return;
			const transition = navigate(current.nav, action, contextFor(deps, current));
			if (transition.state !== current.nav) {
				// Keep the ref current so a second key in the same tick sees this one's result.
				latest.current = {...current, nav: transition.state};
				setNav(transition.state);
			}

			for (const effect of transition.effects) runEffect(effect);
		},
		[deps, runEffect],
	);

	// Several keys can arrive in one chunk (typing fast, key repeat over SSH, tmux send-keys).
	const onInput = useCallback(
		(input: string, key: Key) => {
			for (const name of canonicalKeys(input, key)) handleKey(name);
		},
		[handleKey],
	);

	useInput(onInput);

	return (
		<ErrorBoundary what="bigstat42" onError={() => quit(1)}>
			<Screen
				views={deps.views}
				theme={deps.theme}
				size={size}
				nav={nav}
				data={data}
				viewState={viewState}
				interactive
				status={{
					loading: live.loading,
					lastUpdated: live.lastUpdated,
					wallClock: deps.data.wallClock,
					error: live.error,
					budgetLeft: live.budgetLeft,
					feedLabel: deps.data.feed?.label,
					// The live notice (e.g. no API credentials) only matters while live mode is on.
					note: nav.live ? deps.notice : undefined,
					scheduler: deps.data.scheduler,
				}}
			/>
		</ErrorBoundary>
	);
}

/** The reducer's lazy view of the current view (extent, drill and matches computed on demand). */
function contextFor(
	deps: Pick<AppDeps, 'views' | 'theme'>,
	current: {readonly nav: NavState; readonly data: DashboardData; readonly content: Size},
): ViewContext {
	const entry = currentEntry(current.nav);
	const view = deps.views[entry.view];
	// Built from the state itself (cheap: no extent), so a key right after another sees its result.
	const state = unclampedViewState(current.nav);
	return {
		cursorKind: view.cursorKind,
		sortColumns: view.sortColumns.length,
		pageRows: pageRows(current.content),
		helpMaxScroll: current.nav.mode === 'help' ? helpMaxScroll(current.content, deps.theme.ascii) : undefined,
		extent: () => extentOf(view, current.data, state),
		drill: () => view.drill(current.data, state),
		matches: () => view.matches(current.data, state),
	};
}

/** What the TUI command passes to render a static frame. */
export type StaticFrameOptions = {
	readonly views: AppDeps['views'];
	readonly theme: Theme;
	readonly campus: Campus;
	readonly timeZone: string;
	readonly snapshot: Snapshot;
	readonly view: ViewId;
	readonly range: RangePreset;
	readonly size: Size;
};

/** One frame of a view as text (non-TTY, --once): no input handling is ever mounted. */
export function staticFrame(options: StaticFrameOptions): string {
	const nav = initialNavState({view: options.view, range: options.range, hostHeatmap: startsWithHostHeatmap(contentSize(options.size, false))});
	const data = buildDashboard({campus: options.campus, timeZone: options.timeZone, snapshot: options.snapshot, range: nav.range});
	const view = options.views[options.view];
	const viewState = viewStateOf(nav, view, data, contentSize(options.size, false));
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

type Streams = Pick<CommandContext, 'stdin' | 'stdout' | 'stderr'>;

function inkStreams(context: Streams) {
	return {
		stdin: context.stdin as NodeJS.ReadStream,
		stdout: context.stdout as NodeJS.WriteStream,
		stderr: context.stderr as NodeJS.WriteStream,
	};
}

/** Options of `runInteractive`. */
export type InteractiveOptions = Omit<AppDeps, 'exportView' | 'onRedraw' | 'onExit'> & {
	readonly exportDir: string;
	readonly start: AppStart;
};

/** Mounts the app on the terminal and resolves with its exit code when it quits. */
export async function runInteractive(context: Streams & {readonly clock: () => number}, options: InteractiveOptions): Promise<ExitCode> {
	let code: 0 | 1 = 0;
	let instance: Instance | undefined;
	const {exportDir, start, ...rest} = options;
	const deps: AppDeps = {
		...rest,
		exportView: async (request) => exportView(request, {dir: exportDir, now: context.clock()}),
		onRedraw() {
			instance?.clear();
		},
		onExit(exitCode) {
			code = exitCode;
		},
	};
	// Ctrl-C is a key binding (it must quit from the filter prompt too), not Ink's default handler.
	instance = render(<App deps={deps} start={start} />, {...inkStreams(context), exitOnCtrlC: false, patchConsole: true});
	await instance.waitUntilExit();
	return code;
}

/** Shows a message full-screen until a key is pressed (an empty store in interactive mode). */
export async function showMessage(context: Streams, message: string): Promise<void> {
	function Message(): ReactElement {
		const {exit} = useApp();
		useInput(() => {
			exit();
		});
		return (
			<Box flexDirection="column">
				<Text>{sanitizeForTerminal(message)}</Text>
				<Text>Press any key to exit.</Text>
			</Box>
		);
	}

	const instance = render(<Message />, {...inkStreams(context), exitOnCtrlC: false});
	await instance.waitUntilExit();
}
