/**
 * The on-disk format: a store written by the schema 1 code (test/fixtures/store/store-v1, JSON
 * segments with base64 columns) is read as is and migrated on the first write; binary segments
 * and the manifest carry checksums; planning a range reads only the segments it needs.
 */
import {createHash} from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, test} from 'vitest';
import type {EventRecord, SessionRecord} from '../../source/core/model.js';
import {openStore, StoreError} from '../../source/data/store.js';
import {eventRows, expectedSessions, sessionRows, tempStorePath} from '../helpers/store-fixtures.js';

const fixtures = fileURLToPath(new URL('../fixtures/store/', import.meta.url));
const legacy = path.join(fixtures, 'store-v1');

type Expected = {generation: number; campuses: unknown; syncState: unknown; sessions: SessionRecord[]; events: EventRecord[]};

async function expected(): Promise<Expected> {
	return JSON.parse(await fs.readFile(path.join(fixtures, 'store-v1.expected.json'), 'utf8')) as Expected;
}

/** Name → sha256 of every file in a directory. */
async function snapshot(directory: string): Promise<Record<string, string>> {
	const out: Record<string, string> = {};
	for (const name of (await fs.readdir(directory)).sort()) {
		out[name] = createHash('sha256').update(await fs.readFile(path.join(directory, name))).digest('hex');
	}

	return out;
}

async function copyOfLegacy(): Promise<string> {
	const storePath = await tempStorePath();
	await fs.cp(legacy, storePath, {recursive: true});
	return storePath;
}

/** JSON round trip of records (the fixture stores them as JSON: NaN-free, null ends). */
const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

describe('a store written by schema 1 (JSON segments)', () => {
	test('is read as is by a read-only open, and nothing in it changes', async () => {
		const before = await snapshot(legacy);
		const want = await expected();
		const store = await openStore(legacy, {readOnly: true});
		expect(store.diskSchemaVersion).toBe(1);
		expect(store.generation).toBe(want.generation);
		expect(plain(sessionRows(store.sessions()))).toEqual(want.sessions);
		expect(plain(eventRows(store.events()))).toEqual(want.events);
		expect(store.campuses()).toEqual(want.campuses);
		expect(store.syncState()).toEqual(want.syncState);
		// The range API works on it too (month bounds stand in for the spans it lacks).
		const from = Date.parse('2024-02-01T00:00:00Z');
		const to = Date.parse('2024-03-01T00:00:00Z');
		const inRange = want.sessions.filter((s) => s.begin < to && (s.begin >= from || s.end === null || s.end > from));
		expect(plain(sessionRows(store.sessionsInRange(from, to)))).toEqual(inRange);
		await store.close();
		expect(await snapshot(legacy)).toEqual(before);
	});

	test('the first write migrates it to binary segments in a commit of its own, then applies the batch', async () => {
		const storePath = await copyOfLegacy();
		const want = await expected();
		const store = await openStore(storePath);
		const added: SessionRecord = {id: 424_242, userId: 9, login: 'new', host: 'c9r9s9', begin: Date.UTC(2024, 6, 1, 8), end: Date.UTC(2024, 6, 1, 10), campusId: 1};
		const result = await store.commit({sessions: [added]});
		expect(result.sessions).toEqual({inserted: 1, updated: 0, unchanged: 0});
		// Migration (generation + 1) and the batch (generation + 2).
		expect(store.generation).toBe(want.generation + 2);
		const manifest = JSON.parse(await fs.readFile(path.join(storePath, 'manifest.json'), 'utf8')) as {schemaVersion: number; checksum: string; segments: Array<{file: string; role: string; crc32: string}>};
		expect(manifest.schemaVersion).toBe(2);
		expect(manifest.checksum).toMatch(/^crc32:[\da-f]{8}$/);
		expect(manifest.segments.every((entry) => entry.file.endsWith('.seg') && /^[\da-f]{8}$/.test(entry.crc32))).toBe(true);
		// The previous manifest (the migration's) is kept; the JSON files are collected by the commit after it.
		expect(await fs.readdir(storePath)).toContain('manifest.prev.json');
		await store.commit({syncState: {after: 1}});
		expect((await fs.readdir(storePath)).filter((name) => name.endsWith('.json') && !name.startsWith('manifest'))).toEqual([]);

		const reopened = await openStore(storePath, {readOnly: true});
		expect(reopened.diskSchemaVersion).toBe(2);
		expect(plain(sessionRows(reopened.sessions()))).toEqual(plain(expectedSessions([...want.sessions, added])));
		expect(plain(eventRows(reopened.events()))).toEqual(want.events);
		expect(reopened.syncState()).toEqual({...(want.syncState as object), after: 1});
	});

	test('a damaged JSON segment of a schema 1 store stops the migration, naming the file; nothing is written', async () => {
		const storePath = await copyOfLegacy();
		const file = path.join(storePath, 's-2024-02-g17.json');
		const text = await fs.readFile(file, 'utf8');
		await fs.writeFile(file, text.replace('"rows":6', '"rows":7'));
		const before = await snapshot(storePath);
		const store = await openStore(storePath);
		await expect(store.commit({syncState: {x: 1}})).rejects.toThrow(/s-2024-02-g17\.json is damaged.*nothing was written/);
		const after = await snapshot(storePath);
		delete after['store.lock'];
		expect(after).toEqual(before);
	});

	test("the manifest's bytes field is checked for JSON segments too", async () => {
		const storePath = await copyOfLegacy();
		const file = path.join(storePath, 's-2024-02-g17.json');
		await fs.appendFile(file, ' ');
		const store = await openStore(storePath, {readOnly: true});
		expect(() => store.sessions()).toThrow(/s-2024-02-g17\.json is damaged: it has 408 bytes, the manifest says 407/);
	});
});

describe('ranges read only what they need', () => {
	test('a week of a year-long store decodes that month (and the deltas), not the year', async () => {
		const storePath = await tempStorePath();
		const store = await openStore(storePath);
		const sessions: SessionRecord[] = [];
		for (let day = 0; day < 365; day++) {
			for (let k = 0; k < 4; k++) {
				const begin = Date.UTC(2024, 0, 1 + day, 8 + k * 3);
				sessions.push({id: day * 10 + k, userId: k, login: `u${k}`, host: `h${k}`, begin, end: begin + 2 * 3_600_000, campusId: 1});
			}
		}

		await store.commit({sessions});
		// One big commit is a delta; enough small ones compact everything into monthly bases.
		for (let i = 0; i < 17; i++) await store.commit({sessions: [{...sessions[i]!, host: `moved${i}`}]});
		const reader = await openStore(storePath, {readOnly: true});
		expect(reader.readStats.segments).toBe(0);
		const from = Date.UTC(2024, 5, 10);
		const week = reader.sessionsInRange(from, from + 7 * 86_400_000, 12 * 3_600_000);
		// 7 days × 4, plus the 14:00 and 17:00 sessions of 9 June (the 12 h look-back).
		expect(week.size).toBe(7 * 4 + 2);
		// The June base segment and the delta of the last commit: 2 of the 13 segments.
		expect(reader.readStats.segments).toBe(2);
		expect(reader.readStats.rows).toBeLessThan(200);
		// The row the last delta updates is counted once per version until the next compaction.
		expect(reader.extent().sessions).toEqual({rows: 365 * 4 + 1, first: Date.UTC(2024, 0, 1, 8), last: Date.UTC(2024, 11, 30, 17)});
	});
});

describe('checksums', () => {
	test('a manifest whose text changed but still parses is refused, naming it; a writer writes nothing', async () => {
		const storePath = await tempStorePath();
		const store = await openStore(storePath);
		await store.commit({syncState: {cursor: 'abcdef'}, sessions: [{id: 1, userId: 1, login: 'a', host: 'h', begin: 0, end: 1000, campusId: 1}]});
		const file = path.join(storePath, 'manifest.json');
		const text = await fs.readFile(file, 'utf8');
		await fs.writeFile(file, text.replace('abcdef', 'abcdeg'));
		const error = await openStore(storePath).catch((error_: unknown) => error_);
		expect(error).toBeInstanceOf(StoreError);
		expect((error as Error).message).toMatch(/manifest\.json is damaged: checksum mismatch/);
		await expect(store.commit({syncState: {more: 1}})).rejects.toThrow(/manifest\.json is damaged/);
		expect(await fs.readFile(file, 'utf8')).toBe(text.replace('abcdef', 'abcdeg'));
	});
});
