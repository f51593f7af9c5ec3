/**
 * An independent check of the statistics engine: the session and event figures of the demo campus
 * (DST change, overlaps, midnight crossings, open, stuck-open, zero, negative and >24 h sessions)
 * recomputed by a deliberately naive method — plain interval unions, `Intl.DateTimeFormat` for local
 * time, one UTC hour at a time — and compared with `summarize`, `hostRows` and `userRows`.
 * Nothing here uses the engine's zone clock or hour grid; only the README's definitions.
 */
import {describe, expect, it} from 'vitest';
import {generateDemo} from '../../../source/core/demo.js';
import {eventAt, sessionAt, type EventTable, type SessionTable} from '../../../source/core/model.js';
import {hostRows, summarize, userRows} from '../../../source/core/stats/index.js';
import type {StatsOptions} from '../../../source/core/stats/types.js';

const HOUR = 3_600_000;
const MAX_SESSION = 24 * HOUR;
const ZONE = 'Europe/Paris';
const NOW = Date.parse('2026-11-22T13:17:42Z');
const demo = generateDemo({now: NOW});

type Local = {day: string; weekday: number; hour: number};
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const format = new Intl.DateTimeFormat('en-GB', {
	timeZone: ZONE,
	hourCycle: 'h23',
	weekday: 'short',
	year: 'numeric',
	month: '2-digit',
	day: '2-digit',
	hour: '2-digit',
});
const localCache = new Map<number, Local>();

/** Local day, weekday (Monday 0) and hour of an instant; Paris offsets are whole hours, so one lookup per UTC hour. */
function local(t: number): Local {
	const key = Math.floor(t / HOUR);
	let found = localCache.get(key);
	if (!found) {
		const parts = Object.fromEntries(format.formatToParts(key * HOUR).map((part) => [part.type, part.value]));
		found = {day: `${parts['year']}-${parts['month']}-${parts['day']}`, weekday: WEEKDAYS.indexOf(parts['weekday']!), hour: Number(parts['hour'])};
		localCache.set(key, found);
	}

	return found;
}

/** Calls `visit` for each piece of [a, b) cut at UTC hour boundaries (= Paris local hour boundaries). */
function eachHourPiece(a: number, b: number, visit: (start: number, ms: number) => void): void {
	for (let start = a; start < b; ) {
		const next = Math.min(b, (Math.floor(start / HOUR) + 1) * HOUR);
		visit(start, next - start);
		start = next;
	}
}

/** Sorted, merged union of intervals. */
function union(intervals: Array<[number, number]>): Array<[number, number]> {
	const sorted = intervals.filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
	const merged: Array<[number, number]> = [];
	for (const [a, b] of sorted) {
		const last = merged.at(-1);
		if (last && a <= last[1]) last[1] = Math.max(last[1], b);
		else merged.push([a, b]);
	}

	return merged;
}

function length(intervals: Array<[number, number]>): number {
	return intervals.reduce((sum, [a, b]) => sum + b - a, 0);
}

const grid = (): number[][] => Array.from({length: 7}, () => Array.from({length: 24}, () => 0));

/** The README's session definitions, applied row by row. */
function naiveSessions(table: SessionTable, from: number, to: number) {
	const end = Math.min(to, NOW);
	const byHost = new Map<string, Array<[number, number]>>();
	const byUser = new Map<string, Array<[number, number]>>();
	const hostStarts = new Map<string, number>();
	const touchingUsers = new Set<string>();
	const touchingHosts = new Set<string>();
	const durations: number[] = [];
	const startsGrid = grid();
	const dailyStarts = new Map<string, number>();
	let total = 0;
	let open = 0;
	for (let i = 0; i < table.size; i++) {
		const row = sessionAt(table, i);
		if (row.begin > NOW) continue; // future
		const stop = row.end ?? NOW;
		const positive = stop > row.begin;
		const overlong = stop - row.begin > MAX_SESSION;
		const occupied: [number, number] = positive
			? [Math.max(from, row.begin), Math.min(end, stop, row.begin + MAX_SESSION)]
			: [0, 0];
		const startsIn = row.begin >= from && row.begin < end;
		const touches = startsIn || occupied[1] > occupied[0];
		if (startsIn) {
			total++;
			const at = local(row.begin);
			startsGrid[at.weekday]![at.hour]!++;
			dailyStarts.set(at.day, (dailyStarts.get(at.day) ?? 0) + 1);
			hostStarts.set(row.host, (hostStarts.get(row.host) ?? 0) + 1);
			if (row.end !== null && positive && !overlong) durations.push((row.end - row.begin) / 60_000);
		}

		if (!touches) continue;
		if (row.end === null && !overlong) open++;
		touchingHosts.add(row.host);
		if (row.login !== null) touchingUsers.add(row.login);
		if (occupied[1] > occupied[0]) {
			byHost.set(row.host, [...(byHost.get(row.host) ?? []), occupied]);
			if (row.login !== null) byUser.set(row.login, [...(byUser.get(row.login) ?? []), occupied]);
		}
	}

	// Seat-hours per local slot and day, from the per-host unions.
	const seatGrid = grid();
	const dailySeat = new Map<string, number>();
	const hostHours = new Map<string, number>();
	for (const [host, intervals] of byHost) {
		const merged = union(intervals);
		hostHours.set(host, length(merged) / HOUR);
		for (const [a, b] of merged) {
			eachHourPiece(a, b, (start, ms) => {
				const at = local(start);
				seatGrid[at.weekday]![at.hour]! += ms / HOUR;
				dailySeat.set(at.day, (dailySeat.get(at.day) ?? 0) + ms / HOUR);
			});
		}
	}

	// How many real hours each local slot lasts within [from, E).
	const slotHours = grid();
	const days: string[] = [];
	eachHourPiece(from, end, (start, ms) => {
		const at = local(start);
		slotHours[at.weekday]![at.hour]! += ms / HOUR;
		if (days.at(-1) !== at.day) days.push(at.day);
	});

	const sorted = [...durations].sort((a, b) => a - b);
	const middle = sorted.length / 2;
	return {
		total,
		open,
		uniqueUsers: touchingUsers.size,
		uniqueHosts: touchingHosts.size,
		seatHours: [...hostHours.values()].reduce((a, b) => a + b, 0),
		mean: durations.length === 0 ? null : durations.reduce((a, b) => a + b, 0) / durations.length,
		median: sorted.length === 0 ? null : sorted.length % 2 === 1 ? sorted[Math.floor(middle)]! : (sorted[middle - 1]! + sorted[middle]!) / 2,
		startsGrid,
		seatGrid,
		meanConcurrent: seatGrid.map((hours, d) => hours.map((h, hour) => (slotHours[d]![hour]! > 0 ? h / slotHours[d]![hour]! : 0))),
		daily: days.map((day) => ({key: day, starts: dailyStarts.get(day) ?? 0, seatHours: dailySeat.get(day) ?? 0})),
		hostHours,
		hostStarts,
		rangeHours: (end - from) / HOUR,
		userHours: new Map([...byUser].map(([login, intervals]) => [login, length(union(intervals)) / HOUR])),
		userSum: new Map([...byUser].map(([login, intervals]) => [login, length(intervals) / HOUR])),
	};
}

function naiveEvents(table: EventTable, from: number, to: number) {
	const byType = new Map<string, number>();
	const byUser = new Map<string, number>();
	const byHour = Array.from({length: 24}, () => 0);
	const daily = new Map<string, number>();
	let total = 0;
	for (let i = 0; i < table.size; i++) {
		const event = eventAt(table, i);
		if (event.time < from || event.time >= to || event.time > NOW) continue;
		total++;
		byType.set(event.type, (byType.get(event.type) ?? 0) + 1);
		if (event.user !== null) byUser.set(event.user, (byUser.get(event.user) ?? 0) + 1);
		const at = local(event.time);
		byHour[at.hour]!++;
		daily.set(at.day, (daily.get(at.day) ?? 0) + 1);
	}

	const peak = Math.max(...byHour);
	const most = Math.max(0, ...byUser.values());
	return {
		total,
		byType: [...byType].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([key, count]) => ({key, count})),
		uniqueUsers: byUser.size,
		byHour,
		peakHour: {hours: byHour.flatMap((count, hour) => (count === peak && peak > 0 ? [hour] : [])), count: peak},
		mostActive: {keys: [...byUser].filter(([, count]) => count === most).map(([key]) => key).sort(), count: most},
		daily,
	};
}

const ranges: Array<[string, string, string]> = [
	['the last 7 local days (ends at now, mid-day)', '2026-11-15T23:00:00Z', '2026-11-22T23:00:00Z'],
	['three weeks across the October DST change (a 25-hour Sunday)', '2026-10-18T22:00:00Z', '2026-11-08T23:00:00Z'],
	['bounds in the middle of local days and hours', '2026-10-24T09:37:00Z', '2026-10-26T17:05:30Z'],
	['the whole demo (90 days, starts before the first session)', '2026-08-20T00:00:00Z', '2026-11-23T00:00:00Z'],
];

it('the demo has what the comparison needs: overlaps by a user, open sessions, a 25-hour day', () => {
	const naive = naiveSessions(demo.sessions, Date.parse(ranges[3]![1]), Date.parse(ranges[3]![2]));
	expect([...naive.userSum].some(([login, sum]) => sum - (naive.userHours.get(login) ?? 0) > 1e-9)).toBe(true);
	expect(naive.open).toBeGreaterThan(0);
	const dstDay = naiveSessions(demo.sessions, Date.parse('2026-10-24T22:00:00Z'), Date.parse('2026-10-25T23:00:00Z'));
	expect(dstDay.rangeHours).toBe(25);
	expect(dstDay.daily.map((day) => day.key)).toEqual(['2026-10-25']);
});

describe.each(ranges)('the engine agrees with a naive recomputation: %s', (_name, fromIso, toIso) => {
	const from = Date.parse(fromIso);
	const to = Date.parse(toIso);
	const options: StatsOptions = {now: NOW, timeZone: ZONE, from, to, maxSessionMs: MAX_SESSION, top: 10_000};
	const summary = summarize(demo.sessions, demo.events, options);
	const naive = naiveSessions(demo.sessions, from, to);
	const sessions = summary.sessions;

	it('counts: starts, open, unique users and hosts', () => {
		expect(naive.total).toBeGreaterThan(0);
		expect(sessions.total).toBe(naive.total);
		expect(sessions.open).toBe(naive.open);
		expect(sessions.uniqueUsers).toBe(naive.uniqueUsers);
		expect(sessions.uniqueHosts).toBe(naive.uniqueHosts);
	});

	it('seat-hours (union per host) and mean / median session minutes', () => {
		expect(sessions.seatHours).toBeCloseTo(naive.seatHours, 6);
		expect(sessions.meanSessionMinutes).toBeCloseTo(naive.mean!, 6);
		expect(sessions.medianSessionMinutes).toBeCloseTo(naive.median!, 6);
	});

	it('weekday × hour starts and seat-hours, and the hour and weekday margins', () => {
		expect(sessions.weekdayHour.starts).toEqual(naive.startsGrid);
		for (let hour = 0; hour < 24; hour++) {
			expect(sessions.byHour.starts[hour]).toBe(naive.startsGrid.reduce((sum, row) => sum + row[hour]!, 0));
			expect(sessions.byHour.seatHours[hour]).toBeCloseTo(naive.seatGrid.reduce((sum, row) => sum + row[hour]!, 0), 6);
		}

		for (let day = 0; day < 7; day++) {
			expect(sessions.byWeekday.starts[day]).toBe(naive.startsGrid[day]!.reduce((a, b) => a + b, 0));
			expect(sessions.byWeekday.seatHours[day]).toBeCloseTo(naive.seatGrid[day]!.reduce((a, b) => a + b, 0), 6);
		}
	});

	it('mean concurrent seats per slot = slot seat-hours ÷ real hours the slot lasts in the range', () => {
		for (let day = 0; day < 7; day++) {
			for (let hour = 0; hour < 24; hour++) {
				expect(sessions.weekdayHour.meanConcurrent[day]![hour], `${WEEKDAYS[day]} ${hour}:00`).toBeCloseTo(naive.meanConcurrent[day]![hour]!, 6);
			}
		}
	});

	it('the daily series: every local day of [from, min(to, now)), its starts and seat-hours', () => {
		expect(sessions.daily.map((point) => point.key)).toEqual(naive.daily.map((point) => point.key));
		for (const [index, point] of naive.daily.entries()) {
			expect(sessions.daily[index]!.starts, point.key).toBe(point.starts);
			expect(sessions.daily[index]!.seatHours, point.key).toBeCloseTo(point.seatHours, 6);
		}
	});

	it('hosts: starts, seat-hours and utilisation of every host', () => {
		const rows = hostRows(demo.sessions, options);
		expect(rows.filter((row) => row.seatHours > 0)).toHaveLength(naive.hostHours.size);
		for (const row of rows) {
			const hours = naive.hostHours.get(row.host) ?? 0;
			expect(row.sessions, row.host).toBe(naive.hostStarts.get(row.host) ?? 0);
			expect(row.seatHours, row.host).toBeCloseTo(hours, 6);
			expect(row.utilisation, row.host).toBeCloseTo((hours / naive.rangeHours) * 100, 6);
		}

		expect(sessions.topHosts.map((row) => row.host)).toEqual(rows.slice(0, sessions.topHosts.length).map((row) => row.host));
	});

	it('users: logtime is the union of each user’s sessions', () => {
		const rows = userRows(demo.sessions, options);
		for (const row of rows) expect(row.logtimeHours, row.login).toBeCloseTo(naive.userHours.get(row.login) ?? 0, 6);
		expect(rows.filter((row) => row.logtimeHours > 0)).toHaveLength(naive.userHours.size);
		// The union matters: somebody's sessions overlap, so their logtime is less than the sum.
		const overlapping = [...naive.userSum].filter(([login, sum]) => sum - (naive.userHours.get(login) ?? 0) > 1e-9);
		if (overlapping.length > 0) {
			const [login, sum] = overlapping[0]!;
			expect(rows.find((row) => row.login === login)!.logtimeHours).toBeLessThan(sum);
		}
	});

	it('events: totals, types, users, peak hour and most active (every tie), daily counts', () => {
		const events = naiveEvents(demo.events, from, to);
		expect(summary.events.total).toBe(events.total);
		expect(summary.events.byType).toEqual(events.byType);
		expect(summary.events.uniqueUsers).toBe(events.uniqueUsers);
		expect(summary.events.peakHour).toEqual(events.peakHour);
		expect(summary.events.byHour).toEqual(events.byHour);
		expect(summary.events.mostActive).toEqual(events.mostActive);
		for (const point of summary.events.daily) expect(point.count, point.key).toBe(events.daily.get(point.key) ?? 0);
		expect(summary.events.daily.reduce((sum, point) => sum + point.count, 0)).toBe(events.total);
	});
});
