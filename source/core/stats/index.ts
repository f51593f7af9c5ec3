/**
 * The statistics engine's public surface. Pure functions over columnar tables; `now`, the zone and
 * the range always come in `StatsOptions`. Definitions are documented beside their single
 * implementation: session meaning in `session-scan.ts` (SessionCursor), local time in
 * `ranges.ts` (hour grid), ranking in `ranking.ts`.
 */
import {emptyEventTable, emptySessionTable, type EventTable, type SessionTable} from '../model.js';
import {hostDetailFromScan} from './hosts.js';
import {slotSessionsFromScan} from './slots.js';
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
import {userDetailFromScan} from './users.js';
import {WindowStats} from './window-stats.js';

export type * from './types.js';
export {compatBigstat42} from './compat-bigstat42.js';
export {usageSummary} from './usage-summary.js';
export {compareKeys} from './ranking.js';
export {WindowStats, firstInstant} from './window-stats.js';

const EMPTY_SESSIONS = emptySessionTable();
const EMPTY_EVENTS = emptyEventTable();

/**
 * One-off forms of the WindowStats accessors: each call sweeps its window afresh. Front ends that
 * ask several questions of one window hold a WindowStats (source/app/aggregates.ts caches them).
 */
export function summarize(sessions: SessionTable, events: EventTable, options: StatsOptions): Summary {
	return new WindowStats(sessions, events, options).summary();
}

/** Every host with a session touching the range, ordered by seat-hours desc then host asc. */
export function hostRows(sessions: SessionTable, options: StatsOptions): HostRow[] {
	return new WindowStats(sessions, EMPTY_EVENTS, options).hostRows();
}

/** Every user with a session touching the range, ordered by logtime desc then login asc. */
export function userRows(sessions: SessionTable, options: StatsOptions): UserRow[] {
	return new WindowStats(sessions, EMPTY_EVENTS, options).userRows();
}

/** One host's drill-down, or null when the host has no session in the range. Lists capped at `listLimit`. */
export function hostDetail(sessions: SessionTable, host: string, options: StatsOptions): HostDetail | null {
	const stats = new WindowStats(sessions, EMPTY_EVENTS, options);
	return hostDetailFromScan(sessions, stats.scan, host);
}

/** One user's drill-down, or null when the login has no session in the range. Lists capped at `listLimit`. */
export function userDetail(sessions: SessionTable, login: string, options: StatsOptions): UserDetail | null {
	const stats = new WindowStats(sessions, EMPTY_EVENTS, options);
	return userDetailFromScan(sessions, stats.scan, login);
}

/** Sessions overlapping a local weekday (0 = Monday) × hour slot within the range, newest first. */
export function slotSessions(
	sessions: SessionTable,
	weekday: number,
	hour: number,
	options: StatsOptions,
): SessionListItem[] {
	const stats = new WindowStats(sessions, EMPTY_EVENTS, options);
	return slotSessionsFromScan(sessions, stats.scan, weekday, hour);
}

/** Seat-hours per local hour of day (24 columns) for each of the given hosts, in the given order. */
export function hostHourMatrix(sessions: SessionTable, hosts: readonly string[], options: StatsOptions): number[][] {
	return new WindowStats(sessions, EMPTY_EVENTS, options).hostHourMatrix(hosts);
}

/** One user's event activity within the range (events after `now` excluded). */
export function eventUserActivity(events: EventTable, user: string, options: StatsOptions): EventUserActivity {
	return new WindowStats(EMPTY_SESSIONS, events, options).eventUser(user);
}

/** Every user's event activity within the range, total desc then user asc. */
export function eventUsers(events: EventTable, options: StatsOptions): EventUserActivity[] {
	return new WindowStats(EMPTY_SESSIONS, events, options).eventUsers();
}
