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

/** The one sweep. O(rows + pieces); rows are found by binary search on begin. */
export function scanSessions(table: SessionTable, context: StatsContext): SessionScan {
	const {from, end: rangeEnd, to, now, maxSessionMs} = context;
	const grid = buildHourGrid(context.clock, from, rangeEnd);
	const bounds = grid.bounds;
	const hostCount = table.hosts.length;
	const userCount = table.logins.length;
	const cursor = new SessionCursor(table, context);

	// Implausible rows (before 1990, or more than 366 days after now) are only counted as such.
	const implausibleBefore = lowerBound(table.begin, PLAUSIBLE_FROM);
	const implausibleAfter = Math.max(implausibleBefore, upperBound(table.begin, now + PLAUSIBLE_AHEAD_MS));
	// Rows that began before from − maxSession can only touch the range through their raw span (overlong).
	const first = Math.max(implausibleBefore, lowerBound(table.begin, from - maxSessionMs));
	const last = Math.min(implausibleAfter, lowerBound(table.begin, rangeEnd));
	const rare = new RareRows();
	for (let i = implausibleBefore; i < first; i++) {
		const end = table.end[i] ?? Number.NaN;
		if (end === end && end <= from) continue;
		cursor.load(i);
		const endsAfterFrom = cursor.rawEnd > from;
		const isOpen = cursor.open;
		rare.add(i, cursor.overlong && endsAfterFrom ? (isOpen ? OVERLONG_OPEN : OVERLONG) : 0);
	}

	const touching = new Int32Array(Math.max(0, last - first));
	let touchingCount = 0;
	const pieceStarts = new Float64Array(grid.size);
	const pieceSeatMs = new Float64Array(grid.size);
	const hostStarts = new Float64Array(hostCount);
	const hostSeatMs = new Float64Array(hostCount);
	const hostDurationMs = new Float64Array(hostCount);
	const hostDurationCount = new Float64Array(hostCount);
	const hostLastSeen = new Float64Array(hostCount).fill(Number.NaN);
	const hostOccupant = new Int32Array(hostCount).fill(-1);
	const hostCover = new Float64Array(hostCount).fill(-Infinity);
	const userStarts = new Float64Array(userCount);
	const userLogtimeMs = new Float64Array(userCount);
	const userLastSeen = new Float64Array(userCount).fill(Number.NaN);
	const userCover = new Float64Array(userCount).fill(-Infinity);
	const userLastDay = new Int32Array(userCount).fill(-1);
	const userLastWeek = new Int32Array(userCount).fill(-1);
	const userLastMonth = new Int32Array(userCount).fill(-1);
	const dayUsers = new Int32Array(grid.dayKeys.length);
	const weekUsers = new Int32Array(grid.weekKeys.length);
	const monthUsers = new Int32Array(grid.monthKeys.length);
	const durations = new Float64Array(Math.max(0, last - first));
	let durationCount = 0;
	let starts = 0;
	let open = 0;
	let uniqueUsers = 0;
	let uniqueHosts = 0;
	let seatMs = 0;
	let hostOverlaps = 0;
	let userOverlaps = 0;
	let piece = 0;

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
	const futureEnd = Math.min(implausibleAfter, lowerBound(table.begin, to));
	for (let i = Math.max(upperBound(table.begin, now), lowerBound(table.begin, from)); i < futureEnd; i++) {
		futureRows.push(i);
	}

	return {
		context,
		grid,
		touching,
		touchingCount,
		pieceStarts,
		pieceSeatMs,
		hostStarts,
		hostSeatMs,
		hostDurationMs,
		hostDurationCount,
		hostLastSeen,
		hostOccupant,
		userStarts,
		userLogtimeMs,
		userLastSeen,
		dayUsers,
		weekUsers,
		monthUsers,
		starts,
		open,
		uniqueUsers,
		uniqueHosts,
		seatMs,
		durations: durations.subarray(0, durationCount),
		overlongRows,
		overlongOpen,
		zeroRows,
		negativeRows,
		futureRows,
		implausibleBefore,
		implausibleAfter,
		hostOverlaps,
		userOverlaps,
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
