/**
 * The bigstat42 store: a directory of columnar segments behind a lowdb `Low` with a custom adapter.
 *
 * Layout (all files JSON; see store/segment-codec.ts for the column encodings):
 *
 *   manifest.json              commit point: schema version, generation, campuses, sync state and
 *                              the list of live segments. Replaced atomically by every commit.
 *   s-2024-03-g17.json         base segment: every session that begins in UTC March 2024, sorted
 *   e-2024-03-g17.json         base segment: every event of UTC March 2024, sorted
 *   s-delta-g18.json           delta segment: the sessions commit 18 inserted or changed
 *   store.lock                 writer lock (pid, host, start time)
 *
 * A commit writes O(batch) bytes: one small delta segment per table it changes plus the manifest
 * (temp file + fsync + rename + directory fsync each). When a table has more than
 * MAX_DELTAS deltas or MAX_DELTA_ROWS delta rows, the commit compacts instead: it rewrites the base
 * segments of the months the deltas touch and drops the deltas (amortised: each row is rewritten
 * about once per MAX_DELTAS commits into its month). Segment names carry the generation, so no
 * live file is ever overwritten; files no manifest lists are garbage-collected after a commit.
 *
 * Writers take `store.lock`, re-read the manifest and refresh when another process committed since
 * they loaded, so two writers never lose each other's rows. Readers never lock.
 *
 * Reading (`sessions()`, `events()`) decodes and merges segments without an id map. A read-only
 * store builds both tables while it reads, one segment at a time (read, parse, decode, drop), and
 * keeps no parsed segment: a cold load holds the tables plus one segment, not every parsed segment
 * and its text (damaged column data is still reported by `sessions()` / `events()`). Commits diff
 * against a CommitView: the table as of some commit, a typed-array id index built on the first
 * commit, and the records committed since in a typed id map (rebuilt when they outnumber the table).
 *
 * Users: a user is its 42 id when known, else its login. The first real login seen for an id wins
 * (a later different login for the same id is not news); a `#id` placeholder is replaced by the
 * first real login. Dictionaries may hold values that no row uses any more (after updates).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import {Low} from 'lowdb';
import {
	eventTableFromRecords,
	loginPlaceholder,
	sessionTableFromRecords,
	type Campus,
	type EventRecord,
	type EventTable,
	type SessionRecord,
	type SessionTable,
} from '../core/model.js';
import {
	StoreError,
	type CommitResult,
	type OpenStoreOptions,
	type Store,
	type StoreBatch,
	type SyncState,
	type UpsertResult,
} from './store-types.js';
import {lowerBound} from '../core/stats/ranges.js';
import {ColumnarAdapter, emptyStoreData, readManifest, type SegmentSink, type StoreData} from './store/adapter.js';
import {IdIndex, IdMap} from './store/id-index.js';
import {acquireLock, type HeldLock} from './store/lock.js';
import {
	baseSegmentFile,
	CURRENT_SCHEMA_VERSION,
	deltaSegmentFile,
	monthIndexOf,
	monthStart,
	serializeManifest,
	type Manifest,
	type SegmentEntry,
	type SegmentKind,
} from './store/manifest.js';
import {
	eventTableBuilder,
	materialiseEvents,
	materialiseSessions,
	sessionTableBuilder,
	type LoadedSegment,
	type TableBuilding,
} from './store/materialise.js';
import {encodeEvents, encodeSessions, type EventSegment, type Segment, type SessionSegment} from './store/segment-codec.js';
import {validateBatch} from './store/validate.js';

export {StoreError} from './store-types.js';
export type * from './store-types.js';
export {writeStats} from './store/atomic-file.js';

/** A table gets compacted when it has more delta segments than this… */
export const MAX_DELTAS = 16;
/** …or more delta rows than this. */
export const MAX_DELTA_ROWS = 20_000;

/** Disk usage of the live files (what `du` would count, minus the lock and garbage). */
export type StoreDiskUsage = {
	readonly bytes: number;
	readonly sessionBytes: number;
	readonly eventBytes: number;
	readonly manifestBytes: number;
	readonly segments: number;
};

/** The store, with a few introspection extras beyond the contract. */
export type ColumnarStore = Store & {
	/** False until the first commit creates the store on disk. */
	readonly exists: boolean;
	/** The manifest generation this instance has loaded (incremented by every commit). */
	readonly generation: number;
	diskUsage(): StoreDiskUsage;
};

const noChange: UpsertResult = {inserted: 0, updated: 0, unchanged: 0};

/**
 * Opens (without creating) the store directory at `storePath`. The directory and its manifest are
 * created by the first commit that changes something; `readOnly` stores never write or lock.
 */
export async function openStore(storePath: string, options: OpenStoreOptions = {}): Promise<ColumnarStore> {
	const store = new SegmentedStore(path.resolve(storePath), options);
	await store.load();
	return store;
}

class SegmentedStore implements ColumnarStore {
	readonly path: string;
	readonly schemaVersion = CURRENT_SCHEMA_VERSION;
	private readonly readOnly: boolean;
	private readonly lockTimeoutMs: number;
	private readonly db: Low<StoreData>;
	private readonly adapter: ColumnarAdapter;
	private lock: HeldLock | undefined;
	private queue: Promise<unknown> = Promise.resolve();
	private closed = false;
	private sessionTable: SessionTable | undefined;
	private eventTable: EventTable | undefined;
	/** Read-only stores: why a table could not be built while reading (thrown by sessions() / events()). */
	private sessionFailure: {readonly error: unknown} | undefined;
	private eventFailure: {readonly error: unknown} | undefined;
	/** What commits diff against (built on the first commit, see CommitView). */
	private sessionView: CommitView<SessionTable, SessionRecord> | undefined;
	private eventView: CommitView<EventTable, EventRecord> | undefined;

	constructor(storePath: string, options: OpenStoreOptions) {
		this.path = storePath;
		this.readOnly = options.readOnly ?? false;
		this.lockTimeoutMs = options.lockTimeoutMs ?? 10_000;
		const adapter = new ColumnarAdapter(storePath, async () => {
			if (this.lock && !(await this.lock.stillHeld())) {
				throw new StoreError(`lost the writer lock of ${this.path} during a commit; nothing was committed`, this.path, 'another process broke the lock; retry');
			}
		});
		this.adapter = adapter;
		this.db = new Low<StoreData>(adapter, emptyStoreData());
	}

	get exists(): boolean {
		return this.db.data.exists;
	}

	get generation(): number {
		return this.db.data.manifest.generation;
	}

	async load(): Promise<void> {
		await this.readState();
	}

	campuses(): readonly Campus[] {
		return this.db.data.manifest.campuses;
	}

	syncState(): SyncState {
		return this.db.data.manifest.syncState;
	}

	sessions(): SessionTable {
		if (this.sessionFailure) throw this.sessionFailure.error;
		this.sessionTable ??= materialiseSessions(this.loaded('sessions') as Array<LoadedSegment<SessionSegment>>);
		return this.sessionTable;
	}

	events(): EventTable {
		if (this.eventFailure) throw this.eventFailure.error;
		this.eventTable ??= materialiseEvents(this.loaded('events') as Array<LoadedSegment<EventSegment>>);
		return this.eventTable;
	}

	diskUsage(): StoreDiskUsage {
		let sessionBytes = 0;
		let eventBytes = 0;
		for (const entry of this.db.data.manifest.segments) {
			if (entry.kind === 'sessions') sessionBytes += entry.bytes;
			else eventBytes += entry.bytes;
		}

		const {manifestBytes} = this.db.data;
		return {
			bytes: sessionBytes + eventBytes + manifestBytes,
			sessionBytes,
			eventBytes,
			manifestBytes,
			segments: this.db.data.manifest.segments.length,
		};
	}

	async reload(): Promise<void> {
		await this.serialised(async () => {
			await this.readState();
		});
	}

	async close(): Promise<void> {
		this.closed = true;
		await this.queue.catch(() => undefined);
		await this.lock?.release();
		this.lock = undefined;
	}

	async commit(batch: StoreBatch): Promise<CommitResult> {
		if (this.readOnly) {
			throw new StoreError(`store ${this.path} was opened read-only`, this.path, 'open it without readOnly to import or sync');
		}

		if (this.closed) throw new StoreError(`store ${this.path} is closed`, this.path);
		const clean = validateBatch(batch, this.path);
		if (clean.sessions.length === 0 && clean.events.length === 0 && clean.campuses.length === 0 && clean.syncState === undefined) {
			return {sessions: noChange, events: noChange, campuses: noChange};
		}

		return this.serialised(async () => {
			// The first commit creates the directory; the lock lives inside it.
			if (!this.db.data.exists) await fs.mkdir(this.path, {recursive: true});
			this.lock = await acquireLock(this.path, this.lockTimeoutMs);
			try {
				await this.refreshIfStale();
				return await this.apply(clean);
			} finally {
				await this.lock.release();
				this.lock = undefined;
			}
		});
	}

	/** Under the lock: if another process committed since we loaded, load its state first. */
	private async refreshIfStale(): Promise<void> {
		const onDisk = await readManifest(this.path);
		if ((onDisk?.generation ?? 0) === this.db.data.manifest.generation && (onDisk !== null) === this.db.data.exists) return;
		await this.readState();
	}

	private async apply(clean: ReturnType<typeof validateBatch>): Promise<CommitResult> {
		const before = this.db.data;
		const manifest = before.manifest;
		const generation = manifest.generation + 1;

		const campusResult = {inserted: 0, updated: 0, unchanged: 0};
		const campusById = new Map(manifest.campuses.map((campus) => [campus.id, campus]));
		for (const campus of clean.campuses) {
			const old = campusById.get(campus.id);
			if (!old) campusResult.inserted++;
			else if (old.name === campus.name && old.timeZone === campus.timeZone) campusResult.unchanged++;
			else campusResult.updated++;
			campusById.set(campus.id, campus);
		}

		const syncState = clean.syncState ? {...manifest.syncState, ...clean.syncState} : manifest.syncState;
		const syncChanged = clean.syncState !== undefined && JSON.stringify(syncState) !== JSON.stringify(manifest.syncState);

		const sessions = clean.sessions.length > 0 ? this.diffSessions(clean.sessions) : undefined;
		const events = clean.events.length > 0 ? this.diffEvents(clean.events) : undefined;
		const result: CommitResult = {
			sessions: sessions?.result ?? noChange,
			events: events?.result ?? noChange,
			campuses: campusResult,
		};
		const changedRows = (sessions?.changed.length ?? 0) + (events?.changed.length ?? 0);
		if (changedRows === 0 && campusResult.inserted + campusResult.updated === 0 && !syncChanged) return result;

		let segments = [...manifest.segments];
		const liveSegments = new Map(before.segments);
		const pending = new Map<string, string>();
		const added = (entry: SegmentEntry, segment: Segment, text: string) => {
			segments.push(entry);
			liveSegments.set(entry.file, segment);
			pending.set(entry.file, text);
		};

		if (sessions && sessions.changed.length > 0) {
			const table = sessionTableFromRecords(sessions.changed);
			const delta = encodeSessions(table, 0, table.size);
			const plan = this.planKind('sessions', segments, liveSegments, delta, deltaEntryOf('sessions', generation, table.begin, sessions.replaces), (loaded) =>
				materialiseSessions(loaded as Array<LoadedSegment<SessionSegment>>),
			);
			segments = plan.segments;
			for (const file of plan.removed) liveSegments.delete(file);
			for (const [entry, segment] of plan.written) added(entry, segment.segment, segment.text);
		}

		if (events && events.changed.length > 0) {
			const table = eventTableFromRecords(events.changed);
			const delta = encodeEvents(table, 0, table.size);
			const plan = this.planKind('events', segments, liveSegments, delta, deltaEntryOf('events', generation, table.time, events.replaces), (loaded) =>
				materialiseEvents(loaded as Array<LoadedSegment<EventSegment>>),
			);
			segments = plan.segments;
			for (const file of plan.removed) liveSegments.delete(file);
			for (const [entry, segment] of plan.written) added(entry, segment.segment, segment.text);
		}

		const next: Manifest = {
			schemaVersion: CURRENT_SCHEMA_VERSION,
			generation,
			campuses: [...campusById.values()].sort((a, b) => a.id - b.id),
			syncState,
			segments,
		};
		this.db.data = {manifest: next, segments: liveSegments, pending, exists: true, manifestBytes: 0};
		try {
			await this.db.write();
		} catch (error) {
			this.db.data = before;
			if (error instanceof StoreError) throw error;
			throw new StoreError(`could not commit to ${this.path}: ${(error as Error).message}`, this.path, 'the previous state is intact; retry');
		}

		this.db.data = {...this.db.data, pending: new Map(), manifestBytes: Buffer.byteLength(serializeManifest(next))};
		if (sessions && sessions.changed.length > 0) {
			this.sessionTable = undefined;
			for (const record of sessions.changed) this.sessionView!.overlay.set(record.id, record);
		}

		if (events && events.changed.length > 0) {
			this.eventTable = undefined;
			for (const record of events.changed) this.eventView!.overlay.set(record.id, record);
		}

		return result;
	}

	/**
	 * Adds a delta for `kind`, or compacts when the deltas would exceed the limits: then the months
	 * the deltas touch get new base segments (from the merged table, which becomes the cache).
	 */
	private planKind(
		kind: SegmentKind,
		segments: SegmentEntry[],
		liveSegments: ReadonlyMap<string, Segment>,
		delta: Segment,
		deltaEntry: SegmentEntry,
		materialise: (loaded: Array<LoadedSegment<Segment>>) => SessionTable | EventTable,
	): {
		segments: SegmentEntry[];
		removed: string[];
		written: Array<[SegmentEntry, {segment: Segment; text: string}]>;
	} {
		const deltas = segments.filter((entry) => entry.kind === kind && entry.role === 'delta');
		const deltaRows = deltas.reduce((sum, entry) => sum + entry.rows, 0) + deltaEntry.rows;
		if (deltas.length + 1 <= MAX_DELTAS && deltaRows <= MAX_DELTA_ROWS) {
			const text = JSON.stringify(delta);
			const entry = {...deltaEntry, bytes: Buffer.byteLength(text)};
			return {segments, removed: [], written: [[entry, {segment: delta, text}]]};
		}

		// Compaction: merge the deltas (and the new one) with the bases of the months they touch
		// only; every other month stays as it is. Cost O(touched months + deltas), not O(store).
		const months = new Set<number>();
		for (const entry of [...deltas, deltaEntry]) for (const month of [...entry.months, ...entry.replaces]) months.add(month);
		const touched = segments.filter((entry) => entry.kind === kind && (entry.role === 'delta' || months.has(entry.months[0] ?? Number.NaN)));
		const loaded: Array<LoadedSegment<Segment>> = touched.map((entry) => ({entry, segment: liveSegments.get(entry.file)!}));
		loaded.push({entry: deltaEntry, segment: delta});
		const table = materialise(loaded);
		const time = 'begin' in table ? table.begin : table.time;
		const generation = Number(/-g(\d+)\.json$/.exec(deltaEntry.file)?.[1]);
		const written: Array<[SegmentEntry, {segment: Segment; text: string}]> = [];
		for (const month of months) {
			const from = lowerBound(time, monthStart(month));
			const to = lowerBound(time, monthStart(month + 1));
			if (to === from) continue;
			const segment = 'begin' in table ? encodeSessions(table, from, to) : encodeEvents(table, from, to);
			const text = JSON.stringify(segment);
			const entry: SegmentEntry = {
				file: baseSegmentFile(kind, month, generation),
				kind,
				role: 'base',
				rows: to - from,
				bytes: Buffer.byteLength(text),
				months: [month],
				replaces: [],
			};
			written.push([entry, {segment, text}]);
		}

		const removed: string[] = [];
		const kept = segments.filter((entry) => {
			const drop = entry.kind === kind && (entry.role === 'delta' || months.has(entry.months[0] ?? Number.NaN));
			if (drop) removed.push(entry.file);
			return !drop;
		});
		return {segments: kept, removed, written};
	}

	private diffSessions(records: readonly SessionRecord[]): BatchDiff<SessionRecord> {
		if (!this.sessionView || this.sessionView.overlay.size > Math.max(OVERLAY_MIN, this.sessionView.table.size)) {
			this.sessionView = new CommitView(this.sessions(), (table) => table.id);
		}

		return diffBatch(this.sessionView, records, SESSION_IDENTITY);
	}

	private diffEvents(records: readonly EventRecord[]): BatchDiff<EventRecord> {
		if (!this.eventView || this.eventView.overlay.size > Math.max(OVERLAY_MIN, this.eventView.table.size)) {
			this.eventView = new CommitView(this.events(), (table) => table.id);
		}

		return diffBatch(this.eventView, records, EVENT_IDENTITY);
	}

	private loaded(kind: SegmentKind): Array<LoadedSegment<Segment>> {
		const {manifest, segments} = this.db.data;
		return manifest.segments.filter((entry) => entry.kind === kind).map((entry) => ({entry, segment: segments.get(entry.file)!}));
	}

	/**
	 * Reads the store; true when it changed. A read-only store never commits, so it builds both
	 * tables while reading, one segment at a time, and keeps no parsed segment: its peak memory is
	 * the tables plus one segment instead of the tables plus every parsed segment (and the garbage
	 * of their texts). `reload()` then re-reads every segment, which it has to decode anyway.
	 */
	private async readState(): Promise<boolean> {
		const before = this.db.data;
		let reader: TablesReader | undefined;
		if (this.readOnly) {
			this.adapter.sinkFor = (manifest) => {
				reader = new TablesReader(manifest.segments);
				return reader;
			};
		}

		try {
			await this.db.read();
		} finally {
			this.adapter.sinkFor = undefined;
		}

		if (this.db.data === before) return false;
		this.invalidate();
		if (reader) {
			// Damaged column data is reported by sessions() / events(), as when decoding lazily.
			const sessions = reader.sessions.finish();
			const events = reader.events.finish();
			if ('table' in sessions) this.sessionTable = sessions.table;
			else this.sessionFailure = sessions;
			if ('table' in events) this.eventTable = events.table;
			else this.eventFailure = events;
		}

		return true;
	}

	private invalidate(): void {
		this.sessionTable = undefined;
		this.eventTable = undefined;
		this.sessionFailure = undefined;
		this.eventFailure = undefined;
		this.sessionView = undefined;
		this.eventView = undefined;
	}

	/** Runs commits and reloads of this instance one at a time. */
	private async serialised<T>(task: () => Promise<T>): Promise<T> {
		const run = this.queue.then(task, task);
		this.queue = run.catch(() => undefined);
		return run;
	}
}

/** The table builders of a read-only load: each segment is decoded as it is read, then dropped. */
class TablesReader implements SegmentSink {
	readonly order: readonly SegmentEntry[];
	readonly sessions: Building<SessionSegment, SessionTable>;
	readonly events: Building<EventSegment, EventTable>;

	constructor(entries: readonly SegmentEntry[]) {
		this.sessions = new Building(sessionTableBuilder(entries.filter((entry) => entry.kind === 'sessions')));
		this.events = new Building(eventTableBuilder(entries.filter((entry) => entry.kind === 'events')));
		this.order = [...this.sessions.builder.order, ...this.events.builder.order];
	}

	add(entry: SegmentEntry, segment: Segment): void {
		if (entry.kind === 'sessions') this.sessions.add(entry, segment as SessionSegment);
		else this.events.add(entry, segment as EventSegment);
	}
}

/** One table being built; the first error stops it and is kept for the table's reader. */
class Building<S, T> {
	readonly builder: TableBuilding<S, T>;
	private failure: {readonly error: unknown} | undefined;

	constructor(builder: TableBuilding<S, T>) {
		this.builder = builder;
	}

	add(entry: SegmentEntry, segment: S): void {
		if (this.failure) return;
		try {
			this.builder.add(entry, segment);
		} catch (error) {
			this.failure = {error};
		}
	}

	finish(): {readonly table: T} | {readonly error: unknown} {
		if (this.failure) return this.failure;
		try {
			return {table: this.builder.finish()};
		} catch (error) {
			return {error};
		}
	}
}

/** Rebuild a commit view once its overlay outgrows this and the table (amortised O(1) per row). */
const OVERLAY_MIN = 65_536;

/**
 * What a commit diffs against, without re-materialising the table after every commit: a table as
 * of some commit, its id index (built lazily: only writers pay for it) and the records committed
 * since, which take precedence.
 */
class CommitView<T, R> {
	readonly table: T;
	readonly overlay = new IdMap<R>();
	private readonly ids: (table: T) => Float64Array;
	private lazyIndex: IdIndex | undefined;

	constructor(table: T, ids: (table: T) => Float64Array) {
		this.table = table;
		this.ids = ids;
	}

	get index(): IdIndex {
		this.lazyIndex ??= new IdIndex(this.ids(this.table));
		return this.lazyIndex;
	}
}

function deltaEntryOf(kind: SegmentKind, generation: number, time: Float64Array, replaces: ReadonlySet<number>): SegmentEntry {
	const months = new Set<number>();
	let monthBegin = Number.NaN;
	let monthEnd = Number.NaN;
	for (const instant of time) {
		// Rows are sorted, so only month changes need the Date arithmetic.
		if (instant >= monthBegin && instant < monthEnd) continue;
		const month = monthIndexOf(instant);
		months.add(month);
		monthBegin = monthStart(month);
		monthEnd = monthStart(month + 1);
	}

	return {
		file: deltaSegmentFile(kind, generation),
		kind,
		role: 'delta',
		rows: time.length,
		bytes: 0,
		months: [...months].sort((a, b) => a - b),
		replaces: [...replaces].sort((a, b) => a - b),
	};
}


/** A batch sorted against what is stored: counts, the records to write, the months they leave. */
type BatchDiff<R> = {result: UpsertResult; changed: R[]; replaces: Set<number>};

/** How one kind of record compares with a stored row, a record committed earlier, and its month. */
type RecordIdentity<T, R> = {
	readonly rowEquals: (table: T, row: number, record: R) => boolean;
	readonly recordsEqual: (old: R, record: R) => boolean;
	readonly rowTime: (table: T, row: number) => number;
	readonly recordTime: (record: R) => number;
};

/**
 * Upsert by id: new ids are inserted, identical records are unchanged, others are updated and the
 * month their old version lives in must be rewritten (its base segment drops the old row).
 */
function diffBatch<T, R extends {readonly id: number}>(
	view: CommitView<T, R>,
	records: readonly R[],
	identity: RecordIdentity<T, R>,
): BatchDiff<R> {
	const {table} = view;
	const result = {inserted: 0, updated: 0, unchanged: 0};
	const changed: R[] = [];
	const replaces = new Set<number>();
	for (const record of records) {
		const newer = view.overlay.get(record.id);
		const row = newer ? -1 : view.index.get(record.id);
		if (!newer && row < 0) {
			result.inserted++;
			changed.push(record);
		} else if (newer ? identity.recordsEqual(newer, record) : identity.rowEquals(table, row, record)) {
			result.unchanged++;
		} else {
			result.updated++;
			changed.push(record);
			replaces.add(monthIndexOf(newer ? identity.recordTime(newer) : identity.rowTime(table, row)));
		}
	}

	return {result, changed, replaces};
}

const SESSION_IDENTITY: RecordIdentity<SessionTable, SessionRecord> = {
	rowEquals: sessionEquals,
	recordsEqual: sessionRecordsEqual,
	rowTime: (table, row) => table.begin[row]!,
	recordTime: (record) => record.begin,
};

const EVENT_IDENTITY: RecordIdentity<EventTable, EventRecord> = {
	rowEquals: eventEquals,
	recordsEqual: eventRecordsEqual,
	rowTime: (table, row) => table.time[row]!,
	recordTime: (record) => record.time,
};

/** True when row `row` of `table` stores exactly what `record` says (under the model's user identity). */
function sessionEquals(table: SessionTable, row: number, record: SessionRecord): boolean {
	if (table.begin[row] !== record.begin) return false;
	const end = table.end[row]!;
	if (record.end === null ? !Number.isNaN(end) : end !== record.end) return false;
	if (table.campus[row] !== (record.campusId ?? -1)) return false;
	if (table.hosts[table.host[row]!] !== record.host) return false;
	const user = table.user[row]!;
	if (record.userId === null && record.login === null) return user === -1;
	if (user < 0) return false;
	const userId = table.userIds[user]!;
	const login = table.logins[user]!;
	if (record.userId === null) return Number.isNaN(userId) && login === record.login;
	// A user is its 42 id; a login only counts as news when we only had the `#id` placeholder.
	return userId === record.userId && (record.login === null || login !== loginPlaceholder(record.userId));
}

/** `sessionEquals` for a record committed earlier in this process. */
function sessionRecordsEqual(old: SessionRecord, record: SessionRecord): boolean {
	if (old.begin !== record.begin || old.end !== record.end || old.host !== record.host || old.campusId !== record.campusId) return false;
	if (record.userId === null) return old.userId === null && old.login === record.login;
	return old.userId === record.userId && (record.login === null || old.login !== null);
}

function eventRecordsEqual(old: EventRecord, record: EventRecord): boolean {
	return old.time === record.time && old.user === record.user && old.type === record.type && old.metadata === record.metadata;
}

function eventEquals(table: EventTable, row: number, record: EventRecord): boolean {
	if (table.time[row] !== record.time) return false;
	if (table.types[table.type[row]!] !== record.type) return false;
	const user = table.user[row]!;
	if ((user < 0 ? null : table.users[user]) !== record.user) return false;
	const meta = table.meta[row]!;
	return (meta < 0 ? null : table.metadata[meta]) === record.metadata;
}
