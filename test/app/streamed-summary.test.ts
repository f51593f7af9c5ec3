/**
 * A long window's summary streamed month by month from a store (what `summary` runs) is the
 * document the Aggregates give from the window's whole tables, whether the second pass re-decodes
 * every month, some or none.
 */
import {describe, expect, test} from 'vitest';
import {Aggregates, streamedSummary} from '../../source/app/aggregates.js';
import {openDataset} from '../../source/app/dataset.js';
import {eventBatches, generateDemo, sessionBatches} from '../../source/core/demo.js';
import {openStore} from '../../source/data/store.js';
import {tempStorePath} from '../helpers/store-fixtures.js';

const NOW = Date.UTC(2026, 10, 22, 15, 0, 0);
const DAY = 24 * 3_600_000;

describe('streamedSummary', () => {
	test('equals the one-sweep summary of the window, to the byte', async () => {
		const demo = generateDemo({now: NOW, days: 150});
		const storePath = await tempStorePath();
		const writer = await openStore(storePath);
		for (const batch of sessionBatches(demo.sessions, 4000)) await writer.commit({sessions: batch});
		for (const batch of eventBatches(demo.events, 4000)) await writer.commit({events: batch});
		await writer.close();
		const options = {now: NOW, timeZone: demo.campus.timeZone, maxSessionMs: DAY};
		for (const window of [
			{from: NOW - 140 * DAY, to: NOW},
			{from: NOW - 100 * DAY, to: NOW - 3 * DAY},
		]) {
			const opened = await openDataset({demo: false, db: storePath, env: {}, cwd: '/', now: NOW});
			if (!opened.ok) throw new Error(opened.error.message);
			const expected = JSON.stringify(new Aggregates(opened.dataset.tablesFor([window], {now: NOW, maxSessionMs: DAY}), options).window(window).summary());
			for (const kept of [0, demo.sessions.size / 3, Infinity]) {
				const again = await openDataset({demo: false, db: storePath, env: {}, cwd: '/', now: NOW});
				if (!again.ok) throw new Error(again.error.message);
				expect(JSON.stringify(streamedSummary(again.dataset, window, options, kept))).toBe(expected);
			}
		}
	});

	test('a window up to ~3 months, or the demo, is left to the Aggregates', async () => {
		const opened = await openDataset({demo: true, env: {}, cwd: '/', now: NOW});
		if (!opened.ok) throw new Error(opened.error.message);
		expect(streamedSummary(opened.dataset, {from: NOW - 200 * DAY, to: NOW}, {now: NOW, timeZone: 'UTC'})).toBeUndefined();
		expect(streamedSummary(opened.dataset, {from: NOW - 30 * DAY, to: NOW}, {now: NOW, timeZone: 'UTC'})).toBeUndefined();
	});
});
