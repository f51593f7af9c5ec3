/**
 * The session-side reads of the server (`/summary`, `/sessions`, `/hosts/{host}`,
 * `/users/{login}`) on the application layer: `windowFromQuery` (source/app/window.ts) turns the
 * query into the window exactly as the CLI's `--days` / `--from` / `--to`, and `Aggregates`
 * (source/app/aggregates.ts) computes it with the engine of `summary --json` and the UI, keeping
 * a window's sweep for repeated requests. The events come from the server's event log, so what
 * was just POSTed is counted.
 *
 * The aggregates are rebuilt when the tables change (a commit, another process's commit) or when
 * the clock has moved to another second: "now" is the request's second, so requests within one
 * second share one sweep and every number of a document is counted up to the `range.now` it states.
 */
import type {Campus, EventTable, SessionTable} from '../core/model.js';
import type {EventUserActivity, HostDetail, SessionListItem, Summary, UserDetail} from '../core/stats/types.js';
import {sessionListItem} from '../core/stats/session-list.js';
import {firstInstant} from '../core/stats/index.js';
import {lowerBound} from '../core/stats/ranges.js';
import {isValidTimeZone, parseIsoTimestamp} from '../core/time.js';
import {parseBoundary} from '../core/range.js';
import {Aggregates} from '../app/aggregates.js';
import {DEFAULT_TOP} from '../core/stats/ranges.js';
import {windowFromQuery} from '../app/window.js';
import type {Store} from '../data/store-types.js';
import {ValidationFailed} from './errors.js';

export type RangeQuery = {
	readonly days?: number | undefined;
	readonly from?: string | undefined;
	readonly to?: string | undefined;
	readonly tz?: string | undefined;
	readonly top?: number | undefined;
};

export type SessionQuery = {
	readonly host?: string | undefined;
	readonly login?: string | undefined;
	readonly from?: string | undefined;
	readonly to?: string | undefined;
	readonly open?: boolean | undefined;
	readonly limit: number;
	readonly cursor?: string | undefined;
};

export type SessionPage = {
	readonly items: SessionListItem[];
	/** Pass as `cursor` for the next page; null on the last page. */
	readonly next_cursor: string | null;
};

export type DataAccessOptions = {
	/** The open store (sessions are re-read from it after another process's commit). */
	readonly store?: Store | undefined;
	/** The sessions when there is no store (the demo). */
	readonly sessions?: SessionTable | undefined;
	readonly campus: Campus;
	/** The server's zone (`--tz` or the campus zone). */
	readonly timeZone: string;
	readonly events: () => EventTable;
	readonly clock: () => number;
};

export class DataAccess {
	readonly campus: Campus;
	readonly timeZone: string;
	private readonly options: DataAccessOptions;
	private cache: {sessions: SessionTable; events: EventTable; key: string; aggregates: Aggregates} | undefined;

	constructor(options: DataAccessOptions) {
		this.options = options;
		this.campus = options.campus;
		this.timeZone = options.timeZone;
	}

	sessions(): SessionTable {
		return this.options.store ? this.options.store.sessions() : this.options.sessions!;
	}

	/** The `summary --json` document of a range. */
	summary(query: RangeQuery): Summary {
		return this.resolve(query).stats.summary();
	}

	/** One host's drill-down, or null when it has no session in the range. */
	host(host: string, query: RangeQuery): HostDetail | null {
		return this.resolve(query).stats.hostDetail(host);
	}

	/** One login's session drill-down and event activity; null when it has neither in the range. */
	user(login: string, query: RangeQuery): {sessions: UserDetail | null; events: EventUserActivity} | null {
		const {stats} = this.resolve(query);
		const detail = stats.userDetail(login);
		const activity = stats.eventUser(login);
		if (detail === null && activity.total === 0) return null;
		return {sessions: detail, events: activity};
	}

	/**
	 * Sessions in (begin, id) order, filtered; keyset pagination on (begin, id), so pages stay
	 * stable while sessions are added. `from`/`to` select sessions overlapping [from, to).
	 */
	sessionPage(query: SessionQuery): SessionPage {
		const table = this.sessions();
		const now = this.options.clock();
		const from = query.from === undefined ? Number.NEGATIVE_INFINITY : this.boundary('from', query.from);
		const to = query.to === undefined ? Number.POSITIVE_INFINITY : this.boundary('to', query.to);
		let start = 0;
		if (query.cursor !== undefined) {
			const match = /^(-?\d+)_(-?\d+)$/.exec(query.cursor);
			if (!match) throw new ValidationFailed([{loc: ['query', 'cursor'], msg: 'cursor is not one this server issued', type: 'value_error'}]);
			const begin = Number(match[1]);
			const id = Number(match[2]);
			start = lowerBound(table.begin, begin);
			while (start < table.size && table.begin[start] === begin && table.id[start]! <= id) start++;
		}

		const hostIndex = query.host === undefined ? undefined : table.hosts.indexOf(query.host);
		const userIndex = query.login === undefined ? undefined : table.logins.indexOf(query.login);
		if (hostIndex === -1 || userIndex === -1) return {items: [], next_cursor: null};
		const items: SessionListItem[] = [];
		let last = -1;
		for (let i = start; i < table.size && table.begin[i]! < to; i++) {
			if (hostIndex !== undefined && table.host[i] !== hostIndex) continue;
			if (userIndex !== undefined && table.user[i] !== userIndex) continue;
			const end = table.end[i]!;
			const open = Number.isNaN(end);
			if (query.open !== undefined && open !== query.open) continue;
			if (!open && end <= from) continue;
			if (open && now <= from) continue;
			if (items.length === query.limit) {
				return {items, next_cursor: `${table.begin[last]!}_${table.id[last]!}`};
			}

			items.push(sessionListItem(table, i, now));
			last = i;
		}

		return {items, next_cursor: null};
	}

	private boundary(name: string, text: string): number {
		const value = parseBoundary(text, this.timeZone);
		if (Number.isNaN(value)) {
			throw new ValidationFailed([{loc: ['query', name], msg: `"${text}" is not a date or an ISO-8601 timestamp`, type: 'value_error'}]);
		}

		return value;
	}

	/** The window of the query and the aggregates it is computed with. */
	private resolve(query: RangeQuery): {stats: ReturnType<Aggregates['bounds']>; sessions: SessionTable; events: EventTable} {
		const now = Math.floor(this.options.clock() / 1000) * 1000;
		const timeZone = query.tz ?? this.timeZone;
		if (!isValidTimeZone(timeZone)) {
			throw new ValidationFailed([{loc: ['query', 'tz'], msg: `"${timeZone}" is not an IANA time zone (e.g. Europe/Paris, UTC)`, type: 'value_error'}]);
		}

		const sessions = this.sessions();
		const events = this.options.events();
		const resolved = windowFromQuery(
			{days: query.days, from: query.from, to: query.to},
			{now, timeZone, dataStart: firstInstant(sessions, events)},
		);
		if (!resolved.ok) throw new ValidationFailed([{loc: ['query', resolved.error.field], msg: resolved.error.message, type: 'value_error'}]);
		const aggregates = this.aggregatesOf(sessions, events, now, timeZone, query.top ?? DEFAULT_TOP);
		return {stats: aggregates.window(resolved.window), sessions, events};
	}

	/**
	 * The aggregates of the current tables at the current second, in the server's zone: what the
	 * dashboard's charts read. Kept until the tables change or the second turns.
	 */
	aggregates(): Aggregates {
		const now = Math.floor(this.options.clock() / 1000) * 1000;
		return this.aggregatesOf(this.sessions(), this.options.events(), now, this.timeZone, DEFAULT_TOP);
	}

	private aggregatesOf(sessions: SessionTable, events: EventTable, now: number, timeZone: string, top: number): Aggregates {
		const key = `${now}|${timeZone}|${top}`;
		let aggregates = this.cache?.sessions === sessions && this.cache.events === events && this.cache.key === key ? this.cache.aggregates : undefined;
		if (!aggregates) {
			aggregates = new Aggregates({sessions, events}, {now, timeZone, top});
			this.cache = {sessions, events, key, aggregates};
		}

		return aggregates;
	}
}

/** Parses a client's ISO-8601 timestamp with an explicit offset; NaN when invalid or naive. */
export function parseClientTimestamp(text: string): number {
	if (!/[T ]\d{2}:\d{2}.*(?:[zZ]|[+-]\d{2}(?::?\d{2})?)$/.test(text.trim())) return Number.NaN;
	return parseIsoTimestamp(text);
}
