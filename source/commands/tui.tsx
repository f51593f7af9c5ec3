/**
 * `bigstat42` with no sub-command: the interactive dashboard, or — without a terminal, or with
 * `--once` / `--json` — one static frame or the summary JSON. Ink and the app are imported
 * dynamically, after cli.tsx has settled FORCE_COLOR (chalk reads it once, at import).
 */
import path from 'node:path';
import type {EventRecord} from '../core/model.js';
import {Aggregates} from '../app/aggregates.js';
import {presetSpec, resolveWindow} from '../app/window.js';
import {isValidTimeZone} from '../core/time.js';
import {resolveCredentials} from '../data/credentials.js';
import {makeRedactor} from '../data/intra/errors.js';
import type {DataSource} from '../data/source.js';
import type {Store} from '../data/store-types.js';
import {DEFAULT_API_URL, normalizeApiUrl} from '../data/sync/connect.js';
import type {LivePoller} from '../data/sync/live.js';
import {storedCampusId} from '../data/sync/state.js';
import type {Snapshot} from '../ui/dashboard.js';
import type {LiveDataDeps, LiveFeed, SnapshotData} from '../ui/hooks/use-live-data.js';
import {apiPollIntervalMs} from '../ui/live/budget.js';
import {RANGE_PRESETS, TOP_VIEWS, type RangePreset, type TopViewId} from '../ui/view-contract.js';
import {dataFlags, dataFlagsHelp, NO_DATA_HINT, openCommandDataset} from './common.js';
import {parseCommandFlags} from './flags.js';
import {UsageError, type Command, type CommandContext, type ExitCode} from './types.js';
import {toJson} from '../core/json.js';

const help = `
  Usage
    $ bigstat42 [flags]

  The interactive dashboard (press ? inside for every key). Without a terminal on stdin and
  stdout, or with --once, it prints one static frame; --json prints the summary instead.

  Flags
    --range R           1d, 7d, 30d, 90d or all (default 7d); t/T and [/] change it inside
    --view NAME         starting view: ${TOP_VIEWS.join(', ')} (default overview)
    --once              print one static frame and exit
    --json              print the summary of the range as JSON and exit
    --width N           static frame width (default 80)
    --height N          static frame height (default 24)
    --interactive       insist on the interactive UI (exit 2 without a terminal)
    --live              refresh on an interval (L toggles it inside, p pauses)
    --watch FILE        follow an NDJSON event file as it grows (implies --live)
    --interval SECONDS  live refresh period (API polls never exceed 5 % of the hourly budget)
    --api-url URL       42 API base URL for live polling (default https://api.intra.42.fr)
    --no-color          no colours (also NO_COLOR=1 or TERM=dumb)
    --ascii             ASCII glyphs only
${dataFlagsHelp}

  Without data, run \`bigstat42 sync\` or \`bigstat42 import FILE\` first, or try --demo.

  Examples
    $ bigstat42 --demo
    $ bigstat42 --demo --live
    $ bigstat42 --view heatmap --range 30d --once --width 120 --height 40
    $ bigstat42 --watch events.ndjson
`;

const flags = {
	...dataFlags,
	range: {type: 'string', default: '7d'},
	view: {type: 'string', default: 'overview'},
	once: {type: 'boolean', default: false},
	json: {type: 'boolean', default: false},
	width: {type: 'number'},
	height: {type: 'number'},
	interactive: {type: 'boolean', default: false},
	live: {type: 'boolean', default: false},
	watch: {type: 'string'},
	interval: {type: 'number'},
	apiUrl: {type: 'string'},
	color: {type: 'boolean', default: true},
	ascii: {type: 'boolean', default: false},
} as const;

/** The hint printed (or shown) when there is nothing to show. */
function isSet(value: string | undefined): boolean {
	return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}

function positiveInteger(value: number | undefined, name: string, minimum: number, fallback: number): number {
	if (value === undefined) return fallback;
	if (!Number.isInteger(value) || value < minimum) throw new UsageError(`--${name} must be a whole number >= ${minimum}, got ${value}`, help);
	return value;
}

/** The TUI command. */
export const tuiCommand: Command = {
	name: 'tui',
	summary: 'The interactive dashboard (default when no command is given)',
	async run(context) {
		const parsed = parseCommandFlags(context, help, flags);
		if (parsed.kind === 'help') {
			context.stdout.write(help);
			return 0;
		}

		const values = parsed.flags;
		if (parsed.input.length > 0) throw new UsageError(`unknown command "${parsed.input[0]}"`, help);
		if (!(RANGE_PRESETS as readonly string[]).includes(values.range)) {
			throw new UsageError(`--range must be one of ${RANGE_PRESETS.join(', ')}, got "${values.range}"`, help);
		}

		if (!(TOP_VIEWS as readonly string[]).includes(values.view)) {
			throw new UsageError(`--view must be one of ${TOP_VIEWS.join(', ')}, got "${values.view}"`, help);
		}

		const width = positiveInteger(values.width, 'width', 20, 80);
		const height = positiveInteger(values.height, 'height', 5, 24);
		if (values.interval !== undefined && !(values.interval > 0)) throw new UsageError(`--interval must be a positive number of seconds`, help);
		if (values.tz !== undefined && !isValidTimeZone(values.tz)) {
			throw new UsageError(`--tz "${values.tz}" is not an IANA time zone (e.g. Europe/Paris, UTC)`, help);
		}

		const range = values.range as RangePreset;
		const view = values.view as TopViewId;
		const hasTerminal = context.stdinIsTTY && context.stdoutIsTTY;
		if (values.interactive && !hasTerminal) {
			context.stderr.write('bigstat42: the dashboard needs an interactive terminal; use --once or --json\n');
			return 2;
		}

		const interactive = !values.once && !values.json && hasTerminal && (values.interactive || !isSet(context.env['CI']));
		const color = values.color && !context.env['NO_COLOR'] && context.env['TERM'] !== 'dumb';

		const {dataset: source, now} = await openCommandDataset(context, values, help, {quietIfEmpty: true});
		const timeZone = source.timeZone;
		const empty = source.sessions.size === 0 && source.events.size === 0;
		if (empty && !interactive) {
			context.stderr.write(`bigstat42: ${NO_DATA_HINT}\n`);
			await source.store?.close();
			return 1;
		}

		if (values.json) {
			const window = resolveWindow(presetSpec(range), {now, timeZone, dataStart: source.dataStart(now)});
			const summary = new Aggregates(source, {now, timeZone}).window(window).summary();
			context.stdout.write(`${toJson(summary, 2)}\n`);
			await source.store?.close();
			return 0;
		}

		const [{createTheme, VIEWS}, ui] = await Promise.all([import('../ui/registry.js'), import('../ui/app.js')]);
		const theme = createTheme({color, ascii: values.ascii});
		if (!interactive) {
			const frame = ui.staticFrame({views: VIEWS, theme, campus: source.campus, timeZone, snapshot: {sessions: source.sessions, events: source.events, now, version: 0}, view, range, size: {width, height}});
			context.stdout.write(`${frame}\n`);
			await source.store?.close();
			return 0;
		}

		if (empty) {
			await ui.showMessage(context, `bigstat42: ${NO_DATA_HINT}`);
			await source.store?.close();
			return 1;
		}

		const live = await liveDeps(context, source, {now, timeZone, pinnedNow: values.now !== undefined, seed: values.seed ?? 42, watch: values.watch, intervalSeconds: values.interval, apiUrl: values.apiUrl});
		try {
			return await ui.runInteractive(context, {
				views: VIEWS,
				theme,
				campus: source.campus,
				timeZone,
				data: live.deps,
				exportDir: context.env['BIGSTAT42_EXPORT_DIR'] ? path.resolve(context.cwd, context.env['BIGSTAT42_EXPORT_DIR']) : context.cwd,
				start: {view, range, live: values.live || values.watch !== undefined},
				notice: live.notice,
			});
		} finally {
			live.close();
			await source.store?.close();
		}
	},
};

/**
 * The data side of the interactive app: the initial snapshot, how to reload it, and the live feed
 * (demo clock, watched file, or the store re-read on an interval).
 */
async function liveDeps(
	context: CommandContext,
	source: DataSource,
	options: {
		readonly now: number;
		readonly timeZone: string;
		readonly pinnedNow: boolean;
		readonly seed: number;
		readonly watch: string | undefined;
		readonly intervalSeconds: number | undefined;
		readonly apiUrl: string | undefined;
	},
): Promise<{deps: LiveDataDeps; notice?: string; close(): void}> {
	const initial: SnapshotData = {sessions: source.sessions, events: source.events, now: options.now};
	const intervalMs = options.intervalSeconds === undefined ? undefined : options.intervalSeconds * 1000;
	// With a pinned --now the clock starts there and advances with the wall clock.
	const started = context.clock();
	const runNow = () => (options.pinnedNow ? options.now + (context.clock() - started) : context.clock());
	const wallClock = () => context.clock();

	if (options.watch !== undefined) {
		const {EventNormaliser} = await import('../data/importers/records.js');
		const {createWatchFeed} = await import('../ui/live/watch-feed.js');
		const normaliser = new EventNormaliser(options.timeZone);
		const file = path.resolve(context.cwd, options.watch);
		const watched = createWatchFeed({
			file,
			initial,
			intervalMs: intervalMs ?? 1000,
			now: runNow,
			parse(line): EventRecord | string {
				try {
					return normaliser.normalise(JSON.parse(line));
				} catch (error) {
					return error instanceof Error ? error.message : String(error);
				}
			},
		});
		return {deps: {initial, reload: watched.reload, feed: watched.feed, wallClock}, close() {}};
	}

	if (source.origin === 'demo') {
		const {liveDemoChanges} = await import('../core/demo.js');
		const {createDemoFeed} = await import('../ui/live/demo-feed.js');
		const demo = createDemoFeed({campus: source.campus, initial, seed: options.seed, changes: liveDemoChanges, intervalMs: intervalMs ?? 2000});
		return {deps: {initial, reload: demo.reload, feed: demo.feed, wallClock}, close() {}};
	}

	// The store: re-read it when another process (a sync, or the API poll below) committed.
	const {store} = source;
	const reload = async (): Promise<SnapshotData> => {
		await store?.reload();
		return {sessions: store?.sessions() ?? source.sessions, events: store?.events() ?? source.events, now: runNow()};
	};

	let seen: Pick<Snapshot, 'sessions' | 'events'> = initial;
	/** Re-reads the store; true when a commit (ours or another process's) brought new tables. */
	const reread = async (): Promise<boolean> => {
		await store?.reload();
		const sessions = store?.sessions() ?? seen.sessions;
		const events = store?.events() ?? seen.events;
		// The store caches its tables until a commit: a new table object means new data.
		const changed = sessions !== seen.sessions || events !== seen.events;
		seen = {sessions, events};
		return changed;
	};

	// With a synced campus and credentials (env > .env > stored login, as sync), live mode polls the
	// campus's active locations on the 42 API into the store (data/sync/live.ts: at most 5 % of the
	// hourly budget; a tick that comes too early sends nothing), then re-reads it.
	const campusId = store ? (storedCampusId(store.syncState()) ?? (source.campus.id > 0 ? source.campus.id : undefined)) : undefined;
	const credentials = campusId === undefined ? undefined : resolveCredentials({flags: {}, env: context.env, cwd: context.cwd});
	if (store && campusId !== undefined && credentials) {
		const apiUrl = normalizeApiUrl(options.apiUrl ?? DEFAULT_API_URL);
		if (apiUrl === undefined) throw new UsageError(`--api-url "${options.apiUrl}" is not an http(s) URL`, help);
		const redact = makeRedactor([credentials.secret]);
		const controller = new AbortController();
		let writable: Store | undefined;
		let poller: LivePoller | undefined;
		const feed: LiveFeed = {
			label: 'API',
			intervalMs: apiPollIntervalMs(intervalMs),
			async poll() {
				if (poller === undefined) {
					// Opened on the first poll: our own handle is read-only; commits take the lock briefly.
					const [{openStore}, live] = await Promise.all([import('../data/store.js'), import('../data/sync/live.js')]);
					writable = await openStore(store.path);
					const client = live.createLiveClient({baseUrl: apiUrl, credentials, now: wallClock, signal: controller.signal});
					poller = live.createLivePoller({client, store: writable, campusId, now: wallClock, redact});
				}

				const result = await poller.poll();
				const changed = await reread();
				return {changed: result.changed || changed || !options.pinnedNow, budgetLeft: result.budgetLeft};
			},
			// Poll as soon as live mode starts (the budget rules still apply), then on the interval.
			subscribe(notify) {
				const timer = setTimeout(notify, 0);
				return () => {
					clearTimeout(timer);
				};
			},
		};
		return {
			deps: {initial, reload, feed, wallClock},
			close() {
				controller.abort();
				void writable?.close().catch(() => undefined);
			},
		};
	}

	const feed: LiveFeed = {
		label: 'store',
		intervalMs: intervalMs ?? apiPollIntervalMs(undefined),
		async poll() {
			return {changed: (await reread()) || !options.pinnedNow};
		},
	};
	const notice = campusId === undefined ? undefined : 'live: no API credentials — re-reading the store';
	return {deps: {initial, reload, feed, wallClock}, notice, close() {}};
}
