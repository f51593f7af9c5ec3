import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {runSyncCommand} from '../../source/commands/sync.js';
import {eventTableFromRecords, eventAt} from '../../source/core/model.js';
import type {FakeIntra} from '../../source/fake-intra/index.js';
import {IntraClient} from '../../source/data/intra/client.js';
import {SUBSCRIPTION_ID_OFFSET} from '../../source/data/intra/mapping.js';
import {openStore} from '../../source/data/store.js';
import {runSync, SyncStoppedError} from '../../source/data/sync/run.js';
import {locationsKey} from '../../source/data/sync/state.js';
import {makeContext, startFake, storedSessions, tempDir, truthSessions, v2Requests} from './helpers.js';

const CAMPUS = 4077;
const DAY = 86_400_000;
let cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
	for (const cleanup of cleanups.reverse()) await cleanup();
	cleanups = [];
});

async function setup(options: Parameters<typeof startFake>[0] = {}): Promise<{fake: FakeIntra; dir: string; storePath: string}> {
	const fake = await startFake(options);
	const {dir, cleanup} = await tempDir();
	cleanups.push(cleanup, async () => fake.close());
	return {fake, dir, storePath: path.join(dir, 'store')};
}

function syncArgs(fake: FakeIntra, storePath: string, ...extra: string[]): string[] {
	return ['--api-url', fake.url, '--db', storePath, ...extra];
}

function env(fake: FakeIntra, dir: string): Record<string, string> {
	return {HOME: dir, XDG_CONFIG_HOME: path.join(dir, 'config'), BIGSTAT42_UID: fake.credentials.uid, BIGSTAT42_SECRET: fake.credentials.secret};
}

async function sync(fake: FakeIntra, dir: string, storePath: string, extra: string[] = [], lookbackMs?: number) {
	const {context, out, err} = makeContext(syncArgs(fake, storePath, ...extra), {env: env(fake, dir), cwd: dir, clock: () => fake.clock.now()});
	const code = await runSyncCommand(context, {openStore: async (p) => openStore(p), lookbackMs, client: {retryBaseMs: 50}});
	return {code, out: out(), err: err()};
}

describe('sync against the fake 42 API', () => {
	it('a full sync stores exactly the sessions overlapping the window, and the campus', async () => {
		const {fake, dir, storePath} = await setup({locations: 450});
		const result = await sync(fake, dir, storePath, ['--campus', String(CAMPUS), '--days', '30']);
		expect(result.err).not.toContain('failed');
		expect(result.code).toBe(0);
		expect(result.out).toMatch(/synced Testville \(4077, window\): sessions \d+ inserted, 0 updated, 0 unchanged; \d+ requests/);
		const truth = truthSessions(fake, CAMPUS);
		expect(truth.length).toBeGreaterThan(200);
		expect(await storedSessions(storePath)).toEqual(truth);
		const store = await openStore(storePath, {readOnly: true});
		expect(store.campuses()).toEqual([{id: CAMPUS, name: 'Testville', timeZone: 'Europe/Paris'}]);
		expect(store.syncState()['intra.campusId']).toBe(CAMPUS);
		expect((store.syncState()[locationsKey(CAMPUS)] as {cursor: unknown}).cursor).toBeNull();
		await store.close();
		// Every list request asks for 100 per page with an explicit sort.
		for (const request of v2Requests(fake).filter((r) => r.path.endsWith('/locations'))) {
			expect(request.query['page[size]']).toBe('100');
			expect(request.query['sort'] ?? request.query['filter[id]']).toBeDefined();
		}
	});

	it('takes sessions that began before the window but overlap it, and not the ones that ended before', async () => {
		const {fake, dir, storePath} = await setup();
		const now = fake.clock.now();
		const from = Date.parse('2025-03-13T00:00:00+01:00');
		const crossing = fake.data.addSession({user: 'tlovelace', host: 'c9r9s9', begin: from - 3_600_000, end: from + 3_600_000, id: 990_001});
		const before = fake.data.addSession({user: 'tlovelace', host: 'c9r9s9', begin: from - 5 * 3_600_000, end: from - 4 * 3_600_000, id: 990_002});
		const result = await sync(fake, dir, storePath, ['--campus', String(CAMPUS), '--since', '2025-03-13']);
		expect(result.code).toBe(0);
		const stored = await storedSessions(storePath);
		expect(stored.map((s) => s.id)).toContain(crossing.id);
		expect(stored.map((s) => s.id)).not.toContain(before.id);
		expect(stored).toEqual(truthSessions(fake, CAMPUS, from, now));
	});

	it('a second sync fetches only what changed: closures, new sessions, open ones', async () => {
		const {fake, dir, storePath} = await setup({locations: 300});
		// Three open sessions whatever the generator's density at the fake's "now": two to close, one that stays open.
		fake.data.addSession({user: 'lbyron', host: 'c8r1s3', begin: fake.clock.now() - 1_200_000});
		expect((await sync(fake, dir, storePath, ['--campus', String(CAMPUS)])).code).toBe(0);
		const open = fake.data.locations.filter((row) => row.end === null && row.campusId === CAMPUS);
		expect(open.length).toBeGreaterThan(2);
		fake.clock.advance(3_600_000);
		fake.data.closeSession(open[0]!.id);
		fake.data.closeSession(open[1]!.id);
		fake.data.addSession({user: 'mhopper', host: 'c8r1s1', begin: fake.clock.now() - 600_000});
		fake.data.addSession({user: 'kbabbage', host: 'c8r1s2', begin: fake.clock.now() - 3_000_000, end: fake.clock.now() - 60_000});
		fake.clearRequests();
		// No campus flag: the stored one is used.
		const second = await sync(fake, dir, storePath, [], 0);
		expect(second.code).toBe(0);
		expect(second.out).toContain('incremental');
		expect(await storedSessions(storePath)).toEqual(truthSessions(fake, CAMPUS));
		const requests = v2Requests(fake);
		// campus + closed since the watermark (1 page) + open sessions (1 page); no re-check needed.
		expect(requests.map((r) => Object.keys(r.query).find((k) => k.startsWith('range') || k.startsWith('filter')) ?? r.path)).toEqual([
			'/v2/campus/4077',
			'range[end_at]',
			'filter[active]',
		]);
		expect(second.out).toMatch(/sessions 2 inserted, 2 updated, \d+ unchanged/);
	});

	it('re-checks stored open sessions by id (chunks ≤ 100) when the API closes them retroactively', async () => {
		const {fake, dir, storePath} = await setup({idFilterMax: 100});
		// 150 open sessions in the store → two filter[id] chunks after they are all closed in the past.
		const base = fake.clock.now() - 10 * 3_600_000;
		const added = Array.from({length: 150}, (_, i) => fake.data.addSession({user: 'aturing', host: `x${i}`, begin: base + i, id: 800_000 + i}));
		expect((await sync(fake, dir, storePath, ['--campus', String(CAMPUS)])).code).toBe(0);
		fake.clock.advance(DAY);
		for (const row of added) fake.data.closeSession(row.id, base + 3_600_000);
		fake.clearRequests();
		const second = await sync(fake, dir, storePath, [], 3_600_000);
		expect(second.code).toBe(0);
		expect(await storedSessions(storePath)).toEqual(truthSessions(fake, CAMPUS));
		const idRequests = v2Requests(fake).filter((r) => r.query['filter[id]'] !== undefined);
		expect(idRequests.map((r) => r.query['filter[id]']!.split(',').length)).toEqual([100, 50]);
	});

	it('resumes an interrupted sync from its cursor, with no duplicates and no page fetched twice', async () => {
		const {fake, dir, storePath} = await setup({locations: 700});
		const store = await openStore(storePath);
		const controller = new AbortController();
		let commits = 0;
		const client = new IntraClient({baseUrl: fake.url, credentials: fake.credentials, now: () => fake.clock.now()});
		const interrupted = await runSync(
			{campusId: CAMPUS},
			{
				store: {
					...store,
					syncState: () => store.syncState(),
					sessions: () => store.sessions(),
					async commit(batch) {
						const result = await store.commit(batch);
						if (++commits === 3) controller.abort();
						return result;
					},
				},
				client,
				now: () => fake.clock.now(),
				signal: controller.signal,
			},
		).catch((error: unknown) => error);
		expect(interrupted).toBeInstanceOf(SyncStoppedError);
		const cursor = (store.syncState()[locationsKey(CAMPUS)] as {cursor: {step: string; page: number}}).cursor;
		expect(cursor).toMatchObject({step: 'closed', page: 3});
		await store.close();
		fake.clearRequests();
		const resumed = await sync(fake, dir, storePath);
		expect(resumed.code).toBe(0);
		expect(resumed.out).toContain('resumed');
		const pagesAsked = v2Requests(fake)
			.filter((r) => r.query['range[end_at]'] !== undefined)
			.map((r) => r.query['page[number]']);
		expect(pagesAsked[0]).toBe('3');
		const stored = await storedSessions(storePath);
		expect(new Set(stored.map((s) => s.id)).size).toBe(stored.length);
		expect(stored).toEqual(truthSessions(fake, CAMPUS, Date.parse('2025-02-12T23:00:00Z')));
	});

	it('--events and --subscriptions store events and per-user subscriptions with stable ids', async () => {
		const {fake, dir, storePath} = await setup({events: 6});
		const first = await sync(fake, dir, storePath, ['--campus', String(CAMPUS), '--subscriptions']);
		expect(first.err).not.toContain('failed');
		expect(first.code).toBe(0);
		const store = await openStore(storePath, {readOnly: true});
		const table = store.events();
		const records = Array.from({length: table.size}, (_, i) => eventAt(table, i));
		await store.close();
		const from = Date.parse('2025-02-12T23:00:00Z');
		const events = fake.data.events.filter((e) => e.campusIds.includes(CAMPUS) && e.begin >= from);
		expect(events.length).toBeGreaterThan(0);
		for (const event of events) {
			const record = records.find((r) => r.id === event.id);
			expect(record).toMatchObject({user: null, type: event.kind, time: event.begin});
			expect(JSON.parse(record!.metadata!)).toEqual({event_id: event.id, name: event.name, location: event.location});
		}

		const subscriptions = records.filter((r) => r.id > SUBSCRIPTION_ID_OFFSET);
		const expected = fake.data.eventsUsers.filter((s) => events.some((e) => e.id === s.eventId));
		expect(subscriptions.length).toBe(expected.length);
		for (const s of expected) {
			const record = subscriptions.find((r) => r.id === SUBSCRIPTION_ID_OFFSET + s.id);
			const event = events.find((e) => e.id === s.eventId)!;
			expect(record).toMatchObject({user: fake.data.user(s.userId)?.login, type: `subscribed:${event.kind}`, time: event.begin});
		}

		// Running it again changes nothing.
		const again = await sync(fake, dir, storePath, ['--subscriptions']);
		expect(again.code).toBe(0);
		const store2 = await openStore(storePath, {readOnly: true});
		expect(eventTableFromRecords(records).size).toBe(store2.events().size);
		await store2.close();
	});

	it('without --campus and without a stored campus it is a usage error', async () => {
		const {fake, dir, storePath} = await setup();
		await expect(sync(fake, dir, storePath)).rejects.toThrow(/--campus/);
		expect(v2Requests(fake)).toHaveLength(0);
	});
});
