/**
 * `sync`: the 42 API → the store, resumable page by page.
 *
 * ## What a pass fetches
 * Locations have no `updated_at`, so a pass over the window [from, to] is:
 * 1. **closed**: `range[end_at]=from,to`, sorted by id — every closed session that overlaps the
 *    window (it ended inside it), including those that began before `from`. `to` is frozen at the
 *    start of the pass, and sessions that close meanwhile get an end_at after `to`, so this list
 *    does not move while we page through it: resuming at a stored page number is exact.
 * 2. **active**: `filter[active]=true`, sorted by id — every open session (an open session
 *    overlaps any window that reaches now).
 * 3. **recheck**: stored sessions of the campus that are still open but were not in step 2 (they
 *    closed after `to`, were closed retroactively, or vanished) are asked for by
 *    `filter[id]`, in chunks of at most 100 (the API answers 502 to more).
 *
 * A first sync runs this over the requested window (default 30 days). Later syncs are incremental:
 * the same pass over [watermark − look-back, now], where the watermark is the `to` of the last
 * completed pass. Closures since the last sync land in step 1; new and still-open sessions in step 2.
 * The look-back (default 6 h) covers clock skew and late writes; it is cheap here because it only
 * re-reads sessions that *ended* in it (not, as a begin_at look-back would, all that began in it).
 *
 * ## Resume
 * Each page is committed together with the cursor of the next request (`store.commit` is atomic,
 * durable and O(batch)); a crash or Ctrl-C loses at most the page in flight and the next sync
 * continues from the cursor. Upserts by id make a repeated page harmless: no duplicates.
 */
import type {Campus, EventRecord, SessionRecord} from '../../core/model.js';
import {DAY, parseIsoTimestamp, zoneClock} from '../../core/time.js';
import type {Store, UpsertResult} from '../store-types.js';
import type {IntraClient, IntraWait} from '../intra/client.js';
import {IntraError} from '../intra/errors.js';
import {toCampus, toEventRecord, toSessionRecord, toSubscriptionRecord, type EventInfo} from '../intra/mapping.js';
import {listPages, PAGE_SIZE} from '../intra/pagination.js';
import {
	CAMPUS_KEY,
	eventsKey,
	locationsKey,
	readEventsState,
	readLocationsState,
	storedCampusId,
	type EventsCursor,
	type EventsState,
	type LocationsCursor,
	type LocationsState,
} from './state.js';

/** Default window of a first sync, days. */
export const DEFAULT_SYNC_DAYS = 30;
/** Default look-back of incremental passes. */
export const DEFAULT_LOOKBACK_MS = 6 * 3_600_000;
/** Ids per `filter[id]` request (the API answers 502 above 100). */
export const ID_CHUNK = 100;

/** What to sync. */
export type SyncOptions = {
	/** Campus id; default: the campus of the last sync. */
	readonly campusId?: number;
	/** Window: the last N calendar days (campus time), today included. */
	readonly days?: number;
	/** Window start: ISO date or timestamp (a date means its local midnight on the campus). */
	readonly since?: string;
	readonly events?: boolean;
	readonly subscriptions?: boolean;
	/** @default DEFAULT_LOOKBACK_MS */
	readonly lookbackMs?: number;
};

/** Progress notifications (rendered by `progress.ts`). */
export type SyncEvent =
	| {readonly type: 'campus'; readonly campus: Campus}
	| {readonly type: 'step'; readonly label: string}
	| {
			readonly type: 'page';
			readonly label: string;
			readonly page: number;
			readonly pages: number | undefined;
			/** Records stored by this sync so far. */
			readonly stored: number;
			/** Estimated ms left for this step, from the pacing interval. */
			readonly etaMs: number | undefined;
			readonly hourlyLeft: number | undefined;
	  }
	| {readonly type: 'wait'; readonly wait: IntraWait}
	| {readonly type: 'warning'; readonly message: string};

/** What `runSync` needs. */
export type SyncDeps = {
	readonly store: Pick<Store, 'commit' | 'syncState' | 'sessions'>;
	readonly client: Pick<IntraClient, 'get' | 'requestCount' | 'pacer'>;
	/** Wall clock, epoch ms. */
	readonly now: () => number;
	readonly onEvent?: (event: SyncEvent) => void;
	/** Checked between pages (Ctrl-C). */
	readonly signal?: AbortSignal;
};

/** The outcome of a sync. */
export type SyncResult = {
	readonly campus: Campus;
	readonly mode: 'window' | 'incremental';
	readonly resumed: boolean;
	readonly from: number;
	readonly to: number;
	readonly sessions: UpsertResult;
	readonly events: UpsertResult;
	/** Pages committed. */
	readonly pages: number;
	/** Rows the API sent that could not be mapped. */
	readonly skipped: number;
	/** Stored open sessions the API no longer returns. */
	readonly vanished: number;
	readonly requests: number;
	readonly elapsedMs: number;
};

/** A sync that cannot start for lack of information (→ exit 2). */
export class SyncUsageError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'SyncUsageError';
	}
}

/** A sync that stopped part-way; what was committed stays committed. */
export class SyncStoppedError extends Error {
	readonly error: unknown;
	readonly pages: number;
	constructor(error: unknown, pages: number) {
		super(error instanceof Error ? error.message : String(error));
		this.name = 'SyncStoppedError';
		this.error = error;
		this.pages = pages;
	}
}

type Counts = {inserted: number; updated: number; unchanged: number};
const zero = (): Counts => ({inserted: 0, updated: 0, unchanged: 0});
function add(into: Counts, result: UpsertResult): void {
	into.inserted += result.inserted;
	into.updated += result.updated;
	into.unchanged += result.unchanged;
}

/** Runs one sync. Throws SyncUsageError before any request, SyncStoppedError after. */
export async function runSync(options: SyncOptions, deps: SyncDeps): Promise<SyncResult> {
	const {store, client} = deps;
	const started = deps.now();
	const requestsBefore = client.requestCount;
	const campusId = options.campusId ?? storedCampusId(store.syncState());
	if (campusId === undefined) throw new SyncUsageError('no campus: pass --campus ID (it is remembered for the next syncs)');
	const emit = (event: SyncEvent): void => deps.onEvent?.(event);
	const sessions = zero();
	const events = zero();
	let pages = 0;
	let skipped = 0;
	let vanished = 0;
	let stored = 0;
	const checkAborted = (): void => {
		if (deps.signal?.aborted) throw new IntraError('aborted', 'interrupted');
	};

	const commitSessions = async (records: readonly SessionRecord[], syncState: Record<string, unknown>): Promise<void> => {
		const result = await store.commit({sessions: records, syncState});
		add(sessions, result.sessions);
		stored += records.length;
		pages++;
	};

	const commitEvents = async (records: readonly EventRecord[], syncState: Record<string, unknown>): Promise<void> => {
		const result = await store.commit({events: records, syncState});
		add(events, result.events);
		stored += records.length;
		pages++;
	};

	const pageEvent = (label: string, page: number, pageCount: number | undefined): void => {
		const left = pageCount === undefined ? undefined : Math.max(0, pageCount - page);
		emit({
			type: 'page',
			label,
			page,
			pages: pageCount,
			stored,
			etaMs: left === undefined ? undefined : left * client.pacer.intervalMs(),
			hourlyLeft: client.pacer.hourlyRemaining,
		});
	};

	let campus: Campus | undefined;
	let mode: 'window' | 'incremental' = 'window';
	let resumed = false;
	let from = 0;
	let to = 0;
	try {
		// 1. The campus: its time zone drives every statistic.
		emit({type: 'step', label: 'campus'});
		const campusAnswer = await client.get<unknown>(`/v2/campus/${campusId}`);
		const mapped = toCampus(campusAnswer.body);
		if (!mapped) throw new IntraError('parse', `/v2/campus/${campusId} did not answer a campus`);
		campus = mapped.campus;
		if (!mapped.zoneValid) emit({type: 'warning', message: `campus ${campus.id} has no known time zone; using UTC`});
		await store.commit({campuses: [campus], syncState: {[CAMPUS_KEY]: campus.id}});
		emit({type: 'campus', campus});
		const zone = zoneClock(campus.timeZone);

		// 2. Plan the locations pass.
		const key = locationsKey(campus.id);
		const previous = readLocationsState(store.syncState(), campus.id);
		const now = deps.now();
		let requestedFrom: number | undefined;
		if (options.since !== undefined) {
			requestedFrom = parseIsoTimestamp(options.since, campus.timeZone);
			if (Number.isNaN(requestedFrom)) throw new SyncUsageError(`--since "${options.since}" is not an ISO-8601 date or timestamp`);
		} else if (options.days !== undefined) {
			requestedFrom = zone.startOfDay(zone.dayNumber(now) - (Math.max(1, Math.floor(options.days)) - 1));
		}

		let cursor: LocationsCursor;
		if (previous.cursor && (requestedFrom === undefined || previous.cursor.from === requestedFrom)) {
			cursor = previous.cursor;
			resumed = true;
		} else if (requestedFrom === undefined && previous.watermark !== null) {
			cursor = {mode: 'incremental', from: previous.watermark - (options.lookbackMs ?? DEFAULT_LOOKBACK_MS), to: now, step: 'closed', page: 1};
		} else {
			const windowFrom = requestedFrom ?? zone.startOfDay(zone.dayNumber(now) - (DEFAULT_SYNC_DAYS - 1));
			cursor = {mode: 'window', from: windowFrom, to: now, step: 'closed', page: 1};
		}

		mode = cursor.mode;
		from = cursor.from;
		to = cursor.to;
		const stateWith = (next: LocationsCursor | null, extra: Partial<LocationsState> = {}): Record<string, unknown> => ({
			[key]: {windowFrom: previous.windowFrom, watermark: previous.watermark, cursor: next, ...extra} satisfies LocationsState,
		});
		const path = `/v2/campus/${campus.id}/locations`;
		const iso = (ms: number): string => new Date(ms).toISOString();

		// Step 1: closed sessions that ended inside the window.
		if (cursor.step === 'closed') {
			emit({type: 'step', label: 'closed sessions'});
			for await (const page of listPages<unknown>(client, path, {'range[end_at]': `${iso(cursor.from)},${iso(cursor.to)}`, sort: 'id'}, {startPage: cursor.page})) {
				const records = mapRows(page.items, toSessionRecord);
				skipped += records.skipped;
				const next: LocationsCursor = page.last ? {...cursor, step: 'active', page: 1} : {...cursor, page: page.page + 1};
				await commitSessions(records.rows, stateWith(next));
				cursor = next;
				pageEvent('closed sessions', page.page, page.pages);
				checkAborted();
			}
		}

		// Step 2: every open session; remember their ids (no re-check needed for them).
		if (cursor.step === 'active') {
			emit({type: 'step', label: 'open sessions'});
			const seen = new Set<number>(cursor.seen ?? []);
			for await (const page of listPages<unknown>(client, path, {'filter[active]': 'true', sort: 'id'}, {startPage: cursor.page})) {
				const records = mapRows(page.items, toSessionRecord);
				skipped += records.skipped;
				for (const record of records.rows) seen.add(record.id);
				let next: LocationsCursor;
				if (page.last) {
					// Stored open sessions of this campus that the API no longer lists as open.
					const recheck = openSessionIds(store, campus.id).filter((id) => !seen.has(id));
					next = {mode: cursor.mode, from: cursor.from, to: cursor.to, step: 'recheck', page: 1, recheck, chunk: 0};
				} else {
					next = {...cursor, page: page.page + 1, seen: [...seen]};
				}

				await commitSessions(records.rows, stateWith(next));
				cursor = next;
				pageEvent('open sessions', page.page, page.pages);
				checkAborted();
			}
		}

		// Step 3: re-check stored open sessions by id, 100 at a time.
		if (cursor.step === 'recheck') {
			const ids = cursor.recheck ?? [];
			const chunks = Math.ceil(ids.length / ID_CHUNK);
			if (chunks > 0) emit({type: 'step', label: 're-check'});
			for (let chunk = cursor.chunk ?? 0; chunk < chunks; chunk++) {
				const wanted = ids.slice(chunk * ID_CHUNK, (chunk + 1) * ID_CHUNK);
				const answer = await client.get<unknown>(path, {'filter[id]': wanted.join(','), 'page[size]': String(PAGE_SIZE)});
				const records = mapRows(Array.isArray(answer.body) ? answer.body : [], toSessionRecord);
				skipped += records.skipped;
				const found = new Set(records.rows.map((record) => record.id));
				vanished += wanted.filter((id) => !found.has(id)).length;
				const next: LocationsCursor = {...cursor, chunk: chunk + 1};
				await commitSessions(records.rows, stateWith(next));
				cursor = next;
				pageEvent('re-check', chunk + 1, chunks);
				checkAborted();
			}

			// The pass is complete: move the watermark and drop the cursor.
			const windowFrom = previous.windowFrom === null ? cursor.from : Math.min(previous.windowFrom, cursor.from);
			await store.commit({syncState: {[key]: {windowFrom, watermark: cursor.to, cursor: null, lastSyncAt: now} satisfies LocationsState}});
		}

		// 3. Events (and their subscriptions).
		if (options.events || options.subscriptions) {
			const windowFrom = readLocationsState(store.syncState(), campus.id).windowFrom ?? from;
			await syncEvents(campus, {
				windowFrom,
				now,
				withSubscriptions: Boolean(options.subscriptions),
				lookbackMs: options.lookbackMs ?? DEFAULT_LOOKBACK_MS,
				previous: readEventsState(store.syncState(), campus.id),
				client,
				commit: commitEvents,
				emit,
				pageEvent,
				checkAborted,
				onSkipped(count) {
					skipped += count;
				},
			});
		}
	} catch (error) {
		if (error instanceof SyncUsageError) throw error;
		throw new SyncStoppedError(error, pages);
	}

	return {
		campus,
		mode,
		resumed,
		from,
		to,
		sessions,
		events,
		pages,
		skipped,
		vanished,
		requests: client.requestCount - requestsBefore,
		elapsedMs: deps.now() - started,
	};
}

type EventsContext = {
	readonly windowFrom: number;
	readonly now: number;
	readonly withSubscriptions: boolean;
	readonly lookbackMs: number;
	readonly previous: EventsState;
	readonly client: Pick<IntraClient, 'get'>;
	readonly commit: (records: readonly EventRecord[], syncState: Record<string, unknown>) => Promise<void>;
	readonly emit: (event: SyncEvent) => void;
	readonly pageEvent: (label: string, page: number, pages: number | undefined) => void;
	readonly checkAborted: () => void;
	readonly onSkipped: (count: number) => void;
};

/**
 * Events of the campus that begin inside the window or later (scheduled ones included): a handful
 * of pages at most, so every sync re-reads them (events do change: names, times). With
 * subscriptions, each event that had not ended by the previous events sync (minus the look-back)
 * gets its events_users fetched: one request per event and 100 subscribers.
 */
async function syncEvents(campus: Campus, context: EventsContext): Promise<void> {
	const key = eventsKey(campus.id);
	const {previous} = context;
	let cursor: EventsCursor =
		previous.cursor && previous.cursor.withSubscriptions === context.withSubscriptions
			? previous.cursor
			: {
					from: context.windowFrom,
					to: context.now + 366 * DAY,
					step: 'events',
					page: 1,
					withSubscriptions: context.withSubscriptions,
					subscriptionsFrom: previous.watermark === null ? context.windowFrom : previous.watermark - context.lookbackMs,
					events: [],
				};
	const stateWith = (next: EventsCursor | null, watermark = previous.watermark): Record<string, unknown> => ({
		[key]: {watermark, cursor: next} satisfies EventsState,
	});
	const iso = (ms: number): string => new Date(ms).toISOString();
	if (cursor.step === 'events') {
		context.emit({type: 'step', label: 'events'});
		const collected = [...(cursor.events ?? [])];
		for await (const page of listPages<unknown>(
			context.client,
			`/v2/campus/${campus.id}/events`,
			{'range[begin_at]': `${iso(cursor.from)},${iso(cursor.to)}`, sort: 'id'},
			{startPage: cursor.page},
		)) {
			const records: EventRecord[] = [];
			let bad = 0;
			for (const item of page.items) {
				const mapped = toEventRecord(item);
				if (!mapped) {
					bad++;
					continue;
				}

				records.push(mapped.record);
				if (context.withSubscriptions && (mapped.info.end ?? mapped.info.begin) >= cursor.subscriptionsFrom) collected.push(mapped.info);
			}

			context.onSkipped(bad);
			const next: EventsCursor = page.last
				? {...cursor, step: 'subscriptions', page: 1, events: dedupeById(collected), index: 0}
				: {...cursor, page: page.page + 1, events: collected};
			await context.commit(dedupeById(records), stateWith(next));
			cursor = next;
			context.pageEvent('events', page.page, page.pages);
			context.checkAborted();
		}
	}

	if (cursor.step === 'subscriptions') {
		const list = cursor.withSubscriptions ? (cursor.events ?? []) : [];
		if (list.length > 0) context.emit({type: 'step', label: 'subscriptions'});
		for (let index = cursor.index ?? 0; index < list.length; index++) {
			const event = list[index];
			if (event === undefined) continue;
			for await (const page of listPages<unknown>(context.client, `/v2/events/${event.id}/events_users`, {sort: 'id'}, {startPage: cursor.page})) {
				const records: EventRecord[] = [];
				for (const item of page.items) {
					const record = toSubscriptionRecord(item, event);
					if (record) records.push(record);
					else context.onSkipped(1);
				}

				const next: EventsCursor = page.last ? {...cursor, index: index + 1, page: 1} : {...cursor, index, page: page.page + 1};
				await context.commit(dedupeById(records), stateWith(next));
				cursor = next;
				context.pageEvent('subscriptions', index + 1, list.length);
				context.checkAborted();
			}
		}

		await context.commit([], stateWith(null, context.now));
	}
}

/** Maps API rows, dropping unusable ones and duplicate ids (a shifting list can repeat a row). */
function mapRows<T extends {id: number}>(items: readonly unknown[], map: (row: unknown) => T | undefined): {rows: T[]; skipped: number} {
	const byId = new Map<number, T>();
	let skipped = 0;
	for (const item of items) {
		const row = map(item);
		if (row === undefined) skipped++;
		else byId.set(row.id, row);
	}

	return {rows: [...byId.values()], skipped};
}

function dedupeById<T extends {id: number}>(rows: readonly T[]): T[] {
	return [...new Map(rows.map((row) => [row.id, row])).values()];
}

/** Ids of the stored sessions of a campus that are still open, ascending (the sync's and the live poller's re-check). O(store), once per pass. */
export function openSessionIds(store: Pick<Store, 'sessions'>, campusId: number): number[] {
	const table = store.sessions();
	const ids: number[] = [];
	for (let i = 0; i < table.size; i++) {
		if (Number.isNaN(table.end[i] ?? 0) && table.campus[i] === campusId) ids.push(table.id[i] ?? 0);
	}

	return ids.sort((a, b) => a - b);
}
