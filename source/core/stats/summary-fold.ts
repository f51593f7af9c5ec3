/**
 * The `summary --json` document folded over chunks in time order (a store's months), so a
 * whole-history summary holds one month of rows at a time, never the whole history. Sessions and
 * events are fed separately: each chunk is a table sorted by begin (time) and the span [spanFrom,
 * spanTo) of begins (times) it answers for; spans ascend and do not overlap, and every chunk's
 * indexes refer to the same append-only dictionaries. The first session chunk also holds the rows
 * begun before the window that can still touch it (the `--max-session` look-back and older open
 * rows: what `Store.sessionsInRange` gives).
 *
 * The result equals `summarize` over the concatenated tables: the sweep is the same one
 * (`SessionSweep`, carried from chunk to chunk). The anomaly lists keep the newest `listLimit`
 * rows of each kind as they go. What the one-shot form reads back from the rows of the whole table
 * for the rankings (distinct users of each top host, each top user's favourite host) needs a
 * second pass over the session chunks (`rankingPass`, then `addRankingRows` for every chunk
 * again): it tracks only the top hosts and users, so memory stays O(top × (hosts + users)),
 * where tracking every (user, host) pair on the first pass would grow with the history.
 */
import type {EventTable, SessionTable} from '../model.js';
import {EventFold} from './events.js';
import {rankedHostRows} from './hosts.js';
import {isoUtc, lowerBound, PLAUSIBLE_AHEAD_MS, PLAUSIBLE_FROM, resolveContext, upperBound, type StatsContext} from './ranges.js';
import {newestItems} from './session-list.js';
import {SessionCursor, SessionSweep} from './session-scan.js';
import {anomalyBlock, sessionBlock, summaryDocument} from './summary.js';
import {hours} from './occupancy.js';
import type {StatsOptions, Summary, UserRow} from './types.js';
import {compareUserRows, FavouriteHost} from './users.js';

/** Rows kept by value (their chunk's table is dropped), newest `limit` of them. */
class KeptRows {
	id: number[] = [];
	begin: number[] = [];
	end: number[] = [];
	user: number[] = [];
	host: number[] = [];
	readonly #limit: number;
	constructor(limit: number) {
		this.#limit = limit;
	}

	add(table: SessionTable, row: number): void {
		this.id.push(table.id[row] ?? Number.NaN);
		this.begin.push(table.begin[row] ?? Number.NaN);
		this.end.push(table.end[row] ?? Number.NaN);
		this.user.push(table.user[row] ?? -1);
		this.host.push(table.host[row] ?? 0);
		if (this.id.length >= 2 * this.#limit + 1024) this.trim();
	}

	/** Drops all but the newest `limit` rows. */
	trim(): void {
		const cut = Math.max(0, this.id.length - this.#limit);
		if (cut === 0) return;
		for (const column of [this.id, this.begin, this.end, this.user, this.host]) column.splice(0, cut);
	}

	/** The kept rows as a table over the final dictionaries. */
	table(dictionaries: Pick<SessionTable, 'logins' | 'userIds' | 'hosts'>): SessionTable {
		this.trim();
		const size = this.id.length;
		return {
			size,
			id: Float64Array.from(this.id),
			begin: Float64Array.from(this.begin),
			end: Float64Array.from(this.end),
			user: Int32Array.from(this.user),
			host: Int32Array.from(this.host),
			campus: new Int32Array(size).fill(-1),
			logins: dictionaries.logins,
			userIds: dictionaries.userIds,
			hosts: dictionaries.hosts,
		};
	}
}

const NO_SESSIONS: Pick<SessionTable, 'logins' | 'userIds' | 'hosts'> = {logins: [], userIds: [], hosts: []};
const NO_EVENTS: Pick<EventTable, 'users' | 'types'> = {users: [], types: []};

export class SummaryFold {
	readonly context: StatsContext;
	readonly #sweep: SessionSweep;
	readonly #events: EventFold;
	#sessionDictionaries: Pick<SessionTable, 'logins' | 'userIds' | 'hosts'> = NO_SESSIONS;
	#eventDictionaries: Pick<EventTable, 'users' | 'types'> = NO_EVENTS;
	#ranking: Ranking | undefined;
	readonly #overlong: KeptRows;
	readonly #zero: KeptRows;
	readonly #negative: KeptRows;
	readonly #future: KeptRows;
	readonly #implausibleBefore: KeptRows;
	readonly #implausibleAfter: KeptRows;
	#overlongCount = 0;
	#overlongOpen = 0;
	#zeroCount = 0;
	#negativeCount = 0;
	#futureCount = 0;
	#implausibleCount = 0;
	#implausibleEvents = 0;

	/** `dataStart` as for `summarize` (used only when `options.from` is not finite). */
	constructor(options: StatsOptions, dataStart?: number) {
		this.context = resolveContext(options, dataStart);
		this.#sweep = new SessionSweep(this.context);
		this.#events = new EventFold(this.context);
		const limit = this.context.listLimit;
		const kept = () => new KeptRows(Number.isFinite(limit) ? limit : Number.MAX_SAFE_INTEGER);
		this.#overlong = kept();
		this.#zero = kept();
		this.#negative = kept();
		this.#future = kept();
		this.#implausibleBefore = kept();
		this.#implausibleAfter = kept();
	}

	/** Folds in the sessions of `table` whose begin lies in [spanFrom, spanTo). */
	addSessions(table: SessionTable, spanFrom = -Infinity, spanTo = Infinity): void {
		const chunk = this.#sweep.add(table, spanFrom, spanTo);
		this.#sessionDictionaries = table;
		for (const row of chunk.overlongRows) this.#overlong.add(table, row);
		for (const row of chunk.zeroRows) this.#zero.add(table, row);
		for (const row of chunk.negativeRows) this.#negative.add(table, row);
		for (const row of chunk.futureRows) this.#future.add(table, row);
		for (let row = chunk.lo; row < chunk.implausibleBefore; row++) this.#implausibleBefore.add(table, row);
		for (let row = chunk.implausibleAfter; row < chunk.hi; row++) this.#implausibleAfter.add(table, row);
		this.#overlongCount += chunk.overlongRows.length;
		this.#overlongOpen += chunk.overlongOpen;
		this.#zeroCount += chunk.zeroRows.length;
		this.#negativeCount += chunk.negativeRows.length;
		this.#futureCount += chunk.futureRows.length;
		this.#implausibleCount += chunk.implausibleBefore - chunk.lo + (chunk.hi - chunk.implausibleAfter);

	}

	/**
	 * Ends the first pass over the sessions: true when the rankings need a second one (feed every
	 * session chunk again, in the same order, to `addRankingRows`).
	 */
	rankingPass(): boolean {
		const context = this.context;
		const sweep = this.#sweep;
		const {hosts, logins} = this.#sessionDictionaries;
		const topHosts: number[] = [];
		rankedHostRows(this.#sessionDictionaries, sweep, context.top, (kept) => {
			topHosts.push(...kept);
			return [];
		});
		const users: UserRow[] = [];
		const userIndex: number[] = [];
		for (let user = 0; user < logins.length; user++) {
			const lastSeen = sweep.userLastSeen[user] ?? Number.NaN;
			if (Number.isNaN(lastSeen)) continue;
			users.push({
				login: logins[user] ?? '',
				logtimeHours: hours(sweep.userLogtimeMs[user] ?? 0),
				sessions: sweep.userStarts[user] ?? 0,
				favouriteHost: null,
				lastSeen: isoUtc(lastSeen),
			});
			userIndex.push(user);
		}

		// Sorted with their indexes (the sort is stable: equal rows keep the index order, as in `userRowsFromScan`).
		const order = users.map((_, k) => k).sort((a, b) => compareUserRows(users[a]!, users[b]!));
		const top = order.slice(0, Math.min(order.length, context.top));
		const ranking = new Ranking(
			topHosts,
			top.map((k) => userIndex[k]!),
			top.map((k) => users[k]!),
		);
		this.#ranking = ranking;
		return topHosts.length > 0 || top.length > 0;
	}

	/** The second pass: the sessions of `table` whose begin lies in [spanFrom, spanTo), as given to `addSessions`. */
	addRankingRows(table: SessionTable, spanFrom = -Infinity, spanTo = Infinity): void {
		const ranking = this.#ranking;
		if (!ranking) throw new Error('addRankingRows before rankingPass');
		const {from, end: rangeEnd, maxSessionMs} = this.context;
		const lo = spanFrom === -Infinity ? 0 : lowerBound(table.begin, spanFrom);
		const hi = Math.max(lo, spanTo === Infinity ? table.size : lowerBound(table.begin, spanTo));
		const clamp = (row: number) => (row < lo ? lo : row > hi ? hi : row);
		// The sweep's touching rows: plausible, begun in [from − maxSession, min(to, now)), touching.
		const first = Math.max(clamp(lowerBound(table.begin, PLAUSIBLE_FROM)), clamp(lowerBound(table.begin, from - maxSessionMs)));
		const last = Math.min(clamp(upperBound(table.begin, this.context.now + PLAUSIBLE_AHEAD_MS)), clamp(lowerBound(table.begin, rangeEnd)));
		const cursor = new SessionCursor(table, this.context);
		for (let row = first; row < last; row++) {
			const user = table.user[row] ?? -1;
			if (user < 0) continue;
			const host = table.host[row] ?? 0;
			const hostPosition = ranking.hostPosition.get(host);
			const userPosition = ranking.userPosition.get(user);
			if (hostPosition === undefined && userPosition === undefined) continue;
			cursor.load(row);
			if (!cursor.touches) continue;
			if (hostPosition !== undefined) ranking.hostUsers[hostPosition]!.add(user);
			if (userPosition === undefined) continue;
			const occupancyBegin = cursor.occupancyBegin;
			const occupancyEnd = cursor.occupancyEnd;
			if (occupancyEnd <= occupancyBegin) continue;
			const perHost = ranking.userHosts[userPosition]!;
			const pair = perHost.get(host) ?? {cover: -Infinity, ms: 0};
			if (occupancyEnd > pair.cover) {
				pair.ms += occupancyEnd - (occupancyBegin > pair.cover ? occupancyBegin : pair.cover);
				pair.cover = occupancyEnd;
			}

			perHost.set(host, pair);
		}
	}

	/** Folds in the events of `table` whose time lies in [spanFrom, spanTo). */
	addEvents(table: EventTable, spanFrom = -Infinity, spanTo = Infinity): void {
		this.#events.add(table, spanFrom, spanTo);
		this.#eventDictionaries = table;
		const lo = spanFrom === -Infinity ? 0 : lowerBound(table.time, spanFrom);
		const hi = Math.max(lo, spanTo === Infinity ? table.size : lowerBound(table.time, spanTo));
		const before = Math.min(hi, Math.max(lo, lowerBound(table.time, PLAUSIBLE_FROM)));
		const after = Math.min(hi, Math.max(before, upperBound(table.time, this.context.now + PLAUSIBLE_AHEAD_MS)));
		this.#implausibleEvents += before - lo + (hi - after);
	}

	/** The document. */
	finish(): Summary {
		const context = this.context;
		const sweep = this.#sweep;
		const dictionaries = this.#sessionDictionaries;
		const ranking = this.#ranking;
		if (!ranking) throw new Error('finish before rankingPass');
		const topHosts = rankedHostRows(dictionaries, sweep, context.top, (kept) =>
			kept.map((host) => ranking.hostUsers[ranking.hostPosition.get(host) ?? -1]?.size ?? 0),
		);
		const sessions = sessionBlock(sweep, topHosts, () => ranking.userRows(dictionaries.hosts));
		const list = (kept: KeptRows) => {
			const table = kept.table(dictionaries);
			return newestItems(table, Array.from({length: table.size}, (_, row) => row), table.size, context.listLimit, context.now);
		};

		const implausible = new KeptRows(Number.MAX_SAFE_INTEGER);
		for (const kept of [this.#implausibleBefore, this.#implausibleAfter]) {
			kept.trim();
			for (const name of ['id', 'begin', 'end', 'user', 'host'] as const) implausible[name].push(...kept[name]);
		}

		const anomalies = anomalyBlock(
			{
				overlong: list(this.#overlong),
				zeroLength: list(this.#zero),
				negative: list(this.#negative),
				future: list(this.#future),
				implausibleDate: list(implausible),
			},
			{
				overlong: this.#overlongCount,
				overlongOpen: this.#overlongOpen,
				zeroLength: this.#zeroCount,
				negative: this.#negativeCount,
				future: this.#futureCount,
				implausibleDate: this.#implausibleCount,
				implausibleEventDate: this.#implausibleEvents,
			},
			sweep,
			context,
		);
		return summaryDocument(context, sessions, this.#events.finish(this.#eventDictionaries), anomalies);
	}
}

/** The top hosts and users of a window, and what the second pass gathers about them. */
class Ranking {
	readonly hostPosition = new Map<number, number>();
	readonly userPosition = new Map<number, number>();
	/** Distinct users of each top host. */
	readonly hostUsers: Array<Set<number>>;
	/** Union of occupancy per host, for each top user. */
	readonly userHosts: Array<Map<number, {cover: number; ms: number}>>;
	readonly #rows: readonly UserRow[];

	constructor(hosts: readonly number[], users: readonly number[], rows: readonly UserRow[]) {
		hosts.forEach((host, position) => this.hostPosition.set(host, position));
		users.forEach((user, position) => this.userPosition.set(user, position));
		this.hostUsers = hosts.map(() => new Set<number>());
		this.userHosts = users.map(() => new Map());
		this.#rows = rows;
	}

	/** The top user rows with their favourite hosts. */
	userRows(hostNames: readonly string[]): UserRow[] {
		return this.#rows.map((row, position) => {
			const favourite = new FavouriteHost();
			for (const [host, pair] of this.userHosts[position]!) favourite.offer(hostNames[host] ?? '', pair.ms);
			return {...row, favouriteHost: favourite.name};
		});
	}
}
