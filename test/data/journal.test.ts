/**
 * The event journal: frames, torn tails, and recovery of a dead writer's journal by the next
 * commit (each event once, the file deleted afterwards; a live writer's journal left alone).
 */
import {appendFileSync, existsSync, readdirSync, readFileSync, renameSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, test} from 'vitest';
import type {EventRecord} from '../../source/core/model.js';
import {openStore} from '../../source/data/store.js';
import {decodeFrames, encodeFrame, isJournalName, Journal, JOURNAL_FILE_BYTES, readOrphanJournals, removeJournals} from '../../source/data/store/journal.js';
import {tempStorePath} from '../helpers/store-fixtures.js';

const t0 = Date.UTC(2026, 2, 29, 0, 30); // the night Paris moves to summer time
const event = (id: number, extra: Partial<EventRecord> = {}): EventRecord => ({id, user: 'bob', type: 'login', time: t0 + id * 60_000, metadata: null, ...extra});

/** A pid that no process has (beyond the kernel's default pid_max of 4194304). */
const DEAD_PID = 4_194_999;

function orphanJournal(directory: string, frames: readonly (readonly EventRecord[])[], tail: Buffer = Buffer.alloc(0)): string {
	const file = path.join(directory, `journal-${DEAD_PID}-0badc0de.log`);
	writeFileSync(file, Buffer.concat([...frames.map((records) => encodeFrame(records)), tail]));
	return file;
}

describe('frames', () => {
	test('round trip of odd strings, null user and metadata, and an empty frame', () => {
		const records = [event(1, {user: null, metadata: '{"k":"é\\u0000"}'}), event(2, {user: '山田太郎', type: 'log\nout'})];
		const bytes = Buffer.concat([encodeFrame(records), encodeFrame([]), encodeFrame([event(3)])]);
		const decoded = decodeFrames(bytes);
		expect(decoded.records).toEqual([...records, event(3)]);
		expect(decoded.validBytes).toBe(bytes.length);
	});

	test('a torn or damaged frame ends the journal: what comes before it is kept, nothing after', () => {
		const first = encodeFrame([event(1)]);
		const second = encodeFrame([event(2)]);
		const torn = Buffer.concat([first, second.subarray(0, second.length - 3)]);
		expect(decodeFrames(torn).records).toEqual([event(1)]);
		expect(decodeFrames(torn).validBytes).toBe(first.length);
		const flipped = Buffer.concat([first, second, encodeFrame([event(3)])]);
		flipped[first.length + 14] = flipped[first.length + 14]! ^ 0xff;
		expect(decodeFrames(flipped).records).toEqual([event(1)]);
		expect(decodeFrames(Buffer.alloc(0)).records).toEqual([]);
		expect(decodeFrames(Buffer.from([1, 2, 3])).records).toEqual([]);
		// A pre-written file: frames, then zeros.
		expect(decodeFrames(Buffer.concat([first, Buffer.alloc(4096)])).records).toEqual([event(1)]);
	});

	test('journal names', () => {
		expect(isJournalName('journal-123-abcdef012345.log')).toBe(true);
		expect(isJournalName('journal-123.log')).toBe(false);
		expect(isJournalName('events-2026-03.seg')).toBe(false);
	});
});

describe('recovery', () => {
	test("the next commit commits a dead writer's journal, each event once, and deletes it", async () => {
		const storePath = await tempStorePath();
		const store = await openStore(storePath);
		// Event 2 was committed before the crash; 3 and 4 only journalled; the last frame is torn.
		await store.commit({events: [event(1), event(2)]});
		const file = orphanJournal(storePath, [[event(2), event(3)], [event(4)]], encodeFrame([event(5)]).subarray(0, 10));
		expect(readOrphanJournals(storePath).records.map((record) => record.id)).toEqual([2, 3, 4]);
		await store.commit({events: [event(6)]});
		expect(existsSync(file)).toBe(false);
		expect([...store.events().id]).toEqual([1, 2, 3, 4, 6]);
		await store.close();
		const reopened = await openStore(storePath, {readOnly: true});
		expect([...reopened.events().id]).toEqual([1, 2, 3, 4, 6]);
		await reopened.close();
	});

	test('recoverJournals commits an orphan without any other change; a second call finds nothing', async () => {
		const storePath = await tempStorePath();
		const store = await openStore(storePath);
		await store.commit({events: [event(1)]});
		orphanJournal(storePath, [[event(7, {metadata: '{"n":7}'})]]);
		const result = await store.recoverJournals();
		expect(result.events.inserted).toBe(1);
		expect([...store.events().id]).toEqual([1, 7]);
		expect(readdirSync(storePath).filter(isJournalName)).toEqual([]);
		expect((await store.recoverJournals()).events.inserted).toBe(0);
		await store.close();
	});

	test("a live writer's journal is left alone, by another writer and by its own commits", async () => {
		const storePath = await tempStorePath();
		const store = await openStore(storePath);
		await store.commit({events: [event(1)]});
		const journal = new Journal(storePath);
		await journal.append([event(2)]);
		// The current file and the spare being prepared, both this live process's.
		const names = readdirSync(storePath).filter(isJournalName).sort();
		expect(names).toHaveLength(2);
		for (const name of names) expect(name).toMatch(new RegExp(`^journal-${process.pid}-`));
		await store.commit({events: [event(3)]});
		expect([...store.events().id]).toEqual([1, 3]);
		expect(readdirSync(storePath).filter(isJournalName).sort()).toEqual(names);
		// A file it moved on from stays its own (its events wait for the server's checkpoint)…
		const left = await journal.rotate();
		await store.commit({events: [event(4)]});
		expect([...store.events().id]).toEqual([1, 3, 4]);
		await journal.discard();
		expect(readdirSync(storePath).filter(isJournalName).map((name) => path.join(storePath, name))).toEqual([left]);
		// …and the same bytes under a dead process's name are an orphan.
		renameSync(left!, path.join(storePath, `journal-${DEAD_PID}-feedface.log`));
		await store.commit({events: [event(5)]});
		expect([...store.events().id]).toEqual([1, 2, 3, 4, 5]);
		expect(readdirSync(storePath).filter(isJournalName)).toEqual([]);
		await store.close();
	});

	test('a frame that does not fit starts the next (pre-written) file and hands back the one it left', async () => {
		const storePath = await tempStorePath();
		const store = await openStore(storePath);
		await store.commit({events: [event(1)]});
		const journal = new Journal(storePath, 150);
		expect(await journal.append([event(2)])).toBeUndefined();
		const left = await journal.append([event(3), event(4), event(5)]);
		expect(left).toMatch(/journal-\d+-[0-9a-f]+\.log$/);
		expect(decodeFrames(readFileSync(left!)).records.map((record) => record.id)).toEqual([2]);
		// The file left, the current one and the spare are all this process's: none is an orphan.
		expect(readOrphanJournals(storePath).files).toEqual([]);
		await journal.discard();
		expect(readdirSync(storePath).filter(isJournalName).map((name) => path.join(storePath, name))).toEqual([left]);
		await removeJournals(storePath, [left!]);
		expect(readdirSync(storePath).filter(isJournalName)).toEqual([]);
		await store.close();
	});

	test('appends go to one file, frame after frame; discard deletes it', async () => {
		const storePath = await tempStorePath();
		const store = await openStore(storePath);
		await store.commit({events: [event(1)]});
		const journal = new Journal(storePath);
		await journal.append([event(2)]);
		await journal.append([event(3), event(4)]);
		// One file holds the frames; the other is the spare, zeros only.
		const files = readdirSync(storePath).filter(isJournalName).map((name) => path.join(storePath, name));
		const written = files.filter((candidate) => decodeFrames(readFileSync(candidate)).records.length > 0);
		expect(written).toHaveLength(1);
		const file = written[0]!;
		expect(readFileSync(file).length).toBe(JOURNAL_FILE_BYTES);
		appendFileSync(file, Buffer.from([9, 9])); // bytes after the last acknowledged frame
		expect(readOrphanJournals(storePath).records).toEqual([]); // ours and open
		expect(decodeFrames(readFileSync(file)).records.map((record) => record.id)).toEqual([2, 3, 4]);
		await journal.discard();
		for (const candidate of files) expect(existsSync(candidate)).toBe(false);
		await store.close();
	});
});
