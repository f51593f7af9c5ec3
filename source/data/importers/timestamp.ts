/**
 * Timestamp parsing for the importers: a hand-written fast path for the 42 API's
 * "YYYY-MM-DDTHH:MM:SS(.mmm)Z" form (most of every input), and `parseIsoTimestamp` for the rest
 * (any ISO-8601 offset; naive timestamps read in the given zone).
 */
import type {EpochMs} from '../../core/model.js';
import {parseIsoTimestamp} from '../../core/time.js';

const ZERO = 48;

/** Two ASCII digits at `at` as a number, or -1 when either is not a digit. */
function twoDigits(text: string, at: number): number {
	const high = text.charCodeAt(at) - ZERO;
	const low = text.charCodeAt(at + 1) - ZERO;
	if (high < 0 || high > 9 || low < 0 || low > 9) return -1;
	return high * 10 + low;
}

function daysInMonth(year: number, month: number): number {
	if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
	return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Parses "YYYY-MM-DDTHH:MM:SSZ" or "YYYY-MM-DDTHH:MM:SS.mmmZ" without a regex.
 * Returns NaN when the text is not exactly one of those forms (the caller then takes the slow path).
 */
function parseUtcFast(text: string): EpochMs {
	const length = text.length;
	if (length !== 24 && length !== 20) return Number.NaN;
	// Fixed punctuation: '-' at 4 and 7, 'T' at 10, ':' at 13 and 16, 'Z' last, '.' at 19 when 24 long.
	if (
		text.charCodeAt(4) !== 45 ||
		text.charCodeAt(7) !== 45 ||
		text.charCodeAt(10) !== 84 ||
		text.charCodeAt(13) !== 58 ||
		text.charCodeAt(16) !== 58 ||
		text.charCodeAt(length - 1) !== 90
	) {
		return Number.NaN;
	}

	const century = twoDigits(text, 0);
	const yearLow = twoDigits(text, 2);
	const month = twoDigits(text, 5);
	const day = twoDigits(text, 8);
	const hour = twoDigits(text, 11);
	const minute = twoDigits(text, 14);
	const second = twoDigits(text, 17);
	// Years before 1000 take the slow path (and are rejected there): Date.UTC maps 0–99 to 1900–1999.
	if (century < 10 || yearLow < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23) return Number.NaN;
	if (minute < 0 || minute > 59 || second < 0 || second > 59) return Number.NaN;
	const year = century * 100 + yearLow;
	if (day > daysInMonth(year, month)) return Number.NaN;
	let millis = 0;
	if (length === 24) {
		if (text.charCodeAt(19) !== 46) return Number.NaN;
		const hundreds = text.charCodeAt(20) - ZERO;
		const tens = twoDigits(text, 21);
		if (hundreds < 0 || hundreds > 9 || tens < 0) return Number.NaN;
		millis = hundreds * 100 + tens;
	}

	return Date.UTC(year, month - 1, day, hour, minute, second, millis);
}

/**
 * Parses an ISO-8601 timestamp with any offset; a naive one (no offset) is read in `naiveZone`.
 * Returns NaN when the text is not a valid ISO-8601 date-time, lies outside JavaScript's date range or
 * is dated before the year 1000.
 */
export function parseTimestamp(text: string, naiveZone: string): EpochMs {
	const fast = parseUtcFast(text);
	if (!Number.isNaN(fast)) return fast;
	// Bound the slow path: no valid timestamp is this long, and the regex should not see megabytes.
	if (text.length > 64) return Number.NaN;
	// Years 0000–0999 are placeholders, not instants (and Date.UTC would misread 0000–0099).
	if (/^\s*0/.test(text)) return Number.NaN;
	const parsed = parseIsoTimestamp(text, naiveZone);
	return Number.isFinite(parsed) && Math.abs(parsed) <= 8.64e15 ? parsed : Number.NaN;
}
