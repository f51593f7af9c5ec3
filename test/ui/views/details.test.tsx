import {describe, expect, it} from 'vitest';
import {VIEWS} from '../../../source/ui/registry.js';
import type {ViewId} from '../../../source/ui/view-contract.js';
import {EVIL_LOGIN, fixtureDashboard} from '../../fixtures/dashboard.js';
import {expectFits} from './frame-checks.js';
import {SIZES, renderView, viewState} from './render.js';

const cases: ReadonlyArray<readonly [ViewId, string, Parameters<typeof viewState>[0]]> = [
	['events', 'events', {cursor: {row: 3, col: 0, scroll: 0}}],
	['host', 'host c1r1s1', {params: {host: 'c1r1s1'}}],
	['user', 'user alice', {params: {login: 'alice'}}],
	['slot', 'slot Tue 10:00', {params: {weekday: 1, hour: 10}}],
	['event-user', 'event-user alice', {params: {eventUser: 'alice'}}],
	['event-user', 'event-user ghost', {params: {eventUser: 'ghost'}}],
];

describe('events and drill-down views', () => {
	for (const [id, name, state] of cases) {
		for (const size of SIZES) {
			it(`${name} renders at ${size.width}×${size.height}`, () => {
				const frame = renderView(id, size, viewState(state));
				expectFits(frame, size);
				expect(frame).toMatchSnapshot();
			});
		}
	}

	it('events: totals, peak hour, the evil user harmless, Enter → event-user with the raw name', () => {
		const data = fixtureDashboard();
		const state = viewState({cursor: {row: 3, col: 0, scroll: 0}});
		const frame = renderView('events', SIZES[0], state, {data});
		expect(frame).toContain('24 events');
		expect(frame).toContain('peak hour 09:00, 10:00 (4 events)');
		// The escape is shown as visible markers (inert), never passed through or silently dropped.
		expect(frame).toMatch(/^› evil<U\+001B>/m);
		expect(frame).not.toMatch(/\u001B|\u0007/);
		expect(VIEWS.events.drill(data, state)).toEqual({view: 'event-user', params: {eventUser: EVIL_LOGIN}});
	});

	it('host: figures, occupant, sessions; Enter → the session user', () => {
		const data = fixtureDashboard();
		const state = viewState({params: {host: 'c1r1s1'}});
		const frame = renderView('host', SIZES[1], state, {data});
		expect(frame).toContain('Host c1r1s1  6 sessions');
		expect(frame).toContain('occupied by alice');
		expect(frame).toMatch(/^› 22 Nov 13:30 open/m);
		expect(VIEWS.host.drill(data, state)).toEqual({view: 'user', params: {login: 'alice'}});
		expect(renderView('host', SIZES[0], viewState({params: {host: 'c2r2s1'}}))).toContain('no session on this host in this range');
	});

	it('user: the evil login renders harmlessly; Enter → host', () => {
		const data = fixtureDashboard();
		const state = viewState({params: {login: EVIL_LOGIN}});
		const frame = renderView('user', SIZES[0], state, {data});
		expect(frame).toContain('User evil<U+001B>]0;pwned<U+0007> ');
		expect(frame).not.toMatch(/\u001B|\u0007/);
		expect(VIEWS.user.drill(data, state)).toEqual({view: 'host', params: {host: 'c2r1s2'}});
	});

	it('user: logtime per ISO week, newest first, adding up to the total', () => {
		const frame = renderView('user', SIZES[0], viewState({params: {login: 'alice'}}));
		expect(frame).toMatch(/^User alice {2}22\.3 h/m);
		// 10.8 + 11.5 = 22.3: the weeks split the same union of sessions.
		expect(frame).toMatch(/^per week {2}W47 10\.8h {2}W46 11\.5h$/m);
	});

	it('slot: lists the slot sessions; Enter → host', () => {
		const data = fixtureDashboard();
		const state = viewState({params: {weekday: 1, hour: 10}});
		expect(renderView('slot', SIZES[0], state, {data})).toContain('Slot Tue 10:00–11:00  4 sessions');
		expect(VIEWS.slot.drill(data, state)).toEqual({view: 'host', params: {host: 'c1r1s3'}});
		expect(VIEWS.slot.extent(data, state)).toEqual({rows: 4, cols: 0});
	});

	it('event-user: says when the login has no session data', () => {
		const data = fixtureDashboard();
		expect(renderView('event-user', SIZES[0], viewState({params: {eventUser: 'ghost'}}), {data})).toContain('no session data for this login');
		expect(VIEWS['event-user'].extent(data, viewState({params: {eventUser: 'ghost'}}))).toEqual({rows: 0, cols: 0});
		expect(VIEWS['event-user'].drill(data, viewState({params: {eventUser: 'alice'}}))).toEqual({view: 'host', params: {host: 'c1r1s1'}});
	});
});

describe('every registered view', () => {
	for (const [id, view] of Object.entries(VIEWS)) {
		it(`${id}: minSize fits 80×21 and renders at its minimum`, () => {
			expect(view.id).toBe(id);
			expect(view.minSize.width).toBeLessThanOrEqual(80);
			expect(view.minSize.height).toBeLessThanOrEqual(21);
			const frame = renderView(view.id, view.minSize, viewState({params: {host: 'c1r1s1', login: 'alice', weekday: 1, hour: 10, eventUser: 'alice'}}));
			expectFits(frame, view.minSize);
		});
	}
});

describe('counts that could disagree say which is which', () => {
	it('a user: "N sessions started" in the header, the list below counts every session touching the range', () => {
		const frame = renderView('user', SIZES[1], viewState({params: {login: 'alice'}}));
		expect(frame).toMatch(/User alice .* \d+ sessions? started/);
		expect(frame).toMatch(/Sessions {2}1\/\d+ touching the range/);
		const hosts = renderView('hosts', SIZES[1]);
		expect(hosts).toMatch(/host +started +seat-h/);
	});
});
