/**
 * `bigstat42` with no sub-command: the interactive dashboard, or — without a terminal, or with
 * `--once` / `--json` — one static frame or a JSON document. The flags are checked in
 * tui-flags.ts, the live source is chosen in app/live/sources.ts; Ink and the app are imported
 * dynamically, after cli.tsx has settled FORCE_COLOR (chalk reads it once, at import).
 */
import path from 'node:path';
import {LiveSourceError, openLiveSource} from '../app/live/sources.js';
import type {Dataset} from '../app/dataset.js';
import {presetSpec, resolveWindow, type WindowSpec} from '../app/window.js';
import {aggregateFlags, commandAggregates, NO_DATA_HINT, openCommandDataset, resolveWindowFlags} from './common.js';
import {parseTuiFlags, tuiHelp} from './tui-flags.js';
import {toJson} from '../core/json.js';
import type {Command, CommandContext, ExitCode} from './types.js';

/** The TUI command. */
export const tuiCommand: Command = {
	name: 'tui',
	async run(context) {
		const parsed = parseTuiFlags(context);
		if (parsed.kind === 'help') {
			context.stdout.write(tuiHelp);
			return 0;
		}

		const {options} = parsed;
		if (context.argv.includes('--interactive') && !(context.stdinIsTTY && context.stdoutIsTTY)) {
			context.stderr.write('bigstat42: the dashboard needs an interactive terminal; use --once or --json\n');
			return 2;
		}

		// An empty store is not an error, as for summary: stderr says where it is and how to fill it,
		// --json prints the empty document and --once the empty frame, exit 0.
		const {dataset, now} = await openCommandDataset(context, options.data, tuiHelp, {quietIfEmpty: options.interactive || options.watch !== undefined});
		try {
			return await run(context, options, dataset, now);
		} finally {
			await dataset.close();
		}
	},
};

async function run(
	context: CommandContext,
	options: Extract<ReturnType<typeof parseTuiFlags>, {kind: 'ok'}>['options'],
	source: Dataset,
	now: number,
): Promise<ExitCode> {
	const {timeZone} = source;
	// --days / --from / --to as for summary (the same window rules); else the --range preset.
	const {days, from, to} = options.rangeFlags;
	const spec: WindowSpec = days === undefined && from === undefined && to === undefined ? presetSpec(options.range) : resolveWindowFlags(options.rangeFlags, source, now, tuiHelp).spec;
	const {maxSessionMs, top} = aggregateFlags(options.rangeFlags, tuiHelp);
	if (options.json && options.viewGiven) {
		// One view's table as the e → j export writes it (columns, rows, range, campus).
		const [{VIEWS}, {buildDashboard}, {exportContent}, {initialNavState}, {unclampedViewState}] = await Promise.all([
			import('../ui/registry.js'),
			import('../ui/dashboard.js'),
			import('../ui/export-view.js'),
			import('../ui/state/navigation.js'),
			import('../ui/shell/view-state.js'),
		]);
		const data = buildDashboard({campus: source.campus, timeZone, snapshot: {sessions: source.sessions, events: source.events, now, version: 0}, range: spec, maxSessionMs, top});
		const state = unclampedViewState(initialNavState({view: options.view}));
		context.stdout.write(exportContent({format: 'json', view: VIEWS[options.view], data, state, frameText: () => ''}));
		return 0;
	}

	if (options.json) {
		const window = resolveWindow(spec, {now, timeZone, dataStart: source.dataStart(now)});
		const summary = commandAggregates(source, now, options.rangeFlags, tuiHelp, window).window(window).summary();
		context.stdout.write(`${toJson(summary, 2)}\n`);
		return 0;
	}

	const [{createTheme, VIEWS}, {staticFrame}] = await Promise.all([import('../ui/registry.js'), import('../ui/static-frame.js')]);
	const theme = createTheme({color: options.color, ascii: options.ascii});
	if (!options.interactive) {
		// One frame shows one window (and the overview its previous period): only their segments are
		// read, unless the view lists every host ever seen.
		const dataStart = source.dataStart(now);
		const window = resolveWindow(spec, {now, timeZone, dataStart});
		const tables = VIEWS[options.view].needsEveryHost ? source : source.tablesFor([window, window.previous], {now, maxSessionMs});
		const snapshot = {sessions: tables.sessions, events: tables.events, now, version: 0};
		const frame = staticFrame({views: VIEWS, theme, campus: source.campus, timeZone, snapshot, view: options.view, range: spec, maxSessionMs, top, dataStart, size: {width: options.width, height: options.height}});
		context.stdout.write(`${frame}\n`);
		return 0;
	}

	const mount = await import('../ui/mount.js');
	let live;
	try {
		live = await openLiveSource({
			source,
			now,
			timeZone,
			pinnedNow: options.data.now !== undefined,
			seed: options.seed,
			watch: options.watch,
			intervalMs: options.intervalMs,
			apiUrl: options.apiUrl,
			env: context.env,
			cwd: context.cwd,
			clock: context.clock,
		});
	} catch (error) {
		if (!(error instanceof LiveSourceError)) throw error;
		context.stderr.write(`bigstat42: ${error.message}\n`);
		return 1;
	}

	const first = live.deps.initial;
	if (first.sessions.size === 0 && first.events.size === 0) {
		live.close();
		await mount.showMessage(context, `bigstat42: ${NO_DATA_HINT}`);
		return 0;
	}

	try {
		return await mount.runInteractive(context, {
			views: VIEWS,
			theme,
			campus: source.campus,
			timeZone,
			data: live.deps,
			exportDir: context.env['BIGSTAT42_EXPORT_DIR'] ? path.resolve(context.cwd, context.env['BIGSTAT42_EXPORT_DIR']) : context.cwd,
			maxSessionMs,
			top,
			start: {view: options.view, range: spec, live: options.live},
			notice: live.notice,
		});
	} finally {
		live.close();
	}
}
