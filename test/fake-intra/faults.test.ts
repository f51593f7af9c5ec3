import {request as httpRequest} from 'node:http';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import type {FakeIntra} from '../../source/fake-intra/index.js';
import {get, start, token} from './helpers.js';

/** A raw node:http GET that reports what happened on the wire. */
async function rawGet(url: string, bearer: string): Promise<{status?: number; contentLength?: string; received: number; error?: string}> {
	return new Promise(resolve => {
		const request = httpRequest(url, {headers: {authorization: `Bearer ${bearer}`}}, response => {
			let received = 0;
			response.on('data', (chunk: Buffer) => {
				received += chunk.length;
			});
			response.on('end', () => resolve({status: response.statusCode, contentLength: response.headers['content-length'], received}));
			response.on('error', error => resolve({status: response.statusCode, contentLength: response.headers['content-length'], received, error: (error as NodeJS.ErrnoException).code ?? error.message}));
		});
		request.on('error', error => resolve({received: 0, error: (error as NodeJS.ErrnoException).code ?? error.message}));
		request.end();
	});
}

describe('fake intra: fault injection', () => {
	let fake: FakeIntra;
	let bearer: string;
	const path = '/v2/campus/4077/locations';
	beforeEach(async () => {
		fake = await start({seed: 9});
		bearer = await token(fake);
	});
	afterEach(async () => fake.close());

	it('answers 500 / 502 / 503 on a schedule', async () => {
		fake.faults.inject({on: 'path', path}, {kind: 'status', status: 500});
		fake.faults.inject({on: 'path', path}, {kind: 'status', status: 502});
		fake.faults.inject({on: 'path', path}, {kind: 'status', status: 503});
		const first = await get(fake, path, bearer);
		expect(first.status).toBe(500);
		expect(first.headers.get('content-type')).toMatch(/json/);
		const second = await get(fake, path, bearer);
		expect(second.status).toBe(502);
		expect(second.text).toContain('502 Bad Gateway');
		expect((await get(fake, path, bearer)).status).toBe(503);
		expect((await get(fake, path, bearer)).status).toBe(200);
		expect(fake.faults.history.map(fired => fired.kind)).toEqual(['status', 'status', 'status']);
		expect(fake.counters().faulted).toBe(3);
	});

	it('fires on the nth request, after skips, a number of times, every k-th, or by predicate', async () => {
		const next = fake.requests.length + 1;
		fake.faults.inject({on: 'nth', n: next + 1}, {kind: 'status', status: 503}, {times: 2});
		const statuses: number[] = [];
		for (let i = 0; i < 4; i++) statuses.push((await get(fake, '/v2/campus/4077', bearer)).status);
		expect(statuses).toEqual([200, 503, 503, 200]);

		fake.faults.inject({on: 'path', path: '/v2/campus/4077/events'}, {kind: 'status', status: 500}, {skip: 1});
		expect((await get(fake, '/v2/campus/4077/events', bearer)).status).toBe(200);
		expect((await get(fake, '/v2/campus/4077/events', bearer)).status).toBe(500);
		expect((await get(fake, '/v2/campus/4077/events', bearer)).status).toBe(200);

		fake.faults.clear();
		const every = fake.faults.inject({on: 'every', every: 3}, {kind: 'status', status: 502});
		const seen: number[] = [];
		for (let i = 0; i < 6; i++) seen.push((await get(fake, '/v2/campus/4077', bearer)).status);
		expect(seen.filter(status => status === 502)).toHaveLength(2);
		every.cancel();

		fake.faults.inject({on: 'predicate', test: request => request.query['page'] === '2'}, {kind: 'status', status: 500});
		expect((await get(fake, `${path}?page=1`, bearer)).status).toBe(200);
		expect((await get(fake, `${path}?page=2`, bearer)).status).toBe(500);
	});

	it('plays a 429 storm of N consecutive 429s, then recovers', async () => {
		fake.faults.storm429(3);
		const statuses: number[] = [];
		for (let i = 0; i < 4; i++) {
			const response = await get(fake, path, bearer);
			statuses.push(response.status);
			if (response.status === 429) {
				expect(response.text).toBe('429 Too Many Requests (Spam Rate Limit Exceeded)');
				expect(response.headers.get('retry-after')).toBe('1');
			}
		}

		expect(statuses).toEqual([429, 429, 429, 200]);
		fake.faults.storm429(1, null);
		expect((await get(fake, path, bearer)).headers.get('retry-after')).toBeNull();
	});

	it('delays an answer beyond the client timeout', async () => {
		fake.faults.inject({on: 'path', path}, {kind: 'delay', ms: 5000});
		const error = await fetch(`${fake.url}${path}`, {headers: {authorization: `Bearer ${bearer}`}, signal: AbortSignal.timeout(100)}).catch((caught: unknown) => caught);
		expect((error as Error).name).toBe('TimeoutError');
		expect(fake.requests.at(-1)?.fault).toBe('delay');
		// A short delay still ends in the normal answer.
		fake.faults.inject({on: 'path', path}, {kind: 'delay', ms: 20});
		expect((await get(fake, path, bearer)).status).toBe(200);
	});

	it('hangs until the client gives up', async () => {
		fake.faults.inject({on: 'next'}, {kind: 'hang'});
		const error = await fetch(`${fake.url}${path}`, {headers: {authorization: `Bearer ${bearer}`}, signal: AbortSignal.timeout(100)}).catch((caught: unknown) => caught);
		expect((error as Error).name).toBe('TimeoutError');
		expect(fake.requests.at(-1)?.outcome).toBe('hang');
	});

	it('resets the connection', async () => {
		fake.faults.inject({on: 'path', path}, {kind: 'reset'});
		const error = await fetch(`${fake.url}${path}`, {headers: {authorization: `Bearer ${bearer}`}}).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(TypeError);
		expect(fake.requests.at(-1)).toMatchObject({status: null, outcome: 'reset', fault: 'reset'});
		fake.faults.inject({on: 'path', path}, {kind: 'reset'});
		expect((await rawGet(`${fake.url}${path}`, bearer)).error).toMatch(/ECONNRESET|socket hang up/);
	});

	it('truncates a body below its declared Content-Length', async () => {
		fake.faults.inject({on: 'path', path}, {kind: 'truncate'}, {times: 2});
		const raw = await rawGet(`${fake.url}${path}`, bearer);
		expect(raw.status).toBe(200);
		expect(raw.received).toBeLessThan(Number(raw.contentLength));
		expect(raw.error).toBeDefined();
		const response = await fetch(`${fake.url}${path}`, {headers: {authorization: `Bearer ${bearer}`}});
		expect(response.status).toBe(200);
		await expect(response.text()).rejects.toThrow();
		expect(fake.requests.at(-1)?.outcome).toBe('truncated');
	});

	it('sends a cut JSON body with a matching Content-Length', async () => {
		fake.faults.inject({on: 'path', path}, {kind: 'bad-json'});
		const response = await fetch(`${fake.url}${path}`, {headers: {authorization: `Bearer ${bearer}`}});
		expect(response.status).toBe(200);
		await expect(response.json()).rejects.toThrow(SyntaxError);
	});

	it('expires or revokes the current token mid-sync', async () => {
		fake.faults.inject({on: 'path', path}, {kind: 'expire-token'}, {skip: 1});
		expect((await get(fake, path, bearer)).status).toBe(200);
		const expired = await get(fake, path, bearer);
		expect(expired.status).toBe(401);
		expect(expired.headers.get('www-authenticate')).toContain('The access token expired');
		const fresh = await token(fake);
		expect((await get(fake, path, fresh)).status).toBe(200);
		fake.faults.inject({on: 'next'}, {kind: 'revoke-token'});
		expect((await get(fake, path, fresh)).headers.get('www-authenticate')).toContain('The access token was revoked');
	});

	it('logs every request with its number, query, status and outcome', async () => {
		fake.clearRequests();
		await get(fake, `${path}?page=2&per_page=5`, bearer);
		await get(fake, '/v2/campus/4077');
		const [first, second] = fake.requests;
		expect(first).toMatchObject({method: 'GET', path, query: {page: '2', per_page: '5'}, status: 200, outcome: 'ok', at: fake.clock.now()});
		expect(second?.status).toBe(401);
		expect((second?.n ?? 0) - (first?.n ?? 0)).toBe(1);
		expect(fake.counters()).toMatchObject({total: 2, v2: 2, token: 0, byStatus: {200: 1, 401: 1}, byPath: {[path]: 1, '/v2/campus/4077': 1}});
	});
});
