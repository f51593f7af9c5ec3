/**
 * The web dashboard, as a Fastify 5 plugin: `registerDashboard(app, {getChartData})`.
 *
 * Routes it adds:
 * - `GET /` for browsers (Accept names text/html): the page. JSON clients keep the server's index:
 *   when the server offers `app.setHtmlIndex(handler)` (bigstat42 serve does) the page is handed to
 *   it; otherwise an onRequest hook answers only the text/html requests of `GET /`.
 * - `GET /dashboard` the same page, whatever the Accept header.
 * - `GET /dashboard/specs?range=1d|7d|30d|90d|all` (default 7d): `{campus, range, generatedAt,
 *   charts: [{id, spec}]}` — the Vega-Lite specs of DASHBOARD_CHARTS, built by source/charts from
 *   `getChartData(range)`, so the page and the PNG/SVG files come from one module.
 * - `GET /dashboard/assets/:name`: the page's script and style, the vega / vega-lite / vega-embed
 *   browser builds from their npm packages and the DejaVu Sans font. Nothing is loaded from outside.
 *
 * Every response of these routes carries a Content-Security-Policy allowing only the server's own
 * origin ('self'); no inline script or style, no eval (vega-embed runs with Vega's interpreter).
 * Live updates: the page listens to `GET /events/stream` (Server-Sent Events of the server) and
 * fetches the specs again after each committed event.
 */
import type {FastifyInstance, FastifyReply, FastifyRequest} from 'fastify';
import {DASHBOARD_CHARTS, chartLabel, chartSpec, type ChartData, type ChartSize, type DashboardChartId, type VegaLiteSpec} from '../../charts/specs.js';
import {RANGE_PRESETS, type RangePreset} from '../../app/window.js';
import {loadAsset} from './assets.js';
import {ASSET_PATH, dashboardHtml} from './page.js';

export {DASHBOARD_CHARTS, type DashboardChartId} from '../../charts/specs.js';
export {ASSET_PATH} from './page.js';

/** The dashboard's ranges: the TUI's presets. */
export const DASHBOARD_RANGES: readonly RangePreset[] = RANGE_PRESETS;

/** The range the page opens on without ?range=. */
export const DEFAULT_RANGE: DashboardRange = '7d';
export type DashboardRange = RangePreset;

export type DashboardOptions = {
	/** The statistics of a range (the server's data at the time of the call). */
	getChartData(range: DashboardRange): ChartData | Promise<ChartData>;
	/** Page title. @default 'bigstat42 dashboard' */
	readonly title?: string;
};

/** The policy of every dashboard response: the server's own origin only. */
export const CONTENT_SECURITY_POLICY = [
	"default-src 'none'",
	"script-src 'self'",
	"style-src 'self'",
	"img-src 'self' data:",
	"font-src 'self'",
	"connect-src 'self'",
	"base-uri 'none'",
	"form-action 'none'",
	"frame-ancestors 'none'",
].join('; ');

/** Chart sizes on the page (CSS pixels); the heatmap spans the grid's width. */
const PAGE_SIZES: Readonly<Record<DashboardChartId, ChartSize>> = {
	events_by_type: {width: 600, height: 380},
	events_daily: {width: 600, height: 380},
	usage_heatmap_day_hour: {width: 1236, height: 420},
	top_hosts: {width: 600, height: 460},
	open_now: {width: 600, height: 240},
};

/** The JSON document of `GET /dashboard/specs`. */
export type DashboardSpecs = {
	readonly campus: string;
	readonly range: DashboardRange;
	readonly generatedAt: string;
	readonly charts: ReadonlyArray<{readonly id: DashboardChartId; readonly spec: Record<string, unknown>}>;
};

/** The specs of the page for one range (pure apart from `getChartData`). */
export async function dashboardSpecs(options: DashboardOptions, range: DashboardRange, now = Date.now(), format: SpecFormat = 'vega-lite'): Promise<DashboardSpecs> {
	const [data, compile] = await Promise.all([options.getChartData(range), format === 'vega' ? vegaLiteCompiler() : null]);
	return {
		campus: chartLabel(data.campus),
		range,
		generatedAt: new Date(now).toISOString(),
		charts: DASHBOARD_CHARTS.map((id) => {
			const spec = chartSpec(id, data, {size: PAGE_SIZES[id]});
			return {id, spec: compile ? compile(spec) : (spec as unknown as Record<string, unknown>)};
		}),
	};
}

/** `vega-lite` the grammar of source/charts; `vega` the same specs compiled to Vega on the server (the page draws those: it then loads no vega-lite script). */
export type SpecFormat = 'vega-lite' | 'vega';

let compiler: Promise<(spec: VegaLiteSpec) => Record<string, unknown>> | undefined;

/** vega-lite's compile, imported on first use (the dashboard plugin starts the import when it registers). */
function vegaLiteCompiler(): Promise<(spec: VegaLiteSpec) => Record<string, unknown>> {
	compiler ??= import('vega-lite').then(({compile}) => (spec) => compile(spec as unknown as Parameters<typeof compile>[0]).spec as unknown as Record<string, unknown>);
	return compiler;
}

/** True when the Accept header names text/html (a browser's navigation). */
export function acceptsHtml(accept: string | undefined): boolean {
	return /\btext\/html\b/i.test(accept ?? '');
}

function secure(reply: FastifyReply): FastifyReply {
	return reply.header('content-security-policy', CONTENT_SECURITY_POLICY).header('x-content-type-options', 'nosniff').header('referrer-policy', 'no-referrer');
}

type HtmlIndexServer = FastifyInstance & {setHtmlIndex?: (handler: (request: FastifyRequest, reply: FastifyReply) => unknown) => void};

/** Adds the dashboard's routes to `app` (call before `app.ready()`). */
export function registerDashboard(app: FastifyInstance, options: DashboardOptions): void {
	// The page asks for Vega specs: have the compiler ready before the first browser does, and
	// draw the default range once in the background when the server is ready, so the first
	// visitor does not pay for cold code (the answer itself is computed again for them).
	void vegaLiteCompiler().catch(() => undefined);
	app.addHook('onReady', async () => {
		setTimeout(() => {
			dashboardSpecs(options, DEFAULT_RANGE, Date.now(), 'vega').catch(() => undefined);
		}, 0).unref();
	});
	const html = dashboardHtml(options.title ?? 'bigstat42 dashboard', DASHBOARD_CHARTS, DASHBOARD_RANGES);
	const page = async (_request: FastifyRequest, reply: FastifyReply) => secure(reply).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);

	const server = app as HtmlIndexServer;
	if (typeof server.setHtmlIndex === 'function') {
		server.setHtmlIndex(page);
	} else {
		app.addHook('onRequest', async (request, reply) => {
			if (request.method === 'GET' && request.url.split('?')[0] === '/' && acceptsHtml(request.headers.accept)) return page(request, reply);
			return undefined;
		});
	}

	app.get('/dashboard', page);

	app.get(
		'/dashboard/specs',
		{
			schema: {
				summary: 'Vega-Lite specs of the dashboard charts for a range',
				tags: ['dashboard'],
				querystring: {
					type: 'object',
					properties: {
						range: {type: 'string', enum: [...DASHBOARD_RANGES], default: DEFAULT_RANGE},
						format: {type: 'string', enum: ['vega-lite', 'vega'], default: 'vega-lite', description: 'vega-lite specs, or the same compiled to Vega'},
					},
					additionalProperties: false,
				},
			},
		},
		async (request, reply) => {
			const {range, format} = request.query as {range: DashboardRange; format: SpecFormat};
			const specs = await dashboardSpecs(options, range, Date.now(), format);
			return secure(reply).header('cache-control', 'no-store').send(specs);
		},
	);

	app.get(`${ASSET_PATH}/:name`, async (request, reply) => {
		const {name} = request.params as {name: string};
		const asset = await loadAsset(name);
		if (asset === undefined) return secure(reply).code(404).send({error: `no dashboard asset named ${JSON.stringify(name.slice(0, 80))}`});
		return secure(reply).type(asset.type).header('cache-control', 'public, max-age=3600').send(asset.body);
	});
}
