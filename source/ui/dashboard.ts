/**
 * Builds the `DashboardData` the views draw from: the statistics of one range over one snapshot of
 * the tables. Built once per (snapshot, range) and memoised by the app; every field is computed on
 * first use and kept, so a view that never reads `previous` or `users` never pays for them, and a
 * keypress that only moves the cursor recomputes nothing.
 */
import type {Campus, EventTable, SessionTable} from '../core/model.js';
import {lastDaysRange, previousDaysRange, shiftDaysRange, type Range} from '../core/range.js';
import {
	compareKeys,
	eventUserActivity,
	eventUsers,
	hostDetail,
	hostHourMatrix,
	hostRows,
	slotSessions,
	summarize,
	userDetail,
	userRows,
	type EventUserActivity,
	type HostDetail,
	type SessionListItem,
	type StatsOptions,
	type UserDetail,
} from '../core/stats/index.js';
import {zoneClock} from '../core/time.js';
import type {Snapshot} from '../app/live/contract.js';
import type {RangeState} from './state/navigation.js';
import type {DashboardData, RangePreset} from './view-contract.js';

/** Calendar days of each preset ('all' = every day with data). */
export const PRESET_DAYS: Readonly<Record<Exclude<RangePreset, 'all'>, number>> = {'1d': 1, '7d': 7, '30d': 30, '90d': 90};

/** The [from, to) window of a range state, and how the header shows it. */
export type RangeWindow = Range & {readonly label: string};

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function shortDate(ms: number, timeZone: string, withYear = false): string {
	const parts = zoneClock(timeZone).parts(ms);
	return `${parts.day} ${months[parts.month - 1] ?? '?'}${withYear ? ` ${parts.year}` : ''}`;
}

/** Resolves a preset and offset to local-midnight-aligned bounds, given "now" and the first data instant. */
export function rangeWindow(range: RangeState, now: number, timeZone: string, dataStart: number): RangeWindow {
	const clock = zoneClock(timeZone);
	if (range.preset === 'all') {
		const endOfToday = clock.startOfDay(clock.dayNumber(now) + 1);
		const first = Number.isFinite(dataStart) ? Math.min(dataStart, now) : now;
		const from = clock.startOfDayOf(first);
		return {from, to: endOfToday, label: `all (since ${shortDate(from, timeZone, true)})`};
	}

	const base = lastDaysRange(now, PRESET_DAYS[range.preset], timeZone);
	const window = range.offset === 0 ? base : shiftDaysRange(base, range.offset, timeZone);
	const first = shortDate(window.from, timeZone);
	const last = shortDate(window.to - 1, timeZone);
	const days = first === last ? first : `${first}–${last}`;
	const shifted = range.offset === 0 ? '' : `, ${-range.offset} back`;
	return {...window, label: `${range.preset}${shifted} (${days})`};
}

/** What `buildDashboard` needs. */
export type DashboardInput = {
	readonly campus: Campus;
	readonly timeZone: string;
	readonly snapshot: Snapshot;
	readonly range: RangeState;
	/** @default 24 h */
	readonly maxSessionMs?: number;
	/** Rows of the summary's top tables. @default 20 */
	readonly top?: number;
};

/** A getter that computes once. */
function lazy<T>(compute: () => T): () => T {
	let done = false;
	let value: T;
	return () => {
		if (!done) {
			value = compute();
			done = true;
		}

		return value;
	};
}

/** A per-key memo for detail accessors. */
function memoByKey<K, T>(compute: (key: K) => T): (key: K) => T {
	const cache = new Map<K, T>();
	return (key) => {
		if (cache.has(key)) return cache.get(key) as T;
		const value = compute(key);
		cache.set(key, value);
		return value;
	};
}

/** The data of one range over one snapshot; fields are computed on first read and kept. */
export function buildDashboard(input: DashboardInput): DashboardData {
	const {sessions, events, now} = input.snapshot;
	const {timeZone} = input;
	const dataStart = Math.min(sessions.begin[0] ?? Infinity, events.time[0] ?? Infinity);
	const window = rangeWindow(input.range, now, timeZone, dataStart);
	const options: StatsOptions = {
		now,
		timeZone,
		from: window.from,
		to: window.to,
		maxSessionMs: input.maxSessionMs,
		top: input.top ?? 20,
	};
	const summary = lazy(() => summarize(sessions, events, options));
	const previous = lazy(() => {
		if (input.range.preset === 'all') return null;
		const before = previousDaysRange(window, timeZone);
		return summarize(sessions, events, {...options, from: before.from, to: before.to});
	});
	const hosts = lazy(() => hostRows(sessions, options));
	const users = lazy(() => userRows(sessions, options));
	const allHosts = lazy(() => [...sessions.hosts].sort(compareKeys));
	// Drill-down lists are uncapped: the views window them and show their true length
	// (the engine's default cap of 100 made a 412-session slot read "100 sessions").
	const listOptions: StatsOptions = {...options, listLimit: Number.POSITIVE_INFINITY};
	const hostDetails = memoByKey((host: string): HostDetail | null => hostDetail(sessions, host, listOptions));
	const userDetails = memoByKey((login: string): UserDetail | null => userDetail(sessions, login, listOptions));
	const slots = memoByKey((slot: number): SessionListItem[] =>
		slotSessions(sessions, Math.floor(slot / 24), slot % 24, listOptions),
	);
	const eventUserDetails = memoByKey((user: string): EventUserActivity => eventUserActivity(events, user, options));
	const allEventUsers = lazy(() => eventUsers(events, options));
	const hourMatrices = memoByKey((key: string): number[][] => hostHourMatrix(sessions, key === '' ? [] : key.split('\n'), options));
	return {
		campus: input.campus,
		timeZone,
		now,
		from: window.from,
		to: window.to,
		rangeLabel: window.label,
		get summary() {
			return summary();
		},
		get previous() {
			return previous();
		},
		get hosts() {
			return hosts();
		},
		get users() {
			return users();
		},
		get allHosts() {
			return allHosts();
		},
		hostHours: (names) => hourMatrices(names.join('\n')),
		hostDetail: hostDetails,
		userDetail: userDetails,
		slotSessions: (weekday, hour) => slots(weekday * 24 + hour),
		eventUser: eventUserDetails,
		get eventUsers() {
			return allEventUsers();
		},
		sessions,
		events,
	};
}
