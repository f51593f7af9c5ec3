/**
 * The data model shared by every layer. Plain records are used at the edges (importers, sync,
 * export); the statistics engine and the store work on columnar tables so that 1M sessions + 1M
 * events stay small in memory and fast to scan.
 */

/** Milliseconds since the Unix epoch, UTC. */
export type EpochMs = number;

/** A 42 campus. `timeZone` is an IANA zone name and drives every local-time statistic. */
export type Campus = {
	readonly id: number;
	readonly name: string;
	readonly timeZone: string;
};

/**
 * One session at one computer (the 42 API calls it a "location").
 * `end === null` means the session is still open (42: `end_at: null`).
 * Ids come from the 42 API; records without an id (older bigstat42 input) get a stable
 * negative id derived from their content (see `stableId` in `core/ids.ts`).
 */
export type SessionRecord = {
	readonly id: number;
	readonly userId: number | null;
	readonly login: string | null;
	readonly host: string;
	readonly begin: EpochMs;
	readonly end: EpochMs | null;
	readonly campusId: number | null;
};

/**
 * One event of a generic event log (user, type, timestamp, metadata).
 * `metadata` is kept as compact JSON text (or null) so that it can be dictionary-encoded.
 * Ids: the source's id when it has one (42 events), else a stable negative content hash.
 */
export type EventRecord = {
	readonly id: number;
	readonly user: string | null;
	readonly type: string;
	readonly time: EpochMs;
	readonly metadata: string | null;
};

/**
 * Sessions as columns. Row i is (id[i], begin[i], end[i], user[i], host[i], campus[i]).
 * Invariants kept by the store (and by every builder): rows sorted by begin ascending then id
 * ascending; ids unique; `end[i]` is NaN when the session is open; `user[i]` is -1 when the user
 * is unknown; `campus[i]` is -1 when unknown. Dictionaries are append-only per table.
 */
export type SessionTable = {
	readonly size: number;
	readonly id: Float64Array;
	readonly begin: Float64Array;
	readonly end: Float64Array;
	readonly user: Int32Array;
	readonly host: Int32Array;
	readonly campus: Int32Array;
	/** Login of each user index (may be an anonymised hash). */
	readonly logins: readonly string[];
	/** 42 user id of each user index, NaN when unknown. Same length as `logins`. */
	readonly userIds: readonly number[];
	/** Host name of each host index. */
	readonly hosts: readonly string[];
};

/**
 * Events as columns. Rows sorted by time ascending then id ascending; ids unique;
 * `user[i]` is -1 when the event has no user; `meta[i]` is -1 when it has no metadata.
 */
export type EventTable = {
	readonly size: number;
	readonly id: Float64Array;
	readonly time: Float64Array;
	readonly user: Int32Array;
	readonly type: Int32Array;
	readonly meta: Int32Array;
	readonly users: readonly string[];
	readonly types: readonly string[];
	readonly metadata: readonly string[];
};

/** An empty session table. */
export function emptySessionTable(): SessionTable {
	return {
		size: 0,
		id: new Float64Array(0),
		begin: new Float64Array(0),
		end: new Float64Array(0),
		user: new Int32Array(0),
		host: new Int32Array(0),
		campus: new Int32Array(0),
		logins: [],
		userIds: [],
		hosts: [],
	};
}

/** An empty event table. */
export function emptyEventTable(): EventTable {
	return {
		size: 0,
		id: new Float64Array(0),
		time: new Float64Array(0),
		user: new Int32Array(0),
		type: new Int32Array(0),
		meta: new Int32Array(0),
		users: [],
		types: [],
		metadata: [],
	};
}

/** An append-only string dictionary: interns strings, returning stable indexes. */
export class Interner {
	readonly values: string[] = [];
	private readonly index = new Map<string, number>();
	constructor(initial: readonly string[] = []) {
		for (const value of initial) this.add(value);
	}

	add(value: string): number {
		let found = this.index.get(value);
		if (found === undefined) {
			found = this.values.length;
			this.values.push(value);
			this.index.set(value, found);
		}

		return found;
	}
}

/** The login shown for a user known only by its 42 id, until a record names the login. */
export function loginPlaceholder(userId: number): string {
	return `#${userId}`;
}

/**
 * The user dictionary of a session table — the one rule of user identity. A user is its 42 id
 * when known, else its login. The first real login seen for an id names it; a `#id` placeholder
 * (from records that carry only the id) is replaced by the first real login, whichever record
 * or batch it comes in, so the answer never depends on batch boundaries. Append-only: indexes
 * stay valid.
 */
export class UserIdentities {
	readonly logins: string[] = [];
	/** The 42 id of each user, NaN for users known only by login. */
	readonly userIds: number[] = [];
	private readonly byId = new Map<number, number>();
	private readonly byLogin = new Map<string, number>();

	/** Identities that continue an existing table's. */
	static of(table: Pick<SessionTable, 'logins' | 'userIds'>): UserIdentities {
		const identities = new UserIdentities();
		for (let i = 0; i < table.logins.length; i++) {
			const userId = table.userIds[i] ?? Number.NaN;
			const login = table.logins[i] ?? '';
			identities.logins.push(login);
			identities.userIds.push(userId);
			if (Number.isNaN(userId)) identities.byLogin.set(login, i);
			else identities.byId.set(userId, i);
		}

		return identities;
	}

	/** Index of a user, -1 when both are null. */
	user(userId: number | null, login: string | null): number {
		if (userId === null) {
			if (login === null) return -1;
			let index = this.byLogin.get(login);
			if (index === undefined) {
				index = this.logins.length;
				this.logins.push(login);
				this.userIds.push(Number.NaN);
				this.byLogin.set(login, index);
			}

			return index;
		}

		let index = this.byId.get(userId);
		if (index === undefined) {
			index = this.logins.length;
			this.logins.push(login ?? loginPlaceholder(userId));
			this.userIds.push(userId);
			this.byId.set(userId, index);
		} else if (login !== null && this.logins[index] === loginPlaceholder(userId)) {
			this.logins[index] = login;
		}

		return index;
	}

	/** The login a stored user index stands for in a record: null for an unnamed `#id` placeholder. */
	static recordLogin(table: Pick<SessionTable, 'logins' | 'userIds'>, index: number): string | null {
		const login = table.logins[index] ?? '';
		const userId = table.userIds[index] ?? Number.NaN;
		return !Number.isNaN(userId) && login === loginPlaceholder(userId) ? null : login;
	}
}

/**
 * Builds a SessionTable from records: sorts by (begin, id) and keeps the last record of each id.
 * O(n log n); meant for tests, the demo campus and small batches — the store merges columns itself.
 */
export function sessionTableFromRecords(records: readonly SessionRecord[]): SessionTable {
	const byId = new Map<number, SessionRecord>();
	for (const record of records) byId.set(record.id, record);
	const rows = [...byId.values()].sort((a, b) => a.begin - b.begin || a.id - b.id);
	const users = new UserIdentities();
	const hosts = new Interner();
	const size = rows.length;
	const table = {
		size,
		id: new Float64Array(size),
		begin: new Float64Array(size),
		end: new Float64Array(size),
		user: new Int32Array(size),
		host: new Int32Array(size),
		campus: new Int32Array(size),
	};
	for (let i = 0; i < size; i++) {
		const row = rows[i]!;
		table.id[i] = row.id;
		table.begin[i] = row.begin;
		table.end[i] = row.end ?? Number.NaN;
		table.host[i] = hosts.add(row.host);
		table.campus[i] = row.campusId ?? -1;
		table.user[i] = users.user(row.userId, row.login);
	}
	// Same literal shape as the store's tables: code that takes both stays monomorphic.
	return {
		size,
		id: table.id,
		begin: table.begin,
		end: table.end,
		user: table.user,
		host: table.host,
		campus: table.campus,
		logins: users.logins,
		userIds: users.userIds,
		hosts: hosts.values,
	};
}

/** Builds an EventTable from records: sorts by (time, id), keeps the last record of each id. */
export function eventTableFromRecords(records: readonly EventRecord[]): EventTable {
	const byId = new Map<number, EventRecord>();
	for (const record of records) byId.set(record.id, record);
	const rows = [...byId.values()].sort((a, b) => a.time - b.time || a.id - b.id);
	const users = new Interner();
	const types = new Interner();
	const metadata = new Interner();
	const size = rows.length;
	const table = {
		size,
		id: new Float64Array(size),
		time: new Float64Array(size),
		user: new Int32Array(size),
		type: new Int32Array(size),
		meta: new Int32Array(size),
	};
	rows.forEach((row, i) => {
		table.id[i] = row.id;
		table.time[i] = row.time;
		table.user[i] = row.user === null ? -1 : users.add(row.user);
		table.type[i] = types.add(row.type);
		table.meta[i] = row.metadata === null ? -1 : metadata.add(row.metadata);
	});
	return {
		size,
		id: table.id,
		time: table.time,
		user: table.user,
		type: table.type,
		meta: table.meta,
		users: users.values,
		types: types.values,
		metadata: metadata.values,
	};
}

/** Row i of a session table as a record (for export and drill-down lists). */
export function sessionAt(table: SessionTable, i: number): SessionRecord {
	const user = table.user[i] ?? -1;
	const end = table.end[i] ?? Number.NaN;
	const campus = table.campus[i] ?? -1;
	return {
		id: table.id[i] ?? Number.NaN,
		userId: user < 0 ? null : Number.isNaN(table.userIds[user] ?? Number.NaN) ? null : (table.userIds[user] ?? null),
		login: user < 0 ? null : (table.logins[user] ?? null),
		host: table.hosts[table.host[i] ?? 0] ?? '',
		begin: table.begin[i] ?? Number.NaN,
		end: Number.isNaN(end) ? null : end,
		campusId: campus < 0 ? null : campus,
	};
}

/** Row i of an event table as a record. */
export function eventAt(table: EventTable, i: number): EventRecord {
	const user = table.user[i] ?? -1;
	const meta = table.meta[i] ?? -1;
	return {
		id: table.id[i] ?? Number.NaN,
		user: user < 0 ? null : (table.users[user] ?? null),
		type: table.types[table.type[i] ?? 0] ?? '',
		time: table.time[i] ?? Number.NaN,
		metadata: meta < 0 ? null : (table.metadata[meta] ?? null),
	};
}
