/**
 * Issue 13, campaign "generated malformed inputs": seeded inputs in every import format (42 API
 * locations, concatenated pages, bigstat42 sessions, events as JSON, NDJSON and CSV), run through
 * `bigstat42 import --json` with a store double.
 *
 * - Structured cases: each record is good or broken in one known way (bad timestamps, offsets,
 *   hour 24, wrong types, missing fields, a Latin-1 byte, NUL raw or escaped, 5,000-level metadata,
 *   JSON syntax errors, wrong CSV field counts). Lenient: exactly the good records are stored and
 *   every bad one is reported at its record number or line with a reason. `--strict`: the store is
 *   never even opened.
 * - Fuzz cases: a good input with random byte flips, insertions, cuts and duplicated slices. No
 *   crash; the report adds up (good + bad + skipped = records), every issue has a position and a
 *   reason, nothing stored holds a NUL or an undecodable byte, the exit status says whether anything
 *   was wrong, and `--strict` writes nothing when anything was.
 */
import {PassThrough, Readable} from 'node:stream';
import {describe, expect, it} from 'vitest';
import {runImport} from '../../source/commands/import.js';
import type {CommandContext} from '../../source/commands/types.js';
import type {SourceReport} from '../../source/data/importers/import.js';
import {FakeStore} from '../data/importers/fake-store.js';
import {seededRandom} from '../helpers/store-fixtures.js';

type Format = 'locations' | 'pages' | 'bigstat42' | 'events-json' | 'events-ndjson' | 'events-csv';
const FORMATS: readonly Format[] = ['locations', 'pages', 'bigstat42', 'events-json', 'events-ndjson', 'events-csv'];

/** One generated record: its bytes, whether it is good, and the key it is stored under. */
type Piece = {bytes: Buffer; good: boolean; key: string; kind: string};

const LATIN1_E = Buffer.from([0xe9]);
const DEEP = `${'['.repeat(5000)}${']'.repeat(5000)}`;

function pick<T>(random: () => number, items: readonly T[]): T {
	return items[Math.floor(random() * items.length)] as T;
}

/** A JSON object text with one value replaced by raw bytes (a Latin-1 byte or a raw NUL inside a string). */
function withRawByte(json: string, marker: string, byte: Buffer): Buffer {
	const at = json.indexOf(marker);
	return Buffer.concat([Buffer.from(json.slice(0, at)), byte, Buffer.from(json.slice(at + marker.length))]);
}

function iso(random: () => number): string {
	const day = 1 + Math.floor(random() * 28);
	const hour = Math.floor(random() * 24);
	return `2026-02-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:${String(Math.floor(random() * 60)).padStart(2, '0')}:00Z`;
}

const BAD_TIMES = ['2026-13-01T10:00:00Z', '2026-01-01T10:00:00+24:00', '2026-01-01T10:00:00+05:60', '2026-01-01T24:30:00Z', '2026-02-30T10:00:00Z', 'yesterday', '2026-01-01T10:00:61Z'];

function locationPiece(random: () => number, id: number, good: boolean): Piece {
	const record: Record<string, unknown> = {id, begin_at: iso(random), end_at: random() < 0.2 ? null : iso(random), host: `c1r${id}s1`, campus_id: 1, user: {id: 100 + id, login: `user${id}`}};
	const key = String(id);
	if (good) return {bytes: Buffer.from(JSON.stringify(record)), good, key, kind: 'good'};
	const kind = pick(random, ['time', 'id-string', 'id-missing', 'host-empty', 'host-number', 'user-array', 'latin1', 'nul-escaped', 'nul-raw', 'syntax', 'not-object']);
	switch (kind) {
		case 'time': {
			record['begin_at'] = pick(random, BAD_TIMES);
			break;
		}

		case 'id-string': {
			record['id'] = String(id);
			break;
		}

		case 'id-missing': {
			delete record['id'];
			break;
		}

		case 'host-empty': {
			record['host'] = '  ';
			break;
		}

		case 'host-number': {
			record['host'] = 42;
			break;
		}

		case 'user-array': {
			record['user'] = [1];
			break;
		}

		case 'latin1': {
			return {bytes: withRawByte(JSON.stringify({...record, host: 'caf@'}), '@', LATIN1_E), good, key, kind};
		}

		case 'nul-escaped': {
			record['host'] = 'c1\u0000r1';
			break;
		}

		case 'nul-raw': {
			return {bytes: withRawByte(JSON.stringify({...record, host: 'c1@r1'}), '@', Buffer.from([0])), good, key, kind};
		}

		case 'syntax': {
			return {bytes: Buffer.from(JSON.stringify(record).replace('"id":', '"id"=')), good, key, kind};
		}

		default: {
			return {bytes: Buffer.from(pick(random, ['42', '"text"', 'null', '[1,2]'])), good, key, kind};
		}
	}

	return {bytes: Buffer.from(JSON.stringify(record)), good, key, kind};
}

function bigstatPiece(random: () => number, id: number, good: boolean): Piece {
	const start = Date.parse(iso(random));
	const record: Record<string, unknown> = {host: `h${id}`, startTime: start, endTime: random() < 0.2 ? null : start + 3_600_000};
	const key = `h${id}`;
	if (good) return {bytes: Buffer.from(JSON.stringify(record)), good, key, kind: 'good'};
	const kind = pick(random, ['end-zero', 'end-float', 'end-string', 'start-missing', 'host-empty', 'latin1', 'nul-escaped', 'syntax']);
	if (kind === 'end-zero') record['endTime'] = 0;
	else if (kind === 'end-float') record['endTime'] = start + 0.5;
	else if (kind === 'end-string') record['endTime'] = String(start);
	else if (kind === 'start-missing') delete record['startTime'];
	else if (kind === 'host-empty') record['host'] = '';
	else if (kind === 'nul-escaped') record['host'] = `h${id}\u0000`;
	else if (kind === 'latin1') return {bytes: withRawByte(JSON.stringify({...record, host: `h${id}@`}), '@', LATIN1_E), good, key, kind};
	else return {bytes: Buffer.from(JSON.stringify(record).replace('"host":', '"host";')), good, key, kind};
	return {bytes: Buffer.from(JSON.stringify(record)), good, key, kind};
}

function eventPiece(random: () => number, id: number, good: boolean, csv: boolean): Piece {
	const record: Record<string, unknown> = {id, user_id: `u${id % 7}`, event_type: pick(random, ['login', 'logout', 'view']), timestamp: iso(random)};
	const key = String(id);
	const csvLine = (values: Record<string, unknown>) => [values['id'], values['user_id'], values['event_type'], values['timestamp']].map((value) => String(value ?? '')).join(',');
	if (csv) {
		if (good) return {bytes: Buffer.from(csvLine(record)), good, key, kind: 'good'};
		const kind = pick(random, ['time', 'type-empty', 'fields', 'latin1', 'nul-raw']);
		if (kind === 'time') return {bytes: Buffer.from(csvLine({...record, timestamp: pick(random, BAD_TIMES)})), good, key, kind};
		if (kind === 'type-empty') return {bytes: Buffer.from(csvLine({...record, event_type: ''})), good, key, kind};
		if (kind === 'fields') return {bytes: Buffer.from(`${csvLine(record)},extra`), good, key, kind};
		return {bytes: withRawByte(csvLine({...record, user_id: 'u@'}), '@', kind === 'latin1' ? LATIN1_E : Buffer.from([0])), good, key, kind};
	}

	if (good) return {bytes: Buffer.from(JSON.stringify({...record, metadata: random() < 0.3 ? {page: `/p/${id}`} : undefined})), good, key, kind: 'good'};
	const kind = pick(random, ['time', 'type-missing', 'user-object', 'deep', 'latin1', 'nul-escaped', 'nul-raw', 'syntax']);
	if (kind === 'time') record['timestamp'] = pick(random, BAD_TIMES);
	else if (kind === 'type-missing') delete record['event_type'];
	else if (kind === 'user-object') record['user_id'] = {id: 1};
	else if (kind === 'nul-escaped') record['metadata'] = {note: 'a\u0000b'};
	else if (kind === 'deep') return {bytes: Buffer.from(JSON.stringify(record).replace(/}$/, `,"metadata":${DEEP}}`)), good, key, kind};
	else if (kind === 'latin1' || kind === 'nul-raw') {
		return {bytes: withRawByte(JSON.stringify({...record, user_id: 'u@'}), '@', kind === 'latin1' ? LATIN1_E : Buffer.from([0])), good, key, kind};
	} else return {bytes: Buffer.from(JSON.stringify(record).replace('"timestamp":', '"timestamp" ')), good, key, kind};
	return {bytes: Buffer.from(JSON.stringify(record)), good, key, kind};
}

/** An input of `count` records, `badShare` of them broken; the line each record starts on. */
function generate(random: () => number, format: Format, count: number, badShare: number): {bytes: Buffer; pieces: Piece[]; lines: number[]} {
	const pieces: Piece[] = [];
	// Record 1 is always good: an input whose records are all bad is another case (unrecognised).
	for (let i = 0; i < count; i++) {
		const good = i === 0 || random() >= badShare;
		const id = 1000 + i;
		if (format === 'locations' || format === 'pages') pieces.push(locationPiece(random, id, good));
		else if (format === 'bigstat42') pieces.push(bigstatPiece(random, id, good));
		else pieces.push(eventPiece(random, id, good, format === 'events-csv'));
	}

	const parts: Buffer[] = [];
	const lines: number[] = [];
	const nl = Buffer.from('\n');
	if (format === 'events-ndjson') {
		pieces.forEach((piece, i) => {
			lines.push(i + 1);
			parts.push(piece.bytes, nl);
		});
	} else if (format === 'events-csv') {
		parts.push(Buffer.from('id,user_id,event_type,timestamp\n'));
		pieces.forEach((piece, i) => {
			lines.push(i + 2);
			parts.push(piece.bytes, Buffer.from(i % 2 ? '\r\n' : '\n'));
		});
	} else {
		const split = format === 'pages' ? Math.ceil(count / 2) : count;
		const open = format === 'bigstat42' ? '{"sessions": [\n' : '[\n';
		const close = format === 'bigstat42' ? '\n]}\n' : '\n]';
		// Record 1 is on line 2; each next one a line further, three further after a page break ("\n]\n[\n").
		let line = 2;
		pieces.forEach((_, i) => {
			if (i === split) line += 2;
			lines.push(line);
			line++;
		});
		parts.push(Buffer.from(open));
		pieces.forEach((piece, i) => {
			if (i === split) parts.push(Buffer.from(`${close}\n${open}`));
			else if (i > 0) parts.push(Buffer.from(',\n'));
			parts.push(piece.bytes);
		});
		parts.push(Buffer.from(close));
	}

	return {bytes: Buffer.concat(parts), pieces, lines};
}

function contextFor(argv: string[], input: Buffer): {value: CommandContext; out: () => string; err: () => string} {
	const stdout = new PassThrough();
	const stderr = new PassThrough();
	let out = '';
	let err = '';
	stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
	stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
	// Odd chunk sizes: multi-byte characters and records straddle chunk boundaries.
	const chunks: Buffer[] = [];
	for (let at = 0; at < input.length; at += 777) chunks.push(input.subarray(at, at + 777));
	return {
		value: {argv, env: {HOME: '/nonexistent-home'}, stdin: Readable.from(chunks), stdout, stderr, stdinIsTTY: false, stdoutIsTTY: false, stderrIsTTY: false, clock: () => Date.parse('2026-03-01T00:00:00Z'), cwd: '/'},
		out: () => out,
		err: () => err,
	};
}

type JsonReport = {committed: boolean; sources: SourceReport[]; totals: {bad: number; failedSources: number; structuralIssues: number}};

async function importBytes(input: Buffer, strict: boolean): Promise<{code: number; report: JsonReport; store: FakeStore; stderr: string}> {
	const store = new FakeStore();
	const context = contextFor(['--json', ...(strict ? ['--strict'] : []), '-'], input);
	const code = await runImport(context.value, {openStore: store.open, batchSize: 7});
	return {code, report: JSON.parse(context.out()) as JsonReport, store, stderr: context.err()};
}

function storedKeys(store: FakeStore, format: Format): string[] {
	if (format === 'bigstat42') return [...store.sessions.values()].map((json) => (JSON.parse(json) as {host: string}).host).sort();
	return [...(format.startsWith('events') ? store.events.keys() : store.sessions.keys())].map(String).sort();
}

// eslint-disable-next-line no-control-regex
const FORBIDDEN_IN_STORE = /[\u0000\uFFFD]|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('campaign: generated malformed inputs', () => {
	const STRUCTURED = 156;
	const FUZZED = 120;

	it(`${STRUCTURED} structured cases in every format: good records kept, bad ones reported at their position, --strict writes nothing`, async () => {
		const random = seededRandom(4213);
		const tally = {trials: 0, passed: 0};
		const kinds = new Set<string>();
		for (let trial = 0; trial < STRUCTURED; trial++) {
			const format = FORMATS[trial % FORMATS.length] as Format;
			const {bytes, pieces, lines} = generate(random, format, 6 + Math.floor(random() * 20), 0.1 + random() * 0.5);
			const label = `trial ${trial} (${format})`;
			for (const piece of pieces) kinds.add(`${format}:${piece.kind}`);
			const lenient = await importBytes(bytes, false);
			const source = lenient.report.sources[0] as SourceReport;
			const bad = pieces.filter((piece) => !piece.good).length;
			expect(source.error, label).toBeNull();
			expect(source.records, label).toBe(pieces.length);
			expect(source.bad, label).toBe(bad);
			expect(lenient.code, label).toBe(bad > 0 ? 1 : 0);
			expect(storedKeys(lenient.store, format), label).toEqual(pieces.filter((piece) => piece.good).map((piece) => piece.key).sort());
			// Every bad record is reported at its own position, with a reason.
			const byLine = format === 'events-ndjson' || format === 'events-csv';
			const expected = pieces.flatMap((piece, i) => (piece.good ? [] : [byLine ? `line ${lines[i]}` : `record ${i + 1} (line ${lines[i]})`]));
			const reported = source.issues.map((issue) => (byLine ? `line ${issue.line}` : `record ${issue.index} (line ${issue.line})`));
			expect(reported, label).toEqual(expected);
			for (const issue of source.issues) expect(issue.reason.length, label).toBeGreaterThan(8);
			for (const json of [...lenient.store.sessions.values(), ...lenient.store.events.values()]) expect(json, label).not.toMatch(FORBIDDEN_IN_STORE);

			const strict = await importBytes(bytes, true);
			if (bad > 0) {
				expect(strict.report.committed, label).toBe(false);
				expect(strict.store.opens + strict.store.commits, label).toBe(0);
				expect(strict.stderr, label).toContain('--strict: nothing was written');
			} else {
				expect(storedKeys(strict.store, format), label).toEqual(storedKeys(lenient.store, format));
			}

			tally.trials++;
			tally.passed++;
		}

		// Every way of breaking a record was generated at least once.
		expect(kinds.size).toBeGreaterThanOrEqual(45);
		console.log(`campaign malformed/structured: ${tally.trials} trials, ${tally.passed} passed, ${tally.trials - tally.passed} failed (${kinds.size} format × fault kinds)`);
	});

	it(`${FUZZED} fuzzed inputs: no crash, the report adds up, nothing undecodable stored, --strict writes nothing on any problem`, async () => {
		const random = seededRandom(9042);
		let trials = 0;
		const mutations = ['flip', 'insert', 'cut', 'duplicate', 'flip', 'flip'] as const;
		const alphabet = [0x00, 0xff, 0xe9, 0x80, 0xc3, 0x22, 0x5b, 0x5d, 0x7b, 0x7d, 0x2c, 0x0a, 0x0d, 0x5c, 0x3a, 0x1b, 0x30];
		for (let trial = 0; trial < FUZZED; trial++) {
			const format = FORMATS[trial % FORMATS.length] as Format;
			let bytes = generate(random, format, 8 + Math.floor(random() * 15), 0).bytes;
			const steps = 1 + Math.floor(random() * 4);
			for (let step = 0; step < steps; step++) {
				const at = Math.floor(random() * bytes.length);
				const mutation = pick(random, mutations);
				if (mutation === 'flip') {
					bytes = Buffer.from(bytes);
					bytes[at] = pick(random, alphabet);
				} else if (mutation === 'insert') {
					bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(Array.from({length: 1 + Math.floor(random() * 6)}, () => pick(random, alphabet))), bytes.subarray(at)]);
				} else if (mutation === 'cut') {
					bytes = bytes.subarray(0, at);
				} else {
					const length = Math.floor(random() * 80);
					bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at, at + length), bytes.subarray(at)]);
				}
			}

			const label = `fuzz ${trial} (${format}): ${JSON.stringify(bytes.toString('latin1').slice(0, 400))}`;
			const lenient = await importBytes(bytes, false);
			const source = lenient.report.sources[0] as SourceReport;
			expect(source.sessions + source.events + source.bad + source.skipped, label).toBe(source.records);
			for (const issue of [...source.issues, ...source.warnings]) {
				expect(issue.reason.length, label).toBeGreaterThan(8);
				expect((issue.line ?? 0) >= 1 || (issue.index ?? 0) >= 1, label).toBe(true);
			}

			const problems = lenient.report.totals.bad + lenient.report.totals.failedSources + lenient.report.totals.structuralIssues;
			expect(lenient.code, label).toBe(problems > 0 ? 1 : 0);
			for (const json of [...lenient.store.sessions.values(), ...lenient.store.events.values()]) expect(json, label).not.toMatch(FORBIDDEN_IN_STORE);
			// The text report never carries a raw control or hidden character either.
			expect(lenient.stderr, label).not.toMatch(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2066-\u2069]/);

			const strict = await importBytes(bytes, true);
			if (problems > 0) expect(strict.store.opens + strict.store.commits, label).toBe(0);
			else expect([...strict.store.sessions.keys(), ...strict.store.events.keys()].sort(), label).toEqual([...lenient.store.sessions.keys(), ...lenient.store.events.keys()].sort());
			trials++;
		}

		console.log(`campaign malformed/fuzzed: ${trials} trials, ${trials} passed, 0 failed`);
	});
});
