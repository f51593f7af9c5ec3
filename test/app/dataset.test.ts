import {describe, expect, it} from 'vitest';
import {Aggregates} from '../../source/app/aggregates.js';
import {openDataset} from '../../source/app/dataset.js';
import {presetSpec, resolveWindow} from '../../source/app/window.js';
import type {EventRecord, SessionRecord} from '../../source/core/model.js';
import {openStore} from '../../source/data/store.js';
import {tempStorePath} from '../helpers/store-fixtures.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const now = Date.parse('2026-11-22T15:00:00Z');

/** 120 days of sessions and events, a few open, one long session reaching into the window. */
function history(): {sessions: SessionRecord[]; events: EventRecord[]} {
	const sessions: SessionRecord[] = [];
	const events: EventRecord[] = [];
	for (let day = 0; day < 120; day++) {
		for (let k = 0; k < 5; k++) {
			const begin = now - (120 - day) * DAY + k * 3 * HOUR;
			const id = day * 10 + k + 1;
			sessions.push({id, userId: k + 1, login: `user${k}`, host: `c1r1s${k + 1}`, begin, end: day === 119 && k === 4 ? null : begin + 2 * HOUR, campusId: 1});
			events.push({id, user: `user${k}`, type: k % 2 === 0 ? 'login' : 'view', time: begin + HOUR, metadata: null});
		}
	}

	// Begun 20 h before the 7-day window, ends inside it.
	sessions.push({id: 9999, userId: 9, login: 'night', host: 'c1r1s9', begin: Date.parse('2026-11-15T03:00:00Z'), end: Date.parse('2026-11-16T01:00:00Z'), campusId: 1});
	return {sessions, events};
}

async function storeWith(records: {sessions: SessionRecord[]; events: EventRecord[]}): Promise<string> {
	const path = await tempStorePath();
	const store = await openStore(path);
	await store.commit({campuses: [{id: 1, name: 'Test', timeZone: 'UTC'}], ...records});
	await store.close();
	return path;
}

async function dataset(db: string) {
	const opened = await openDataset({demo: false, db, env: {}, cwd: '/', now});
	if (!opened.ok) throw new Error(opened.error.message);
	return opened.dataset;
}

describe('Dataset.tablesFor', () => {
	it('reads only the rows a window needs from a store, and the statistics are those of the whole tables', async () => {
		const data = await dataset(await storeWith(history()));
		const window = resolveWindow(presetSpec('7d'), {now, timeZone: 'UTC', dataStart: data.dataStart(now)});
		const tables = data.tablesFor([window, window.previous], {now, maxSessionMs: 24 * HOUR});
		expect(tables.sessions.size).toBeLessThan(200);
		expect(tables.events.size).toBeLessThan(200);
		const ranged = new Aggregates(tables, {now, timeZone: 'UTC'});
		const whole = new Aggregates({sessions: data.sessions, events: data.events}, {now, timeZone: 'UTC'});
		expect(data.sessions.size).toBe(601);
		expect(ranged.window(window).summary()).toEqual(whole.window(window).summary());
		expect(ranged.previous(window)?.summary()).toEqual(whole.previous(window)?.summary());
		expect(ranged.window(window).summary().sessions.topHosts.some((host) => host.host === 'c1r1s9')).toBe(true);
		await data.close();
	});

	it('gives the whole tables when a record is dated outside 1990 … now + 1 year (anomaly counts are table-wide)', async () => {
		const records = history();
		records.events.push({id: 77_777, user: 'old', type: 'login', time: Date.parse('1000-01-01T00:00:00Z'), metadata: null});
		const data = await dataset(await storeWith(records));
		const window = resolveWindow(presetSpec('7d'), {now, timeZone: 'UTC', dataStart: data.dataStart(now)});
		expect(data.dataStart(now)).toBe(records.sessions[0]?.begin);
		const tables = data.tablesFor([window], {now, maxSessionMs: 24 * HOUR});
		expect(tables.events.size).toBe(records.events.length);
		await data.close();
	});
});
