import {describe, expect, it} from 'vitest';
import {dayKey, isoWeekKey, monthKey, parseIsoTimestamp, zoneClock} from '../../source/core/time.js';
import {lastDaysRange, parseBoundary, parseDuration, previousDaysRange, shiftDaysRange} from '../../source/core/range.js';

const paris = zoneClock('Europe/Paris');
const utc = (text: string) => Date.parse(text);

describe('ZoneClock', () => {
	it('knows the Paris offsets on both sides of the spring DST change', () => {
		expect(paris.offset(utc('2026-03-29T00:59:59Z'))).toBe(3_600_000);
		expect(paris.offset(utc('2026-03-29T01:00:00Z'))).toBe(7_200_000);
		expect(paris.hour(utc('2026-03-29T01:00:00Z'))).toBe(3);
	});

	it('moves a wall time inside the spring gap forward and picks the first of a repeated hour', () => {
		expect(new Date(paris.fromLocal(2026, 3, 29, 2, 30)).toISOString()).toBe('2026-03-29T01:30:00.000Z');
		expect(new Date(paris.fromLocal(2026, 10, 25, 2, 30)).toISOString()).toBe('2026-10-25T00:30:00.000Z');
	});

	it('gives 23-hour and 25-hour local days around DST', () => {
		const spring = paris.dayNumber(utc('2026-03-29T12:00:00Z'));
		expect(paris.startOfDay(spring + 1) - paris.startOfDay(spring)).toBe(23 * 3_600_000);
		const autumn = paris.dayNumber(utc('2026-10-25T12:00:00Z'));
		expect(paris.startOfDay(autumn + 1) - paris.startOfDay(autumn)).toBe(25 * 3_600_000);
	});

	it('numbers weekdays from Monday and handles half-hour zones', () => {
		expect(paris.weekday(utc('2026-11-23T10:00:00Z'))).toBe(0);
		expect(paris.weekday(utc('2026-11-22T22:30:00Z'))).toBe(6);
		expect(paris.weekday(utc('2026-11-22T23:30:00Z'))).toBe(0);
		expect(zoneClock('Asia/Kolkata').hour(utc('2026-01-01T00:00:00Z'))).toBe(5);
	});

	it('keys weeks by ISO year and months by year', () => {
		const dec31 = Math.floor(utc('2025-12-31T00:00:00Z') / 86_400_000);
		expect(isoWeekKey(dec31)).toBe('2026-W01');
		expect(isoWeekKey(Math.floor(utc('2027-01-01T00:00:00Z') / 86_400_000))).toBe('2026-W53');
		expect(dayKey(dec31)).toBe('2025-12-31');
		expect(monthKey(dec31)).toBe('2025-12');
	});
});

describe('parseIsoTimestamp', () => {
	it('accepts any offset and naive times in a given zone', () => {
		expect(parseIsoTimestamp('2025-03-14T09:41:07.000Z')).toBe(utc('2025-03-14T09:41:07Z'));
		expect(parseIsoTimestamp('2025-03-14T10:41:07+01:00')).toBe(utc('2025-03-14T09:41:07Z'));
		expect(parseIsoTimestamp('2025-03-14T10:41:07+0100')).toBe(utc('2025-03-14T09:41:07Z'));
		expect(parseIsoTimestamp('2025-09-23 09:01:05 UTC')).toBe(utc('2025-09-23T09:01:05Z'));
		expect(parseIsoTimestamp('2025-07-01T12:00:00', 'Europe/Paris')).toBe(utc('2025-07-01T10:00:00Z'));
		expect(parseIsoTimestamp('2025-03-14T09:41:07.123456Z')).toBe(utc('2025-03-14T09:41:07.123Z'));
		// Date.UTC would read year 0042 as 1942.
		expect(new Date(parseIsoTimestamp('0042-01-01T00:00:00Z')).getUTCFullYear()).toBe(42);
	});

	it('rejects impossible dates and garbage', () => {
		for (const bad of ['2026-02-30T00:00:00Z', '2026-13-01T00:00:00Z', 'yesterday', '', '2026-01-01T25:00:00Z']) {
			expect(parseIsoTimestamp(bad)).toBeNaN();
		}
	});
});

describe('ranges', () => {
	const now = utc('2026-11-22T15:00:00Z');

	it('aligns the last N days on local midnights, today included', () => {
		const range = lastDaysRange(now, 7, 'Europe/Paris');
		expect(new Date(range.from).toISOString()).toBe('2026-11-15T23:00:00.000Z');
		expect(new Date(range.to).toISOString()).toBe('2026-11-22T23:00:00.000Z');
	});

	it('steps back over a DST change by whole days', () => {
		const range = lastDaysRange(utc('2026-10-27T12:00:00Z'), 3, 'Europe/Paris');
		const previous = previousDaysRange(range, 'Europe/Paris');
		expect(new Date(previous.from).toISOString()).toBe('2026-10-21T22:00:00.000Z');
		expect(previous.to).toBe(range.from);
		expect(shiftDaysRange(range, -1, 'Europe/Paris')).toEqual(previous);
	});

	it('parses boundaries and durations', () => {
		expect(parseBoundary('2026-11-01', 'Europe/Paris')).toBe(utc('2026-10-31T23:00:00Z'));
		expect(parseBoundary('2026-11-01T08:00', 'Europe/Paris')).toBe(utc('2026-11-01T07:00:00Z'));
		expect(parseBoundary('2026-11-01T08:00Z', 'Europe/Paris')).toBe(utc('2026-11-01T08:00:00Z'));
		expect(parseBoundary('nope', 'UTC')).toBeNaN();
		expect(parseDuration('24h')).toBe(86_400_000);
		expect(parseDuration('1h30m')).toBe(5_400_000);
		expect(parseDuration('720')).toBe(43_200_000);
		expect(parseDuration('12x')).toBeNaN();
	});
});

describe('parseIsoTimestamp edge cases (hour 24, leap second, offsets)', () => {
	it('reads 24:00 as the midnight that ends the day, with and without an offset', () => {
		expect(parseIsoTimestamp('2026-01-01T24:00:00Z')).toBe(utc('2026-01-02T00:00:00Z'));
		expect(parseIsoTimestamp('2026-01-01T24:00Z')).toBe(utc('2026-01-02T00:00:00Z'));
		expect(parseIsoTimestamp('2026-01-01T24:00:00.000Z')).toBe(utc('2026-01-02T00:00:00Z'));
		expect(parseIsoTimestamp('2026-12-31T24:00:00Z')).toBe(utc('2027-01-01T00:00:00Z'));
		expect(parseIsoTimestamp('2024-02-28T24:00:00+02:00')).toBe(utc('2024-02-28T22:00:00Z'));
		expect(parseIsoTimestamp('2024-02-29T24:00:00-05:00')).toBe(utc('2024-03-01T05:00:00Z'));
		expect(parseIsoTimestamp('2026-01-01T24:00:00')).toBe(utc('2026-01-02T00:00:00Z'));
		// Naive, in a zone: the local midnight that starts the next day (Paris, UTC+1 in winter).
		expect(parseIsoTimestamp('2026-01-01T24:00:00', 'Europe/Paris')).toBe(utc('2026-01-01T23:00:00Z'));
	});

	it('refuses any other hour-24 time', () => {
		for (const bad of ['2026-01-01T24:30Z', '2026-01-01T24:30:00+01:00', '2026-01-01T24:00:01Z', '2026-01-01T24:00:00.5Z', '2026-01-01T24:01']) {
			expect(parseIsoTimestamp(bad), bad).toBeNaN();
		}
	});

	it('reads a leap second as :59.999 of the same minute, with and without an offset', () => {
		expect(parseIsoTimestamp('2016-12-31T23:59:60Z')).toBe(utc('2016-12-31T23:59:59.999Z'));
		expect(parseIsoTimestamp('2016-12-31T23:59:60.5Z')).toBe(utc('2016-12-31T23:59:59.999Z'));
		expect(parseIsoTimestamp('2017-01-01T00:59:60+01:00')).toBe(utc('2016-12-31T23:59:59.999Z'));
		expect(parseIsoTimestamp('2016-12-31T23:59:60')).toBe(utc('2016-12-31T23:59:59.999Z'));
		expect(parseIsoTimestamp('2016-12-31T23:59:61Z')).toBeNaN();
	});

	it('refuses impossible offsets and accepts every real one', () => {
		for (const bad of ['2026-01-01T10:00:00+24:00', '2026-01-01T10:00:00+05:60', '2026-01-01T10:00:00+99:99', '2026-01-01T10:00:00-19:00', '2026-01-01T10:00:00+0575']) {
			expect(parseIsoTimestamp(bad), bad).toBeNaN();
		}

		expect(parseIsoTimestamp('2026-01-01T10:00:00+14:00')).toBe(utc('2025-12-31T20:00:00Z'));
		expect(parseIsoTimestamp('2026-01-01T10:00:00-12:00')).toBe(utc('2026-01-01T22:00:00Z'));
		expect(parseIsoTimestamp('2026-01-01T10:00:00+05:45')).toBe(utc('2026-01-01T04:15:00Z'));
		expect(parseIsoTimestamp('2026-01-01T10:00:00+18:00')).toBe(utc('2025-12-31T16:00:00Z'));
		expect(parseIsoTimestamp('2026-01-01T10:00:00-00:00')).toBe(utc('2026-01-01T10:00:00Z'));
	});

	it('keeps the day of every ordinary time (no 24-hour roll-back) and rejects Feb 29 of a common year', () => {
		expect(parseIsoTimestamp('2026-01-01T23:59:59.999+00:00')).toBe(utc('2026-01-01T23:59:59.999Z'));
		expect(parseIsoTimestamp('2024-02-29T12:00:00Z')).toBe(utc('2024-02-29T12:00:00Z'));
		expect(parseIsoTimestamp('2026-02-29T12:00:00Z')).toBeNaN();
	});
});
