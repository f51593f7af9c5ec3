/**
 * The server's incremental counters against the core statistics (the code of `summary --json`)
 * on the same events: ties, events without a user, future events, a DST change and keys whose
 * UTF-16 order differs from their byte order.
 */
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {eventTableFromRecords, type EventRecord} from '../../source/core/model.js';
import {Rng} from '../../source/core/prng.js';
import {eventSummary, userActivity} from '../../source/core/stats/events.js';
import {resolveContext} from '../../source/core/stats/ranges.js';
import {zoneClock} from '../../source/core/time.js';
import {EventStats} from '../../source/server/event-stats.js';
import {call, startTestServer, tempDir} from './helpers.js';

const ZONE = 'Europe/Paris';
const NOW = Date.parse('2026-10-26T10:00:00Z');
// Byte order: 'Z' < 'a' < 'é' < '\u{1F600}' < '\uFF5E' (surrogates sort after U+FF5E in UTF-16, before it in bytes).
const USERS = ['alice', 'bob', 'Zed', 'émile', '\u{1F600}', '\uFF5Eh', null];
const TYPES = ['view', 'click', 'login', '\u{1F4A9}', '\uFF01'];

function randomEvents(seed: number, count: number): EventRecord[] {
	const rng = new Rng(seed);
	const start = Date.parse('2026-10-20T00:00:00Z');
	// Up to two days past now: some events are in the future.
	const span = NOW + 2 * 86_400_000 - start;
	return Array.from({length: count}, (_, i) => ({
		id: i + 1,
		user: USERS[rng.int(USERS.length)]!,
		type: TYPES[rng.int(TYPES.length)]!,
		// Whole minutes so that equal times (and ties) occur.
		time: start + Math.floor(rng.int(Math.floor(span / 60_000))) * 60_000,
		metadata: null,
	}));
}

function compare(stats: EventStats, records: readonly EventRecord[], now: number): void {
	const table = eventTableFromRecords(records);
	const clock = zoneClock(ZONE);
	const from = clock.startOfDayOf(table.time[0]!);
	const to = clock.startOfDay(clock.dayNumber(now) + 1);
	const context = resolveContext({now, timeZone: ZONE, from, to, top: Infinity});
	const core = eventSummary(table, context);
	stats.advance(now);
	expect(stats.total).toBe(core.total);
	expect(stats.uniqueUsers).toBe(core.uniqueUsers);
	expect(stats.uniqueTypes).toBe(core.uniqueTypes);
	expect(stats.byType()).toEqual(core.byType);
	expect(stats.byUser()).toEqual(core.topUsers);
	const days = core.daily.length;
	expect(stats.lastDays(days, now).map((row) => ({key: row.date, count: row.count}))).toEqual(core.daily);
	for (const user of USERS) {
		if (user === null) continue;
		const expected = userActivity(table, user, context);
		const counters = stats.user(user);
		expect(counters?.count ?? 0).toBe(expected.total);
		if (!counters) continue;
		const ranked = [...counters.byType].map(([key, count]) => ({key, count}));
		expect(new Set(ranked.map((row) => JSON.stringify(row)))).toEqual(new Set(expected.byType.map((row) => JSON.stringify(row))));
		expect(new Date(counters.first).toISOString()).toBe(expected.first);
		expect(new Date(counters.last).toISOString()).toBe(expected.last);
	}
}

describe('EventStats = core event statistics', () => {
	it('bulk-loaded from a table, over several "now"s (future events join when their time comes)', () => {
		const records = randomEvents(7, 3000);
		const table = eventTableFromRecords(records);
		const stats = EventStats.fromTable(table, zoneClock(ZONE), NOW);
		expect(stats.futureCount).toBeGreaterThan(0);
		compare(stats, records, NOW);
		compare(stats, records, NOW + 3_600_000);
		compare(stats, records, NOW + 3 * 86_400_000);
		expect(stats.futureCount).toBe(0);
	});

	it('built one event at a time in random order, as commits happen', () => {
		const records = randomEvents(11, 2000);
		const stats = new EventStats(zoneClock(ZONE));
		const rng = new Rng(5);
		const shuffled = [...records];
		for (let i = shuffled.length - 1; i > 0; i--) {
			const j = rng.int(i + 1);
			[shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
		}

		for (const record of shuffled) stats.add(record.time, record.user, record.type, NOW);
		compare(stats, records, NOW);
		compare(stats, records, NOW + 86_400_000);
	});

	it('ties: count desc, then key asc in byte order', () => {
		const records: EventRecord[] = ['\uFF5Eh', '\u{1F600}', 'Zed', 'alice'].map((user, i) => ({id: i + 1, user, type: 'x', time: NOW - 1000, metadata: null}));
		const stats = EventStats.fromTable(eventTableFromRecords(records), zoneClock(ZONE), NOW);
		expect(stats.byUser().map((row) => row.key)).toEqual(['Zed', 'alice', '\uFF5Eh', '\u{1F600}']);
	});
});

describe('the server’s /stats/* = its /summary (the summary --json document)', () => {
	it('after a batch with past, tied and future events', async () => {
		const now = Date.parse('2026-12-02T10:00:00Z');
		const server = await startTestServer(['--db', path.join(tempDir(), 'store'), '--tz', ZONE], {clock: () => now});
		try {
			const batch = randomEvents(3, 500).map((record) => ({
				user_id: record.user ?? 'anon',
				event_type: record.type,
				timestamp: new Date(record.time + (now - NOW)).toISOString(),
			}));
			expect((await call(`${server.url}/events/batch`, {body: batch})).status).toBe(201);
			const summary = (await call(`${server.url}/summary?top=1000`)).json.events;
			const total = (await call(`${server.url}/stats/total`)).json;
			expect(total).toEqual({total_events: summary.total, unique_users: summary.uniqueUsers, unique_event_types: summary.uniqueTypes});
			expect((await call(`${server.url}/stats/by-event-type`)).json).toEqual(summary.byType.map((row: {key: string; count: number}) => ({event_type: row.key, count: row.count})));
			expect((await call(`${server.url}/stats/by-user?limit=1000`)).json).toEqual(summary.topUsers.map((row: {key: string; count: number}) => ({user_id: row.key, count: row.count})));
			const week = (await call(`${server.url}/summary?days=7`)).json.events.daily;
			expect((await call(`${server.url}/stats/over-time?days=7&include_empty=true`)).json).toEqual(week.map((row: {key: string; count: number}) => ({date: row.key, count: row.count})));
		} finally {
			await server.close();
		}
	});
});
