import {describe, expect, it} from 'vitest';
import {emptySessionTable, sessionTableFromRecords} from '../../../source/core/model.js';
import {hostDetail, hostHourMatrix, hostRows, slotSessions, userDetail, userRows} from '../../../source/core/stats/index.js';
import {session, weekOptions, weekSessions} from '../../fixtures/stats/week.js';

describe('host rows and details', () => {
	it('lists every host touching the range, seat-hours desc then host asc', () => {
		const rows = hostRows(weekSessions, weekOptions);
		expect(rows.map((row) => [row.host, row.seatHours])).toEqual([
			['c1r2s3', 24],
			['c1r3s1', 24],
			['c1r1s1', 3],
			['c1r2s1', 2.5],
			['c1r1s2', 2],
			['c1r1s3', 2],
			['c1r2s2', 2],
			['c1r3s3', 1],
			['c1r3s2', 0],
		]);
		expect(rows[0]?.lastSeen).toBe('2026-01-08T12:00:00.000Z'); // the stuck session, capped at 24 h
	});

	it('drills into a host: union by hour, users by hours, newest sessions first', () => {
		const detail = hostDetail(weekSessions, 'c1r1s1', weekOptions);
		expect(detail?.row).toMatchObject({host: 'c1r1s1', sessions: 3, seatHours: 3, users: 3});
		// 10:00–13:00 local, the three overlapping sessions counted once.
		expect(detail?.byHour.slice(9, 14)).toEqual([0, 1, 1, 1, 0]);
		expect(detail?.users).toEqual([
			{login: 'ann', hours: 2, sessions: 1},
			{login: 'bob', hours: 2, sessions: 1},
			{login: 'cat', hours: 0.5, sessions: 1},
		]);
		expect(detail?.recent.map((item) => item.id)).toEqual([2, 3, 1]);
		expect(hostDetail(weekSessions, 'c1r4s2', weekOptions)).toBeNull(); // only used before the range
		expect(hostDetail(weekSessions, 'nope', weekOptions)).toBeNull();
	});

	it('builds a host × hour matrix in the order asked', () => {
		const matrix = hostHourMatrix(weekSessions, ['c1r2s1', 'unknown', 'c1r1s1'], weekOptions);
		expect(matrix).toHaveLength(3);
		expect(matrix[0]?.[23]).toBeCloseTo(1, 9);
		expect(matrix[0]?.[0]).toBeCloseTo(1, 9);
		expect(matrix[0]?.[1]).toBeCloseTo(0.5, 9);
		expect(matrix[1]).toEqual(Array.from({length: 24}, () => 0));
		expect(matrix[2]?.reduce((a, b) => a + b, 0)).toBeCloseTo(3, 9);
	});

	it('lists the sessions of a heatmap slot, newest first', () => {
		// Monday 10:00 local: ann (09:00Z–11:00Z), cat (09:30Z), bob began at 11:00 local.
		expect(slotSessions(weekSessions, 0, 10, weekOptions).map((item) => item.id)).toEqual([3, 1]);
		expect(slotSessions(weekSessions, 0, 11, weekOptions).map((item) => item.id)).toEqual([2, 1]);
		// The zero-length session occupies nothing but began Thursday 09:00 local; hal and gus's capped stuck session occupy it.
		expect(slotSessions(weekSessions, 3, 9, weekOptions).map((item) => item.id)).toEqual([10, 9, 8]);
		expect(slotSessions(weekSessions, 0, 10, {...weekOptions, listLimit: 1}).map((item) => item.id)).toEqual([3]);
	});

	it('is empty for an empty table', () => {
		expect(hostRows(emptySessionTable(), weekOptions)).toEqual([]);
		expect(userRows(emptySessionTable(), weekOptions)).toEqual([]);
		expect(slotSessions(emptySessionTable(), 0, 0, weekOptions)).toEqual([]);
		expect(hostHourMatrix(emptySessionTable(), ['a'], weekOptions)).toEqual([Array.from({length: 24}, () => 0)]);
	});
});

describe('user rows and details', () => {
	it('ranks users by logtime (union across hosts), ties by login', () => {
		const rows = userRows(weekSessions, weekOptions);
		expect(rows.map((row) => [row.login, row.logtimeHours])).toEqual([
			['gus', 24],
			['hal', 24],
			['dan', 3], // 13:00–16:00Z on two hosts at once: 3 h, not 4
			['eve', 2.5],
			['ann', 2],
			['bob', 2],
			['fay', 2],
			['ivy', 1],
			['cat', 0.5],
		]);
		expect(rows.find((row) => row.login === 'dan')).toEqual({
			login: 'dan',
			logtimeHours: 3,
			sessions: 2,
			favouriteHost: 'c1r1s2', // 2 h on each host: the tie goes to the smaller name
			lastSeen: '2026-01-06T16:00:00.000Z',
		});
		expect(rows.find((row) => row.login === 'fay')?.lastSeen).toBe('2026-01-10T12:00:00.000Z');
		expect(rows.find((row) => row.login === 'ann')).toMatchObject({sessions: 2, favouriteHost: 'c1r1s1'});
	});

	it('drills into a user: daily and weekly logtime, weekday × hour, hosts, usual hours', () => {
		const detail = userDetail(weekSessions, 'dan', weekOptions);
		expect(detail?.row.logtimeHours).toBe(3);
		expect(detail?.logtimeDaily.map((day) => day.hours)).toEqual([0, 3, 0, 0, 0, 0]);
		expect(detail?.logtimeWeekly).toEqual([{key: '2026-W02', hours: 3}]);
		expect(detail?.weekdayHour[1]?.slice(13, 18)).toEqual([0, 1, 1, 1, 0]);
		expect(detail?.hosts).toEqual([
			{host: 'c1r1s2', hours: 2, sessions: 1},
			{host: 'c1r1s3', hours: 2, sessions: 1},
		]);
		expect(detail?.usualHours).toEqual([14, 15, 16]);
		expect(detail?.recent.map((item) => item.id)).toEqual([5, 4]);
		expect(userDetail(weekSessions, 'kim', weekOptions)).toBeNull();
	});

	it('splits a user’s midnight crossing over two days', () => {
		const detail = userDetail(weekSessions, 'eve', weekOptions);
		expect(detail?.logtimeDaily.map((day) => day.hours)).toEqual([0, 0, 0, 0, 1, 1.5]);
		expect(detail?.usualHours).toEqual([0, 23, 1]);
	});

	it('treats two user indexes with one login as one person', () => {
		const table = sessionTableFromRecords([
			{...session(1, 'ann', 'a', '2026-01-05T09:00:00Z', '2026-01-05T11:00:00Z'), userId: 100},
			{...session(2, 'ann', 'b', '2026-01-05T10:00:00Z', '2026-01-05T12:00:00Z'), userId: null},
		]);
		expect(userDetail(table, 'ann', weekOptions)?.row.logtimeHours).toBe(3);
	});
});

describe('memoised scan', () => {
	it('recomputes when the range or now changes, and honours per-call list options', () => {
		expect(hostRows(weekSessions, weekOptions)).toHaveLength(9);
		const monday = {...weekOptions, to: Date.parse('2026-01-05T23:00:00Z')};
		expect(hostRows(weekSessions, monday).map((row) => row.host)).toEqual(['c1r1s1', 'c1r3s3']);
		const earlier = {...weekOptions, now: Date.parse('2026-01-05T10:00:00Z')};
		expect(hostRows(weekSessions, earlier).map((row) => [row.host, row.seatHours])).toEqual([
			['c1r1s1', 1],
			['c1r3s3', 1],
		]);
		expect(hostDetail(weekSessions, 'c1r1s1', {...earlier, listLimit: 1})?.recent).toHaveLength(1);
		expect(hostDetail(weekSessions, 'c1r1s1', earlier)?.recent).toHaveLength(2);
	});
});

describe('list lengths', () => {
	it('accepts Infinity for top and listLimit', () => {
		expect(hostDetail(weekSessions, 'c1r1s1', {...weekOptions, listLimit: Number.POSITIVE_INFINITY})?.recent).toHaveLength(3);
	});
});
