/**
 * Session list items (drill-downs, slot lists, anomaly lists) — built only for the few rows shown,
 * never in hot loops.
 */
import type {EpochMs, SessionTable} from '../model.js';
import {MINUTE} from '../time.js';
import {isoUtc} from './ranges.js';
import type {SessionListItem} from './types.js';

/** Row i as a list item; `minutes` runs to the end, or to `now` when the session is open. */
export function sessionListItem(table: SessionTable, i: number, now: EpochMs): SessionListItem {
	const begin = table.begin[i] ?? Number.NaN;
	const end = table.end[i] ?? Number.NaN;
	const open = Number.isNaN(end);
	const user = table.user[i] ?? -1;
	return {
		id: table.id[i] ?? Number.NaN,
		login: user < 0 ? null : (table.logins[user] ?? null),
		host: table.hosts[table.host[i] ?? -1] ?? '',
		begin: isoUtc(begin),
		end: open ? null : isoUtc(end),
		minutes: ((open ? now : end) - begin) / MINUTE,
	};
}

/** The newest `limit` of the given rows (rows in table order, i.e. begin asc), newest first. */
export function newestItems(
	table: SessionTable,
	rows: ArrayLike<number>,
	count: number,
	limit: number,
	now: EpochMs,
): SessionListItem[] {
	const items: SessionListItem[] = [];
	for (let k = count - 1; k >= 0 && items.length < limit; k--) {
		const row = rows[k];
		if (row !== undefined) items.push(sessionListItem(table, row, now));
	}

	return items;
}
