/**
 * The dashboard plugin over HTTP (no browser): content negotiation at `GET /`, the specs API,
 * the assets, and the Content-Security-Policy.
 */
import Fastify from 'fastify';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {compile} from 'vega-lite';
import {CONTENT_SECURITY_POLICY, DASHBOARD_CHARTS, registerDashboard, type DashboardSpecs} from '../../source/server/dashboard/index.js';
import {startDashboardServer, type DashboardTestServer} from '../helpers/dashboard-server.js';

const NOW = Date.parse('2026-11-22T15:00:00Z');
let server: DashboardTestServer;

beforeAll(async () => {
	server = await startDashboardServer({now: NOW});
});

afterAll(async () => {
	await server.close();
});

describe('dashboard plugin', () => {
	it('GET / gives browsers the page and JSON clients the index', async () => {
		const html = await server.app.inject({method: 'GET', url: '/', headers: {accept: 'text/html,application/xhtml+xml,*/*;q=0.8'}});
		expect(html.statusCode).toBe(200);
		expect(html.headers['content-type']).toBe('text/html; charset=utf-8');
		expect(html.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
		expect(html.body).toContain('<title>bigstat42 · Demo Campus</title>');
		for (const id of DASHBOARD_CHARTS) expect(html.body).toContain(`id="chart-${id}"`);
		const json = await server.app.inject({method: 'GET', url: '/', headers: {accept: 'application/json'}});
		expect(json.headers['content-type']).toMatch(/^application\/json/);
		expect(json.json()).toMatchObject({name: 'bigstat42', campus: 'Demo Campus'});
		const none = await server.app.inject({method: 'GET', url: '/'});
		expect(none.json()).toMatchObject({name: 'bigstat42'});
	});

	it('the policy allows only the server itself: no inline script or style, no eval, no other origin', () => {
		expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
		expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
		expect(CONTENT_SECURITY_POLICY).toContain("connect-src 'self'");
		expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe|https?:|\*/);
	});

	it('the page references only local assets, each served with its type', async () => {
		const html = (await server.app.inject({method: 'GET', url: '/dashboard'})).body;
		expect(html).not.toMatch(/<script>|<style>|\sstyle="|\son[a-z]+="/);
		const references = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);
		expect(references).toEqual([
			'/dashboard/assets/favicon.svg',
			'/dashboard/assets/dashboard.css',
			'/dashboard/assets/DejaVuSans.ttf',
			'/dashboard/assets/DejaVuSans-Bold.ttf',
			'/dashboard/assets/dashboard.js',
			'/dashboard/assets/vega.min.js',
			'/dashboard/assets/vega-embed.min.js',
		]);
		for (const reference of [...references, '/dashboard/assets/DejaVuSans.ttf', '/dashboard/assets/DejaVuSans-Bold.ttf']) {
			const response = await server.app.inject({method: 'GET', url: reference});
			expect(response.statusCode, reference).toBe(200);
			expect(response.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
			expect(response.headers['content-type'], reference).toMatch(reference.endsWith('.js') ? /^text\/javascript/ : reference.endsWith('.css') ? /^text\/css/ : reference.endsWith('.svg') ? /^image\/svg\+xml/ : /^font\/ttf/);
			expect(response.rawPayload.length).toBeGreaterThan(200);
		}

		const css = (await server.app.inject({method: 'GET', url: '/dashboard/assets/dashboard.css'})).body;
		expect(css).not.toMatch(/https?:\/\//);
		for (const bad of ['/dashboard/assets/..%2Fpackage.json', '/dashboard/assets/package.json', '/dashboard/assets/__proto__']) {
			expect((await server.app.inject({method: 'GET', url: bad})).statusCode, bad).toBe(404);
		}
	});

	it('GET /dashboard/specs gives the five specs of a range, each valid Vega-Lite', async () => {
		const response = await server.app.inject({method: 'GET', url: '/dashboard/specs?range=30d'});
		expect(response.statusCode).toBe(200);
		const doc = response.json<DashboardSpecs>();
		expect(doc.range).toBe('30d');
		expect(doc.campus).toBe('Demo Campus');
		expect(doc.charts.map((chart) => chart.id)).toEqual([...DASHBOARD_CHARTS]);
		for (const chart of doc.charts) expect(compile(chart.spec as never).spec.marks?.length ?? 0, chart.id).toBeGreaterThan(0);
		const subtitle = (doc.charts[0]!.spec['title'] as {subtitle: string[]}).subtitle[0];
		expect(subtitle).toBe('Demo Campus · 2026-10-24 – 2026-11-22 · Europe/Paris');
		const week = (await server.app.inject({method: 'GET', url: '/dashboard/specs'})).json<DashboardSpecs>();
		expect(week.range).toBe('7d');
		expect((await server.app.inject({method: 'GET', url: '/dashboard/specs?range=2w'})).statusCode).toBe(400);
	});

	it('format=vega gives the same specs compiled to Vega on the server (what the page draws, so it loads no vega-lite)', async () => {
		const lite = (await server.app.inject({method: 'GET', url: '/dashboard/specs?range=30d'})).json<DashboardSpecs>();
		const response = await server.app.inject({method: 'GET', url: '/dashboard/specs?range=30d&format=vega'});
		expect(response.statusCode).toBe(200);
		const doc = response.json<DashboardSpecs>();
		expect(doc.charts.map((chart) => chart.id)).toEqual([...DASHBOARD_CHARTS]);
		for (const [index, chart] of doc.charts.entries()) {
			expect(String(chart.spec['$schema']), chart.id).toMatch(/vega\/v\d/);
			expect(String(chart.spec['$schema']), chart.id).not.toMatch(/vega-lite/);
			expect(chart.spec, chart.id).toEqual(JSON.parse(JSON.stringify(compile(lite.charts[index]!.spec as never).spec)));
		}

		expect((await server.app.inject({method: 'GET', url: '/dashboard/specs?format=png'})).statusCode).toBe(400);
	});

	it('without setHtmlIndex the plugin still answers only the text/html requests of GET /', async () => {
		const app = Fastify();
		registerDashboard(app, {getChartData: () => ({campus: 'x', summary: undefined as never})});
		app.get('/', async () => ({index: true}));
		const html = await app.inject({method: 'GET', url: '/', headers: {accept: 'text/html'}});
		expect(html.headers['content-type']).toBe('text/html; charset=utf-8');
		expect((await app.inject({method: 'GET', url: '/', headers: {accept: 'application/json'}})).json()).toEqual({index: true});
		expect((await app.inject({method: 'GET', url: '/?x=1', headers: {accept: 'text/html'}})).headers['content-type']).toBe('text/html; charset=utf-8');
		await app.close();
	});
});
