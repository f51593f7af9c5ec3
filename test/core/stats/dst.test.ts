import {describe, expect, it} from 'vitest';
import {emptyEventTable, sessionTableFromRecords} from '../../../source/core/model.js';
import {hostDetail, slotSessions, summarize} from '../../../source/core/stats/index.js';
import {buildHourGrid} from '../../../source/core/stats/ranges.js';
import {zoneClock} from '../../../source/core/time.js';
import {session} from '../../fixtures/stats/week.js';

const paris = zoneClock('Europe/Paris');

describe('hour grid across DST in Europe/Paris', () => {
	it('spring forward: Sunday 29 March 2026 has 23 local hours and no 02:00', () => {
		const grid = buildHourGrid(paris, Date.parse('2026-03-28T23:00:00Z'), Date.parse('2026-03-29T22:00:00Z'));
		expect(grid.size).toBe(23);
		expect([...grid.hour]).toEqual([0, 1, ...Array.from({length: 21}, (_, i) => i + 3)]);
		expect(grid.dayKeys).toEqual(['2026-03-29']);
		expect(new Set(grid.weekday)).toEqual(new Set([6]));
	});

	it('fall back: Sunday 25 October 2026 has 25 local hours, 02:00 twice', () => {
		const grid = buildHourGrid(paris, Date.parse('2026-10-24T22:00:00Z'), Date.parse('2026-10-25T23:00:00Z'));
		expect(grid.size).toBe(25);
		expect([...grid.hour]).toEqual([0, 1, 2, 2, ...Array.from({length: 21}, (_, i) => i + 3)]);
		expect(grid.dayKeys).toEqual(['2026-10-25']);
	});

	it('cuts at local half hours in a half-hour zone and lists weeks and months in order', () => {
		const grid = buildHourGrid(zoneClock('Asia/Kolkata'), Date.parse('2026-01-31T18:00:00Z'), Date.parse('2026-02-02T18:30:00Z'));
		// 18:00Z = 23:30 local: the first piece is the half hour before local midnight.
		expect((grid.bounds[1] ?? 0) - (grid.bounds[0] ?? 0)).toBe(30 * 60_000);
		expect(grid.hour[0]).toBe(23);
		// 18:30Z on 2 February is local midnight of the 3rd: the end is exclusive.
		expect(grid.dayKeys).toEqual(['2026-01-31', '2026-02-01', '2026-02-02']);
		expect(grid.weekKeys).toEqual(['2026-W05', '2026-W06']);
		expect(grid.monthKeys).toEqual(['2026-01', '2026-02']);
	});
});

describe('summarize across DST', () => {
	const now = Date.parse('2026-11-01T00:00:00Z');

	it('spring forward: hour buckets skip 02:00 and meanConcurrent divides by real hours', () => {
		const sessions = sessionTableFromRecords([
			// The whole local day on one seat: 23 seat-hours.
			session(1, 'ann', 'c1r1s1', '2026-03-28T23:00:00Z', '2026-03-29T22:00:00Z'),
			// 00:30 → 03:30 local is 2 real hours: 0.5 in hour 0, 1 in hour 1, 0.5 in hour 3.
			session(2, 'bob', 'c1r1s2', '2026-03-28T23:30:00Z', '2026-03-29T01:30:00Z'),
		]);
		const options = {timeZone: 'Europe/Paris', from: Date.parse('2026-03-28T23:00:00Z'), to: Date.parse('2026-03-29T22:00:00Z'), now};
		const result = summarize(sessions, emptyEventTable(), options).sessions;
		expect(result.seatHours).toBeCloseTo(25, 9);
		expect(result.byHour.seatHours[2]).toBe(0);
		expect(result.byHour.seatHours[0]).toBeCloseTo(1.5, 9);
		expect(result.byHour.seatHours[1]).toBeCloseTo(2, 9);
		expect(result.byHour.seatHours[3]).toBeCloseTo(1.5, 9);
		const sunday = result.weekdayHour.meanConcurrent[6] ?? [];
		expect(sunday[2]).toBe(0); // the slot does not exist that day: no denominator, no NaN
		expect(sunday[0]).toBeCloseTo(1.5, 9);
		expect(sunday[1]).toBeCloseTo(2, 9);
		expect(sunday[3]).toBeCloseTo(1.5, 9);
		expect(sunday[12]).toBeCloseTo(1, 9);
		expect(result.daily).toHaveLength(1);
		expect(result.daily[0]?.seatHours).toBeCloseTo(25, 9);
		expect(result.weekdayHour.starts[6]?.[0]).toBe(2);
		expect(slotSessions(sessions, 6, 3, options).map((item) => item.id)).toEqual([2, 1]);
		expect(slotSessions(sessions, 6, 2, options)).toEqual([]);
	});

	it('fall back: 02:00 occurs twice, so its seat-hours double but the mean concurrency does not', () => {
		const sessions = sessionTableFromRecords([
			session(1, 'ann', 'c1r1s1', '2026-10-24T22:00:00Z', '2026-10-25T23:00:00Z'),
			// 02:30 (first) → 02:30 (second) local: 1 real hour, all of it in the 02:00 slot.
			session(2, 'bob', 'c1r1s2', '2026-10-25T00:30:00Z', '2026-10-25T01:30:00Z'),
		]);
		const day = {timeZone: 'Europe/Paris', from: Date.parse('2026-10-24T22:00:00Z'), to: Date.parse('2026-10-25T23:00:00Z'), now};
		// ann's 25 h would be overlong (capped at 24 h) under the default cap.
		expect(summarize(sessions, emptyEventTable(), day).sessions.seatHours).toBeCloseTo(25, 9);
		const options = {...day, maxSessionMs: 30 * 3_600_000};
		const result = summarize(sessions, emptyEventTable(), options).sessions;
		expect(result.seatHours).toBeCloseTo(26, 9);
		expect(result.byHour.seatHours[2]).toBeCloseTo(3, 9);
		expect(result.byHour.seatHours[3]).toBeCloseTo(1, 9);
		expect(result.weekdayHour.meanConcurrent[6]?.[2]).toBeCloseTo(1.5, 9);
		expect(result.weekdayHour.meanConcurrent[6]?.[3]).toBeCloseTo(1, 9);
		expect(result.byWeekday.seatHours[6]).toBeCloseTo(26, 9);
		expect(result.meanSessionMinutes).toBeCloseTo((25 * 60 + 60) / 2, 9);
		expect(hostDetail(sessions, 'c1r1s2', options)?.byHour[2]).toBeCloseTo(1, 9);
	});

	it('a session across midnight in spring lands on two days and two weekdays', () => {
		// Saturday 23:00 local → Sunday 04:00 local (02:00 skipped): 4 real hours, 1 on Saturday.
		const sessions = sessionTableFromRecords([session(1, 'ann', 'c1r1s1', '2026-03-28T22:00:00Z', '2026-03-29T02:00:00Z')]);
		const options = {timeZone: 'Europe/Paris', from: Date.parse('2026-03-27T23:00:00Z'), to: Date.parse('2026-03-29T22:00:00Z'), now};
		const result = summarize(sessions, emptyEventTable(), options).sessions;
		expect(result.daily.map((point) => [point.key, point.seatHours, point.users])).toEqual([
			['2026-03-28', 1, 1],
			['2026-03-29', 3, 1],
		]);
		expect(result.byWeekday.seatHours.slice(5)).toEqual([1, 3]);
		expect(result.byWeekday.starts.slice(5)).toEqual([1, 0]);
	});
});
