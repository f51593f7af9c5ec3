/**
 * Row selection for the range API (`sessionsInRange` / `eventsInRange`): which rows of a table a
 * query of [from, to) needs, copied into a table of the same shape (dictionaries shared).
 */
import type {EventTable, SessionTable} from '../../core/model.js';
import {lowerBound} from '../../core/stats/ranges.js';

/**
 * The rows of `table` (sorted by begin) a session query of [from, to) needs: begin in
 * [from − lookbackMs, to), plus earlier rows that are open or end after `from`.
 */
export function selectSessions(table: SessionTable, from: number, to: number, lookbackMs: number): SessionTable {
	const windowStart = from - Math.max(0, lookbackMs);
	const first = lowerBound(table.begin, windowStart);
	const last = Math.max(first, lowerBound(table.begin, to));
	const {end} = table;
	const rows: number[] = [];
	for (let i = 0; i < first; i++) {
		const value = end[i]!;
		if (value !== value || value > from) rows.push(i);
	}

	if (rows.length === 0 && first === 0 && last === table.size) return table;
	const size = rows.length + (last - first);
	const pick = <A extends Float64Array | Int32Array>(column: A, make: (size: number) => A): A => {
		const out = make(size);
		for (let k = 0; k < rows.length; k++) out[k] = column[rows[k]!]!;
		out.set(column.subarray(first, last), rows.length);
		return out;
	};

	const f64 = (n: number) => new Float64Array(n);
	const i32 = (n: number) => new Int32Array(n);
	return {
		size,
		id: pick(table.id, f64),
		begin: pick(table.begin, f64),
		end: pick(table.end, f64),
		user: pick(table.user, i32),
		host: pick(table.host, i32),
		campus: pick(table.campus, i32),
		logins: table.logins,
		userIds: table.userIds,
		hosts: table.hosts,
	};
}

/** The rows of `table` (sorted by time) whose time lies in [from, to): views, no copy. */
export function selectEvents(table: EventTable, from: number, to: number): EventTable {
	const first = lowerBound(table.time, from);
	const last = Math.max(first, lowerBound(table.time, to));
	if (first === 0 && last === table.size) return table;
	return {
		size: last - first,
		id: table.id.subarray(first, last),
		time: table.time.subarray(first, last),
		user: table.user.subarray(first, last),
		type: table.type.subarray(first, last),
		meta: table.meta.subarray(first, last),
		users: table.users,
		types: table.types,
		metadata: table.metadata,
	};
}
