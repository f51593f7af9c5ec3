import {afterEach, describe, expect, it} from 'vitest';
import {startFakeIntra, type FakeIntra} from '../../source/fake-intra/index.js';
import {IntraClient} from '../../source/data/intra/client.js';
import {Pacer} from '../../source/data/intra/pacer.js';
import {listPages} from '../../source/data/intra/pagination.js';
import {tempDir} from './helpers.js';

let cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
	for (const cleanup of cleanups.reverse()) await cleanup();
	cleanups = [];
});

async function pagesAtRealLimit(window: 'sliding' | 'fixed'): Promise<FakeIntra> {
	// The fake's real default limits: 2/s, enforced. 900 sessions → 10 list pages of 30 + token.
	const fake = await startFakeIntra({seed: 3, locations: 900, rateLimit: {perSecond: 2, perHour: 1200, secondlyWindow: window}});
	const {cleanup} = await tempDir();
	cleanups.push(cleanup, async () => fake.close());
	const client = new IntraClient({baseUrl: fake.url, credentials: fake.credentials, now: () => fake.clock.now()});
	let pages = 0;
	for await (const page of listPages(client, '/v2/campus/4077/locations', {sort: 'id'}, {pageSize: 30})) {
		pages++;
		if (pages === 10) break;
		expect(page.items.length).toBe(30);
	}

	expect(client.pacer.perSecond).toBe(2);
	return fake;
}

describe('pacing against the fake enforcing 2 requests/s', () => {
	it('never gets a 429 (sliding window)', async () => {
		const fake = await pagesAtRealLimit('sliding');
		expect(fake.counters().v2).toBe(10);
		expect(fake.counters().rateLimited).toBe(0);
	});

	it('never gets a 429 (fixed window)', async () => {
		const fake = await pagesAtRealLimit('fixed');
		expect(fake.counters().rateLimited).toBe(0);
	});

	it('reads higher limits from the headers and paces to them', async () => {
		const fake = await startFakeIntra({seed: 3, rateLimit: {perSecond: 8, perHour: 5000}});
		cleanups.push(async () => fake.close());
		const client = new IntraClient({baseUrl: fake.url, credentials: fake.credentials, now: () => fake.clock.now()});
		for (let i = 0; i < 12; i++) await client.get('/v2/campus/4077');
		expect(client.pacer.perSecond).toBe(8);
		expect(client.pacer.perHour).toBe(5000);
		expect(client.pacer.hourlyRemaining).toBe(5000 - 12);
		expect(fake.counters().rateLimited).toBe(0);
	});
});

describe('Pacer (fake clock)', () => {
	it('spaces request starts by 1000/limit + margin, from the real start', async () => {
		let now = 0;
		const slept: number[] = [];
		const pacer = new Pacer({
			now: () => now,
			sleep: async (ms) => {
				slept.push(ms);
				now += ms + 3; // a late timer
			},
		});
		const starts: number[] = [];
		for (let i = 0; i < 5; i++) {
			await pacer.acquire();
			starts.push(now);
		}

		for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(520);
		// ≥ 95 % of the allowed 2/s: 1000 / 520 = 1.92/s.
		expect(1000 / pacer.intervalMs() / 2).toBeGreaterThanOrEqual(0.95);
		pacer.observe({'x-secondly-ratelimit-limit': '4', 'x-hourly-ratelimit-limit': '3000', 'x-hourly-ratelimit-remaining': '0'});
		expect(pacer.intervalMs()).toBe(270);
		expect(pacer.hourlyExhausted()).toBe(true);
	});
});
