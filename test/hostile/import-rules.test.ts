/**
 * Issue 13, the importer points: timestamps through the importer (#3), duplicate ids with
 * different content (#4), one rule for bytes that are not UTF-8 and for NUL (#5), --strict reads
 * once (#7, #8), metadata nested 5,000 levels (#9), and unrecognisable input counted (#11).
 */
import {execFileSync} from 'node:child_process';
import {createWriteStream} from 'node:fs';
import {mkdtemp, readdir, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {Readable} from 'node:stream';
import {describe, expect, it} from 'vitest';
import type {EventRecord, SessionRecord} from '../../source/core/model.js';
import {formatIssue, importSources, type ImportOptions, type ImportSource, type SourceReport} from '../../source/data/importers/import.js';

async function run(sources: ImportSource[], options: Partial<ImportOptions> = {}) {
	const sessions: SessionRecord[] = [];
	const events: EventRecord[] = [];
	let batches = 0;
	const report = await importSources(sources, {
		naiveZone: 'UTC',
		async onBatch(batch) {
			batches++;
			sessions.push(...batch.sessions);
			events.push(...batch.events);
		},
		...options,
	});
	return {report, sessions, events, batches, source: report.sources[0] as SourceReport};
}

function bytesSource(bytes: Buffer | string, name = 'input', size = 1 << 20): ImportSource {
	const buffer = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
	const chunks: Buffer[] = [];
	for (let at = 0; at < buffer.length; at += size) chunks.push(buffer.subarray(at, at + size));
	return {kind: 'stream', name, stream: Readable.from(chunks)};
}

const issues = (report: SourceReport) => report.issues.map((issue) => formatIssue(issue));
const warnings = (report: SourceReport) => report.warnings.map((issue) => formatIssue(issue));
const location = (id: number, host: string, begin = '2026-01-05T10:00:00Z', end: string | null = '2026-01-05T11:00:00Z') =>
	JSON.stringify({id, begin_at: begin, end_at: end, host, campus_id: 1, user: {id: 7, login: 'alice'}});
const event = (line: Record<string, unknown>) => JSON.stringify({user_id: 'alice', event_type: 'login', timestamp: '2026-01-05T10:00:00Z', ...line});

async function tempDirectory(): Promise<string> {
	return mkdtemp(path.join(os.tmpdir(), 'bigstat42-hostile-'));
}

describe('#3 timestamps through the importer', () => {
	it('stores 24:00 as the next midnight and refuses impossible offsets with the record position', async () => {
		const text = `[${location(1, 'a', '2026-01-01T24:00:00Z', null)},${location(2, 'b', '2016-12-31T23:59:60Z', null)},${location(3, 'c', '2026-01-01T10:00:00+24:00')},${location(4, 'd', '2026-01-01T24:30:00+01:00')}]`;
		const {source, sessions} = await run([bytesSource(text)]);
		expect(sessions.map((s) => [s.id, new Date(s.begin).toISOString()])).toEqual([
			[1, '2026-01-02T00:00:00.000Z'],
			[2, '2016-12-31T23:59:59.999Z'],
		]);
		expect(issues(source)).toEqual([
			'record 3 (line 1): begin_at "2026-01-01T10:00:00+24:00" is not a valid ISO-8601 timestamp',
			'record 4 (line 1): begin_at "2026-01-01T24:30:00+01:00" is not a valid ISO-8601 timestamp',
		]);
	});
});

describe('#4 duplicate ids with different content', () => {
	it('warns with both record numbers and keeps the last; identical repeats are silent', async () => {
		const text = `[\n${location(10, 'c1r1s1')},\n${location(11, 'c1r1s2')},\n${location(10, 'c9r9s9')},\n${location(11, 'c1r1s2')}\n]`;
		const {source, sessions} = await run([bytesSource(text, 'pages.json')]);
		expect(source).toMatchObject({records: 4, sessions: 4, bad: 0, duplicates: 1});
		expect(warnings(source)).toEqual(['record 3 (line 4): id 10 repeats record 1 (line 2) with different content; the later one (this one) is kept']);
		expect(sessions.filter((s) => s.id === 10).at(-1)?.host).toBe('c9r9s9');
	});

	it('numbers NDJSON and CSV duplicates by line, and bigstat42 sessions by their derived id', async () => {
		const ndjson = [event({id: 5}), event({id: 6}), '', event({id: 5, event_type: 'logout'})].join('\n');
		const {source: nd} = await run([bytesSource(ndjson)]);
		expect(warnings(nd)).toEqual(['line 4: id 5 repeats line 1 with different content; the later one (this one) is kept']);

		const csv = 'id,user_id,event_type,timestamp\n5,alice,login,2026-01-05T10:00:00Z\n5,bob,login,2026-01-05T10:00:00Z\n';
		const {source: csvReport} = await run([bytesSource(csv)]);
		expect(warnings(csvReport)).toEqual(['line 3: id 5 repeats line 2 with different content; the later one (this one) is kept']);

		const bigstat = JSON.stringify({sessions: [{host: 'h', startTime: 1_700_000_000_000, endTime: 1_700_000_360_000}, {host: 'h', startTime: 1_700_000_000_000, endTime: 1_700_000_720_000}]});
		const {source: big} = await run([bytesSource(bigstat)]);
		expect(big.duplicates).toBe(1);
		expect(warnings(big)[0]).toMatch(/^record 2 \(line 1\): id -\d+ repeats record 1 \(line 1\) with different content/);
	});
});

describe('#5 one rule for bytes that are not UTF-8 and for NUL', () => {
	const latin1 = Buffer.from([0x63, 0x61, 0x66, 0xe9]); // "café" in Latin-1

	it('reports a Latin-1 byte as a bad record in every format, never storing U+FFFD', async () => {
		const json = Buffer.concat([Buffer.from(`[${location(1, 'ok')},\n{"id":2,"begin_at":"2026-01-05T10:00:00Z","host":"`), latin1, Buffer.from(`"},\n${location(3, 'ok2')}]`)]);
		const {source, sessions} = await run([bytesSource(json)]);
		expect(sessions.map((s) => s.id)).toEqual([1, 3]);
		expect(issues(source)).toEqual(['record 2 (line 2): is not valid UTF-8 (an invalid byte at character 54 of the record: Latin-1 or binary data?)']);

		const ndjson = Buffer.concat([Buffer.from(`${event({})}\n{"user_id":"`), latin1, Buffer.from(`","event_type":"x","timestamp":"2026-01-05T10:00:00Z"}\n${event({event_type: 'logout'})}\n`)]);
		const {source: nd, events} = await run([bytesSource(ndjson, 'x', 7)]);
		expect(events.map((e) => e.type)).toEqual(['login', 'logout']);
		expect(issues(nd)).toEqual(['line 2: is not valid UTF-8 (an invalid byte at character 16 of the record: Latin-1 or binary data?)']);

		const csv = Buffer.concat([Buffer.from('user_id,event_type,timestamp\nalice,login,2026-01-05T10:00:00Z\n'), latin1, Buffer.from(',login,2026-01-05T10:00:00Z\n')]);
		const {source: csvReport, events: csvEvents} = await run([bytesSource(csv)]);
		expect(csvEvents).toHaveLength(1);
		expect(issues(csvReport)).toEqual(['line 3: is not valid UTF-8 (an invalid byte at character 4 of the record: Latin-1 or binary data?)']);
		for (const record of [...sessions, ...events, ...csvEvents]) expect(JSON.stringify(record)).not.toContain('\uFFFD');
	});

	it('keeps a real U+FFFD and astral characters, and a character split across chunks', async () => {
		const text = `${event({user_id: 'zoë\uFFFD😀'})}\n`;
		const {events, source} = await run([bytesSource(text, 'x', 1)]);
		expect(source.bad).toBe(0);
		expect(events[0]?.user).toBe('zoë\uFFFD😀');
	});

	it('a truncated multi-byte character at the very end is invalid too', async () => {
		const bytes = Buffer.concat([Buffer.from(`${event({})}\n{"user_id":"a","event_type":"x","timestamp":"2026-01-05T10:00:00Z","metadata":"`), Buffer.from([0xe2, 0x82])]);
		const {source} = await run([bytesSource(bytes)]);
		expect(issues(source)).toEqual(['line 2: is not valid UTF-8 (an invalid byte at character 80 of the record: Latin-1 or binary data?)']);
	});

	it('a NUL, raw or escaped, makes the record bad with the same reason in JSON, NDJSON and CSV', async () => {
		const reason = 'contains a NUL character (U+0000)';
		// JSON.stringify writes a NUL as the escape \u0000; the raw byte is put in by hand.
		const json = `[${location(1, 'ok')},${location(2, 'c1\u0000r1')},${location(3, 'c1Xr1').replace('X', '\u0000')}]`;
		const {source, sessions} = await run([bytesSource(json)]);
		expect(sessions.map((s) => s.id)).toEqual([1]);
		expect(issues(source)).toEqual([`record 2 (line 1): ${reason}`, `record 3 (line 1): ${reason}`]);

		const ndjson = [event({}), event({metadata: {note: 'a\u0000b'}}), event({user_id: 'xX'}).replace('X', '\u0000'), event({metadata: {'k\u0000': 1}}), event({metadata: {note: 'a\\u0000 is text'}})].join('\n');
		const {source: nd, events} = await run([bytesSource(ndjson)]);
		// The last line holds a backslash followed by "u0000": text, not a NUL.
		expect(events.map((e) => e.metadata)).toEqual([null, '{"note":"a\\\\u0000 is text"}']);
		expect(issues(nd)).toEqual([`line 2: ${reason}`, `line 3: ${reason}`, `line 4: ${reason}`]);

		const csv = 'user_id,event_type,timestamp\nalice,login,2026-01-05T10:00:00Z\nbo\u0000b,login,2026-01-05T10:00:00Z\n';
		const {source: csvReport} = await run([bytesSource(csv)]);
		expect(issues(csvReport)).toEqual([`line 3: ${reason}`]);
	});
});

describe('#9 deeply nested metadata', () => {
	it('5,000 levels: one bad record with its position, the rest of the file imported', async () => {
		const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
		const lines = [event({}), `{"user_id":"a","event_type":"x","timestamp":"2026-01-05T10:00:00Z","metadata":${deep}}`, event({event_type: 'logout'}), event({event_type: 'view'})];
		const {source, events} = await run([bytesSource(lines.join('\n'))]);
		expect(source.error).toBeNull();
		expect(events.map((e) => e.type)).toEqual(['login', 'logout', 'view']);
		expect(issues(source)).toEqual(['line 2: metadata is nested deeper than 64 levels (arrays and objects within each other)']);

		const array = `[${event({})},${lines[1]},${event({event_type: 'logout'})}]`;
		const {source: arrayReport, events: arrayEvents} = await run([bytesSource(array)]);
		expect(arrayEvents).toHaveLength(2);
		expect(issues(arrayReport)).toEqual(['record 2 (line 1): metadata is nested deeper than 64 levels (arrays and objects within each other)']);
	});

	it('64 levels are kept', async () => {
		const ok = `${'['.repeat(64)}${']'.repeat(64)}`;
		const {events, source} = await run([bytesSource(`{"user_id":"a","event_type":"x","timestamp":"2026-01-05T10:00:00Z","metadata":${ok}}\n`)]);
		expect(source.bad).toBe(0);
		expect(events[0]?.metadata).toBe(ok);
	});
});

describe('#11 unrecognisable input', () => {
	it('says how many records it skipped after giving up at 1,000', async () => {
		const records = Array.from({length: 2500}, (_, i) => JSON.stringify({foo: i}));
		const {source, sessions, events} = await run([bytesSource(`[${records.join(',\n')}]`)]);
		expect(sessions.length + events.length).toBe(0);
		expect(source).toMatchObject({records: 2500, skipped: 2500});
		expect(source.error).toMatch(/^not a recognised format: none of the first 1000 records looks like a 42 location, a bigstat42 session or an event; the input was read to its end and all 2500 records were skipped/);
	});
});

describe('#7 #8 --strict reads each input once', () => {
	it('imports everything from a FIFO (no hang) and from a pipe stream', async () => {
		const dir = await tempDirectory();
		const fifo = path.join(dir, 'fifo');
		execFileSync('mkfifo', [fifo]);
		const text = [event({}), event({event_type: 'logout'}), event({event_type: 'view'})].join('\n');
		const writer = new Promise<void>((resolve, reject) => {
			const stream = createWriteStream(fifo);
			stream.on('error', reject);
			stream.end(text, () => resolve());
		});
		let timer: NodeJS.Timeout | undefined;
		const hung = new Promise<never>((_, reject) => {
			timer = setTimeout(() => reject(new Error('import --strict on a FIFO hung (read twice)')), 15_000);
		});
		const result = await Promise.race([run([{kind: 'file', path: fifo, name: 'fifo'}], {strict: true}), hung]);
		clearTimeout(timer);
		await writer;
		expect(result.report.committed).toBe(true);
		expect(result.events.map((e) => e.type)).toEqual(['login', 'logout', 'view']);

		const piped = await run([bytesSource(text, '(stdin)', 10)], {strict: true});
		expect(piped.events).toHaveLength(3);
	});

	it('commits exactly what it validated when the file changes during the commit', async () => {
		const dir = await tempDirectory();
		const file = path.join(dir, 'events.ndjson');
		const original = Array.from({length: 60_000}, (_, i) => event({id: i + 1, user_id: `u${i}`})).join('\n');
		await writeFile(file, original);
		let rewritten = false;
		const sessions: SessionRecord[] = [];
		const events: EventRecord[] = [];
		const report = await importSources([{kind: 'file', path: file, name: 'events.ndjson'}], {
			naiveZone: 'UTC',
			strict: true,
			batchSize: 1000,
			spoolDirectory: dir,
			async onBatch(batch) {
				if (!rewritten) {
					rewritten = true;
					// Someone rewrites the file after validation: other users, and a garbage tail.
					await writeFile(file, `${Array.from({length: 60_000}, (_, i) => event({id: i + 1, user_id: `changed${i}`})).join('\n')}\nnot json\n`);
				}

				sessions.push(...batch.sessions);
				events.push(...batch.events);
			},
		});
		expect(rewritten).toBe(true);
		expect(report.committed).toBe(true);
		expect(report.totals.bad).toBe(0);
		expect(events).toHaveLength(60_000);
		expect(events.every((e, i) => e.user === `u${i}`)).toBe(true);
		// The private copy is gone.
		expect((await readdir(dir)).filter((name) => name.startsWith('bigstat42-strict-'))).toEqual([]);
	});

	it('a bad record in a FIFO writes nothing', async () => {
		const dir = await tempDirectory();
		const fifo = path.join(dir, 'fifo');
		execFileSync('mkfifo', [fifo]);
		const writer = new Promise<void>((resolve) => createWriteStream(fifo).end(`${event({})}\nnot json\n`, () => resolve()));
		const result = await run([{kind: 'file', path: fifo, name: 'fifo'}], {strict: true});
		await writer;
		expect(result.report.committed).toBe(false);
		expect(result.batches).toBe(0);
		expect(issues(result.source)).toEqual([expect.stringMatching(/^line 2: not valid JSON/)]);
	});
});
