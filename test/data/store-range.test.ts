import {describe, expect, test} from 'vitest';
import type {EventRecord, SessionRecord} from '../../source/core/model.js';
import {MAX_DELTAS, openStore} from '../../source/data/store.js';
import {eventRows, expectedEvents, expectedSessions, seededRandom, sessionRows, tempStorePath} from '../helpers/store-fixtures.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Sessions over 14 months: a few very long ones, stale open ones in old months, ms timestamps. */
function history(count: number, seed: number, firstId = 1): SessionRecord[] {
	const random = seededRandom(seed);
	return Array.from({length: count}, (_, i) => {
		const begin = Date.UTC(2023, 0, 1) + Math.floor(random() * 425 * DAY / 1000) * 1000 + (i % 7 === 0 ? 250 : 0);
		const roll = random();
		const end = roll < 0.03 ? null : roll < 0.06 ? begin + Math.floor(random() * 90) * DAY : begin + Math.floor(random() * 600) * 60_000;
		const user = Math.floor(random() * 50);
		return {id: firstId + i, userId: user, login: `u${user}`, host: `c${Math.floor(random() * 40)}`, begin, end, campusId: 1};
	});
}

function events(count: number, seed: number, firstId = 1): EventRecord[] {
	const random = seededRandom(seed);
	return Array.from({length: count}, (_, i) => ({
		id: firstId + i,
		user: random() < 0.1 ? null : `u${Math.floor(random() * 50)}`,
		type: ['login', 'exam', 'badge'][Math.floor(random() * 3)]!,
		time: Date.UTC(2023, 0, 1) + Math.floor(random() * 425 * DAY),
		metadata: random() < 0.5 ? null : `{"k":${Math.floor(random() * 5)}}`,
	}));
}

/** The oracle: the rule of the contract applied to plain records. */
function wantedSessions(records: Iterable<SessionRecord>, from: number, to: number, lookback: number): SessionRecord[] {
	const picked = [...records].filter((s) => s.begin < to && (s.begin >= from - lookback || s.end === null || s.end > from));
	return expectedSessions(picked);
}

const ranges: Array<[string, string, number]> = [
	['2024-01-08T00:00:00Z', '2024-01-15T00:00:00Z', 12 * HOUR],
	['2023-06-30T22:00:00Z', '2023-07-01T02:00:00Z', 0],
	['2023-03-01T00:00:00Z', '2023-03-01T00:00:00Z', 24 * HOUR],
	['2020-01-01T00:00:00Z', '2030-01-01T00:00:00Z', 0],
	['2024-02-01T00:00:00Z', '2024-03-01T00:00:00Z', 31 * DAY],
];

describe('range API', () => {
	test('sessionsInRange / eventsInRange return exactly the rows of the contract, with bases, deltas and updates', async () => {
		const storePath = await tempStorePath();
		const store = await openStore(storePath);
		const reference = new Map<number, SessionRecord>();
		const eventReference = new Map<number, EventRecord>();
		const initial = history(3000, 1);
		await store.commit({sessions: initial, events: events(2000, 2)});
		for (const session of initial) reference.set(session.id, session);
		for (const event of events(2000, 2)) eventReference.set(event.id, event);
		// Enough small commits for a compaction, then deltas (new rows, closed and moved ones) on top.
		const random = seededRandom(3);
		for (let round = 0; round < MAX_DELTAS + 3; round++) {
			const fresh = history(20, 10 + round, 10_000 + round * 20);
			const changed = [...reference.values()].filter(() => random() < 0.004).map((s, i) => ({...s, end: s.begin + HOUR, begin: s.begin - (i % 2 ? 45 * DAY : 0)}));
			await store.commit({sessions: [...fresh, ...changed], events: events(5, 100 + round, 50_000 + round * 5)});
			for (const s of [...fresh, ...changed]) reference.set(s.id, s);
			for (const e of events(5, 100 + round, 50_000 + round * 5)) eventReference.set(e.id, e);
		}

		for (const reader of [store, await openStore(storePath, {readOnly: true})]) {
			for (const [fromIso, toIso, lookback] of ranges) {
				const from = Date.parse(fromIso);
				const to = Date.parse(toIso);
				const sessions = reader.sessionsInRange(from, to, lookback);
				expect(sessionRows(sessions)).toEqual(wantedSessions(reference.values(), from, to, lookback));
				const picked = expectedEvents([...eventReference.values()].filter((e) => e.time >= from && e.time < to));
				expect(eventRows(reader.eventsInRange(from, to))).toEqual(picked);
				// Month by month: the same rows, each once (in its month's span), over one set of dictionaries.
				const months = [...reader.sessionMonths(from, to, lookback)];
				const monthRows = months.flatMap((month) => sessionRows(month.table).filter((s) => s.begin >= month.from && s.begin < month.to));
				expect(monthRows).toEqual(wantedSessions(reference.values(), from, to, lookback));
				expect(new Set(months.map((month) => month.table.logins)).size).toBeLessThanOrEqual(1);
				const eventMonths = [...reader.eventMonths(from, to)];
				expect(eventMonths.flatMap((month) => eventRows(month.table).filter((e) => e.time >= month.from && e.time < month.to))).toEqual(picked);
				expect(new Set(eventMonths.map((month) => month.table.types)).size).toBeLessThanOrEqual(1);
			}
		}

		const extent = (await openStore(storePath, {readOnly: true})).extent();
		const begins = [...reference.values()].map((s) => s.begin);
		expect(extent.sessions.first).toBe(Math.min(...begins));
		expect(extent.sessions.last).toBe(Math.max(...begins));
		expect(extent.sessions.rows).toBeGreaterThanOrEqual(reference.size);
		const ends = [...reference.values()].flatMap((s) => (s.end === null ? [] : [s.end]));
		expect(extent.sessions.lastEnd).toBe(Math.max(...ends));
		expect(extent.events.first).toBe(Math.min(...[...eventReference.values()].map((e) => e.time)));
	});

	test('an empty or missing store has empty ranges and a NaN extent', async () => {
		const store = await openStore(await tempStorePath(), {readOnly: true});
		expect(store.sessionsInRange(0, Date.UTC(2030, 0), DAY).size).toBe(0);
		expect(store.eventsInRange(0, Date.UTC(2030, 0)).size).toBe(0);
		expect(store.extent().sessions).toEqual({rows: 0, first: Number.NaN, last: Number.NaN, lastEnd: Number.NaN});
	});
});
