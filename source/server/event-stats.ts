/**
 * The counters behind `/stats/*`, kept up to date as events are committed instead of being
 * recomputed per request. Definitions are those of `summary --json` (core/stats/events.ts):
 * every event up to `now` counts (an event exactly at `now` does, a later one does not until
 * the clock reaches it), events dated before 1990 (PLAUSIBLE_FROM: implausible) are counted
 * nowhere, events without a user count in the total but not as a user, days are
 * calendar days of the server's zone, and every ranking is the core's `rankCounts` (count desc,
 * then key asc in byte order).
 *
 * Costs: adding an event is O(log F) (F = events still in the future, usually 0); a bulk load
 * from a table is O(N); a request is O(1) for the totals, O(days) for a day series and
 * O(keys) for a ranking, which is sorted at most once per change of the counters (never a
 * rescan of the events).
 */
import type {EpochMs, EventTable} from '../core/model.js';
import {lowerBound, PLAUSIBLE_FROM} from '../core/stats/ranges.js';
import {rankCounts} from '../core/stats/ranking.js';
import type {KeyCount} from '../core/stats/types.js';
import {dayKey, type ZoneClock} from '../core/time.js';

/** One user's counters. `first` / `last` are NaN until the user has a counted event. */
export type UserCounters = {
	count: number;
	readonly byType: Map<string, number>;
	first: number;
	last: number;
};

type Pending = {readonly time: EpochMs; readonly user: string | null; readonly type: string};

/** A binary min-heap of events that are still in the future, by time. */
class FutureHeap {
	private readonly items: Pending[] = [];

	get size(): number {
		return this.items.length;
	}

	peek(): Pending | undefined {
		return this.items[0];
	}

	push(item: Pending): void {
		const items = this.items;
		items.push(item);
		let i = items.length - 1;
		while (i > 0) {
			const parent = (i - 1) >> 1;
			if (items[parent]!.time <= item.time) break;
			items[i] = items[parent]!;
			i = parent;
		}

		items[i] = item;
	}

	pop(): Pending | undefined {
		const items = this.items;
		const top = items[0];
		const last = items.pop();
		if (top === undefined || last === undefined || items.length === 0) return top;
		let i = 0;
		for (;;) {
			const left = 2 * i + 1;
			if (left >= items.length) break;
			const right = left + 1;
			const child = right < items.length && items[right]!.time < items[left]!.time ? right : left;
			if (items[child]!.time >= last.time) break;
			items[i] = items[child]!;
			i = child;
		}

		items[i] = last;
		return top;
	}
}

export class EventStats {
	readonly clock: ZoneClock;
	/** Counted events (time ≤ now). */
	total = 0;
	/** Bumped whenever a counter changes; rankings are cached per version. */
	version = 0;
	private readonly types = new Map<string, number>();
	private readonly users = new Map<string, UserCounters>();
	private readonly days = new Map<number, number>();
	private readonly future = new FutureHeap();
	private rankedTypes: {version: number; rows: KeyCount[]} | undefined;
	private rankedUsers: {version: number; rows: KeyCount[]} | undefined;

	constructor(clock: ZoneClock) {
		this.clock = clock;
	}

	/** Counters of every event of a table (sorted by time, as the store keeps it) as of `now`. O(N). */
	static fromTable(table: EventTable, clock: ZoneClock, now: EpochMs): EventStats {
		const stats = new EventStats(clock);
		const typeCounts = new Float64Array(table.types.length);
		const userCounts = new Float64Array(table.users.length);
		const userFirst = new Float64Array(table.users.length).fill(Number.NaN);
		const userLast = new Float64Array(table.users.length).fill(Number.NaN);
		const typeCount = table.types.length;
		// Per (user, type): dense when small, else a map keyed user * typeCount + type.
		const dense = table.users.length * typeCount <= 4_000_000 ? new Float64Array(table.users.length * typeCount) : undefined;
		const sparse = dense ? undefined : new Map<number, number>();
		let day = Number.NaN;
		let dayEnd = Number.NEGATIVE_INFINITY;
		let dayCount = 0;
		const first = lowerBound(table.time, PLAUSIBLE_FROM);
		let i = first;
		for (; i < table.size; i++) {
			const time = table.time[i]!;
			if (time > now) break;
			if (time >= dayEnd) {
				if (dayCount > 0) stats.days.set(day, dayCount);
				day = clock.dayNumber(time);
				dayEnd = clock.startOfDay(day + 1);
				dayCount = stats.days.get(day) ?? 0;
			}

			dayCount++;
			const type = table.type[i]!;
			typeCounts[type]!++;
			const user = table.user[i]!;
			if (user < 0) continue;
			if (userCounts[user] === 0) userFirst[user] = time;
			userCounts[user]!++;
			userLast[user] = time;
			const cell = user * typeCount + type;
			if (dense) dense[cell]!++;
			else sparse!.set(cell, (sparse!.get(cell) ?? 0) + 1);
		}

		if (dayCount > 0) stats.days.set(day, dayCount);
		stats.total = i - first;
		for (let t = 0; t < typeCount; t++) if (typeCounts[t]! > 0) stats.types.set(table.types[t]!, typeCounts[t]!);
		const byIndex: Array<UserCounters | undefined> = [];
		for (let u = 0; u < table.users.length; u++) {
			if (userCounts[u] === 0) continue;
			const counters: UserCounters = {count: userCounts[u]!, byType: new Map(), first: userFirst[u]!, last: userLast[u]!};
			byIndex[u] = counters;
			stats.users.set(table.users[u]!, counters);
			if (dense) {
				for (let t = 0; t < typeCount; t++) {
					const n = dense[u * typeCount + t]!;
					if (n > 0) counters.byType.set(table.types[t]!, n);
				}
			}
		}

		if (sparse) {
			for (const [cell, n] of sparse) {
				const u = Math.floor(cell / typeCount);
				byIndex[u]!.byType.set(table.types[cell - u * typeCount]!, n);
			}
		}

		// The rest of the table is in the future; sorted by time, so already a valid heap order.
		for (; i < table.size; i++) {
			const user = table.user[i]!;
			stats.future.push({time: table.time[i]!, user: user < 0 ? null : table.users[user]!, type: table.types[table.type[i]!]!});
		}

		stats.version++;
		return stats;
	}

	/** Adds one committed event: counted now, or when `now` reaches its time. */
	add(time: EpochMs, user: string | null, type: string, now: EpochMs): void {
		if (time < PLAUSIBLE_FROM) return;
		if (time > now) this.future.push({time, user, type});
		else this.count(time, user, type);
	}

	/** Counts the future events whose time has come. Amortised O(log F) per event. */
	advance(now: EpochMs): void {
		for (let next = this.future.peek(); next !== undefined && next.time <= now; next = this.future.peek()) {
			this.future.pop();
			this.count(next.time, next.user, next.type);
		}
	}

	/** Events not counted yet because they are in the future. */
	get futureCount(): number {
		return this.future.size;
	}

	get uniqueUsers(): number {
		return this.users.size;
	}

	get uniqueTypes(): number {
		return this.types.size;
	}

	/** Every type, count desc then type asc. */
	byType(): KeyCount[] {
		if (this.rankedTypes?.version !== this.version) {
			this.rankedTypes = {version: this.version, rows: rankCounts([...this.types.keys()], [...this.types.values()])};
		}

		return this.rankedTypes.rows;
	}

	/** Every user, count desc then user asc. */
	byUser(): KeyCount[] {
		if (this.rankedUsers?.version !== this.version) {
			const keys = [...this.users.keys()];
			const counts = keys.map((key) => this.users.get(key)!.count);
			this.rankedUsers = {version: this.version, rows: rankCounts(keys, counts)};
		}

		return this.rankedUsers.rows;
	}

	/** Counted events of local day number `day` (0 when none). */
	dayCount(day: number): number {
		return this.days.get(day) ?? 0;
	}

	/** The local days [today − days + 1, today] with their counts, oldest first. */
	lastDays(days: number, now: EpochMs): Array<{date: string; count: number}> {
		const today = this.clock.dayNumber(now);
		const rows: Array<{date: string; count: number}> = [];
		for (let d = today - days + 1; d <= today; d++) rows.push({date: dayKey(d), count: this.days.get(d) ?? 0});
		return rows;
	}

	user(user: string): UserCounters | undefined {
		return this.users.get(user);
	}

	private count(time: EpochMs, user: string | null, type: string): void {
		this.total++;
		this.version++;
		this.types.set(type, (this.types.get(type) ?? 0) + 1);
		const day = this.clock.dayNumber(time);
		this.days.set(day, (this.days.get(day) ?? 0) + 1);
		if (user === null) return;
		let counters = this.users.get(user);
		if (!counters) {
			counters = {count: 0, byType: new Map(), first: time, last: time};
			this.users.set(user, counters);
		}

		counters.count++;
		counters.byType.set(type, (counters.byType.get(type) ?? 0) + 1);
		if (!(counters.first <= time)) counters.first = time;
		if (!(counters.last >= time)) counters.last = time;
	}
}
