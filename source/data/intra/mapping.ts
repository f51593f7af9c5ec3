/**
 * 42 JSON → bigstat42 records. Tolerant: a row without an id or a parsable begin_at is skipped
 * (and counted by the caller); `user` may be the full summary or the webhook's {id, login, url}.
 */
import {loginPlaceholder, type Campus, type EventRecord, type SessionRecord} from '../../core/model.js';
import {isValidTimeZone, parseIsoTimestamp} from '../../core/time.js';
import {normaliseLocation} from '../importers/records.js';

type Json = Record<string, unknown>;

function asObject(value: unknown): Json | undefined {
	return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

function asInt(value: unknown): number | undefined {
	return typeof value === 'number' && Number.isSafeInteger(value) ? value : undefined;
}

function asTime(value: unknown): number | undefined {
	if (typeof value !== 'string') return undefined;
	const time = parseIsoTimestamp(value);
	return Number.isNaN(time) ? undefined : time;
}

/** Offset that keeps subscription ids (events_users) apart from event ids in the same table. */
export const SUBSCRIPTION_ID_OFFSET = 2 ** 40;

/** `/v2/campus/:id` → Campus; an unknown or missing time zone becomes UTC (reported by `zoneValid`). */
export function toCampus(body: unknown): {campus: Campus; zoneValid: boolean} | undefined {
	const json = asObject(body);
	const id = asInt(json?.['id']);
	if (json === undefined || id === undefined) return undefined;
	const zone = json['time_zone'];
	const zoneValid = typeof zone === 'string' && isValidTimeZone(zone);
	const name = typeof json['name'] === 'string' ? json['name'] : `campus ${id}`;
	return {campus: {id, name, timeZone: zoneValid ? zone : 'UTC'}, zoneValid};
}

/**
 * One location → SessionRecord, by the same rules as `import` (normaliseLocation: host and login
 * trimmed, a missing or empty host refused); undefined when the row is unusable (the sync counts it).
 */
export function toSessionRecord(row: unknown): SessionRecord | undefined {
	const record = normaliseLocation(row, 'UTC');
	return typeof record === 'string' ? undefined : record;
}

/** Minimal facts of an event kept while syncing subscriptions. */
export type EventInfo = {readonly id: number; readonly kind: string; readonly name: string; readonly begin: number; readonly end: number | null};

/** One 42 event → an event-log record (type = kind, time = begin_at, no user). */
export function toEventRecord(row: unknown): {record: EventRecord; info: EventInfo} | undefined {
	const json = asObject(row);
	if (json === undefined) return undefined;
	const id = asInt(json['id']);
	const begin = asTime(json['begin_at']);
	if (id === undefined || begin === undefined) return undefined;
	const kind = typeof json['kind'] === 'string' && json['kind'] !== '' ? json['kind'] : 'event';
	const name = typeof json['name'] === 'string' ? json['name'] : '';
	const location = typeof json['location'] === 'string' ? json['location'] : null;
	return {
		record: {id, user: null, type: kind, time: begin, metadata: JSON.stringify({event_id: id, name, location})},
		info: {id, kind, name, begin, end: asTime(json['end_at']) ?? null},
	};
}

/**
 * One events_users row → a per-user record: type `subscribed:<kind>` (so that subscriptions and the
 * events themselves count separately), time = the event's begin_at, user = login,
 * id = 2^40 + events_users.id (stable, and apart from the event ids).
 */
export function toSubscriptionRecord(row: unknown, event: EventInfo): EventRecord | undefined {
	const json = asObject(row);
	if (json === undefined) return undefined;
	const id = asInt(json['id']);
	if (id === undefined) return undefined;
	const user = asObject(json['user']);
	const login = typeof user?.['login'] === 'string' ? user['login'] : null;
	const userId = asInt(user?.['id']) ?? asInt(json['user_id']);
	return {
		id: SUBSCRIPTION_ID_OFFSET + id,
		user: login ?? (userId === undefined ? null : loginPlaceholder(userId)),
		type: `subscribed:${event.kind}`,
		time: event.begin,
		metadata: JSON.stringify({event_id: event.id, name: event.name}),
	};
}
