/**
 * Issue 13 #10: one record dated year 1000 made `summary --json` list every empty day of a
 * millennium (11 s, 1 GB, 73 MB of output). Dates before 1990 or more than a year after now are
 * `implausibleDate` anomalies, never the start of a series, and every series is bounded.
 */
import {describe, expect, it} from 'vitest';
import {eventTableFromRecords, sessionTableFromRecords} from '../../source/core/model.js';
import {windowFromQuery} from '../../source/app/window.js';
import {firstInstant, summarize} from '../../source/core/stats/index.js';
import {resolveNow} from '../../source/commands/common.js';
import type {CommandContext} from '../../source/commands/types.js';
import {event, session} from '../fixtures/stats/week.js';

const now = Date.parse('2026-01-10T12:00:00Z');
const sessions = sessionTableFromRecords([
	session(1, 'ann', 'c1r1s1', '1000-01-01T10:00:00Z', '1000-01-01T11:00:00Z'),
	session(2, 'bob', 'c1r1s2', '1000-06-01T10:00:00Z', null),
	session(3, 'ann', 'c1r1s1', '2026-01-05T09:00:00Z', '2026-01-05T11:00:00Z'),
	session(4, 'cat', 'c1r1s3', '2026-01-09T09:00:00Z', '2026-01-09T10:00:00Z'),
	session(5, 'dan', 'c1r1s4', '2026-06-01T09:00:00Z', null),
	session(6, 'eve', 'c1r1s5', '9000-01-01T09:00:00Z', null),
]);
const events = eventTableFromRecords([
	event(1, 'ann', 'login', '1000-01-01T10:00:00Z'),
	event(2, 'ann', 'login', '2026-01-05T10:00:00Z'),
	event(3, 'ann', 'login', '5000-01-01T10:00:00Z'),
]);

describe('implausible dates', () => {
	it('start no series: "all the data" begins at the first plausible record', () => {
		const summary = summarize(sessions, events, {now, timeZone: 'UTC', from: -Infinity, to: Date.parse('2027-01-01T00:00:00Z')});
		expect(summary.range.from).toBe('2026-01-05T09:00:00.000Z');
		expect(summary.sessions.daily.map((day) => day.key)).toEqual(['2026-01-05', '2026-01-06', '2026-01-07', '2026-01-08', '2026-01-09', '2026-01-10']);
		expect(summary.events.daily).toHaveLength(6);
		expect(summary.sessions.total).toBe(2);
		// The open year-1000 session is not "stuck open" overlong: it is an implausible date.
		expect(summary.anomalies.counts).toMatchObject({overlong: 0, future: 1, implausibleDate: 3, implausibleEventDate: 2});
		expect(summary.anomalies.implausibleDate.map((item) => item.id)).toEqual([6, 2, 1]);
		expect(summary.anomalies.future.map((item) => item.id)).toEqual([5]);
		expect(JSON.stringify(summary).length).toBeLessThan(20_000);
	});

	it('an explicit range never reaches back before 1990', () => {
		const summary = summarize(sessions, events, {now, timeZone: 'UTC', from: Date.parse('0999-01-01T00:00:00Z'), to: now});
		expect(summary.range.from).toBe('1990-01-01T00:00:00.000Z');
		// Every day from 1990-01-01 to now: bounded by the 1990 floor, not by the year-1000 record.
		expect(summary.sessions.daily).toHaveLength((Date.parse('2026-01-11T00:00:00Z') - Date.parse('1990-01-01T00:00:00Z')) / 86_400_000);
		expect(summary.sessions.total).toBe(2);
	});

	it('the default window of every front end starts at the first plausible record; --now is bounded', () => {
		const context = {clock: () => now} as unknown as CommandContext;
		expect(firstInstant(sessions, events)).toBe(Date.parse('2026-01-05T09:00:00Z'));
		const all = windowFromQuery({}, {now, timeZone: 'UTC', dataStart: firstInstant(sessions, events)});
		expect(all.ok && new Date(all.window.from).toISOString()).toBe('2026-01-05T00:00:00.000Z');
		expect(resolveNow(context, '2026-01-01T24:00:00Z', 'help')).toBe(Date.parse('2026-01-02T00:00:00Z'));
		expect(() => resolveNow(context, '1000-01-01T00:00:00Z', 'help')).toThrow(/outside the years bigstat42 accepts/);
		expect(() => resolveNow(context, '9999-01-01T00:00:00Z', 'help')).toThrow(/outside the years bigstat42 accepts/);
		expect(() => resolveNow(context, '2026-01-01T10:00:00+24:00', 'help')).toThrow(/not an ISO-8601 timestamp/);
	});
});
