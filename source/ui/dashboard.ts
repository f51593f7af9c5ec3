/**
 * Builds the `DashboardData` the views draw from: the statistics of one range over one snapshot of
 * the tables. Built once per (snapshot, range) and memoised by the app; the statistics come from the
 * application layer's one cache (`aggregatesOf`: the snapshot's Aggregates, its windows kept); every field is computed on
 * first use and kept, so a view that never reads `previous` or `users` never pays for them, and a
 * keypress that only moves the cursor recomputes nothing.
 */
import {aggregatesOf} from '../app/aggregates.js';
import {resolveWindow, type Window} from '../app/window.js';
import type {Campus, EventTable, SessionTable} from '../core/model.js';
import {compareKeys, firstInstant} from '../core/stats/index.js';
import type {Snapshot} from '../app/live/contract.js';
import type {RangeState} from './state/navigation.js';
import type {DashboardData} from './view-contract.js';

export {PRESET_DAYS} from '../app/window.js';

/** The window of a range state (the application layer's resolution of the preset and its steps). */
export function rangeWindow(range: RangeState, now: number, timeZone: string, dataStart: number | undefined): Window {
	return resolveWindow(range, {now, timeZone, dataStart});
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
	/**
	 * The first instant of the whole data, when the snapshot holds only a range of it (the store's
	 * extent). @default the snapshot's first instant
	 */
	readonly dataStart?: number | undefined;
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

/** The data of one range over one snapshot; fields are computed on first read and kept. */
export function buildDashboard(input: DashboardInput): DashboardData {
	const {sessions, events, now} = input.snapshot;
	const {timeZone} = input;
	const window = rangeWindow(input.range, now, timeZone, input.dataStart ?? firstInstant(sessions, events));
	const aggregates = aggregatesOf(input.snapshot, {now, timeZone, maxSessionMs: input.maxSessionMs, top: input.top});
	const stats = aggregates.window(window);
	const previous = lazy(() => aggregates.previous(window)?.summary() ?? null);
	const allHosts = lazy(() => [...sessions.hosts].sort(compareKeys));
	return {
		campus: input.campus,
		timeZone,
		now,
		from: window.from,
		to: window.to,
		rangeLabel: window.label,
		window,
		get summary() {
			return stats.summary();
		},
		get previous() {
			return previous();
		},
		get hosts() {
			return stats.hostRows();
		},
		get users() {
			return stats.userRows();
		},
		get allHosts() {
			return allHosts();
		},
		hostHours: (names) => stats.hostHourMatrix(names),
		hostDetail: (host) => stats.hostDetail(host),
		userDetail: (login) => stats.userDetail(login),
		slotSessions: (weekday, hour) => stats.slotSessions(weekday, hour),
		eventUser: (user) => stats.eventUser(user),
		get eventUsers() {
			return stats.eventUsers();
		},
		sessions,
		events,
	};
}
