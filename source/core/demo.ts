/**
 * The built-in demo campus: a deterministic, realistic 42 cluster history for trying bigstat42
 * without credentials, for tests and for the benchmark. Pure: `now` and the seed are arguments.
 *
 * What `generateDemo({now})` contains (seed 42, 90 days, scale 1):
 * - campus 9042 "Demo Campus", Europe/Paris;
 * - 296 seats `c<cluster>r<row>s<seat>` (c1: r1–r10, c2: r1–r10, c3: r1–r9, c4: r1–r8, s1–s8 per row)
 *   plus `lab-kiosk2` and `exam-01`, which match no cluster pattern;
 * - 600 students with unique 42-style logins (4–8 lowercase letters), increasing 6-digit ids, of
 *   whom 5 are anonymised (login = 16 hex digits starting "3b3");
 * - ~35k sessions over the 90 days before `now`, following the local (Paris) rhythm: weekdays busy
 *   9–19 peaking in the afternoon, lighter evenings, a few night owls, weekends ~40 %, fixed French
 *   public holidays ~45 %; durations log-normal (median ~2.5 h, 1 min to 13 h, rarely over 10 h), students return to
 *   favourite seats; ids from 240000000 increasing with begin, whole seconds, UTC;
 * - sessions still running at `now` are open (`end` NaN), like the people sitting there right now;
 * - deliberate anomalies (ids in `anomalies`): 3 same-host overlaps, 3 same-user overlaps (two seats
 *   at once), 3 stuck-open sessions (begun 2, 5 and 9 days before now, never closed; their seat and
 *   student are not used afterwards), 2 zero-length, 1 negative-duration, 2 longer than 24 h; no
 *   other overlaps exist;
 * - an event log of about as many events as sessions: `login` at a tracked session's begin, actions
 *   (`view`, `click`, `search`, `purchase`, `exam_register`, `evaluation`) while it runs, `logout` at
 *   its end; metadata compact JSON for login/view/search/purchase/exam_register/evaluation, null for
 *   logout/click; ids 1, 2, … in time order.
 * Tables are built directly as columns (no record objects), already in the model's sort order and
 * with dictionaries in first-appearance order (identical to `sessionTableFromRecords` /
 * `eventTableFromRecords` of the same rows). 1M sessions + 1M events take about a second.
 */
import {buildLayout, buildPopulation, type DemoUser} from './demo/campus.js';
import {generateEvents} from './demo/events.js';
import {STARTS_PER_SEAT_DAY} from './demo/rhythm.js';
import {type AnomalyKind, rangeStart, simulateSessions} from './demo/sessions.js';
import {
	type Campus,
	type EpochMs,
	type EventRecord,
	type EventTable,
	eventAt,
	type SessionRecord,
	type SessionTable,
	sessionAt,
} from './model.js';
import {hashSeed, Rng} from './prng.js';
import {zoneClock} from './time.js';

export type {DemoUser} from './demo/campus.js';
export type {AnomalyKind} from './demo/sessions.js';
export {EVENT_TYPES, type DemoEventType} from './demo/events.js';
export {liveDemoChanges, type LiveBase, LIVE_STUCK_AGE_MS} from './demo/live.js';

/** The default seed. */
export const DEMO_SEED = 42;

/** The demo campus. */
export const DEMO_CAMPUS: Campus = {id: 9042, name: 'Demo Campus', timeZone: 'Europe/Paris'};

/**
 * A fixed `now` for tests and snapshots: Friday 2026-11-20 15:30 in Paris. Its default 90-day range
 * (from 2026-08-22) contains the 2026-10-25 change from summer to winter time.
 */
export const DEMO_SAMPLE_NOW: EpochMs = Date.UTC(2026, 10, 20, 14, 30, 0);

/** Cluster seats at scale 1 (plus 2 non-cluster hosts). */
export const DEMO_SEATS = 296;
/** Students at scale 1. */
export const DEMO_USERS = 600;
const DEMO_EXTRA_HOSTS = 2;
/** Session starts per seat per weekday (weekends and holidays get less). */
export const DEMO_STARTS_PER_SEAT_DAY = STARTS_PER_SEAT_DAY;

/** Options of `generateDemo`. Only `now` is required. */
export type DemoOptions = {
	/** End of the history, the run's "now" (ms). Sessions running at `now` stay open. */
	readonly now: EpochMs;
	/** @default DEMO_SEED (42) */
	readonly seed?: number;
	/** Length of the history in days. @default 90 */
	readonly days?: number;
	/** Multiplies seats, students and sessions (and so events). @default 1 */
	readonly scale?: number;
	/** Total hosts (cluster seats + non-cluster hosts); overrides the scaled count. */
	readonly hosts?: number;
	/** Students; overrides the scaled count. */
	readonly users?: number;
	/** Approximate number of sessions (a fraction of a percent fewer come out); overrides the density. */
	readonly targetSessions?: number;
	/** Approximate number of events. @default about the number of sessions */
	readonly targetEvents?: number;
};

/** The generated demo campus. */
export type DemoData = {
	readonly campus: Campus;
	readonly seed: number;
	/** Start of the history (first possible begin), whole second. */
	readonly from: EpochMs;
	readonly now: EpochMs;
	/** Every host of the campus: cluster seats (c1r1s1 …) first, then the non-cluster hosts. */
	readonly hosts: readonly string[];
	/** Every student (some may have no session in a short history). */
	readonly users: readonly DemoUser[];
	readonly sessions: SessionTable;
	readonly events: EventTable;
	/** Ids of the deliberate anomalies, by kind. */
	readonly anomalies: Readonly<Record<AnomalyKind, readonly number[]>>;
};

const positive = (value: number | undefined, fallback: number): number =>
	value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;

/**
 * Generates the demo campus history. Same options ⇒ identical data (same Node version).
 * For the benchmark: `generateDemo({now, days: 365, hosts: 3000, users: 6000, targetSessions: 1e6, targetEvents: 1e6})`.
 */
export function generateDemo(options: DemoOptions): DemoData {
	const seed = options.seed ?? DEMO_SEED;
	const days = positive(options.days, 90);
	const scale = positive(options.scale, 1);
	const now = Math.floor(options.now / 1000) * 1000;
	const clock = zoneClock(DEMO_CAMPUS.timeZone);
	// Whole days are anchored at a local midnight: runs minutes (or hours) apart on the same day draw
	// the same history, instead of one that shifts with the second the run started.
	const from = Number.isInteger(days) ? clock.startOfDayOf(rangeStart(now, days)) : rangeStart(now, days);

	const totalHosts = Math.max(2, Math.round(positive(options.hosts, (DEMO_SEATS + DEMO_EXTRA_HOSTS) * scale)));
	const extraHosts = Math.min(totalHosts - 1, Math.max(DEMO_EXTRA_HOSTS, Math.round(totalHosts / 150)));
	const seats = totalHosts - extraHosts;
	const userCount = Math.max(1, Math.round(positive(options.users, DEMO_USERS * scale)));

	const layout = buildLayout(seats, extraHosts);
	const population = buildPopulation(new Rng(hashSeed(seed, 1)), userCount, layout);
	// Without a target, the density is DEMO_STARTS_PER_SEAT_DAY per seat per weekday.
	const targetSessions = options.targetSessions === undefined ? undefined : Math.max(0, options.targetSessions);
	const simulated = simulateSessions({
		rng: new Rng(hashSeed(seed, 2)),
		clock,
		from,
		now,
		layout,
		population,
		targetSessions,
		startsPerSeatDay: DEMO_STARTS_PER_SEAT_DAY,
	});

	const logins = population.users.map((user) => user.login);
	const events = generateEvents({
		rng: new Rng(hashSeed(seed, 3)),
		sessions: simulated,
		logins,
		hosts: layout.hosts,
		from,
		now,
		targetEvents: Math.max(0, options.targetEvents ?? simulated.size),
	});

	// Re-encode users and hosts in first-appearance order (what sessionTableFromRecords builds).
	const size = simulated.size;
	const user = new Int32Array(size);
	const host = new Int32Array(size);
	const userMap = new Int32Array(userCount).fill(-1);
	const hostMap = new Int32Array(layout.hosts.length).fill(-1);
	const tableLogins: string[] = [];
	const tableUserIds: number[] = [];
	const tableHosts: string[] = [];
	for (let i = 0; i < size; i++) {
		const u = simulated.user[i] ?? 0;
		let mappedUser = userMap[u] ?? -1;
		if (mappedUser < 0) {
			mappedUser = tableLogins.length;
			userMap[u] = mappedUser;
			const record = population.users[u];
			tableLogins.push(record?.login ?? '');
			tableUserIds.push(record?.userId ?? Number.NaN);
		}

		user[i] = mappedUser;
		const h = simulated.host[i] ?? 0;
		let mappedHost = hostMap[h] ?? -1;
		if (mappedHost < 0) {
			mappedHost = tableHosts.length;
			hostMap[h] = mappedHost;
			tableHosts.push(layout.hosts[h] ?? '');
		}

		host[i] = mappedHost;
	}

	const sessions: SessionTable = {
		size,
		id: simulated.id,
		begin: simulated.begin,
		end: simulated.end,
		user,
		host,
		campus: new Int32Array(size).fill(DEMO_CAMPUS.id),
		logins: tableLogins,
		userIds: tableUserIds,
		hosts: tableHosts,
	};
	return {
		campus: DEMO_CAMPUS,
		seed,
		from,
		now,
		hosts: layout.hosts,
		users: population.users,
		sessions,
		events,
		anomalies: simulated.anomalies,
	};
}

/** The rows of a session table as records, in batches of `size` (the last one shorter), in table order. */
export function* sessionBatches(table: SessionTable, size = 10_000): Generator<SessionRecord[], void, undefined> {
	const step = Math.max(1, Math.floor(size));
	for (let start = 0; start < table.size; start += step) {
		const stop = Math.min(table.size, start + step);
		const batch: SessionRecord[] = [];
		for (let i = start; i < stop; i++) batch.push(sessionAt(table, i));
		yield batch;
	}
}

/** The rows of an event table as records, in batches of `size` (the last one shorter), in table order. */
export function* eventBatches(table: EventTable, size = 10_000): Generator<EventRecord[], void, undefined> {
	const step = Math.max(1, Math.floor(size));
	for (let start = 0; start < table.size; start += step) {
		const stop = Math.min(table.size, start + step);
		const batch: EventRecord[] = [];
		for (let i = start; i < stop; i++) batch.push(eventAt(table, i));
		yield batch;
	}
}

/** All sessions and events of the demo as records (for small sizes: import, export, fixtures). */
export function demoRecords(data: Pick<DemoData, 'sessions' | 'events'>): {
	sessions: SessionRecord[];
	events: EventRecord[];
} {
	return {
		sessions: [...sessionBatches(data.sessions, data.sessions.size || 1)].flat(),
		events: [...eventBatches(data.events, data.events.size || 1)].flat(),
	};
}
