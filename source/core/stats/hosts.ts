/**
 * Host figures: the ranked host table, one host's drill-down and the host × hour matrix.
 * Seat-hours of a host are the union of its sessions' occupancy (a seat is never occupied twice).
 */
import type {SessionTable} from '../model.js';
import {HOUR, MINUTE} from '../time.js';
import {foldPieces, groupTouching, hours, spreadOverPieces} from './occupancy.js';
import {isoUtc} from './ranges.js';
import {compareKeys} from './ranking.js';
import {newestItems} from './session-list.js';
import {SessionCursor, type SessionScan} from './session-scan.js';
import type {HostDetail, HostRow} from './types.js';

/** The per-host figures a host row reads: a SessionScan, or a SessionSweep fed in chunks. */
export type HostFigures = Pick<
	SessionScan,
	'context' | 'hostStarts' | 'hostSeatMs' | 'hostDurationMs' | 'hostDurationCount' | 'hostLastSeen' | 'hostOccupantUser'
>;

/** Hours of [from, min(to, now)) — the utilisation denominator. */
function rangeHours(scan: HostFigures): number {
	return hours(scan.context.end - scan.context.from);
}

/** One host's row from the figures; `users` is the distinct-user count computed by the caller. */
function hostRow(dictionaries: Pick<SessionTable, 'hosts' | 'logins'>, scan: HostFigures, host: number, users: number): HostRow {
	const seatMs = scan.hostSeatMs[host] ?? 0;
	const durationCount = scan.hostDurationCount[host] ?? 0;
	const lastSeen = scan.hostLastSeen[host] ?? Number.NaN;
	const occupantUser = scan.hostOccupantUser[host] ?? -1;
	const available = rangeHours(scan);
	return {
		host: dictionaries.hosts[host] ?? '',
		sessions: scan.hostStarts[host] ?? 0,
		seatHours: hours(seatMs),
		meanMinutes: durationCount > 0 ? (scan.hostDurationMs[host] ?? 0) / durationCount / MINUTE : null,
		utilisation: available > 0 ? (hours(seatMs) / available) * 100 : 0,
		lastSeen: Number.isNaN(lastSeen) ? null : isoUtc(lastSeen),
		users,
		occupant: occupantUser < 0 ? null : (dictionaries.logins[occupantUser] ?? null),
	};
}

/**
 * Hosts touching the range, seat-hours desc then host asc; the first `limit` only when given.
 * The order does not depend on the user counts, so `usersOf` counts them for the kept hosts only.
 */
export function rankedHostRows(
	dictionaries: Pick<SessionTable, 'hosts' | 'logins'>,
	scan: HostFigures,
	limit: number,
	usersOf: (hosts: readonly number[]) => number[],
): HostRow[] {
	const hostCount = dictionaries.hosts.length;
	const kept: number[] = [];
	for (let host = 0; host < hostCount; host++) if (!Number.isNaN(scan.hostLastSeen[host] ?? Number.NaN)) kept.push(host);
	kept.sort(
		(a, b) =>
			(scan.hostSeatMs[b] ?? 0) - (scan.hostSeatMs[a] ?? 0) || compareKeys(dictionaries.hosts[a] ?? '', dictionaries.hosts[b] ?? ''),
	);
	if (kept.length > limit) kept.length = Math.max(0, limit);
	const users = usersOf(kept);
	return kept.map((host, position) => hostRow(dictionaries, scan, host, users[position] ?? 0));
}

/** Hosts touching the range, seat-hours desc then host asc. O(touching rows + hosts). */
export function hostRowsFromScan(table: SessionTable, scan: SessionScan, limit = Infinity): HostRow[] {
	return rankedHostRows(table, scan, limit, (kept) => distinctUsersPerHost(table, scan, kept));
}

/** Distinct users of each listed host over its touching rows. */
function distinctUsersPerHost(table: SessionTable, scan: SessionScan, hosts: readonly number[]): number[] {
	const counts = hosts.map(() => 0);
	if (hosts.length === 0) return counts;
	const userCount = table.logins.length;
	const position = new Int32Array(table.hosts.length).fill(-1);
	hosts.forEach((host, index) => (position[host] = index));
	if (hosts.length <= 64) {
		// Few hosts (topHosts): one pass, a (host position × user) bitmap.
		const seen = new Uint8Array(hosts.length * userCount);
		for (let k = 0; k < scan.touchingCount; k++) {
			const row = scan.touching[k] ?? 0;
			const index = position[table.host[row] ?? 0] ?? -1;
			const user = table.user[row] ?? -1;
			if (index < 0 || user < 0 || seen[index * userCount + user] === 1) continue;
			seen[index * userCount + user] = 1;
			counts[index] = (counts[index] ?? 0) + 1;
		}

		return counts;
	}

	// Many hosts: group rows by host, then stamp each user with the host being counted.
	const {offsets, rows} = groupTouching(scan, table.host, table.hosts.length);
	const stamp = new Int32Array(userCount).fill(-1);
	hosts.forEach((host, index) => {
		for (let k = offsets[host] ?? 0; k < (offsets[host + 1] ?? 0); k++) {
			const user = table.user[rows[k] ?? 0] ?? -1;
			if (user >= 0 && stamp[user] !== host) {
				stamp[user] = host;
				counts[index] = (counts[index] ?? 0) + 1;
			}
		}
	});
	return counts;
}

/** One host's drill-down, or null when the host does not touch the range. */
export function hostDetailFromScan(table: SessionTable, scan: SessionScan, hostName: string): HostDetail | null {
	const host = table.hosts.indexOf(hostName);
	if (host < 0 || Number.isNaN(scan.hostLastSeen[host] ?? Number.NaN)) return null;
	const cursor = new SessionCursor(table, scan.context);
	const pieceMs = new Float64Array(scan.grid.size);
	const userCover = new Float64Array(table.logins.length).fill(-Infinity);
	const userMs = new Float64Array(table.logins.length);
	const userSessions = new Float64Array(table.logins.length);
	const seenUser = new Uint8Array(table.logins.length);
	const touchedUsers: number[] = [];
	const hostRowsOfHost: number[] = [];
	let cover = -Infinity;
	for (let k = 0; k < scan.touchingCount; k++) {
		const row = scan.touching[k] ?? 0;
		if (table.host[row] !== host) continue;
		hostRowsOfHost.push(row);
		cursor.load(row);
		const user = table.user[row] ?? -1;
		if (user >= 0) {
			if (seenUser[user] === 0) {
				seenUser[user] = 1;
				touchedUsers.push(user);
			}

			if (cursor.startsInRange) userSessions[user] = (userSessions[user] ?? 0) + 1;
		}

		if (cursor.occupancyEnd <= cursor.occupancyBegin) continue;
		spreadOverPieces(scan.grid, pieceMs, Math.max(cursor.occupancyBegin, cover), cursor.occupancyEnd);
		cover = Math.max(cover, cursor.occupancyEnd);
		if (user >= 0) {
			const covered = userCover[user] ?? -Infinity;
			if (cursor.occupancyEnd > covered) {
				userMs[user] = (userMs[user] ?? 0) + cursor.occupancyEnd - Math.max(cursor.occupancyBegin, covered);
				userCover[user] = cursor.occupancyEnd;
			}
		}
	}

	const users = touchedUsers
		.map((user) => ({login: table.logins[user] ?? '', hours: hours(userMs[user] ?? 0), sessions: userSessions[user] ?? 0}))
		.sort((a, b) => b.hours - a.hours || compareKeys(a.login, b.login));
	return {
		host: hostName,
		row: hostRow(table, scan, host, users.length),
		byHour: foldPieces(pieceMs, scan.grid.hour, 24, HOUR),
		users,
		recent: newestItems(table, hostRowsOfHost, hostRowsOfHost.length, scan.context.listLimit, scan.context.now),
	};
}

/** Seat-hours per local hour of day for each named host (unknown hosts get 24 zeros). */
export function hostHourMatrixFromScan(table: SessionTable, scan: SessionScan, hostNames: readonly string[]): number[][] {
	const rowOfHost = new Int32Array(table.hosts.length).fill(-1);
	const wanted = new Map<string, number>();
	table.hosts.forEach((name, host) => wanted.set(name, host));
	hostNames.forEach((name, position) => {
		const host = wanted.get(name);
		if (host !== undefined && rowOfHost[host] === -1) rowOfHost[host] = position;
	});
	const cover = new Float64Array(table.hosts.length).fill(-Infinity);
	const pieceMsByPosition = hostNames.map(() => new Float64Array(scan.grid.size));
	const cursor = new SessionCursor(table, scan.context);
	for (let k = 0; k < scan.touchingCount; k++) {
		const row = scan.touching[k] ?? 0;
		const host = table.host[row] ?? 0;
		const position = rowOfHost[host] ?? -1;
		const pieceMs = pieceMsByPosition[position];
		if (position < 0 || !pieceMs) continue;
		cursor.load(row);
		const covered = cover[host] ?? -Infinity;
		if (cursor.occupancyEnd <= covered) continue;
		spreadOverPieces(scan.grid, pieceMs, Math.max(cursor.occupancyBegin, covered), cursor.occupancyEnd);
		cover[host] = cursor.occupancyEnd;
	}

	// A name asked twice gets the same figures twice.
	return hostNames.map((name) => {
		const host = wanted.get(name);
		const position = host === undefined ? -1 : (rowOfHost[host] ?? -1);
		const pieceMs = pieceMsByPosition[position];
		return pieceMs ? foldPieces(pieceMs, scan.grid.hour, 24, HOUR) : Array.from({length: 24}, () => 0);
	});
}
