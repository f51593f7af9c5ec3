/**
 * Lists longer than the engine's defaults (top 20 event users, 100-session drill-down lists),
 * through the real `buildDashboard`: every event user is reachable, and drill-down counts are true.
 */
import {describe, expect, it} from 'vitest';
import {eventTableFromRecords, sessionTableFromRecords, type EventRecord, type SessionRecord} from '../../../source/core/model.js';
import {buildDashboard} from '../../../source/ui/dashboard.js';
import {VIEWS} from '../../../source/ui/registry.js';
import {expectFits} from './frame-checks.js';
import {SIZES, renderView, viewState} from './render.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// Sunday 22 Nov 2026, 15:00 UTC; the campus runs on UTC.
const NOW = Date.UTC(2026, 10, 22, 15, 0, 0);
// Monday 16 Nov, 10:00 UTC: the slot the sessions below share.
const MONDAY_10 = Date.UTC(2026, 10, 16, 10, 0, 0);

/** 150 sessions in the Mon 10:00 slot (six Mondays × 25 hosts), 130 of them on c1r1s1 over 26 weeks. */
function sessions(): SessionRecord[] {
	const out: SessionRecord[] = [];
	let id = 1;
	for (let week = 0; week < 6; week++) {
		for (let seat = 1; seat <= 25; seat++) {
			const begin = MONDAY_10 - week * 7 * DAY + seat * 60_000;
			out.push({id: id++, userId: null, login: `u${seat}`, host: `c2r1s${seat}`, begin, end: begin + 30 * 60_000, campusId: 1});
		}
	}

	for (let day = 0; day < 130; day++) {
		const begin = NOW - (day + 1) * DAY;
		out.push({id: id++, userId: null, login: 'solo', host: 'c1r1s1', begin, end: begin + HOUR, campusId: 1});
	}

	return out.sort((a, b) => a.begin - b.begin);
}

/** 30 event users: user01 has 30 events … user30 has 1. */
function events(): EventRecord[] {
	const out: EventRecord[] = [];
	let id = 1;
	for (let user = 1; user <= 30; user++) {
		for (let k = 0; k < 31 - user; k++) out.push({id: id++, user: `user${String(user).padStart(2, '0')}`, type: k % 2 === 0 ? 'login' : 'logout', time: NOW - (user * 60 + k) * 60_000, metadata: null});
	}

	return out.sort((a, b) => a.time - b.time);
}

function dashboard() {
	return buildDashboard({
		campus: {id: 1, name: 'Test', timeZone: 'UTC'},
		timeZone: 'UTC',
		snapshot: {sessions: sessionTableFromRecords(sessions()), events: eventTableFromRecords(events()), now: NOW, version: 1},
		range: {kind: 'all'},
	});
}

describe('events view: every event user, not the top 20', () => {
	it('DashboardData.eventUsers lists all 30 users (memoised), total desc', () => {
		const data = dashboard();
		expect(data.summary.events.topUsers).toHaveLength(20);
		expect(data.eventUsers).toHaveLength(30);
		expect(data.eventUsers).toBe(data.eventUsers);
		expect(data.eventUsers[0]).toMatchObject({user: 'user01', total: 30});
		expect(data.eventUsers.at(-1)).toMatchObject({user: 'user30', total: 1});
	});

	it('extent covers all users; the last one is reachable with the cursor and drills down', () => {
		const data = dashboard();
		const last = viewState({cursor: {row: 29, col: 0, scroll: 20}});
		expect(VIEWS.events.extent(data, last)).toEqual({rows: 30, cols: 0});
		expect(VIEWS.events.drill(data, last)).toEqual({view: 'event-user', params: {eventUser: 'user30'}});
		const frame = renderView('events', SIZES[0], last, {data});
		expectFits(frame, SIZES[0]);
		expect(frame).toContain('Event users  30/30');
		expect(frame).toMatch(/^› user30 +1 /m);
		expect(frame).not.toMatch(/^ {2}user01 /m);
	});

	it('filters with / and sorts by user and by last event', () => {
		const data = dashboard();
		// user20…user29 (user02 does not contain "user2").
		const filtered = viewState({filter: 'USER2'});
		expect(VIEWS.events.extent(data, filtered)).toEqual({rows: 10, cols: 0});
		const frame = renderView('events', SIZES[0], filtered, {data});
		expect(frame).toContain('10 of 30');
		expect(frame).toContain('filter "USER2"');
		expect(renderView('events', SIZES[0], viewState({filter: 'zzz'}), {data})).toContain('no event user matches "zzz"');
		expect(VIEWS.events.sortColumns).toEqual(['events', 'user', 'last']);
		const byUserReversed = viewState({sort: {column: 1, descending: true}});
		expect(VIEWS.events.drill(data, byUserReversed)).toEqual({view: 'event-user', params: {eventUser: 'user30'}});
		// user01's events are the latest (1 h before now): newest last event first.
		expect(VIEWS.events.drill(data, viewState({sort: {column: 2, descending: false}}))).toEqual({view: 'event-user', params: {eventUser: 'user01'}});
		expect(VIEWS.events.table(data, filtered).rows).toHaveLength(10);
	});
});

describe('drill-down lists show their true length', () => {
	it('slot: 150 sessions, not the engine cap of 100; the 150th is reachable', () => {
		const data = dashboard();
		const state = viewState({params: {weekday: 0, hour: 10}});
		expect(data.slotSessions(0, 10)).toHaveLength(150);
		expect(VIEWS.slot.extent(data, state)).toEqual({rows: 150, cols: 0});
		const frame = renderView('slot', SIZES[0], state, {data});
		expectFits(frame, SIZES[0]);
		expect(frame).toContain('150 sessions');
		expect(frame).toContain('Sessions  1/150 touching the range · newest first');
		const filtered = renderView('slot', SIZES[0], viewState({...state, filter: 'c2r1s1'}), {data});
		// c2r1s1 and c2r1s10…19: 11 hosts × 6 weeks.
		expect(filtered).toContain('Sessions  1/66 of 150 · filter "c2r1s1" touching the range · newest first');
	});

	it('host and user: every session in the range, labelled newest first', () => {
		const data = dashboard();
		expect(data.hostDetail('c1r1s1')?.recent).toHaveLength(130);
		const host = renderView('host', SIZES[0], viewState({params: {host: 'c1r1s1'}}), {data});
		expect(host).toContain('Sessions  1/130 touching the range · newest first · Enter: user');
		expect(VIEWS.host.extent(data, viewState({params: {host: 'c1r1s1'}}))).toEqual({rows: 130, cols: 0});
		const user = renderView('user', SIZES[0], viewState({params: {login: 'solo'}}), {data});
		expect(user).toContain('Sessions  1/130 touching the range · newest first · Enter: host');
	});
});

describe('column widths do not jump while scrolling', () => {
	it('the table header is the same at the top and at the end of a list whose long names come late', () => {
		// The fixture's long host name (kiosk-7.42paris.fr) sorts after the first page of 4 rows.
		const size = {width: 80, height: 6};
		const header = (frame: string) => frame.split('\n').find((line) => /^ {2}host\b/.test(line)) ?? '';
		const top = renderView('hosts', size);
		const end = renderView('hosts', size, viewState({cursor: {row: 10, col: 0, scroll: 7}}));
		expect(top).not.toContain('kiosk');
		expect(end).toContain('kiosk');
		expect(header(top)).not.toBe('');
		expect(header(end)).toBe(header(top));
	});
});
