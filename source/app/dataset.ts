/**
 * The dataset every front end reads: the built-in demo campus or a store, opened once, with what it
 * holds (campus, zone, data span, counts). Opening never throws for a bad store or zone: errors are
 * values, so the CLI turns them into messages and exit codes and the server into HTTP answers.
 */
import type {Campus, EventTable, SessionTable} from '../core/model.js';
import {firstInstant} from '../core/stats/index.js';
import {DEFAULT_RECENT_MINUTES, PLAUSIBLE_AHEAD_MS, PLAUSIBLE_FROM} from '../core/stats/ranges.js';
import {MINUTE} from '../core/time.js';
import {isValidTimeZone} from '../core/time.js';
import {loadDataSource, type DataSource} from '../data/source.js';
import {StoreError, type Store, type TableMonth} from '../data/store-types.js';

export type DatasetOptions = {
	readonly demo: boolean;
	/** Store path (default: $BIGSTAT42_DB, else the XDG data directory). */
	readonly db?: string | undefined;
	readonly env: Readonly<Record<string, string | undefined>>;
	readonly cwd: string;
	/** The run's single "now" (the demo campus ends here). */
	readonly now: number;
	/** Overrides the campus zone (the CLI's --tz). */
	readonly timeZone?: string | undefined;
	/** Demo seed. @default 42 */
	readonly seed?: number | undefined;
};

/** What a dataset holds, for headers, `/health` and messages. */
export type DatasetInfo = {
	readonly origin: 'demo' | 'store';
	readonly campus: string;
	readonly timeZone: string;
	/** First and last instant with data (session begin or event time); null when empty. */
	readonly dataStart: number | null;
	readonly dataEnd: number | null;
	readonly counts: {readonly sessions: number; readonly events: number; readonly hosts: number; readonly users: number};
	readonly storePath: string | null;
};

export type DatasetErrorKind = 'bad-time-zone' | 'store';

/** Why a dataset could not be opened: safe to print (paths, never secrets). */
export type DatasetError = {
	readonly kind: DatasetErrorKind;
	readonly message: string;
	/** What to do about it, when there is something to say. */
	readonly hint?: string | undefined;
	readonly path?: string | undefined;
};

export type Dataset = {
	readonly origin: 'demo' | 'store';
	readonly campus: Campus;
	/** The zone every local-time statistic uses: the override, else the campus zone. */
	readonly timeZone: string;
	readonly storePath: string | undefined;
	/** The open store (read-only) for reloads; undefined for the demo. */
	readonly store: Store | undefined;
	/** The whole tables (replaced by `reload`); a store decodes them on first read. */
	readonly sessions: SessionTable;
	readonly events: EventTable;
	/** The first instant with data (as `info().dataStart`), from the store's manifest when it can tell. */
	dataStart(now: number): number | undefined;
	/**
	 * Tables holding every row the statistics of these windows read: sessions that can touch them
	 * (begun up to `maxSessionMs` before, or still open) and events in them plus the last
	 * `recentMinutes` before now. A store decodes only the segments those ranges touch; the demo,
	 * or a store holding records dated outside 1990 … now + 1 year (whose anomaly counts are
	 * table-wide), gives its whole tables.
	 */
	tablesFor(windows: ReadonlyArray<{readonly from: number; readonly to: number} | null>, options: TablesForOptions): {sessions: SessionTable; events: EventTable};
	/**
	 * The rows `tablesFor([window])` would give, one UTC month at a time (see `Store.sessionMonths`),
	 * for folding a long window without holding it whole; undefined when there is no store to read
	 * month by month (the demo, tables already loaded, records dated outside 1990 … now + 1 year).
	 */
	monthsFor(window: {readonly from: number; readonly to: number}, options: TablesForOptions): TableMonths | undefined;
	/** Increases whenever `reload` brings new tables. */
	readonly version: number;
	readonly empty: boolean;
	info(): DatasetInfo;
	/** Re-reads the store; true when the tables changed. Always false for the demo. */
	reload(): Promise<boolean>;
	close(): Promise<void>;
};

export type TablesForOptions = {
	readonly now: number;
	readonly maxSessionMs: number;
	/** @default 60 */
	readonly recentMinutes?: number;
};

/** A window's months; each call starts a new pass (decoding the months again). */
export type TableMonths = {
	readonly sessions: () => Iterable<TableMonth<SessionTable>>;
	readonly events: () => Iterable<TableMonth<EventTable>>;
};

export type DatasetResult = {readonly ok: true; readonly dataset: Dataset} | {readonly ok: false; readonly error: DatasetError};

/** The last instant with data: latest session begin or end, or latest event. */
function lastInstant(sessions: SessionTable, events: EventTable): number | undefined {
	let last = -Infinity;
	const sessionCount = sessions.size;
	if (sessionCount > 0) last = Math.max(last, sessions.begin[sessionCount - 1] ?? -Infinity);
	for (let i = 0; i < sessionCount; i++) {
		const end = sessions.end[i] ?? Number.NaN;
		if (end > last) last = end;
	}

	const eventCount = events.size;
	if (eventCount > 0) last = Math.max(last, events.time[eventCount - 1] ?? -Infinity);
	return Number.isFinite(last) ? last : undefined;
}

class OpenDataset implements Dataset {
	readonly origin: 'demo' | 'store';
	readonly campus: Campus;
	readonly timeZone: string;
	readonly storePath: string | undefined;
	readonly store: Store | undefined;
	version = 0;
	#source: DataSource;
	#tables: {sessions: SessionTable; events: EventTable} | undefined;
	#info: DatasetInfo | undefined;

	constructor(source: DataSource, timeZone: string) {
		this.#source = source;
		this.origin = source.origin;
		this.campus = source.campus;
		this.timeZone = timeZone;
		this.storePath = source.storePath;
		this.store = source.store;
	}

	get sessions(): SessionTable {
		return this.#tables?.sessions ?? this.#source.sessions;
	}

	get events(): EventTable {
		return this.#tables?.events ?? this.#source.events;
	}

	get empty(): boolean {
		if (this.store && !this.#tables) {
			const extent = this.store.extent();
			return extent.sessions.rows === 0 && extent.events.rows === 0;
		}

		return this.sessions.size === 0 && this.events.size === 0;
	}

	/** True when the manifest proves that no stored record is dated outside 1990 … now + 1 year. */
	#plausibleExtent(now: number): boolean {
		if (!this.store) return false;
		const {sessions, events} = this.store.extent();
		const inside = (table: {rows: number; first: number; last: number}) =>
			table.rows === 0 || (table.first >= PLAUSIBLE_FROM && table.last <= now + PLAUSIBLE_AHEAD_MS);
		return inside(sessions) && inside(events);
	}

	dataStart(now: number): number | undefined {
		if (this.store && !this.#tables && this.#plausibleExtent(now)) {
			const {sessions, events} = this.store.extent();
			const first = Math.min(sessions.rows > 0 ? sessions.first : Infinity, events.rows > 0 ? events.first : Infinity);
			return Number.isFinite(first) ? first : undefined;
		}

		return firstInstant(this.sessions, this.events);
	}

	tablesFor(windows: ReadonlyArray<{readonly from: number; readonly to: number} | null>, options: TablesForOptions): {sessions: SessionTable; events: EventTable} {
		const bounds = windows.filter((window): window is {from: number; to: number} => window !== null);
		if (!this.store || this.#tables || bounds.length === 0 || !this.#plausibleExtent(options.now)) return {sessions: this.sessions, events: this.events};
		const from = Math.min(...bounds.map((window) => window.from));
		const to = Math.max(...bounds.map((window) => window.to));
		const recentFrom = options.now - (options.recentMinutes ?? DEFAULT_RECENT_MINUTES) * MINUTE;
		return {
			sessions: this.store.sessionsInRange(from, to, options.maxSessionMs),
			events: this.store.eventsInRange(Math.min(from, recentFrom), Math.max(to, options.now + 1)),
		};
	}

	monthsFor(window: {readonly from: number; readonly to: number}, options: TablesForOptions): TableMonths | undefined {
		const store = this.store;
		if (!store || this.#tables || !this.#plausibleExtent(options.now)) return undefined;
		const recentFrom = options.now - (options.recentMinutes ?? DEFAULT_RECENT_MINUTES) * MINUTE;
		return {
			sessions: () => store.sessionMonths(window.from, window.to, options.maxSessionMs),
			events: () => store.eventMonths(Math.min(window.from, recentFrom), Math.max(window.to, options.now + 1)),
		};
	}

	info(): DatasetInfo {
		if (this.#info) return this.#info;
		const start = firstInstant(this.sessions, this.events);
		const end = lastInstant(this.sessions, this.events);
		this.#info = {
			origin: this.origin,
			campus: this.campus.name,
			timeZone: this.timeZone,
			dataStart: start ?? null,
			dataEnd: end ?? null,
			counts: {
				sessions: this.sessions.size,
				events: this.events.size,
				hosts: this.sessions.hosts.length,
				users: this.sessions.logins.length,
			},
			storePath: this.storePath ?? null,
		};
		return this.#info;
	}

	async reload(): Promise<boolean> {
		if (!this.store) return false;
		await this.store.reload();
		const previous = this.#tables;
		const sessions = this.store.sessions();
		const events = this.store.events();
		this.#tables = {sessions, events};
		if (previous && sessions === previous.sessions && events === previous.events) return false;
		this.version++;
		this.#info = undefined;
		return true;
	}

	async close(): Promise<void> {
		await this.store?.close();
	}
}

/** Opens the demo or the store (read-only). */
export async function openDataset(options: DatasetOptions): Promise<DatasetResult> {
	if (options.timeZone !== undefined && !isValidTimeZone(options.timeZone)) {
		return {ok: false, error: {kind: 'bad-time-zone', message: `"${options.timeZone}" is not an IANA time zone (e.g. Europe/Paris, UTC)`}};
	}

	try {
		const source = await loadDataSource({
			demo: options.demo,
			db: options.db,
			env: options.env,
			cwd: options.cwd,
			now: options.now,
			...(options.seed === undefined ? {} : {seed: options.seed}),
		});
		return {ok: true, dataset: new OpenDataset(source, options.timeZone ?? source.campus.timeZone)};
	} catch (error) {
		if (error instanceof StoreError) return {ok: false, error: {kind: 'store', message: error.message, hint: error.hint, path: error.path}};
		throw error;
	}
}
