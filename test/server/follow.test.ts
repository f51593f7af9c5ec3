/**
 * The event log follows another writer's commits incrementally: a manifest stat per poll, then
 * only the added delta segments are decoded and folded into the counters, the list and the
 * stream; compaction or a rewritten event falls back to a full reload.
 */
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import type {EventRecord} from '../../source/core/model.js';
import {MAX_DELTAS, openStore, type ColumnarStore} from '../../source/data/store.js';
import {EventLog} from '../../source/server/event-log.js';
import {tempDir} from './helpers.js';

const now = Date.parse('2026-11-20T12:00:00Z');
const event = (id: number, type: string, user: string, minutesAgo: number): EventRecord => ({id, user, type, time: now - minutesAgo * 60_000, metadata: null});

const open: Array<{close(): Promise<void>}> = [];
afterEach(async () => {
	for (const item of open.splice(0).reverse()) await item.close();
});

async function setup() {
	const storePath = path.join(tempDir(), 'store');
	const other = await openStore(storePath);
	open.push(other);
	await other.commit({events: [event(1, 'view', 'alice', 30), event(2, 'view', 'bob', 20)]});
	const mine: ColumnarStore = await openStore(storePath);
	open.push(mine);
	// pollMs is long: the test polls by hand.
	const log = new EventLog({store: mine, timeZone: 'UTC', clock: () => now, pollMs: 60_000});
	open.push(log);
	const streamed: EventRecord[][] = [];
	log.subscribe((records) => streamed.push([...records]));
	return {other, mine, log, streamed};
}

describe('EventLog following another writer', () => {
	it('decodes only the added delta and folds its new events into the counters, the list and the stream', async () => {
		const {other, mine, log, streamed} = await setup();
		expect(log.stats().total).toBe(2);
		await log.poll();
		expect(log.follows + log.fullReloads).toBe(0);
		await other.commit({events: [event(3, 'buy', 'carol', 10), event(4, 'view', 'alice', 40)]});
		const rowsBefore = mine.readStats.rows;
		await log.poll();
		expect(log.follows).toBe(1);
		expect(log.fullReloads).toBe(0);
		// Only the delta's two rows were decoded.
		expect(mine.readStats.rows - rowsBefore).toBe(2);
		expect(log.stats().total).toBe(4);
		expect(log.stats().byType().map((row) => [row.key, row.count])).toEqual([
			['view', 3],
			['buy', 1],
		]);
		expect(log.list({skip: 0, limit: 10}).map((record) => record.id)).toEqual([4, 1, 2, 3]);
		expect(streamed.map((records) => records.map((record) => record.id))).toEqual([[4, 3]]);
		// Unchanged manifest: nothing more.
		await log.poll();
		expect(log.follows).toBe(1);
	});

	it('an event rewritten under the same id, or a compaction, reloads in full', async () => {
		const {other, log} = await setup();
		await other.commit({events: [{...event(2, 'buy', 'bob', 20)}]});
		await log.poll();
		expect(log.fullReloads).toBe(1);
		expect(log.stats().byType().map((row) => [row.key, row.count])).toEqual([
			['buy', 1],
			['view', 1],
		]);
		for (let i = 0; i <= MAX_DELTAS; i++) await other.commit({events: [event(100 + i, 'tick', 'dave', 5)]});
		await log.poll();
		expect(log.fullReloads).toBe(2);
		expect(log.stats().total).toBe(2 + MAX_DELTAS + 1);
	});

	it('its own checkpoint after another writer commits follows that commit without a full reload', async () => {
		const {other, log} = await setup();
		await other.commit({events: [event(5, 'buy', 'erin', 3)]});
		const [record] = await log.append([{user: 'frank', type: 'view', time: now - 60_000, metadata: null}]);
		await log.flush();
		expect(log.fullReloads).toBe(0);
		expect(log.stats().total).toBe(4);
		expect(log.list({skip: 0, limit: 10}).map((row) => row.id)).toEqual([1, 2, 5, record!.id]);
	});
});
