/**
 * Batch validation: every record is checked before anything is written, and a bad one is named by
 * its position and id so that the importer's user can find it.
 */
import type {Campus, EventRecord, SessionRecord} from '../../core/model.js';
import {isValidTimeZone} from '../../core/time.js';
import {StoreError, type StoreBatch} from '../store-types.js';

/** Largest |id|: 42 ids are far below; `stableId` hashes stay within 2^52 (deltas stay exact). */
const MAX_ABS_ID = 2 ** 52;
/** The Date range: ±8.64e15 ms. */
const MAX_ABS_TIME = 8.64e15;

/** A validated batch with duplicate ids collapsed (the last record of an id wins). */
export type CleanBatch = {
	readonly campuses: readonly Campus[];
	readonly sessions: readonly SessionRecord[];
	readonly events: readonly EventRecord[];
	readonly syncState: Readonly<Record<string, unknown>> | undefined;
};

/** Validates a batch; throws a StoreError naming the first bad record and the reason. */
export function validateBatch(batch: StoreBatch, storePath: string): CleanBatch {
	const fail = (what: string): never => {
		throw new StoreError(`cannot commit to ${storePath}: ${what}`, storePath, 'nothing was written; fix or drop the record and retry');
	};

	const sessionRecords = batch.sessions ?? [];
	for (let position = 0; position < sessionRecords.length; position++) {
		const record = sessionRecords[position]!;
		// A record is checked cheaply first; the message (and its string) is only built for a bad one.
		if (!sessionLooksValid(record)) explainSession(record, position, fail);
	}

	const eventRecords = batch.events ?? [];
	for (let position = 0; position < eventRecords.length; position++) {
		const record = eventRecords[position]!;
		if (!eventLooksValid(record)) explainEvent(record, position, fail);
	}

	const campuses = new Map<number, Campus>();
	(batch.campuses ?? []).forEach((campus, position) => {
		const where = `campus #${position} (id ${String(campus?.id)})`;
		if (typeof campus !== 'object' || campus === null) fail(`${where} is not an object`);
		if (!Number.isSafeInteger(campus.id) || campus.id < 0) fail(`${where}: id must be a non-negative whole number`);
		if (typeof campus.name !== 'string') fail(`${where}: name must be a string`);
		if (typeof campus.timeZone !== 'string' || !isValidTimeZone(campus.timeZone)) {
			fail(`${where}: time zone ${JSON.stringify(campus.timeZone)} is not an IANA zone name`);
		}

		campuses.set(campus.id, {id: campus.id, name: campus.name, timeZone: campus.timeZone});
	});

	let syncState: Record<string, unknown> | undefined;
	if (batch.syncState !== undefined) {
		if (typeof batch.syncState !== 'object' || batch.syncState === null || Array.isArray(batch.syncState)) fail('syncState must be a plain object');
		try {
			// Round-trip through JSON: what is stored is exactly what a later read returns.
			syncState = JSON.parse(JSON.stringify(batch.syncState)) as Record<string, unknown>;
		} catch (error) {
			fail(`syncState is not JSON-serialisable (${(error as Error).message})`);
		}
	}

	return {campuses: [...campuses.values()], sessions: lastOfEachId(sessionRecords), events: lastOfEachId(eventRecords), syncState};
}

/**
 * `records` with duplicate ids collapsed: the last record of an id wins, at the place of its last
 * occurrence. Ids in ascending order (the usual batch) or without repeats (found by sorting a copy
 * of the ids) need no map: the batch is kept as it is.
 */
export function lastOfEachId<T extends {readonly id: number}>(records: readonly T[]): T[] {
	const count = records.length;
	let ascending = true;
	for (let i = 1; i < count; i++) {
		if (!(records[i]!.id > records[i - 1]!.id)) {
			ascending = false;
			break;
		}
	}

	if (!ascending) {
		const ids = new Float64Array(count);
		for (let i = 0; i < count; i++) ids[i] = records[i]!.id;
		ids.sort();
		for (let i = 1; i < count; i++) {
			if (ids[i] === ids[i - 1]) {
				const byId = new Map<number, T>();
				for (const record of records) {
					byId.delete(record.id);
					byId.set(record.id, record);
				}

				return [...byId.values()];
			}
		}
	}

	return records.slice();
}

function sessionLooksValid(record: SessionRecord): boolean {
	return (
		typeof record === 'object' &&
		record !== null &&
		isId(record.id) &&
		isTime(record.begin) &&
		(record.end === null || isTime(record.end)) &&
		typeof record.host === 'string' &&
		record.host !== '' &&
		(record.login === null || typeof record.login === 'string') &&
		(record.userId === null || Number.isSafeInteger(record.userId)) &&
		(record.campusId === null || (Number.isSafeInteger(record.campusId) && record.campusId >= 0))
	);
}

/** Fails with the first problem of a session record (the checks and messages of the contract). */
function explainSession(record: SessionRecord, position: number, fail: (what: string) => never): void {
	const where = `session #${position} (id ${String(record?.id)})`;
	if (typeof record !== 'object' || record === null) fail(`${where} is not an object`);
	checkId(record.id, where, fail);
	checkTime(record.begin, `${where}: begin`, fail);
	if (record.end !== null) checkTime(record.end, `${where}: end`, fail);
	if (typeof record.host !== 'string' || record.host === '') fail(`${where}: host must be a non-empty string, got ${JSON.stringify(record.host)}`);
	if (record.login !== null && typeof record.login !== 'string') fail(`${where}: login must be a string or null`);
	if (record.userId !== null && !Number.isSafeInteger(record.userId)) fail(`${where}: userId must be a whole number or null, got ${String(record.userId)}`);
	if (record.campusId !== null && (!Number.isSafeInteger(record.campusId) || record.campusId < 0)) {
		fail(`${where}: campusId must be a non-negative whole number or null, got ${String(record.campusId)}`);
	}
}

function eventLooksValid(record: EventRecord): boolean {
	return (
		typeof record === 'object' &&
		record !== null &&
		isId(record.id) &&
		isTime(record.time) &&
		typeof record.type === 'string' &&
		record.type !== '' &&
		(record.user === null || typeof record.user === 'string') &&
		(record.metadata === null || typeof record.metadata === 'string')
	);
}

/** Fails with the first problem of an event record. */
function explainEvent(record: EventRecord, position: number, fail: (what: string) => never): void {
	const where = `event #${position} (id ${String(record?.id)})`;
	if (typeof record !== 'object' || record === null) fail(`${where} is not an object`);
	checkId(record.id, where, fail);
	checkTime(record.time, `${where}: time`, fail);
	if (typeof record.type !== 'string' || record.type === '') fail(`${where}: type must be a non-empty string, got ${JSON.stringify(record.type)}`);
	if (record.user !== null && typeof record.user !== 'string') fail(`${where}: user must be a string or null`);
	if (record.metadata !== null && typeof record.metadata !== 'string') fail(`${where}: metadata must be JSON text or null`);
}

function isId(id: unknown): boolean {
	return typeof id === 'number' && Number.isSafeInteger(id) && Math.abs(id) <= MAX_ABS_ID;
}

function isTime(value: unknown): boolean {
	return typeof value === 'number' && Number.isInteger(value) && Math.abs(value) <= MAX_ABS_TIME;
}

function checkId(id: unknown, where: string, fail: (what: string) => never): void {
	if (typeof id !== 'number' || !Number.isSafeInteger(id) || Math.abs(id) > MAX_ABS_ID) {
		fail(`${where}: id must be a whole number within ±2^52, got ${String(id)}`);
	}
}

function checkTime(value: unknown, where: string, fail: (what: string) => never): void {
	if (typeof value !== 'number' || !Number.isInteger(value) || Math.abs(value) > MAX_ABS_TIME) {
		fail(`${where} must be whole epoch milliseconds, got ${String(value)}`);
	}
}
