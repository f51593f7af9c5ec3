/**
 * Times the statistics engine on synthetic columnar data: 1M sessions (60 days, 3,000 hosts,
 * 5,000 users, 30–360 min, some open and some stuck) and 1M events.
 * Run: `npx tsx source/bench/stats-bench.ts [sessions] [events]`.
 */
import type {EventTable, SessionTable} from '../core/model.js';
import {compatBigstat42, hostRows, summarize, userRows} from '../core/stats/index.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Deterministic pseudo-random numbers (mulberry32). */
function random(seed: number): () => number {
	let state = seed;
	return () => {
		state = (state + 0x6d_2b_79_f5) | 0;
		let t = Math.imul(state ^ (state >>> 15), 1 | state);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
	};
}

function makeSessions(size: number, start: number, now: number): SessionTable {
	const next = random(42);
	const begin = new Float64Array(size);
	for (let i = 0; i < size; i++) begin[i] = start + Math.floor(next() * (now - start - 7 * HOUR));
	begin.sort();
	const end = new Float64Array(size);
	const user = new Int32Array(size);
	const host = new Int32Array(size);
	for (let i = 0; i < size; i++) {
		const roll = next();
		const beginAt = begin[i] ?? 0;
		end[i] = roll < 0.002 ? Number.NaN : beginAt + Math.floor((30 + next() * 330) * 60_000);
		if (beginAt > now - 6 * HOUR && roll < 0.3) end[i] = Number.NaN;
		user[i] = Math.floor(next() * 5000);
		host[i] = Math.floor(next() * 3000);
	}

	return {
		size,
		id: Float64Array.from({length: size}, (_, i) => i + 1),
		begin,
		end,
		user,
		host,
		campus: new Int32Array(size).fill(1),
		logins: Array.from({length: 5000}, (_, i) => `user${i}`),
		userIds: Array.from({length: 5000}, (_, i) => i + 1),
		hosts: Array.from({length: 3000}, (_, i) => `c${i % 4}r${Math.floor(i / 100)}s${i % 100}`),
	};
}

function makeEvents(size: number, start: number, now: number): EventTable {
	const next = random(7);
	const time = new Float64Array(size);
	for (let i = 0; i < size; i++) time[i] = start + Math.floor(next() * (now - start + HOUR));
	time.sort();
	return {
		size,
		id: Float64Array.from({length: size}, (_, i) => i + 1),
		time,
		user: Int32Array.from({length: size}, () => Math.floor(next() * 5000)),
		type: Int32Array.from({length: size}, () => Math.floor(next() * 20)),
		meta: new Int32Array(size).fill(-1),
		users: Array.from({length: 5000}, (_, i) => `user${i}`),
		types: Array.from({length: 20}, (_, i) => `type${i}`),
		metadata: [],
	};
}

function time<T>(label: string, run: () => T): T {
	const started = performance.now();
	const result = run();
	console.log(`${label.padEnd(28)} ${(performance.now() - started).toFixed(1)} ms`);
	return result;
}

const sessionCount = Number(process.argv[2] ?? 1_000_000);
const eventCount = Number(process.argv[3] ?? 1_000_000);
const now = Date.UTC(2026, 1, 20, 15, 30);
const start = now - 60 * DAY;
const sessions = time('generate sessions', () => makeSessions(sessionCount, start, now));
const events = time('generate events', () => makeEvents(eventCount, start, now));
for (const days of [60, 30, 7]) {
	const options = {now, timeZone: 'Europe/Paris', from: now - days * DAY, to: now + DAY};
	// A fresh table object per run defeats the scan cache; the last run uses the real table to warm it.
	for (let run = 0; run < 3; run++) {
		const table = run === 2 ? sessions : {...sessions};
		const summary = time(`summarize ${days}d (run ${run + 1})`, () => summarize(table, events, options));
		if (run === 0) console.log(`  sessions ${summary.sessions.total}, seat-hours ${summary.sessions.seatHours.toFixed(0)}, events ${summary.events.total}`);
	}

	time(`hostRows ${days}d (cached scan)`, () => hostRows(sessions, options));
	time(`userRows ${days}d (cached scan)`, () => userRows(sessions, options));
}

time('compatBigstat42', () => compatBigstat42(sessions));
