import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {runSyncCommand} from '../../source/commands/sync.js';
import type {Fault, FaultMatch, FakeIntra} from '../../source/fake-intra/index.js';
import {IntraClient, type IntraWait} from '../../source/data/intra/client.js';
import {openStore} from '../../source/data/store.js';
import {runSync, SyncStoppedError} from '../../source/data/sync/run.js';
import {makeContext, startFake, storedSessions, tempDir, truthSessions, v2Requests} from './helpers.js';

const CAMPUS = 4077;
let cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
	for (const cleanup of cleanups.reverse()) await cleanup();
	cleanups = [];
});

async function setup(options: Parameters<typeof startFake>[0] = {}) {
	const fake = await startFake({locations: 350, ...options});
	const {dir, cleanup} = await tempDir();
	cleanups.push(cleanup, async () => fake.close());
	return {fake, dir, storePath: path.join(dir, 'store')};
}

/** Runs a sync with a client whose waits are recorded. */
async function syncWith(fake: FakeIntra, storePath: string, clientOptions: Partial<ConstructorParameters<typeof IntraClient>[0]> = {}) {
	const waits: IntraWait[] = [];
	const client = new IntraClient({baseUrl: fake.url, credentials: fake.credentials, now: () => fake.clock.now(), retryBaseMs: 50, onWait: (wait) => waits.push(wait), ...clientOptions});
	const store = await openStore(storePath);
	try {
		const result = await runSync({campusId: CAMPUS}, {store, client, now: () => fake.clock.now()});
		return {result, waits, client};
	} finally {
		await store.close();
	}
}

const firstLocationsPage = (page: string): FaultMatch => ({on: 'predicate', test: (r) => r.path.endsWith('/locations') && r.query['page[number]'] === page});

describe('sync under injected faults ends with the store equal to the truth', () => {
	const cases: Array<[string, FaultMatch, Fault, number]> = [
		['500', firstLocationsPage('2'), {kind: 'status', status: 500}, 2],
		['502 (nginx HTML)', firstLocationsPage('1'), {kind: 'status', status: 502}, 2],
		['503', firstLocationsPage('3'), {kind: 'status', status: 503}, 1],
		['connection reset', firstLocationsPage('2'), {kind: 'reset'}, 2],
		['truncated body', firstLocationsPage('2'), {kind: 'truncate', fraction: 0.5}, 2],
		['cut JSON with matching length', firstLocationsPage('1'), {kind: 'bad-json'}, 1],
		['delay beyond the timeout', firstLocationsPage('2'), {kind: 'delay', ms: 1500}, 1],
		['token expiry mid-sync', firstLocationsPage('3'), {kind: 'expire-token'}, 1],
		['token revoked mid-sync', firstLocationsPage('2'), {kind: 'revoke-token'}, 1],
	];
	for (const [name, match, fault, times] of cases) {
		it(name, async () => {
			const {fake, storePath} = await setup();
			fake.faults.inject(match, fault, {times});
			const {result, client} = await syncWith(fake, storePath, {timeoutMs: 600});
			expect(fake.faults.history.length).toBe(times);
			expect(await storedSessions(storePath)).toEqual(truthSessions(fake, CAMPUS, result.from));
			if (fault.kind === 'expire-token' || fault.kind === 'revoke-token') expect(client.tokens.fetched).toBe(2);
		});
	}

	it('a 429 storm with Retry-After waits as told', async () => {
		const {fake, storePath} = await setup();
		fake.faults.storm429(4, 1);
		const {result, waits} = await syncWith(fake, storePath);
		const limited = waits.filter((w) => w.reason === 'rate-limit');
		expect(limited).toHaveLength(4);
		for (const wait of limited) expect(wait.ms).toBe(1000);
		expect(await storedSessions(storePath)).toEqual(truthSessions(fake, CAMPUS, result.from));
	});

	it('a 429 storm without Retry-After backs off at least 1 s each time', async () => {
		const {fake, storePath} = await setup({retryAfter: 'omit'});
		fake.faults.storm429(3, null);
		const {result, waits} = await syncWith(fake, storePath);
		const limited = waits.filter((w) => w.reason === 'rate-limit');
		expect(limited).toHaveLength(3);
		for (const wait of limited) expect(wait.ms).toBeGreaterThanOrEqual(1000);
		expect(await storedSessions(storePath)).toEqual(truthSessions(fake, CAMPUS, result.from));
	});

	it('gives up after the retry limit with a clear error, keeping the pages already stored', async () => {
		const {fake, storePath} = await setup();
		fake.faults.inject(firstLocationsPage('2'), {kind: 'status', status: 502}, {times: 10});
		const error = await syncWith(fake, storePath, {maxAttempts: 3}).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(SyncStoppedError);
		expect((error as Error).message).toMatch(/answered 502 \(3 attempts\)/);
		expect((error as SyncStoppedError).pages).toBe(1);
		expect((await storedSessions(storePath)).length).toBe(100);
	});
});

describe('hourly budget', () => {
	it('--no-wait stops cleanly (exit 1) and the next sync resumes', async () => {
		const {fake, dir, storePath} = await setup();
		fake.rateLimit.useHour(fake.rateLimit.perHour - 3);
		const env = {HOME: dir, XDG_CONFIG_HOME: path.join(dir, 'config'), BIGSTAT42_UID: fake.credentials.uid, BIGSTAT42_SECRET: fake.credentials.secret};
		const first = makeContext(['--campus', String(CAMPUS), '--api-url', fake.url, '--db', storePath, '--no-wait'], {env, clock: () => fake.clock.now()});
		expect(await runSyncCommand(first.context, {openStore: async (p) => openStore(p)})).toBe(1);
		expect(first.err()).toMatch(/stopped: hourly budget spent; 2 pages stored; resume with bigstat42 sync \(it frees up around 10:00 UTC\)/);
		// No request was wasted on a refusal.
		expect(fake.counters().rateLimited).toBe(0);
		fake.clock.set(Date.parse('2025-03-14T10:00:05Z'));
		fake.clearRequests();
		const second = makeContext(['--api-url', fake.url, '--db', storePath, '--no-wait'], {env, clock: () => fake.clock.now()});
		expect(await runSyncCommand(second.context, {openStore: async (p) => openStore(p)})).toBe(0);
		expect(second.out()).toContain('resumed');
		expect(await storedSessions(storePath)).toEqual(truthSessions(fake, CAMPUS, Date.parse('2025-02-12T23:00:00Z')));
	});

	it('without --no-wait it says until when it waits, then continues', async () => {
		const {fake, dir, storePath} = await setup();
		fake.rateLimit.useHour(fake.rateLimit.perHour - 2);
		const env = {HOME: dir, XDG_CONFIG_HOME: path.join(dir, 'config'), BIGSTAT42_UID: fake.credentials.uid, BIGSTAT42_SECRET: fake.credentials.secret};
		const run = makeContext(['--campus', String(CAMPUS), '--api-url', fake.url, '--db', storePath], {env, clock: () => fake.clock.now()});
		// Long waits move the fake clock instead of sleeping; pacing still sleeps for real.
		const sleep = async (ms: number): Promise<void> => {
			if (ms > 5000) fake.clock.advance(ms);
			else await new Promise((resolve) => setTimeout(resolve, ms));
		};

		expect(await runSyncCommand(run.context, {openStore: async (p) => openStore(p), sleep})).toBe(0);
		expect(run.err()).toMatch(/hourly budget spent \(\d+\/h\); waiting until 10:00:01 UTC/);
		expect(await storedSessions(storePath)).toEqual(truthSessions(fake, CAMPUS, Date.parse('2025-02-12T23:00:00Z')));
		expect(v2Requests(fake).every((r) => r.status === 200)).toBe(true);
	});
});
