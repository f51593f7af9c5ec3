/**
 * The server's event log. Accepted events are made durable in groups: a group takes everything
 * that arrived while the previous one was being written, gets its ids from a block reserved in
 * the store's sync state, and is appended to this process's journal in the store directory with
 * one fdatasync (data/store/journal.ts); only then are its requests answered. Journalled events
 * are committed to the store's segments in the background, back to back (a checkpoint takes
 * everything journalled since the previous one), and a journal is deleted once its events are
 * all committed. A writer that dies leaves its journal behind; the next commit by any writer
 * (this server restarted, `import`, `sync`) commits its events, each once (ids are unique keys).
 *
 * In memory the log is the table loaded from the store (`base`) plus the records accepted by
 * this process since (`tail`, sorted by time then id). The two are merged into one table only
 * when something needs a whole table (`/summary`), cached until the next change, and folded into
 * a new base when the tail outgrows it (amortised O(1) per event). Another process's commits are
 * followed incrementally: every `pollMs` a stat of manifest.json (its inode, size and mtime change
 * with every commit, which renames a new file into place); when it changed, the manifest is
 * re-read and its event segment list diffed against the files already reflected here
 * (`followed`); only the added delta segments are decoded, and their rows that are new ids are
 * folded into the tail, the counters (O(1) each, so `/stats/*` never rescan) and the event
 * stream. A commit that removed segments (compaction) or rewrote an event we hold (same id, other
 * content) falls back to a full reload. Checkpoints follow the same way when another writer
 * committed in between.
 */
import {
	eventTableFromRecords,
	emptyEventTable,
	Interner,
	type EpochMs,
	type EventRecord,
	type EventTable,
} from '../core/model.js';
import {serverEventId, serverEventSequence} from '../core/ids.js';
import {lowerBound} from '../core/stats/ranges.js';
import {zoneClock} from '../core/time.js';
import type {ColumnarStore} from '../data/store.js';
import {manifestStamp, readManifestSync} from '../data/store/adapter.js';
import {IdIndex} from '../data/store/id-index.js';
import {Journal, removeJournals} from '../data/store/journal.js';
import {EventStats} from './event-stats.js';

/** The sync-state key holding the last server event sequence number handed out. */
export const SEQUENCE_KEY = 'serverEventSequence';

/** An accepted event before it gets its id. */
export type EventDraft = {
	readonly user: string;
	readonly type: string;
	readonly time: EpochMs;
	/** Compact JSON text, or null. */
	readonly metadata: string | null;
};

export type EventFilter = {
	readonly skip: number;
	readonly limit: number;
	readonly user?: string | undefined;
	readonly type?: string | undefined;
	readonly from?: EpochMs | undefined;
	readonly to?: EpochMs | undefined;
};

export type EventLogOptions = {
	/** The store to commit to; undefined keeps the log in memory (the demo). */
	readonly store?: ColumnarStore | undefined;
	/** The events to start from when there is no store (the demo's events). */
	readonly initial?: EventTable | undefined;
	readonly timeZone: string;
	readonly clock: () => EpochMs;
	/** How often to look for another process's commits. @default 250 */
	readonly pollMs?: number;
};

type Waiting = {
	readonly drafts: readonly EventDraft[];
	readonly resolve: (records: EventRecord[]) => void;
	readonly reject: (error: unknown) => void;
};

/** A commit failed; the events of the request were not stored. */
export class CommitFailed extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'CommitFailed';
	}
}

export class EventLog {
	readonly store: ColumnarStore | undefined;
	readonly timeZone: string;
	private readonly clock: () => EpochMs;
	private base: EventTable;
	private tail: EventRecord[] = [];
	private merged: EventTable | undefined;
	private statsValue: EventStats;
	/** The highest sequence number handed out (or known from the store). */
	private sequence = 0;
	/** The last sequence number of the block reserved in the store's sync state. */
	private reservedUpTo = 0;
	private waiting: Waiting[] = [];
	/** This process's journal (store mode only). */
	private readonly journal: Journal | undefined;
	/** Journalled (acknowledged) records not committed to the segments yet. */
	private pending: EventRecord[] = [];
	/** Rotated-out journal files, deleted by the first checkpoint that starts after their rotation. */
	private retiring: string[] = [];
	/** Store commits and refreshes run one at a time, in this chain. */
	private chain: Promise<void> = Promise.resolve();
	/** Tasks queued or running in `chain`. */
	private running = 0;
	private appending = false;
	private checkpointing = false;
	/** The timer of the next checkpoint (its interval, or a retry after a failure). */
	private retryTimer: NodeJS.Timeout | undefined;
	private lastCheckpointEnd = Number.NEGATIVE_INFINITY;
	private closing = false;
	private poller: NodeJS.Timeout | undefined;
	private readonly listeners = new Set<(records: readonly EventRecord[]) => void>();
	private readonly reloadListeners = new Set<(generation: number) => void>();
	/** Event segment files whose rows are reflected in base + tail. */
	private followed = new Set<string>();
	/** The stat stamp of manifest.json at the last poll that read it. */
	private manifestStamp = '';
	/** id → row of `base`, built when a follow first needs it; dropped when base changes. */
	private baseIndex: IdIndex | undefined;
	/** The tail's records by id (kept with the tail). */
	private tailIds = new Map<number, EventRecord>();
	/** Another writer's commits folded in without a full reload, and full reloads (tests read them). */
	follows = 0;
	fullReloads = 0;
	/** Journal appends (one per group of requests), store commits (checkpoints) and the events they carried (tests and the health page read them). */
	journalWrites = 0;
	journalledEvents = 0;
	commits = 0;
	committedEvents = 0;
	lastCommitAt: EpochMs | null = null;
	lastError: string | null = null;

	constructor(options: EventLogOptions) {
		this.store = options.store;
		this.timeZone = options.timeZone;
		this.clock = options.clock;
		this.base = options.store ? options.store.events() : (options.initial ?? emptyEventTable());
		this.sequence = this.knownSequence(this.base);
		this.statsValue = EventStats.fromTable(this.base, zoneClock(this.timeZone), this.clock());
		this.journal = options.store ? new Journal(options.store.path) : undefined;
		if (options.store) {
			this.followed = eventFiles(options.store);
			this.manifestStamp = manifestStamp(options.store.path);
			const pollMs = options.pollMs ?? 250;
			this.poller = setInterval(() => void this.poll(), pollMs);
			this.poller.unref();
		}
	}

	/** The counters, advanced to the clock's now. */
	stats(): EventStats {
		this.statsValue.advance(this.clock());
		return this.statsValue;
	}

	/** Number of events held (past and future). */
	get size(): number {
		return this.base.size + this.tail.length;
	}

	/** Stores `drafts` together with whatever else is waiting; resolves once they are durable. */
	async append(drafts: readonly EventDraft[]): Promise<EventRecord[]> {
		if (this.closing) throw new CommitFailed('the server is shutting down');
		return new Promise<EventRecord[]>((resolve, reject) => {
			this.waiting.push({drafts, resolve, reject});
			this.kick();
		});
	}

	/** Resolves once every event acknowledged so far is committed to the store's segments (or a commit failed). */
	async flush(): Promise<void> {
		while (this.appending || this.waiting.length > 0) {
			// eslint-disable-next-line no-await-in-loop
			await new Promise((resolve) => setTimeout(resolve, 1));
		}

		if (this.store) await this.exclusive(async () => this.checkpoint());
	}

	/** Subscribes to the events committed by this log (in commit order). Returns the unsubscribe. */
	subscribe(listener: (records: readonly EventRecord[]) => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	/** Called with the new generation when another process's commit was loaded. */
	onReload(listener: (generation: number) => void): () => void {
		this.reloadListeners.add(listener);
		return () => this.reloadListeners.delete(listener);
	}

	/**
	 * Stops accepting, commits everything accepted so far, stops polling, and deletes the journal
	 * once its events are committed (when the last commit failed, the journal stays for the next
	 * writer to recover).
	 */
	async close(): Promise<void> {
		this.closing = true;
		if (this.poller) clearInterval(this.poller);
		this.poller = undefined;
		if (this.retryTimer) clearTimeout(this.retryTimer);
		this.retryTimer = undefined;
		while (this.appending || this.waiting.length > 0 || this.running > 0 || this.checkpointing) {
			this.kick();
			// eslint-disable-next-line no-await-in-loop
			await new Promise((resolve) => setTimeout(resolve, 1));
		}

		if (this.pending.length > 0) await this.exclusive(async () => this.checkpoint()).catch(() => undefined);
		if (this.journal && this.pending.length === 0) {
			await this.journal.discard().catch(() => undefined);
			await removeJournals(this.journal.directory, this.retiring.splice(0)).catch(() => undefined);
		}
	}

	/** The whole log as one table (sorted by time then id). Cached until the next commit. */
	table(): EventTable {
		if (this.tail.length === 0) return this.base;
		this.merged ??= mergeTail(this.base, this.tail);
		return this.merged;
	}

	/** Events matching `filter`, in (time, id) order, after skipping `skip` matches. */
	list(filter: EventFilter): EventRecord[] {
		const {base, tail} = this;
		const from = filter.from ?? Number.NEGATIVE_INFINITY;
		const to = filter.to ?? Number.POSITIVE_INFINITY;
		// -2 matches no row (-1 is "no user").
		const indexOf = (values: readonly string[], value: string) => {
			const index = values.indexOf(value);
			return index < 0 ? -2 : index;
		};
		const userIndex = filter.user === undefined ? undefined : indexOf(base.users, filter.user);
		const typeIndex = filter.type === undefined ? undefined : indexOf(base.types, filter.type);
		let i = lowerBound(base.time, from);
		let j = lowerBoundRecords(tail, from);
		let skipped = 0;
		const rows: EventRecord[] = [];
		while (rows.length < filter.limit) {
			const baseTime = i < base.size ? base.time[i]! : Number.POSITIVE_INFINITY;
			const tailRecord = tail[j];
			const tailTime = tailRecord ? tailRecord.time : Number.POSITIVE_INFINITY;
			const takeBase = baseTime < tailTime || (baseTime === tailTime && tailRecord !== undefined && base.id[i]! < tailRecord.id);
			const time = takeBase ? baseTime : tailTime;
			if (!(time < to)) break;
			let match: boolean;
			if (takeBase) {
				match = (userIndex === undefined || base.user[i] === userIndex) && (typeIndex === undefined || base.type[i] === typeIndex);
			} else {
				match = (filter.user === undefined || tailRecord!.user === filter.user) && (filter.type === undefined || tailRecord!.type === filter.type);
			}

			if (match) {
				if (skipped < filter.skip) skipped++;
				else rows.push(takeBase ? recordAt(base, i) : tailRecord!);
			}

			if (takeBase) i++;
			else j++;
		}

		return rows;
	}

	/** Per-type counts and the total of events in [now − minutes, now]. O(events in the window). */
	recent(minutes: number, now: EpochMs): {total: number; byType: Map<string, number>} {
		const from = now - minutes * 60_000;
		const byType = new Map<string, number>();
		let total = 0;
		const {base, tail} = this;
		for (let i = lowerBound(base.time, from); i < base.size && base.time[i]! <= now; i++) {
			const type = base.types[base.type[i]!]!;
			byType.set(type, (byType.get(type) ?? 0) + 1);
			total++;
		}

		for (let j = lowerBoundRecords(tail, from); j < tail.length && tail[j]!.time <= now; j++) {
			const type = tail[j]!.type;
			byType.set(type, (byType.get(type) ?? 0) + 1);
			total++;
		}

		return {total, byType};
	}

	/** Looks for another process's commit (a stat, then the manifest only if it changed) and follows it. */
	async poll(): Promise<void> {
		const store = this.store;
		if (!store || this.running > 0 || this.closing) return;
		const stamp = manifestStamp(store.path);
		if (stamp === this.manifestStamp) return;
		let onDisk;
		try {
			onDisk = readManifestSync(store.path);
		} catch (error) {
			this.lastError = (error as Error).message;
			return;
		}

		if ((onDisk?.manifest.generation ?? 0) === store.generation) {
			this.manifestStamp = stamp;
			return;
		}

		if (this.running > 0) return;
		await this.exclusive(async () => {
			await store.reload();
			this.follow();
			this.manifestStamp = stamp;
		}).catch(() => undefined);
	}

	/**
	 * Brings base + tail up to the store's loaded manifest: decodes only the event segments added
	 * since `followed` and folds their new ids in; a full reload when segments were removed
	 * (compaction), a base segment was added, or a held event was rewritten.
	 */
	private follow(): void {
		const store = this.store!;
		const current = eventFiles(store);
		const added = store.segmentEntries().filter((entry) => entry.kind === 'events' && !this.followed.has(entry.file));
		let removed = false;
		for (const file of this.followed) if (!current.has(file)) removed = true;
		if (removed || added.some((entry) => entry.role !== 'delta')) {
			this.rebuild();
			return;
		}

		let table: EventTable;
		try {
			table = store.decodeSegments('events', added);
		} catch {
			this.rebuild();
			return;
		}

		const fresh: EventRecord[] = [];
		for (let i = 0; i < table.size; i++) {
			const record = recordAt(table, i);
			const held = this.held(record.id);
			if (held === undefined) fresh.push(record);
			else if (!sameRecord(held, record)) {
				this.rebuild();
				return;
			}
		}

		this.followed = current;
		this.follows++;
		if (fresh.length > 0) {
			fresh.sort(compareRecords);
			this.absorb(fresh);
			if (this.reservedUpTo === 0) for (const record of fresh) this.sequence = Math.max(this.sequence, serverEventSequence(record.id));
			for (const listener of this.listeners) listener(fresh);
		}

		for (const listener of this.reloadListeners) listener(store.generation);
	}

	/** The record held under `id` (base or tail), if any. */
	private held(id: number): EventRecord | undefined {
		const inTail = this.tailIds.get(id);
		if (inTail) return inTail;
		this.baseIndex ??= new IdIndex(this.base.id);
		const row = this.baseIndex.get(id);
		return row < 0 ? undefined : recordAt(this.base, row);
	}

	private kick(): void {
		if (this.appending || this.waiting.length === 0) return;
		const group = this.waiting;
		this.waiting = [];
		this.appending = true;
		void this.appendGroup(group).finally(() => {
			this.appending = false;
			this.kick();
		});
	}

	/** Runs `task` after every earlier commit or refresh of this log; its failure is recorded and rethrown. */
	private async exclusive<T>(task: () => Promise<T>): Promise<T> {
		this.running++;
		const run = this.chain.then(async () => {
			try {
				return await task();
			} catch (error) {
				this.lastError = (error as Error).message;
				throw error;
			} finally {
				this.running--;
			}
		});
		this.chain = run.then(
			() => undefined,
			() => undefined,
		);
		return run;
	}

	/** Gives the group its ids and makes it durable (the journal, or memory for the demo), then answers it. */
	private async appendGroup(group: readonly Waiting[]): Promise<void> {
		const drafts = group.flatMap((entry) => entry.drafts);
		let records: EventRecord[];
		try {
			if (this.journal) {
				if (this.sequence + drafts.length > this.reservedUpTo) await this.reserve(drafts.length);
				records = this.assignIds(drafts);
				const left = await this.journal.append(records);
				if (left) this.retiring.push(left);
				this.journalWrites++;
				this.journalledEvents += records.length;
				this.pending.push(...records);
			} else {
				records = this.assignIds(drafts);
				this.commits++;
				this.committedEvents += records.length;
				this.lastCommitAt = this.clock();
			}
		} catch (error) {
			this.lastError = (error as Error).message;
			const failure = new CommitFailed(`the events were not stored: ${(error as Error).message}`);
			for (const entry of group) entry.reject(failure);
			return;
		}

		this.absorb(records);
		let offset = 0;
		for (const entry of group) {
			entry.resolve(records.slice(offset, offset + entry.drafts.length));
			offset += entry.drafts.length;
		}

		for (const listener of this.listeners) listener(records);
		this.scheduleCheckpoint();
	}

	private assignIds(drafts: readonly EventDraft[]): EventRecord[] {
		return drafts.map((draft) => ({id: serverEventId(++this.sequence), user: draft.user, type: draft.type, time: draft.time, metadata: draft.metadata}));
	}

	/**
	 * Reserves the next block of sequence numbers in the store's sync state (under the writer lock,
	 * so two servers on one store, or a restarted one, never hand out the same id).
	 */
	private async reserve(count: number): Promise<void> {
		const store = this.store!;
		await this.exclusive(async () => {
			const before = store.generation;
			let from = this.sequence;
			let upTo = 0;
			await store.commit((current) => {
				const stored = current.syncState()[SEQUENCE_KEY];
				from = Math.max(this.sequence, typeof stored === 'number' && Number.isSafeInteger(stored) ? stored : 0);
				upTo = from + Math.max(count, ID_BLOCK);
				return {syncState: {[SEQUENCE_KEY]: upTo}};
			});
			this.reservedUpTo = upTo;
			this.afterCommit(before);
			// The block (from, upTo] is ours alone: the next id is from + 1.
			this.sequence = from;
		});
	}

	/**
	 * Starts a checkpoint when none is running, at most one per CHECKPOINT_INTERVAL_MS (sooner when
	 * CHECKPOINT_EVENTS are waiting): its fsyncs would otherwise compete with the journal's.
	 */
	private scheduleCheckpoint(): void {
		if (this.checkpointing || this.retryTimer || this.pending.length === 0 || !this.store) return;
		const wait = this.lastCheckpointEnd + CHECKPOINT_INTERVAL_MS - performance.now();
		if (wait > 0 && this.pending.length < CHECKPOINT_EVENTS && !this.closing) {
			this.retryTimer = setTimeout(() => {
				this.retryTimer = undefined;
				this.scheduleCheckpoint();
			}, wait);
			this.retryTimer.unref();
			return;
		}

		this.checkpointing = true;
		void this.exclusive(async () => this.checkpoint())
			.then(
				() => undefined,
				() => {
					// The events stay journalled (durable); try again a little later.
					this.retryTimer = setTimeout(() => {
						this.retryTimer = undefined;
						this.scheduleCheckpoint();
					}, CHECKPOINT_RETRY_MS);
					this.retryTimer.unref();
				},
			)
			.finally(() => {
				this.checkpointing = false;
				this.lastCheckpointEnd = performance.now();
				if (!this.closing) this.scheduleCheckpoint();
			});
	}

	/** Commits every journalled event to the store's segments; then deletes the journals that held only committed events. */
	private async checkpoint(): Promise<void> {
		const store = this.store!;
		if (this.pending.length === 0) return;
		const records = this.pending;
		const retired = this.retiring;
		this.pending = [];
		this.retiring = [];
		const before = store.generation;
		try {
			await store.commit({events: records});
		} catch (error) {
			this.pending = [...records, ...this.pending];
			this.retiring = [...retired, ...this.retiring];
			throw error;
		}

		this.commits++;
		this.committedEvents += records.length;
		this.lastCommitAt = this.clock();
		this.lastError = null;
		this.afterCommit(before);
		await removeJournals(store.path, retired);
	}

	/**
	 * After this log's own commit from generation `before`: when it was the next generation, the
	 * store holds what this log held plus this commit's records (already in the tail); otherwise
	 * the commit loaded another process's commits first, which are followed.
	 */
	private afterCommit(before: number): void {
		const store = this.store!;
		this.manifestStamp = manifestStamp(store.path);
		if (store.generation === before + 1) this.followed = eventFiles(store);
		else this.follow();
	}

	/** Adds this process's committed records to the tail and the counters. */
	private absorb(records: readonly EventRecord[]): void {
		const now = this.clock();
		const last = this.tail.at(-1);
		if (records.length > 64 && last && records.some((record) => compareRecords(record, last) < 0)) {
			// Many records, some older than the tail's end (another writer's import): one merge.
			const sorted = [...records].sort(compareRecords);
			const merged: EventRecord[] = [];
			let i = 0;
			let j = 0;
			while (i < this.tail.length || j < sorted.length) {
				if (j >= sorted.length || (i < this.tail.length && compareRecords(this.tail[i]!, sorted[j]!) <= 0)) merged.push(this.tail[i++]!);
				else merged.push(sorted[j++]!);
			}

			this.tail = merged;
			for (const record of records) {
				this.tailIds.set(record.id, record);
				this.statsValue.add(record.time, record.user, record.type, now);
			}
		} else {
			for (const record of records) {
				insertSorted(this.tail, record);
				this.tailIds.set(record.id, record);
				this.statsValue.add(record.time, record.user, record.type, now);
			}
		}

		this.merged = undefined;
		if (this.tail.length > Math.max(65_536, this.base.size)) {
			this.base = this.table();
			this.tail = [];
			this.tailIds = new Map();
			this.baseIndex = undefined;
			this.merged = undefined;
		}
	}

	/**
	 * Starts over from the store's table (after another process's commit). O(N). With stream
	 * subscribers, the events whose ids were not held before are handed to them (in time order,
	 * at most MAX_STREAMED_ON_RELOAD; beyond that only the reload notice tells them).
	 */
	private rebuild(): boolean {
		const store = this.store!;
		const before = this.listeners.size > 0 ? this.table() : undefined;
		this.base = store.events();
		this.tail = [];
		this.tailIds = new Map();
		this.baseIndex = undefined;
		this.merged = undefined;
		this.followed = eventFiles(store);
		this.fullReloads++;
		let streamed = false;
		if (before) {
			const added = newRecords(before, this.base, MAX_STREAMED_ON_RELOAD);
			if (added.length > 0) for (const listener of this.listeners) listener(added);
			streamed = added.length > 0;
		}

		// Without a reserved block, never hand out an id the store already holds.
		if (this.reservedUpTo === 0) this.sequence = Math.max(this.sequence, this.knownSequence(this.base));
		this.statsValue = EventStats.fromTable(this.base, zoneClock(this.timeZone), this.clock());
		// Journalled events not committed yet are still ours to show.
		if (this.pending.length > 0) {
			const held = new IdIndex(this.base.id);
			const missing = this.pending.filter((record) => held.get(record.id) < 0);
			if (missing.length > 0) this.absorb(missing);
		}
		for (const listener of this.reloadListeners) listener(store.generation);
		return streamed;
	}

	/** The highest server sequence in the sync state or among the table's ids. */
	private knownSequence(table: EventTable): number {
		let sequence = 0;
		const stored = this.store?.syncState()[SEQUENCE_KEY];
		if (typeof stored === 'number' && Number.isSafeInteger(stored)) sequence = stored;
		for (let i = 0; i < table.size; i++) sequence = Math.max(sequence, serverEventSequence(table.id[i]!));
		return sequence;
	}
}

/** Sequence numbers reserved per sync-state commit. */
const ID_BLOCK = 1_000_000;
/** At most one checkpoint (store commit of journalled events) per this many ms… */
const CHECKPOINT_INTERVAL_MS = 200;
/** …unless this many events are waiting. */
const CHECKPOINT_EVENTS = 50_000;
/** A failed checkpoint is retried after this long (its events stay journalled meanwhile). */
const CHECKPOINT_RETRY_MS = 1000;

/** Another process's commit streams at most this many new events to subscribers. */
const MAX_STREAMED_ON_RELOAD = 100_000;

/** Records of `after` whose ids `before` does not hold (at most `limit`; none when there are more). */
function newRecords(before: EventTable, after: EventTable, limit: number): EventRecord[] {
	if (after.size - before.size > limit) return [];
	const known = new IdIndex(before.id);
	const added: EventRecord[] = [];
	for (let i = 0; i < after.size; i++) {
		if (known.get(after.id[i]!) >= 0) continue;
		if (added.length === limit) return [];
		added.push(recordAt(after, i));
	}

	return added;
}

/** The event segment files of the store's loaded manifest. */
function eventFiles(store: ColumnarStore): Set<string> {
	const files = new Set<string>();
	for (const entry of store.segmentEntries()) if (entry.kind === 'events') files.add(entry.file);
	return files;
}

function sameRecord(a: EventRecord, b: EventRecord): boolean {
	return a.time === b.time && a.user === b.user && a.type === b.type && a.metadata === b.metadata;
}

function recordAt(table: EventTable, i: number): EventRecord {
	const user = table.user[i]!;
	const meta = table.meta[i]!;
	return {
		id: table.id[i]!,
		user: user < 0 ? null : table.users[user]!,
		type: table.types[table.type[i]!]!,
		time: table.time[i]!,
		metadata: meta < 0 ? null : table.metadata[meta]!,
	};
}

function compareRecords(a: EventRecord, b: EventRecord): number {
	return a.time - b.time || a.id - b.id;
}

/** First index whose time is ≥ `time`. */
function lowerBoundRecords(records: readonly EventRecord[], time: number): number {
	let low = 0;
	let high = records.length;
	while (low < high) {
		const middle = (low + high) >>> 1;
		if (records[middle]!.time < time) low = middle + 1;
		else high = middle;
	}

	return low;
}

/** Appends (the usual case: events arrive in time order) or inserts at its place. */
function insertSorted(records: EventRecord[], record: EventRecord): void {
	const last = records.at(-1);
	if (!last || compareRecords(last, record) <= 0) {
		records.push(record);
		return;
	}

	let low = 0;
	let high = records.length;
	while (low < high) {
		const middle = (low + high) >>> 1;
		if (compareRecords(records[middle]!, record) <= 0) low = middle + 1;
		else high = middle;
	}

	records.splice(low, 0, record);
}

/**
 * The table of `base` plus `tail` (ids not in `base`), sorted by time then id. The dictionaries
 * of `base` keep their indexes; new strings are appended. O(base + tail).
 */
export function mergeTail(base: EventTable, tail: readonly EventRecord[]): EventTable {
	if (base.size === 0) return eventTableFromRecords(tail);
	const size = base.size + tail.length;
	const users = new Interner(base.users);
	const types = new Interner(base.types);
	const metadata = new Interner(base.metadata);
	const id = new Float64Array(size);
	const time = new Float64Array(size);
	const user = new Int32Array(size);
	const type = new Int32Array(size);
	const meta = new Int32Array(size);
	let i = 0;
	let j = 0;
	for (let k = 0; k < size; k++) {
		const record = tail[j];
		const takeBase = i < base.size && (!record || base.time[i]! < record.time || (base.time[i] === record.time && base.id[i]! < record.id));
		if (takeBase) {
			id[k] = base.id[i]!;
			time[k] = base.time[i]!;
			user[k] = base.user[i]!;
			type[k] = base.type[i]!;
			meta[k] = base.meta[i]!;
			i++;
		} else {
			id[k] = record!.id;
			time[k] = record!.time;
			user[k] = record!.user === null ? -1 : users.add(record!.user);
			type[k] = types.add(record!.type);
			meta[k] = record!.metadata === null ? -1 : metadata.add(record!.metadata);
			j++;
		}
	}

	return {size, id, time, user, type, meta, users: users.values, types: types.values, metadata: metadata.values};
}
