/**
 * Every statistic of one window over one pair of tables, from one session sweep. The sweep runs on
 * first use and is kept, so the summary, the host and user tables, the drill-downs and the
 * matrices of a window all read the same scan; each derived value is computed once too.
 */
import type {EventTable, SessionTable} from '../model.js';
import {allUserActivity, userActivity} from './events.js';
import {hostDetailFromScan, hostHourMatrixFromScan, hostRowsFromScan} from './hosts.js';
import {firstPlausible, resolveContext, type StatsContext} from './ranges.js';
import {scanSessions, type SessionScan} from './session-scan.js';
import {slotSessionsFromScan} from './slots.js';
import {buildSummary} from './summary.js';
import type {
	EventUserActivity,
	HostDetail,
	HostRow,
	SessionListItem,
	StatsOptions,
	Summary,
	UserDetail,
	UserRow,
} from './types.js';
import {userDetailFromScan, userRowsFromScan} from './users.js';

/**
 * The first plausible instant of the data (sessions or events; see `firstPlausible`: records dated
 * before 1990 are anomalies, not the start of the data), or undefined when there is none.
 */
export function firstInstant(sessions: SessionTable, events: EventTable): number | undefined {
	const first = Math.min(firstPlausible(sessions.begin), firstPlausible(events.time));
	return Number.isFinite(first) ? first : undefined;
}

function memo<K, T>(compute: (key: K) => T): (key: K) => T {
	const cache = new Map<K, T>();
	return (key) => {
		if (cache.has(key)) return cache.get(key) as T;
		const value = compute(key);
		cache.set(key, value);
		return value;
	};
}

export class WindowStats {
	readonly context: StatsContext;
	/** The same context with uncapped lists: drill-downs are windowed by the views, never cut. */
	readonly #listContext: StatsContext;
	#scan: SessionScan | undefined;
	#summary: Summary | undefined;
	#hosts: HostRow[] | undefined;
	#users: UserRow[] | undefined;
	#eventUsers: EventUserActivity[] | undefined;

	readonly sessions: SessionTable;
	readonly events: EventTable;

	readonly #onSweep: (() => void) | undefined;

	/** `onSweep` is called when the session sweep runs (at most once). */
	constructor(sessions: SessionTable, events: EventTable, options: StatsOptions, onSweep?: () => void) {
		this.#onSweep = onSweep;
		this.sessions = sessions;
		this.events = events;
		this.context = resolveContext(options, firstInstant(sessions, events));
		this.#listContext = {...this.context, listLimit: Number.POSITIVE_INFINITY};
	}

	/** The one session sweep of this window. */
	get scan(): SessionScan {
		if (this.#scan === undefined) {
			this.#scan = scanSessions(this.sessions, this.context);
			this.#onSweep?.();
		}

		return this.#scan;
	}

	/** Whether the sweep has run (for tests and benchmarks that count sweeps). */
	get scanned(): boolean {
		return this.#scan !== undefined;
	}

	/** The `summary --json` document. */
	summary(): Summary {
		this.#summary ??= buildSummary(this.sessions, this.events, this.scan, this.context);
		return this.#summary;
	}

	/** Every host with a session touching the window, seat-hours desc then host asc. */
	hostRows(): HostRow[] {
		this.#hosts ??= hostRowsFromScan(this.sessions, this.scan);
		return this.#hosts;
	}

	/** Every user with a session touching the window, logtime desc then login asc. */
	userRows(): UserRow[] {
		this.#users ??= userRowsFromScan(this.sessions, this.scan);
		return this.#users;
	}

	/** One host's drill-down (uncapped lists), or null when it has no session in the window. */
	readonly hostDetail = memo((host: string): HostDetail | null =>
		hostDetailFromScan(this.sessions, this.#listScan(), host),
	);

	/** One user's drill-down (uncapped lists), or null when the login has no session in the window. */
	readonly userDetail = memo((login: string): UserDetail | null =>
		userDetailFromScan(this.sessions, this.#listScan(), login),
	);

	/** Sessions overlapping a local weekday (0 = Monday) × hour slot, newest first, uncapped. */
	slotSessions(weekday: number, hour: number): SessionListItem[] {
		return this.#slots(weekday * 24 + hour);
	}

	readonly #slots = memo((slot: number): SessionListItem[] =>
		slotSessionsFromScan(this.sessions, this.#listScan(), Math.floor(slot / 24), slot % 24),
	);

	/** Seat-hours per local hour of day for each of the given hosts, in the given order. */
	hostHourMatrix(hosts: readonly string[]): number[][] {
		return this.#matrices(hosts.join('\n'));
	}

	readonly #matrices = memo((key: string): number[][] =>
		hostHourMatrixFromScan(this.sessions, this.scan, key === '' ? [] : key.split('\n')),
	);

	/** One user's event activity in the window (events after `now` excluded). */
	readonly eventUser = memo((user: string): EventUserActivity => userActivity(this.events, user, this.context));

	/** Every user's event activity in the window, total desc then user asc. */
	eventUsers(): EventUserActivity[] {
		this.#eventUsers ??= allUserActivity(this.events, this.context);
		return this.#eventUsers;
	}

	#listScan(): SessionScan {
		const scan = this.scan;
		return {...scan, context: this.#listContext};
	}
}
