/**
 * The resolved range of a run and its local-hour grid. Every local-time statistic (hour of day,
 * weekday, day, ISO week, month) is read from this grid, so DST is handled in one place: the grid
 * splits [start, end) at every local hour boundary and at every offset change, and each piece
 * carries its local hour, weekday, day, week and month. A 23-h spring-forward day has no 02:00
 * piece; a 25-h fall-back day has two 02:00 pieces.
 */
import type {EpochMs} from '../model.js';
import {DAY, HOUR, MINUTE, isoWeekKey, dayKey, monthKey, zoneClock, type ZoneClock} from '../time.js';
import type {StatsOptions} from './types.js';

/** Default anomaly threshold: sessions longer than 24 h. */
export const DEFAULT_MAX_SESSION_MS = 24 * HOUR;
/** Default length of top-N lists. */
export const DEFAULT_TOP = 20;
/** Default window of `events.recent`, minutes. */
export const DEFAULT_RECENT_MINUTES = 60;
/** Default cap of session lists (anomalies, drill-down "recent", slot lists). */
export const DEFAULT_LIST_LIMIT = 100;

/**
 * Plausible dates: a session or event dated before 1990-01-01T00:00Z, or more than a year
 * (PLAUSIBLE_AHEAD_MS = 366 days) after `now`, is an `implausibleDate` anomaly: counted and listed,
 * never the start of a series nor counted anywhere else. Ranges never start before PLAUSIBLE_FROM,
 * so no series (daily, weekly, monthly, the hour grid) reaches back further than 1990.
 */
export const PLAUSIBLE_FROM = Date.UTC(1990, 0, 1);
export const PLAUSIBLE_AHEAD_MS = 366 * DAY;

/**
 * The earliest plausible instant of a sorted time column (begins or event times), or Infinity
 * when it holds none: what "all the data" starts at.
 */
export function firstPlausible(column: Float64Array, now: EpochMs = Infinity): EpochMs {
	const at = lowerBound(column, PLAUSIBLE_FROM);
	const first = column[at];
	return first !== undefined && first <= now + PLAUSIBLE_AHEAD_MS ? first : Infinity;
}

/** Number of implausible entries of a sorted time column (before 1990 or after now + 366 days). */
export function implausibleCount(column: Float64Array, now: EpochMs): number {
	return lowerBound(column, PLAUSIBLE_FROM) + (column.length - upperBound(column, now + PLAUSIBLE_AHEAD_MS));
}

/** Offsets only ever change on a quarter-hour boundary (the ZoneClock relies on this too). */
const QUARTER = 15 * MINUTE;

/** Options with defaults applied and the range resolved against `now`. */
export type StatsContext = {
	readonly now: EpochMs;
	readonly clock: ZoneClock;
	readonly timeZone: string;
	/** Range start (inclusive). */
	readonly from: EpochMs;
	/** Requested range end (exclusive). */
	readonly to: EpochMs;
	/** Effective end of the range for sessions: min(to, now), never before `from`. */
	readonly end: EpochMs;
	readonly maxSessionMs: number;
	readonly top: number;
	readonly recentMinutes: number;
	readonly listLimit: number;
};

/**
 * Applies defaults and resolves the range. A non-finite `from` falls back to `dataStart` (the
 * earliest plausible instant of the data, see `firstPlausible`) or to the end; a non-finite `to`
 * means "until now". `from` is never before PLAUSIBLE_FROM.
 */
export function resolveContext(options: StatsOptions, dataStart?: EpochMs): StatsContext {
	const now = options.now;
	const to = Number.isFinite(options.to) ? options.to : now;
	const end0 = Math.min(to, now);
	const fallbackFrom = dataStart !== undefined && Number.isFinite(dataStart) ? Math.min(dataStart, end0) : end0;
	// No range starts before 1990 (PLAUSIBLE_FROM): a record dated year 1000 cannot stretch a series over a millennium.
	const from = Math.max(PLAUSIBLE_FROM, Number.isFinite(options.from) ? options.from : fallbackFrom);
	const positive = (value: number | undefined, fallback: number) =>
		value !== undefined && Number.isFinite(value) && value >= 0 ? value : fallback;
	// Lengths of lists may be Infinity ("all").
	const length = (value: number | undefined, fallback: number) =>
		value !== undefined && value >= 0 ? Math.floor(value) : fallback;
	return {
		now,
		clock: zoneClock(options.timeZone),
		timeZone: options.timeZone,
		from,
		to,
		end: Math.max(from, end0),
		maxSessionMs: positive(options.maxSessionMs, DEFAULT_MAX_SESSION_MS),
		top: length(options.top, DEFAULT_TOP),
		recentMinutes: positive(options.recentMinutes, DEFAULT_RECENT_MINUTES),
		listLimit: length(options.listLimit, DEFAULT_LIST_LIMIT),
	};
}

/** [start, end) cut at every local hour boundary; piece p is [bounds[p], bounds[p + 1]). */
export type HourGrid = {
	readonly start: EpochMs;
	readonly end: EpochMs;
	readonly size: number;
	readonly bounds: Float64Array;
	/** Local hour of day of each piece, 0..23. */
	readonly hour: Uint8Array;
	/** Local weekday of each piece, 0 = Monday. */
	readonly weekday: Uint8Array;
	/** Index into `dayKeys` / `weekKeys` / `monthKeys`. */
	readonly day: Int32Array;
	readonly week: Int32Array;
	readonly month: Int32Array;
	/** Every local day, ISO week and month touched by the range, in order (empty ones included). */
	readonly dayKeys: readonly string[];
	readonly weekKeys: readonly string[];
	readonly monthKeys: readonly string[];
};

/** Month counter (year × 12 + month index) of a local day number. */
function monthNumber(dayNumber: number): number {
	const date = new Date(dayNumber * DAY);
	return date.getUTCFullYear() * 12 + date.getUTCMonth();
}

/**
 * First instant in (t, horizon] where the offset differs from `offset`, or `horizon` when it does
 * not change. Assumes at most one change per day (true of every real zone): one Intl-backed
 * lookup per day when nothing changes, a binary search over quarter-hours when something does.
 */
function nextOffsetChange(clock: ZoneClock, t: EpochMs, horizon: EpochMs, offset: number): EpochMs {
	if (clock.offset(horizon) === offset) return horizon;
	let low = Math.floor(t / QUARTER) + 1; // Candidate quarters: the change is at some q × QUARTER in (t, horizon].
	let high = Math.floor(horizon / QUARTER);
	while (low < high) {
		const middle = Math.floor((low + high) / 2);
		if (clock.offset(middle * QUARTER) === offset) low = middle + 1;
		else high = middle;
	}

	return Math.min(low * QUARTER, horizon);
}

/** Builds the local-hour grid of [start, end) in the clock's zone. Empty when end <= start. */
export function buildHourGrid(clock: ZoneClock, start: EpochMs, end: EpochMs): HourGrid {
	const bounds: number[] = [];
	const hours: number[] = [];
	const days: number[] = [];
	let t = start;
	while (t < end) {
		const offset = clock.offset(t);
		const steadyUntil = nextOffsetChange(clock, t, Math.min(end, t + DAY), offset);
		// Within [t, steadyUntil) the offset is constant: cut at each local hour boundary.
		while (t < steadyUntil) {
			const local = t + offset;
			const dayNumber = Math.floor(local / DAY);
			bounds.push(t);
			hours.push(Math.floor((local - dayNumber * DAY) / HOUR));
			days.push(dayNumber);
			t = Math.min((Math.floor(local / HOUR) + 1) * HOUR - offset, steadyUntil);
		}
	}

	const size = hours.length;
	bounds.push(Math.max(start, end));
	const grid = {
		bounds: Float64Array.from(bounds),
		hour: Uint8Array.from(hours),
		weekday: new Uint8Array(size),
		day: new Int32Array(size),
		week: new Int32Array(size),
		month: new Int32Array(size),
	};
	const dayKeys: string[] = [];
	const weekKeys: string[] = [];
	const monthKeys: string[] = [];
	const firstDay = days[0] ?? 0;
	let lastDay = firstDay;
	for (const day of days) lastDay = Math.max(lastDay, day);
	const firstWeekStart = firstDay - ((((firstDay + 3) % 7) + 7) % 7);
	const firstMonth = monthNumber(firstDay);
	if (size > 0) {
		for (let day = firstDay; day <= lastDay; day++) {
			dayKeys.push(dayKey(day));
			const weekStart = day - ((((day + 3) % 7) + 7) % 7);
			if (weekStart === day || day === firstDay) weekKeys.push(isoWeekKey(day));
			if (new Date(day * DAY).getUTCDate() === 1 || day === firstDay) monthKeys.push(monthKey(day));
		}
	}

	let cachedDay = Number.NaN;
	let cachedMonth = 0;
	for (let p = 0; p < size; p++) {
		const day = days[p] ?? firstDay;
		const weekday = (((day + 3) % 7) + 7) % 7;
		grid.weekday[p] = weekday;
		grid.day[p] = day - firstDay;
		grid.week[p] = (day - weekday - firstWeekStart) / 7;
		if (day !== cachedDay) {
			cachedDay = day;
			cachedMonth = monthNumber(day) - firstMonth;
		}

		grid.month[p] = cachedMonth;
	}

	return {start, end: Math.max(start, end), size, ...grid, dayKeys, weekKeys, monthKeys};
}

/** Index of the piece holding instant t (clamped to the grid). The grid must not be empty. */
export function pieceAt(grid: HourGrid, t: EpochMs): number {
	const bounds = grid.bounds;
	let low = 0;
	let high = grid.size - 1;
	while (low < high) {
		const middle = (low + high + 1) >>> 1;
		if ((bounds[middle] ?? 0) <= t) low = middle;
		else high = middle - 1;
	}

	return low;
}

/** First index i in a sorted column with column[i] >= value (column.length if none). */
export function lowerBound(column: Float64Array, value: number, low = 0, high = column.length): number {
	while (low < high) {
		const middle = (low + high) >>> 1;
		if ((column[middle] ?? 0) < value) low = middle + 1;
		else high = middle;
	}

	return low;
}

/** First index i in a sorted column with column[i] > value (column.length if none). */
export function upperBound(column: Float64Array, value: number, low = 0, high = column.length): number {
	while (low < high) {
		const middle = (low + high) >>> 1;
		if ((column[middle] ?? 0) <= value) low = middle + 1;
		else high = middle;
	}

	return low;
}

/** The ISO UTC text of an instant ("2026-02-01T09:30:00.000Z"). */
export function isoUtc(ms: EpochMs): string {
	return new Date(ms).toISOString();
}
