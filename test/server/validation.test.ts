/**
 * Bad input over a real socket: the 422 matrix (FastAPI's shape), malformed JSON 400, bodies over
 * the limit 413, unknown routes 404, and a list of hostile requests that must never get a 5xx.
 * A rejected batch writes nothing.
 */
import net from 'node:net';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {call, startTestServer, tempDir, type TestServer} from './helpers.js';

const NOW = Date.parse('2026-12-02T10:00:00Z');
let server: TestServer;
beforeAll(async () => {
	server = await startTestServer(['--db', path.join(tempDir(), 'store'), '--body-limit', '4096', '--batch-body-limit', '65536'], {clock: () => NOW});
});
afterAll(async () => server.close());

describe('422: the field and the reason, in FastAPI’s shape', () => {
	const cases: Array<[string, unknown, Array<{loc: unknown[]; type: string}>]> = [
		['missing fields', {}, [{loc: ['body', 'user_id'], type: 'missing'}, {loc: ['body', 'event_type'], type: 'missing'}]],
		['numeric user_id', {user_id: 5, event_type: 'x'}, [{loc: ['body', 'user_id'], type: 'string_type'}]],
		['metadata not an object', {user_id: 'a', event_type: 'x', metadata: [1]}, [{loc: ['body', 'metadata'], type: 'dict_type'}]],
		['metadata a string', {user_id: 'a', event_type: 'x', metadata: 'm'}, [{loc: ['body', 'metadata'], type: 'dict_type'}]],
		['empty event_type', {user_id: 'a', event_type: ''}, [{loc: ['body', 'event_type'], type: 'string_too_short'}]],
		['naive timestamp', {user_id: 'a', event_type: 'x', timestamp: '2026-01-01T10:00:00'}, [{loc: ['body', 'timestamp'], type: 'datetime_parsing'}]],
		['bad timestamp', {user_id: 'a', event_type: 'x', timestamp: '2026-02-30T10:00:00Z'}, [{loc: ['body', 'timestamp'], type: 'datetime_parsing'}]],
		['timestamp before 1990', {user_id: 'a', event_type: 'x', timestamp: '1989-12-31T23:59:59Z'}, [{loc: ['body', 'timestamp'], type: 'datetime_range'}]],
		['timestamp over a year ahead', {user_id: 'a', event_type: 'x', timestamp: '2028-01-01T00:00:00Z'}, [{loc: ['body', 'timestamp'], type: 'datetime_range'}]],
		['body an array', [{user_id: 'a', event_type: 'x'}], [{loc: ['body'], type: 'dict_type'}]],
		['body a number', 5, [{loc: ['body'], type: 'dict_type'}]],
	];
	for (const [name, body, issues] of cases) {
		it(`POST /events/ ${name}`, async () => {
			const reply = await call(`${server.url}/events/`, {body});
			expect(reply.status).toBe(422);
			expect(reply.json.detail).toHaveLength(issues.length);
			for (const issue of issues) expect(reply.json.detail).toContainEqual(expect.objectContaining(issue));
			for (const issue of reply.json.detail) expect(typeof issue.msg).toBe('string');
		});
	}

	const queries: Array<[string, unknown[], string]> = [
		['/stats/by-user?limit=-1', ['query', 'limit'], 'greater_than_equal'],
		['/stats/by-user?limit=0', ['query', 'limit'], 'greater_than_equal'],
		['/stats/by-user?limit=ten', ['query', 'limit'], 'int_parsing'],
		['/stats/over-time?days=0', ['query', 'days'], 'greater_than_equal'],
		['/stats/recent-activity?minutes=-5', ['query', 'minutes'], 'greater_than_equal'],
		['/events/?limit=1001', ['query', 'limit'], 'less_than_equal'],
		['/events/?skip=-1', ['query', 'skip'], 'greater_than_equal'],
		['/events/?from=yesterday', ['query', 'from'], 'value_error'],
		['/summary?days=0', ['query', 'days'], 'greater_than_equal'],
		['/summary?days=7&from=2026-11-01', ['query', 'days'], 'value_error'],
		['/summary?tz=Mars/Olympus', ['query', 'tz'], 'value_error'],
		['/sessions?cursor=zzz', ['query', 'cursor'], 'value_error'],
		['/sessions?open=maybe', ['query', 'open'], 'boolean_type'],
	];
	for (const [url, loc, type] of queries) {
		it(`GET ${url}`, async () => {
			const reply = await call(server.url + url);
			expect(reply.status).toBe(422);
			expect(reply.json.detail[0]).toMatchObject({loc, type});
		});
	}
});

describe('400, 413, 404', () => {
	it('malformed JSON is 400 with a JSON body', async () => {
		for (const body of ['{bad', '', '{"user_id": "a", "event_type": "x"', '{"__proto__": {"x": 1}, "user_id": "a", "event_type": "x"}']) {
			const reply = await call(`${server.url}/events/`, {body});
			expect(reply.status, body).toBe(400);
			expect(typeof reply.json.detail).toBe('string');
		}
	});

	it('a body over the route’s limit is 413 (single events and batches have their own limits)', async () => {
		const big = {user_id: 'a', event_type: 'x', metadata: {pad: 'p'.repeat(5000)}};
		const reply = await call(`${server.url}/events/`, {body: big});
		expect(reply.status).toBe(413);
		expect(reply.json.detail).toMatch(/4096 bytes/);
		// The same event fits the batch limit.
		expect((await call(`${server.url}/events/batch`, {body: [big]})).status).toBe(201);
		expect((await call(`${server.url}/events/batch`, {body: Array.from({length: 20}, () => big)})).status).toBe(413);
	});

	it('unknown routes are 404 with a JSON body', async () => {
		for (const url of ['/nope', '/events', '/stats', '/stats/user-activity/']) {
			const reply = await call(server.url + url);
			expect(reply.status, url).toBe(404);
			expect(reply.json.detail).toMatch(/Not Found/);
		}

		expect((await call(`${server.url}/stats/total`, {method: 'DELETE'})).status).toBe(404);
	});
});

describe('batches are all or nothing', () => {
	it('one bad event rejects the batch, names it, and writes nothing', async () => {
		const before = (await call(`${server.url}/stats/total`)).json.total_events as number;
		const reply = await call(`${server.url}/events/batch`, {body: [{user_id: 'a', event_type: 'x'}, {user_id: 'b'}, {user_id: 'c', event_type: 'y', timestamp: 'soon'}]});
		expect(reply.status).toBe(422);
		expect(reply.json.detail).toEqual([
			expect.objectContaining({loc: ['body', 1, 'event_type'], type: 'missing'}),
			expect.objectContaining({loc: ['body', 2, 'timestamp'], type: 'datetime_parsing'}),
		]);
		expect((await call(`${server.url}/stats/total`)).json.total_events).toBe(before);
		expect((await call(`${server.url}/events/batch`, {body: []})).status).toBe(422);
		expect((await call(`${server.url}/events/batch`, {body: {user_id: 'a'}})).status).toBe(422);
	});

	it('NDJSON bodies, with the bad line named', async () => {
		const ok = await call(`${server.url}/events/batch`, {
			body: '{"user_id":"n1","event_type":"x","timestamp":"2026-12-01T08:00:00+01:00"}\n\n{"user_id":"n2","event_type":"y"}\n',
			headers: {'content-type': 'application/x-ndjson'},
		});
		expect(ok.status).toBe(201);
		expect(ok.json.count).toBe(2);
		expect(ok.json.last_id - ok.json.first_id).toBe(1);
		const listed = (await call(`${server.url}/events/?user_id=n1`)).json;
		expect(listed[0].timestamp).toBe('2026-12-01T07:00:00.000Z');
		const bad = await call(`${server.url}/events/batch`, {body: '{"user_id":"n3","event_type":"x"}\n{oops\n', headers: {'content-type': 'application/x-ndjson'}});
		expect(bad.status).toBe(400);
		expect(bad.json.detail).toMatch(/line 2/);
	});
});

/** Sends raw bytes and returns the status line (or '' when the server closed the connection). */
async function raw(bytes: string): Promise<string> {
	const {port} = new URL(server.url);
	return new Promise((resolve) => {
		const socket = net.connect(Number(port), '127.0.0.1');
		let data = '';
		socket.on('data', (chunk) => (data += chunk.toString('latin1')));
		socket.on('error', () => resolve(data.split('\r\n')[0] ?? ''));
		socket.on('close', () => resolve(data.split('\r\n')[0] ?? ''));
		socket.end(bytes);
		setTimeout(() => socket.destroy(), 3000).unref();
	});
}

describe('hostile requests never get a 5xx', () => {
	it('a list of malformed requests', async () => {
		const bodies = [
			'null',
			'true',
			'"text"',
			'[[[[[[[[[[]]]]]]]]]]',
			'{"user_id": null, "event_type": null}',
			'{"user_id": "a", "event_type": "x", "metadata": {"constructor": {"prototype": {"x": 1}}}}',
			'{"user_id": "\\u0000\\u001b[31m", "event_type": "\\ud800"}',
			'{"user_id": "a", "event_type": "x", "timestamp": 1e400}',
			'{"user_id": "a", "event_type": "x", "timestamp": "+275760-09-13T00:00:01Z"}',
			'\u00ff\u00fe',
		];
		for (const body of bodies) {
			for (const url of ['/events/', '/events/batch', '/api/usage-summary']) {
				const reply = await call(server.url + url, {body});
				expect(reply.status, `${url} ${body}`).toBeLessThan(500);
				expect(reply.status, `${url} ${body}`).toBeGreaterThanOrEqual(200);
			}
		}

		for (const url of ['/events/?limit=1e3', '/events/?skip=99999999999999999999', '/stats/over-time?days=99999999', '/hosts/%ZZ', '/users/%00', '/sessions?limit=', '/summary?from=2026-13-40', '/events/?from=2026-01-01&to=2025-01-01', '/stats/user-activity/%F0%9F%92%A9']) {
			const reply = await call(server.url + url);
			expect(reply.status, url).toBeLessThan(500);
		}

		for (const request of [
			'GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
			'POST /events/ HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10\r\n\r\n{"a"',
			'BREW /coffee HTTP/1.1\r\nHost: x\r\n\r\n',
			'GET /\u0001 HTTP/1.1\r\n\r\n',
		]) {
			const status = await raw(request);
			expect(status, request).not.toMatch(/ 5\d\d /);
		}

		// Still serving.
		expect((await call(`${server.url}/stats/total`)).status).toBe(200);
		expect(server.stderr()).not.toMatch(/unexpected error/);
	});

	it('strings are stored as sent', async () => {
		const weird = {user_id: 'ünï\u001b[31mcode', event_type: 'a\tb', metadata: {'k\u0000': '\u2028'}};
		const created = await call(`${server.url}/events/`, {body: weird});
		expect(created.status).toBe(201);
		const [listed] = (await call(`${server.url}/events/?user_id=${encodeURIComponent(weird.user_id)}`)).json;
		expect(listed).toMatchObject(weird);
	});
});
