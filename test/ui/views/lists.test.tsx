import {stripVTControlCharacters} from 'node:util';
import {describe, expect, it} from 'vitest';
import {VIEWS} from '../../../source/ui/registry.js';
import {fixtureDashboard} from '../../fixtures/dashboard.js';
import {expectFits} from './frame-checks.js';
import {SIZES, renderView, viewState} from './render.js';

const second = viewState({cursor: {row: 1, col: 0, scroll: 0}});

describe('hourly view', () => {
	for (const size of SIZES) {
		it(`renders at ${size.width}×${size.height}`, () => {
			const frame = renderView('hourly', size, second);
			expectFits(frame, size);
			expect(frame).toMatchSnapshot();
		});
	}

	it('marks the selected weekday, shows weekday/weekend means and never wraps on a narrow width', () => {
		const frame = renderView('hourly', SIZES[0], second);
		expect(frame).toMatch(/^Tue›/m);
		// Those two rows are means, and say so.
		expect(frame).toMatch(/^Mon–Fri avg /m);
		expect(frame).toMatch(/^Sat–Sun avg /m);
		expect(frame).toMatch(/Tue, mean occupied seats by hour · 00:00 [\d.]+ · peak 11:00/);
		const narrow = {width: 30, height: 21};
		const small = renderView('hourly', narrow, second);
		expectFits(small, narrow);
		expect(small.split('\n').length).toBeLessThanOrEqual(21);
	});

	it('in colour, keys the Mon–Fri / Sat–Sun overlay lines even at 80 columns (the title shortens first)', () => {
		const wide = stripVTControlCharacters(renderView('hourly', {width: 120, height: 21}, second, {color: true}));
		expect(wide).toMatch(/Tue, mean occupied seats by hour · 00:00 [\d.]+ · peak 11:00/);
		expect(wide).toContain('overlay: Mon–Fri mean (yellow), Sat–Sun mean (magenta)');
		const standard = stripVTControlCharacters(renderView('hourly', SIZES[0], second, {color: true}));
		expect(standard).toMatch(/^Tue · 00:00 [\d.]+ · peak 11:00 \([\d.]+\) · Mon–Fri yellow, Sat–Sun magenta$/m);
		// Without colour the overlay is not drawn, so there is no key and the full title stays.
		expect(renderView('hourly', SIZES[0], second)).not.toContain('yellow');
	});

	it('has a cursor over weekday × hour: any hour\'s value can be read, and Enter opens the slot', () => {
		expect(VIEWS.hourly.cursorKind).toBe('grid');
		expect(VIEWS.hourly.extent(fixtureDashboard(), second)).toEqual({rows: 7, cols: 24});
		const at = viewState({cursor: {row: 1, col: 10, scroll: 0}});
		const value = fixtureDashboard().summary.sessions.weekdayHour.meanConcurrent[1]?.[10] ?? 0;
		const frame = renderView('hourly', SIZES[1], at);
		expect(frame).toContain(`Tue, mean occupied seats by hour · 10:00 ${value.toFixed(1)}`);
		expect(frame).toMatch(/▲ 10:00$/m);
		expect(VIEWS.hourly.drill(fixtureDashboard(), at)).toEqual({view: 'slot', params: {weekday: 1, hour: 10}});
	});
});

describe('hosts view', () => {
	for (const size of SIZES) {
		it(`renders at ${size.width}×${size.height}, with and without its heatmap`, () => {
			const frame = renderView('hosts', size, second);
			expectFits(frame, size);
			expect(frame).toMatchSnapshot();
			const withHeatmap = renderView('hosts', size, viewState({...second, hostHeatmap: true}));
			expectFits(withHeatmap, size);
			expect(withHeatmap).toMatchSnapshot();
		});
	}

	it('sorts by seat-hours by default, marks the cursor and the sorted column', () => {
		const frame = renderView('hosts', SIZES[0], second);
		expect(frame).toContain('seat-h▼');
		expect(frame).toMatch(/^› c1r1s1 .* alice$/m);
		expect(frame.indexOf('c2r1s2')).toBeLessThan(frame.indexOf('c1r1s1'));
	});

	it('sorts by host, reversed, and filters case-insensitively', () => {
		const byHost = renderView('hosts', SIZES[0], viewState({sort: {column: 6, descending: true}}));
		expect(byHost).toContain('host▼');
		expect(byHost.indexOf('kiosk')).toBeLessThan(byHost.indexOf('c2r1s2'));
		const filtered = renderView('hosts', SIZES[0], viewState({filter: 'C1R2'}));
		expect(filtered).toContain('1/3 of 11');
		expect(filtered).not.toContain('c2r1s1');
		expect(renderView('hosts', SIZES[0], viewState({filter: 'nothing'}))).toContain('no host matches "nothing"');
	});

	it('draws the host × hour heatmap when asked (v), sized to the height, keeping the table usable', () => {
		const on = viewState({hostHeatmap: true});
		expect(renderView('hosts', SIZES[0])).not.toContain('Seat-hours by hour');
		const standard = renderView('hosts', SIZES[0], on);
		expect(standard).toContain('Seat-hours by hour');
		// 80×24 content (21 rows): up to 5 hosts in the heatmap (the fixture has fewer), the table keeps its rows.
		expect(standard.split('\n').filter((line) => /^ {2}c\d|^› c\d/.test(line)).length).toBeGreaterThanOrEqual(5);
		const short = {width: 80, height: 12};
		const tiny = renderView('hosts', short, on);
		expectFits(tiny, short);
		expect(tiny).not.toContain('Seat-hours by hour');
	});

	it('drops low-priority columns on a narrow width', () => {
		const size = {width: 44, height: 10};
		const frame = renderView('hosts', size);
		expectFits(frame, size);
		expect(frame).not.toContain('users');
		expect(frame).toContain('seat-h');
	});

	it('drills into the host at the cursor, after filter and sort', () => {
		const data = fixtureDashboard();
		expect(VIEWS.hosts.drill(data, second)).toEqual({view: 'host', params: {host: 'c1r1s1'}});
		const state = viewState({filter: 'kiosk', cursor: {row: 0, col: 0, scroll: 0}});
		expect(VIEWS.hosts.drill(data, state)).toEqual({view: 'host', params: {host: 'kiosk-7.42paris.fr'}});
		expect(VIEWS.hosts.extent(data, state)).toEqual({rows: 1, cols: 0});
		expect(VIEWS.hosts.matches(data, state)).toEqual([0]);
		expect(VIEWS.hosts.table(data, state).rows[0]?.[0]).toBe('kiosk-7.42paris.fr');
	});

	it('windows a long list around the cursor', () => {
		const size = {width: 80, height: 5};
		const frame = renderView('hosts', size, viewState({cursor: {row: 7, col: 0, scroll: 0}}));
		expectFits(frame, size);
		expect(frame).toMatch(/^› kiosk/m);
		expect(frame).not.toContain('c2r1s2');
	});
});

describe('users view', () => {
	for (const size of SIZES) {
		it(`renders at ${size.width}×${size.height}`, () => {
			const frame = renderView('users', size, second);
			expectFits(frame, size);
			expect(frame).toMatchSnapshot();
		});
	}

	it('renders the escape-laden login harmlessly and drills with the raw login', () => {
		const data = fixtureDashboard();
		const frame = renderView('users', SIZES[0], viewState({filter: 'evil'}), {data});
		expect(frame).not.toContain('\u001B');
		expect(frame).not.toContain('\u0007');
		expect(frame).toMatch(/^› evil<U\+001B>/m);
		expect(VIEWS.users.drill(data, viewState({filter: 'evil'}))).toEqual({view: 'user', params: {login: 'evil\u001B]0;pwned\u0007'}});
	});

	it('sorts by login ascending', () => {
		const frame = renderView('users', SIZES[0], viewState({sort: {column: 2, descending: false}}));
		expect(frame).toContain('login▲');
		expect(frame.indexOf('alice')).toBeLessThan(frame.indexOf('bob'));
	});
});

describe('lists as users of terminal tools expect them', () => {
	it('say where the cursor is in the list ("3/9"), of how many when filtered', () => {
		const frame = renderView('hosts', SIZES[0], viewState({cursor: {row: 2, col: 0, scroll: 0}}));
		const count = fixtureDashboard().allHosts.length;
		expect(frame).toContain(`Hosts  3/${count} · sort`);
		const filtered = renderView('hosts', SIZES[0], viewState({filter: 'c2'}));
		expect(filtered).toMatch(new RegExp(`Hosts {2}1/\\d+ of ${count} · sort .* filter "c2"`));
	});

	it('filter every text column: users by their favourite host, event users by event type, hosts by occupant', () => {
		const data = fixtureDashboard();
		const byHost = VIEWS.users.table(data, viewState({filter: 'c1r1s1'})).rows.map((row) => row[0]);
		expect(byHost).toContain('alice');
		const type = data.eventUsers[0]?.byType[0]?.key ?? '';
		expect(type).not.toBe('');
		const byType = VIEWS.events.table(data, viewState({filter: type})).rows;
		expect(byType.length).toBeGreaterThan(0);
		const occupant = data.hosts.find((row) => row.occupant !== null);
		const byOccupant = VIEWS.hosts.table(data, viewState({filter: occupant?.occupant ?? '?'})).rows.map((row) => row[0]);
		expect(byOccupant).toContain(occupant?.host);
	});

	it('show the year of a date that is not in the current year', () => {
		const data = {...fixtureDashboard(), now: Date.parse('2027-01-05T10:00:00Z')};
		const frame = renderView('users', SIZES[1], viewState(), {data});
		expect(frame).toMatch(/2[12] Nov 2026 \d\d:\d\d/);
		expect(renderView('users', SIZES[1])).not.toMatch(/Nov 2026 \d\d:/);
	});
});

describe('event log view', () => {
	it('lists the raw events of the range newest first with their metadata, filterable by type and user', () => {
		const data = fixtureDashboard();
		const all = VIEWS.log.table(data, viewState()).rows;
		const inRange = Array.from(data.events.time).filter((time) => time >= data.from && time < Math.min(data.to, data.now)).length;
		expect(all).toHaveLength(inRange);
		const times = all.map((row) => Date.parse(String(row[1])));
		expect(times).toEqual([...times].sort((a, b) => b - a));
		const type = String(all[0]?.[3]);
		const byType = VIEWS.log.table(data, viewState({filter: type})).rows;
		expect(byType.length).toBeGreaterThan(0);
		expect(byType.every((row) => JSON.stringify(row).toLowerCase().includes(type.toLowerCase()))).toBe(true);
		const frame = renderView('log', SIZES[0]);
		expectFits(frame, SIZES[0]);
		expect(frame).toMatch(new RegExp(`Event log {2}1/${inRange} · sort time`));
		// Enter on an event opens its user.
		const first = VIEWS.log.drill(data, viewState());
		expect(first?.view).toBe('event-user');
	});
});
