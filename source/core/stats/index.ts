/**
 * The statistics engine's public surface. Pure functions over columnar tables; `now`, the zone and
 * the range always come in `StatsOptions`. Definitions are documented beside their single
 * implementation: session meaning in `session-scan.ts` (SessionCursor), local time in
 * `ranges.ts` (hour grid), ranking in `ranking.ts`.
 */
import type {EventTable, SessionTable} from '../model.js';
import {allUserActivity, userActivity} from './events.js';
import {hostDetailFromScan, hostHourMatrixFromScan, hostRowsFromScan} from './hosts.js';
import {firstPlausible, resolveContext} from './ranges.js';
import {cachedScan} from './session-scan.js';
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

export type * from './types.js';
export {compatBigstat42} from './compat-bigstat42.js';
export {usageSummary} from './usage-summary.js';
export {compareKeys} from './ranking.js';

/**
 * Where "all the data" starts: the earliest plausible session begin or event time (records before
 * 1990 or more than a year after `now` are anomalies, not the start of a series); Infinity when none.
 */
export function plausibleDataStart(sessions: SessionTable, events: EventTable, now: number): number {
	return Math.min(firstPlausible(sessions.begin, now), firstPlausible(events.time, now));
}

/** The sessions' scan for these options (memoised per table). A non-finite `from` starts at the first session. */
function scanFor(sessions: SessionTable, options: StatsOptions) {
	const context = resolveContext(options, firstPlausible(sessions.begin, options.now));
	return cachedScan(sessions, context);
}

/** The whole summary document (`summary --json`). */
export function summarize(sessions: SessionTable, events: EventTable, options: StatsOptions): Summary {
	const dataStart = plausibleDataStart(sessions, events, options.now);
	const context = resolveContext(options, Number.isFinite(dataStart) ? dataStart : undefined);
	return buildSummary(sessions, events, cachedScan(sessions, context), context);
}

/** Every host with a session touching the range, ordered by seat-hours desc then host asc. */
export function hostRows(sessions: SessionTable, options: StatsOptions): HostRow[] {
	return hostRowsFromScan(sessions, scanFor(sessions, options));
}

/** Every user with a session touching the range, ordered by logtime desc then login asc. */
export function userRows(sessions: SessionTable, options: StatsOptions): UserRow[] {
	return userRowsFromScan(sessions, scanFor(sessions, options));
}

/** One host's drill-down, or null when the host has no session in the range. */
export function hostDetail(sessions: SessionTable, host: string, options: StatsOptions): HostDetail | null {
	return hostDetailFromScan(sessions, scanFor(sessions, options), host);
}

/** One user's drill-down, or null when the login has no session in the range. */
export function userDetail(sessions: SessionTable, login: string, options: StatsOptions): UserDetail | null {
	return userDetailFromScan(sessions, scanFor(sessions, options), login);
}

/** Sessions overlapping a local weekday (0 = Monday) × hour slot within the range, newest first. */
export function slotSessions(
	sessions: SessionTable,
	weekday: number,
	hour: number,
	options: StatsOptions,
): SessionListItem[] {
	return slotSessionsFromScan(sessions, scanFor(sessions, options), weekday, hour);
}

/** Seat-hours per local hour of day (24 columns) for each of the given hosts, in the given order. */
export function hostHourMatrix(sessions: SessionTable, hosts: readonly string[], options: StatsOptions): number[][] {
	return hostHourMatrixFromScan(sessions, scanFor(sessions, options), hosts);
}

/** One user's event activity within the range (events after `now` excluded). */
export function eventUserActivity(events: EventTable, user: string, options: StatsOptions): EventUserActivity {
	return userActivity(events, user, resolveContext(options, firstPlausible(events.time, options.now)));
}

/** Every user's event activity within the range, total desc then user asc. */
export function eventUsers(events: EventTable, options: StatsOptions): EventUserActivity[] {
	return allUserActivity(events, resolveContext(options, firstPlausible(events.time, options.now)));
}
