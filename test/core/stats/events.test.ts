import {describe, expect, it} from 'vitest';
import {emptySessionTable, eventTableFromRecords} from '../../../source/core/model.js';
import {eventUserActivity, eventUsers, summarize} from '../../../source/core/stats/index.js';
import {compareKeys} from '../../../source/core/stats/ranking.js';
import {event, weekEvents, weekOptions} from '../../fixtures/stats/week.js';

describe('event statistics', () => {
	const events = summarize(emptySessionTable(), weekEvents, weekOptions).events;

	it('counts the range without future events', () => {
		// 9 events: one before the range, one after now (13:00Z > 12:00Z) — both left out.
		expect(events.total).toBe(7);
		expect(events.uniqueUsers).toBe(3);
		expect(events.uniqueTypes).toBe(4);
	});

	it('ranks types and users by count desc then key asc, keeping every tie', () => {
		expect(events.byType).toEqual([
			{key: 'login', count: 3},
			{key: 'view', count: 2},
			{key: 'logout', count: 1},
			{key: 'system', count: 1},
		]);
		expect(events.topUsers).toEqual([
			{key: 'ann', count: 2},
			{key: 'bob', count: 2},
			{key: 'cat', count: 2},
		]);
		expect(events.mostActive).toEqual({keys: ['ann', 'bob', 'cat'], count: 2});
		expect(summarize(emptySessionTable(), weekEvents, {...weekOptions, top: 1}).events.topUsers).toEqual([{key: 'ann', count: 2}]);
	});

	it('finds every tied peak hour in local time', () => {
		expect(events.peakHour).toEqual({hours: [9, 10, 12], count: 2});
	});

	it('lists every local day of the range up to now, empty days included', () => {
		expect(events.daily).toEqual([
			{key: '2026-01-05', count: 3},
			{key: '2026-01-06', count: 0},
			{key: '2026-01-07', count: 1},
			{key: '2026-01-08', count: 1},
			{key: '2026-01-09', count: 0},
			{key: '2026-01-10', count: 2},
		]);
	});

	it('reports the last N minutes before now, whatever the range', () => {
		expect(events.recent).toEqual({
			minutes: 60,
			total: 2,
			byType: [
				{key: 'login', count: 1},
				{key: 'logout', count: 1},
			],
		});
		const past = summarize(emptySessionTable(), weekEvents, {...weekOptions, to: weekOptions.from + 3_600_000, recentMinutes: 5});
		expect(past.events.total).toBe(0);
		expect(past.events.recent).toEqual({minutes: 5, total: 1, byType: [{key: 'logout', count: 1}]});
	});

	it('counts an event at exactly now, and puts it on its local day', () => {
		const now = Date.parse('2026-01-10T23:00:00Z'); // local midnight
		const table = eventTableFromRecords([event(1, 'ann', 'login', '2026-01-10T23:00:00Z')]);
		const result = summarize(emptySessionTable(), table, {...weekOptions, now}).events;
		expect(result.total).toBe(1);
		expect(result.daily.at(-1)).toEqual({key: '2026-01-11', count: 1});
		expect(result.peakHour).toEqual({hours: [0], count: 1});
	});

	it('orders keys by bytes, not by locale', () => {
		const table = eventTableFromRecords([
			event(1, 'émile', 'x', '2026-01-05T08:00:00Z'),
			event(2, 'Zoe', 'x', '2026-01-05T08:00:00Z'),
			event(3, 'zoe', 'x', '2026-01-05T08:00:00Z'),
			event(4, '😀', 'x', '2026-01-05T08:00:00Z'),
			event(5, '\uff21', 'x', '2026-01-05T08:00:00Z'),
		]);
		const result = summarize(emptySessionTable(), table, weekOptions).events;
		// UTF-8 byte order: 'Z' < 'z' < 'é' < U+FF21 < U+1F600 (a surrogate pair in UTF-16).
		expect(result.mostActive.keys).toEqual(['Zoe', 'zoe', 'émile', '\uff21', '😀']);
		expect(compareKeys('a', 'ab')).toBeLessThan(0);
		expect(compareKeys('b', 'ab')).toBeGreaterThan(0);
	});
});

describe('per-user event activity', () => {
	it('summarises one user within the range', () => {
		expect(eventUserActivity(weekEvents, 'ann', weekOptions)).toEqual({
			user: 'ann',
			total: 2,
			byType: [
				{key: 'login', count: 1},
				{key: 'view', count: 1},
			],
			first: '2026-01-05T08:00:00.000Z',
			last: '2026-01-05T09:00:00.000Z',
		});
	});

	it('answers zeros and nulls for an unknown user', () => {
		expect(eventUserActivity(weekEvents, 'nobody', weekOptions)).toEqual({user: 'nobody', total: 0, byType: [], first: null, last: null});
	});

	it('lists every user, total desc then user asc', () => {
		const users = eventUsers(weekEvents, weekOptions);
		expect(users.map((row) => [row.user, row.total])).toEqual([
			['ann', 2],
			['bob', 2],
			['cat', 2],
		]);
		expect(users[2]).toEqual({
			user: 'cat',
			total: 2,
			byType: [
				{key: 'login', count: 1},
				{key: 'logout', count: 1},
			],
			first: '2026-01-10T11:30:00.000Z',
			last: '2026-01-10T11:59:00.000Z',
		});
	});
});
