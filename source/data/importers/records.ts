/**
 * Validation and normalisation of one input record into a SessionRecord or an EventRecord.
 * Each function returns the record, or a one-line reason when the record is bad (never throws).
 * Reasons quote data values through `describeValue` (JSON-quoted, truncated); the command strips
 * control characters before printing them.
 */
import type {EventRecord, SessionRecord} from '../../core/model.js';
import {stableId} from '../../core/ids.js';
import {parseTimestamp} from './timestamp.js';

/** What kind of records an input holds. */
export type RecordKind = 'locations' | 'bigstat42-sessions' | 'events';

type JsonObject = Record<string, unknown>;

/** Latest instant JavaScript dates can hold (±8.64e15 ms). */
const MAX_EPOCH_MS = 8.64e15;

function isObject(value: unknown): value is JsonObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isPositiveInteger(value: unknown): value is number {
	return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

/** "a string", "an object", "null"… for messages. */
export function typeName(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'an array';
	switch (typeof value) {
		case 'object': {
			return 'an object';
		}

		case 'string': {
			return 'a string';
		}

		case 'number': {
			return 'a number';
		}

		case 'boolean': {
			return 'a boolean';
		}

		default: {
			return typeof value;
		}
	}
}

/** A data value quoted for a message: strings JSON-quoted and cut at 60 characters, objects named. */
export function describeValue(value: unknown): string {
	if (typeof value === 'string') {
		return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
	}

	if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
	return typeName(value);
}

/**
 * Which kind of record a parsed value looks like, from its keys; null when it says nothing (bad
 * records, non-objects). The first recognisable record of an input decides the input's kind.
 */
export function classifyRecord(value: unknown): RecordKind | null {
	if (!isObject(value)) return null;
	if ('begin_at' in value || 'end_at' in value) return 'locations';
	if ('startTime' in value || 'endTime' in value) return 'bigstat42-sessions';
	if ('event_type' in value || 'action_type' in value || 'timestamp' in value) return 'events';
	if ('host' in value && 'id' in value) return 'locations';
	return null;
}

/** A required or optional ISO-8601 field: the instant, null when absent/null and allowed, or a reason. */
function isoField(record: JsonObject, key: string, naiveZone: string, required: boolean): number | null | string {
	const raw = record[key];
	if (raw === undefined || raw === null) return required ? (raw === null ? `${key} is null` : `${key} is missing`) : null;
	if (typeof raw !== 'string') return `${key} must be an ISO-8601 string, got ${typeName(raw)} ${describeValue(raw)}`;
	const time = parseTimestamp(raw, naiveZone);
	if (Number.isNaN(time)) return `${key} ${describeValue(raw)} is not a valid ISO-8601 timestamp`;
	return time;
}

/** The trimmed, non-empty host, or the reason it is bad. */
function hostField(record: JsonObject): {host: string} | {reason: string} {
	const raw = record['host'];
	if (raw === undefined || raw === null) return {reason: raw === null ? 'host is null' : 'host is missing'};
	if (typeof raw !== 'string') return {reason: `host must be a string, got ${typeName(raw)} ${describeValue(raw)}`};
	const host = raw.trim();
	if (host.length === 0) return {reason: 'host is empty'};
	return {host};
}

/**
 * A 42 API location → SessionRecord. Required: `id` (positive integer), `begin_at`, `host`.
 * `end_at` null or absent = open. `user` is the full summary, `{id, login, url}` or null;
 * a top-level `user_id` is used when `user` is absent or null. An end before the begin is kept, as
 * sync keeps it: the statistics report it as a `negative` anomaly and count it nowhere else,
 * and `export` → `import` gives back the same store.
 */
export function normaliseLocation(value: unknown, naiveZone: string): SessionRecord | string {
	if (!isObject(value)) return `expected a JSON object, got ${typeName(value)}`;
	const id = value['id'];
	if (id === undefined || id === null) return 'id is missing';
	if (!isPositiveInteger(id)) return `id ${describeValue(id)} is not a positive integer`;
	const begin = isoField(value, 'begin_at', naiveZone, true);
	if (typeof begin === 'string') return begin;
	const end = isoField(value, 'end_at', naiveZone, false);
	if (typeof end === 'string') return end;
	if (begin === null) return 'begin_at is missing';

	const hostOrReason = hostField(value);
	if ('reason' in hostOrReason) return hostOrReason.reason;
	const {host} = hostOrReason;
	const campus = value['campus_id'];
	if (campus !== undefined && campus !== null && !(typeof campus === 'number' && Number.isSafeInteger(campus))) {
		return `campus_id ${describeValue(campus)} is not an integer`;
	}

	let userId: number | null = null;
	let login: string | null = null;
	const user = value['user'];
	if (isObject(user)) {
		const rawId = user['id'];
		if (rawId !== undefined && rawId !== null) {
			if (!isPositiveInteger(rawId)) return `user.id ${describeValue(rawId)} is not a positive integer`;
			userId = rawId;
		}

		const rawLogin = user['login'];
		if (rawLogin !== undefined && rawLogin !== null) {
			if (typeof rawLogin !== 'string') return `user.login must be a string, got ${typeName(rawLogin)}`;
			login = rawLogin.trim() || null;
		}
	} else if (user === undefined || user === null) {
		const rawId = value['user_id'];
		if (rawId !== undefined && rawId !== null) {
			if (!isPositiveInteger(rawId)) return `user_id ${describeValue(rawId)} is not a positive integer`;
			userId = rawId;
		}
	} else {
		return `user must be an object or null, got ${typeName(user)}`;
	}

	return {
		id,
		userId,
		login,
		host,
		begin,
		end,
		campusId: typeof campus === 'number' ? campus : null,
	};
}

/** An epoch-ms field of the newer bigstat42 input: a positive integer within the date range. */
function epochField(record: JsonObject, key: string): number | null | string {
	const raw = record[key];
	if (raw === undefined || raw === null) return null;
	if (typeof raw === 'number' && Number.isSafeInteger(raw) && raw > 0 && raw <= MAX_EPOCH_MS) return raw;
	if (raw === 0) return `${key} 0 is not a valid time`;
	return `${key} ${describeValue(raw)} is not an epoch-milliseconds integer`;
}

/**
 * A newer bigstat42 session `{host, startTime, endTime}` (epoch ms) → SessionRecord.
 * endTime null or absent = open; endTime 0, a float or a string is a bad record, not "open"
 *. There is no id in the input: id = stableId("bigstat42:<host>:<startTime>").
 */
export function normaliseBigstatSession(value: unknown): SessionRecord | string {
	if (!isObject(value)) return `expected a JSON object, got ${typeName(value)}`;
	const hostOrReason = hostField(value);
	if ('reason' in hostOrReason) return hostOrReason.reason;
	const {host} = hostOrReason;
	const begin = epochField(value, 'startTime');
	if (begin === null) return value['startTime'] === null ? 'startTime is null' : 'startTime is missing';
	if (typeof begin === 'string') return begin;
	const end = epochField(value, 'endTime');
	if (typeof end === 'string') return `${end} (an open session has endTime null)`;
	return {
		id: stableId(`bigstat42:${host}:${begin}`),
		userId: null,
		login: null,
		host,
		begin,
		end,
		campusId: null,
	};
}

/**
 * Event records of both seed formats: `{user_id, timestamp, action_type}` (Mini Analytics) and
 * `{user_id, event_type, metadata, timestamp}` (stadistics-by-cuzzi, `event_metadata` accepted too).
 * Stateful: records without a usable `id` get stableId(content + occurrence number within the
 * input), so identical lines stay distinct and re-importing the same input yields the same ids.
 */
export class EventNormaliser {
	private readonly naiveZone: string;
	// Keyed by a hash (not the text) to keep memory near 40 bytes per distinct event.
	// V8 Maps hold at most 2^24 entries, so a new map starts every 8M.
	private readonly occurrences: Array<Map<number, number>> = [new Map()];

	constructor(naiveZone: string) {
		this.naiveZone = naiveZone;
	}

	/** The event, or the reason it is bad. */
	normalise(value: unknown): EventRecord | string {
		if (!isObject(value)) return `expected a JSON object, got ${typeName(value)}`;
		const rawType = value['event_type'] ?? value['action_type'];
		const typeKey = value['event_type'] === undefined || value['event_type'] === null ? 'action_type' : 'event_type';
		let type: string;
		if (typeof rawType === 'string') {
			type = rawType.trim();
			if (type.length === 0) return `${typeKey} is empty`;
		} else if (typeof rawType === 'number' && Number.isFinite(rawType)) {
			type = String(rawType);
		} else if (rawType === undefined || rawType === null) {
			return 'event_type (or action_type) is missing';
		} else {
			return `${typeKey} must be a string, got ${typeName(rawType)}`;
		}

		const rawUser = value['user_id'];
		let user: string | null = null;
		if (typeof rawUser === 'string') {
			user = rawUser.trim() || null;
		} else if (typeof rawUser === 'number' && Number.isFinite(rawUser)) {
			user = String(rawUser);
		} else if (rawUser !== undefined && rawUser !== null) {
			return `user_id must be a string or a number, got ${typeName(rawUser)}`;
		}

		const time = isoField(value, 'timestamp', this.naiveZone, true);
		if (typeof time === 'string') return time;
		if (time === null) return 'timestamp is missing';
		const rawMetadata = value['metadata'] ?? value['event_metadata'];
		if (nestedDeeperThan(rawMetadata, MAX_METADATA_DEPTH)) {
			return `metadata is nested deeper than ${MAX_METADATA_DEPTH} levels (arrays and objects within each other)`;
		}

		const metadata = rawMetadata === undefined || rawMetadata === null ? null : JSON.stringify(rawMetadata);
		const sourceId = value['id'];
		const id = isPositiveInteger(sourceId) ? sourceId : this.contentId(user, type, time, metadata);
		return {id, user, type, time, metadata};
	}

	private contentId(user: string | null, type: string, time: number, metadata: string | null): number {
		// Canonical content: normalised values, so CSV, NDJSON and JSON spellings of one event agree.
		// NUL separators cannot occur in a real user id or event type; empty user/metadata mean null.
		const content = `event:${user ?? ''}\u0000${type}\u0000${time}\u0000${metadata ?? ''}#`;
		// The first occurrence's id doubles as the map key: one hash per event unless it repeats.
		const first = stableId(`${content}1`);
		let seen = 0;
		for (const map of this.occurrences) seen += map.get(first) ?? 0;
		let current = this.occurrences.at(-1) ?? new Map<number, number>();
		if (current.size >= 8_000_000) {
			current = new Map();
			this.occurrences.push(current);
		}

		current.set(first, (current.get(first) ?? 0) + 1);
		return seen === 0 ? first : stableId(`${content}${seen + 1}`);
	}
}

/** Deepest metadata kept: arrays and objects nested in each other up to this many levels. */
export const MAX_METADATA_DEPTH = 64;

/**
 * True when arrays/objects nest deeper than `limit` levels in `value` (a scalar is depth 0).
 * Iterative, and it stops at the first path past the limit: a value nested 100,000 levels deep
 * (which JSON.parse accepts, but JSON.stringify cannot write back) costs no stack.
 */
export function nestedDeeperThan(value: unknown, limit: number): boolean {
	if (typeof value !== 'object' || value === null) return false;
	const stack: Array<{item: object; depth: number}> = [{item: value, depth: 1}];
	while (stack.length > 0) {
		const {item, depth} = stack.pop() ?? {item: {}, depth: 0};
		if (depth > limit) return true;
		for (const child of Array.isArray(item) ? item : Object.values(item)) {
			if (typeof child === 'object' && child !== null) stack.push({item: child, depth: depth + 1});
		}
	}

	return false;
}

/** CSV metadata text: empty → absent; JSON object/array text → that value; anything else → the text. */
export function csvMetadata(text: string): unknown {
	const trimmed = text.trim();
	if (trimmed.length === 0) return null;
	const first = trimmed.charCodeAt(0);
	if (first === 123 || first === 91) {
		try {
			return JSON.parse(trimmed) as unknown;
		} catch {
			// Not JSON after all: keep it as plain text.
		}
	}

	return text;
}
