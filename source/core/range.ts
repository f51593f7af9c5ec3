/**
 * Time ranges. A range is [from, to): `from` inclusive, `to` exclusive, both UTC instants.
 * Day-based ranges are aligned on local midnights of the given zone, so "the last 7 days" is 7 whole
 * calendar days ending with today, DST days included (a 23-hour day is still one day).
 */
import type {EpochMs} from './model.js';
import {DAY, HOUR, MINUTE, parseIsoTimestamp, zoneClock} from './time.js';

export type Range = {readonly from: EpochMs; readonly to: EpochMs};

/** The last `days` calendar days in `timeZone`, today included: [midnight of today-days+1, midnight of tomorrow). */
export function lastDaysRange(now: EpochMs, days: number, timeZone: string): Range {
	const clock = zoneClock(timeZone);
	const today = clock.dayNumber(now);
	return {from: clock.startOfDay(today - days + 1), to: clock.startOfDay(today + 1)};
}

/** The range of the same number of calendar days just before a day-aligned range. */
export function previousDaysRange(range: Range, timeZone: string): Range {
	const clock = zoneClock(timeZone);
	const first = clock.dayNumber(range.from);
	const last = clock.dayNumber(range.to - 1);
	const days = last - first + 1;
	return {from: clock.startOfDay(first - days), to: range.from};
}

/** Shifts a day-aligned range by `steps` of its own length (negative = back in time). */
export function shiftDaysRange(range: Range, steps: number, timeZone: string): Range {
	const clock = zoneClock(timeZone);
	const first = clock.dayNumber(range.from);
	const days = clock.dayNumber(range.to - 1) - first + 1;
	return {from: clock.startOfDay(first + steps * days), to: clock.startOfDay(first + (steps + 1) * days)};
}

/**
 * A range boundary typed by a user: a date ("2026-11-01" = local midnight starting that day), a
 * local date-time without offset ("2026-11-01T08:00"), or an instant with an offset. NaN if invalid.
 */
export function parseBoundary(text: string, timeZone: string): EpochMs {
	const trimmed = text.trim();
	const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/.exec(trimmed);
	if (dateOnly) {
		const ms = parseIsoTimestamp(trimmed);
		if (Number.isNaN(ms)) return Number.NaN;
		return zoneClock(timeZone).fromLocal(Number(dateOnly[1]), Number(dateOnly[2]), Number(dateOnly[3]));
	}

	return parseIsoTimestamp(trimmed, timeZone);
}

/** Parses a duration such as "24h", "90m", "2d", "1h30m" or a bare number of minutes. NaN if invalid. */
export function parseDuration(text: string): number {
	const trimmed = text.trim().toLowerCase();
	if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * MINUTE;
	const units: Record<string, number> = {d: DAY, h: HOUR, m: MINUTE, s: 1000};
	let total = 0;
	let rest = trimmed;
	while (rest.length > 0) {
		const match = /^(\d+(?:\.\d+)?)([dhms])/.exec(rest);
		if (!match) return Number.NaN;
		total += Number(match[1]) * (units[match[2] ?? ''] ?? Number.NaN);
		rest = rest.slice(match[0].length);
	}

	return trimmed.length > 0 ? total : Number.NaN;
}
