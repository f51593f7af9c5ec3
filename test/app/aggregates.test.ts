import {describe, expect, it} from 'vitest';
import {Aggregates, aggregatesOf} from '../../source/app/aggregates.js';
import {presetSpec, resolveWindow} from '../../source/app/window.js';
import {eventTableFromRecords, sessionTableFromRecords} from '../../source/core/model.js';
import {hostRows, summarize, userRows} from '../../source/core/stats/index.js';
import {buildDashboard} from '../../source/ui/dashboard.js';

const now = Date.parse('2026-12-02T10:30:00Z');
// The data is said to start on 1 November, so 7-day previous periods are covered.
const dataStart = Date.parse('2026-11-01T00:00:00Z');
const at = (text: string) => Date.parse(text);
const sessions = sessionTableFromRecords([
	{id: 1, userId: 1, login: 'ana', host: 'c1r1s1', begin: at('2026-11-24T08:00:00Z'), end: at('2026-11-24T12:00:00Z'), campusId: 1},
	{id: 2, userId: 2, login: 'bob', host: 'c1r1s2', begin: at('2026-11-25T09:00:00Z'), end: at('2026-11-25T10:00:00Z'), campusId: 1},
	{id: 3, userId: 1, login: 'ana', host: 'c1r1s1', begin: at('2026-12-01T08:00:00Z'), end: at('2026-12-01T09:00:00Z'), campusId: 1},
	// Began yesterday, open now.
	{id: 4, userId: 2, login: 'bob', host: 'c1r1s2', begin: at('2026-12-01T22:00:00Z'), end: null, campusId: 1},
	{id: 5, userId: 3, login: 'cid', host: 'c1r1s3', begin: at('2026-12-02T08:00:00Z'), end: at('2026-12-02T09:00:00Z'), campusId: 1},
]);
const events = eventTableFromRecords([
	{id: 1, user: 'ana', type: 'login', time: at('2026-11-25T08:00:00Z'), metadata: null},
	{id: 2, user: 'bob', type: 'login', time: at('2026-12-02T08:00:00Z'), metadata: null},
]);

describe('Aggregates', () => {
	it('sweeps the sessions once per window, whatever is asked of it, and keeps it', () => {
		const aggregates = new Aggregates({sessions, events}, {now, timeZone: 'UTC'});
		const window = resolveWindow(presetSpec('7d'), {now, timeZone: 'UTC', dataStart});
		const stats = aggregates.window(window);
		stats.summary();
		stats.hostRows();
		stats.userRows();
		stats.hostDetail('c1r1s1');
		stats.slotSessions(0, 8);
		expect(aggregates.sweeps).toBe(1);
		aggregates.previous(window)?.summary();
		expect(aggregates.sweeps).toBe(2);
		// Asking again for the current window (as the overview does after the previous one) sweeps nothing.
		aggregates.window(window).summary();
		expect(aggregates.window(window)).toBe(stats);
		expect(aggregates.sweeps).toBe(2);
	});

	it('gives the same figures as the one-off engine functions', () => {
		const aggregates = new Aggregates({sessions, events}, {now, timeZone: 'UTC', top: 2});
		const options = {now, timeZone: 'UTC', from: at('2026-11-26T00:00:00Z'), to: at('2026-12-03T00:00:00Z'), top: 2};
		const stats = aggregates.bounds(options.from, options.to);
		expect(stats.summary()).toEqual(summarize(sessions, events, options));
		expect(stats.hostRows()).toEqual(hostRows(sessions, options));
		expect(stats.userRows()).toEqual(userRows(sessions, options));
	});

	it('compares a partial day with the previous day up to the same time', () => {
		const aggregates = new Aggregates({sessions, events}, {now, timeZone: 'UTC'});
		const window = resolveWindow(presetSpec('1d'), {now, timeZone: 'UTC', dataStart});
		const previous = aggregates.previous(window)?.summary();
		expect(previous?.range.end).toBe('2026-12-01T10:30:00.000Z');
		// Yesterday up to 10:30: session 3 started, session 4 (22:00) not yet.
		expect(previous?.sessions.total).toBe(1);
		expect(aggregates.window(window).summary().sessions.total).toBe(1);
	});

	it('has no previous period where the data does not cover all of it', () => {
		const aggregates = new Aggregates({sessions, events}, {now, timeZone: 'UTC'});
		const none = resolveWindow(presetSpec('30d'), {now, timeZone: 'UTC', dataStart: sessions.begin[0]});
		expect(none.previous?.coverage).toBe('none');
		expect(aggregates.previous(none)).toBeNull();
		const partly = resolveWindow(presetSpec('7d'), {now, timeZone: 'UTC', dataStart: sessions.begin[0]});
		expect(partly.previous?.coverage).toBe('partial');
		expect(aggregates.previous(partly)).toBeNull();
	});
});

describe('the overview draw', () => {
	it('sweeps the current window once and the previous once, and a range switched back to costs nothing', () => {
		// The tables' own first instant (24 Nov) leaves the week before 26 Nov partly uncovered:
		// add an event on 1 November so that the 7-day comparison has a whole previous week.
		const withHistory = eventTableFromRecords([{id: 9, user: 'old', type: 'login', time: dataStart, metadata: null}, ...[0, 1].map((i) => ({id: i + 1, user: i === 0 ? 'ana' : 'bob', type: 'login', time: events.time[i] ?? 0, metadata: null}))]);
		const snapshot = {sessions, events: withHistory, now, version: 1};
		const draw = (preset: '7d' | '30d') => {
			const data = buildDashboard({campus: {id: 1, name: 'Test', timeZone: 'UTC'}, timeZone: 'UTC', snapshot, range: presetSpec(preset)});
			return [data.summary.sessions.total, data.previous?.sessions.total ?? null, data.hosts.length, data.users.length];
		};

		expect(draw('7d')).toEqual([3, 2, 3, 3]);
		expect(draw('30d')).toEqual([5, null, 3, 3]);
		// Back to 7d: the kept window answers (the same summary object, not a recomputation).
		const first = buildDashboard({campus: {id: 1, name: 'Test', timeZone: 'UTC'}, timeZone: 'UTC', snapshot, range: presetSpec('7d')});
		const second = buildDashboard({campus: {id: 1, name: 'Test', timeZone: 'UTC'}, timeZone: 'UTC', snapshot, range: presetSpec('7d')});
		expect(first.summary).toBe(second.summary);
	});

	it('the UI reads the application layer\'s one cache: a draw sweeps current and previous once, a range switched back to sweeps nothing', () => {
		const withHistory = eventTableFromRecords([{id: 9, user: 'old', type: 'login', time: dataStart, metadata: null}]);
		const snapshot = {sessions, events: withHistory, now, version: 1};
		const campus = {id: 1, name: 'Test', timeZone: 'UTC'};
		const sweeps = () => aggregatesOf(snapshot, {now, timeZone: 'UTC'}).sweeps;
		const draw = (preset: '7d' | '30d') => {
			// What the overview reads: the summary, the previous period, the summary again, the host and user tables.
			const data = buildDashboard({campus, timeZone: 'UTC', snapshot, range: presetSpec(preset)});
			void data.summary.sessions.total;
			void data.previous?.sessions.total;
			void data.summary.sessions.topHosts;
			void data.hosts.length;
			void data.users.length;
		};

		draw('7d');
		expect(sweeps()).toBe(2);
		draw('7d');
		expect(sweeps()).toBe(2);
		draw('30d');
		// 30 days back from 2 December reach before the data start: no previous period to sweep.
		expect(sweeps()).toBe(3);
		draw('7d');
		expect(sweeps()).toBe(3);
	});
});
