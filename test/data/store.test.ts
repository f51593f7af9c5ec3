import fs from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, test} from 'vitest';
import type {EventRecord, SessionRecord} from '../../source/core/model.js';
import {MAX_DELTAS, openStore, StoreError, writeStats} from '../../source/data/store.js';
import {
	assertEventInvariants,
	assertSessionInvariants,
	eventRows,
	expectedEvents,
	expectedSessions,
	messyEvents,
	messySessions,
	seededRandom,
	sessionRows,
	tempStorePath,
} from '../helpers/store-fixtures.js';

const paris = {id: 1, name: 'Paris', timeZone: 'Europe/Paris'};
const tokyo = {id: 26, name: 'Tokyo', timeZone: 'Asia/Tokyo'};

async function listing(directory: string): Promise<string[]> {
	return (await fs.readdir(directory)).sort();
}

describe('round trip', () => {
	test('sessions, events, campuses and sync state survive a reopen exactly', async () => {
		const storePath = await tempStorePath();
		const store = await openStore(storePath);
		expect(store.exists).toBe(false);
		const result = await store.commit({sessions: messySessions, events: messyEvents, campuses: [tokyo, paris], syncState: {cursor: 'abc', page: 3, nested: {ok: true}}});
		expect(result.sessions).toEqual({inserted: messySessions.length, updated: 0, unchanged: 0});
		expect(result.events).toEqual({inserted: messyEvents.length, updated: 0, unchanged: 0});
		expect(result.campuses).toEqual({inserted: 2, updated: 0, unchanged: 0});
		await store.close();

		const reopened = await openStore(storePath, {readOnly: true});
		expect(reopened.exists).toBe(true);
		expect(sessionRows(reopened.sessions())).toEqual(expectedSessions(messySessions));
		expect(eventRows(reopened.events())).toEqual(expectedEvents(messyEvents));
		expect(reopened.campuses()).toEqual([paris, tokyo]);
		expect(reopened.syncState()).toEqual({cursor: 'abc', page: 3, nested: {ok: true}});
		assertSessionInvariants(reopened.sessions());
		assertEventInvariants(reopened.events());
		// The table follows the model: open = NaN, unknown user = -1, unknown campus = -1.
		const table = reopened.sessions();
		const row = (id: number) => [...table.id].indexOf(id);
		expect(Number.isNaN(table.end[row(5_003)]!)).toBe(true);
		expect(table.user[row(5_000)]).toBe(-1);
		expect(table.campus[row(5_000)]).toBe(-1);
		expect(table.logins[table.user[row(5_004)]!]).toBe('#103');
		expect(table.userIds[table.user[row(5_003)]!]).toBeNaN();
	});

	test('a commit in the same process is visible without reopening, and sync state merges shallowly', async () => {
		const store = await openStore(await tempStorePath());
		await store.commit({syncState: {a: 1, b: {deep: 1}}});
		await store.commit({sessions: messySessions.slice(0, 3), syncState: {b: {other: 2}, c: null}});
		expect(store.syncState()).toEqual({a: 1, b: {other: 2}, c: null});
		expect(sessionRows(store.sessions())).toEqual(expectedSessions(messySessions.slice(0, 3)));
	});

	test('a missing store reads as empty and is not created by opening or by read-only use', async () => {
		const storePath = await tempStorePath();
		const readOnly = await openStore(storePath, {readOnly: true});
		expect(readOnly.sessions().size).toBe(0);
		expect(readOnly.events().size).toBe(0);
		await expect(readOnly.commit({sessions: messySessions})).rejects.toThrow(/read-only/);
		await openStore(storePath);
		await expect(fs.stat(storePath)).rejects.toMatchObject({code: 'ENOENT'});
	});
});

describe('upsert', () => {
	test('re-committing identical data reports unchanged and writes no file', async () => {
		const storePath = await tempStorePath();
		const store = await openStore(storePath);
		await store.commit({sessions: messySessions, events: messyEvents, campuses: [paris], syncState: {k: 1}});
		const generation = store.generation;
		const files = await listing(storePath);
		const manifest = await fs.readFile(path.join(storePath, 'manifest.json'), 'utf8');
		const written = writeStats.files;

		const again = await openStore(storePath);
		const result = await again.commit({sessions: [...messySessions].reverse(), events: messyEvents, campuses: [paris], syncState: {k: 1}});
		expect(result).toEqual({
			sessions: {inserted: 0, updated: 0, unchanged: messySessions.length},
			events: {inserted: 0, updated: 0, unchanged: messyEvents.length},
			campuses: {inserted: 0, updated: 0, unchanged: 1},
		});
		expect(writeStats.files).toBe(written);
		expect(again.generation).toBe(generation);
		expect(await listing(storePath)).toEqual(files);
		expect(await fs.readFile(path.join(storePath, 'manifest.json'), 'utf8')).toBe(manifest);
	});

	test('closing an open session is an update; the newest version wins after reopen', async () => {
		const storePath = await tempStorePath();
		const store = await openStore(storePath);
		await store.commit({sessions: messySessions});
		const open = messySessions.find((session) => session.id === 5_003)!;
		const closed = {...open, end: open.begin + 3_600_000};
		const moved = {...messySessions.find((session) => session.id === 5_001)!, begin: Date.parse('2024-05-01T10:00:00Z'), end: Date.parse('2024-05-01T11:00:00Z')};
		const result = await store.commit({sessions: [closed, moved, messySessions[1]!]});
		expect(result.sessions).toEqual({inserted: 0, updated: 2, unchanged: 1});
		const expected = expectedSessions([...messySessions, closed, moved]);
		expect(sessionRows(store.sessions())).toEqual(expected);
		const reopened = await openStore(storePath, {readOnly: true});
		expect(sessionRows(reopened.sessions())).toEqual(expected);
		assertSessionInvariants(reopened.sessions());
	});

	test('events and campuses update by id; duplicate ids in one batch keep the last', async () => {
		const store = await openStore(await tempStorePath());
		await store.commit({events: messyEvents, campuses: [paris]});
		const changed: EventRecord = {...messyEvents[0]!, metadata: '{"again":1}'};
		const result = await store.commit({
			events: [{...messyEvents[1]!, user: 'x'}, messyEvents[1]!, changed],
			campuses: [{...paris, name: 'Paris 42'}, tokyo],
		});
		expect(result.events).toEqual({inserted: 0, updated: 1, unchanged: 1});
		expect(result.campuses).toEqual({inserted: 1, updated: 1, unchanged: 0});
		expect(eventRows(store.events())).toEqual(expectedEvents([...messyEvents, changed]));
		expect(store.campuses().map((campus) => campus.name)).toEqual(['Paris 42', 'Tokyo']);
	});

	test('a real login replaces the #id placeholder of a user known only by id', async () => {
		const storePath = await tempStorePath();
		const store = await openStore(storePath);
		const base: SessionRecord = {id: 1, userId: 7, login: null, host: 'h', begin: 0, end: 1000, campusId: 1};
		await store.commit({sessions: [base]});
		expect((await store.commit({sessions: [{...base, login: 'seven'}]})).sessions.updated).toBe(1);
		expect((await store.commit({sessions: [base]})).sessions.unchanged).toBe(1);
		const reopened = await openStore(storePath);
		expect(sessionRows(reopened.sessions())[0]!.login).toBe('seven');
	});

	test('bad input is refused with what, where and why, and nothing is written', async () => {
		const storePath = await tempStorePath();
		const store = await openStore(storePath);
		const good = messySessions[0]!;
		const cases: Array<[Partial<SessionRecord>, RegExp]> = [
			[{begin: 1.5}, /session #1 \(id 77\): begin must be whole epoch milliseconds, got 1.5/],
			[{end: Number.NaN}, /end must be whole epoch milliseconds/],
			[{host: ''}, /host must be a non-empty string/],
			[{id: 2 ** 60}, /id must be a whole number/],
		];
		for (const [patch, message] of cases) {
			const error = await store.commit({sessions: [good, {...good, id: 77, ...patch}]}).catch((error_: unknown) => error_);
			expect(error).toBeInstanceOf(StoreError);
			expect((error as Error).message).toMatch(message);
		}

		await expect(store.commit({campuses: [{id: 3, name: 'X', timeZone: 'Mars/Olympus'}]})).rejects.toThrow(/not an IANA zone/);
		await expect(fs.stat(storePath)).rejects.toMatchObject({code: 'ENOENT'});
	});
});

describe('segments, deltas and compaction', () => {
	/** Sessions spread over many months, ids loosely following begin. */
	function spread(count: number, seed: number, firstId: number): SessionRecord[] {
		const random = seededRandom(seed);
		return Array.from({length: count}, (_, i) => {
			const begin = Date.UTC(2023, Math.floor(random() * 18), 1 + Math.floor(random() * 27), Math.floor(random() * 24)) + Math.floor(random() * 3) * 250;
			const user = Math.floor(random() * 40);
			const known = random();
			// A 42 user keeps one login; some rows only know the id, some only a login.
			return {
				id: firstId + i,
				userId: known < 0.2 ? null : user,
				login: known > 0.9 ? null : `u${user}`,
				host: `c${Math.floor(random() * 30)}`,
				begin,
				end: random() < 0.1 ? null : begin + Math.floor(random() * 9000) * 1000,
				campusId: random() < 0.1 ? null : 1 + Math.floor(random() * 2),
			};
		});
	}

	test('ordering and content hold across months, deltas and compaction', async () => {
		const storePath = await tempStorePath();
		const store = await openStore(storePath);
		const reference = new Map<number, SessionRecord>();
		const random = seededRandom(5);
		let compacted = false;
		for (let round = 0; round < MAX_DELTAS + 6; round++) {
			const fresh = spread(30, round, 1000 + round * 30);
			// Re-send some earlier rows, half of them changed (closing, moving to another month).
			const earlier = [...reference.values()].filter(() => random() < 0.05).map((session, i) =>
				i % 2 ? session : {...session, end: session.begin + 60_000, begin: session.begin - (i % 4 === 0 ? 40 * 86_400_000 : 0)},
			);
			await store.commit({sessions: [...fresh, ...earlier]});
			for (const session of [...fresh, ...earlier]) reference.set(session.id, session);
			const manifest = JSON.parse(await fs.readFile(path.join(storePath, 'manifest.json'), 'utf8')) as {segments: Array<{role: string}>};
			const deltas = manifest.segments.filter((entry) => entry.role === 'delta');
			if (round > 0 && deltas.length === 0) compacted = true;
			// The store prefers a user's real login over the model builder's `#id` placeholder.
			const realLogin = new Map([...reference.values()].filter((session) => session.login !== null && session.userId !== null).map((session) => [session.userId, session.login]));
			const expected = expectedSessions([...reference.values()]).map((session) =>
				session.login === `#${session.userId}` && realLogin.has(session.userId) ? {...session, login: realLogin.get(session.userId)!} : session,
			);
			expect(sessionRows(store.sessions())).toEqual(expected);
			const reopened = await openStore(storePath, {readOnly: true});
			expect(sessionRows(reopened.sessions())).toEqual(expected);
			assertSessionInvariants(reopened.sessions());
		}

		expect(compacted).toBe(true);
		const names = await fs.readdir(storePath);
		expect(names.filter((name) => /^s-\d{4}-\d{2}-g\d+\.seg$/.test(name)).length).toBeGreaterThan(10);
	});

	test('bytes written by a 100-session commit do not grow with the store size', async () => {
		async function pageBytes(months: number): Promise<number> {
			const store = await openStore(await tempStorePath());
			// `months` months of history, 2000 sessions each, committed in large batches (compacted).
			for (let month = 0; month < months; month++) {
				const sessions = Array.from({length: 2000}, (_, i) => ({
					id: month * 10_000 + i,
					userId: i % 300,
					login: `u${i % 300}`,
					host: `h${i % 97}`,
					begin: Date.UTC(2020, month, 1) + i * 600_000,
					end: Date.UTC(2020, month, 1) + i * 600_000 + 3_600_000,
					campusId: 1,
				}));
				await store.commit({sessions});
			}

			const before = writeStats.bytes;
			const page = Array.from({length: 100}, (_, i) => ({id: 9_000_000 + i, userId: i, login: `u${i}`, host: `h${i}`, begin: Date.UTC(2020, months, 2) + i * 60_000, end: null, campusId: 1}));
			await store.commit({sessions: page});
			return writeStats.bytes - before;
		}

		const small = await pageBytes(2);
		const large = await pageBytes(24);
		// Only the manifest grows (one entry per month); the delta is the same size.
		expect(large - small).toBeLessThan(22 * 400);
		expect(large).toBeLessThan(12_000);
	});

	test('orphaned temp and segment files from a crash are ignored and collected by the next commit', async () => {
		const storePath = await tempStorePath();
		const store = await openStore(storePath);
		await store.commit({sessions: messySessions});
		await fs.writeFile(path.join(storePath, '.tmp-999-abcdef'), 'half a segm');
		await fs.writeFile(path.join(storePath, `s-delta-g${store.generation + 5}.seg`), 'BS42SEG\ntorn');
		const reopened = await openStore(storePath);
		expect(sessionRows(reopened.sessions())).toEqual(expectedSessions(messySessions));
		await reopened.commit({events: messyEvents});
		const names = await fs.readdir(storePath);
		expect(names.some((name) => name.startsWith('.tmp-'))).toBe(false);
		expect(names).not.toContain(`s-delta-g${store.generation + 5}.seg`);
	});
});

describe('damage and versions', () => {
	test('a corrupt manifest gives a clear error and is left untouched', async () => {
		const storePath = await tempStorePath();
		const store = await openStore(storePath);
		await store.commit({sessions: messySessions});
		const manifestPath = path.join(storePath, 'manifest.json');
		const text = await fs.readFile(manifestPath, 'utf8');
		await fs.writeFile(manifestPath, text.slice(0, text.length / 2));
		await expect(openStore(storePath)).rejects.toThrow(/manifest\.json is not valid JSON/);
		// A writer that loaded before the damage must not overwrite it either.
		await expect(store.commit({sessions: [{...messySessions[0]!, id: 42}]})).rejects.toBeInstanceOf(StoreError);
		expect(await fs.readFile(manifestPath, 'utf8')).toBe(text.slice(0, text.length / 2));
	});

	test('a damaged segment names the file', async () => {
		const storePath = await tempStorePath();
		const store = await openStore(storePath);
		await store.commit({sessions: messySessions});
		const segment = (await fs.readdir(storePath)).find((name) => name.startsWith('s-'))!;
		const file = path.join(storePath, segment);
		const bytes = await fs.readFile(file);
		bytes.writeUInt8(bytes[bytes.length - 3]! ^ 0x10, bytes.length - 3);
		await fs.writeFile(file, bytes);
		const reopened = await openStore(storePath);
		expect(() => reopened.sessions()).toThrow(new RegExp(`segment .*${segment} is damaged: checksum mismatch`));
		// A writer refuses to build on it.
		await expect(reopened.commit({sessions: [{...messySessions[0]!, id: 42}]})).rejects.toThrow(new RegExp(`${segment} is damaged.*nothing was written`));
	});

	test('read-only: a damaged segment fails its own table only, when that table is read', async () => {
		const storePath = await tempStorePath();
		const store = await openStore(storePath);
		await store.commit({sessions: messySessions, events: messyEvents});
		const segment = (await fs.readdir(storePath)).find((name) => name.startsWith('s-'))!;
		const file = path.join(storePath, segment);
		const bytes = await fs.readFile(file);
		bytes.writeUInt8(bytes[100]! ^ 0x01, 100);
		await fs.writeFile(file, bytes);
		const reopened = await openStore(storePath, {readOnly: true});
		expect(() => reopened.sessions()).toThrow(new RegExp(`segment .*${segment} is damaged: checksum mismatch`));
		expect(eventRows(reopened.events())).toEqual(expectedEvents(messyEvents));
	});

	test('read-only: reload() sees commits of another writer, deltas and compactions included', async () => {
		const storePath = await tempStorePath();
		const writer = await openStore(storePath);
		await writer.commit({sessions: messySessions.slice(0, 4), events: messyEvents.slice(0, 4)});
		const reader = await openStore(storePath, {readOnly: true});
		expect(sessionRows(reader.sessions())).toEqual(expectedSessions(messySessions.slice(0, 4)));
		for (let i = 4; i < messySessions.length; i++) await writer.commit({sessions: [messySessions[i]!]});
		for (let i = 0; i <= MAX_DELTAS; i++) await writer.commit({events: [{...messyEvents[0]!, id: 900_000 + i}]});
		await writer.commit({sessions: [{...messySessions[0]!, host: 'moved'}]});
		await reader.reload();
		expect(sessionRows(reader.sessions())).toEqual(sessionRows(writer.sessions()));
		expect(eventRows(reader.events())).toEqual(eventRows(writer.events()));
		assertSessionInvariants(reader.sessions());
		assertEventInvariants(reader.events());
		const fresh = await openStore(storePath);
		expect(sessionRows(reader.sessions())).toEqual(sessionRows(fresh.sessions()));
	});

	test('reload() after another writer\'s events-only commit keeps the decoded sessions; segmentEntries/decodeSegments read just the added delta', async () => {
		const storePath = await tempStorePath();
		const writer = await openStore(storePath);
		await writer.commit({sessions: messySessions, events: messyEvents.slice(0, 3)});
		const reader = await openStore(storePath, {readOnly: true});
		const sessions = reader.sessions();
		const before = reader.segmentEntries().map((entry) => entry.file);
		await writer.commit({events: [{...messyEvents[0]!, id: 800_001}, {...messyEvents[1]!, id: 800_002}]});
		await reader.reload();
		const rows = reader.readStats.rows;
		expect(reader.sessions()).toBe(sessions);
		const added = reader.segmentEntries().filter((entry) => !before.includes(entry.file));
		expect(added.map((entry) => [entry.kind, entry.role])).toEqual([['events', 'delta']]);
		expect(eventRows(reader.decodeSegments('events', added)).map((row) => row.id)).toEqual([800_001, 800_002]);
		expect(reader.readStats.rows - rows).toBe(2);
		expect(eventRows(reader.events())).toEqual(eventRows(writer.events()));
		// A sessions commit does drop them.
		await writer.commit({sessions: [{...messySessions[0]!, host: 'moved'}]});
		await reader.reload();
		expect(reader.sessions()).not.toBe(sessions);
		expect(sessionRows(reader.sessions())).toEqual(sessionRows(writer.sessions()));
	});

	test('a store written by a newer version is refused with a clear error', async () => {
		const storePath = await tempStorePath();
		const store = await openStore(storePath);
		await store.commit({sessions: messySessions});
		const manifestPath = path.join(storePath, 'manifest.json');
		const manifest = JSON.parse(await fs.readFile(manifestPath, 'utf8')) as Record<string, unknown>;
		await fs.writeFile(manifestPath, JSON.stringify({...manifest, schemaVersion: 99}));
		const error = await openStore(storePath).catch((error_: unknown) => error_);
		expect(error).toBeInstanceOf(StoreError);
		expect((error as StoreError).message).toMatch(/newer bigstat42 \(store schema version 99; this version reads up to 2\)/);
		expect((error as StoreError).hint).toMatch(/upgrade/);
	});

	test('a directory with foreign files and no manifest is not taken over', async () => {
		const storePath = await tempStorePath();
		await fs.mkdir(storePath);
		await fs.writeFile(path.join(storePath, 'thesis.pdf'), 'x');
		await expect(openStore(storePath)).rejects.toThrow(/is not a bigstat42 store.*thesis\.pdf/);
	});
});
