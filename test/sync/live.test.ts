import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import type {FakeIntra} from '../../source/fake-intra/index.js';
import {IntraClient} from '../../source/data/intra/client.js';
import {openStore} from '../../source/data/store.js';
import {createLiveClient, createLivePoller, LivePollError, type LivePoller, type LivePollResult} from '../../source/data/sync/live.js';
import {runSync} from '../../source/data/sync/run.js';
import {startFake, storedSessions, tempDir, truthSessions, v2Requests} from './helpers.js';

const CAMPUS = 4077;
const HOUR = 3_600_000;
const MINUTE = 60_000;
let cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
	for (const cleanup of cleanups.reverse()) await cleanup();
	cleanups = [];
});

type Setup = {fake: FakeIntra; storePath: string; poller: LivePoller; client: IntraClient; store: Awaited<ReturnType<typeof openStore>>};

/** A fake at 1200/h, a store filled by a sync, and a poller on a fresh live client (fake clock). */
async function setup(options: {credentials?: {uid: string; secret: string}} = {}): Promise<Setup> {
	const fake = await startFake({rateLimit: {perHour: 1200}});
	const {dir, cleanup} = await tempDir('bigstat42-live-');
	cleanups.push(cleanup, async () => fake.close());
	const storePath = path.join(dir, 'store');
	const now = () => fake.clock.now();
	const syncStore = await openStore(storePath);
	await runSync({campusId: CAMPUS}, {store: syncStore, client: new IntraClient({baseUrl: fake.url, credentials: fake.credentials, now}), now});
	await syncStore.close();
	// The sync's requests count in the fake's hour; start the live part with an empty bucket and log.
	fake.rateLimit.reset();
	fake.clearRequests();
	const store = await openStore(storePath);
	cleanups.push(async () => store.close());
	const credentials = options.credentials ?? fake.credentials;
	const client = createLiveClient({baseUrl: fake.url, credentials, now});
	const poller = createLivePoller({client, store, campusId: CAMPUS, now});
	return {fake, storePath, poller, client, store};
}

/** The kind of each /v2 request: which filter it used. */
function kinds(fake: FakeIntra): string[] {
	return v2Requests(fake).map((request) => (request.query['filter[active]'] ? 'active' : request.query['filter[id]'] ? 'recheck' : request.path));
}

function openIds(fake: FakeIntra): number[] {
	return fake.data.locations.filter((row) => row.campusId === CAMPUS && row.end === null).map((row) => row.id);
}

describe('live polling of the 42 API', () => {
	it('stores newly opened sessions and closes those that ended; one active page and one re-check', async () => {
		const {fake, storePath, poller} = await setup();
		const first = await poller.poll();
		expect(first).toMatchObject({changed: false, requests: 2});
		// Token + the active list: every page of 100, sorted by id.
		expect(fake.counters().token).toBe(1);
		expect(kinds(fake)).toEqual(['active']);
		expect(v2Requests(fake)[0]?.query).toMatchObject({'filter[active]': 'true', sort: 'id', 'page[size]': '100', 'page[number]': '1'});
		expect(first.budgetLeft).toBe(1199);
		expect(first.hourlyLimit).toBe(1200);

		const open = openIds(fake);
		expect(open.length).toBeGreaterThan(2);
		fake.clock.advance(2 * MINUTE);
		const opened = fake.data.addSession({user: 'tlovelace', host: 'c9r9s1'});
		fake.data.closeSession(open[0]!);
		fake.data.closeSession(open[1]!);
		fake.clearRequests();
		const second = await poller.poll();
		expect(second).toMatchObject({changed: true, requests: 2, sessions: {inserted: 1, updated: 2}, vanished: 0});
		expect(kinds(fake)).toEqual(['active', 'recheck']);
		expect(v2Requests(fake)[1]?.query['filter[id]']).toBe([open[0], open[1]].sort((a, b) => a! - b!).join(','));
		const stored = await storedSessions(storePath);
		expect(stored).toEqual(truthSessions(fake, CAMPUS));
		expect(stored.find((row) => row.id === opened.id)?.end).toBeNull();
		expect(stored.find((row) => row.id === open[0])?.end).toBe(fake.clock.now());
	});

	it('an unchanged campus makes a poll that writes nothing', async () => {
		const {fake, poller, store} = await setup();
		await poller.poll();
		const generation = store.generation;
		fake.clock.advance(5 * MINUTE);
		fake.clearRequests();
		const result = await poller.poll();
		expect(result.changed).toBe(false);
		expect(result.requests).toBe(1);
		expect(result.sessions?.inserted).toBe(0);
		expect(result.sessions?.updated).toBe(0);
		expect(result.sessions?.unchanged).toBe(openIds(fake).length);
		await store.reload();
		expect(store.generation).toBe(generation);
		expect(kinds(fake)).toEqual(['active']);
	});

	it('re-checks in chunks of 100, and asks no more for sessions the API dropped', async () => {
		const {fake, storePath, poller} = await setup();
		const start = fake.clock.now() - HOUR;
		const added = Array.from({length: 130}, (_, i) => fake.data.addSession({user: 'aturing', host: `x${i}`, begin: start + i, id: 900_000 + i}));
		await poller.poll();
		fake.clearRequests();
		fake.clock.advance(10 * MINUTE);
		// Two pages of open sessions; first page: all 130 closed → two re-check chunks.
		for (const row of added) fake.data.closeSession(row.id);
		const vanishing = openIds(fake)[0]!;
		fake.data.removeSession(vanishing);
		const result = await poller.poll();
		expect(result).toMatchObject({changed: true, vanished: 1});
		const chunks = v2Requests(fake).filter((request) => request.query['filter[id]'] !== undefined);
		expect(chunks.map((request) => request.query['filter[id]']!.split(',').length)).toEqual([100, 31]);
		expect(result.requests).toBe(v2Requests(fake).length);
		const stored = await storedSessions(storePath);
		// The vanished session stays as it was (open), as the sync leaves it.
		expect(stored.find((row) => row.id === vanishing)?.end).toBeNull();
		expect(stored.filter((row) => row.id !== vanishing)).toEqual(truthSessions(fake, CAMPUS));
		fake.clearRequests();
		fake.clock.advance(10 * MINUTE);
		const next = await poller.poll();
		expect(next).toMatchObject({changed: false, requests: 1});
		expect(kinds(fake)).toEqual(['active']);
	});

	it('never spends more than 5 % of the hourly budget in any hour, whatever a poll costs', async () => {
		const {fake, poller} = await setup();
		const results: LivePollResult[] = [];
		const extra: number[] = [];
		// Two and a half simulated hours of a feed ticking every 20 s; the campus changes meanwhile.
		for (let tick = 0; tick < 450; tick++) {
			if (tick === 30) for (const id of openIds(fake).slice(0, 3)) fake.data.closeSession(id);
			if (tick === 60) {
				// 150 more open sessions: the active list takes two pages.
				for (let i = 0; i < 150; i++) extra.push(fake.data.addSession({user: 'mhopper', host: `y${i}`, begin: fake.clock.now() - 1000 - i}).id);
			}

			if (tick === 150) for (const id of extra.slice(0, 120)) fake.data.closeSession(id);
			if (tick === 200) fake.data.removeSession(openIds(fake)[0]!);
			results.push(await poller.poll());
			expect(poller.requestsLastHour()).toBeLessThanOrEqual(60);
			fake.clock.advance(20_000);
		}

		// The fake's own log (fake-clock arrival times, token requests included): ≤ 60 in any hour.
		const times = fake.requests.map((request) => request.at);
		for (const [index, at] of times.entries()) {
			const inHour = times.slice(index).filter((time) => time < at + HOUR).length;
			expect(inHour).toBeLessThanOrEqual(60);
		}

		// Costly polls were followed by longer silences, and the share was still used.
		expect(results.some((result) => result.requests >= 3)).toBe(true);
		expect(results.some((result) => result.skipped === 'interval')).toBe(true);
		// A re-check that did not fit in the share was left to a later poll (deterministic seed).
		expect(results.some((result) => result.partial)).toBe(true);
		expect(results.some((result) => result.skipped === 'budget')).toBe(true);
		expect(times.length).toBeGreaterThan(120);
		expect(fake.counters().rateLimited).toBe(0);
		// The spacing rule: a poll that sent r requests is followed by r minutes without any.
		for (let i = 0; i < results.length; i++) {
			const sent = results[i]!.requests;
			if (sent === 0) continue;
			const quiet = results.slice(i + 1, i + 3 * sent - 1);
			expect(quiet.every((result) => result.requests === 0)).toBe(true);
		}
	});

	it('a 429 or a network error fails the poll with a printable error; the next poll works', async () => {
		const {fake, poller} = await setup();
		await poller.poll();
		fake.clock.advance(2 * MINUTE);
		fake.faults.inject({on: 'path', path: `/v2/campus/${CAMPUS}/locations`}, {kind: '429'}, {times: 1});
		const limited = await poller.poll().catch((error: unknown) => error);
		expect(limited).toBeInstanceOf(LivePollError);
		expect((limited as Error).message).toMatch(/rate limited by the 42 API \(429\)/);
		fake.clock.advance(2 * MINUTE);
		expect(await poller.poll()).toMatchObject({changed: false, requests: 1});

		fake.clock.advance(2 * MINUTE);
		fake.faults.inject({on: 'path', path: `/v2/campus/${CAMPUS}/locations`}, {kind: 'reset'}, {times: 1});
		const reset = await poller.poll().catch((error: unknown) => error);
		expect(reset).toBeInstanceOf(LivePollError);
		expect((reset as Error).message).toMatch(/^API poll failed: GET \/v2\/campus\/4077\/locations failed/);
		expect((reset as Error).message).not.toContain('\n');
		expect((reset as Error).message).not.toContain(fake.credentials.secret);
		fake.clock.advance(2 * MINUTE);
		fake.data.addSession({user: 'tlovelace', host: 'c9r9s2'});
		expect(await poller.poll()).toMatchObject({changed: true, requests: 1});
	});

	it('a spent hourly budget stops polling until the hour ends, then polling resumes', async () => {
		const {fake, poller} = await setup();
		await poller.poll();
		fake.clock.advance(2 * MINUTE);
		fake.rateLimit.useHour();
		const spent = await poller.poll().catch((error: unknown) => error);
		expect(spent).toBeInstanceOf(LivePollError);
		expect((spent as Error).message).toMatch(/hourly request budget is spent; polling resumes around \d\d:\d\d UTC/);
		const resumeAt = poller.nextPollAt();
		expect(resumeAt).toBeGreaterThan(fake.clock.now());
		fake.clearRequests();
		fake.clock.advance(2 * MINUTE);
		expect(await poller.poll()).toMatchObject({skipped: 'interval', requests: 0});
		expect(fake.requests).toHaveLength(0);
		fake.clock.set(resumeAt);
		const resumed = await poller.poll();
		expect(resumed).toMatchObject({requests: 1});
		expect(resumed.budgetLeft).toBeGreaterThan(1000);
	});

	it('a refused secret never appears in the error', async () => {
		const secret = `s-s4t2ud-${'f'.repeat(64)}`;
		const fake = await startFake();
		cleanups.push(async () => fake.close());
		const {dir, cleanup} = await tempDir('bigstat42-live-');
		cleanups.push(cleanup);
		const store = await openStore(path.join(dir, 'store'));
		cleanups.push(async () => store.close());
		const now = () => fake.clock.now();
		const client = createLiveClient({baseUrl: fake.url, credentials: {uid: fake.credentials.uid, secret}, now});
		const poller = createLivePoller({client, store, campusId: CAMPUS, now});
		const error = await poller.poll().catch((error_: unknown) => error_);
		expect(error).toBeInstanceOf(LivePollError);
		expect((error as Error).message).toMatch(/invalid_client/);
		expect((error as Error).message).not.toContain(secret);
		expect(String((error as Error).stack)).not.toContain(secret);
	});
});
