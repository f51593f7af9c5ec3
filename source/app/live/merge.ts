/**
 * Merging live changes into columnar tables without rebuilding them: updates of existing sessions
 * (a closure sets `end`) patch a copy of the `end` column, and rows that begin after the last row are
 * appended. Anything else (a change that reorders rows) falls back to a full, sorted rebuild.
 */
import {
	eventAt,
	eventTableFromRecords,
	sessionAt,
	sessionTableFromRecords,
	UserIdentities,
	type EventRecord,
	type EventTable,
	type SessionRecord,
	type SessionTable,
} from '../../core/model.js';

const idIndexes = new WeakMap<SessionTable, Map<number, number>>();

function idIndex(table: SessionTable): Map<number, number> {
	let index = idIndexes.get(table);
	if (!index) {
		index = new Map();
		for (let i = 0; i < table.size; i++) index.set(table.id[i] ?? Number.NaN, i);
		idIndexes.set(table, index);
	}

	return index;
}

function concat<T extends Float64Array | Int32Array>(a: T, values: readonly number[]): T {
	const out = new (a.constructor as new (length: number) => T)(a.length + values.length);
	out.set(a);
	out.set(values, a.length);
	return out;
}

function rebuildSessions(table: SessionTable, records: readonly SessionRecord[]): SessionTable {
	const all: SessionRecord[] = [];
	for (let i = 0; i < table.size; i++) all.push(sessionAt(table, i));
	return sessionTableFromRecords([...all, ...records]);
}

/** The table with `records` upserted by id (last record of an id wins). */
export function mergeSessions(table: SessionTable, records: readonly SessionRecord[]): SessionTable {
	if (records.length === 0) return table;
	const index = idIndex(table);
	const updates = new Map<number, SessionRecord>();
	const added = new Map<number, SessionRecord>();
	for (const record of records) (index.has(record.id) ? updates : added).set(record.id, record);
	// Only `end` may change in place; a moved begin, host or user reorders or re-keys rows.
	for (const [id, record] of updates) {
		const row = index.get(id) ?? -1;
		const current = sessionAt(table, row);
		if (current.begin !== record.begin || current.host !== record.host || current.login !== record.login) return rebuildSessions(table, records);
	}

	const appended = [...added.values()].sort((a, b) => a.begin - b.begin || a.id - b.id);
	const lastBegin = table.begin[table.size - 1] ?? -Infinity;
	const lastId = table.id[table.size - 1] ?? -Infinity;
	const first = appended[0];
	if (first && (first.begin < lastBegin || (first.begin === lastBegin && first.id < lastId))) return rebuildSessions(table, records);
	const end = updates.size > 0 ? new Float64Array(table.end) : table.end;
	for (const [id, record] of updates) end[index.get(id) ?? 0] = record.end ?? Number.NaN;
	if (appended.length === 0) return {...table, end};
	const users = UserIdentities.of(table);
	const hosts = [...table.hosts];
	const hostIndex = new Map(hosts.map((host, i) => [host, i]));
	const intern = (name: string, list: string[], map: Map<string, number>) => {
		let found = map.get(name);
		if (found === undefined) {
			found = list.length;
			list.push(name);
			map.set(name, found);
		}

		return found;
	};

	const user = appended.map((record) => users.user(record.userId, record.login));
	const host = appended.map((record) => intern(record.host, hosts, hostIndex));
	const merged: SessionTable = {
		size: table.size + appended.length,
		id: concat(table.id, appended.map((record) => record.id)),
		begin: concat(table.begin, appended.map((record) => record.begin)),
		end: concat(end, appended.map((record) => record.end ?? Number.NaN)),
		user: concat(table.user, user),
		host: concat(table.host, host),
		campus: concat(table.campus, appended.map((record) => record.campusId ?? -1)),
		logins: users.logins,
		userIds: users.userIds,
		hosts,
	};
	// The appended rows' ids are known: extend the index rather than rebuilding it next time.
	const nextIndex = new Map(index);
	appended.forEach((record, i) => nextIndex.set(record.id, table.size + i));
	idIndexes.set(merged, nextIndex);
	return merged;
}

/** The table with `records` added (appended when they come after the last event, else rebuilt). */
export function appendEvents(table: EventTable, records: readonly EventRecord[]): EventTable {
	if (records.length === 0) return table;
	const sorted = [...records].sort((a, b) => a.time - b.time || a.id - b.id);
	const lastTime = table.time[table.size - 1] ?? -Infinity;
	const first = sorted[0];
	if (!first || first.time < lastTime) {
		const all: EventRecord[] = [];
		for (let i = 0; i < table.size; i++) all.push(eventAt(table, i));
		return eventTableFromRecords([...all, ...records]);
	}

	const users = [...table.users];
	const types = [...table.types];
	const metadata = [...table.metadata];
	const maps = [users, types, metadata].map((list) => new Map(list.map((value, i) => [value, i])));
	const intern = (value: string, which: 0 | 1 | 2) => {
		const list = [users, types, metadata][which] ?? [];
		const map = maps[which] ?? new Map<string, number>();
		let found = map.get(value);
		if (found === undefined) {
			found = list.length;
			list.push(value);
			map.set(value, found);
		}

		return found;
	};

	return {
		size: table.size + sorted.length,
		id: concat(table.id, sorted.map((record) => record.id)),
		time: concat(table.time, sorted.map((record) => record.time)),
		user: concat(table.user, sorted.map((record) => (record.user === null ? -1 : intern(record.user, 0)))),
		type: concat(table.type, sorted.map((record) => intern(record.type, 1))),
		meta: concat(table.meta, sorted.map((record) => (record.metadata === null ? -1 : intern(record.metadata, 2)))),
		users,
		types,
		metadata,
	};
}
