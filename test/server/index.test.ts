/**
 * GET /: the JSON index for JSON clients; a registered HTML handler (the dashboard plugin) answers
 * clients that accept text/html. /openapi.json and /docs are served locally.
 */
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {buildServer} from '../../source/server/app.js';
import {DataAccess} from '../../source/server/data-access.js';
import {EventLog} from '../../source/server/event-log.js';
import {generateDemo} from '../../source/core/demo.js';
import {call, startTestServer, tempDir} from './helpers.js';

describe('GET /', () => {
	it('defers to the HTML handler a plugin registers, for browsers only', async () => {
		const now = Date.parse('2026-12-02T10:00:00Z');
		const demo = generateDemo({now});
		const log = new EventLog({initial: demo.events, timeZone: demo.campus.timeZone, clock: () => now});
		const data = new DataAccess({sessions: demo.sessions, campus: demo.campus, timeZone: demo.campus.timeZone, events: () => log.table(), clock: () => now});
		const seen: number[] = [];
		const app = await buildServer({
			log,
			data,
			clock: () => now,
			timeZone: demo.campus.timeZone,
			mode: 'demo',
			startedAt: now,
			logLevel: 'silent',
			plugins: [
				(instance, context) => {
					seen.push(context.log.size);
					instance.setHtmlIndex(async (_request, reply) => reply.type('text/html; charset=utf-8').send('<!doctype html><title>dashboard</title>'));
				},
			],
		});
		await app.listen({host: '127.0.0.1', port: 0});
		try {
			const address = app.server.address();
			const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
			expect(seen).toEqual([demo.events.size]);
			const html = await call(`${url}/`, {headers: {accept: 'text/html,application/xhtml+xml'}});
			expect(html.headers.get('content-type')).toMatch(/text\/html/);
			expect(html.text).toContain('<title>dashboard</title>');
			const json = await call(`${url}/`, {headers: {accept: 'application/json'}});
			expect(json.json).toMatchObject({name: 'bigstat42', mode: 'demo', events: demo.events.size});
		} finally {
			await app.close();
		}
	});

	it('without a dashboard browsers get the JSON index; the OpenAPI document and the docs page are local', async () => {
		const server = await startTestServer(['--db', path.join(tempDir(), 'store')]);
		try {
			const index = await call(`${server.url}/`, {headers: {accept: 'text/html'}});
			expect(index.json.endpoints).toContain('GET /stats/total');
			const openapi = (await call(`${server.url}/openapi.json`)).json;
			expect(openapi.openapi).toMatch(/^3\./);
			for (const route of ['/events/', '/events/batch', '/stats/total', '/stats/by-user', '/api/usage-summary', '/health', '/summary', '/sessions', '/hosts/{host}', '/users/{login}']) {
				expect(openapi.paths[route], route).toBeDefined();
			}

			expect(openapi.paths['/stats/by-user'].get.parameters).toContainEqual(expect.objectContaining({name: 'limit', in: 'query'}));
			const docs = await call(`${server.url}/docs/`);
			expect(docs.status).toBe(200);
			expect(docs.text).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)[^"']*\.(js|css)/);
			const asset = /src="\.?\/?([^"]*swagger-ui-bundle\.js)"/.exec(docs.text)?.[1];
			expect(asset).toBeDefined();
			expect((await call(`${server.url}/docs/${asset!.replace(/^docs\//, '')}`)).status).toBe(200);
		} finally {
			await server.close();
		}
	});
});
