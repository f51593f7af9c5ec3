/**
 * Hand-made, messy fixtures for the store tests, and helpers that compare tables by content
 * (dictionary order is an implementation detail; rows, order and values are not).
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {stableId} from '../../source/core/ids.js';
import {
	eventAt,
	eventTableFromRecords,
	sessionAt,
	sessionTableFromRecords,
	type EventRecord,
	type EventTable,
	type SessionRecord,
	type SessionTable,
} from '../../source/core/model.js';

/** A fresh temp directory; the store path inside it does not exist yet. */
export async function tempStorePath(): Promise<string> {
	const directory = await fs.mkdtemp(path.join(os.tmpdir(), 'bigstat42-store-'));
	return path.join(directory, 'store');
}

const at = (iso: string) => Date.parse(iso);

/** Sessions across three months: open ones, ms timestamps, hashed ids, unknown users, unicode. */
export const messySessions: readonly SessionRecord[] = [
	{id: 5_001, userId: 101, login: 'jdoe', host: 'c1r1s1', begin: at('2024-01-31T23:30:00Z'), end: at('2024-02-01T01:15:00Z'), campusId: 1},
	{id: 5_002, userId: 102, login: 'ömer', host: 'c1r1s2', begin: at('2024-02-01T08:00:00.250Z'), end: at('2024-02-01T09:59:59.999Z'), campusId: 1},
	{id: 5_003, userId: null, login: 'ghost', host: 'c1r1s1', begin: at('2024-02-01T08:00:00.250Z'), end: null, campusId: 1},
	{id: 5_000, userId: null, login: null, host: 'c2r9s9', begin: at('2024-02-01T08:00:00.250Z'), end: at('2024-02-01T08:00:00.250Z'), campusId: null},
	{id: stableId('old|jdoe|c1r1s1|2023'), userId: null, login: 'jdoe', host: 'c1r1s1', begin: at('2023-12-24T10:00:00Z'), end: at('2023-12-24T12:00:00Z'), campusId: null},
	{id: 5_004, userId: 103, login: null, host: '日本-c3', begin: at('2024-03-15T12:00:00Z'), end: at('2024-03-15T11:59:00Z'), campusId: 7},
	{id: 5_005, userId: 101, login: 'jdoe', host: 'c1r1s2', begin: at('2024-03-31T23:59:59.001Z'), end: null, campusId: 1},
	{id: 1, userId: 2_147_483_648, login: 'big', host: 'c1r1s3', begin: at('1969-12-31T23:59:58.5Z'), end: at('1970-01-01T00:00:01Z'), campusId: 0},
];

/** Events: null users and metadata, ms times, hashed ids, same-time ties. */
export const messyEvents: readonly EventRecord[] = [
	{id: 9_001, user: 'jdoe', type: 'login', time: at('2024-02-01T08:00:00Z'), metadata: null},
	{id: 9_000, user: null, type: 'power-cut', time: at('2024-02-01T08:00:00Z'), metadata: '{"room":"c1"}'},
	{id: stableId('evt|ömer'), user: 'ömer', type: 'exam', time: at('2024-03-02T10:00:00.123Z'), metadata: '{"exam":"C-00","note":"é"}'},
	{id: 9_002, user: 'ghost', type: 'login', time: at('2023-11-30T23:59:59.999Z'), metadata: '{}'},
];

/** Rows of a session table as records, in table order. */
export function sessionRows(table: SessionTable): SessionRecord[] {
	return Array.from({length: table.size}, (_, i) => sessionAt(table, i));
}

/** Rows of an event table as records, in table order. */
export function eventRows(table: EventTable): EventRecord[] {
	return Array.from({length: table.size}, (_, i) => eventAt(table, i));
}

/** What the store must return for these records (the model's own builder is the reference). */
export function expectedSessions(records: readonly SessionRecord[]): SessionRecord[] {
	return sessionRows(sessionTableFromRecords(records));
}

export function expectedEvents(records: readonly EventRecord[]): EventRecord[] {
	return eventRows(eventTableFromRecords(records));
}

/** Throws unless the table keeps the model's invariants (sorted by time then id, unique ids). */
export function assertSessionInvariants(table: SessionTable): void {
	assertSortedUnique(table.begin, table.id, table.size);
	for (let i = 0; i < table.size; i++) {
		const user = table.user[i]!;
		if (user < -1 || user >= table.logins.length) throw new Error(`row ${i}: user index ${user} out of range`);
		const host = table.host[i]!;
		if (host < 0 || host >= table.hosts.length) throw new Error(`row ${i}: host index ${host} out of range`);
	}

	if (table.userIds.length !== table.logins.length) throw new Error('userIds and logins differ in length');
}

export function assertEventInvariants(table: EventTable): void {
	assertSortedUnique(table.time, table.id, table.size);
}

function assertSortedUnique(time: Float64Array, id: Float64Array, size: number): void {
	const seen = new Set<number>();
	for (let i = 0; i < size; i++) {
		if (seen.has(id[i]!)) throw new Error(`duplicate id ${id[i]} at row ${i}`);
		seen.add(id[i]!);
		if (i > 0 && (time[i]! < time[i - 1]! || (time[i] === time[i - 1] && id[i]! <= id[i - 1]!))) {
			throw new Error(`rows ${i - 1} and ${i} out of order`);
		}
	}
}

/** Deterministic pseudo-random generator (mulberry32). */
export function seededRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d_2b_79_f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
	};
}
