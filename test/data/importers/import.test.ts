import {Readable} from 'node:stream';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {stableId} from '../../../source/core/ids.js';
import type {EventRecord, SessionRecord} from '../../../source/core/model.js';
import {
	formatIssue,
	importSources,
	type ImportBatch,
	type ImportOptions,
	type ImportSource,
	type SourceReport,
} from '../../../source/data/importers/import.js';
import {FakeStore} from './fake-store.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../../fixtures/import/${name}`, import.meta.url));
const apiPage = fileURLToPath(new URL('../../fixtures/42api/locations_page.json', import.meta.url));

type Collected = {sessions: SessionRecord[]; events: EventRecord[]; batches: ImportBatch[]};

/** Imports sources and collects every batch. */
async function run(sources: ImportSource[], options: Partial<ImportOptions> = {}) {
	const collected: Collected = {sessions: [], events: [], batches: []};
	const report = await importSources(sources, {
		naiveZone: 'UTC',
		async onBatch(batch) {
			collected.batches.push(batch);
			collected.sessions.push(...batch.sessions);
			collected.events.push(...batch.events);
		},
		...options,
	});
	return {report, ...collected, source: report.sources[0] as SourceReport};
}

const file = (name: string): ImportSource => ({kind: 'file', path: fixture(name), name});

/** A stream source from text, cut into chunks of `size` bytes (multi-byte characters may be split). */
function textSource(text: string, size = 1 << 20, name = 'text'): ImportSource {
	const bytes = Buffer.from(text, 'utf8');
	const chunks: Buffer[] = [];
	for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
	return {kind: 'stream', name, stream: Readable.from(chunks)};
}

const issueTexts = (report: SourceReport): string[] => report.issues.map((issue) => formatIssue(issue));

describe('42 API locations', () => {
	it('imports the real-shaped API page (full user summaries, one open session)', async () => {
		const {source, sessions} = await run([{kind: 'file', path: apiPage, name: 'locations_page.json'}]);
		expect(source.format).toBe('locations-json');
		expect(source.formatLabel).toBe('42 API locations');
		expect(source).toMatchObject({records: 10, sessions: 10, bad: 0, error: null});
		const open = sessions.find((session) => session.id === 240_000_317);
		expect(open).toEqual({
			id: 240_000_317,
			userId: 190_101,
			login: 'tlovelace',
			host: 'c1r2s3',
			begin: Date.parse('2025-03-14T09:41:07.000Z'),
			end: null,
			campusId: 4077,
		});
		expect(sessions.filter((session) => session.end === null)).toHaveLength(1);
		expect(new Set(sessions.map((session) => session.host))).toContain('lab-kiosk2');
	});

	it('reads concatenated pages ([...][...] and [...]\\n[...]) and an empty page', async () => {
		const {source, sessions} = await run([file('locations-pages.json')]);
		expect(source).toMatchObject({records: 4, sessions: 4, bad: 0, inputIssues: 0});
		expect(sessions.map((session) => session.id)).toEqual([1, 2, 3, 4]);
	});

	it('accepts mixed offsets and naive timestamps, reports each bad record with its position', async () => {
		const {source, sessions} = await run([file('locations-messy.json')]);
		expect(source).toMatchObject({records: 13, sessions: 6, bad: 7});
		const byId = new Map(sessions.map((session) => [session.id, session]));
		expect(byId.get(101)).toMatchObject({userId: 1, login: 'alpha', campusId: 4077});
		// "+01:00" and "Z" in one record; host trimmed; user null.
		expect(byId.get(102)).toMatchObject({host: 'c1r1s2', begin: Date.parse('2025-03-14T09:00:00Z'), userId: null, login: null});
		// Naive begin read in UTC; a missing end_at key means open.
		expect(byId.get(103)).toMatchObject({begin: Date.parse('2025-03-14T09:00:00Z'), end: null, login: 'bravo'});
		// "-0500" and the webhook form "… UTC".
		expect(byId.get(107)).toMatchObject({begin: Date.parse('2025-03-14T14:00:00Z'), end: Date.parse('2025-03-14T15:00:00Z')});
		// An end before the begin is kept, as sync keeps it: the statistics report it as `negative`.
		expect(byId.get(108)).toMatchObject({begin: Date.parse('2025-03-14T09:00:00Z'), end: Date.parse('2025-03-14T08:00:00Z')});
		// Zero-length sessions are kept (0 s), fractional seconds honoured.
		expect(byId.get(112)).toMatchObject({begin: Date.parse('2025-03-14T03:30:00.500Z'), end: Date.parse('2025-03-14T03:30:00.500Z')});
		expect(issueTexts(source)).toEqual([
			'record 4 (line 6): begin_at "2025-13-01T00:00Z" is not a valid ISO-8601 timestamp',
			'record 5 (line 7): id "105" is not a positive integer',
			'record 6 (line 8): host must be a string, got a number 42',
			'record 9 (line 11): begin_at is missing',
			'record 10 (line 12): expected a JSON object, got a number',
			'record 11 (line 13): user must be an object or null, got a string',
			'record 12 (line 14): campus_id "4077" is not an integer',
		]);
		expect(source.issues[0]).toEqual({
			source: 'locations-messy.json',
			index: 4,
			line: 6,
			reason: 'begin_at "2025-13-01T00:00Z" is not a valid ISO-8601 timestamp',
		});
	});

	it('reads naive timestamps in the given zone', async () => {
		const {sessions} = await run([file('locations-messy.json')], {naiveZone: 'Europe/Paris'});
		const session = sessions.find((candidate) => candidate.id === 103);
		expect(session?.begin).toBe(Date.parse('2025-03-14T08:00:00Z'));
		// Timestamps with an offset are unaffected.
		expect(sessions.find((candidate) => candidate.id === 101)?.begin).toBe(Date.parse('2025-03-14T08:00:00Z'));
	});

	it('accepts a dataset where every session is open', async () => {
		const {source, sessions} = await run([file('locations-all-open.json')]);
		expect(source).toMatchObject({sessions: 3, bad: 0});
		expect(sessions.every((session) => session.end === null)).toBe(true);
	});

	it('keeps the records before a truncation and reports the break', async () => {
		const {source, sessions} = await run([file('locations-truncated.json')]);
		expect(sessions.map((session) => session.id)).toEqual([21, 22]);
		expect(source).toMatchObject({records: 2, bad: 0, inputIssues: 1, error: null});
		expect(issueTexts(source)).toEqual(['line 3: truncated JSON: the input ends inside a record starting on line 3']);
	});

	it('reports an array that is never closed but keeps its records', async () => {
		const {source, sessions} = await run([textSource('[{"id": 1, "begin_at": "2025-03-14T08:00:00Z", "host": "a"},\n')]);
		expect(sessions).toHaveLength(1);
		expect(issueTexts(source)).toEqual(['line 2: truncated JSON: the array opened on line 1 is never closed']);
	});

	it('skips a BOM and CRLF line ends', async () => {
		const {source, sessions} = await run([file('locations-bom.json')]);
		expect(source).toMatchObject({format: 'locations-json', sessions: 1, bad: 0, inputIssues: 0});
		expect(sessions[0]?.host).toBe('bom');
	});

	it('survives garbage between records, strings holding brackets and escaped quotes', async () => {
		const text = String.raw`[{"id": 1, "begin_at": "2025-03-14T08:00:00Z", "host": "a]}\"[{", "user": {"id": 2, "login": "x\\"}},
			nonsense, } {"id": 2, "begin_at": "2025-03-14T08:00:00Z", "host": "b"}, [1, 2], "text", null, {"id": 3, "begin_at": "2025-03-14T08:00:00Z", "host": "c"}]`;
		const {source, sessions} = await run([textSource(text)]);
		expect(sessions.map((session) => [session.id, session.host])).toEqual([
			[1, 'a]}"[{'],
			[2, 'b'],
			[3, 'c'],
		]);
		expect(sessions[0]?.login).toBe('x\\');
		expect(source.bad).toBe(5);
		expect(source.issues[0]?.reason).toMatch(/^not valid JSON/);
	});

	it('stops at trailing garbage after the last array, keeping what came before', async () => {
		const {source, sessions} = await run([textSource('[{"id": 1, "begin_at": "2025-03-14T08:00:00Z", "host": "a"}]\nxyz [1]')]);
		expect(sessions).toHaveLength(1);
		expect(issueTexts(source)).toEqual(['line 2: unexpected "x" on line 2 after a JSON array; the rest of the input was ignored']);
	});
});

describe('bigstat42 sessions', () => {
	it('imports {"sessions": [...]} with stable ids and rejects endTime 0, floats and strings', async () => {
		const {source, sessions} = await run([file('sessions.json')]);
		expect(source).toMatchObject({format: 'bigstat42-sessions-sessions-object', formatLabel: 'bigstat42 sessions', records: 9, sessions: 4, bad: 5});
		expect(sessions[0]).toEqual({
			id: stableId('bigstat42:e1r2p3:1738488000000'),
			userId: null,
			login: null,
			host: 'e1r2p3',
			begin: 1_738_488_000_000,
			end: 1_738_495_200_000,
			campusId: null,
		});
		// endTime null and a missing endTime are both open; end == start is a zero-length session, not open.
		expect(sessions.slice(1).map((session) => [session.host, session.end])).toEqual([
			['e1r2p4', null],
			['e1r2p5', null],
			['e1r2p9', 1_738_488_000_000],
		]);
		expect(issueTexts(source)).toEqual([
			'record 4 (line 8): endTime 0 is not a valid time (an open session has endTime null)',
			'record 5 (line 9): endTime 1738495200000.5 is not an epoch-milliseconds integer (an open session has endTime null)',
			'record 6 (line 10): endTime "1738495200000" is not an epoch-milliseconds integer (an open session has endTime null)',
			'record 7 (line 11): startTime "1738488000000" is not an epoch-milliseconds integer',
			'record 8 (line 12): host is missing',
		]);
	});

	it('reads a one-line sessions object and reports a missing sessions array', async () => {
		const one = await run([textSource('{"sessions":[{"host":"a","startTime":5,"endTime":9}]}')]);
		expect(one.sessions).toHaveLength(1);
		const nested = await run([textSource('{\n"meta": {"sessions": [1]}\n}')]);
		expect(nested.sessions).toHaveLength(0);
		expect(issueTexts(nested.source)).toEqual(['line 3: no "sessions" array found in the JSON object']);
		const notArray = await run([textSource('{"other": [1], "sessions": null}')]);
		expect(notArray.source.error).toMatch(/^not a recognised format/);
	});
});

describe('events', () => {
	it('reads NDJSON with CRLF, blank and garbage lines; duplicate lines stay distinct', async () => {
		const {source, events} = await run([file('events.ndjson')]);
		expect(source).toMatchObject({format: 'events-ndjson', formatLabel: 'events (NDJSON)', records: 9, events: 5, bad: 4});
		expect(issueTexts(source)).toEqual([
			'line 6: not valid JSON (Unexpected token \'h\', "this is not json" is not valid JSON)',
			'line 7: user_id must be a string or a number, got an object',
			'line 9: timestamp "yesterday" is not a valid ISO-8601 timestamp',
			'line 10: timestamp is missing',
		]);
		const bobs = events.filter((event) => event.user === 'bob');
		expect(bobs).toHaveLength(2);
		expect(bobs[0]?.id).not.toBe(bobs[1]?.id);
		expect(bobs[0]).toMatchObject({type: 'view', time: Date.parse('2025-09-23T07:02:00Z'), metadata: null});
		// Numbers become their decimal string; a positive source id is kept; metadata is compact JSON.
		expect(events.find((event) => event.type === 'search')?.user).toBe('7');
		expect(events.find((event) => event.id === 555)).toEqual({
			id: 555,
			user: 'eve',
			type: 'logout',
			time: Date.parse('2025-09-23T09:05:00Z'),
			metadata: '{"b":2,"a":[1,"x"]}',
		});
		expect(events.every((event) => event.id === 555 || event.id < 0)).toBe(true);
	});

	it('reads CSV with quotes, commas, CRLF and newlines inside quoted fields', async () => {
		const {source, events} = await run([file('events.csv')]);
		expect(source).toMatchObject({format: 'events-csv', formatLabel: 'events (CSV)', records: 7, events: 5, bad: 2});
		expect(events.map((event) => [event.user, event.type, event.metadata])).toEqual([
			['alice', 'page_view', '{"page":"/home","tags":["a","b"]}'],
			['bob, jr', 'click', '"plain text note"'],
			['carl', 'comment', JSON.stringify('line one\r\nline two, with "quotes"')],
			['dan', 'login', null],
			[null, 'anonymous', null],
		]);
		expect(events[0]?.time).toBe(Date.parse('2026-02-01T23:51:34Z'));
		expect(events[2]?.time).toBe(Date.parse('2026-02-01T22:53:00Z'));
		expect(issueTexts(source)).toEqual([
			'line 8: has 3 fields, the header has 4',
			'line 9: timestamp "not-a-date" is not a valid ISO-8601 timestamp',
		]);
	});

	it('reads the Mini Analytics JSON array; Z and +00:00 spellings are one instant', async () => {
		const {source, events} = await run([file('events-mini.json')]);
		expect(source).toMatchObject({format: 'events-json', events: 4, bad: 3});
		expect(events[0]?.time).toBe(events[1]?.time);
		// Two identical records keep both, with different ids.
		const alices = events.filter((event) => event.user === 'alice');
		expect(alices).toHaveLength(2);
		expect(new Set(alices.map((event) => event.id)).size).toBe(2);
		expect(events.find((event) => event.user === 'charlie')?.time).toBe(Date.parse('2025-09-24T01:30:00Z'));
	});

	it('gives the same ids to the same events read from CSV, NDJSON or JSON', async () => {
		const ndjson = '{"user_id":"u","event_type":"t","timestamp":"2026-01-01T00:00:00Z","metadata":{"a":1}}\n';
		const csv = 'user_id,event_type,timestamp,metadata\nu,t,2026-01-01T00:00:00.000Z,"{""a"": 1}"\n';
		const json = `[${ndjson}]`;
		const ids = await Promise.all([ndjson, csv, json].map(async (text) => (await run([textSource(text)])).events[0]?.id));
		expect(new Set(ids).size).toBe(1);
	});
});

describe('unusual inputs', () => {
	it('treats an empty file as nothing to import, not an error', async () => {
		const {source} = await run([file('empty.json')]);
		expect(source).toMatchObject({format: null, formatLabel: 'empty', records: 0, error: null});
		const blank = await run([textSource('\uFEFF \r\n\n')]);
		expect(blank.source).toMatchObject({formatLabel: 'empty', error: null});
	});

	it('names the accepted formats for binary garbage and unknown text', async () => {
		for (const name of ['garbage.bin', 'unknown.txt']) {
			const {source} = await run([file(name)]);
			expect(source.error).toMatch(/^not a recognised format: .*accepted: 42 API locations/);
			expect(source.records).toBe(0);
		}
	});

	it('reports JSON without recognisable records as unrecognised', async () => {
		const {source} = await run([textSource('[1, 2, {"foo": 3}]')]);
		expect(source.error).toMatch(/^not a recognised format: none of its 3 records looks like .*; all were skipped/);
	});

	it('reports unreadable files by name and goes on with the next source', async () => {
		const {report} = await run([
			{kind: 'file', path: fixture('does-not-exist.json'), name: 'does-not-exist.json'},
			{kind: 'file', path: fixture(''), name: 'a-directory'},
			file('locations-all-open.json'),
		]);
		expect(report.sources.map((source) => source.error)).toEqual([
			'cannot read: no such file or directory (ENOENT)',
			'cannot read: is a directory (EISDIR)',
			null,
		]);
		expect(report.totals).toMatchObject({failedSources: 2, sessions: 3});
	});

	it('gives the same result whatever the chunk boundaries (even inside UTF-8 characters)', async () => {
		const text =
			'\uFEFF[{"id": 1, "begin_at": "2025-03-14T08:00:00Z", "host": "café-é1", "user": {"id": 9, "login": "zoë"}},\n' +
			'{"id": 2, "begin_at": "bad", "host": "b"}, {"id": 3, "begin_at": "2025-03-14T08:00:00Z", "host": "日本"}]';
		const whole = await run([textSource(text)]);
		for (const size of [1, 2, 3, 7]) {
			const pieces = await run([textSource(text, size)]);
			expect(pieces.sessions).toEqual(whole.sessions);
			expect(pieces.source.issues).toEqual(whole.source.issues);
		}

		expect(whole.sessions.map((session) => session.host)).toEqual(['café-é1', '日本']);
		const csv = 'user_id,event_type,timestamp\r\n"a ""q"", b",x,2026-01-01T00:00:00Z\r\nc,y,2026-01-01T00:00:00Z';
		const csvWhole = await run([textSource(csv)]);
		expect((await run([textSource(csv, 1)])).events).toEqual(csvWhole.events);
		expect(csvWhole.events.map((event) => event.user)).toEqual(['a "q", b', 'c']);
	});
});

describe('batches, strict mode and idempotence', () => {
	it('streams 200k generated records in bounded batches', async () => {
		const total = 200_000;
		// A generator: the input never exists as one string.
		async function* generate(): AsyncGenerator<Buffer> {
			yield Buffer.from('[');
			for (let start = 0; start < total; start += 5000) {
				const parts: string[] = [];
				for (let i = start; i < start + 5000; i++) {
					const begin = new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString();
					const end = i % 10 === 0 ? 'null' : `"${new Date(Date.UTC(2025, 0, 1) + i * 60_000 + 3_600_000).toISOString()}"`;
					parts.push(`${i === 0 ? '' : ','}{"id":${i + 1},"begin_at":"${begin}","end_at":${end},"host":"c${i % 300}","campus_id":1,"user":{"id":${(i % 5000) + 1},"login":"u${i % 5000}"}}\n`);
				}

				yield Buffer.from(parts.join(''));
			}

			yield Buffer.from(']');
		}

		let received = 0;
		let largest = 0;
		let batches = 0;
		const report = await importSources([{kind: 'stream', name: 'generated', stream: generate()}], {
			naiveZone: 'UTC',
			async onBatch(batch) {
				batches++;
				received += batch.sessions.length;
				largest = Math.max(largest, batch.sessions.length);
			},
		});
		expect(report.totals).toMatchObject({records: total, sessions: total, bad: 0});
		expect(received).toBe(total);
		expect(largest).toBe(10_000);
		expect(batches).toBe(20);
	});

	it('--strict hands nothing over when any record is bad', async () => {
		const store = new FakeStore();
		const report = await importSources([file('locations-all-open.json'), file('locations-messy.json')], {
			naiveZone: 'UTC',
			strict: true,
			onBatch: async (batch) => store.commit(batch),
		});
		expect(report.committed).toBe(false);
		expect(store.commits).toBe(0);
		expect(report.totals).toMatchObject({sessions: 9, bad: 7});
	});

	it('--strict hands nothing over when a file is unreadable or truncated', async () => {
		for (const name of ['does-not-exist.json', 'locations-truncated.json']) {
			const store = new FakeStore();
			const report = await importSources([file('locations-all-open.json'), file(name)], {
				naiveZone: 'UTC',
				strict: true,
				onBatch: async (batch) => store.commit(batch),
			});
			expect(report.committed).toBe(false);
			expect(store.commits).toBe(0);
		}
	});

	it('--strict imports everything when everything is good (files read twice, stdin kept in memory)', async () => {
		const store = new FakeStore();
		const report = await importSources(
			[file('locations-all-open.json'), textSource('{"sessions":[{"host":"a","startTime":5,"endTime":9}]}', 4, '-')],
			{naiveZone: 'UTC', strict: true, batchSize: 2, onBatch: async (batch) => store.commit(batch)},
		);
		expect(report.committed).toBe(true);
		expect(store.sessions.size).toBe(4);
		expect(store.largestBatch).toBe(2);
		expect(report.sources.map((source) => source.written.sessions.inserted)).toEqual([3, 1]);
	});

	it('re-importing the same files changes nothing', async () => {
		const store = new FakeStore();
		const sources = [file('locations-messy.json'), file('events.ndjson'), file('events.csv'), file('sessions.json')];
		const options = {naiveZone: 'UTC', onBatch: async (batch: ImportBatch) => store.commit(batch)};
		const first = await importSources(sources, options);
		const sizes = [store.sessions.size, store.events.size];
		const second = await importSources(sources, options);
		expect([store.sessions.size, store.events.size]).toEqual(sizes);
		expect(first.totals.written.sessions).toEqual({inserted: 10, updated: 0, unchanged: 0});
		expect(first.totals.written.events).toEqual({inserted: 10, updated: 0, unchanged: 0});
		expect(second.totals.written.sessions).toEqual({inserted: 0, updated: 0, unchanged: 10});
		expect(second.totals.written.events).toEqual({inserted: 0, updated: 0, unchanged: 10});
	});

	it('a batch the store refuses stops the import: tried once, never reported as a read error', async () => {
		for (const batchSize of [2, 10_000]) {
			let calls = 0;
			const refused = new Error('store /s is locked by process 1');
			const importing = importSources([file('locations-all-open.json')], {
				naiveZone: 'UTC',
				batchSize,
				async onBatch() {
					calls++;
					throw refused;
				},
			});
			// eslint-disable-next-line no-await-in-loop
			await expect(importing).rejects.toBe(refused);
			expect(calls).toBe(1);
		}
	});

	it('rejects an unknown naive zone', async () => {
		await expect(run([file('empty.json')], {naiveZone: 'Mars/Olympus'})).rejects.toThrow(/unknown time zone/);
	});
});

describe('detection', () => {
	it('reads NDJSON whose first line is longer than the detection window', async () => {
		const long = `{"user_id":"a","event_type":"x","timestamp":"2026-01-01T00:00:00Z","metadata":{"pad":"${'p'.repeat(70_000)}"}}`;
		const {source, events} = await run([textSource(`${long}\n${long.replace('"a"', '"b"')}\n`)]);
		expect(source.format).toBe('events-ndjson');
		expect(events.map((event) => event.user)).toEqual(['a', 'b']);
	});
});
