/**
 * Columnar segment codec: the in-memory form of a segment (string dictionaries and one varint byte
 * column each) and its encoding from / decoding into table columns. On disk a segment is a binary
 * file (segment-file.ts); stores of schema 1 kept it as JSON with base64 columns, which
 * `segmentFromLegacyJson` still reads. Rows are sorted by (time, id), which makes the columns
 * compress well as varints:
 *
 * | column   | encoding (per row unless noted)                                                   |
 * | -------- | --------------------------------------------------------------------------------- |
 * | `id`     | signed delta from the previous row's id (ids roughly follow time → 1–2 bytes)      |
 * | `time`   | unsigned delta in whole seconds from the previous row (`t0` = first row's second) |
 * | `end`    | sessions: signed (end second − begin second); 0 for open sessions                 |
 * | `open`   | sessions, sparse: row-index deltas of open sessions (end = NaN)                   |
 * | `ms`     | sparse: row-index delta + millisecond remainders of time (and end) when not .000 |
 * | `user` … | unsigned index into the segment's own dictionary, ordered by frequency (0 = none) |
 * | `campus` | sessions: run-length pairs (signed campus id or −1, unsigned run length)          |
 *
 * Dictionaries are per segment, so a delta segment is self-contained and O(rows) in size; the
 * loader maps each segment's dictionary onto the table's global one (O(dictionary), not O(rows)).
 */
import {Interner, UserIdentities, type EventTable, type SessionTable} from '../../core/model.js';
import {StoreError} from '../store-types.js';
import {ByteReader, ByteWriter} from './varint.js';

const LEGACY_SEGMENT_FORMAT = 'bigstat42-segment';
const LEGACY_SEGMENT_VERSION = 1;

type SegmentHeader = {
	readonly rows: number;
	/** Second of the first row's time (the base of the time deltas). */
	readonly t0: number;
};

/** A session segment in memory (its columns are views of the file's bytes). */
export type SessionSegment = SegmentHeader & {
	readonly kind: 'sessions';
	/** 42 user id of each local user (null when only the login is known). */
	readonly userIds: ReadonlyArray<number | null>;
	/** Login of each local user (null when only the 42 id is known). */
	readonly logins: ReadonlyArray<string | null>;
	readonly hosts: readonly string[];
	readonly cols: Readonly<Record<SessionColumnName, Uint8Array>>;
};

/** The byte columns of a session segment, in file order. */
export const SESSION_COLUMNS = ['id', 'time', 'end', 'open', 'ms', 'user', 'host', 'campus'] as const;
export type SessionColumnName = (typeof SESSION_COLUMNS)[number];
/** The byte columns of an event segment, in file order. */
export const EVENT_COLUMNS = ['id', 'time', 'ms', 'user', 'type', 'meta'] as const;
export type EventColumnName = (typeof EVENT_COLUMNS)[number];

export type EventSegment = SegmentHeader & {
	readonly kind: 'events';
	readonly users: readonly string[];
	readonly types: readonly string[];
	readonly metadata: readonly string[];
	readonly cols: Readonly<Record<EventColumnName, Uint8Array>>;
};

export type Segment = SessionSegment | EventSegment;

// ---------------------------------------------------------------------------------------------
// Global dictionaries (the table side)

/** Session dictionaries of one table: users by the model's identity rule (UserIdentities), hosts interned. */
export class SessionDictionaries {
	readonly users: UserIdentities;
	readonly hosts: string[] = [];
	private readonly hostIndex = new Map<string, number>();

	constructor(users = new UserIdentities()) {
		this.users = users;
	}

	get logins(): string[] {
		return this.users.logins;
	}

	get userIds(): number[] {
		return this.users.userIds;
	}

	/** Dictionaries that continue an existing table's (indexes stay valid: append-only). */
	static of(table: SessionTable): SessionDictionaries {
		const dictionaries = new SessionDictionaries(UserIdentities.of(table));
		for (const host of table.hosts) dictionaries.host(host);
		return dictionaries;
	}

	/** Index of a user, -1 when both are null. A real login replaces a `#id` placeholder. */
	user(userId: number | null, login: string | null): number {
		return this.users.user(userId, login);
	}

	host(name: string): number {
		let index = this.hostIndex.get(name);
		if (index === undefined) {
			index = this.hosts.length;
			this.hosts.push(name);
			this.hostIndex.set(name, index);
		}

		return index;
	}
}

/** Event dictionaries of one table. */
export class EventDictionaries {
	readonly users: Interner;
	readonly types: Interner;
	readonly metadata: Interner;

	constructor(table?: EventTable) {
		this.users = new Interner(table?.users);
		this.types = new Interner(table?.types);
		this.metadata = new Interner(table?.metadata);
	}
}

// ---------------------------------------------------------------------------------------------
// Encoding

/** Encodes rows [from, to) of a session table (already sorted by begin, id). */
export function encodeSessions(table: SessionTable, from: number, to: number): SessionSegment {
	const rows = to - from;
	const users = localDictionary(table.user, from, to, table.logins.length);
	const hosts = localDictionary(table.host, from, to, table.hosts.length);
	const id = new ByteWriter(rows * 2);
	const time = new ByteWriter(rows * 2);
	const end = new ByteWriter(rows * 3);
	const open = new ByteWriter(16);
	const ms = new ByteWriter(16);
	const user = new ByteWriter(rows * 2);
	const host = new ByteWriter(rows * 2);
	const campus = new ByteWriter(16);
	const t0 = rows > 0 ? Math.floor((table.begin[from] ?? 0) / 1000) : 0;
	let previousId = 0;
	let previousSecond = t0;
	let previousOpen = 0;
	let previousMs = 0;
	let runCampus = table.campus[from] ?? -1;
	let runLength = 0;
	for (let i = from; i < to; i++) {
		const row = i - from;
		const rowId = table.id[i]!;
		id.signed(rowId - previousId);
		previousId = rowId;
		const begin = table.begin[i]!;
		const second = Math.floor(begin / 1000);
		time.unsigned(second - previousSecond);
		previousSecond = second;
		const beginMs = begin - second * 1000;
		const endValue = table.end[i]!;
		let endMs = 0;
		if (Number.isNaN(endValue)) {
			end.signed(0);
			open.unsigned(row - previousOpen);
			previousOpen = row;
		} else {
			const endSecond = Math.floor(endValue / 1000);
			end.signed(endSecond - second);
			endMs = endValue - endSecond * 1000;
		}

		if (beginMs !== 0 || endMs !== 0) {
			ms.unsigned(row - previousMs);
			ms.unsigned(beginMs);
			ms.unsigned(endMs);
			previousMs = row;
		}

		const userIndex = table.user[i]!;
		user.unsigned(userIndex < 0 ? 0 : users.local[userIndex]! + 1);
		host.unsigned(hosts.local[table.host[i]!]!);
		const campusId = table.campus[i]!;
		if (campusId === runCampus) {
			runLength++;
		} else {
			campus.signed(runCampus);
			campus.unsigned(runLength);
			runCampus = campusId;
			runLength = 1;
		}
	}

	if (runLength > 0) {
		campus.signed(runCampus);
		campus.unsigned(runLength);
	}

	return {
		kind: 'sessions',
		rows,
		t0,
		userIds: users.globals.map((index) => {
			const userId = table.userIds[index] ?? Number.NaN;
			return Number.isNaN(userId) ? null : userId;
		}),
		logins: users.globals.map((index) => {
			// A `#id` placeholder is not a login: store null so that a real login can replace it later.
			return UserIdentities.recordLogin(table, index);
		}),
		hosts: hosts.globals.map((index) => table.hosts[index] ?? ''),
		cols: {
			id: id.view(),
			time: time.view(),
			end: end.view(),
			open: open.view(),
			ms: ms.view(),
			user: user.view(),
			host: host.view(),
			campus: campus.view(),
		},
	};
}

/** Encodes rows [from, to) of an event table (already sorted by time, id). */
export function encodeEvents(table: EventTable, from: number, to: number): EventSegment {
	const rows = to - from;
	const users = localDictionary(table.user, from, to, table.users.length);
	const types = localDictionary(table.type, from, to, table.types.length);
	const metadata = localDictionary(table.meta, from, to, table.metadata.length);
	const id = new ByteWriter(rows * 2);
	const time = new ByteWriter(rows * 2);
	const ms = new ByteWriter(16);
	const user = new ByteWriter(rows * 2);
	const type = new ByteWriter(rows);
	const meta = new ByteWriter(rows);
	const t0 = rows > 0 ? Math.floor((table.time[from] ?? 0) / 1000) : 0;
	let previousId = 0;
	let previousSecond = t0;
	let previousMs = 0;
	for (let i = from; i < to; i++) {
		const row = i - from;
		const rowId = table.id[i]!;
		id.signed(rowId - previousId);
		previousId = rowId;
		const instant = table.time[i]!;
		const second = Math.floor(instant / 1000);
		time.unsigned(second - previousSecond);
		previousSecond = second;
		const remainder = instant - second * 1000;
		if (remainder !== 0) {
			ms.unsigned(row - previousMs);
			ms.unsigned(remainder);
			previousMs = row;
		}

		const userIndex = table.user[i]!;
		user.unsigned(userIndex < 0 ? 0 : users.local[userIndex]! + 1);
		type.unsigned(types.local[table.type[i]!]!);
		const metaIndex = table.meta[i]!;
		meta.unsigned(metaIndex < 0 ? 0 : metadata.local[metaIndex]! + 1);
	}

	return {
		kind: 'events',
		rows,
		t0,
		users: users.globals.map((index) => table.users[index] ?? ''),
		types: types.globals.map((index) => table.types[index] ?? ''),
		metadata: metadata.globals.map((index) => table.metadata[index] ?? ''),
		cols: {
			id: id.view(),
			time: time.view(),
			ms: ms.view(),
			user: user.view(),
			type: type.view(),
			meta: meta.view(),
		},
	};
}

/**
 * The distinct global indexes used by rows [from, to), most frequent first (frequent values get
 * one-byte varints), and the global → local mapping.
 */
function localDictionary(
	column: Int32Array,
	from: number,
	to: number,
	globalSize: number,
): {globals: number[]; local: Int32Array} {
	// Each loop is its own function: code after a loop that got optimised on stack has no type
	// feedback, and this runs once per commit (it deoptimised on every call when inline).
	const counts = countIndexes(column, from, to, globalSize);
	const globals = usedIndexes(counts);
	globals.sort((a, b) => counts[b]! - counts[a]! || a - b);
	return {globals, local: inverse(globals, globalSize)};
}

function countIndexes(column: Int32Array, from: number, to: number, globalSize: number): Uint32Array {
	const counts = new Uint32Array(globalSize);
	for (let i = from; i < to; i++) {
		const index = column[i]!;
		if (index >= 0) counts[index]!++;
	}

	return counts;
}

function usedIndexes(counts: Uint32Array): number[] {
	const used: number[] = [];
	for (let index = 0; index < counts.length; index++) if (counts[index]! > 0) used.push(index);
	return used;
}

/** global → local index (-1 when unused). */
function inverse(globals: readonly number[], globalSize: number): Int32Array {
	const local = new Int32Array(globalSize).fill(-1);
	for (let localIndex = 0; localIndex < globals.length; localIndex++) local[globals[localIndex]!] = localIndex;
	return local;
}

// ---------------------------------------------------------------------------------------------
// Decoding

/** Session columns being filled by the loader. */
export type SessionColumns = {
	readonly id: Float64Array;
	readonly begin: Float64Array;
	readonly end: Float64Array;
	readonly user: Int32Array;
	readonly host: Int32Array;
	readonly campus: Int32Array;
};

/** Event columns being filled by the loader. */
export type EventColumns = {
	readonly id: Float64Array;
	readonly time: Float64Array;
	readonly user: Int32Array;
	readonly type: Int32Array;
	readonly meta: Int32Array;
};

/**
 * A schema-1 segment file (JSON, base64 columns) as a segment; throws a StoreError naming the file
 * when its shape is wrong.
 */
export function segmentFromLegacyJson(value: unknown, file: string, kind: 'sessions' | 'events'): Segment {
	const fail = (why: string): never => {
		throw new StoreError(`segment ${file} is damaged: ${why}`, file, DAMAGED_HINT);
	};

	if (typeof value !== 'object' || value === null) return fail('not a JSON object');
	const segment = value as Record<string, unknown>;
	if (segment['format'] !== LEGACY_SEGMENT_FORMAT) fail('not a bigstat42 segment');
	if (segment['version'] !== LEGACY_SEGMENT_VERSION) fail(`unknown segment version ${String(segment['version'])}`);
	if (segment['kind'] !== kind) fail(`expected ${kind}, found ${String(segment['kind'])}`);
	const rows = segment['rows'];
	const t0 = segment['t0'];
	if (typeof rows !== 'number' || !Number.isSafeInteger(rows) || rows < 0 || typeof t0 !== 'number' || !Number.isSafeInteger(t0)) fail('bad row count or t0');
	const cols = segment['cols'];
	if (typeof cols !== 'object' || cols === null) return fail('columns missing');
	const names: readonly string[] = kind === 'sessions' ? SESSION_COLUMNS : EVENT_COLUMNS;
	const bytes: Record<string, Uint8Array> = {};
	for (const name of names) {
		const text = (cols as Record<string, unknown>)[name];
		if (typeof text !== 'string' || !/^[A-Za-z\d+/]*={0,2}$/.test(text)) fail(`column ${name} missing or not base64`);
		bytes[name] = Buffer.from(text as string, 'base64');
	}

	const lists = kind === 'sessions' ? ['userIds', 'logins', 'hosts'] : ['users', 'types', 'metadata'];
	for (const name of lists) if (!Array.isArray(segment[name])) fail(`dictionary ${name} missing`);
	if (kind === 'sessions') {
		const userIds = (segment['userIds'] as unknown[]).map((id) => {
			if (id !== null && (typeof id !== 'number' || !Number.isSafeInteger(id))) fail('user id dictionary holds a non-integer');
			return id as number | null;
		});
		const logins = segment['logins'] as unknown[];
		if (logins.some((login) => login !== null && typeof login !== 'string')) fail('login dictionary holds a non-string');
		const hosts = segment['hosts'] as unknown[];
		if (hosts.some((host) => typeof host !== 'string')) fail('host dictionary holds a non-string');
		return {kind, rows: rows as number, t0: t0 as number, userIds, logins: logins as Array<string | null>, hosts: hosts as string[], cols: bytes as SessionSegment['cols']};
	}

	for (const name of lists) if ((segment[name] as unknown[]).some((value) => typeof value !== 'string')) fail(`dictionary ${name} holds a non-string`);
	return {
		kind,
		rows: rows as number,
		t0: t0 as number,
		users: segment['users'] as string[],
		types: segment['types'] as string[],
		metadata: segment['metadata'] as string[],
		cols: bytes as EventSegment['cols'],
	};
}

/** What a damaged-segment error suggests. */
export const DAMAGED_HINT = 'restore the store from a backup, or run `bigstat42 store repair`; nothing was overwritten';

/**
 * Decodes a session segment into `out` at `offset`, mapping its dictionaries onto `dictionaries`.
 * Returns the number of rows written. Any inconsistency (truncated column, index out of range,
 * rows out of order) throws a StoreError naming `file`.
 */
export function decodeSessions(
	segment: SessionSegment,
	file: string,
	out: SessionColumns,
	offset: number,
	dictionaries: SessionDictionaries,
): number {
	const rows = segment.rows;
	const damaged = (why: string) =>
		new StoreError(`segment ${file} is damaged: ${why}`, file, DAMAGED_HINT);
	if (segment.logins.length !== segment.userIds.length) throw damaged('user dictionary lengths differ');
	// The loops live in helpers: this function then stays small and is never optimised on stack
	// with every reader inlined (three ~30 ms compiles of it on a cold load otherwise).
	const userMap = mapUsers(segment, dictionaries);
	const hostMap = mapHosts(segment.hosts, dictionaries);

	const {id, begin, end, user, host, campus} = out;
	const last = offset + rows;
	let bytes = segment.cols.id;
	if (readIds(bytes, id, offset, last) !== bytes.length) throw damaged('id column length');
	bytes = segment.cols.time;
	if (readSeconds(bytes, begin, offset, last, segment.t0) !== bytes.length) throw damaged('time column length');
	bytes = segment.cols.end;
	if (readEnds(bytes, end, begin, offset, last) !== bytes.length) throw damaged('end column length');

	let reader = new ByteReader(segment.cols.open);
	for (let row = 0; reader.pos < reader.bytes.length; ) {
		row += reader.unsigned();
		if (row >= rows) throw damaged('open row out of range');
		end[offset + row] = Number.NaN;
	}

	reader = new ByteReader(segment.cols.ms);
	for (let row = 0; reader.pos < reader.bytes.length; ) {
		row += reader.unsigned();
		const beginMs = reader.unsigned();
		const endMs = reader.unsigned();
		if (row >= rows || beginMs > 999 || endMs > 999) throw damaged('millisecond entry out of range');
		begin[offset + row] = begin[offset + row]! + beginMs;
		// end was derived from the whole-second begin, so only its own remainder is added.
		end[offset + row] = end[offset + row]! + endMs;
	}

	if (!reader.exhaustedExactly()) throw damaged('ms column length');

	decodeCodes(segment.cols.user, userMap, user, offset, last, () => damaged('user column'));
	decodeCodes(segment.cols.host, hostMap, host, offset, last, () => damaged('host column'));

	reader = new ByteReader(segment.cols.campus);
	let at = offset;
	while (reader.pos < reader.bytes.length) {
		const value = reader.signed();
		const run = reader.unsigned();
		if (at + run > last) throw damaged('campus runs longer than the segment');
		campus.fill(value, at, at + run);
		at += run;
	}

	if (at !== last) throw damaged('campus runs shorter than the segment');
	checkOrder(begin, id, offset, last, damaged);
	return rows;
}

/** Decodes an event segment into `out` at `offset` (see decodeSessions). */
export function decodeEvents(
	segment: EventSegment,
	file: string,
	out: EventColumns,
	offset: number,
	dictionaries: EventDictionaries,
): number {
	const rows = segment.rows;
	const damaged = (why: string) =>
		new StoreError(`segment ${file} is damaged: ${why}`, file, DAMAGED_HINT);
	const userMap = mapDictionary(segment.users, dictionaries.users, 1);
	const typeMap = mapDictionary(segment.types, dictionaries.types, 0);
	const metaMap = mapDictionary(segment.metadata, dictionaries.metadata, 1);
	const {id, time, user, type, meta} = out;
	const last = offset + rows;
	let bytes = segment.cols.id;
	if (readIds(bytes, id, offset, last) !== bytes.length) throw damaged('id column length');
	bytes = segment.cols.time;
	if (readSeconds(bytes, time, offset, last, segment.t0) !== bytes.length) throw damaged('time column length');

	const reader = new ByteReader(segment.cols.ms);
	for (let row = 0; reader.pos < reader.bytes.length; ) {
		row += reader.unsigned();
		const remainder = reader.unsigned();
		if (row >= rows || remainder > 999) throw damaged('millisecond entry out of range');
		time[offset + row] = time[offset + row]! + remainder;
	}

	if (!reader.exhaustedExactly()) throw damaged('ms column length');
	decodeCodes(segment.cols.user, userMap, user, offset, last, () => damaged('user column'));
	decodeCodes(segment.cols.type, typeMap, type, offset, last, () => damaged('type column'));
	decodeCodes(segment.cols.meta, metaMap, meta, offset, last, () => damaged('meta column'));
	checkOrder(time, id, offset, last, damaged);
	return rows;
}

/** Local → global user map of a session segment; code 0 means "none" (-1). */
function mapUsers(segment: SessionSegment, dictionaries: SessionDictionaries): Int32Array {
	const userMap = new Int32Array(segment.logins.length + 1);
	userMap[0] = -1;
	for (let i = 0; i < segment.logins.length; i++) {
		userMap[i + 1] = dictionaries.user(segment.userIds[i] ?? null, segment.logins[i] ?? null);
	}

	return userMap;
}

function mapHosts(hosts: readonly string[], dictionaries: SessionDictionaries): Int32Array {
	const hostMap = new Int32Array(hosts.length);
	for (let i = 0; i < hosts.length; i++) hostMap[i] = dictionaries.host(String(hosts[i]));
	return hostMap;
}

/** Local → global map; with `reserved` = 1, code 0 means "none" (-1). */
function mapDictionary(values: readonly string[], target: Interner, reserved: 0 | 1): Int32Array {
	const map = new Int32Array(values.length + reserved);
	if (reserved) map[0] = -1;
	for (let i = 0; i < values.length; i++) map[i + reserved] = target.add(String(values[i]));
	return map;
}

function decodeCodes(bytes: Uint8Array, map: Int32Array, out: Int32Array, from: number, to: number, damaged: () => Error): void {
	if (readCodes(bytes, map, out, from, to) !== bytes.length) throw damaged();
}

/** Maps dictionary codes through `map`; the bytes consumed, or -1 for a code outside `map`. */
function readCodes(bytes: Uint8Array, map: Int32Array, out: Int32Array, from: number, to: number): number {
	let pos = 0;
	for (let i = from; i < to; i++) {
		let byte = bytes[pos++]!;
		let code = byte & 0x7f;
		// Dictionary codes fit in 28 bits, so shifts are safe here.
		for (let shift = 7; byte >= 0x80 && shift < 28; shift += 7) {
			byte = bytes[pos++]!;
			code |= (byte & 0x7f) << shift;
		}

		const value = map[code];
		if (value === undefined) return -1;
		out[i] = value;
	}

	return pos;
}

// The hot loops below inline the varint decoding of ByteReader (a local position is markedly
// faster than a field). Reading past the end yields undefined → 0; the final length check catches it.
// They return the bytes consumed and the caller compares: an operation first reached after a loop
// that was optimised on stack has no type feedback, and the cached on-stack code would deoptimise
// there on every later call (one column per segment).

/** id column: running sum of signed deltas. */
function readIds(bytes: Uint8Array, out: Float64Array, from: number, to: number): number {
	let pos = 0;
	let value = 0;
	for (let i = from; i < to; i++) {
		const first = bytes[pos++]!;
		let magnitude = (first >> 1) & 0x3f;
		if (first >= 0x80) {
			let byte: number;
			let scale = 0x40;
			do {
				byte = bytes[pos++]!;
				magnitude += (byte & 0x7f) * scale;
				scale *= 0x80;
			} while (byte >= 0x80 && scale <= 2 ** 56);
		}

		// Branch-free sign: a first negative delta must not throw the optimised loop out.
		value += (1 - 2 * (first & 1)) * magnitude;
		out[i] = value;
	}

	return pos;
}

/** time column: running sum of unsigned second deltas from t0, in ms. */
function readSeconds(bytes: Uint8Array, out: Float64Array, from: number, to: number, t0: number): number {
	let pos = 0;
	let value = t0;
	for (let i = from; i < to; i++) {
		let byte = bytes[pos++]!;
		let delta = byte & 0x7f;
		if (byte >= 0x80) {
			let scale = 0x80;
			do {
				byte = bytes[pos++]!;
				delta += (byte & 0x7f) * scale;
				scale *= 0x80;
			} while (byte >= 0x80 && scale <= 2 ** 56);
		}

		value += delta;
		out[i] = value * 1000;
	}

	return pos;
}

/** end column: signed seconds after the (whole-second) begin. */
function readEnds(bytes: Uint8Array, end: Float64Array, begin: Float64Array, from: number, to: number): number {
	let pos = 0;
	for (let i = from; i < to; i++) {
		const first = bytes[pos++]!;
		let magnitude = (first >> 1) & 0x3f;
		if (first >= 0x80) {
			let byte: number;
			let scale = 0x40;
			do {
				byte = bytes[pos++]!;
				magnitude += (byte & 0x7f) * scale;
				scale *= 0x80;
			} while (byte >= 0x80 && scale <= 2 ** 56);
		}

		end[i] = begin[i]! + (1 - 2 * (first & 1)) * magnitude * 1000;
	}

	return pos;
}

function checkOrder(time: Float64Array, id: Float64Array, from: number, to: number, damaged: (why: string) => Error): void {
	for (let i = from + 1; i < to; i++) {
		const t = time[i]!;
		const previous = time[i - 1]!;
		if (t < previous || (t === previous && id[i]! <= id[i - 1]!)) throw damaged(`rows out of order at row ${i - from}`);
	}
}
