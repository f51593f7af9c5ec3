import {describe, expect, it} from 'vitest';
import {emptySessionTable, sessionTableFromRecords, type SessionRecord} from '../../../source/core/model.js';
import {compatBigstat42} from '../../../source/core/stats/index.js';

const MINUTE = 60_000;

function row(id: number, userId: number | null, host: string, begin: string, minutes: number | null): SessionRecord {
	const start = Date.parse(begin);
	return {id, userId, login: userId === null ? null : `u${userId}`, host, begin: start, end: minutes === null ? null : start + minutes * MINUTE, campusId: 9};
}

/** The 10 sessions of seeds.md §1.5: 90, 120, open, zero, negative, 720, 719.98, 1500, 120, 60 minutes. */
const worked = sessionTableFromRecords([
	row(1, 1, 'A', '2025-12-31T23:42:45.586Z', 90),
	row(2, 2, 'A', '2026-01-02T10:00:00Z', 120),
	row(3, 3, 'B', '2026-01-26T08:00:00Z', null),
	row(4, 4, 'B', '2026-01-27T09:00:00Z', 0),
	{...row(5, null, 'C', '2026-01-27T10:00:00Z', -30), login: 'x'}, // a login but no 42 id
	row(6, 1, 'A', '2026-01-28T08:00:00Z', 720),
	row(7, 2, 'B', '2026-01-29T08:00:00Z', 719.98),
	row(8, null, 'C', '2026-01-30T08:00:00Z', 1500),
	row(9, 3, 'A', '2026-01-31T08:00:00Z', 120),
	row(10, 4, 'B', '2026-01-31T22:56:31Z', 60),
]);

describe('compat bigstat42 (old analyzer parity)', () => {
	const stats = compatBigstat42(worked);

	it('reproduces the worked example of seeds.md §1.5', () => {
		expect(stats.total_sessions).toBe(10);
		expect(stats.average_session_duration_minutes).toBeCloseTo(138.7475, 9);
		expect(stats.average_session_duration_minutes.toFixed(3)).toBe('138.748');
		expect(stats.total_usage_hours).toBeCloseTo(1109.98 / 60, 9);
		expect(stats.total_usage_hours.toFixed(4)).toBe('18.4997');
		expect(stats.monthly_usage).toEqual({1: 9, 12: 1});
		expect(stats.weekly_usage).toEqual({5: 8, 1: 2}); // 31 December 2025 is ISO week 1
	});

	it('counts users by non-null 42 id and hosts as opaque strings', () => {
		expect(stats.unique_users).toBe(4);
		expect(stats.unique_hosts).toBe(3);
	});

	it('prints the date range like pandas', () => {
		expect(stats.date_range).toBe('2025-12-31 23:42:45.586000+00:00 to 2026-01-31 22:56:31+00:00');
	});

	it('buckets by UTC start hour and start weekday only', () => {
		const hourly = Array.from({length: 24}, (_, hour) => stats.hourly_usage[String(hour)]);
		const expected = Array.from({length: 24}, () => 0);
		expected[23] = 1;
		expected[10] = 2;
		expected[8] = 5;
		expected[9] = 1;
		expected[22] = 1;
		expect(hourly).toEqual(expected);
		expect(Object.entries(stats.daily_usage)).toEqual([
			['Friday', 2],
			['Saturday', 2],
			['Tuesday', 2],
			['Wednesday', 2],
			['Monday', 1],
			['Thursday', 1],
		]);
		expect(stats.heatmap_day_hour.rows[2]).toBe('Wednesday');
		expect(stats.heatmap_day_hour.columns[23]).toBe('23:00');
		expect(stats.heatmap_day_hour.counts[2]?.[23]).toBe(1);
		expect(stats.heatmap_day_hour.counts[2]?.[8]).toBe(1);
	});

	it('ranks hosts with deterministic ties and averages their valid rows', () => {
		expect(Object.entries(stats.host_usage)).toEqual([
			['A', 4],
			['B', 4],
			['C', 2],
		]);
		expect(stats.average_duration_by_host.A).toBeCloseTo(110, 9);
		expect(stats.average_duration_by_host.B).toBeCloseTo(779.98 / 4, 9);
		expect(stats.average_duration_by_host.C).toBe(0); // only the negative (0-minute) row is valid
		const top = compatBigstat42(worked, {top: 2}).heatmap_hosts_hour;
		expect(top.rows).toEqual(['A', 'B']);
		expect(top.counts[0]?.[8]).toBe(2);
	});

	it('filters on begin when asked (the seed downloaded sessions begun in its window)', () => {
		const january = compatBigstat42(worked, {from: Date.parse('2026-01-01T00:00:00Z'), to: Date.parse('2026-01-31T00:00:00Z')});
		expect(january.total_sessions).toBe(7);
		expect(january.monthly_usage).toEqual({1: 7});
	});

	it('handles empty input like the seed', () => {
		const empty = compatBigstat42(emptySessionTable());
		expect(empty).toMatchObject({
			total_sessions: 0,
			unique_users: 0,
			unique_hosts: 0,
			average_session_duration_minutes: 0,
			total_usage_hours: 0,
			date_range: 'No data',
			daily_usage: {},
			weekly_usage: {},
			monthly_usage: {},
			host_usage: {},
			average_duration_by_host: {},
		});
		expect(Object.keys(empty.hourly_usage)).toHaveLength(24);
		expect(empty.heatmap_hosts_hour.rows).toEqual([]);
	});

	it('keeps a host called __proto__ as a plain key', () => {
		const odd = compatBigstat42(sessionTableFromRecords([row(1, 1, '__proto__', '2026-01-05T08:00:00Z', 10)]));
		expect(Object.keys(odd.host_usage)).toEqual(['__proto__']);
		expect(JSON.parse(JSON.stringify(odd.host_usage))).toEqual(JSON.parse('{"__proto__": 1}'));
	});
});
