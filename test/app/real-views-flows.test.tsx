/**
 * Flows through the real <App> and the REAL views (the placeholder views of app-flows.test.tsx
 * missed the page-height bug): the demo campus, pinned now, fixed terminal sizes.
 */
import {render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {generateDemo} from '../../source/core/demo.js';
import {mergeSessions} from '../../source/app/live/merge.js';
import {presetSpec} from '../../source/app/window.js';
import {App, type AppStart} from '../../source/ui/app.js';
import {buildDashboard} from '../../source/ui/dashboard.js';
import {hostsSpec} from '../../source/ui/views/hosts.js';
import {selected} from '../../source/ui/views/list-view.js';
import {viewState} from '../ui/views/render.js';
import {createTheme, VIEWS} from '../../source/ui/registry.js';
import {fakeDeps} from '../helpers/fake-deps.js';
import {keys} from '../helpers/keys.js';
import {press, waitForFrame} from '../helpers/press.js';

const NOW = Date.parse('2026-11-22T15:00:00Z');
const demo = generateDemo({now: NOW, seed: 42});
const snapshot = {sessions: demo.sessions, events: demo.events, now: NOW};

type Instance = ReturnType<typeof render>;
const mounted: Instance[] = [];

function mount(size: {width: number; height: number}, start?: AppStart) {
	const deps = fakeDeps({
		views: VIEWS,
		theme: createTheme({color: false, ascii: false}),
		campus: demo.campus,
		timeZone: demo.campus.timeZone,
		size,
		data: {initial: snapshot, reload: async () => snapshot},
	});
	const instance = render(<App deps={deps} start={start} />);
	mounted.push(instance);
	return {instance, stdin: instance.stdin, deps};
}

afterEach(() => {
	for (const instance of mounted.splice(0)) instance.unmount();
});

/** The host names on the rows of the hosts table in a frame (the heatmap below is left out). */
function tableHosts(frame: string): string[] {
	const hosts: string[] = [];
	for (const line of frame.split('\n')) {
		if (line.includes('Seat-hours by hour')) break;
		const match = /^[ ›] (c\d+r\d+s\d+|exam-01|lab-kiosk2)\s+\d/.exec(line);
		if (match?.[1]) hosts.push(match[1]);
	}

	return hosts;
}

function cursorHost(frame: string): string | undefined {
	return /^› (\S+)/m.exec(frame)?.[1];
}

describe('the real views in the real app', () => {
	it('hosts at 80×40 with the heatmap on: PgDn moves by the rows the view shows, so paging shows every row', async () => {
		const {instance, stdin} = mount({width: 80, height: 40});
		await press(stdin, '4');
		let frame = await waitForFrame(instance, 'Seat-hours by hour');
		const first = tableHosts(frame);
		// The heatmap takes its rows: fewer table rows than the content height.
		expect(first.length).toBeGreaterThan(5);
		expect(first.length).toBeLessThan(30);
		// The hosts in the view's own order (its selector), to place every frame's rows.
		const data = buildDashboard({campus: demo.campus, timeZone: demo.campus.timeZone, snapshot: {...snapshot, version: 0}, range: presetSpec('7d')});
		const order = selected(hostsSpec, data, viewState()).map((row) => row.host);
		const page = first.length;
		expect(first).toEqual(order.slice(0, page));
		let highest = page - 1;
		for (let step = 1; step <= 3; step++) {
			// eslint-disable-next-line no-await-in-loop
			await press(stdin, keys.pageDown);
			// eslint-disable-next-line no-await-in-loop
			frame = await waitForFrame(instance, (text) => cursorHost(text) === order[step * page]);
			const rows = tableHosts(frame);
			const start = order.indexOf(rows[0] ?? '');
			// A contiguous slice of the list, starting at or before the row after the last one seen:
			// PgDn moves the cursor by the rows the view shows, so no row is ever jumped over.
			expect(rows).toEqual(order.slice(start, start + page));
			expect(start).toBeLessThanOrEqual(highest + 1);
			highest = start + page - 1;
		}
	});
});

describe('export of the whole view', () => {
	it('e → t writes every row of the hosts list (not the visible page), without the cursor or key hints', async () => {
		const {instance, stdin, deps} = mount({width: 80, height: 24});
		await press(stdin, '4');
		await waitForFrame(instance, 'Hosts  1/');
		await press(stdin, keys.down, keys.down);
		await waitForFrame(instance, 'Hosts  3/');
		await press(stdin, 'e', 't');
		await waitForFrame(instance, 'exported to');
		const text = deps.exports[0]?.content ?? '';
		const data = buildDashboard({campus: demo.campus, timeZone: demo.campus.timeZone, snapshot: {...snapshot, version: 0}, range: presetSpec('7d')});
		const order = selected(hostsSpec, data, viewState()).map((row) => row.host);
		expect(order.length).toBeGreaterThan(100);
		expect(tableHosts(text)).toEqual(order);
		expect(text).not.toContain('›');
		expect(text).not.toContain('? help');
	});
});

describe('the overview drills down', () => {
	it('Enter on a section opens it: open now (every open session, since when), anomalies, busiest hosts', async () => {
		const {instance, stdin} = mount({width: 120, height: 40});
		let frame = await waitForFrame(instance, '› Open now (');
		const open = Number(/Open now \((\d+)\)/.exec(frame)?.[1]);
		expect(frame).toContain('Busiest hosts (seat-hours)');
		await press(stdin, keys.enter);
		frame = await waitForFrame(instance, 'Overview › Open now');
		expect(frame).toContain(`Sessions  1/${open} touching the range`);
		expect(frame).toMatch(/^› +\d\d? Nov \d\d:\d\d +open /m);
		await press(stdin, keys.escape, keys.down);
		frame = await waitForFrame(instance, '› Anomalies (');
		await press(stdin, keys.enter);
		frame = await waitForFrame(instance, 'Overview › Anomalies');
		expect(frame).toMatch(/overlong \d+ · zero-length \d+/);
		await press(stdin, keys.escape, keys.down, keys.enter);
		frame = await waitForFrame(instance, 'Overview › Hosts');
		expect(frame).toContain('sort seat-hours');
	});
});

describe('new data keeps the cursor on the same row key', () => {
	it('a reload that puts a new host on top keeps the cursor on the host it was on (not on the row index)', async () => {
		// Four 20-hour sessions on a new host: 80 seat-hours, the busiest of the week.
		const busy = mergeSessions(
			demo.sessions,
			[1, 2, 3, 4].map((day) => ({id: 9_000_000 + day, userId: 1, login: 'newcomer', host: 'c9r9s9', begin: NOW - day * 86_400_000, end: NOW - day * 86_400_000 + 20 * 3_600_000, campusId: demo.campus.id})),
		);
		const deps = fakeDeps({
			views: VIEWS,
			theme: createTheme({color: false, ascii: false}),
			campus: demo.campus,
			timeZone: demo.campus.timeZone,
			size: {width: 80, height: 24},
			data: {initial: snapshot, reload: async () => ({...snapshot, sessions: busy})},
		});
		const instance = render(<App deps={deps} />);
		mounted.push(instance);
		await press(instance.stdin, '4');
		await waitForFrame(instance, 'Hosts  1/');
		await press(instance.stdin, keys.down, keys.down);
		const before = await waitForFrame(instance, 'Hosts  3/');
		const host = cursorHost(before);
		await press(instance.stdin, 'r');
		// The new host on top, and the cursor still on the host it was on (one row lower now).
		const after = await waitForFrame(instance, (text) => /^ {2}c9r9s9 /m.test(text) && cursorHost(text) === host);
		expect(cursorHost(after)).toBe(host);
		expect(after).toContain('Hosts  4/');
	});
});
