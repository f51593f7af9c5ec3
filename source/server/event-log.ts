/**
 * The server's event log: accepted events are committed to the store in groups (one commit
 * takes everything that arrived while the previous one was being written), each acknowledged
 * only once its commit is durable; the statistics counters and the list view are updated from
 * the committed records, and another process's commits are picked up by polling the manifest.
 *
 * In memory the log is the table loaded from the store (`base`) plus the records committed by
 * this process since (`tail`, sorted by time then id). The two are merged into one table only
 * when something needs a whole table (`/summary`), cached until the next commit, and folded into
 * a new base when the tail outgrows it (amortised O(1) per event).
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
import {readManifestSync} from '../data/store/adapter.js';
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
	private sequence = 0;
	private waiting: Waiting[] = [];
	/** Commits and refreshes run one at a time, in this chain. */
	private chain: Promise<void> = Promise.resolve();
	/** Tasks queued or running in `chain`. */
	private running = 0;
	private committing = false;
	private closing = false;
	private poller: NodeJS.Timeout | undefined;
	private readonly listeners = new Set<(records: readonly EventRecord[]) => void>();
	private readonly reloadListeners = new Set<(generation: number) => void>();
	/** Commits written by this log and the events they carried (tests and the health page read them). */
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
		if (options.store) {
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

	/** Commits `drafts` together with whatever else is waiting; resolves once they are durable. */
	async append(drafts: readonly EventDraft[]): Promise<EventRecord[]> {
		if (this.closing) throw new CommitFailed('the server is shutting down');
		return new Promise<EventRecord[]>((resolve, reject) => {
			this.waiting.push({drafts, resolve, reject});
			this.kick();
		});
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

	/** Stops accepting, commits everything accepted so far, stops polling. */
	async close(): Promise<void> {
		this.closing = true;
		if (this.poller) clearInterval(this.poller);
		this.poller = undefined;
		while (this.running > 0 || this.waiting.length > 0) {
			this.kick();
			await this.chain;
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

	/** Looks for another process's commit and loads it. */
	async poll(): Promise<void> {
		const store = this.store;
		if (!store || this.running > 0 || this.closing) return;
		let onDisk;
		try {
			onDisk = readManifestSync(store.path);
		} catch (error) {
			this.lastError = (error as Error).message;
			return;
		}

		if ((onDisk?.manifest.generation ?? 0) === store.generation || this.running > 0) return;
		await this.exclusive(async () => {
			await store.reload();
			this.rebuild();
		});
	}

	private kick(): void {
		if (this.committing || this.waiting.length === 0) return;
		const group = this.waiting;
		this.waiting = [];
		this.committing = true;
		void this.exclusive(async () => this.commitGroup(group)).finally(() => {
			this.committing = false;
			this.kick();
		});
	}

	/** Runs `task` after every earlier commit or refresh of this log. */
	private async exclusive(task: () => Promise<void>): Promise<void> {
		this.running++;
		const run = this.chain.then(async () => {
			try {
				await task();
			} catch (error) {
				this.lastError = (error as Error).message;
			} finally {
				this.running--;
			}
		});
		this.chain = run;
		return run;
	}

	private async commitGroup(group: readonly Waiting[]): Promise<void> {
		const drafts = group.flatMap((entry) => entry.drafts);
		let records: EventRecord[] = [];
		try {
			if (this.store) {
				const store = this.store;
				const before = store.generation;
				let next = this.sequence;
				await store.commit((current) => {
					const stored = current.syncState()[SEQUENCE_KEY];
					next = Math.max(this.sequence, typeof stored === 'number' && Number.isSafeInteger(stored) ? stored : 0);
					records = drafts.map((draft) => ({id: serverEventId(++next), user: draft.user, type: draft.type, time: draft.time, metadata: draft.metadata}));
					return {events: records, syncState: {[SEQUENCE_KEY]: next}};
				});
				this.sequence = next;
				if (store.generation !== before + 1) {
					// The commit loaded another process's newer state first: start from the store's table.
					this.rebuild();
				} else {
					this.absorb(records);
				}
			} else {
				records = drafts.map((draft) => ({id: serverEventId(++this.sequence), user: draft.user, type: draft.type, time: draft.time, metadata: draft.metadata}));
				this.absorb(records);
			}
		} catch (error) {
			this.lastError = (error as Error).message;
			const failure = new CommitFailed(`the events were not stored: ${(error as Error).message}`);
			for (const entry of group) entry.reject(failure);
			return;
		}

		this.commits++;
		this.committedEvents += records.length;
		this.lastCommitAt = this.clock();
		this.lastError = null;
		let offset = 0;
		for (const entry of group) {
			entry.resolve(records.slice(offset, offset + entry.drafts.length));
			offset += entry.drafts.length;
		}

		for (const listener of this.listeners) listener(records);
	}

	/** Adds this process's committed records to the tail and the counters. */
	private absorb(records: readonly EventRecord[]): void {
		const now = this.clock();
		for (const record of records) {
			insertSorted(this.tail, record);
			this.statsValue.add(record.time, record.user, record.type, now);
		}

		this.merged = undefined;
		if (this.tail.length > Math.max(65_536, this.base.size)) {
			this.base = this.table();
			this.tail = [];
			this.merged = undefined;
		}
	}

	/** Starts over from the store's table (after another process's commit). O(N). */
	private rebuild(): void {
		const store = this.store!;
		this.base = store.events();
		this.tail = [];
		this.merged = undefined;
		this.sequence = Math.max(this.sequence, this.knownSequence(this.base));
		this.statsValue = EventStats.fromTable(this.base, zoneClock(this.timeZone), this.clock());
		for (const listener of this.reloadListeners) listener(store.generation);
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
