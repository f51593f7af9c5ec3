/**
 * The contract of a live source, shared by every front end: a snapshot of the tables, what one
 * poll found, the feed (demo clock, watched NDJSON file, store re-read, 42 API poll) and what a
 * front end needs to keep a snapshot fresh. Sources are chosen in `sources.ts`.
 */
import type {EventTable, SessionTable} from '../../core/model.js';

/** A snapshot of the data: tables plus the instant they describe. Replaced as a whole on reload. */
export type Snapshot = {
	readonly sessions: SessionTable;
	readonly events: EventTable;
	/** The run's "now" for this snapshot (fixed with --now, the clock or the simulated clock otherwise). */
	readonly now: number;
	/** Increases with every new snapshot (memo key). */
	readonly version: number;
};

/** A snapshot before the front end numbers it. */
export type SnapshotData = Omit<Snapshot, 'version'>;

/** What a poll found. */
export type PollResult = {
	readonly changed: boolean;
	/** Requests left in the API's hourly budget, when the feed polls the API. */
	readonly budgetLeft?: number;
	/** Set when the feed chose not to look this time (budget spacing): nothing was checked. */
	readonly skipped?: string;
	/** Data notes of this poll (e.g. "2 bad lines skipped: line 14: …"). */
	readonly note?: string;
};

/** A live source: the 42 API's active locations, an NDJSON file being appended to, or the demo clock. */
export type LiveFeed = {
	/** Shown in the status bar ("API", "watch events.ndjson", "demo ×60"). */
	readonly label: string;
	readonly intervalMs: number;
	poll(): Promise<PollResult>;
	/** Lets the feed ask for a poll before the interval (fs.watch). Returns the unsubscribe. */
	subscribe?(notify: () => void): () => void;
};

/** The two timer functions a front end needs to tick (the global ones by default). */
export type Scheduler = {
	setInterval(callback: () => void, ms: number): unknown;
	clearInterval(handle: unknown): void;
};

/** The real timers. */
export const systemScheduler: Scheduler = {
	setInterval: (callback, ms) => setInterval(callback, ms),
	clearInterval: (handle) => {
		clearInterval(handle as NodeJS.Timeout);
	},
};

export type LiveDataDeps = {
	readonly initial: SnapshotData;
	/** Reads the source again (store re-read, watch/demo tables, now). */
	reload(): Promise<SnapshotData>;
	/** Without a feed, live mode simply reloads on `intervalMs`. */
	readonly feed?: LiveFeed;
	/** Reload period in live mode without a feed. @default 60 000 */
	readonly intervalMs?: number;
	/** Wall clock for "updated Ns ago". */
	wallClock(): number;
	/** Timers (tests drive their own). @default systemScheduler */
	readonly scheduler?: Scheduler;
};
