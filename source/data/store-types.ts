/**
 * The store's contract, shared by the importers, the sync and the CLI. Implemented by
 * `openStore` in `store.ts` (a lowdb `Low` over a columnar, segmented adapter).
 */
import type {Campus, EventRecord, EventTable, SessionRecord, SessionTable} from '../core/model.js';

/** What an upsert did. Re-importing identical data reports everything as unchanged and writes nothing. */
export type UpsertResult = {
	readonly inserted: number;
	readonly updated: number;
	readonly unchanged: number;
};

/** Free-form, JSON-serialisable sync bookkeeping (watermarks, open ids, campus id…). */
export type SyncState = Readonly<Record<string, unknown>>;

/** One atomic, durable commit: everything in it lands together or not at all. */
export type StoreBatch = {
	readonly campuses?: readonly Campus[];
	readonly sessions?: readonly SessionRecord[];
	readonly events?: readonly EventRecord[];
	/** Shallow-merged into the stored sync state in the same commit. */
	readonly syncState?: SyncState;
};

export type CommitResult = {
	readonly sessions: UpsertResult;
	readonly events: UpsertResult;
	readonly campuses: UpsertResult;
};

export type Store = {
	/** Absolute path of the store (a directory). */
	readonly path: string;
	readonly schemaVersion: number;
	campuses(): readonly Campus[];
	/** All sessions as columns, sorted by begin then id (see SessionTable). Cached until the next commit. */
	sessions(): SessionTable;
	/** All events as columns, sorted by time then id. Cached until the next commit. */
	events(): EventTable;
	/**
	 * The sessions a query of [from, to) needs, as a SessionTable sorted by begin then id (the
	 * shape of `sessions()`, dictionaries may hold values no returned row uses):
	 * - every session whose begin lies in [from − lookbackMs, to), and
	 * - every earlier session that is still open or ends after `from` (the rows the statistics count
	 *   as overlong or open anomalies; `scanSessions` looks at them).
	 * Pass `--max-session` (the stats context's `maxSessionMs`) as `lookbackMs`. Only the segments
	 * whose header (in the manifest) says they can hold such rows are read and decoded, so the cost
	 * follows the range, not the history. The last result per kind is cached until the next commit.
	 * Throws a StoreError naming the file when a segment it needs is damaged.
	 */
	sessionsInRange(from: number, to: number, lookbackMs?: number): SessionTable;
	/**
	 * Events whose time lies in [from, to), sorted by time then id (see `sessionsInRange`). The
	 * engine's `events.recent` looks at [now − recentMinutes, now] whatever the window: ask for
	 * [min(from, now − recentMinutes), max(to, now + 1)) to feed `summarize` / `WindowStats`.
	 */
	eventsInRange(from: number, to: number): EventTable;
	/**
	 * The rows of `sessionsInRange(from, to, lookbackMs)`, one UTC month at a time (the segments'
	 * unit), oldest first: each month's table holds the sessions begun in it (the first also the
	 * look-back and older open rows), decoded when the iteration reaches it and dropped after, so
	 * memory follows one month, not the range. Every month's indexes refer to the same dictionaries
	 * (decoded once, append-only): figures folded over the months (see `SummaryFold`) equal those of
	 * the whole range. `from` / `to` of a month is the span of begins it answers for (−∞ / +∞ at the
	 * ends); rows outside it (the deltas' other months) are to be skipped. Tables are decoded when
	 * first read; another pass over the same range keeps the first pass's dictionaries (a pass may
	 * skip months it still holds).
	 */
	sessionMonths(from: number, to: number, lookbackMs?: number): Iterable<TableMonth<SessionTable>>;
	/** The rows of `eventsInRange(from, to)` one UTC month at a time, as `sessionMonths`. */
	eventMonths(from: number, to: number): Iterable<TableMonth<EventTable>>;
	/** What the manifest says about the stored data, without reading any segment. */
	extent(): StoreExtent;
	syncState(): SyncState;
	/**
	 * Upserts by id and commits atomically and durably (temp file + fsync + rename + dir fsync).
	 * Cost is O(batch), not O(store). Takes the writer lock for the duration of the commit only.
	 * Given a function, calls it under the lock after loading any other process's newer commit,
	 * and commits what it returns (ids or counters derived from the current state cannot race).
	 */
	commit(batch: StoreBatch | ((current: Store) => StoreBatch)): Promise<CommitResult>;
	/** Re-reads from disk (another process may have committed). */
	reload(): Promise<void>;
	/** Releases the lock (if held) and any handles. */
	close(): Promise<void>;
};

/**
 * One month of a range: its table (decoded on first read; months must be read in order, as the
 * shared dictionaries grow) and the span of begins (times) it answers for.
 */
export type TableMonth<T> = {
	readonly from: number;
	readonly to: number;
	readonly table: T;
};

/** Time span and row counts of one table, from the manifest alone. */
export type TableExtent = {
	/**
	 * Rows in the segments: exact after a compaction; until then a row updated by a delta is counted
	 * once per version (an upper bound).
	 */
	readonly rows: number;
	/**
	 * Earliest and latest begin (sessions) or time (events) in epoch ms; NaN when empty. A schema 1
	 * store (not yet migrated: its manifest has no spans) gives the bounds of its months instead.
	 */
	readonly first: number;
	readonly last: number;
	/**
	 * Sessions: the latest end of a closed session (open ones end "now"); events: `last`. NaN when
	 * there is none. Like `rows`, the older version of a row a delta updated still counts until the
	 * next compaction. A schema 1 store gives the end of its last month.
	 */
	readonly lastEnd: number;
};

export type StoreExtent = {
	readonly sessions: TableExtent;
	readonly events: TableExtent;
};

/** Options of `openStore`. */
export type OpenStoreOptions = {
	/** How long a writer waits for another process's lock before failing. @default 10_000 */
	readonly lockTimeoutMs?: number;
	/** Open read-only: never creates, migrates or locks. @default false */
	readonly readOnly?: boolean;
};

/** A store error with what/where/why, safe to print (never contains secrets). */
export class StoreError extends Error {
	readonly path: string;
	readonly hint: string | undefined;
	constructor(message: string, path: string, hint?: string) {
		super(message);
		this.name = 'StoreError';
		this.path = path;
		this.hint = hint;
	}
}
