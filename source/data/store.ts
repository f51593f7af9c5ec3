/**
 * The bigstat42 store: a directory of columnar segments behind a lowdb `Low` with a custom adapter.
 *
 * Layout (schema 2; see store/segment-file.ts for the binary segment and store/manifest.ts):
 *
 *   manifest.json              commit point: schema version, generation, campuses, sync state, the
 *                              list of live segments (each with its byte size, CRC-32, time span and
 *                              counts) and the manifest's own CRC-32. Replaced atomically by every commit.
 *   manifest.prev.json         the manifest before the last commit (its segments are kept too)
 *   s-2024-03-g17.seg          base segment: every session that begins in UTC March 2024, sorted
 *   e-2024-03-g17.seg          base segment: every event of UTC March 2024, sorted
 *   s-delta-g18.seg            delta segment: the sessions commit 18 inserted or changed
 *   store.lock                 writer lock (pid, host, start time)
 *
 * A commit writes O(batch) bytes: one small delta segment per table it changes plus the manifest
 * (temp file + fsync + rename + directory fsync each). When a table has more than
 * MAX_DELTAS deltas or MAX_DELTA_ROWS delta rows, the commit compacts instead: it rewrites the base
 * segments of the months the deltas touch and drops the deltas (amortised: each row is rewritten
 * about once per MAX_DELTAS commits into its month). Segment names carry the generation, so no
 * live file is ever overwritten; files neither the manifest nor the previous one lists are
 * garbage-collected after a commit. A directory with segments but no manifest is damaged: nothing
 * is written to it or collected from it (`bigstat42 store repair`, store/repair.ts, rebuilds it).
 *
 * Integrity: every segment read is checked against its manifest entry (size, CRC-32, rows) and its
 * own header; a writer checks every live segment before its first commit (and again after another
 * process committed), so no commit or compaction builds on a damaged file. A schema 1 store (JSON
 * segments) is read as is; its first commit first migrates it: every table is rewritten as binary
 * base segments in one commit of its own (atomic: one manifest rename).
 *
 * Writers take `store.lock`, re-read the manifest and refresh when another process committed since
 * they loaded, so two writers never lose each other's rows. Readers never lock.
 *
 * Reading: opening reads the manifest only. `sessions()` / `events()` decode every segment of a
 * table (one file at a time: read, check, decode, drop) into the whole table, cached until the next
 * commit; `sessionsInRange()` / `eventsInRange()` decode only the segments whose manifest entry
 * (time span, open rows, latest end) says they can hold rows of the range, plus the deltas (few:
 * compaction bounds them). Commits diff against a CommitView: the table as of some commit, a
 * typed-array id index built on the first commit, and the records committed since in a typed id
 * map (rebuilt when they outnumber the table).
 *
 * Users: a user is its 42 id when known, else its login. The first real login seen for an id wins
 * (a later different login for the same id is not news); a `#id` placeholder is replaced by the
 * first real login. Dictionaries may hold values that no row uses any more (after updates).
 */
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
	type StoreExtent,
	type TableMonth,
	type SyncState,
	type UpsertResult,
} from './store-types.js';
import {errorMessage} from '../core/system-error.js';
import {describeFsError, makeDirectory} from './store/atomic-file.js';
import {ColumnarAdapter, emptyStoreData, loadSegment, MissingSegment, readManifestSync, verifySegment, type StoreData} from './store/adapter.js';
import {IdIndex, IdMap} from './store/id-index.js';
import {acquireLock, type HeldLock} from './store/lock.js';
import {
	CURRENT_SCHEMA_VERSION,
	deltaSegmentFile,
	extentOf,
	MANIFEST_FILE,
	monthIndexOf,
	monthStart,
	serializeManifest,
	spanOf,
	type Manifest,
	type SegmentEntry,
	type SegmentKind,
} from './store/manifest.js';
import {eventTableBuilder, sessionTableBuilder, type TableBuilding} from './store/materialise.js';
import {selectEvents, selectSessions} from './store/range.js';
import {EventDictionaries, SessionDictionaries, type Segment} from './store/segment-codec.js';
import {baseSegments, encodeTable, monthsOf, segmentWritten, type Written} from './store/write-segments.js';
import {validateBatch} from './store/validate.js';
import {readOrphanJournals, removeJournals} from './store/journal.js';

export {StoreError} from './store-types.js';
export type * from './store-types.js';
export {writeStats} from './store/atomic-file.js';

function isEmptyBatch(clean: ReturnType<typeof validateBatch>): boolean {
	return clean.sessions.length === 0 && clean.events.length === 0 && clean.campuses.length === 0 && clean.syncState === undefined;
}

/** A table gets compacted when it has more delta segments than this… */
export const MAX_DELTAS = 16;
/** …or more delta rows than this. */
export const MAX_DELTA_ROWS = 20_000;

/** Disk usage of the live files (what `du` would count, minus the lock, the previous generation and garbage). */
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
	/** The schema version of the store on disk (1 until a write migrates it). */
	readonly diskSchemaVersion: number;
	diskUsage(): StoreDiskUsage;
	/** Segment reads and decodes since open (tests and the bench check that ranges read little). */
	readonly readStats: {segments: number; rows: number};
	/** Commits the events of journals whose writer died (every commit does this too). */
	recoverJournals(): Promise<CommitResult>;
	/**
	 * The live segments of the loaded manifest (files are never reused for other content): a
	 * follower diffs two lists to find what another writer's commit added.
	 */
	segmentEntries(): readonly SegmentEntry[];
	/**
	 * The rows of just these segments of one kind (deltas oldest first; the newest copy of an id
	 * wins), without touching the cached tables. Throws when a file went missing (compacted and
	 * collected since): the caller then reloads in full.
	 */
	decodeSegments(kind: 'sessions', entries: readonly SegmentEntry[]): SessionTable;
	decodeSegments(kind: 'events', entries: readonly SegmentEntry[]): EventTable;
};

const noChange: UpsertResult = {inserted: 0, updated: 0, unchanged: 0};

/**
 * Opens (without creating) the store directory at `storePath`: reads its manifest only. The
 * directory and its manifest are created by the first commit that changes something; `readOnly`
 * stores never write or lock.
 */
export async function openStore(storePath: string, options: OpenStoreOptions = {}): Promise<ColumnarStore> {
	const store = new SegmentedStore(path.resolve(storePath), options);
	await store.load();
	return store;
}

class SegmentedStore implements ColumnarStore {
	readonly path: string;
	readonly schemaVersion = CURRENT_SCHEMA_VERSION;
	readonly readStats = {segments: 0, rows: 0};
	private readonly readOnly: boolean;
	private readonly lockTimeoutMs: number;
	private readonly db: Low<StoreData>;
	private lock: HeldLock | undefined;
	private queue: Promise<unknown> = Promise.resolve();
	private closed = false;
	private sessionTable: SessionTable | undefined;
	private eventTable: EventTable | undefined;
	/** The last range of each kind and its key (from, to, look-back). */
	private sessionRange: {key: string; table: SessionTable} | undefined;
	private eventRange: {key: string; table: EventTable} | undefined;
	/** The dictionaries of the last `sessionMonths` range, shared by every pass over it. */
	private monthDictionaries: {key: string; dictionaries: SessionDictionaries} | undefined;
	/** Segment files of the loaded manifest checked whole (size + CRC) by a writer. */
	private readonly verified = new Set<string>();
	/**
	 * The segments this instance wrote that are still live, in memory: compaction merges them
	 * without reading them back (they were checked when encoded; every other input is read and checked).
	 */
	private recent = new Map<string, Segment>();
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
		this.db = new Low<StoreData>(adapter, emptyStoreData());
	}

	get exists(): boolean {
		return this.db.data.exists;
	}

	get generation(): number {
		return this.db.data.manifest.generation;
	}

	get diskSchemaVersion(): number {
		return this.db.data.exists ? this.db.data.manifest.schemaVersion : CURRENT_SCHEMA_VERSION;
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
		this.sessionTable ??= this.build('sessions', () => true) as SessionTable;
		return this.sessionTable;
	}

	events(): EventTable {
		this.eventTable ??= this.build('events', () => true) as EventTable;
		return this.eventTable;
	}

	sessionsInRange(from: number, to: number, lookbackMs = 0): SessionTable {
		if (!(lookbackMs > 0) || !Number.isFinite(lookbackMs)) lookbackMs = 0;
		if (this.sessionTable) return selectSessions(this.sessionTable, from, to, lookbackMs);
		const key = `${from}|${to}|${lookbackMs}`;
		if (this.sessionRange?.key === key) return this.sessionRange.table;
		const windowStart = from - lookbackMs;
		const table = this.build('sessions', (entry) => {
			const span = spanOf(entry);
			if (span.first >= to) return false;
			if (span.last >= windowStart) return true;
			// Entirely before the window: only rows still open or ending after `from` are wanted.
			return entry.open === undefined || entry.open > 0 || !(entry.maxEnd! <= from);
		}) as SessionTable;
		this.sessionRange = {key, table: selectSessions(table, from, to, lookbackMs)};
		return this.sessionRange.table;
	}

	eventsInRange(from: number, to: number): EventTable {
		if (this.eventTable) return selectEvents(this.eventTable, from, to);
		const key = `${from}|${to}`;
		if (this.eventRange?.key === key) return this.eventRange.table;
		const table = this.build('events', (entry) => {
			const span = spanOf(entry);
			return span.first < to && span.last >= from;
		}) as EventTable;
		this.eventRange = {key, table: selectEvents(table, from, to)};
		return this.eventRange.table;
	}

	*sessionMonths(from: number, to: number, lookbackMs = 0): Generator<TableMonth<SessionTable>> {
		if (!(lookbackMs > 0) || !Number.isFinite(lookbackMs)) lookbackMs = 0;
		const windowStart = from - lookbackMs;
		if (!(to > windowStart)) return;
		if (this.sessionTable) {
			yield {from: -Infinity, to: Infinity, table: selectSessions(this.sessionTable, from, to, lookbackMs)};
			return;
		}

		// Another pass over the same range continues the same dictionaries, so its indexes match the first pass's
		// even when it skips months (append-only: indexes never change).
		const key = `${from}|${to}|${lookbackMs}|${this.generation}`;
		if (this.monthDictionaries?.key !== key) this.monthDictionaries = {key, dictionaries: new SessionDictionaries()};
		const dictionaries = this.monthDictionaries.dictionaries;
		const first = monthIndexOf(windowStart);
		const last = monthIndexOf(to - 1);
		for (let month = first; month <= last; month++) {
			const start = monthStart(month);
			const end = monthStart(month + 1);
			const load = () => this.build(
				'sessions',
				(entry) => {
					const span = spanOf(entry);
					if (span.first >= end || span.last < (month === first ? windowStart : start)) {
						// Before the first month: only rows still open or ending after `from` are wanted.
						if (month !== first || span.first >= windowStart) return false;
						return entry.open === undefined || entry.open > 0 || !(entry.maxEnd! <= from);
					}

					return true;
				},
				dictionaries,
			) as SessionTable;
			yield lazyMonth(month === first ? -Infinity : start, month === last ? Infinity : end, () =>
				month === first ? selectSessions(load(), from, Math.min(end, to), lookbackMs) : selectSessions(load(), start, Math.min(end, to), 0),
			);
		}
	}

	*eventMonths(from: number, to: number): Generator<TableMonth<EventTable>> {
		if (!(to > from)) return;
		if (this.eventTable) {
			yield {from: -Infinity, to: Infinity, table: selectEvents(this.eventTable, from, to)};
			return;
		}

		const dictionaries = new EventDictionaries();
		const first = monthIndexOf(from);
		const last = monthIndexOf(to - 1);
		for (let month = first; month <= last; month++) {
			const start = Math.max(from, monthStart(month));
			const end = Math.min(to, monthStart(month + 1));
			const load = () =>
				this.build(
					'events',
					(entry) => {
						const span = spanOf(entry);
						return span.first < end && span.last >= start;
					},
					dictionaries,
				) as EventTable;
			yield lazyMonth(month === first ? -Infinity : start, month === last ? Infinity : end, () => selectEvents(load(), start, end));
		}
	}

	extent(): StoreExtent {
		return extentOf(this.db.data.manifest);
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

	segmentEntries(): readonly SegmentEntry[] {
		return this.db.data.manifest.segments;
	}

	decodeSegments(kind: 'sessions', entries: readonly SegmentEntry[]): SessionTable;
	decodeSegments(kind: 'events', entries: readonly SegmentEntry[]): EventTable;
	decodeSegments(kind: SegmentKind, entries: readonly SegmentEntry[]): SessionTable | EventTable {
		return this.decode(kind, entries.filter((entry) => entry.kind === kind));
	}

	async reload(): Promise<void> {
		await this.serialised(async () => {
			await this.readState();
		});
	}

	/** Commits the events of journals whose writer died (every commit does this too); no-op without any. */
	async recoverJournals(): Promise<CommitResult> {
		if (!this.db.data.exists || this.readOnly) return {sessions: noChange, events: noChange, campuses: noChange};
		return this.commit(() => ({}));
	}

	async close(): Promise<void> {
		this.closed = true;
		await this.queue.catch(() => undefined);
		await this.lock?.release();
		this.lock = undefined;
	}

	async commit(batch: StoreBatch | ((current: Store) => StoreBatch)): Promise<CommitResult> {
		if (this.readOnly) {
			throw new StoreError(`store ${this.path} was opened read-only`, this.path, 'open it without readOnly to import or sync');
		}

		if (this.closed) throw new StoreError(`store ${this.path} is closed`, this.path);
		// A plain batch is validated before the lock; a function is called under the lock, after
		// the refresh, so that what it builds (e.g. ids from a counter in the sync state) sees
		// every other process's commits.
		const early = typeof batch === 'function' ? undefined : validateBatch(batch, this.path);
		if (early && isEmptyBatch(early)) return {sessions: noChange, events: noChange, campuses: noChange};

		return this.serialised(async () => {
			// The first commit creates the directory; the lock lives inside it.
			if (!this.db.data.exists) {
				await makeDirectory(this.path).catch((error: unknown) => {
					throw new StoreError(`cannot create the store directory ${this.path}: ${describeFsError(error)}`, this.path, createHint(error));
				});
			}

			this.lock = await acquireLock(this.path, this.lockTimeoutMs);
			try {
				await this.refreshIfStale();
				this.verifyAll();
				if (this.db.data.exists && this.db.data.manifest.schemaVersion < CURRENT_SCHEMA_VERSION) await this.migrate();
				const asked = early ?? validateBatch((batch as (current: Store) => StoreBatch)(this), this.path);
				// Events a dead writer acknowledged from its journal but never committed ride along.
				const orphans = readOrphanJournals(this.path);
				const clean = orphans.records.length === 0 ? asked : validateBatch({...asked, events: [...orphans.records, ...asked.events]}, this.path);
				if (isEmptyBatch(clean) && orphans.files.length === 0) return {sessions: noChange, events: noChange, campuses: noChange};
				const result = isEmptyBatch(clean) ? {sessions: noChange, events: noChange, campuses: noChange} : await this.apply(clean);
				await removeJournals(this.path, orphans.files);
				return result;
			} finally {
				await this.lock.release();
				this.lock = undefined;
			}
		});
	}

	/**
	 * Decodes the segments of `kind` that `wanted` accepts (every delta is always decoded: a delta
	 * row may replace a base row anywhere). A segment that went missing (another process compacted
	 * and collected it since this instance read the manifest) makes it re-read the manifest and
	 * start again.
	 */
	private build(
		kind: SegmentKind,
		wanted: (entry: SegmentEntry) => boolean,
		dictionaries?: SessionDictionaries | EventDictionaries,
	): SessionTable | EventTable {
		for (let attempt = 0; ; attempt++) {
			const entries = this.db.data.manifest.segments.filter((entry) => entry.kind === kind && (entry.role === 'delta' || wanted(entry)));
			try {
				return this.decode(kind, entries, dictionaries);
			} catch (error) {
				if (!(error instanceof MissingSegment)) throw error;
				const generation = this.generation;
				if (attempt < 5) this.readStateSync();
				if (attempt >= 5 || this.generation === generation) {
					throw new StoreError(`segment ${error.file} listed in ${path.join(this.path, MANIFEST_FILE)} is missing; the store is damaged`, error.file, 'run `bigstat42 store repair`; nothing was overwritten');
				}
			}
		}
	}

	/** The table of exactly the segments `entries` (of `kind`), each decoded as it is read and dropped. */
	private decode(kind: SegmentKind, entries: readonly SegmentEntry[], dictionaries?: SessionDictionaries | EventDictionaries): SessionTable | EventTable {
		const builder: TableBuilding<Segment, SessionTable | EventTable> =
			kind === 'sessions'
				? (sessionTableBuilder(entries, dictionaries as SessionDictionaries | undefined) as TableBuilding<Segment, SessionTable | EventTable>)
				: (eventTableBuilder(entries, dictionaries as EventDictionaries | undefined) as TableBuilding<Segment, SessionTable | EventTable>);
		for (const entry of builder.order) {
			const segment = loadSegment(this.path, entry);
			this.readStats.segments++;
			this.readStats.rows += segment.rows;
			builder.add(entry, segment);
		}

		return builder.finish();
	}

	/** Under the lock: every live segment not yet checked is read and checked (size, CRC, header). */
	private verifyAll(): void {
		for (const entry of this.db.data.manifest.segments) {
			if (this.verified.has(entry.file)) continue;
			try {
				verifySegment(this.path, entry);
			} catch (error) {
				if (error instanceof MissingSegment) {
					throw new StoreError(`segment ${error.file} listed in the manifest is missing; the store is damaged and nothing was written`, error.file, 'run `bigstat42 store repair`');
				}

				if (error instanceof StoreError) {
					throw new StoreError(`${error.message}; nothing was written`, error.path, error.hint);
				}

				throw error;
			}

			this.verified.add(entry.file);
		}
	}

	/** Under the lock: if another process committed since we loaded, load its state first. */
	private async refreshIfStale(): Promise<void> {
		const onDisk = readManifestSync(this.path);
		if (onDisk === null && this.db.data.exists) {
			throw new StoreError(`${path.join(this.path, MANIFEST_FILE)} vanished; the store is damaged and nothing was written`, this.path, 'run `bigstat42 store repair`');
		}

		if ((onDisk?.manifest.generation ?? 0) === this.db.data.manifest.generation && (onDisk !== null) === this.db.data.exists) return;
		await this.readState();
	}

	/**
	 * Schema 1 → 2, as a commit of its own: both tables (decoded from the JSON segments, which
	 * checks them) are written as binary base segments, one per month, with no deltas.
	 */
	private async migrate(): Promise<void> {
		const before = this.db.data;
		const generation = before.manifest.generation + 1;
		const written: Written[] = [];
		const sessions = this.sessions();
		const events = this.events();
		written.push(...baseSegments('sessions', sessions, sessions.begin, generation, monthsOf(sessions.begin)));
		written.push(...baseSegments('events', events, events.time, generation, monthsOf(events.time)));
		const next: Manifest = {...before.manifest, schemaVersion: CURRENT_SCHEMA_VERSION, generation, segments: written.map(([entry]) => entry)};
		await this.write(before, next, written);
		for (const [entry] of written) this.verified.add(entry.file);
	}

	/** Writes segments and the manifest (the commit point); on failure the previous state stays. */
	private async write(before: StoreData, next: Manifest, written: readonly Written[]): Promise<void> {
		this.db.data = {manifest: next, pending: new Map(written.map(([entry, bytes]) => [entry.file, bytes])), exists: true, manifestBytes: 0};
		try {
			await this.db.write();
		} catch (error) {
			this.db.data = before;
			if (error instanceof StoreError) throw error;
			const code = (error as NodeJS.ErrnoException).code;
			throw new StoreError(
				`could not commit to ${this.path}: ${errorMessage(error)}`,
				this.path,
				code === 'ENOSPC' ? 'the disk is full; free some space and retry (the previous state is intact)' : code === 'EROFS' ? 'the file system is read-only; the previous state is intact' : 'the previous state is intact; retry',
			);
		}

		this.db.data = {...this.db.data, pending: new Map(), manifestBytes: Buffer.byteLength(serializeManifest(next))};
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
		const written: Written[] = [];
		if (sessions && sessions.changed.length > 0) {
			const table = sessionTableFromRecords(sessions.changed);
			const plan = this.planKind('sessions', segments, table, table.begin, generation, sessions.replaces);
			segments = [...plan.segments, ...plan.written.map(([entry]) => entry)];
			written.push(...plan.written);
		}

		if (events && events.changed.length > 0) {
			const table = eventTableFromRecords(events.changed);
			const plan = this.planKind('events', segments, table, table.time, generation, events.replaces);
			segments = [...plan.segments, ...plan.written.map(([entry]) => entry)];
			written.push(...plan.written);
		}

		const next: Manifest = {
			schemaVersion: CURRENT_SCHEMA_VERSION,
			generation,
			campuses: [...campusById.values()].sort((a, b) => a.id - b.id),
			syncState,
			segments,
		};
		await this.write(before, next, written);
		for (const [entry] of written) this.verified.add(entry.file);
		const live = new Set(next.segments.map((entry) => entry.file));
		this.recent = new Map([...this.recent, ...written.map(([entry, , segment]) => [entry.file, segment] as const)].filter(([file]) => live.has(file)));
		this.sessionRange = undefined;
		this.eventRange = undefined;
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
	 * Adds a delta for `kind` (the changed rows in `table`), or compacts when the deltas would exceed
	 * the limits: then the months the deltas touch get new base segments, decoded from their files
	 * (which checks them again) and merged with the deltas.
	 */
	private planKind(
		kind: SegmentKind,
		segments: readonly SegmentEntry[],
		table: SessionTable | EventTable,
		time: Float64Array,
		generation: number,
		replaces: ReadonlySet<number>,
	): {segments: SegmentEntry[]; written: Written[]} {
		const delta = encodeTable(kind, table, 0, table.size);
		const deltaWritten = segmentWritten(kind, delta, table, 0, table.size, {
			file: deltaSegmentFile(kind, generation),
			role: 'delta',
			generation,
			months: monthsOf(time),
			replaces: [...replaces].sort((a, b) => a - b),
		});
		const deltas = segments.filter((entry) => entry.kind === kind && entry.role === 'delta');
		const deltaRows = deltas.reduce((sum, entry) => sum + entry.rows, 0) + table.size;
		if (deltas.length + 1 <= MAX_DELTAS && deltaRows <= MAX_DELTA_ROWS) return {segments: [...segments], written: [deltaWritten]};

		// Compaction: merge the deltas (and the new one) with the bases of the months they touch
		// only; every other month stays as it is. Cost O(touched months + deltas), not O(store).
		const deltaEntry = deltaWritten[0];
		const months = new Set<number>();
		for (const entry of [...deltas, deltaEntry]) for (const month of [...entry.months, ...entry.replaces]) months.add(month);
		const touches = (entry: SegmentEntry) => entry.kind === kind && (entry.role === 'delta' || months.has(entry.months[0] ?? Number.NaN));
		const touched = segments.filter(touches);
		const builder: TableBuilding<Segment, SessionTable | EventTable> =
			kind === 'sessions'
				? (sessionTableBuilder([...touched, deltaEntry]) as TableBuilding<Segment, SessionTable | EventTable>)
				: (eventTableBuilder([...touched, deltaEntry]) as TableBuilding<Segment, SessionTable | EventTable>);
		for (const entry of builder.order) builder.add(entry, entry === deltaEntry ? delta : (this.recent.get(entry.file) ?? loadSegment(this.path, entry)));
		const merged = builder.finish();
		const mergedTime = 'begin' in merged ? merged.begin : merged.time;
		return {segments: segments.filter((entry) => !touches(entry)), written: baseSegments(kind, merged, mergedTime, generation, months)};
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

	/** Reads the manifest (O(manifest): no segment is read); drops every cached table when it changed. */
	private async readState(): Promise<void> {
		const before = this.db.data;
		await this.db.read();
		const after = this.db.data;
		// The same generation is the same commit (generations only grow, under the lock): keep what is decoded.
		if (after !== before && after.exists && before.exists && after.manifest.generation === before.manifest.generation) {
			this.db.data = {...before, manifestBytes: after.manifestBytes};
			return;
		}

		if (after !== before && after.exists && before.exists && after.manifest.schemaVersion === before.manifest.schemaVersion) {
			// A table is decoded from its kind's segments only: a commit that left one kind's segment
			// list as it was (an events-only commit leaves the sessions) keeps that table decoded.
			this.invalidate(!sameFiles(before.manifest, after.manifest, 'sessions'), !sameFiles(before.manifest, after.manifest, 'events'), after.manifest);
			return;
		}

		if (after !== before) this.invalidate();
	}

	private readStateSync(): void {
		const data = (this.db.adapter as ColumnarAdapter).readSync();
		if (data) this.db.data = data;
		this.invalidate();
	}

	/**
	 * Drops the decoded state of the kinds that changed (both by default). With `live` (the new
	 * manifest), the checked files and the segments of ours still listed are kept (names are never
	 * reused for other content).
	 */
	private invalidate(sessions = true, events = true, live?: Manifest): void {
		if (sessions) {
			this.sessionTable = undefined;
			this.sessionRange = undefined;
			this.sessionView = undefined;
		}

		if (events) {
			this.eventTable = undefined;
			this.eventRange = undefined;
			this.eventView = undefined;
		}

		if (live) {
			const files = new Set(live.segments.map((entry) => entry.file));
			for (const file of this.verified) if (!files.has(file)) this.verified.delete(file);
			this.recent = new Map([...this.recent].filter(([file]) => files.has(file)));
			return;
		}

		this.verified.clear();
		this.recent = new Map();
	}

	/** Runs commits and reloads of this instance one at a time. */
	private async serialised<T>(task: () => Promise<T>): Promise<T> {
		const run = this.queue.then(task, task);
		this.queue = run.catch(() => undefined);
		return run;
	}
}

/** True when both manifests list the same segment files of `kind`, in the same order. */
function sameFiles(a: Manifest, b: Manifest, kind: SegmentKind): boolean {
	const left = a.segments.filter((entry) => entry.kind === kind);
	const right = b.segments.filter((entry) => entry.kind === kind);
	return left.length === right.length && left.every((entry, i) => entry.file === right[i]!.file);
}

/** A month whose table is decoded on first read (a pass that skips it decodes nothing). */
function lazyMonth<T>(from: number, to: number, load: () => T): TableMonth<T> {
	let table: T | undefined;
	return {
		from,
		to,
		get table(): T {
			table ??= load();
			return table;
		},
	};
}

function createHint(error: unknown): string {
	const code = (error as NodeJS.ErrnoException).code;
	if (code === 'EROFS') return 'the file system is read-only: point --db or BIGSTAT42_DB at a writable place';
	if (code === 'EACCES' || code === 'EPERM') return 'no permission to create it there: point --db or BIGSTAT42_DB at a writable place';
	if (code === 'ENOSPC') return 'the disk is full';
	return 'point --db or BIGSTAT42_DB at a writable directory';
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
