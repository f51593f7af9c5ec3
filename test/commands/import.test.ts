import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {PassThrough, Readable} from 'node:stream';
import {fileURLToPath} from 'node:url';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {importCommand, runImport} from '../../source/commands/import.js';
import {UsageError, type CommandContext} from '../../source/commands/types.js';
import {FakeStore} from '../data/importers/fake-store.js';

const fixtures = fileURLToPath(new URL('../fixtures/import/', import.meta.url));
const apiFixtures = fileURLToPath(new URL('../fixtures/42api/', import.meta.url));

function collect(stream: PassThrough): () => string {
	let text = '';
	stream.on('data', (chunk: Buffer) => {
		text += chunk.toString('utf8');
	});
	return () => text;
}

function context(argv: string[], stdinText = '', cwd = fixtures) {
	const stdout = new PassThrough();
	const stderr = new PassThrough();
	const out = collect(stdout);
	const err = collect(stderr);
	const value: CommandContext = {
		argv,
		env: {HOME: '/nonexistent-home'},
		stdin: Readable.from([Buffer.from(stdinText)]),
		stdout,
		stderr,
		stdinIsTTY: false,
		stdoutIsTTY: false,
		stderrIsTTY: false,
		clock: () => Date.parse('2026-03-01T00:00:00Z'),
		cwd,
	};
	return {value, out, err};
}

async function runWith(store: FakeStore, argv: string[], stdinText = '', options: {batchSize?: number} = {}) {
	const ctx = context(argv, stdinText);
	const code = await runImport(ctx.value, {openStore: store.open, ...options});
	return {code, stdout: ctx.out(), stderr: ctx.err()};
}

describe('bigstat42 import', () => {
	it('imports the API page and says what it did, then finds everything unchanged', async () => {
		const store = new FakeStore();
		const page = path.join(apiFixtures, 'locations_page.json');
		const first = await runWith(store, [page, '--db', '/tmp/x']);
		expect(first.code).toBe(0);
		expect(first.stderr).toContain(`${page}: 42 API locations, 10 records → 10 sessions (10 new, 0 updated, 0 unchanged)\n`);
		expect(first.stderr).toContain('Imported 10 sessions and 0 events into /tmp/x');
		expect(first.stdout).toBe('');
		const second = await runWith(store, [page]);
		expect(second.code).toBe(0);
		expect(second.stderr).toContain('10 records → 10 sessions (0 new, 0 updated, 10 unchanged)');
		expect(store.sessions.size).toBe(10);
		expect(store.closes).toBe(2);
	});

	it('keeps good records, lists the bad ones and exits 1', async () => {
		const store = new FakeStore();
		const {code, stderr} = await runWith(store, ['locations-messy.json', 'events.csv']);
		expect(code).toBe(1);
		const lines = stderr.trimEnd().split('\n');
		expect(lines[0]).toBe('locations-messy.json: 42 API locations, 13 records → 6 sessions (6 new, 0 updated, 0 unchanged), 7 bad');
		expect(lines[1]).toBe('events.csv: events (CSV), 7 records → 5 events (5 new, 0 updated, 0 unchanged), 2 bad');
		expect(lines).toContain('  locations-messy.json: record 4 (line 6): begin_at "2025-13-01T00:00Z" is not a valid ISO-8601 timestamp');
		expect(lines).toContain('  events.csv: line 8: has 3 fields, the header has 4');
		expect(lines.at(-1)).toMatch(/^9 bad records; every good record was imported into /);
		expect(store.sessions.size).toBe(6);
		expect(store.events.size).toBe(5);
	});

	it('--strict writes nothing when a record is bad, and says so last', async () => {
		const store = new FakeStore();
		const {code, stderr} = await runWith(store, ['--strict', 'locations-all-open.json', 'locations-messy.json']);
		expect(code).toBe(1);
		expect(stderr).toContain('locations-all-open.json: 42 API locations, 3 records → 3 sessions (not written)');
		expect(stderr.trimEnd().split('\n').at(-1)).toBe('--strict: nothing was written (7 bad records)');
		expect(store.opens).toBe(0);
		expect(store.commits).toBe(0);
	});

	it('--strict writes everything when everything is good', async () => {
		const store = new FakeStore();
		const {code} = await runWith(store, ['--strict', 'locations-all-open.json', 'locations-pages.json']);
		expect(code).toBe(0);
		expect(store.sessions.size).toBe(7);
	});

	it('reads standard input with "-"', async () => {
		const store = new FakeStore();
		const input = '{"user_id":"a","event_type":"login","timestamp":"2026-01-01T10:00:00"}\n';
		const {code, stderr} = await runWith(store, ['-', '--tz', 'Europe/Paris'], input);
		expect(code).toBe(0);
		expect(stderr).toContain('(stdin): events (NDJSON), 1 record → 1 event (1 new, 0 updated, 0 unchanged)');
		expect(store.allEvents()[0]?.time).toBe(Date.parse('2026-01-01T09:00:00Z'));
	});

	it('--strict with stdin keeps the input in memory and commits it after validation', async () => {
		const store = new FakeStore();
		const input = '[{"id": 5, "begin_at": "2025-03-14T08:00:00Z", "host": "a"}, {"id": 6, "begin_at": "2025-03-14T08:00:00Z", "host": "b"}]';
		const {code} = await runWith(store, ['--strict', '-'], input, {batchSize: 1});
		expect(code).toBe(0);
		expect(store.commits).toBe(2);
		expect(store.sessions.size).toBe(2);
	});

	it('names unreadable files and unrecognised formats, imports the rest, exits 1', async () => {
		const store = new FakeStore();
		const {code, stderr} = await runWith(store, ['missing.json', 'garbage.bin', 'empty.json', 'locations-bom.json']);
		expect(code).toBe(1);
		expect(stderr).toContain('missing.json: cannot read: no such file or directory (ENOENT)');
		expect(stderr).toMatch(/garbage\.bin: not a recognised format: it holds binary data \(accepted: 42 API locations/);
		expect(stderr).toContain('empty.json: empty, nothing to import');
		expect(stderr).toContain('2 files not read; every good record was imported');
		expect(store.sessions.size).toBe(1);
	});

	it('says "nothing was imported" when no file could be read', async () => {
		const store = new FakeStore();
		const {code, stderr} = await runWith(store, ['missing.json', 'garbage.bin']);
		expect(code).toBe(1);
		expect(stderr).toMatch(/2 files not read; nothing was imported \(.+ is unchanged\)/);
		expect(stderr).not.toContain('every good record');
		expect(store.sessions.size).toBe(0);
	});

	it('reports truncated JSON as a problem (exit 1) but keeps the records before the break', async () => {
		const store = new FakeStore();
		const {code, stderr} = await runWith(store, ['locations-truncated.json']);
		expect(code).toBe(1);
		expect(stderr).toContain('  locations-truncated.json: line 3: truncated JSON');
		expect(stderr).toContain('1 damaged input');
		expect(store.sessions.size).toBe(2);
	});

	it('--json prints the whole report on stdout', async () => {
		const store = new FakeStore();
		const {code, stdout} = await runWith(store, ['--json', '--quiet', 'sessions.json']);
		expect(code).toBe(1);
		const report = JSON.parse(stdout) as {committed: boolean; sources: Array<{format: string; issues: unknown[]; written: unknown}>};
		expect(report.committed).toBe(true);
		expect(report.sources[0]?.format).toBe('bigstat42-sessions-sessions-object');
		expect(report.sources[0]?.issues).toHaveLength(5);
		expect(report.sources[0]?.written).toEqual({
			sessions: {inserted: 4, updated: 0, unchanged: 0},
			events: {inserted: 0, updated: 0, unchanged: 0},
		});
	});

	it('--quiet prints only problems', async () => {
		const store = new FakeStore();
		const quiet = await runWith(store, ['--quiet', 'locations-all-open.json']);
		expect(quiet.stderr).toBe('');
		const bad = await runWith(store, ['--quiet', 'events.csv']);
		expect(bad.stderr).not.toContain('events (CSV)');
		expect(bad.stderr).toContain('events.csv: line 8');
	});

	it('caps the listing at 200 bad records', async () => {
		const store = new FakeStore();
		const lines = Array.from({length: 250}, (_, i) => `{"user_id":"u","event_type":"x","timestamp":"bad ${i}"}`);
		const {code, stderr} = await runWith(store, ['-'], lines.join('\n'));
		expect(code).toBe(1);
		expect(stderr.split('\n').filter((line) => line.startsWith('  (stdin): line '))).toHaveLength(200);
		expect(stderr).toContain('  … and 50 more (use --json for all)');
	});

	it('strips control characters and escape sequences from data before printing', async () => {
		const store = new FakeStore();
		// Raw ESC in a line that JSON.parse quotes back in its message; JSON escapes in a quoted value.
		const input =
			'{"user_id":"a","event_type":"x","timestamp":"\\u001b]0;pwned\\u0007"}\n' + '\u001B[31mnot json\u001B[0m\n';
		const {stderr} = await runWith(store, ['-'], input);
		expect(stderr).toContain('line 1: timestamp "\\u001b]0;pwned\\u0007" is not a valid ISO-8601 timestamp');
		expect(stderr).toContain('line 2: not valid JSON');
		expect(stderr).toContain('not json');
		// eslint-disable-next-line no-control-regex
		expect(stderr).not.toMatch(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/);
	});

	it('rejects usage errors', async () => {
		const store = new FakeStore();
		await expect(runWith(store, [])).rejects.toBeInstanceOf(UsageError);
		await expect(runWith(store, ['--bogus', 'a.json'])).rejects.toThrow(/Unknown flag: --bogus/);
		await expect(runWith(store, ['--tz', 'Mars/Base', 'a.json'])).rejects.toThrow(/not an IANA time zone/);
		await expect(runWith(store, ['-', '-'])).rejects.toThrow(/only once/);
	});

	it('prints help', async () => {
		const ctx = context(['--help']);
		expect(await importCommand.run(ctx.value)).toBe(0);
		expect(ctx.out()).toContain('bigstat42 import FILE...');
	});

	it('reports a store failure and exits 1', async () => {
		const ctx = context(['locations-all-open.json']);
		const failing = {
			async commit(): Promise<never> {
				throw Object.assign(new Error('store is locked by another process'), {hint: 'wait for the other import'});
			},
			async close() {},
		};
		const code = await runImport(ctx.value, {openStore: async () => failing});
		expect(code).toBe(1);
		expect(ctx.err()).toContain('import failed: store is locked by another process\nwait for the other import\n');
	});
});

describe('bigstat42 import with the real store', () => {
	let directory = '';
	beforeAll(async () => {
		directory = await mkdtemp(path.join(os.tmpdir(), 'bigstat42-import-'));
	});
	afterAll(async () => {
		await rm(directory, {recursive: true, force: true});
	});

	it('imports into a store directory and re-imports idempotently', async () => {
		const db = path.join(directory, 'store');
		const file = path.join(directory, 'events.ndjson');
		await writeFile(file, '{"user_id":"a","event_type":"x","timestamp":"2026-01-01T00:00:00Z"}\n'.repeat(3));
		const first = context([file, path.join(fixtures, 'locations-all-open.json'), '--db', db]);
		expect(await importCommand.run(first.value)).toBe(0);
		expect(first.err()).toContain('3 records → 3 events (3 new, 0 updated, 0 unchanged)');
		const second = context([file, path.join(fixtures, 'locations-all-open.json'), '--db', db]);
		expect(await importCommand.run(second.value)).toBe(0);
		expect(second.err()).toContain('3 records → 3 events (0 new, 0 updated, 3 unchanged)');
		expect(second.err()).toContain('3 records → 3 sessions (0 new, 0 updated, 3 unchanged)');
	});
});
