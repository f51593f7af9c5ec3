import {describe, expect, test} from 'vitest';
import {eventTableFromRecords, sessionTableFromRecords, type SessionRecord} from '../../source/core/model.js';
import {StoreError} from '../../source/data/store-types.js';
import {migrateManifest, monthIndexOf, monthLabel, monthStart} from '../../source/data/store/manifest.js';
import {
	decodeEvents,
	decodeSessions,
	encodeEvents,
	encodeSessions,
	EventDictionaries,
	SessionDictionaries,
	type EventSegment,
	type SessionSegment,
} from '../../source/data/store/segment-codec.js';
import {parseSegmentFile, serializeSegment, type SegmentFacts} from '../../source/data/store/segment-file.js';

const facts: SegmentFacts = {role: 'delta', generation: 1, minTime: 0, maxTime: 0, maxEnd: Number.NaN, open: 0, months: [], replaces: []};
import {IdMap} from '../../source/data/store/id-index.js';
import {ByteReader, ByteWriter} from '../../source/data/store/varint.js';
import {eventRows, messyEvents, messySessions, seededRandom, sessionRows} from '../helpers/store-fixtures.js';

describe('varints', () => {
	test('signed and unsigned values round-trip up to 2^53', () => {
		const values = [0, 1, 63, 64, 127, 128, 300, 2 ** 31, 2 ** 32 + 5, 2 ** 52, 2 ** 53, 12_345_678_901];
		const writer = new ByteWriter(4);
		for (const value of values) {
			writer.unsigned(value);
			writer.signed(value);
			writer.signed(-value);
		}

		const reader = new ByteReader(writer.view());
		for (const value of values) {
			expect(reader.unsigned()).toBe(value);
			expect(reader.signed()).toBe(value);
			expect(reader.signed()).toBe(-value || 0);
		}

		expect(reader.exhaustedExactly()).toBe(true);
	});

	test('the integer fast path writes the same bytes as the arithmetic one', () => {
		// Reference: the arithmetic encoding, valid for any magnitude up to 2^53.
		const reference = (value: number, signed: boolean): number[] => {
			const bytes: number[] = [];
			let magnitude = Math.abs(value);
			if (signed) {
				let first = (value < 0 ? 1 : 0) | ((magnitude % 0x40) << 1);
				magnitude = Math.floor(magnitude / 0x40);
				if (magnitude > 0) first |= 0x80;
				bytes.push(first);
			}

			while (signed ? magnitude > 0 : magnitude >= 0x80) {
				const more = signed ? magnitude >= 0x80 : true;
				bytes.push((magnitude % 0x80) | (more ? 0x80 : 0));
				magnitude = Math.floor(magnitude / 0x80);
			}

			if (!signed) bytes.push(magnitude);
			return bytes;
		};

		const values = [0, 1, 63, 64, 127, 128, 8191, 8192, 16_383, 16_384, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1, 2 ** 32];
		for (const value of values) {
			for (const signed of [false, true]) {
				for (const sign of signed ? [1, -1] : [1]) {
					const writer = new ByteWriter(4);
					if (signed) writer.signed(sign * value);
					else writer.unsigned(value);
					expect([...writer.view()]).toEqual(reference(sign * value, signed));
				}
			}
		}
	});
});

describe('IdMap (the commit overlay)', () => {
	test('set, overwrite and get across growth, with negative and large ids', () => {
		const map = new IdMap<string>();
		const random = seededRandom(7);
		const expected = new Map<number, string>();
		for (let i = 0; i < 5000; i++) {
			const id = Math.floor((random() - 0.5) * 2 ** 53);
			map.set(id, `v${i}`);
			expected.set(id, `v${i}`);
			if (i % 3 === 0) {
				map.set(id, `w${i}`);
				expected.set(id, `w${i}`);
			}
		}

		expect(map.size).toBe(expected.size);
		for (const [id, value] of expected) expect(map.get(id)).toBe(value);
		expect(map.get(0.5)).toBeUndefined();
		expect(map.get(123)).toBeUndefined();
	});
});

function decodeSessionSegment(segment: SessionSegment) {
	const size = segment.rows;
	const out = {
		id: new Float64Array(size),
		begin: new Float64Array(size),
		end: new Float64Array(size),
		user: new Int32Array(size),
		host: new Int32Array(size),
		campus: new Int32Array(size),
	};
	const dictionaries = new SessionDictionaries();
	decodeSessions(segment, 'test.json', out, 0, dictionaries);
	return {size, ...out, logins: dictionaries.logins, userIds: dictionaries.userIds, hosts: dictionaries.hosts};
}

describe('segment codec', () => {
	test('messy sessions and events round-trip through a segment', () => {
		const sessions = sessionTableFromRecords(messySessions);
		const bytes = serializeSegment(encodeSessions(sessions, 0, sessions.size), facts);
		const segment = parseSegmentFile(bytes, 's.seg', 'sessions').segment as SessionSegment;
		expect(sessionRows(decodeSessionSegment(segment))).toEqual(sessionRows(sessions));

		const events = eventTableFromRecords(messyEvents);
		const eventSegment = parseSegmentFile(serializeSegment(encodeEvents(events, 0, events.size), facts), 'e.seg', 'events').segment as EventSegment;
		const out = {id: new Float64Array(events.size), time: new Float64Array(events.size), user: new Int32Array(events.size), type: new Int32Array(events.size), meta: new Int32Array(events.size)};
		const dictionaries = new EventDictionaries();
		decodeEvents(eventSegment, 'e.json', out, 0, dictionaries);
		expect(eventRows({size: events.size, ...out, users: dictionaries.users.values, types: dictionaries.types.values, metadata: dictionaries.metadata.values})).toEqual(eventRows(events));
	});

	test('realistic sessions cost well under 25 bytes each', () => {
		const random = seededRandom(1);
		let begin = Date.UTC(2024, 0, 1);
		let id = 1_000_000;
		const records: SessionRecord[] = Array.from({length: 20_000}, () => {
			begin += Math.round(random() * 60) * 1000;
			id += 1 + Math.floor(random() * 20);
			const user = Math.floor(random() * 5000);
			return {id, userId: user, login: `user${user}`, host: `c${Math.floor(random() * 3000)}`, begin, end: begin + Math.floor(5 + random() * 240) * 60_000, campusId: 1};
		});
		const table = sessionTableFromRecords(records);
		const bytes = serializeSegment(encodeSessions(table, 0, table.size), facts).byteLength;
		// 20k rows carry a full 5000-user / 3000-host dictionary; a month of 85k rows amortises it better.
		expect(bytes / records.length).toBeLessThan(25);
	});

	test('a truncated or inconsistent segment is reported as damaged', () => {
		const table = sessionTableFromRecords(messySessions);
		const segment = encodeSessions(table, 0, table.size);
		const truncated = {...segment, cols: {...segment.cols, host: segment.cols.host.subarray(0, 4)}};
		expect(() => decodeSessionSegment(truncated)).toThrow(/segment test\.json is damaged: host column/);
		const tooManyRows = {...segment, rows: segment.rows + 1};
		expect(() => decodeSessionSegment(tooManyRows)).toThrow(StoreError);
	});
});

describe('manifest', () => {
	test('month helpers agree on UTC month boundaries, including before 1970', () => {
		for (const iso of ['2024-02-29T23:59:59.999Z', '2024-03-01T00:00:00.000Z', '1969-12-31T23:59:59.000Z']) {
			const month = monthIndexOf(Date.parse(iso));
			expect(monthStart(month)).toBeLessThanOrEqual(Date.parse(iso));
			expect(monthStart(month + 1)).toBeGreaterThan(Date.parse(iso));
		}

		expect(monthLabel(monthIndexOf(Date.parse('2024-03-05T00:00:00Z')))).toBe('2024-03');
	});

	test('the migration table is walked step by step; newer and unreachable versions are refused', () => {
		const steps = [
			{from: 1, describe: 'rename a', migrate: (raw: Record<string, unknown>) => ({...raw, b: raw['a']})},
			{from: 2, describe: 'double b', migrate: (raw: Record<string, unknown>) => ({...raw, b: Number(raw['b']) * 2})},
		];
		expect(migrateManifest({schemaVersion: 1, a: 21}, 'm.json', steps, 3)).toEqual({schemaVersion: 3, a: 21, b: 42});
		expect(() => migrateManifest({schemaVersion: 4}, 'm.json', steps, 3)).toThrow(/newer bigstat42/);
		expect(() => migrateManifest({schemaVersion: 0}, 'm.json', steps, 3)).toThrow(/no migration from store schema version 0/);
		expect(() => migrateManifest({}, 'm.json', steps, 3)).toThrow(/schemaVersion is missing/);
	});
});
