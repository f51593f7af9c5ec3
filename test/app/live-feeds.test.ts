/**
 * Live sources without Ink: API budget maths, merging changes into columns, the NDJSON follower
 * and the demo clock.
 */
import {appendFileSync, mkdtempSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {sessionAt, sessionTableFromRecords, eventTableFromRecords, type EventRecord, type SessionRecord} from '../../source/core/model.js';
import {apiPollIntervalMs, minPollIntervalMs} from '../../source/app/live/budget.js';
import {createDemoFeed} from '../../source/app/live/demo-feed.js';
import {appendEvents, mergeSessions} from '../../source/app/live/merge.js';
import {createLineReader, createWatchFeed} from '../../source/app/live/watch-feed.js';
import {LiveSourceError, openLiveSource} from '../../source/app/live/sources.js';
import {CAMPUS, fakeSnapshot, NOW, SESSIONS} from '../helpers/fake-deps.js';

describe('API poll budget', () => {
	it('spends at most 5 % of the hourly budget', () => {
		expect(minPollIntervalMs(1200)).toBe(60_000);
		expect(minPollIntervalMs(1200, 3)).toBe(180_000);
		expect(minPollIntervalMs(6000)).toBe(12_000);
		expect(apiPollIntervalMs(10_000)).toBe(60_000);
		expect(apiPollIntervalMs(300_000)).toBe(300_000);
	});
});

describe('mergeSessions', () => {
	const table = sessionTableFromRecords(SESSIONS);
	const open = SESSIONS.find((record) => record.end === null) as SessionRecord;

	it('closes an open session in place and appends later ones, like a full rebuild', () => {
		const changes: SessionRecord[] = [
			{...open, end: NOW + 60_000},
			{id: 500, userId: null, login: 'zoe', host: 'c9r9s9', begin: NOW + 1000, end: null, campusId: 9},
		];
		const merged = mergeSessions(table, changes);
		const rebuilt = sessionTableFromRecords([...SESSIONS, ...changes]);
		const rows = (t: typeof merged) => Array.from({length: t.size}, (_, i) => sessionAt(t, i));
		expect(rows(merged)).toEqual(rows(rebuilt));
		// The original is untouched (views may still hold it).
		expect(rows(table)).toEqual(rows(sessionTableFromRecords(SESSIONS)));
	});

	it('rebuilds when a change would reorder rows', () => {
		const early: SessionRecord = {id: 600, userId: null, login: 'amy', host: 'c1r1s1', begin: NOW - 1000 * 3_600_000, end: null, campusId: 9};
		const merged = mergeSessions(table, [early]);
		expect(sessionAt(merged, 0).id).toBe(600);
		expect(merged.size).toBe(table.size + 1);
	});
});

describe('appendEvents', () => {
	it('appends events after the last one and rebuilds otherwise', () => {
		const base = fakeSnapshot().events;
		const later: EventRecord = {id: 10, user: 'zoe', type: 'login', time: NOW + 1, metadata: null};
		const appended = appendEvents(base, [later]);
		expect(appended.size).toBe(base.size + 1);
		expect(appended.users[appended.user[appended.size - 1] ?? -1]).toBe('zoe');
		const earlier: EventRecord = {id: 11, user: 'amy', type: 'view', time: 0, metadata: '{}'};
		const rebuilt = appendEvents(base, [earlier]);
		expect(rebuilt.time[0]).toBe(0);
		expect(rebuilt).toEqual(eventTableFromRecords([...Array.from({length: base.size}, (_, i) => ({id: base.id[i] ?? 0, user: base.users[base.user[i] ?? 0] ?? null, type: base.types[base.type[i] ?? 0] ?? '', time: base.time[i] ?? 0, metadata: (base.meta[i] ?? -1) < 0 ? null : (base.metadata[base.meta[i] ?? 0] ?? null)})), earlier]));
	});
});

describe('NDJSON watch feed', () => {
	it('keeps an unfinished last line for later', () => {
		const reader = createLineReader();
		expect(reader.push('{"a":1}\n{"b"')).toEqual(['{"a":1}']);
		expect(reader.push(':2}\r\n\n')).toEqual(['{"b":2}']);
		expect(reader.push('  \n')).toEqual([]);
	});

	it('reads appended lines as they arrive and counts bad ones', async () => {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'bigstat42-watch-'));
		const file = path.join(dir, 'events.ndjson');
		writeFileSync(file, '{"user":"a","type":"login","time":1}\n');
		let id = 100;
		const watched = createWatchFeed({
			file,
			initial: fakeSnapshot(),
			now: () => NOW,
			parse(line) {
				const value = JSON.parse(line) as {user?: string; type?: string; time?: number};
				if (typeof value.type !== 'string') return 'no type';
				return {id: id++, user: value.user ?? null, type: value.type, time: NOW + (value.time ?? 0), metadata: null};
			},
		});
		expect(await watched.feed.poll()).toEqual({changed: true});
		expect((await watched.reload()).events.size).toBe(4);
		expect(await watched.feed.poll()).toEqual({changed: false});
		appendFileSync(file, '{"user":"b","type":"view","time":2}\n{"user":"c"}\n{"user":"d","ty');
		// A bad line is not dropped silently: the poll says how many and why.
		expect(await watched.feed.poll()).toEqual({changed: true, note: '1 bad line skipped (line 3: no type)'});
		expect((await watched.reload()).events.size).toBe(5);
		expect(watched.skipped()).toBe(1);
		appendFileSync(file, 'pe":"click","time":3}\n');
		await watched.feed.poll();
		const events = (await watched.reload()).events;
		expect(events.users[events.user[events.size - 1] ?? -1]).toBe('d');
	});
});

describe('demo feed', () => {
	it('advances a simulated clock and merges what the generator says changed', async () => {
		const calls: Array<[number, number]> = [];
		const demo = createDemoFeed({
			campus: CAMPUS,
			initial: fakeSnapshot(),
			seed: 42,
			intervalMs: 2000,
			speed: 30,
			changes(_base, from, to) {
				calls.push([from, to]);
				return [{id: 900 + calls.length, userId: null, login: 'new', host: 'c1r1s1', begin: to - 1000, end: null, campusId: 9}];
			},
		});
		await demo.feed.poll();
		await demo.feed.poll();
		expect(calls).toEqual([
			[NOW, NOW + 60_000],
			[NOW + 60_000, NOW + 120_000],
		]);
		const snapshot = await demo.reload();
		expect(snapshot.now).toBe(NOW + 120_000);
		expect(snapshot.sessions.size).toBe(SESSIONS.length + 2);
	});
});

describe('openLiveSource --watch (chosen in app/live/sources.ts)', () => {
	const empty = {origin: 'store' as const, campus: CAMPUS, sessions: sessionTableFromRecords([]), events: eventTableFromRecords([]), store: undefined};
	const base = {now: NOW, timeZone: 'UTC', pinnedNow: true, seed: 42, intervalMs: undefined, apiUrl: 'https://api.intra.42.fr', env: {}, clock: () => NOW};

	it('starts on an empty store when the watched file has events, and says which lines were bad', async () => {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'bigstat42-watch-'));
		const file = path.join(dir, 'events.ndjson');
		writeFileSync(file, `{"user_id":"a","event_type":"login","timestamp":"2026-11-22T10:00:00Z"}\nnot json\n{"user_id":"b","event_type":"view","timestamp":"2026-11-22T11:00:00Z"}\n`);
		const live = await openLiveSource({...base, source: empty, watch: file, cwd: dir});
		expect(live.deps.initial.events.size).toBe(2);
		expect(live.notice).toMatch(/^1 bad line skipped \(line 2: /);
		live.close();
	});

	it('refuses a missing file with the path, not a raw ENOENT', async () => {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'bigstat42-watch-'));
		const attempt = openLiveSource({...base, source: empty, watch: 'missing.ndjson', cwd: dir});
		await expect(attempt).rejects.toBeInstanceOf(LiveSourceError);
		await expect(attempt).rejects.toThrow(`--watch missing.ndjson: no such file (create it, or check the path: ${path.join(dir, 'missing.ndjson')})`);
	});
});

describe('openLiveSource on a store another process writes to', () => {
	it('re-reads the store as soon as its manifest changes: a server\'s POSTed events show within 2 s', async () => {
		const [{openStore}, {EventLog}] = await Promise.all([import('../../source/data/store.js'), import('../../source/server/event-log.js')]);
		const dir = mkdtempSync(path.join(os.tmpdir(), 'bigstat42-live-store-'));
		const storePath = path.join(dir, 'store');
		const writer = await openStore(storePath);
		await writer.commit({events: [{id: 1, user: 'a', type: 'login', time: NOW - 60_000, metadata: null}]});
		const reader = await openStore(storePath, {readOnly: true});
		const source = {origin: 'store' as const, campus: CAMPUS, sessions: reader.sessions(), events: reader.events(), store: reader};
		// No credentials: the store feed, whose interval (60 s) is only the fallback.
		const live = await openLiveSource({source, now: NOW, timeZone: 'UTC', pinnedNow: true, seed: 1, intervalMs: undefined, apiUrl: 'https://api.intra.42.fr', env: {}, cwd: dir, clock: () => NOW, watch: undefined, manifestCheckMs: 50});
		const log = new EventLog({store: writer, timeZone: 'UTC', clock: () => NOW, pollMs: 60_000});
		const feed = live.deps.feed!;
		expect(feed.label).toBe('store');
		expect(feed.intervalMs).toBe(60_000);
		let notified = 0;
		const stop = feed.subscribe!(() => notified++);
		try {
			// Nothing committed yet: no notification.
			await new Promise((resolve) => setTimeout(resolve, 150));
			expect(notified).toBe(0);
			const postedAt = Date.now();
			await log.append([{user: 'b', type: 'view', time: NOW - 1000, metadata: null}]);
			// The server checkpoints in the background (~200 ms); the feed notices the new manifest.
			// (Reserving the block of server ids is a commit too: its notification finds no new rows,
			// and the checkpoint's commit notifies again.)
			let handled = 0;
			let result = {changed: false};
			while (!result.changed && Date.now() - postedAt < 3000) {
				if (notified > handled) {
					handled = notified;
					result = await feed.poll();
				} else {
					await new Promise((resolve) => setTimeout(resolve, 10));
				}
			}

			expect(result).toEqual({changed: true});
			const snapshot = await live.deps.reload();
			expect(Date.now() - postedAt).toBeLessThan(2000);
			expect(snapshot.events.size).toBe(2);
			expect(snapshot.events.types).toContain('view');
			// Without a commit a poll finds nothing new.
			expect(await feed.poll()).toEqual({changed: false});
		} finally {
			stop();
			live.close();
			await log.close();
			await writer.close();
			await reader.close();
		}
	});
});
