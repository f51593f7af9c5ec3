/**
 * Auth, CORS and rate limits. Loopback clients are tested over a real socket; clients off the
 * loopback through Fastify's inject with another remote address (servers in tests bind
 * 127.0.0.1 only).
 */
import {writeFileSync, chmodSync} from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {UsageError} from '../../source/commands/types.js';
import {call, startTestServer, tempDir, type TestServer} from './helpers.js';

const TOKEN = 'sekrit-token-0123456789abcdef';
let server: TestServer | undefined;
afterEach(async () => {
	await server?.close();
	server = undefined;
});

function tokenFile(text = `${TOKEN}\n`): string {
	const file = path.join(tempDir(), 'token');
	writeFileSync(file, text);
	chmodSync(file, 0o600);
	return file;
}

const event = {user_id: 'a', event_type: 'x'};

describe('auth', () => {
	it('refuses to listen off the loopback without a token', async () => {
		await expect(startTestServer(['--demo', '--host', '0.0.0.0'])).rejects.toThrow(UsageError);
		await expect(startTestServer(['--demo', '--host', '0.0.0.0'])).rejects.toThrow(/without a token/);
		await expect(startTestServer(['--demo', '--token-file', tokenFile('\n')])).rejects.toThrow(/one token/);
	});

	it('with a token: the matrix of writes and reads, loopback and not', async () => {
		server = await startTestServer(['--db', path.join(tempDir(), 'store'), '--token-file', tokenFile()]);
		const good = {authorization: `Bearer ${TOKEN}`};
		// Loopback over the socket: writes need the token, reads do not.
		const noToken = await call(`${server.url}/events/`, {body: event});
		expect(noToken.status).toBe(401);
		expect(noToken.headers.get('www-authenticate')).toBe('Bearer');
		expect((await call(`${server.url}/events/`, {body: event, headers: {authorization: 'Bearer wrong'}})).status).toBe(401);
		expect((await call(`${server.url}/events/`, {body: event, headers: {authorization: `Bearer ${TOKEN}x`}})).status).toBe(401);
		expect((await call(`${server.url}/events/`, {body: event, headers: {authorization: TOKEN}})).status).toBe(401);
		expect((await call(`${server.url}/events/batch`, {body: [event]})).status).toBe(401);
		expect((await call(`${server.url}/events/`, {body: event, headers: good})).status).toBe(201);
		expect((await call(`${server.url}/events/batch`, {body: [event], headers: {authorization: `bearer ${TOKEN}`}})).status).toBe(201);
		expect((await call(`${server.url}/stats/total`)).json.total_events).toBe(2);
		// A rejected write stored nothing; the usage summary is a computation, not a write.
		expect((await call(`${server.url}/api/usage-summary`, {body: [{user_id: 'a', timestamp: '2025-01-01T00:00:00Z', action_type: 'x'}]})).status).toBe(200);

		// Off the loopback: reads need the token too.
		const inject = async (url: string, headers: Record<string, string> = {}) =>
			(await server!.app.inject({method: 'GET', url, headers, remoteAddress: '10.1.2.3'})).statusCode;
		expect(await inject('/stats/total')).toBe(401);
		expect(await inject('/events/')).toBe(401);
		expect(await inject('/health')).toBe(401);
		expect(await inject('/stats/total', good)).toBe(200);
		const offWrite = await server.app.inject({method: 'POST', url: '/events/', payload: event, remoteAddress: '10.1.2.3'});
		expect(offWrite.statusCode).toBe(401);

		// The token appears in no log line and no response.
		const texts = [noToken.text, offWrite.body, server.stderr()];
		for (const text of texts) expect(text).not.toContain(TOKEN);
		expect(server.stderr()).toMatch(/"status":401/);
	});

	it('--public-read: reads off the loopback without the token, writes still need it; BIGSTAT42_TOKEN works too', async () => {
		server = await startTestServer(['--demo', '--public-read'], {env: {BIGSTAT42_TOKEN: TOKEN}});
		expect((await server.app.inject({method: 'GET', url: '/stats/total', remoteAddress: '192.168.7.7'})).statusCode).toBe(200);
		expect((await server.app.inject({method: 'POST', url: '/events/', payload: event, remoteAddress: '192.168.7.7'})).statusCode).toBe(401);
		expect((await call(`${server.url}/events/`, {body: event, headers: {authorization: `Bearer ${TOKEN}`}})).status).toBe(201);
		expect(server.stderr()).not.toContain(TOKEN);
	});

	it('without a token nothing needs one (loopback only)', async () => {
		server = await startTestServer(['--demo']);
		expect((await call(`${server.url}/events/`, {body: event})).status).toBe(201);
	});
});

describe('CORS', () => {
	it('off by default: no CORS headers, preflight not answered', async () => {
		server = await startTestServer(['--demo']);
		const reply = await call(`${server.url}/stats/total`, {headers: {origin: 'https://evil.example'}});
		expect(reply.headers.get('access-control-allow-origin')).toBeNull();
		const preflight = await call(`${server.url}/events/`, {method: 'OPTIONS', headers: {origin: 'https://evil.example', 'access-control-request-method': 'POST'}});
		expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
		expect(preflight.status).toBe(404);
	});

	it('--cors ORIGIN allows that one origin only', async () => {
		server = await startTestServer(['--demo', '--cors', 'https://dash.example.org']);
		const allowed = await call(`${server.url}/stats/total`, {headers: {origin: 'https://dash.example.org'}});
		expect(allowed.headers.get('access-control-allow-origin')).toBe('https://dash.example.org');
		expect(allowed.headers.get('vary')).toMatch(/Origin/);
		const preflight = await call(`${server.url}/events/`, {method: 'OPTIONS', headers: {origin: 'https://dash.example.org', 'access-control-request-method': 'POST'}});
		expect(preflight.status).toBe(204);
		expect(preflight.headers.get('access-control-allow-headers')).toMatch(/authorization/);
		const other = await call(`${server.url}/stats/total`, {headers: {origin: 'https://evil.example'}});
		expect(other.headers.get('access-control-allow-origin')).toBeNull();
		await expect(startTestServer(['--demo', '--cors', '*'])).rejects.toThrow(/one origin/);
	});
});

describe('rate limit', () => {
	it('off for loopback clients by default, on for others: 429 with Retry-After', async () => {
		server = await startTestServer(['--demo', '--rate-limit', '3/1m']);
		for (let i = 0; i < 6; i++) expect((await call(`${server.url}/stats/total`)).status).toBe(200);
		const statuses: number[] = [];
		let last;
		for (let i = 0; i < 4; i++) {
			last = await server.app.inject({method: 'GET', url: '/stats/total', remoteAddress: '10.9.9.9'});
			statuses.push(last.statusCode);
		}

		expect(statuses).toEqual([200, 200, 200, 429]);
		expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
		expect(JSON.parse(last!.body).detail).toMatch(/too many requests/);
		// Another client has its own budget.
		expect((await server.app.inject({method: 'GET', url: '/stats/total', remoteAddress: '10.9.9.10'})).statusCode).toBe(200);
	});

	it('--rate-limit-loopback limits loopback clients too', async () => {
		server = await startTestServer(['--demo', '--rate-limit', '2/1m', '--rate-limit-loopback']);
		const statuses = [];
		for (let i = 0; i < 3; i++) statuses.push((await call(`${server.url}/stats/total`)).status);
		expect(statuses).toEqual([200, 200, 429]);
		await expect(startTestServer(['--demo', '--rate-limit', 'lots'])).rejects.toThrow(/600\/1m/);
	});
});
