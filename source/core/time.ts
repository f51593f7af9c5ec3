/**
 * Time-zone arithmetic without a dependency: IANA offsets come from Intl once per 15 minutes of UTC time and are
 * cached, so bucketing a million timestamps costs a few thousand Intl calls, not a million.
 * Everything here is pure: the zone is always an argument, never read from the environment.
 */
import type {EpochMs} from './model.js';

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

/** Month abbreviations, January first. */
export const MONTH_ABBREVIATIONS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
/** Weekday abbreviations, Monday first (0 = Monday everywhere in the engine). */
export const WEEKDAY_ABBREVIATIONS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
/** Weekday names, Monday first. */
export const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

/** Local calendar fields of an instant. `weekday` is 0 = Monday … 6 = Sunday (ISO order). */
export type LocalParts = {
	readonly year: number;
	readonly month: number;
	readonly day: number;
	readonly hour: number;
	readonly minute: number;
	readonly weekday: number;
};

/** True when `zone` is an IANA time-zone name this runtime knows. */
export function isValidTimeZone(zone: string): boolean {
	try {
		new Intl.DateTimeFormat('en-US', {timeZone: zone});
		return true;
	} catch {
		return false;
	}
}

const clocks = new Map<string, ZoneClock>();

/** The shared clock of a zone (its offset cache is reused across calls). Throws on an unknown zone. */
export function zoneClock(zone: string): ZoneClock {
	let clock = clocks.get(zone);
	if (!clock) {
		clock = new ZoneClock(zone);
		clocks.set(zone, clock);
	}

	return clock;
}

/** Offsets and local calendar arithmetic for one IANA zone. */
export class ZoneClock {
	readonly zone: string;
	private readonly format: Intl.DateTimeFormat;
	private readonly offsets = new Map<number, number>();

	constructor(zone: string) {
		this.zone = zone;
		this.format = new Intl.DateTimeFormat('en-US', {
			timeZone: zone,
			hourCycle: 'h23',
			year: 'numeric',
			month: 'numeric',
			day: 'numeric',
			hour: 'numeric',
			minute: 'numeric',
			second: 'numeric',
		});
	}

	/** UTC offset in milliseconds at an instant (local = utc + offset). */
	offset(ms: EpochMs): number {
		// Every real zone changes offset on a quarter-hour boundary, so cache per 15 minutes.
		const key = Math.floor(ms / (15 * MINUTE));
		let offset = this.offsets.get(key);
		if (offset === undefined) {
			offset = this.computeOffset(key * 15 * MINUTE);
			this.offsets.set(key, offset);
		}

		return offset;
	}

	/** The instant shifted to local wall time, as if local time were UTC. */
	toLocalMs(ms: EpochMs): number {
		return ms + this.offset(ms);
	}

	/** Local calendar fields of an instant. */
	parts(ms: EpochMs): LocalParts {
		const local = new Date(this.toLocalMs(ms));
		return {
			year: local.getUTCFullYear(),
			month: local.getUTCMonth() + 1,
			day: local.getUTCDate(),
			hour: local.getUTCHours(),
			minute: local.getUTCMinutes(),
			weekday: (local.getUTCDay() + 6) % 7,
		};
	}

	/** Local hour of day, 0..23. */
	hour(ms: EpochMs): number {
		const local = this.toLocalMs(ms);
		return Math.floor((((local % DAY) + DAY) % DAY) / HOUR);
	}

	/** Local weekday, 0 = Monday … 6 = Sunday. */
	weekday(ms: EpochMs): number {
		const days = Math.floor(this.toLocalMs(ms) / DAY);
		return (((days + 3) % 7) + 7) % 7;
	}

	/** Local calendar day number (days since 1970-01-01 in local time). */
	dayNumber(ms: EpochMs): number {
		return Math.floor(this.toLocalMs(ms) / DAY);
	}

	/** The UTC instant of local wall time (y, m, d, h, min). A wall time in a DST gap moves forward by the gap's length (as Temporal's 'compatible'). */
	fromLocal(year: number, month: number, day: number, hour = 0, minute = 0): EpochMs {
		const wall = Date.UTC(year, month - 1, day, hour, minute);
		// Two passes settle the offset; a wall time inside a DST gap resolves to the later offset.
		let guess = wall - this.offset(wall);
		guess = wall - this.offset(guess);
		if (this.toLocalMs(guess) !== wall) {
			const later = wall - this.offset(guess + 3 * HOUR);
			if (this.toLocalMs(later) === wall) return later;
			// In a gap: move to the end of the gap.
			return Math.max(guess, later);
		}

		// In a repeated hour (DST end) prefer the first occurrence.
		const earlier = guess - HOUR;
		if (this.toLocalMs(earlier) === wall) return earlier;
		return guess;
	}

	/** UTC instant of the local midnight that starts the local day `dayNumber`. */
	startOfDay(dayNumber: number): EpochMs {
		const date = new Date(dayNumber * DAY);
		return this.fromLocal(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
	}

	/** UTC instant of the local midnight at or before `ms`. */
	startOfDayOf(ms: EpochMs): EpochMs {
		return this.startOfDay(this.dayNumber(ms));
	}

	private computeOffset(ms: number): number {
		const fields: Record<string, number> = {};
		for (const part of this.format.formatToParts(new Date(ms))) {
			if (part.type !== 'literal') fields[part.type] = Number(part.value);
		}

		const wall = Date.UTC(
			fields.year ?? 1970,
			(fields.month ?? 1) - 1,
			fields.day ?? 1,
			fields.hour ?? 0,
			fields.minute ?? 0,
			fields.second ?? 0,
		);
		return wall - (ms - (ms % 1000));
	}
}

/** ISO-8601 week key of a local calendar day number: "2026-W09". */
export function isoWeekKey(dayNumber: number): string {
	const weekday = (((dayNumber + 3) % 7) + 7) % 7; // 0 = Monday
	const thursday = dayNumber - weekday + 3;
	const date = new Date(thursday * DAY);
	const year = date.getUTCFullYear();
	const jan1 = Math.floor(Date.UTC(year, 0, 1) / DAY);
	const week = Math.floor((thursday - jan1) / 7) + 1;
	return `${year}-W${String(week).padStart(2, '0')}`;
}

/** Calendar key "YYYY-MM-DD" of a local day number. */
export function dayKey(dayNumber: number): string {
	return new Date(dayNumber * DAY).toISOString().slice(0, 10);
}

/** Month key "YYYY-MM" of a local day number. */
export function monthKey(dayNumber: number): string {
	return new Date(dayNumber * DAY).toISOString().slice(0, 7);
}

/** UTC midnight of a calendar day, without Date.UTC's two-digit-year rule (it reads years 0–99 as 1900–1999). */
function utcMidnight(year: number, month: number, day: number): number {
	const date = new Date(Date.UTC(2000, month - 1, day));
	date.setUTCFullYear(year, month - 1, day);
	return date.getTime();
}

/** Days in a month of the proleptic Gregorian calendar. */
function daysInMonth(year: number, month: number): number {
	if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
	return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Largest UTC offset accepted, in minutes (±18:00, as java.time; every real zone is within ±14:00). */
export const MAX_OFFSET_MINUTES = 18 * 60;

/**
 * Parses an ISO-8601 timestamp with any offset ("Z", "+02:00", "+0200", "+02") or none.
 * A timestamp without offset is read in `naiveZone` (UTC unless told otherwise).
 * Returns NaN when the text is not a valid ISO-8601 date-time. Edge cases, decided once here:
 * - `24:00` (only `24:00`, `24:00:00` or `24:00:00.000`) is the midnight that ends the day, i.e.
 *   00:00 of the next day (ISO 8601); any other hour-24 time (`24:30`, `24:00:01`) is refused;
 * - a leap second `:60` (any fraction) is read as `:59.999` of the same minute (JavaScript time
 *   has no leap seconds; the instant keeps its order and is off by under a second);
 * - offsets must be at most ±18:00 with minutes 00–59 (`+24:00`, `+05:60`, `+99:99` are refused).
 */
export function parseIsoTimestamp(text: string, naiveZone = 'UTC'): EpochMs {
	const match =
		/^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|z|UTC|[+-]\d{2}(?::?\d{2})?)?$/.exec(
			text.trim(),
		);
	if (!match) return Number.NaN;
	const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '0', zone] = match;
	const year = Number(y);
	const month = Number(mo);
	const day = Number(d);
	let hour = Number(h);
	const minute = Number(mi);
	let second = Number(s);
	let millis = Math.floor(Number(`0.${frac}`) * 1000);
	if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return Number.NaN;
	if (hour > 24 || minute > 59 || second > 60) return Number.NaN;
	// 24:00 ends the day: only with zero minutes, seconds and fraction.
	if (hour === 24 && (minute !== 0 || second !== 0 || /[1-9]/.test(frac))) return Number.NaN;
	if (second === 60) {
		second = 59;
		millis = 999;
	}

	let dayStart = utcMidnight(year, month, day);
	if (hour === 24) {
		dayStart += DAY;
		hour = 0;
	}

	const wall = dayStart + hour * HOUR + minute * MINUTE + second * 1000 + millis;
	if (zone === undefined) {
		if (naiveZone === 'UTC') return wall;
		const next = new Date(dayStart);
		const clock = zoneClock(naiveZone);
		return clock.fromLocal(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate(), hour, minute) + second * 1000 + millis;
	}

	if (zone === 'Z' || zone === 'z' || zone === 'UTC') return wall;
	const sign = zone.startsWith('-') ? -1 : 1;
	const digits = zone.slice(1).replace(':', '');
	const offsetHours = Number(digits.slice(0, 2));
	const offsetMinutes = Number(digits.slice(2, 4) || '0');
	if (offsetMinutes > 59) return Number.NaN;
	const offset = offsetHours * 60 + offsetMinutes;
	if (offset > MAX_OFFSET_MINUTES) return Number.NaN;
	return wall - sign * offset * MINUTE;
}
