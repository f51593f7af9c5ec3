/**
 * The originals' documented examples against a listening server: the Mini Analytics sample, the
 * stadistics-by-cuzzi README's curl examples and its "Automated Testing" script.
 */
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {call, startTestServer, tempDir, type TestServer} from './helpers.js';

const sample = readFileSync(new URL('../fixtures/stats/usage-summary-sample.json', import.meta.url), 'utf8');
const NOW = Date.parse('2026-12-02T10:00:00Z');

let server: TestServer | undefined;
afterEach(async () => {
	await server?.close();
	server = undefined;
});

describe('Mini Analytics', () => {
	it('POST /api/usage-summary: the documented sample (3 users; login 4, logout 1, purchase 1, view 2; alice and bob with 3; hour 9 with 6)', async () => {
		server = await startTestServer(['--db', path.join(tempDir(), 'store')], {clock: () => NOW});
		for (const url of ['/api/usage-summary', '/usage-summary']) {
			const reply = await call(server.url + url, {body: sample});
			expect(reply.status).toBe(200);
			expect(reply.json).toMatchObject({
				unique_users: ['alice', 'bob', 'charlie'],
				action_wise_counts: {login: 4, logout: 1, purchase: 1, view: 2},
				most_active_user: {keys: ['alice', 'bob'], count: 3},
				peak_activity_hour: {hours: [9], count: 6},
				total_events: 8,
				message: 'Usage summary generated successfully',
			});
			expect(Object.keys(reply.json.action_wise_counts)).toEqual(['login', 'logout', 'purchase', 'view']);
		}

		// Nothing was stored: the usage summary is a computation.
		expect((await call(`${server.url}/stats/total`)).json.total_events).toBe(0);
	});

	it('bad input answers 400 with the record and the reason, never 500', async () => {
		server = await startTestServer(['--demo'], {clock: () => NOW});
		const cases: Array<[string, RegExp]> = [
			['[]', /empty/],
			['{"user_id": "a"}', /JSON array/],
			['[{"user_id": "a", "timestamp": "2025-09-23T09:00:00Z"}]', /missing "action_type"/],
			['[{"user_id": "a", "timestamp": "2025-09-23T09:00:00", "action_type": "x"}]', /no UTC offset/],
			['[{"user_id": "a", "timestamp": 5, "action_type": "x"}]', /ISO-8601/],
		];
		for (const [body, reason] of cases) {
			const reply = await call(`${server.url}/api/usage-summary`, {body});
			expect(reply.status, body).toBe(400);
			expect(reply.json.message).toBe('Invalid input: nothing was summarised');
			expect(reply.json.detail[0].msg).toMatch(reason);
		}

		const located = await call(`${server.url}/api/usage-summary`, {body: '[{"user_id": "a", "timestamp": "2025-09-23T09:00:00Z", "action_type": "x"}, {"user_id": "b"}]'});
		expect(located.json.detail[0].loc).toEqual(['body', 1]);
		expect((await call(`${server.url}/api/usage-summary`, {body: '[{'})).status).toBe(400);
	});

	it('GET /health and /api/health report the store', async () => {
		server = await startTestServer(['--db', path.join(tempDir(), 'store')], {clock: () => NOW});
		await call(`${server.url}/events/`, {body: {user_id: 'a', event_type: 'x'}});
		for (const url of ['/health', '/api/health']) {
			const reply = await call(server.url + url);
			expect(reply.status).toBe(200);
			expect(reply.json).toMatchObject({status: 'ok', mode: 'store', store: {readable: true, writable: true, generation: 1}, records: {events: 1, sessions: 0}});
			expect(reply.json.store.free_bytes).toBeGreaterThan(0);
			expect(reply.json.store.last_commit_at).toMatch(/Z$/);
		}
	});
});

describe('stadistics-by-cuzzi', () => {
	it('the README curl examples', async () => {
		server = await startTestServer(['--db', path.join(tempDir(), 'store')], {clock: () => NOW});
		const created = await call(`${server.url}/events/`, {
			body: '{\n    "user_id": "user_123",\n    "event_type": "login",\n    "metadata": {\n      "ip": "192.168.1.1",\n      "device": "mobile",\n      "browser": "Chrome"\n    }\n  }',
		});
		// The original stored the row and answered 500; here: 201 with the stored event.
		expect(created.status).toBe(201);
		expect(created.json).toEqual({
			id: 2 ** 51 + 1,
			user_id: 'user_123',
			event_type: 'login',
			timestamp: '2026-12-02T10:00:00.000Z',
			metadata: {ip: '192.168.1.1', device: 'mobile', browser: 'Chrome'},
		});
		expect((await call(`${server.url}/stats/total`)).json).toEqual({total_events: 1, unique_users: 1, unique_event_types: 1});
		expect((await call(`${server.url}/stats/by-event-type`)).json).toEqual([{event_type: 'login', count: 1}]);
		expect((await call(`${server.url}/events/?user_id=user_123`)).json).toEqual([created.json]);
		expect((await call(`${server.url}/events/?user_id=user_123&limit=10`)).json).toEqual([created.json]);
		expect((await call(`${server.url}/stats/recent-activity?minutes=60`)).json).toEqual({
			time_window_minutes: 60,
			total_events: 1,
			by_type: [{event_type: 'login', count: 1}],
		});
		expect((await call(`${server.url}/stats/by-user?limit=5`)).json).toEqual([{user_id: 'user_123', count: 1}]);
		expect((await call(`${server.url}/stats/user-activity/user_123`)).json).toEqual({
			user_id: 'user_123',
			total_events: 1,
			events_by_type: [{event_type: 'login', count: 1}],
			first_event_at: '2026-12-02T10:00:00.000Z',
			last_event_at: '2026-12-02T10:00:00.000Z',
		});
		// Unknown user: zeros, 200, as the original.
		expect((await call(`${server.url}/stats/user-activity/nobody`)).json).toEqual({
			user_id: 'nobody',
			total_events: 0,
			events_by_type: [],
			first_event_at: null,
			last_event_at: null,
		});
		// The original's GET / crashed with 500.
		const index = await call(`${server.url}/`);
		expect(index.status).toBe(200);
		expect(index.json.endpoints).toContain('POST /events/');
	});

	it('the README "Automated Testing" script: 5 events of user_{i%3}, [login, click, purchase][i%3]', async () => {
		let now = NOW;
		server = await startTestServer(['--db', path.join(tempDir(), 'store')], {clock: () => now});
		for (let i = 0; i < 5; i++) {
			const reply = await call(`${server.url}/events/`, {
				body: {user_id: `user_${i % 3}`, event_type: ['login', 'click', 'purchase'][i % 3], metadata: {test: true, index: i}},
			});
			expect(reply.status).toBe(201);
			now += 100;
		}

		expect((await call(`${server.url}/stats/total`)).json).toEqual({total_events: 5, unique_users: 3, unique_event_types: 3});
		// click and login tie at 2: count desc, then type asc.
		expect((await call(`${server.url}/stats/by-event-type`)).json).toEqual([
			{event_type: 'click', count: 2},
			{event_type: 'login', count: 2},
			{event_type: 'purchase', count: 1},
		]);
		expect((await call(`${server.url}/stats/by-user?limit=10`)).json).toEqual([
			{user_id: 'user_0', count: 2},
			{user_id: 'user_1', count: 2},
			{user_id: 'user_2', count: 1},
		]);
		expect((await call(`${server.url}/stats/over-time?days=7`)).json).toEqual([{date: '2026-12-02', count: 5}]);
		const events = (await call(`${server.url}/events/`)).json as Array<{id: number; metadata: {index: number}}>;
		expect(events.map((event) => event.metadata.index)).toEqual([0, 1, 2, 3, 4]);
		expect(events.map((event) => event.id)).toEqual([1, 2, 3, 4, 5].map((n) => 2 ** 51 + n));
		// skip / limit in (timestamp, id) order; event_metadata is accepted as the original's clients send it.
		expect(((await call(`${server.url}/events/?skip=1&limit=2`)).json as Array<{metadata: {index: number}}>).map((event) => event.metadata.index)).toEqual([1, 2]);
		const legacy = await call(`${server.url}/events/`, {body: {user_id: 'u', event_type: 'x', event_metadata: {old: 1}}});
		expect(legacy.json.metadata).toEqual({old: 1});
	});

	it('over-time: calendar days of the campus zone, future events not counted until their time comes', async () => {
		let now = Date.parse('2026-12-02T22:30:00Z');
		server = await startTestServer(['--db', path.join(tempDir(), 'store'), '--tz', 'Europe/Paris'], {clock: () => now});
		const batch = [
			{user_id: 'a', event_type: 'x', timestamp: '2026-12-02T22:10:00Z'}, // 23:10 Paris, 2 Dec
			{user_id: 'a', event_type: 'x', timestamp: '2026-12-02T23:10:00Z'}, // 00:10 Paris, 3 Dec, future
			{user_id: 'b', event_type: 'y', timestamp: '2026-11-30T23:30:00+00:00'}, // 00:30 Paris, 1 Dec
		];
		expect((await call(`${server.url}/events/batch`, {body: batch})).status).toBe(201);
		expect((await call(`${server.url}/stats/over-time?days=3&include_empty=true`)).json).toEqual([
			{date: '2026-11-30', count: 0},
			{date: '2026-12-01', count: 1},
			{date: '2026-12-02', count: 1},
		]);
		expect((await call(`${server.url}/stats/total`)).json.total_events).toBe(2);
		now = Date.parse('2026-12-02T23:10:00Z');
		expect((await call(`${server.url}/stats/total`)).json.total_events).toBe(3);
		expect((await call(`${server.url}/stats/over-time?days=1`)).json).toEqual([{date: '2026-12-03', count: 1}]);
	});
});
