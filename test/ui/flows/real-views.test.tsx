/**
 * Flows through the real <App> with the REAL views (test/app/real-views-flows.test.tsx pages the
 * hosts view forward; these page to the end and back, drill down and come back, and switch views
 * with the digits). The demo campus, pinned now, fixed terminal sizes, no colour.
 */
import {render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {presetSpec} from '../../../source/app/window.js';
import {generateDemo} from '../../../source/core/demo.js';
import {App} from '../../../source/ui/app.js';
import {buildDashboard} from '../../../source/ui/dashboard.js';
import {createTheme, VIEWS} from '../../../source/ui/registry.js';
import {TOP_VIEWS} from '../../../source/ui/view-contract.js';
import {hostsSpec} from '../../../source/ui/views/hosts.js';
import {selected} from '../../../source/ui/views/list-view.js';
import {fakeDeps} from '../../helpers/fake-deps.js';
import {keys} from '../../helpers/keys.js';
import {press, waitForFrame} from '../../helpers/press.js';
import {viewState} from '../views/render.js';

const NOW = Date.parse('2026-11-22T15:00:00Z');
const demo = generateDemo({now: NOW, seed: 42});
const snapshot = {sessions: demo.sessions, events: demo.events, now: NOW};
const hostOrder = selected(hostsSpec, buildDashboard({campus: demo.campus, timeZone: demo.campus.timeZone, snapshot: {...snapshot, version: 0}, range: presetSpec('7d')}), viewState()).map((row) => row.host);

const mounted: Array<ReturnType<typeof render>> = [];
function mount(size: {width: number; height: number}) {
	const deps = fakeDeps({
		views: VIEWS,
		theme: createTheme({color: false, ascii: false}),
		campus: demo.campus,
		timeZone: demo.campus.timeZone,
		size,
		data: {initial: snapshot, reload: async () => snapshot},
	});
	const instance = render(<App deps={deps} />);
	mounted.push(instance);
	return instance;
}

afterEach(() => {
	for (const instance of mounted.splice(0)) instance.unmount();
});

/** The host names on the rows of the hosts table (the heatmap below is left out). */
function tableHosts(frame: string): string[] {
	const hosts: string[] = [];
	for (const line of frame.split('\n')) {
		if (line.includes('Seat-hours by hour')) break;
		const match = /^[ ›] (c\d+r\d+s\d+|exam-\d+|lab-kiosk\d+)\s+\d/.exec(line);
		if (match?.[1]) hosts.push(match[1]);
	}

	return hosts;
}

const cursorHost = (frame: string): string | undefined => /^› (\S+)/m.exec(frame)?.[1];

describe('hosts at 80×40 with the host heatmap on', () => {
	it('PgDn to the end shows every row once in order, a page being the visible rows; PgUp walks back a page at a time to the first row', async () => {
		const instance = mount({width: 80, height: 40});
		await press(instance.stdin, '4');
		const frame = await waitForFrame(instance, 'Seat-hours by hour');
		const page = tableHosts(frame).length;
		expect(page).toBeGreaterThan(5);
		expect(page).toBeLessThan(30);
		const seen = new Set(tableHosts(frame));
		const cursors: number[] = [0];
		// PgDn moves the cursor by a page, the last one stopping on the last row.
		for (let cursor = page; cursors.at(-1) !== hostOrder.length - 1; cursor = Math.min(cursor + page, hostOrder.length - 1)) {
			// eslint-disable-next-line no-await-in-loop
			await press(instance.stdin, keys.pageDown);
			// eslint-disable-next-line no-await-in-loop
			const text = await waitForFrame(instance, (next) => cursorHost(next) === hostOrder[cursor]);
			const rows = tableHosts(text);
			expect(rows.length).toBeLessThanOrEqual(page);
			const start = hostOrder.indexOf(rows[0] ?? '');
			expect(rows).toEqual(hostOrder.slice(start, start + rows.length));
			for (const host of rows) seen.add(host);
			cursors.push(cursor);
		}

		// Every host was on screen at some point.
		expect(seen.size).toBe(hostOrder.length);
		// PgUp moves back by a page from the last row, down to the first; the cursor row is always shown.
		for (let cursor = hostOrder.length - 1 - page; ; cursor -= page) {
			const target = Math.max(0, cursor);
			// eslint-disable-next-line no-await-in-loop
			await press(instance.stdin, keys.pageUp);
			// eslint-disable-next-line no-await-in-loop
			const text = await waitForFrame(instance, (next) => next.includes(`Hosts  ${target + 1}/${hostOrder.length}`));
			expect(cursorHost(text)).toBe(hostOrder[target]);
			expect(tableHosts(text)).toContain(hostOrder[target]);
			if (target === 0) break;
		}
	});
});

describe('drill-down and back', () => {
	it('Enter on a host opens it, Esc comes back to the hosts list with the cursor on the same host', async () => {
		const instance = mount({width: 80, height: 24});
		await press(instance.stdin, '4');
		await waitForFrame(instance, 'Hosts  1/');
		await press(instance.stdin, keys.down, keys.down, keys.down);
		const before = await waitForFrame(instance, 'Hosts  4/');
		const host = cursorHost(before);
		expect(host).toBe(hostOrder[3]);
		await press(instance.stdin, keys.enter);
		await waitForFrame(instance, `Hosts › ${host}`);
		await press(instance.stdin, keys.escape);
		const after = await waitForFrame(instance, (text) => text.includes('Hosts  4/') && !text.includes(`› ${host} ›`));
		expect(cursorHost(after)).toBe(host);
	});
});

describe('view switching', () => {
	it('each digit 1…N opens the N-th view of the view list (its title in the header), from any view', async () => {
		const instance = mount({width: 120, height: 40});
		await waitForFrame(instance, VIEWS.overview.title);
		for (const [index, view] of [...TOP_VIEWS.entries()].reverse()) {
			// eslint-disable-next-line no-await-in-loop
			await press(instance.stdin, String(index + 1));
			// eslint-disable-next-line no-await-in-loop
			const frame = await waitForFrame(instance, (text) => (text.split('\n')[0] ?? '').includes(VIEWS[view].title));
			expect(frame.split('\n')[0]).toContain(VIEWS[view].title);
		}
	});
});
