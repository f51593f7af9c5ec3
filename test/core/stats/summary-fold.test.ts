/**
 * The summary folded month by month (SummaryFold, what a whole-history `summary` runs on a store)
 * equals the one-shot `summarize` over the whole tables, to the byte of its JSON.
 */
import {describe, expect, it} from 'vitest';
import {
	eventTableFromRecords,
	sessionTableFromRecords,
	type EventRecord,
	type EventTable,
	type SessionRecord,
	type SessionTable,
} from '../../../source/core/model.js';
import {summarize, type StatsOptions} from '../../../source/core/stats/index.js';
import {SummaryFold} from '../../../source/core/stats/summary-fold.js';
import {HOUR} from '../../../source/core/time.js';

const users: Record<string, number> = {ann: 1, bob: 2, cat: 3, dan: 4, eve: 5, fay: 6};

function session(id: number, login: string, host: string, begin: string, end: string | null): SessionRecord {
	return {id, userId: users[login] ?? null, login, host, begin: Date.parse(begin), end: end === null ? null : Date.parse(end), campusId: 1};
}

function event(id: number, user: string | null, type: string, time: string): EventRecord {
	return {id, user, type, time: Date.parse(time), metadata: null};
}

const sessions = sessionTableFromRecords([
	// Before the window of the late-start case, and a 30-h session crossing its start (look-back).
	session(1, 'ann', 'c1r1s1', '2025-12-30T08:00:00Z', '2025-12-30T12:00:00Z'),
	session(2, 'bob', 'c1r1s2', '2025-12-31T20:00:00Z', '2026-01-02T02:00:00Z'),
	// January: ordinary days, an overlap of ann with herself on one host, a zero and a negative one.
	session(3, 'ann', 'c1r1s1', '2026-01-05T09:00:00Z', '2026-01-05T13:00:00Z'),
	session(4, 'ann', 'c1r1s1', '2026-01-05T12:00:00Z', '2026-01-05T15:00:00Z'),
	session(5, 'cat', 'c1r2s1', '2026-01-12T10:00:00Z', '2026-01-12T10:00:00Z'),
	session(6, 'dan', 'c1r2s2', '2026-01-20T10:00:00Z', '2026-01-20T09:00:00Z'),
	// Across the month boundary (local midnight, Paris is UTC+1): the same user and host on both sides.
	session(7, 'bob', 'c1r1s2', '2026-01-31T21:00:00Z', '2026-02-01T03:00:00Z'),
	session(8, 'bob', 'c1r1s2', '2026-02-01T01:00:00Z', '2026-02-01T05:00:00Z'),
	// February: two hosts for cat, the same logtime on each (favourite host tie: host asc).
	session(9, 'cat', 'c2r1s1', '2026-02-10T08:00:00Z', '2026-02-10T10:00:00Z'),
	session(10, 'cat', 'c1r9s9', '2026-02-11T08:00:00Z', '2026-02-11T10:00:00Z'),
	// March: nothing but the DST night (2026-03-29, 02:00 → 03:00 local) and a session across it.
	session(11, 'eve', 'c1r1s1', '2026-03-28T23:30:00Z', '2026-03-29T03:30:00Z'),
	// April: empty. May: a 3-day stuck session (overlong, still open) and one overlong closed.
	session(12, 'fay', 'c1r3s3', '2026-05-02T08:00:00Z', '2026-05-03T12:00:00Z'),
	session(13, 'dan', 'c1r3s4', '2026-06-12T09:00:00Z', null),
	// June: an open session now, a session without a login, the future.
	session(14, 'eve', 'c1r1s2', '2026-06-15T10:00:00Z', null),
	{id: 15, userId: null, login: null, host: 'c1r1s3', begin: Date.parse('2026-06-15T08:00:00Z'), end: Date.parse('2026-06-15T09:00:00Z'), campusId: 1},
	session(16, 'ann', 'c1r1s1', '2026-06-20T08:00:00Z', '2026-06-20T09:00:00Z'),
	session(17, 'ann', 'c1r1s1', '2026-06-15T11:30:00Z', '2026-06-15T11:45:00Z'),
]);

const events = eventTableFromRecords([
	event(1, 'ann', 'login', '2025-12-31T10:00:00Z'),
	event(2, 'ann', 'login', '2026-01-05T09:00:00Z'),
	event(3, 'bob', 'exam', '2026-01-31T23:30:00Z'),
	event(4, 'bob', 'login', '2026-02-01T00:30:00Z'),
	event(5, null, 'alert', '2026-03-29T01:30:00Z'),
	event(6, 'eve', 'exam', '2026-06-15T11:30:00Z'),
	event(7, 'cat', 'login', '2026-06-15T12:00:00Z'),
	event(8, 'cat', 'login', '2026-06-16T12:00:00Z'),
]);

const now = Date.parse('2026-06-15T12:00:00Z');

/** Month starts (UTC) from December 2025 to July 2026. */
const months = Array.from({length: 8}, (_, k) => Date.UTC(2025, 11 + k, 1));

/**
 * The rows of `table` with `time` in [from, to) as a table of their own (as a store's month), with
 * dictionaries holding only the values used so far (they grow from chunk to chunk, append-only).
 */
function sessionChunk(table: SessionTable, from: number, to: number): SessionTable {
	const first = table.begin.findIndex((begin) => begin >= from);
	const start = first < 0 ? table.size : first;
	const end = Math.max(start, table.begin.findIndex((begin) => begin >= to) < 0 ? table.size : table.begin.findIndex((begin) => begin >= to));
	let hosts = 0;
	let logins = 0;
	for (let row = 0; row < end; row++) {
		hosts = Math.max(hosts, (table.host[row] ?? 0) + 1);
		logins = Math.max(logins, (table.user[row] ?? -1) + 1);
	}

	const rows = (column: Float64Array | Int32Array) => column.slice(start, end);
	return {
		size: end - start,
		id: rows(table.id) as Float64Array,
		begin: rows(table.begin) as Float64Array,
		end: rows(table.end) as Float64Array,
		user: rows(table.user) as Int32Array,
		host: rows(table.host) as Int32Array,
		campus: rows(table.campus) as Int32Array,
		logins: table.logins.slice(0, logins),
		userIds: table.userIds.slice(0, logins),
		hosts: table.hosts.slice(0, hosts),
	};
}

function eventChunk(table: EventTable, from: number, to: number): EventTable {
	const index = (at: number) => {
		const found = table.time.findIndex((time) => time >= at);
		return found < 0 ? table.size : found;
	};

	const start = index(from);
	const end = Math.max(start, index(to));
	const rows = (column: Float64Array | Int32Array) => column.slice(start, end);
	return {
		size: end - start,
		id: rows(table.id) as Float64Array,
		time: rows(table.time) as Float64Array,
		user: rows(table.user) as Int32Array,
		type: rows(table.type) as Int32Array,
		meta: rows(table.meta) as Int32Array,
		users: table.users,
		types: table.types,
		metadata: table.metadata,
	};
}

/** The fold over month chunks: the first answers for everything before its end, the last for everything after. */
function folded(options: StatsOptions): string {
	const fold = new SummaryFold(options);
	const spans = months.map((month, k) => [k === 0 ? -Infinity : month, k === months.length - 1 ? Infinity : months[k + 1]!] as const);
	for (const [from, to] of spans) {
		fold.addSessions(sessionChunk(sessions, from, to), from, to);
		fold.addEvents(eventChunk(events, from, to), from, to);
	}

	if (fold.rankingPass()) for (const [from, to] of spans) fold.addRankingRows(sessionChunk(sessions, from, to), from, to);

	return JSON.stringify(fold.finish(), null, 2);
}

const oneShot = (options: StatsOptions) => JSON.stringify(summarize(sessions, events, options), null, 2);

describe('SummaryFold: month by month equals one sweep', () => {
	const cases: Array<[string, StatsOptions]> = [
		['the whole history, Paris (DST, month boundaries, empty April)', {now, timeZone: 'Europe/Paris', from: Date.parse('2025-12-01T00:00:00Z'), to: Date.parse('2026-07-01T00:00:00Z')}],
		['a window starting mid-way (look-back rows before it)', {now, timeZone: 'Europe/Paris', from: Date.parse('2026-01-01T12:00:00Z'), to: now}],
		['UTC, short lists (anomaly lists cut to the newest)', {now, timeZone: 'UTC', from: Date.parse('2025-12-01T00:00:00Z'), to: Date.parse('2026-07-01T00:00:00Z'), listLimit: 1, top: 2}],
		['a 2-h session cap (more overlong rows)', {now, timeZone: 'Europe/Paris', from: Date.parse('2025-12-15T00:00:00Z'), to: now, maxSessionMs: 2 * HOUR}],
		['a window in the past (recent events outside it)', {now, timeZone: 'Europe/Paris', from: Date.parse('2026-01-15T00:00:00Z'), to: Date.parse('2026-03-01T00:00:00Z')}],
	];

	for (const [name, options] of cases) {
		it(name, () => {
			const expected = oneShot(options);
			expect(folded(options)).toBe(expected);
		});
	}

	it('the fixtures exercise what the fold must carry over', () => {
		const summary = summarize(sessions, events, cases[0]![1]);
		expect(summary.anomalies.counts).toMatchObject({overlong: 3, overlongOpen: 1, zeroLength: 1, negative: 1, future: 1});
		expect(summary.anomalies.userOverlaps).toBeGreaterThanOrEqual(2);
		expect(summary.sessions.open).toBe(1);
		expect(summary.sessions.topUsers.find((row) => row.login === 'cat')?.favouriteHost).toBe('c1r9s9');
		expect(summary.sessions.monthly.map((point) => point.starts)).toEqual([2, 5, 3, 1, 0, 1, 4]);
		expect(summary.events.recent.total).toBe(2);
	});

	it('one chunk holding everything gives the one-shot document', () => {
		const options = cases[0]![1];
		const fold = new SummaryFold(options);
		fold.addSessions(sessions);
		fold.addEvents(events);
		if (fold.rankingPass()) fold.addRankingRows(sessions);
		expect(JSON.stringify(fold.finish(), null, 2)).toBe(oneShot(options));
	});
});
