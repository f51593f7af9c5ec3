/**
 * The statistics engine's public surface. Pure functions over columnar tables; `now`, the zone and
 * the range always come in `StatsOptions`.
 *
 * NOTE: the bodies below are placeholders while the engine is being written (issue #2); each
 * signature is the contract the CLI and the TUI code against.
 */
import type {EventTable, SessionTable} from '../model.js';
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

export type * from './types.js';

const pending = (name: string): never => {
	throw new Error(`${name}: not implemented yet`);
};

/** The whole summary document (`summary --json`). */
export function summarize(_sessions: SessionTable, _events: EventTable, _options: StatsOptions): Summary {
	return pending('summarize');
}

/** Every host with a session overlapping the range, ordered by seat-hours desc then host asc. */
export function hostRows(_sessions: SessionTable, _options: StatsOptions): HostRow[] {
	return pending('hostRows');
}

/** Every user with a session overlapping the range, ordered by logtime desc then login asc. */
export function userRows(_sessions: SessionTable, _options: StatsOptions): UserRow[] {
	return pending('userRows');
}

/** One host's drill-down, or null when the host has no session in the range. */
export function hostDetail(_sessions: SessionTable, _host: string, _options: StatsOptions): HostDetail | null {
	return pending('hostDetail');
}

/** One user's drill-down, or null when the login has no session in the range. */
export function userDetail(_sessions: SessionTable, _login: string, _options: StatsOptions): UserDetail | null {
	return pending('userDetail');
}

/** Sessions overlapping a local weekday (0 = Monday) × hour slot within the range, newest first. */
export function slotSessions(
	_sessions: SessionTable,
	_weekday: number,
	_hour: number,
	_options: StatsOptions,
): SessionListItem[] {
	return pending('slotSessions');
}

/** Seat-hours per local hour of day (24 columns) for each of the given hosts, in the given order. */
export function hostHourMatrix(_sessions: SessionTable, _hosts: readonly string[], _options: StatsOptions): number[][] {
	return pending('hostHourMatrix');
}

/** One user's event activity within the range. */
export function eventUserActivity(_events: EventTable, _user: string, _options: StatsOptions): EventUserActivity {
	return pending('eventUserActivity');
}
