import {describe, expect, it} from 'vitest';
import {emptyEventTable, emptySessionTable} from '../../../source/core/model.js';
import {summarize} from '../../../source/core/stats/index.js';
import {weekEvents, weekOptions, weekSessions} from '../../fixtures/stats/week.js';

/** Every number in a JSON-able value is finite (no NaN / Infinity sneaks into `--json`). */
function assertJsonSafe(value: unknown, path = '$'): void {
	if (typeof value === 'number') expect(Number.isFinite(value), path).toBe(true);
	else if (Array.isArray(value)) value.forEach((item, index) => assertJsonSafe(item, `${path}[${index}]`));
	else if (value && typeof value === 'object') for (const [key, item] of Object.entries(value)) assertJsonSafe(item, `${path}.${key}`);
	else expect(value === undefined, path).toBe(false);
}

const zeros = (length: number) => Array.from({length}, () => 0);

describe('summarize: the messy week', () => {
	const summary = summarize(weekSessions, weekEvents, weekOptions);
	const sessions = summary.sessions;

	it('states the range, its effective end (now) and the zone', () => {
		expect(summary.range).toEqual({
			from: '2026-01-04T23:00:00.000Z',
			to: '2026-01-11T23:00:00.000Z',
			end: '2026-01-10T12:00:00.000Z',
			tz: 'Europe/Paris',
			now: '2026-01-10T12:00:00.000Z',
		});
	});

	it('counts starts in range, open sessions (stuck ones excluded), users and hosts touching the range', () => {
		// 12 began before the range, 13 begins after now, 14 ended before the range.
		expect(sessions.total).toBe(11);
		// fay is open; gus's 3-day-old open session is an overlong anomaly, not an open seat.
		expect(sessions.open).toBe(1);
		// ivy counts (her session crosses the range start); joe (future) and kim (before) do not.
		expect(sessions.uniqueUsers).toBe(9);
		expect(sessions.uniqueHosts).toBe(9);
	});

	it('adds seat-hours as the union per host, clipped at the range and at the 24-h cap', () => {
		// c1r1s1 3 (union of 3 overlapping) + 2 + 2 + 2.5 (midnight) + 2 (open, to now) + 24 (stuck, capped)
		// + 24 (30-h session, capped) + 0 (zero / negative) + 1 (clipped at from) = 60.5
		expect(sessions.seatHours).toBeCloseTo(60.5, 9);
	});

	it('averages closed, positive, non-overlong sessions that began in range', () => {
		// 120, 120, 30, 120, 120, 150 — not the open one, not the overlong ones, not 0 / negative, not ivy's.
		expect(sessions.meanSessionMinutes).toBeCloseTo(110, 9);
		expect(sessions.medianSessionMinutes).toBeCloseTo(120, 9);
	});

	it('buckets starts and seat-hours by local hour and weekday, split at midnight', () => {
		const starts = zeros(24);
		for (const [hour, count] of [[10, 3], [11, 2], [14, 1], [15, 1], [23, 1], [13, 1], [1, 1], [9, 1]] as const) starts[hour] = count;
		expect(sessions.byHour.starts).toEqual(starts);
		expect(sessions.byWeekday.starts).toEqual([3, 2, 1, 3, 1, 1, 0]);
		const seat = sessions.byWeekday.seatHours;
		// Friday gets eve's 23:00–24:00 and hal's last hour; Saturday eve's 00:00–01:30 and fay's 2 h.
		[4, 4, 11, 36, 2, 3.5, 0].forEach((hours, weekday) => expect(seat[weekday]).toBeCloseTo(hours, 9));
		expect(sessions.byHour.seatHours.reduce((a, b) => a + b, 0)).toBeCloseTo(60.5, 9);
		// eve: 23:00–24:00 Friday, 00:00–01:30 Saturday.
		expect(sessions.weekdayHour.starts[4]?.[23]).toBe(1);
	});

	it('lists every day, week and month of the range with starts, seat-hours and distinct users', () => {
		expect(sessions.daily.map((point) => point.key)).toEqual([
			'2026-01-05',
			'2026-01-06',
			'2026-01-07',
			'2026-01-08',
			'2026-01-09',
			'2026-01-10',
		]);
		expect(sessions.daily.map((point) => point.users)).toEqual([4, 1, 1, 4, 2, 2]);
		expect(sessions.daily.map((point) => point.starts)).toEqual([3, 2, 1, 3, 1, 1]);
		[4, 4, 11, 36, 2, 3.5].forEach((hours, day) => expect(sessions.daily[day]?.seatHours).toBeCloseTo(hours, 9));
		expect(sessions.weekly).toHaveLength(1);
		expect(sessions.weekly[0]).toMatchObject({key: '2026-W02', starts: 11, users: 9});
		expect(sessions.monthly).toHaveLength(1);
		expect(sessions.monthly[0]).toMatchObject({key: '2026-01', starts: 11, users: 9});
	});

	it('ranks top hosts by seat-hours, ties by host name', () => {
		expect(sessions.topHosts.map((row) => row.host)).toEqual([
			'c1r2s3',
			'c1r3s1',
			'c1r1s1',
			'c1r2s1',
			'c1r1s2',
			'c1r1s3',
			'c1r2s2',
			'c1r3s3',
			'c1r3s2',
		]);
		const shared = sessions.topHosts[2];
		expect(shared).toMatchObject({host: 'c1r1s1', sessions: 3, users: 3, occupant: null, lastSeen: '2026-01-05T12:00:00.000Z'});
		expect(shared?.meanMinutes).toBeCloseTo(90, 9);
		// 133 h from Monday 00:00 local to now.
		expect(shared?.utilisation).toBeCloseTo((3 / 133) * 100, 9);
		expect(sessions.topHosts.find((row) => row.host === 'c1r2s2')).toMatchObject({occupant: 'fay', lastSeen: '2026-01-10T12:00:00.000Z'});
		expect(sessions.topHosts.find((row) => row.host === 'c1r2s3')).toMatchObject({occupant: null, meanMinutes: null});
		expect(sessions.topHosts.find((row) => row.host === 'c1r3s2')).toMatchObject({sessions: 2, seatHours: 0, users: 2, meanMinutes: null});
		expect(summarize(weekSessions, weekEvents, {...weekOptions, top: 2}).sessions.topHosts.map((row) => row.host)).toEqual([
			'c1r2s3',
			'c1r3s1',
		]);
	});

	it('reports anomalies: overlong (with the stuck one), zero, negative, future, overlaps', () => {
		const anomalies = summary.anomalies;
		expect(anomalies.overlong.map((item) => item.id)).toEqual([9, 8]);
		expect(anomalies.overlong[1]).toMatchObject({login: 'gus', end: null, minutes: 3 * 24 * 60});
		expect(anomalies.zeroLength.map((item) => item.id)).toEqual([10]);
		expect(anomalies.negative.map((item) => item.id)).toEqual([11]);
		expect(anomalies.negative[0]?.minutes).toBe(-30);
		expect(anomalies.future.map((item) => item.id)).toEqual([13]);
		expect(anomalies.counts).toEqual({overlong: 2, overlongOpen: 1, zeroLength: 1, negative: 1, future: 1, implausibleDate: 0, implausibleEventDate: 0});
		expect(anomalies.hostOverlaps).toBe(2);
		expect(anomalies.userOverlaps).toBe(1);
		expect(anomalies.maxSessionMinutes).toBe(1440);
	});

	it('caps anomaly lists at listLimit but keeps full counts', () => {
		const capped = summarize(weekSessions, weekEvents, {...weekOptions, listLimit: 1}).anomalies;
		expect(capped.overlong.map((item) => item.id)).toEqual([9]);
		expect(capped.counts.overlong).toBe(2);
	});

	it('honours a larger maxSessionMs: the 30-h session is no longer an anomaly', () => {
		const relaxed = summarize(weekSessions, weekEvents, {...weekOptions, maxSessionMs: 48 * 3_600_000}).sessions;
		expect(relaxed.meanSessionMinutes).toBeCloseTo((660 + 1800) / 7, 9);
		// hal's 30 h now count fully; gus's stuck session (3 days) is still capped at 48 h.
		expect(relaxed.seatHours).toBeCloseTo(60.5 + 6 + 24, 9);
	});

	it('is JSON-safe', () => {
		assertJsonSafe(JSON.parse(JSON.stringify(summary)));
		assertJsonSafe(summary);
	});
});

describe('summarize: range edges', () => {
	it('clips at a past range end and keeps sessions crossing it', () => {
		// Monday 10:30–11:30 local (09:30Z–10:30Z): c1r1s1 is covered throughout by ann and bob.
		const options = {...weekOptions, from: Date.parse('2026-01-05T09:30:00Z'), to: Date.parse('2026-01-05T10:30:00Z')};
		const sessions = summarize(weekSessions, weekEvents, options).sessions;
		expect(sessions.total).toBe(2); // cat 09:30 and bob 10:00; ann began before
		expect(sessions.seatHours).toBeCloseTo(1, 9);
		expect(sessions.uniqueUsers).toBe(3);
		// Partial slots count as fractions: 0.5 h of seat in 0.5 h of Monday 10:00 → 1 seat on average.
		expect(sessions.weekdayHour.meanConcurrent[0]?.[10]).toBeCloseTo(1, 9);
		expect(sessions.weekdayHour.meanConcurrent[0]?.[11]).toBeCloseTo(1, 9);
		expect(sessions.byHour.seatHours[10]).toBeCloseTo(0.5, 9);
		expect(sessions.daily).toHaveLength(1);
		expect(sessions.topHosts[0]?.utilisation).toBeCloseTo(100, 9);
	});

	it('has nothing occupied in the future: a range after now is empty', () => {
		const options = {...weekOptions, from: Date.parse('2026-01-10T14:00:00Z'), to: Date.parse('2026-01-10T20:00:00Z')};
		const summary = summarize(weekSessions, weekEvents, options);
		expect(summary.sessions.total).toBe(0);
		expect(summary.sessions.seatHours).toBe(0);
		expect(summary.sessions.daily).toEqual([]);
		expect(summary.anomalies.future.map((item) => item.id)).toEqual([13]);
		expect(summary.events.total).toBe(0);
	});
});

describe('summarize: empty input', () => {
	it('gives zeros, empty lists and nulls — never NaN', () => {
		const summary = summarize(emptySessionTable(), emptyEventTable(), weekOptions);
		expect(summary.sessions).toMatchObject({
			total: 0,
			open: 0,
			uniqueUsers: 0,
			uniqueHosts: 0,
			seatHours: 0,
			meanSessionMinutes: null,
			medianSessionMinutes: null,
			topHosts: [],
		});
		expect(summary.sessions.byHour).toEqual({starts: zeros(24), seatHours: zeros(24)});
		expect(summary.sessions.byWeekday).toEqual({starts: zeros(7), seatHours: zeros(7)});
		expect(summary.sessions.weekdayHour.meanConcurrent).toEqual(Array.from({length: 7}, () => zeros(24)));
		expect(summary.sessions.daily).toHaveLength(6);
		expect(summary.sessions.daily.every((point) => point.starts === 0 && point.seatHours === 0 && point.users === 0)).toBe(true);
		expect(summary.events).toMatchObject({
			total: 0,
			uniqueUsers: 0,
			uniqueTypes: 0,
			byType: [],
			topUsers: [],
			mostActive: {keys: [], count: 0},
			peakHour: {hours: [], count: 0},
			recent: {minutes: 60, total: 0, byType: []},
		});
		expect(summary.anomalies.counts).toEqual({overlong: 0, overlongOpen: 0, zeroLength: 0, negative: 0, future: 0, implausibleDate: 0, implausibleEventDate: 0});
		assertJsonSafe(summary);
	});

	it('falls back to the data start, or to an empty range, when from is not finite', () => {
		const all = summarize(weekSessions, weekEvents, {...weekOptions, from: Number.NEGATIVE_INFINITY, to: Number.POSITIVE_INFINITY});
		expect(all.range.from).toBe('2026-01-01T10:00:00.000Z'); // the earliest event
		expect(all.range.to).toBe('2026-01-10T12:00:00.000Z');
		const empty = summarize(emptySessionTable(), emptyEventTable(), {...weekOptions, from: Number.NaN});
		expect(empty.sessions.daily).toEqual([]);
		assertJsonSafe(empty);
	});
});
