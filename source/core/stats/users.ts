/**
 * User figures: the ranked user table and one user's drill-down. A user's logtime is the union of
 * their sessions' occupancy, so two overlapping sessions (two hosts at once) count once.
 */
import type {SessionTable} from '../model.js';
import {HOUR} from '../time.js';
import {foldPieces, foldWeekdayHour, groupTouching, hours, spreadOverPieces} from './occupancy.js';
import {isoUtc} from './ranges.js';
import {compareKeys} from './ranking.js';
import {newestItems} from './session-list.js';
import {SessionCursor, type SessionScan} from './session-scan.js';
import type {UserDetail, UserRow} from './types.js';

/** Per-host scratch reused across users, so that ranking a million rows allocates nothing per user. */
class HostScratch {
	readonly cover: Float64Array;
	readonly ms: Float64Array;
	readonly sessions: Float64Array;
	readonly seen: Uint8Array;
	readonly touched: number[] = [];

	constructor(hostCount: number) {
		this.seen = new Uint8Array(hostCount);
		this.cover = new Float64Array(hostCount).fill(-Infinity);
		this.ms = new Float64Array(hostCount);
		this.sessions = new Float64Array(hostCount);
	}

	reset(): void {
		for (const host of this.touched) {
			this.seen[host] = 0;
			this.cover[host] = -Infinity;
			this.ms[host] = 0;
			this.sessions[host] = 0;
		}

		this.touched.length = 0;
	}
}

/**
 * Figures of one person from their touching rows (begin order): logtime = union of occupancy,
 * sessions = starts in range, per-host union in `scratch`, lastSeen = latest occupied instant.
 * When `pieceMs` is given, the union is also spread over the hour grid.
 */
function userFigures(
	table: SessionTable,
	scan: SessionScan,
	cursor: SessionCursor,
	rows: ArrayLike<number>,
	begin: number,
	end: number,
	scratch: HostScratch,
	pieceMs?: Float64Array,
): {login: string; logtimeMs: number; sessions: number; lastSeen: number} {
	let cover = -Infinity;
	let logtimeMs = 0;
	let sessions = 0;
	let lastSeen = Number.NaN;
	let login = '';
	for (let k = begin; k < end; k++) {
		const row = rows[k] ?? 0;
		cursor.load(row);
		if (login === '') login = table.logins[table.user[row] ?? -1] ?? '';
		const host = table.host[row] ?? 0;
		if (scratch.seen[host] === 0) {
			scratch.seen[host] = 1;
			scratch.touched.push(host);
		}

		if (cursor.startsInRange) {
			sessions++;
			scratch.sessions[host] = (scratch.sessions[host] ?? 0) + 1;
		}

		if (!(cursor.lastSeen <= lastSeen)) lastSeen = cursor.lastSeen;
		const occupancyBegin = cursor.occupancyBegin;
		const occupancyEnd = cursor.occupancyEnd;
		if (occupancyEnd <= occupancyBegin) continue;

		if (occupancyEnd > cover) {
			const segmentBegin = occupancyBegin > cover ? occupancyBegin : cover;
			logtimeMs += occupancyEnd - segmentBegin;
			if (pieceMs) spreadOverPieces(scan.grid, pieceMs, segmentBegin, occupancyEnd);
			cover = occupancyEnd;
		}

		const hostCovered = scratch.cover[host] ?? -Infinity;
		if (occupancyEnd > hostCovered) {
			scratch.ms[host] = (scratch.ms[host] ?? 0) + occupancyEnd - (occupancyBegin > hostCovered ? occupancyBegin : hostCovered);
			scratch.cover[host] = occupancyEnd;
		}
	}

	return {login, logtimeMs, sessions, lastSeen};
}

/** Host with the most logtime in the scratch (ties: host asc); null when none has any. */
function favouriteHost(table: SessionTable, scratch: HostScratch): string | null {
	const best = new FavouriteHost();
	for (const host of scratch.touched) best.offer(table.hosts[host] ?? '', scratch.ms[host] ?? 0);
	return best.name;
}

/** The favourite-host rule: most logtime (> 0), ties broken by host name asc. */
export class FavouriteHost {
	name: string | null = null;
	ms = 0;

	offer(name: string, ms: number): void {
		if (ms > this.ms || (ms === this.ms && ms > 0 && this.name !== null && compareKeys(name, this.name) < 0)) {
			this.name = name;
			this.ms = ms;
		}
	}
}

/** Orders user rows: logtime desc, then login asc (byte order). */
export function compareUserRows(a: UserRow, b: UserRow): number {
	return b.logtimeHours - a.logtimeHours || compareKeys(a.login, b.login);
}

/** Every user touching the range, logtime desc then login asc. O(touching rows + users). */
export function userRowsFromScan(table: SessionTable, scan: SessionScan): UserRow[] {
	const {offsets, rows} = groupTouching(scan, table.user, table.logins.length);
	const scratch = new HostScratch(table.hosts.length);
	const cursor = new SessionCursor(table, scan.context);
	const result: UserRow[] = [];
	for (let user = 0; user < table.logins.length; user++) {
		const begin = offsets[user] ?? 0;
		const end = offsets[user + 1] ?? 0;
		if (end === begin) continue;
		const figures = userFigures(table, scan, cursor, rows, begin, end, scratch);
		result.push({
			login: table.logins[user] ?? figures.login,
			logtimeHours: hours(figures.logtimeMs),
			sessions: figures.sessions,
			favouriteHost: favouriteHost(table, scratch),
			lastSeen: Number.isNaN(figures.lastSeen) ? null : isoUtc(figures.lastSeen),
		});
		scratch.reset();
	}

	return result.sort(compareUserRows);
}

/**
 * One user's drill-down, or null when the login does not touch the range. Every user index
 * carrying this login is treated as the same person.
 */
export function userDetailFromScan(table: SessionTable, scan: SessionScan, login: string): UserDetail | null {
	const rows: number[] = [];
	for (let k = 0; k < scan.touchingCount; k++) {
		const row = scan.touching[k] ?? 0;
		const user = table.user[row] ?? -1;
		if (user >= 0 && table.logins[user] === login) rows.push(row);
	}

	if (rows.length === 0) return null;
	const grid = scan.grid;
	const scratch = new HostScratch(table.hosts.length);
	const cursor = new SessionCursor(table, scan.context);
	const pieceMs = new Float64Array(grid.size);
	const figures = userFigures(table, scan, cursor, rows, 0, rows.length, scratch, pieceMs);
	const byHour = foldPieces(pieceMs, grid.hour, 24, HOUR);
	const usualHours = byHour
		.map((value, hour) => ({value, hour}))
		.filter(({value}) => value > 0)
		.sort((a, b) => b.value - a.value || a.hour - b.hour)
		.slice(0, 3)
		.map(({hour}) => hour);
	const daily = foldPieces(pieceMs, grid.day, grid.dayKeys.length, HOUR);
	const weekly = foldPieces(pieceMs, grid.week, grid.weekKeys.length, HOUR);
	const hosts = scratch.touched
		.map((host) => ({host: table.hosts[host] ?? '', hours: hours(scratch.ms[host] ?? 0), sessions: scratch.sessions[host] ?? 0}))
		.sort((a, b) => b.hours - a.hours || compareKeys(a.host, b.host));
	return {
		login,
		row: {
			login,
			logtimeHours: hours(figures.logtimeMs),
			sessions: figures.sessions,
			favouriteHost: favouriteHost(table, scratch),
			lastSeen: Number.isNaN(figures.lastSeen) ? null : isoUtc(figures.lastSeen),
		},
		logtimeDaily: grid.dayKeys.map((key, d) => ({key, hours: daily[d] ?? 0})),
		logtimeWeekly: grid.weekKeys.map((key, w) => ({key, hours: weekly[w] ?? 0})),
		weekdayHour: foldWeekdayHour(grid, pieceMs, HOUR),
		hosts,
		usualHours,
		recent: newestItems(table, rows, rows.length, scan.context.listLimit, scan.context.now),
	};
}
