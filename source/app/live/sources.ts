/**
 * Chooses the live source of a run, in one place: a watched NDJSON file (`--watch`), the demo
 * clock (`--demo`), or the store — polled from the 42 API into the store when a synced campus and
 * credentials are known, else simply re-read when another process commits.
 */
import {access} from 'node:fs/promises';
import path from 'node:path';
import type {EventRecord} from '../../core/model.js';
import {resolveCredentials} from '../../data/credentials.js';
import {makeRedactor} from '../../data/intra/errors.js';
import type {Store} from '../../data/store-types.js';
import {manifestStamp} from '../../data/store/adapter.js';
import type {LivePoller} from '../../data/sync/live.js';
import {storedCampusId} from '../../data/sync/state.js';
import {apiPollIntervalMs} from './budget.js';
import type {LiveDataDeps, LiveFeed, SnapshotData} from './contract.js';
import type {Dataset} from '../dataset.js';

/** What the run says about its live source. */
export type LiveSourceOptions = {
	readonly source: Pick<Dataset, 'origin' | 'campus' | 'sessions' | 'events' | 'store'>;
	readonly now: number;
	readonly timeZone: string;
	/** True with --now: the clock starts at `now` and advances with the wall clock. */
	readonly pinnedNow: boolean;
	readonly seed: number;
	/** --watch FILE (already resolved against the working directory). */
	readonly watch: string | undefined;
	readonly intervalMs: number | undefined;
	/** A normalised http(s) base URL of the 42 API. */
	readonly apiUrl: string;
	readonly env: Readonly<Record<string, string | undefined>>;
	readonly cwd: string;
	/** The wall clock. */
	readonly clock: () => number;
	/** How often live mode on a store stats its manifest for another process's commit. @default MANIFEST_CHECK_MS */
	readonly manifestCheckMs?: number;
};

/**
 * Live mode on a store stats its manifest this often (a stat, no read) and polls as soon as it
 * changed: what another process commits (`serve`'s checkpoints every ~200 ms, `import`, `sync`)
 * is on screen within about half a second plus one re-read, whatever the feed's interval.
 */
export const MANIFEST_CHECK_MS = 400;

/** Calls `notify` whenever the manifest's stamp moves away from `stamp`. Returns the stop. */
function watchManifest(storePath: string, stamp: string, everyMs: number, notify: () => void): () => void {
	let last = stamp;
	const timer = setInterval(() => {
		const next = manifestStamp(storePath);
		if (next === last) return;
		last = next;
		notify();
	}, everyMs);
	timer.unref();
	return () => {
		clearInterval(timer);
	};
}

/** A chosen live source: the data deps of a front end, a note for the status line, and how to stop it. */
export type LiveSource = {
	readonly deps: LiveDataDeps;
	readonly notice?: string;
	close(): void;
};

/** An error of the live source that a front end shows as it is (no stack, no errno code). */
export class LiveSourceError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'LiveSourceError';
	}
}

/** Opens the live source for a run. A watched file must exist; its events are read before this resolves. */
export async function openLiveSource(options: LiveSourceOptions): Promise<LiveSource> {
	const {source} = options;
	const initial: SnapshotData = {sessions: source.sessions, events: source.events, now: options.now};
	const started = options.clock();
	const runNow = () => (options.pinnedNow ? options.now + (options.clock() - started) : options.clock());
	const wallClock = () => options.clock();

	if (options.watch !== undefined) return openWatch(options.watch, initial, options, runNow, wallClock);

	if (source.origin === 'demo') {
		const [{liveDemoChanges}, {createDemoFeed}] = await Promise.all([import('../../core/demo.js'), import('./demo-feed.js')]);
		const demo = createDemoFeed({campus: source.campus, initial, seed: options.seed, changes: liveDemoChanges, intervalMs: options.intervalMs ?? 2000});
		return {
			// The feed's label says the simulated clock's speed ("demo clock ×60: updated 1s ago").
			deps: {initial, reload: demo.reload, feed: demo.feed, wallClock},
			close() {},
		};
	}

	return openStoreSource(initial, options, runNow, wallClock);
}

async function openWatch(
	watch: string,
	initial: SnapshotData,
	options: LiveSourceOptions,
	runNow: () => number,
	wallClock: () => number,
): Promise<LiveSource> {
	const file = path.resolve(options.cwd, watch);
	try {
		await access(file);
	} catch {
		throw new LiveSourceError(`--watch ${watch}: no such file (create it, or check the path: ${file})`);
	}

	const [{EventNormaliser}, {createWatchFeed}] = await Promise.all([import('../../data/importers/records.js'), import('./watch-feed.js')]);
	const normaliser = new EventNormaliser(options.timeZone);
	const watched = createWatchFeed({
		file,
		initial,
		intervalMs: options.intervalMs ?? 1000,
		now: runNow,
		parse(line): EventRecord | string {
			try {
				return normaliser.normalise(JSON.parse(line));
			} catch (error) {
				return error instanceof Error ? error.message : String(error);
			}
		},
	});
	// What the file holds already is part of the first frame (an empty store with a full file is not empty).
	await watched.feed.poll();
	const first = await watched.reload();
	return {deps: {initial: first, reload: watched.reload, feed: watched.feed, wallClock}, notice: watched.note(), close() {}};
}

async function openStoreSource(
	initial: SnapshotData,
	options: LiveSourceOptions,
	runNow: () => number,
	wallClock: () => number,
): Promise<LiveSource> {
	const {source} = options;
	const {store} = source;
	const stamp = store ? manifestStamp(store.path) : '';
	const checkMs = options.manifestCheckMs ?? MANIFEST_CHECK_MS;
	const watch = (notify: () => void) => (store ? watchManifest(store.path, stamp, checkMs, notify) : () => undefined);
	const reload = async (): Promise<SnapshotData> => {
		await store?.reload();
		return {sessions: store?.sessions() ?? source.sessions, events: store?.events() ?? source.events, now: runNow()};
	};

	let seen: Pick<SnapshotData, 'sessions' | 'events'> = initial;
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
	const credentials = campusId === undefined ? undefined : resolveCredentials({flags: {}, env: options.env, cwd: options.cwd});
	if (store && campusId !== undefined && credentials) {
		const redact = makeRedactor([credentials.secret]);
		const controller = new AbortController();
		let writable: Store | undefined;
		let poller: LivePoller | undefined;
		const feed: LiveFeed = {
			label: 'API',
			intervalMs: apiPollIntervalMs(options.intervalMs),
			async poll() {
				if (poller === undefined) {
					// Opened on the first poll: our own handle is read-only; commits take the lock briefly.
					const [{openStore}, live] = await Promise.all([import('../../data/store.js'), import('../../data/sync/live.js')]);
					writable = await openStore(store.path);
					const client = live.createLiveClient({baseUrl: options.apiUrl, credentials, now: wallClock, signal: controller.signal});
					poller = live.createLivePoller({client, store: writable, campusId, now: wallClock, redact});
				}

				const result = await poller.poll();
				const changed = await reread();
				// The clock moved: the figures that end at "now" change even without new data.
				return {changed: result.changed || changed || !options.pinnedNow, budgetLeft: result.budgetLeft, ...(result.skipped === undefined ? {} : {skipped: result.skipped})};
			},
			// Poll as soon as live mode starts (the budget rules still apply), then on the interval.
			// Another process's commits (a server's POSTs) are re-read as soon as the manifest moves.
			subscribe(notify) {
				const timer = setTimeout(notify, 0);
				const stop = watch(notify);
				return () => {
					clearTimeout(timer);
					stop();
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
		intervalMs: options.intervalMs ?? apiPollIntervalMs(undefined),
		async poll() {
			return {changed: (await reread()) || !options.pinnedNow};
		},
		// The interval is the fallback; a commit is picked up within MANIFEST_CHECK_MS.
		subscribe: watch,
	};
	const notice = campusId === undefined ? undefined : 'live: no API credentials — re-reading the store';
	return {deps: {initial, reload, feed, wallClock}, notice, close() {}};
}
