/**
 * The binary segment file (store schema 2). Little-endian throughout:
 *
 * | offset | size | field                                                                  |
 * | ------ | ---- | ---------------------------------------------------------------------- |
 * | 0      | 8    | magic `BS42SEG\n`                                                      |
 * | 8      | 4    | CRC-32 (zlib / ISO-HDLC) of every byte from offset 12 to the end       |
 * | 12     | 2    | file format version (2)                                                |
 * | 14     | 1    | kind: 1 sessions, 2 events                                             |
 * | 15     | 1    | role: 0 base (one UTC month), 1 delta (one commit's changed rows)      |
 * | 16     | 4    | rows                                                                   |
 * | 20     | 4    | m = number of months the rows fall in                                  |
 * | 24     | 4    | r = number of months holding rows this delta replaces                  |
 * | 28     | 4    | number of sections that follow the header                              |
 * | 32     | 8    | generation (the commit that wrote the file), f64                       |
 * | 40     | 8    | t0: second of the first row (base of the time deltas), f64             |
 * | 48     | 8    | earliest begin / time (ms), f64, NaN when empty                        |
 * | 56     | 8    | latest begin / time (ms), f64, NaN when empty                          |
 * | 64     | 8    | latest end of a closed session (ms; events: latest time), f64, NaN if none |
 * | 72     | 4    | open sessions (end unknown)                                            |
 * | 76     | 4    | reserved, 0                                                            |
 * | 80     | 4m+4r | months, then replaced months, i32 month indexes (year × 12 + month0)  |
 *
 * Then the sections, each a u32 byte length and its bytes: sessions have the user-id dictionary
 * (f64 per user, NaN when only the login is known), the login and host dictionaries (string lists),
 * then the byte columns of SESSION_COLUMNS; events have the user, type and metadata dictionaries,
 * then the columns of EVENT_COLUMNS. A string list is a varint count, then per string a varint
 * (UTF-8 byte length + 1, 0 for null) and its bytes. The columns are the varint columns described
 * in segment-codec.ts, used in place (views of the file's buffer: no JSON, no base64, no copy).
 *
 * The header carries what a query plan needs (time span, open count, latest end) and is mirrored in
 * the manifest entry, so planning reads no segment; `store repair` reads headers to rebuild a lost
 * manifest. A flipped byte anywhere after offset 12 fails the CRC; in the magic or the CRC itself
 * it fails the magic check or the CRC comparison.
 */
import {crc32} from 'node:zlib';
import {StoreError} from '../store-types.js';
import {
	DAMAGED_HINT,
	EVENT_COLUMNS,
	SESSION_COLUMNS,
	type EventSegment,
	type Segment,
	type SessionSegment,
} from './segment-codec.js';
import {ByteReader, ByteWriter} from './varint.js';

const MAGIC = Buffer.from('BS42SEG\n', 'latin1');
export const SEGMENT_FILE_VERSION = 2;
const FIXED_HEADER = 80;

/** What a segment file says about itself, before its data is decoded. */
export type SegmentFileHeader = {
	readonly kind: 'sessions' | 'events';
	readonly role: 'base' | 'delta';
	readonly rows: number;
	readonly generation: number;
	readonly t0: number;
	readonly minTime: number;
	readonly maxTime: number;
	readonly maxEnd: number;
	readonly open: number;
	readonly months: readonly number[];
	readonly replaces: readonly number[];
	/** The CRC-32 the file carries (verified against its bytes by `parseSegmentFile`). */
	readonly crc32: number;
};

/** The facts of a segment the header records (all but `crc32`, `rows`, `t0` and `kind`). */
export type SegmentFacts = Omit<SegmentFileHeader, 'crc32' | 'rows' | 't0' | 'kind'>;

/** Serialises a segment and its facts into the bytes of a segment file. */
export function serializeSegment(segment: Segment, facts: SegmentFacts): Uint8Array {
	const sections: Uint8Array[] = [];
	if (segment.kind === 'sessions') {
		const ids = Buffer.alloc(segment.userIds.length * 8);
		segment.userIds.forEach((id, i) => ids.writeDoubleLE(id ?? Number.NaN, i * 8));
		sections.push(ids, stringList(segment.logins), stringList(segment.hosts));
		for (const name of SESSION_COLUMNS) sections.push(segment.cols[name]);
	} else {
		sections.push(stringList(segment.users), stringList(segment.types), stringList(segment.metadata));
		for (const name of EVENT_COLUMNS) sections.push(segment.cols[name]);
	}

	const headerBytes = FIXED_HEADER + 4 * (facts.months.length + facts.replaces.length);
	const size = headerBytes + sections.reduce((sum, section) => sum + 4 + section.byteLength, 0);
	const out = Buffer.alloc(size);
	MAGIC.copy(out, 0);
	out.writeUInt16LE(SEGMENT_FILE_VERSION, 12);
	out.writeUInt8(segment.kind === 'sessions' ? 1 : 2, 14);
	out.writeUInt8(facts.role === 'base' ? 0 : 1, 15);
	out.writeUInt32LE(segment.rows, 16);
	out.writeUInt32LE(facts.months.length, 20);
	out.writeUInt32LE(facts.replaces.length, 24);
	out.writeUInt32LE(sections.length, 28);
	out.writeDoubleLE(facts.generation, 32);
	out.writeDoubleLE(segment.t0, 40);
	out.writeDoubleLE(facts.minTime, 48);
	out.writeDoubleLE(facts.maxTime, 56);
	out.writeDoubleLE(facts.maxEnd, 64);
	out.writeUInt32LE(facts.open, 72);
	let at = FIXED_HEADER;
	for (const month of [...facts.months, ...facts.replaces]) {
		out.writeInt32LE(month, at);
		at += 4;
	}

	for (const section of sections) {
		out.writeUInt32LE(section.byteLength, at);
		out.set(section, at + 4);
		at += 4 + section.byteLength;
	}

	out.writeUInt32LE(crc32(out.subarray(12)), 8);
	return out;
}

/** True when `bytes` start like a segment file (the magic), whatever its state. */
export function looksLikeSegmentFile(bytes: Uint8Array): boolean {
	return bytes.length >= MAGIC.length && MAGIC.equals(bytes.subarray(0, MAGIC.length));
}

/**
 * Checks the magic, the version and the CRC of a segment file and reads its header (no data is
 * decoded). Throws a StoreError naming `file` on any defect.
 */
export function readSegmentHeader(bytes: Uint8Array, file: string): SegmentFileHeader {
	const fail = (why: string): never => {
		throw new StoreError(`segment ${file} is damaged: ${why}`, file, DAMAGED_HINT);
	};

	const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	if (buffer.length < FIXED_HEADER) fail(`${buffer.length} bytes, shorter than a segment header`);
	if (!looksLikeSegmentFile(buffer)) fail('not a bigstat42 segment file (bad magic)');
	const stored = buffer.readUInt32LE(8);
	const computed = crc32(buffer.subarray(12));
	if (stored !== computed) fail(`checksum mismatch (the file says ${hex(stored)}, its bytes give ${hex(computed)})`);
	const version = buffer.readUInt16LE(12);
	if (version !== SEGMENT_FILE_VERSION) fail(`unknown segment format version ${version}`);
	const kindCode = buffer.readUInt8(14);
	const roleCode = buffer.readUInt8(15);
	if ((kindCode !== 1 && kindCode !== 2) || (roleCode !== 0 && roleCode !== 1)) fail('unknown kind or role');
	const monthCount = buffer.readUInt32LE(20);
	const replaceCount = buffer.readUInt32LE(24);
	if (FIXED_HEADER + 4 * (monthCount + replaceCount) > buffer.length) fail('month lists run past the end');
	const months: number[] = [];
	const replaces: number[] = [];
	for (let i = 0; i < monthCount + replaceCount; i++) (i < monthCount ? months : replaces).push(buffer.readInt32LE(FIXED_HEADER + 4 * i));
	return {
		kind: kindCode === 1 ? 'sessions' : 'events',
		role: roleCode === 0 ? 'base' : 'delta',
		rows: buffer.readUInt32LE(16),
		generation: buffer.readDoubleLE(32),
		t0: buffer.readDoubleLE(40),
		minTime: buffer.readDoubleLE(48),
		maxTime: buffer.readDoubleLE(56),
		maxEnd: buffer.readDoubleLE(64),
		open: buffer.readUInt32LE(72),
		months,
		replaces,
		crc32: stored,
	};
}

/** Parses a whole segment file (header checks of `readSegmentHeader`, then the sections). */
export function parseSegmentFile(bytes: Uint8Array, file: string, kind: 'sessions' | 'events'): {header: SegmentFileHeader; segment: Segment} {
	const header = readSegmentHeader(bytes, file);
	const fail = (why: string): never => {
		throw new StoreError(`segment ${file} is damaged: ${why}`, file, DAMAGED_HINT);
	};

	if (header.kind !== kind) fail(`expected ${kind}, found ${header.kind}`);
	if (!Number.isSafeInteger(header.t0)) fail('bad t0');
	const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const sectionCount = buffer.readUInt32LE(28);
	const expected = kind === 'sessions' ? 3 + SESSION_COLUMNS.length : 3 + EVENT_COLUMNS.length;
	if (sectionCount !== expected) fail(`${sectionCount} sections, expected ${expected}`);
	const sections: Buffer[] = [];
	let at = FIXED_HEADER + 4 * (header.months.length + header.replaces.length);
	for (let i = 0; i < sectionCount; i++) {
		if (at + 4 > buffer.length) fail('truncated section table');
		const length = buffer.readUInt32LE(at);
		if (at + 4 + length > buffer.length) fail(`section ${i} runs past the end of the file`);
		sections.push(buffer.subarray(at + 4, at + 4 + length));
		at += 4 + length;
	}

	if (at !== buffer.length) fail(`${buffer.length - at} bytes after the last section`);
	if (kind === 'sessions') {
		const ids = sections[0]!;
		if (ids.length % 8 !== 0) fail('user id dictionary length');
		const userIds: Array<number | null> = [];
		for (let i = 0; i < ids.length; i += 8) {
			const id = ids.readDoubleLE(i);
			if (Number.isNaN(id)) userIds.push(null);
			else if (Number.isSafeInteger(id)) userIds.push(id);
			else fail('user id dictionary holds a non-integer');
		}

		const logins = readStringList(sections[1]!, () => fail('login dictionary'));
		const hosts = readStringList(sections[2]!, () => fail('host dictionary'));
		if (hosts.includes(null)) fail('host dictionary holds a null');
		const cols = Object.fromEntries(SESSION_COLUMNS.map((name, i) => [name, sections[3 + i]!])) as unknown as SessionSegment['cols'];
		return {header, segment: {kind, rows: header.rows, t0: header.t0, userIds, logins, hosts: hosts as string[], cols}};
	}

	const lists = [0, 1, 2].map((i) => readStringList(sections[i]!, () => fail(`${['user', 'type', 'metadata'][i]} dictionary`)));
	if (lists.some((list) => list.includes(null))) fail('event dictionary holds a null');
	const cols = Object.fromEntries(EVENT_COLUMNS.map((name, i) => [name, sections[3 + i]!])) as unknown as EventSegment['cols'];
	const [users, types, metadata] = lists as [string[], string[], string[]];
	return {header, segment: {kind, rows: header.rows, t0: header.t0, users, types, metadata, cols}};
}

/** `crc32` as 8 hex digits (the manifest's and the messages' spelling). */
export function hex(value: number): string {
	return (value >>> 0).toString(16).padStart(8, '0');
}

function stringList(values: ReadonlyArray<string | null>): Uint8Array {
	const writer = new ByteWriter(16 + values.length * 8);
	writer.unsigned(values.length);
	const parts: Buffer[] = [];
	const head = writer.view().slice();
	parts.push(Buffer.from(head));
	for (const value of values) {
		const item = new ByteWriter(8);
		if (value === null) {
			item.unsigned(0);
			parts.push(Buffer.from(item.view()));
			continue;
		}

		const utf8 = Buffer.from(value, 'utf8');
		item.unsigned(utf8.length + 1);
		parts.push(Buffer.from(item.view()), utf8);
	}

	return Buffer.concat(parts);
}

function readStringList(bytes: Buffer, damaged: () => never): Array<string | null> {
	const reader = new ByteReader(bytes);
	const count = reader.unsigned();
	if (count > bytes.length) damaged();
	const values: Array<string | null> = [];
	for (let i = 0; i < count; i++) {
		if (reader.pos >= bytes.length) damaged();
		const length = reader.unsigned();
		if (length === 0) {
			values.push(null);
			continue;
		}

		const end = reader.pos + length - 1;
		if (end > bytes.length) damaged();
		values.push(bytes.toString('utf8', reader.pos, end));
		reader.pos = end;
	}

	if (!reader.exhaustedExactly()) damaged();
	return values;
}
