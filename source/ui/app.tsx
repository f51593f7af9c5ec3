/**
 * The interactive app: one reducer, one `useInput`, the terminal size and the live data hook
 * around the pure <Screen>. Mount it with `runInteractive` (mount.tsx), only with a TTY.
 */
import {useApp, useInput, useStdout, type Key} from 'ink';
import {useCallback, useEffect, useMemo, useRef, useState, type ReactElement} from 'react';
import type {LiveDataDeps} from '../app/live/contract.js';
import {errorMessage} from '../core/system-error.js';
import type {WindowSpec} from '../app/window.js';
import {ErrorBoundary} from './components/error-boundary.js';
import {buildDashboard} from './dashboard.js';
import type {ExportRequest} from './export-view.js';
import {useLiveData} from './hooks/use-live-data.js';
import {useTerminalSize} from './hooks/use-terminal-size.js';
import {contentSize, startsWithHostHeatmap} from './shell/layout.js';
import {scopeOf} from './shell/scope.js';
import {Screen} from './shell/screen.js';
import {contextFor, viewStateOf} from './shell/view-state.js';
import {canonicalKeys} from './state/keys.js';
import {currentEntry, initialNavState, navigate, type Effect, type NavAction, type NavState} from './state/navigation.js';
import {resolveKey} from './state/resolve-key.js';
import {wholeViewText} from './static-frame.js';
import type {RangePreset, Size, ViewId, ViewParams} from './view-contract.js';
import type {ShellOptions} from './shell/options.js';

/** Erases the whole screen and homes the cursor (Ctrl-L); Ink then writes the last frame again. */
export const CLEAR_SCREEN = '\u001B[2J\u001B[3J\u001B[H';

/** Everything the shell needs from outside; tests pass fakes. */
export type AppDeps = ShellOptions & {
	readonly data: LiveDataDeps;
	/** Writes an export, returns the path (export-view.ts `exportView` bound to a directory). */
	exportView(request: ExportRequest): Promise<string>;
	/** Called once when the app quits, with its exit code. */
	readonly onExit?: (code: 0 | 1) => void;
	/** A fixed terminal size (tests); the real one otherwise. */
	readonly size?: Size;
	/** A note shown in the status line (e.g. "the store is empty: run bigstat42 sync…"). */
	readonly notice?: string;
};

/** Where the app starts. */
export type AppStart = {
	readonly view?: ViewId;
	readonly params?: ViewParams;
	/** A preset or any window spec (--days, --from/--to). */
	readonly range?: RangePreset | WindowSpec;
	readonly live?: boolean;
};


/** The interactive app. Mount it only with a TTY on stdin and stdout. */
export function App({deps, start}: {readonly deps: AppDeps; readonly start?: AppStart}): ReactElement {
	const {exit} = useApp();
	const {write} = useStdout();
	const size = useTerminalSize(deps.size);
	const [nav, setNav] = useState<NavState>(() => initialNavState({...start, hostHeatmap: startsWithHostHeatmap(contentSize(size, true))}));
	const live = useLiveData(deps.data, nav.live && !nav.paused);
	const {snapshot} = live;
	const {range} = nav;
	// The expensive part: built once per (snapshot, range), never per key or per render.
	const data = useMemo(
		() =>
			buildDashboard({
				campus: deps.campus,
				timeZone: deps.timeZone,
				snapshot,
				range,
				maxSessionMs: deps.maxSessionMs,
				top: deps.top,
			}),
		[deps.campus, deps.timeZone, deps.maxSessionMs, deps.top, snapshot, range],
	);
	const entry = currentEntry(nav);
	const view = deps.views[entry.view];
	const content = contentSize(size, true);
	const viewState = useMemo(
		() => viewStateOf(nav, view, data, content, deps.theme),
		// Only what a ViewState is made of: a message or the help scroll does not rebuild it.
		// eslint-disable-next-line react-hooks/exhaustive-deps
		[entry, view, data, content.height, nav.sorts, nav.metric, nav.hostHeatmap, nav.mapRelative, nav.live],
	);

	// New data (live mode, r) can move the row under the cursor: keep the cursor on the same host,
	// login or session, not on the same row index.
	const shown = useRef({data, viewState, view});
	useEffect(() => {
		const before = shown.current;
		shown.current = {data, viewState, view};
		if (before.data === data || before.view !== view || !view.keyAt || !view.indexOfKey) return;
		const key = view.keyAt(before.data, before.viewState);
		if (key === undefined) return;
		const row = view.indexOfKey(data, viewState, key);
		if (row < 0 || row === viewState.cursor.row) return;
		setNav((state) => navigate(state, {type: 'cursor.follow', row}, contextFor(deps.views, deps.theme, {...latest.current, nav: state})).state);
	}, [data, viewState, view, deps]);

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
					// Ink's stdout write erases its frame, writes this, then writes the frame again.
					write(CLEAR_SCREEN);
					break;
				}

				case 'export': {
					const request: ExportRequest = {
						format: effect.format,
						view: current.view,
						data: current.data,
						state: current.viewState,
						frameText: () =>
							wholeViewText({
								views: deps.views,
								theme: deps.theme,
								nav: current.nav,
								data: current.data,
								state: current.viewState,
								view: current.view,
								size,
								status: {...current.live, wallClock: deps.data.wallClock, feedLabel: deps.data.feed?.label},
							}),
					};
					const dispatchMessage = (text: string) => {
						setNav((state) => navigate(state, {type: 'message.set', text}, contextFor(deps.views, deps.theme, latest.current)).state);
					};

					deps.exportView(request).then(
						(file) => {
							dispatchMessage(`exported to ${file}`);
						},
						(error: unknown) => {
							dispatchMessage(`export failed: ${errorMessage(error)}`);
						},
					);
					break;
				}
			}
		},
		[deps, quit, size, write],
	);

	const handleKey = useCallback(
		(name: string) => {
			const current = latest.current;
			const top = currentEntry(current.nav);
			const topView = deps.views[top.view];
			const action: NavAction | undefined = resolveKey(name, current.nav.mode, scopeOf(topView, current.nav));
			if (!action) return;
			const transition = navigate(current.nav, action, contextFor(deps.views, deps.theme, current));
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
					note: [nav.live ? deps.notice : undefined, live.note].filter(Boolean).join(' · ') || undefined,
					scheduler: deps.data.scheduler,
				}}
			/>
		</ErrorBoundary>
	);
}

