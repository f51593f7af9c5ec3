import {afterEach, describe, expect, it} from 'vitest';
import type {FakeIntra, FakeIntraOptions} from '../../source/fake-intra/index.js';
import {get, start, token} from './helpers.js';

const BODY_429 = '429 Too Many Requests (Spam Rate Limit Exceeded)';

describe('fake intra: rate limits', () => {
	let fake: FakeIntra | undefined;
	afterEach(async () => fake?.close());

	/** A fake whose per-second bucket reads `wall.now` instead of real time. */
	async function withWallClock(options: FakeIntraOptions = {}): Promise<{fake: FakeIntra; wall: {now: number}; bearer: string}> {
		const wall = {now: 1_000_000};
		fake = await start({seed: 2, rateLimit: {}, wallClock: () => wall.now, ...options});
		return {fake, wall, bearer: await token(fake)};
	}

	it('allows 2 requests a second, then answers 429 with the plain-text body and Retry-After: 1', async () => {
		const {fake, wall, bearer} = await withWallClock();
		const first = await get(fake, '/v2/campus/4077', bearer);
		expect(first.status).toBe(200);
		expect(first.headers.get('x-secondly-ratelimit-limit')).toBe('2');
		expect(first.headers.get('x-secondly-ratelimit-remaining')).toBe('1');
		expect(first.headers.get('x-hourly-ratelimit-limit')).toBe('1200');
		expect(first.headers.get('x-hourly-ratelimit-remaining')).toBe('1199');
		for (const name of ['x-application-id', 'x-application-name', 'x-application-roles', 'x-request-id', 'x-runtime']) expect(first.headers.get(name)).not.toBeNull();
		const second = await get(fake, '/v2/campus/4077', bearer);
		expect(second.headers.get('x-secondly-ratelimit-remaining')).toBe('0');
		const third = await get(fake, '/v2/campus/4077', bearer);
		expect(third.status).toBe(429);
		expect(third.text).toBe(BODY_429);
		expect(third.headers.get('content-type')).toMatch(/^text\/plain/);
		expect(third.headers.get('retry-after')).toBe('1');
		expect(fake.requests.at(-1)?.limitedBy).toBe('secondly');
		// The sliding window frees a slot once the first request is a second old.
		wall.now += 999;
		expect((await get(fake, '/v2/campus/4077', bearer)).status).toBe(429);
		wall.now += 1;
		expect((await get(fake, '/v2/campus/4077', bearer)).status).toBe(200);
		// Refused requests were not counted in the hour.
		expect(fake.rateLimit.hourlyRemaining()).toBe(1197);
		expect(fake.counters().rateLimited).toBe(2);
	});

	it('omits Retry-After when configured so', async () => {
		const {fake, bearer} = await withWallClock({retryAfter: 'omit'});
		await get(fake, '/v2/campus/4077', bearer);
		await get(fake, '/v2/campus/4077', bearer);
		const limited = await get(fake, '/v2/campus/4077', bearer);
		expect(limited.status).toBe(429);
		expect(limited.text).toBe(BODY_429);
		expect(limited.headers.get('retry-after')).toBeNull();
	});

	it('rejects requests fired faster than 2/s in real time', async () => {
		fake = await start({seed: 2, rateLimit: {}});
		const bearer = await token(fake);
		const current = fake;
		const statuses = await Promise.all(Array.from({length: 4}, async () => (await get(current, '/v2/campus/4077', bearer)).status));
		expect(statuses.filter(status => status === 200).length).toBeLessThanOrEqual(2);
		expect(statuses.filter(status => status === 429).length).toBeGreaterThanOrEqual(2);
	});

	it('uses a fixed one-second window when asked', async () => {
		const {fake, wall, bearer} = await withWallClock({rateLimit: {secondlyWindow: 'fixed'}});
		wall.now = 5_000_900;
		await get(fake, '/v2/campus/4077', bearer);
		await get(fake, '/v2/campus/4077', bearer);
		expect((await get(fake, '/v2/campus/4077', bearer)).status).toBe(429);
		wall.now = 5_001_000;
		expect((await get(fake, '/v2/campus/4077', bearer)).status).toBe(200);
	});

	it('exhausts the hourly bucket by the fake clock, with Retry-After to the end of the hour', async () => {
		const {fake, wall, bearer} = await withWallClock({rateLimit: {perHour: 3}, clockStart: '2025-03-14T09:45:24.000Z'});
		for (let i = 0; i < 3; i++) {
			wall.now += 1000;
			const response = await get(fake, '/v2/campus/4077', bearer);
			expect(response.status).toBe(200);
			expect(response.headers.get('x-hourly-ratelimit-remaining')).toBe(String(2 - i));
		}

		wall.now += 1000;
		const limited = await get(fake, '/v2/campus/4077', bearer);
		expect(limited.status).toBe(429);
		expect(limited.text).toBe(BODY_429);
		expect(limited.headers.get('retry-after')).toBe(String(14 * 60 + 36));
		expect(fake.requests.at(-1)?.limitedBy).toBe('hourly');
		fake.clock.set(Date.parse('2025-03-14T10:00:00.000Z'));
		wall.now += 1000;
		const fresh = await get(fake, '/v2/campus/4077', bearer);
		expect(fresh.status).toBe(200);
		expect(fresh.headers.get('x-hourly-ratelimit-remaining')).toBe('2');
	});

	it('can exhaust the hour directly, reset, and add rate headers to 429s on request', async () => {
		const {fake, bearer} = await withWallClock({rateLimitHeadersOn429: true});
		fake.rateLimit.useHour();
		const limited = await get(fake, '/v2/campus/4077', bearer);
		expect(limited.status).toBe(429);
		expect(limited.headers.get('x-hourly-ratelimit-remaining')).toBe('0');
		fake.rateLimit.reset();
		expect((await get(fake, '/v2/campus/4077', bearer)).status).toBe(200);
	});

	it('does not count token requests unless tokenRateLimited is set', async () => {
		const {fake} = await withWallClock();
		for (let i = 0; i < 4; i++) await token(fake);
		expect(fake.counters().byStatus[200]).toBe(5);
		expect(fake.rateLimit.hourlyRemaining()).toBe(1200);
		await fake.close();
		// withWallClock took one token: one more fits in the second, the third is refused.
		const limited = await withWallClock({tokenRateLimited: true});
		await token(limited.fake);
		const response = await fetch(`${limited.fake.url}/oauth/token`, {method: 'POST', body: new URLSearchParams({grant_type: 'client_credentials', client_id: limited.fake.credentials.uid, client_secret: limited.fake.credentials.secret})});
		expect(response.status).toBe(429);
	});

	it('never refuses with enforce: false but still counts down the headers', async () => {
		const {fake, bearer} = await withWallClock({rateLimit: {enforce: false, perHour: 2}});
		const statuses: number[] = [];
		let remaining = '';
		for (let i = 0; i < 4; i++) {
			const response = await get(fake, '/v2/campus/4077', bearer);
			statuses.push(response.status);
			remaining = response.headers.get('x-hourly-ratelimit-remaining') ?? '';
		}

		expect(statuses).toEqual([200, 200, 200, 200]);
		expect(remaining).toBe('0');
	});
});
