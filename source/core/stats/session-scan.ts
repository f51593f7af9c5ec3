/**
 * The session definitions and the single sweep that computes every per-range session figure.
 *
 * `SessionCursor` is THE place where a session's meaning is decided (open, duration, anomaly
 * kind, occupancy interval, "starts in range", "touches the range"). `scanSessions` walks the
 * rows once in begin order and keeps a "covered until" instant per host and per user, which
 * turns overlapping sessions into their union without sorting or pairwise checks.
 */
import type {EpochMs, SessionTable} from '../model.js';
import {buildHourGrid, lowerBound, PLAUSIBLE_AHEAD_MS, PLAUSIBLE_FROM, upperBound, type HourGrid, type StatsContext} from './ranges.js';

/**
 * Reusable view of one row (no allocation per row). Definitions:
 * - open: end missing; an open session runs to `now`. rawEnd = end, or now when open.
 * - duration = rawEnd − begin.
 * - future: begins after now (ignored everywhere except `anomalies.future`).
 * - negative / zero: closed with end < begin / end == begin (occupy nothing).
 * - overlong: duration > maxSessionMs (open ones measured to now).
 * - occupancy: [begin, min(rawEnd, begin + maxSessionMs)) when duration > 0, clipped to
 *   [from, min(to, now)).
 * - startsInRange: from <= begin < min(to, now).
 * - touches: startsInRange, or a non-empty clipped occupancy.
 * - durationEligible (mean/median): closed, positive, not overlong, startsInRange.
 */
export class SessionCursor {
	begin = 0;
	rawEnd = 0;
	open = false;
	duration = 0;
	future = false;
	negative = false;
	zero = false;
	overlong = false;
	occupancyBegin = 0;
	occupancyEnd = 0;
	startsInRange = false;
	touches = false;
	durationEligible = false;
	/** Latest instant the session occupied its seat (never after now); begin for empty sessions. */
	lastSeen = 0;
	private readonly table: SessionTable;
	private readonly context: StatsContext;

	constructor(table: SessionTable, context: StatsContext) {
		this.table = table;
		this.context = context;
	}

	/** Loads row i. */
	load(i: number): void {
		const {from, end: rangeEnd, now, maxSessionMs} = this.context;
		const begin = this.table.begin[i] ?? Number.NaN;
		const end = this.table.end[i] ?? Number.NaN;
		const open = end !== end; // NaN marks an open session
		const rawEnd = open ? now : end;
		const duration = rawEnd - begin;
		this.begin = begin;
		this.rawEnd = rawEnd;
		this.open = open;
		this.duration = duration;
		this.future = begin > now;
		this.negative = !open && duration < 0;
		this.zero = !open && duration === 0;
		this.overlong = !this.future && duration > maxSessionMs;
		let occupiedUntil = begin;
		if (duration > 0 && !this.future) occupiedUntil = Math.min(rawEnd, begin + maxSessionMs, now);
		this.lastSeen = Math.min(occupiedUntil, now);
		this.occupancyBegin = begin > from ? begin : from;
		this.occupancyEnd = occupiedUntil < rangeEnd ? occupiedUntil : rangeEnd;
		this.startsInRange = begin >= from && begin < rangeEnd;
		this.touches = this.startsInRange || this.occupancyEnd > this.occupancyBegin;
		this.durationEligible = !open && duration > 0 && !this.overlong && this.startsInRange;
	}
}

/** Everything one sweep over the sessions yields. Arrays are indexed by piece, host, user or period. */
export type SessionScan = {
	readonly context: StatsContext;
	readonly grid: HourGrid;
	/** Rows touching the range, in table (begin) order: touching[0 .. touchingCount). */
	readonly touching: Int32Array;
	readonly touchingCount: number;
	/** Sessions that began in each grid piece. */
	readonly pieceStarts: Float64Array;
	/** Occupied seat-milliseconds in each grid piece (union per host). */
	readonly pieceSeatMs: Float64Array;
	readonly hostStarts: Float64Array;
	readonly hostSeatMs: Float64Array;
	readonly hostDurationMs: Float64Array;
	readonly hostDurationCount: Float64Array;
	/** NaN when the host does not touch the range. */
	readonly hostLastSeen: Float64Array;
	/** Row of the latest open session on the host (not overlong), or -1. */
	readonly hostOccupant: Int32Array;
	/** User of that session (-1 when none or unknown). */
	readonly hostOccupantUser: Int32Array;
	readonly userStarts: Float64Array;
	readonly userLogtimeMs: Float64Array;
	/** NaN when the user does not touch the range. */
	readonly userLastSeen: Float64Array;
	/** Distinct users per day / week / month of the grid. */
	readonly dayUsers: Int32Array;
	readonly weekUsers: Int32Array;
	readonly monthUsers: Int32Array;
	readonly starts: number;
	readonly open: number;
	readonly uniqueUsers: number;
	readonly uniqueHosts: number;
	readonly seatMs: number;
	/** Durations (ms) of the duration-eligible sessions. */
	readonly durations: Float64Array;
	readonly overlongRows: number[];
	readonly overlongOpen: number;
	readonly zeroRows: number[];
	readonly negativeRows: number[];
	readonly futureRows: number[];
	/** Rows [0, implausibleBefore) begin before 1990 and rows [implausibleAfter, size) more than 366 days after now: `implausibleDate`. */
	readonly implausibleBefore: number;
	readonly implausibleAfter: number;
	readonly hostOverlaps: number;
	readonly userOverlaps: number;
};

/** Rows of one chunk a sweep found (indexes into that chunk's table). */
export type SweepChunk = {
	/** Rows touching the range, in table (begin) order: touching[0 .. touchingCount). */
	readonly touching: Int32Array;
	readonly touchingCount: number;
	readonly overlongRows: number[];
	/** How many of `overlongRows` are open. */
	readonly overlongOpen: number;
	readonly zeroRows: number[];
	readonly negativeRows: number[];
	readonly futureRows: number[];
	/** Rows [lo, implausibleBefore) begin before 1990 and rows [implausibleAfter, hi) more than 366 days after now. */
	readonly lo: number;
	readonly hi: number;
	readonly implausibleBefore: number;
	readonly implausibleAfter: number;
};

function grown<A extends Float64Array | Int32Array>(array: A, size: number, fill: number, make: (size: number) => A): A {
	if (array.length >= size) return array;
	const next = make(Math.max(size, array.length * 2));
	next.fill(fill, array.length);
	next.set(array);
	return next;
}

const f64 = (size: number) => new Float64Array(size);
const i32 = (size: number) => new Int32Array(size);

/**
 * The one sweep, fed in chunks: tables whose rows are sorted by begin, each responsible for the
 * rows whose begin lies in its span [spanFrom, spanTo), spans in ascending order and disjoint.
 * Every figure (per host, per user, per piece, the unions) is carried from chunk to chunk, so
 * feeding the rows month by month gives what one sweep over the whole table gives; the chunk's
 * own rows (touching, anomalies) come back from `add`. Host and user indexes refer to
 * dictionaries shared by every chunk (append-only). `scanSessions` is the one-chunk form.
 */
export class SessionSweep {
	readonly context: StatsContext;
	readonly grid: HourGrid;
	readonly pieceStarts: Float64Array;
	readonly pieceSeatMs: Float64Array;
	hostStarts = f64(0);
	hostSeatMs = f64(0);
	hostDurationMs = f64(0);
	hostDurationCount = f64(0);
	hostLastSeen = f64(0);
	hostOccupant = i32(0);
	hostOccupantUser = i32(0);
	userStarts = f64(0);
	userLogtimeMs = f64(0);
	userLastSeen = f64(0);
	readonly dayUsers: Int32Array;
	readonly weekUsers: Int32Array;
	readonly monthUsers: Int32Array;
	starts = 0;
	open = 0;
	uniqueUsers = 0;
	uniqueHosts = 0;
	seatMs = 0;
	hostOverlaps = 0;
	userOverlaps = 0;
	#durations = f64(0);
	#durationCount = 0;
	#hostCover = f64(0);
	#userCover = f64(0);
	#userLastDay = i32(0);
	#userLastWeek = i32(0);
	#userLastMonth = i32(0);
	#piece = 0;

	constructor(context: StatsContext) {
		this.context = context;
		this.grid = buildHourGrid(context.clock, context.from, context.end);
		this.pieceStarts = new Float64Array(this.grid.size);
		this.pieceSeatMs = new Float64Array(this.grid.size);
		this.dayUsers = new Int32Array(this.grid.dayKeys.length);
		this.weekUsers = new Int32Array(this.grid.weekKeys.length);
		this.monthUsers = new Int32Array(this.grid.monthKeys.length);
	}

	/** Durations (ms) of the duration-eligible sessions so far. */
	get durations(): Float64Array {
		return this.#durations.subarray(0, this.#durationCount);
	}

	#reserve(hostCount: number, userCount: number, rows: number): void {
		this.hostStarts = grown(this.hostStarts, hostCount, 0, f64);
		this.hostSeatMs = grown(this.hostSeatMs, hostCount, 0, f64);
		this.hostDurationMs = grown(this.hostDurationMs, hostCount, 0, f64);
		this.hostDurationCount = grown(this.hostDurationCount, hostCount, 0, f64);
		this.hostLastSeen = grown(this.hostLastSeen, hostCount, Number.NaN, f64);
		this.hostOccupant = grown(this.hostOccupant, hostCount, -1, i32);
		this.hostOccupantUser = grown(this.hostOccupantUser, hostCount, -1, i32);
		this.#hostCover = grown(this.#hostCover, hostCount, -Infinity, f64);
		this.userStarts = grown(this.userStarts, userCount, 0, f64);
		this.userLogtimeMs = grown(this.userLogtimeMs, userCount, 0, f64);
		this.userLastSeen = grown(this.userLastSeen, userCount, Number.NaN, f64);
		this.#userCover = grown(this.#userCover, userCount, -Infinity, f64);
		this.#userLastDay = grown(this.#userLastDay, userCount, -1, i32);
		this.#userLastWeek = grown(this.#userLastWeek, userCount, -1, i32);
		this.#userLastMonth = grown(this.#userLastMonth, userCount, -1, i32);
		if (this.#durationCount + rows > this.#durations.length) {
			const durations = new Float64Array(Math.max(this.#durationCount + rows, this.#durations.length * 2));
			durations.set(this.#durations.subarray(0, this.#durationCount));
			this.#durations = durations;
		}
	}

	/** Sweeps the rows of `table` whose begin lies in [spanFrom, spanTo). O(rows + pieces); rows found by binary search. */
	add(table: SessionTable, spanFrom = -Infinity, spanTo = Infinity): SweepChunk {
		const context = this.context;
		const {from, end: rangeEnd, to, now, maxSessionMs} = context;
		const grid = this.grid;
		const bounds = grid.bounds;
		const cursor = new SessionCursor(table, context);
		const lo = spanFrom === -Infinity ? 0 : lowerBound(table.begin, spanFrom);
		const hi = Math.max(lo, spanTo === Infinity ? table.size : lowerBound(table.begin, spanTo));
		const clamp = (row: number) => (row < lo ? lo : row > hi ? hi : row);

		// Implausible rows (before 1990, or more than 366 days after now) are only counted as such.
		const implausibleBefore = clamp(lowerBound(table.begin, PLAUSIBLE_FROM));
		const implausibleAfter = Math.max(implausibleBefore, clamp(upperBound(table.begin, now + PLAUSIBLE_AHEAD_MS)));
		// Rows that began before from − maxSession can only touch the range through their raw span (overlong).
		const first = Math.max(implausibleBefore, clamp(lowerBound(table.begin, from - maxSessionMs)));
		const last = Math.min(implausibleAfter, clamp(lowerBound(table.begin, rangeEnd)));
		const rare = new RareRows();
		for (let i = implausibleBefore; i < first; i++) {
			const end = table.end[i] ?? Number.NaN;
			if (end === end && end <= from) continue;
			cursor.load(i);
			const endsAfterFrom = cursor.rawEnd > from;
			const isOpen = cursor.open;
			rare.add(i, cursor.overlong && endsAfterFrom ? (isOpen ? OVERLONG_OPEN : OVERLONG) : 0);
		}

		this.#reserve(table.hosts.length, table.logins.length, Math.max(0, last - first));
		const touching = new Int32Array(Math.max(0, last - first));
		let touchingCount = 0;
		const {pieceStarts, pieceSeatMs, hostStarts, hostSeatMs, hostDurationMs, hostDurationCount, hostLastSeen, hostOccupant, hostOccupantUser} = this;
		const {userStarts, userLogtimeMs, userLastSeen, dayUsers, weekUsers, monthUsers} = this;
		const hostCover = this.#hostCover;
		const userCover = this.#userCover;
		const userLastDay = this.#userLastDay;
		const userLastWeek = this.#userLastWeek;
		const userLastMonth = this.#userLastMonth;
		const durations = this.#durations;
		let durationCount = this.#durationCount;
		let {starts, open, uniqueUsers, uniqueHosts, seatMs, hostOverlaps, userOverlaps} = this;
		let piece = this.#piece;

		// Rare cases (anomalies, overlaps, open sessions) are folded in without branches of their own: a
		// cold run would otherwise leave the optimised loop each time one first occurs (no type feedback).
		for (let i = first; i < last; i++) {
			cursor.load(i);
			// Every field is read on every row (no short-circuit): an operation first reached on a rare row
			// would have no type feedback and throw the optimised loop out.
			const isOpen = cursor.open;
			const isOverlong = cursor.overlong;
			const isFuture = cursor.future;
			const startsInRange = cursor.startsInRange;
			const endsAfterFrom = cursor.rawEnd > from;
			const zero = cursor.zero;
			const negative = cursor.negative;
			const overlong = isOverlong && (startsInRange || endsAfterFrom) ? (isOpen ? OVERLONG_OPEN : OVERLONG) : 0;
			// Only sessions that start in the range are zero/negative anomalies (those always touch it).
			rare.add(i, startsInRange ? overlong + (zero ? ZERO : negative ? NEGATIVE : 0) : overlong);
			if (!cursor.touches) continue;

			touching[touchingCount++] = i;
			const host = table.host[i] ?? 0;
			const user = table.user[i] ?? -1;
			if (Number.isNaN(hostLastSeen[host] ?? 0)) {
				uniqueHosts++;
				hostLastSeen[host] = cursor.lastSeen;
			} else if (cursor.lastSeen > (hostLastSeen[host] ?? 0)) hostLastSeen[host] = cursor.lastSeen;

			if (user >= 0) {
				if (Number.isNaN(userLastSeen[user] ?? 0)) {
					uniqueUsers++;
					userLastSeen[user] = cursor.lastSeen;
				} else if (cursor.lastSeen > (userLastSeen[user] ?? 0)) userLastSeen[user] = cursor.lastSeen;
			}

			const occupancyBegin = cursor.occupancyBegin;
			const occupancyEnd = cursor.occupancyEnd;
			// Occupancy begins are non-decreasing (rows are sorted by begin), so the piece pointer only moves forward.
			const anchor = cursor.startsInRange ? cursor.begin : occupancyBegin;
			while (piece + 1 < grid.size && (bounds[piece + 1] ?? 0) <= anchor) piece++;
			if (cursor.startsInRange) {
				starts++;
				pieceStarts[piece] = (pieceStarts[piece] ?? 0) + 1;
				hostStarts[host] = (hostStarts[host] ?? 0) + 1;
				if (user >= 0) userStarts[user] = (userStarts[user] ?? 0) + 1;
			}

			if (cursor.durationEligible) {
				durations[durationCount++] = cursor.duration;
				hostDurationMs[host] = (hostDurationMs[host] ?? 0) + cursor.duration;
				hostDurationCount[host] = (hostDurationCount[host] ?? 0) + 1;
			}

			const occupant = isOpen && !isOverlong && !isFuture;
			open += occupant ? 1 : 0;
			hostOccupant[host] = occupant ? i : (hostOccupant[host] ?? -1);
			hostOccupantUser[host] = occupant ? user : (hostOccupantUser[host] ?? -1);

			let lastPiece = piece;
			if (occupancyEnd > occupancyBegin) {
				// Host union: only the part after what earlier sessions of this host already cover is new.
				const hostCovered = hostCover[host] ?? -Infinity;
				hostOverlaps += occupancyBegin < hostCovered ? 1 : 0;
				const segmentBegin = occupancyBegin > hostCovered ? occupancyBegin : hostCovered;
				if (occupancyEnd > hostCovered) {
					hostCover[host] = occupancyEnd;
					hostSeatMs[host] = (hostSeatMs[host] ?? 0) + (occupancyEnd - segmentBegin);
					seatMs += occupancyEnd - segmentBegin;
				}

				if (user >= 0) {
					const userCovered = userCover[user] ?? -Infinity;
					userOverlaps += occupancyBegin < userCovered ? 1 : 0;
					if (occupancyEnd > userCovered) {
						userLogtimeMs[user] =
							(userLogtimeMs[user] ?? 0) + occupancyEnd - (occupancyBegin > userCovered ? occupancyBegin : userCovered);
						userCover[user] = occupancyEnd;
					}
				}

				// Split the new segment at every local hour boundary.
				for (let p = piece; p < grid.size; p++) {
					const pieceBegin = bounds[p] ?? 0;
					const pieceEnd = bounds[p + 1] ?? 0;
					const overlapBegin = segmentBegin > pieceBegin ? segmentBegin : pieceBegin;
					const overlapEnd = occupancyEnd < pieceEnd ? occupancyEnd : pieceEnd;
					if (overlapEnd > overlapBegin) pieceSeatMs[p] = (pieceSeatMs[p] ?? 0) + (overlapEnd - overlapBegin);
					lastPiece = p;
					if (pieceEnd >= occupancyEnd) break;
				}
			}

			if (user >= 0 && grid.size > 0) {
				// Distinct users per period: rows come in begin order, so each user's marked periods form a prefix.
				const lastDay = grid.day[lastPiece] ?? 0;
				for (let d = Math.max(grid.day[piece] ?? 0, (userLastDay[user] ?? -1) + 1); d <= lastDay; d++) {
					dayUsers[d] = (dayUsers[d] ?? 0) + 1;
				}

				if (lastDay > (userLastDay[user] ?? -1)) userLastDay[user] = lastDay;
				const lastWeek = grid.week[lastPiece] ?? 0;
				for (let w = Math.max(grid.week[piece] ?? 0, (userLastWeek[user] ?? -1) + 1); w <= lastWeek; w++) {
					weekUsers[w] = (weekUsers[w] ?? 0) + 1;
				}

				if (lastWeek > (userLastWeek[user] ?? -1)) userLastWeek[user] = lastWeek;
				const lastMonth = grid.month[lastPiece] ?? 0;
				for (let m = Math.max(grid.month[piece] ?? 0, (userLastMonth[user] ?? -1) + 1); m <= lastMonth; m++) {
					monthUsers[m] = (monthUsers[m] ?? 0) + 1;
				}

				if (lastMonth > (userLastMonth[user] ?? -1)) userLastMonth[user] = lastMonth;
			}
		}

		Object.assign(this, {starts, open, uniqueUsers, uniqueHosts, seatMs, hostOverlaps, userOverlaps});
		this.#durationCount = durationCount;
		this.#piece = piece;

		const overlongRows: number[] = [];
		let overlongOpen = 0;
		const zeroRows: number[] = [];
		const negativeRows: number[] = [];
		for (let k = 0; k < rare.count; k++) {
			const row = rare.rows[k] ?? 0;
			const kind = rare.kinds[k] ?? 0;
			if (kind & OVERLONG) {
				overlongRows.push(row);
				if (kind & OPEN) overlongOpen++;
			}

			if (kind & ZERO) zeroRows.push(row);
			else if (kind & NEGATIVE) negativeRows.push(row);
		}

		// Sessions that begin after now but inside [from, to): reported, otherwise ignored.
		const futureRows: number[] = [];
		const futureEnd = Math.min(implausibleAfter, clamp(lowerBound(table.begin, to)));
		for (let i = Math.max(clamp(upperBound(table.begin, now)), clamp(lowerBound(table.begin, from))); i < futureEnd; i++) {
			futureRows.push(i);
		}

		return {touching, touchingCount, overlongRows, overlongOpen, zeroRows, negativeRows, futureRows, lo, hi, implausibleBefore, implausibleAfter};
	}
}

/** The one sweep over a whole table (one chunk of a SessionSweep). */
export function scanSessions(table: SessionTable, context: StatsContext): SessionScan {
	const sweep = new SessionSweep(context);
	const chunk = sweep.add(table);
	// Figure arrays are sized by the dictionaries (a sweep may have grown them further).
	const hosts = table.hosts.length;
	const users = table.logins.length;
	return {
		context,
		grid: sweep.grid,
		touching: chunk.touching,
		touchingCount: chunk.touchingCount,
		pieceStarts: sweep.pieceStarts,
		pieceSeatMs: sweep.pieceSeatMs,
		hostStarts: sweep.hostStarts.subarray(0, hosts),
		hostSeatMs: sweep.hostSeatMs.subarray(0, hosts),
		hostDurationMs: sweep.hostDurationMs.subarray(0, hosts),
		hostDurationCount: sweep.hostDurationCount.subarray(0, hosts),
		hostLastSeen: sweep.hostLastSeen.subarray(0, hosts),
		hostOccupant: sweep.hostOccupant.subarray(0, hosts),
		hostOccupantUser: sweep.hostOccupantUser.subarray(0, hosts),
		userStarts: sweep.userStarts.subarray(0, users),
		userLogtimeMs: sweep.userLogtimeMs.subarray(0, users),
		userLastSeen: sweep.userLastSeen.subarray(0, users),
		dayUsers: sweep.dayUsers,
		weekUsers: sweep.weekUsers,
		monthUsers: sweep.monthUsers,
		starts: sweep.starts,
		open: sweep.open,
		uniqueUsers: sweep.uniqueUsers,
		uniqueHosts: sweep.uniqueHosts,
		seatMs: sweep.seatMs,
		durations: sweep.durations,
		overlongRows: chunk.overlongRows,
		overlongOpen: chunk.overlongOpen,
		zeroRows: chunk.zeroRows,
		negativeRows: chunk.negativeRows,
		futureRows: chunk.futureRows,
		implausibleBefore: chunk.implausibleBefore,
		implausibleAfter: chunk.implausibleAfter,
		hostOverlaps: sweep.hostOverlaps,
		userOverlaps: sweep.userOverlaps,
	};
}

const OVERLONG = 1;
const OPEN = 2;
const OVERLONG_OPEN = OVERLONG | OPEN;
const ZERO = 4;
const NEGATIVE = 8;

/**
 * Rows with rare flags (overlong, zero, negative), in row order. `add` always writes and only
 * advances when the flags are non-zero: no data-dependent branch in the sweep except the rare growth.
 */
class RareRows {
	rows = new Int32Array(1024);
	kinds = new Uint8Array(1024);
	count = 0;

	add(row: number, kind: number): void {
		const count = this.count;
		this.rows[count] = row;
		this.kinds[count] = kind;
		this.count = count + (kind === 0 ? 0 : 1);
		if (this.count === this.rows.length) this.grow();
	}

	private grow(): void {
		const rows = new Int32Array(this.rows.length * 2);
		rows.set(this.rows);
		const kinds = new Uint8Array(rows.length);
		kinds.set(this.kinds);
		this.rows = rows;
		this.kinds = kinds;
	}
}

/** Median of the values (mutates their order); null when empty. Quickselect, O(n). */
export function median(values: Float64Array): number | null {
	const n = values.length;
	if (n === 0) return null;
	const upper = select(values, n >> 1);
	if (n % 2 === 1) return upper;
	// After selecting the upper middle, the lower middle is the maximum of the left part.
	let lower = -Infinity;
	for (let i = 0; i < n >> 1; i++) if ((values[i] ?? 0) > lower) lower = values[i] ?? 0;
	return (lower + upper) / 2;
}

/** k-th smallest value; partitions `values` in place so that everything left of k is <= it. */
function select(values: Float64Array, k: number): number {
	let left = 0;
	let right = values.length - 1;
	while (right > left) {
		const pivot = values[(left + right) >>> 1] ?? 0;
		let i = left;
		let j = right;
		while (i <= j) {
			while ((values[i] ?? 0) < pivot) i++;
			while ((values[j] ?? 0) > pivot) j--;
			if (i <= j) {
				const swap = values[i] ?? 0;
				values[i] = values[j] ?? 0;
				values[j] = swap;
				i++;
				j--;
			}
		}

		if (k <= j) right = j;
		else if (k >= i) left = i;
		else break;
	}

	return values[k] ?? 0;
}
