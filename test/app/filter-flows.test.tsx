/**
 * The filter (/) through the real <App> and the real views: it matches every text column (users by
 * their favourite host), survives view switches, and & toggles between "only the matching rows" and
 * "every row, the matches marked", with n/N moving the cursor between the matches ("match 2/5").
 */
import {render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {generateDemo} from '../../source/core/demo.js';
import {presetSpec} from '../../source/app/window.js';
import {App} from '../../source/ui/app.js';
import {buildDashboard} from '../../source/ui/dashboard.js';
import {usersSpec} from '../../source/ui/views/users.js';
import {selected} from '../../source/ui/views/list-view.js';
import {viewState} from '../ui/views/render.js';
import {createTheme, VIEWS} from '../../source/ui/registry.js';
import {fakeDeps} from '../helpers/fake-deps.js';
import {keys} from '../helpers/keys.js';
import {press, type, waitForFrame} from '../helpers/press.js';

const NOW = Date.parse('2026-11-22T15:00:00Z');
const demo = generateDemo({now: NOW, seed: 42});
const snapshot = {sessions: demo.sessions, events: demo.events, now: NOW};

type Instance = ReturnType<typeof render>;
const mounted: Instance[] = [];

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
	return {instance, stdin: instance.stdin};
}

afterEach(() => {
	for (const instance of mounted.splice(0)) instance.unmount();
});

/** Users in the view's own order, and a host that is the favourite of a few of them. */
function usersAndHost() {
	const data = buildDashboard({campus: demo.campus, timeZone: demo.campus.timeZone, snapshot: {...snapshot, version: 0}, range: presetSpec('7d')});
	const users = selected(usersSpec, data, viewState());
	// A cluster row ("c3r1s") several users favour a seat of; no login contains a digit.
	const counts = new Map<string, number>();
	for (const user of users) {
		const row = /^c\d+r\d+s/.exec(user.favouriteHost ?? '')?.[0];
		if (row) counts.set(row, (counts.get(row) ?? 0) + 1);
	}

	const host = [...counts].filter(([, count]) => count >= 5).map(([name]) => name).find((name) => !users.some((user) => user.login.includes(name)));
	if (!host) throw new Error('the demo has no shared favourite host');
	const matching = users.filter((user) => user.favouriteHost?.toLowerCase().includes(host.toLowerCase()) ?? false).map((user) => user.login);
	return {users: users.map((user) => user.login), host, matching};
}

function cursorLogin(frame: string): string | undefined {
	return /^› (\S+)/m.exec(frame)?.[1];
}

/** Logins drawn with the match glyph (off the cursor row). */
function markedLogins(frame: string): string[] {
	return [...frame.matchAll(/^\* (\S+)/gm)].map((match) => match[1] ?? '');
}

describe('the filter in the real app', () => {
	it('matches users by their favourite host and survives a view switch', async () => {
		const {host, matching} = usersAndHost();
		const {instance, stdin} = mount({width: 120, height: 40});
		await press(stdin, '6');
		await waitForFrame(instance, 'Users  1/');
		await press(stdin, '/');
		await type(stdin, host);
		await press(stdin, keys.enter);
		let frame = await waitForFrame(instance, `filter "${host}"`);
		expect(frame).toContain(`1/${matching.length} of `);
		expect(cursorLogin(frame)).toBe(matching[0]);
		// Hosts, then back to users: the filter is still set.
		await press(stdin, '4');
		frame = await waitForFrame(instance, 'Hosts  ');
		expect(frame).toContain(`filter "${host}"`);
		await press(stdin, '6');
		frame = await waitForFrame(instance, 'Users  ');
		expect(frame).toContain(`1/${matching.length} of `);
	});

	it('& keeps every row and marks the matches; n/N move between them, wrapping, with "match k/N"', async () => {
		const {users, host, matching} = usersAndHost();
		const {instance, stdin} = mount({width: 120, height: 40});
		await press(stdin, '6');
		await waitForFrame(instance, 'Users  1/');
		await press(stdin, '/');
		await type(stdin, host);
		await press(stdin, keys.enter, '&');
		let frame = await waitForFrame(instance, `${matching.length} match "${host}"`);
		expect(frame).toContain(`filter: ${host} (marked, & hides the rest)`);
		// Every user is listed again, the cursor sits on the first match.
		const first = users.indexOf(matching[0] ?? '');
		expect(frame).toContain(`Users  ${first + 1}/${users.length} · `);
		expect(cursorLogin(frame)).toBe(matching[0]);
		const visibleMatches = markedLogins(frame);
		expect(visibleMatches.length).toBeGreaterThan(0);
		for (const login of visibleMatches) expect(matching).toContain(login);
		// Rows that do not match are still drawn.
		expect(frame).toContain(users[first === 0 ? 1 : 0]);
		await press(stdin, 'n');
		frame = await waitForFrame(instance, `match 2/${matching.length}`);
		expect(cursorLogin(frame)).toBe(matching[1]);
		// N twice: back to the first, then wrapped to the last.
		await press(stdin, 'N');
		frame = await waitForFrame(instance, `match 1/${matching.length}`);
		expect(cursorLogin(frame)).toBe(matching[0]);
		await press(stdin, 'N');
		frame = await waitForFrame(instance, `match ${matching.length}/${matching.length} (search wrapped)`);
		expect(cursorLogin(frame)).toBe(matching.at(-1));
		// & again: only the matches.
		await press(stdin, '&');
		frame = await waitForFrame(instance, `filter "${host}"`);
		expect(frame).toContain(`1/${matching.length} of `);
	});
});
