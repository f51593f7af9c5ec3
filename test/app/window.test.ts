import {describe, expect, it} from 'vitest';
import {parseWindowQuery, presetSpec, resolveWindow, stepSpec, windowFromQuery} from '../../source/app/window.js';

const PARIS = 'Europe/Paris';
const iso = (ms: number) => new Date(ms).toISOString();

describe('resolveWindow: day windows', () => {
	// Wednesday 2 December 2026, 05:38 in Paris (UTC+1).
	const now = Date.parse('2026-12-02T04:38:00Z');
	const frame = {now, timeZone: PARIS, dataStart: Date.parse('2026-09-01T06:00:00Z')};

	it('1d at 05:38 is today so far, partial, compared with yesterday up to 05:38', () => {
		const window = resolveWindow(presetSpec('1d'), frame);
		expect(iso(window.from)).toBe('2026-12-01T23:00:00.000Z');
		expect(iso(window.to)).toBe('2026-12-02T23:00:00.000Z');
		expect(iso(window.end)).toBe('2026-12-02T04:38:00.000Z');
		expect(window.partial).toBe(true);
		expect(window.previous).toEqual({
			from: Date.parse('2026-11-30T23:00:00Z'),
			to: Date.parse('2026-12-01T23:00:00Z'),
			end: Date.parse('2026-12-01T04:38:00Z'),
			coverage: 'full',
		});
		expect(window.label).toBe('1d (2 Dec)');
	});

	it('7d compares the same 6 days and 5 h 38 of the week before', () => {
		const window = resolveWindow(presetSpec('7d'), frame);
		expect(iso(window.from)).toBe('2026-11-25T23:00:00.000Z');
		expect(window.previous && iso(window.previous.from)).toBe('2026-11-18T23:00:00.000Z');
		expect(window.previous && iso(window.previous.end)).toBe('2026-11-25T04:38:00.000Z');
		expect(window.previous && window.previous.end - window.previous.from).toBe(window.end - window.from);
	});

	it('cuts the previous period at the same local time across a DST change', () => {
		// Tuesday 27 October 2026, 10:00 in Paris (UTC+1); the week before began in summer time (UTC+2).
		const window = resolveWindow(presetSpec('7d'), {now: Date.parse('2026-10-27T09:00:00Z'), timeZone: PARIS, dataStart: 0});
		expect(iso(window.from)).toBe('2026-10-20T22:00:00.000Z');
		// Previous: from 14 Oct local midnight (22:00Z) to 20 Oct 10:00 local (08:00Z, summer time).
		expect(window.previous && iso(window.previous.from)).toBe('2026-10-13T22:00:00.000Z');
		expect(window.previous && iso(window.previous.end)).toBe('2026-10-20T08:00:00.000Z');
	});

	it('a window that is over is not partial and is compared with the whole previous one', () => {
		const window = resolveWindow(stepSpec(presetSpec('7d'), -1), frame);
		expect(window.partial).toBe(false);
		expect(window.end).toBe(window.to);
		expect(window.previous?.end).toBe(window.from);
		expect(window.label).toBe('7d, 1 back (19 Nov–25 Nov)');
	});

	it('says how much of the previous period has data: none, partial, full', () => {
		const noData = resolveWindow(presetSpec('90d'), {...frame, dataStart: Date.parse('2026-11-20T00:00:00Z')});
		expect(noData.previous?.coverage).toBe('none');
		const partly = resolveWindow(presetSpec('90d'), {...frame, dataStart: Date.parse('2026-09-01T00:00:00Z')});
		expect(partly.previous?.coverage).toBe('partial');
		expect(resolveWindow(presetSpec('7d'), frame).previous?.coverage).toBe('full');
		expect(resolveWindow(presetSpec('7d'), {now, timeZone: PARIS}).previous?.coverage).toBe('none');
	});

	it('stepping back stops before the first data', () => {
		const dataStart = Date.parse('2026-11-20T10:00:00Z');
		const current = resolveWindow(presetSpec('7d'), {now, timeZone: PARIS, dataStart});
		expect(current.canStepBack).toBe(true);
		const back = resolveWindow(stepSpec(presetSpec('7d'), -1), {now, timeZone: PARIS, dataStart});
		expect(back.canStepBack).toBe(false);
		expect(stepSpec(presetSpec('7d'), +3)).toEqual(presetSpec('7d', 0));
	});

	it('labels dates of another year with the year', () => {
		const window = resolveWindow(presetSpec('90d', -1), frame);
		expect(window.label).toBe('90d, 1 back (6 Jun–3 Sep)');
		const early = resolveWindow(presetSpec('30d'), {now: Date.parse('2027-01-10T12:00:00Z'), timeZone: PARIS, dataStart: 0});
		expect(early.label).toBe('30d (12 Dec 2026–10 Jan)');
	});
});

describe('resolveWindow: all data and explicit bounds', () => {
	const now = Date.parse('2026-12-02T12:00:00Z');

	it('all runs from the first local day with data to the end of today, with no previous period', () => {
		const window = resolveWindow({kind: 'all'}, {now, timeZone: PARIS, dataStart: Date.parse('2026-09-03T08:00:00Z')});
		expect(iso(window.from)).toBe('2026-09-02T22:00:00.000Z');
		expect(iso(window.to)).toBe('2026-12-02T23:00:00.000Z');
		expect(window.previous).toBeNull();
		expect(window.label).toBe('all (since 3 Sep 2026)');
	});

	it('all on empty data is today', () => {
		const window = resolveWindow({kind: 'all'}, {now, timeZone: 'UTC'});
		expect(iso(window.from)).toBe('2026-12-02T00:00:00.000Z');
		expect(window.end).toBe(now);
	});

	it('between: a missing from is the first day of data, the previous span is as long', () => {
		const to = Date.parse('2026-11-01T00:00:00Z');
		const window = resolveWindow({kind: 'between', to}, {now, timeZone: 'UTC', dataStart: Date.parse('2026-10-25T13:00:00Z')});
		expect(iso(window.from)).toBe('2026-10-25T00:00:00.000Z');
		expect(window.previous && iso(window.previous.from)).toBe('2026-10-18T00:00:00.000Z');
		expect(window.label).toBe('25 Oct–31 Oct');
	});
});

describe('parseWindowQuery / windowFromQuery', () => {
	it('refuses days with from/to, bad days, bad dates and empty ranges, naming the parameter', () => {
		expect(parseWindowQuery({days: 7, from: '2026-01-01'}, 'UTC')).toMatchObject({ok: false, error: {field: 'days'}});
		expect(parseWindowQuery({days: '0'}, 'UTC')).toMatchObject({ok: false, error: {field: 'days', message: 'days must be a whole number of days from 1 to 36600, got 0'}});
		expect(parseWindowQuery({days: '7.5'}, 'UTC')).toMatchObject({ok: false, error: {field: 'days'}});
		expect(parseWindowQuery({days: 'seven'}, 'UTC')).toMatchObject({ok: false, error: {field: 'days'}});
		expect(parseWindowQuery({from: 'yesterday'}, 'UTC')).toMatchObject({ok: false, error: {field: 'from'}});
		expect(parseWindowQuery({to: '2026-13-01'}, 'UTC')).toMatchObject({ok: false, error: {field: 'to'}});
		expect(parseWindowQuery({from: '2026-02-01', to: '2026-01-01'}, 'UTC')).toMatchObject({ok: false, error: {field: 'from'}});
	});

	it('takes days as a number or a string, dates as local midnights', () => {
		expect(parseWindowQuery({days: '7'}, 'UTC')).toEqual({ok: true, spec: {kind: 'days', days: 7}});
		expect(parseWindowQuery({}, 'UTC')).toEqual({ok: true, spec: {kind: 'all'}});
		expect(parseWindowQuery({from: '2026-11-01'}, PARIS)).toEqual({ok: true, spec: {kind: 'between', from: Date.parse('2026-10-31T23:00:00Z')}});
	});

	it('a from after the end of today is an empty range, as a value', () => {
		const now = Date.parse('2026-12-02T12:00:00Z');
		expect(windowFromQuery({from: '2027-01-01'}, {now, timeZone: 'UTC'})).toMatchObject({ok: false, error: {field: 'from'}});
	});
});
