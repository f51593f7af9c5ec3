/**
 * Event-log statistics. The event window is [from, to) without the future: events after `now`
 * are never counted (an event exactly at `now` is). `recent` looks at the last N minutes before
 * `now` regardless of the range. Local hours and days come from the same hour grid as sessions.
 */
import type {EpochMs, EventTable} from '../model.js';
import {MINUTE} from '../time.js';
import {buildHourGrid, isoUtc, lowerBound, upperBound, type HourGrid, type StatsContext} from './ranges.js';
import {compareKeys, rankCounts, tiedMaximum} from './ranking.js';
import type {EventUserActivity, KeyCount, Summary} from './types.js';

/** Row bounds [first, last) of the events in the window of a context. */
export function eventWindow(events: EventTable, context: StatsContext): {first: number; last: number} {
	const first = lowerBound(events.time, context.from);
	const last = Math.max(first, Math.min(lowerBound(events.time, context.to), upperBound(events.time, context.now)));
	return {first, last};
}

/** The `events` block of the summary. O(events in range) plus O(users + types) for the rankings. */
export function eventSummary(events: EventTable, context: StatsContext): Summary['events'] {
	const fold = new EventFold(context);
	fold.add(events);
	return fold.finish(events);
}

/**
 * The `events` block, fed in chunks: tables sorted by time, each responsible for the events whose
 * time lies in its span [spanFrom, spanTo), spans ascending and disjoint, every chunk's user and
 * type indexes referring to the same (append-only) dictionaries. `eventSummary` is the one-chunk form.
 */
export class EventFold {
	readonly context: StatsContext;
	readonly #grid: HourGrid;
	readonly #hourCounts = new Float64Array(24);
	readonly #dayCounts: Float64Array;
	#userCounts: Float64Array = new Float64Array(0);
	#typeCounts: Float64Array = new Float64Array(0);
	#recentTypeCounts: Float64Array = new Float64Array(0);
	#total = 0;
	#recentTotal = 0;
	#piece = 0;

	constructor(context: StatsContext) {
		this.context = context;
		// The grid ends just after now so that an event at exactly `now` still finds its local day.
		const gridEnd = Math.min(context.to, context.now + 1);
		this.#grid = buildHourGrid(context.clock, context.from, Math.max(context.from, gridEnd));
		this.#dayCounts = new Float64Array(this.#grid.dayKeys.length);
	}

	/** Counts the events of `events` whose time lies in [spanFrom, spanTo). */
	add(events: EventTable, spanFrom = -Infinity, spanTo = Infinity): void {
		const context = this.context;
		const lo = spanFrom === -Infinity ? 0 : lowerBound(events.time, spanFrom);
		const hi = Math.max(lo, spanTo === Infinity ? events.size : lowerBound(events.time, spanTo));
		const clamp = (row: number) => (row < lo ? lo : row > hi ? hi : row);
		const window = eventWindow(events, context);
		const first = clamp(window.first);
		const last = Math.max(first, clamp(window.last));
		this.#userCounts = grownCounts(this.#userCounts, events.users.length);
		this.#typeCounts = grownCounts(this.#typeCounts, events.types.length);
		this.#recentTypeCounts = grownCounts(this.#recentTypeCounts, events.types.length);
		const userCounts = this.#userCounts;
		const typeCounts = this.#typeCounts;
		const hourCounts = this.#hourCounts;
		const dayCounts = this.#dayCounts;
		const grid = this.#grid;
		let piece = this.#piece;
		for (let i = first; i < last; i++) {
			const time = events.time[i] ?? 0;
			const user = events.user[i] ?? -1;
			if (user >= 0) userCounts[user] = (userCounts[user] ?? 0) + 1;
			const type = events.type[i] ?? 0;
			typeCounts[type] = (typeCounts[type] ?? 0) + 1;
			// Events are sorted by time: the piece pointer only moves forward.
			while (piece + 1 < grid.size && (grid.bounds[piece + 1] ?? 0) <= time) piece++;
			const hour = grid.hour[piece] ?? 0;
			hourCounts[hour] = (hourCounts[hour] ?? 0) + 1;
			const day = grid.day[piece] ?? 0;
			dayCounts[day] = (dayCounts[day] ?? 0) + 1;
		}

		this.#piece = piece;
		this.#total += last - first;
		const recent = recentRows(events, context.now, context.recentMinutes);
		const recentFirst = clamp(recent.first);
		const recentLast = Math.max(recentFirst, clamp(recent.last));
		const recentTypeCounts = this.#recentTypeCounts;
		for (let i = recentFirst; i < recentLast; i++) {
			const type = events.type[i] ?? 0;
			recentTypeCounts[type] = (recentTypeCounts[type] ?? 0) + 1;
		}

		this.#recentTotal += recentLast - recentFirst;
	}

	/** The block; `dictionaries` are the chunks' (shared) user and type names. */
	finish(dictionaries: Pick<EventTable, 'users' | 'types'>): Summary['events'] {
		const context = this.context;
		const grid = this.#grid;
		const hourCounts = this.#hourCounts;
		const byUser = rankCounts(dictionaries.users, this.#userCounts);
		const byType = rankCounts(dictionaries.types, this.#typeCounts);
		let peakCount = 0;
		for (const count of hourCounts) peakCount = Math.max(peakCount, count);
		const peakHours: number[] = [];
		if (peakCount > 0) hourCounts.forEach((count, hour) => count === peakCount && peakHours.push(hour));
		return {
			total: this.#total,
			uniqueUsers: byUser.length,
			uniqueTypes: byType.length,
			byType,
			topUsers: byUser.slice(0, context.top),
			mostActive: tiedMaximum(byUser),
			peakHour: {hours: peakHours, count: peakCount},
			byHour: Array.from(hourCounts),
			daily: grid.dayKeys.map((key, d) => ({key, count: this.#dayCounts[d] ?? 0})),
			recent: {minutes: context.recentMinutes, total: this.#recentTotal, byType: rankCounts(dictionaries.types, this.#recentTypeCounts)},
		};
	}
}

function grownCounts(counts: Float64Array, size: number): Float64Array {
	if (counts.length >= size) return counts;
	const next = new Float64Array(Math.max(size, counts.length * 2));
	next.set(counts);
	return next;
}

/** Row bounds [first, last) of the events in [now − minutes, now]. */
function recentRows(events: EventTable, now: EpochMs, minutes: number): {first: number; last: number} {
	const first = lowerBound(events.time, now - minutes * MINUTE);
	return {first, last: Math.max(first, upperBound(events.time, now))};
}

/** Events in [now − minutes, now], whatever the range; byType ranked. */
export function recentActivity(
	events: EventTable,
	now: EpochMs,
	minutes: number,
): {minutes: number; total: number; byType: KeyCount[]} {
	const {first, last} = recentRows(events, now, minutes);
	const typeCounts = new Float64Array(events.types.length);
	for (let i = first; i < last; i++) {
		const type = events.type[i] ?? 0;
		typeCounts[type] = (typeCounts[type] ?? 0) + 1;
	}

	return {minutes, total: last - first, byType: rankCounts(events.types, typeCounts)};
}

/** One user's activity in the window (zeros and nulls for an unknown user). */
export function userActivity(events: EventTable, user: string, context: StatsContext): EventUserActivity {
	const index = events.users.indexOf(user);
	const {first, last} = eventWindow(events, context);
	const typeCounts = new Float64Array(events.types.length);
	let total = 0;
	let firstTime = Number.NaN;
	let lastTime = Number.NaN;
	if (index >= 0) {
		for (let i = first; i < last; i++) {
			if (events.user[i] !== index) continue;
			const time = events.time[i] ?? 0;
			if (total === 0) firstTime = time;
			lastTime = time;
			total++;
			const type = events.type[i] ?? 0;
			typeCounts[type] = (typeCounts[type] ?? 0) + 1;
		}
	}

	return {
		user,
		total,
		byType: rankCounts(events.types, typeCounts),
		first: total > 0 ? isoUtc(firstTime) : null,
		last: total > 0 ? isoUtc(lastTime) : null,
	};
}

/**
 * Every user's activity in the window, total desc then user asc. Events without a user are left out.
 * O(events in range + users × their distinct types): events are grouped by user with a counting sort.
 */
export function allUserActivity(events: EventTable, context: StatsContext): EventUserActivity[] {
	const {first, last} = eventWindow(events, context);
	const userCount = events.users.length;
	const offsets = new Int32Array(userCount + 1);
	for (let i = first; i < last; i++) {
		const user = events.user[i] ?? -1;
		if (user >= 0) offsets[user + 1] = (offsets[user + 1] ?? 0) + 1;
	}

	for (let u = 0; u < userCount; u++) offsets[u + 1] = (offsets[u + 1] ?? 0) + (offsets[u] ?? 0);
	const fill = offsets.slice(0, userCount);
	const grouped = new Int32Array(offsets[userCount] ?? 0);
	for (let i = first; i < last; i++) {
		const user = events.user[i] ?? -1;
		if (user < 0) continue;
		const slot = fill[user] ?? 0;
		grouped[slot] = i;
		fill[user] = slot + 1;
	}

	const typeCounts = new Float64Array(events.types.length);
	const rows: EventUserActivity[] = [];
	for (let u = 0; u < userCount; u++) {
		const begin = offsets[u] ?? 0;
		const end = offsets[u + 1] ?? 0;
		if (end === begin) continue;
		const touched: number[] = [];
		for (let k = begin; k < end; k++) {
			const type = events.type[grouped[k] ?? 0] ?? 0;
			if (typeCounts[type] === 0) touched.push(type);
			typeCounts[type] = (typeCounts[type] ?? 0) + 1;
		}

		const byType = touched.map((type) => ({key: events.types[type] ?? '', count: typeCounts[type] ?? 0}));
		byType.sort((a, b) => b.count - a.count || compareKeys(a.key, b.key));
		for (const type of touched) typeCounts[type] = 0;
		rows.push({
			user: events.users[u] ?? '',
			total: end - begin,
			byType,
			first: isoUtc(events.time[grouped[begin] ?? 0] ?? 0),
			last: isoUtc(events.time[grouped[end - 1] ?? 0] ?? 0),
		});
	}

	rows.sort((a, b) => b.total - a.total || compareKeys(a.user, b.user));
	return rows;
}
