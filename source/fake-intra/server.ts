/**
 * The HTTP side of the fake 42 intra API: it wires the clock, the data, OAuth (`auth.ts`), the
 * rate-limit buckets, the /v2 routes (`routes.ts`), scheduled faults (`faults.ts`, `respond.ts`) and
 * the request log (`request-log.ts`) into one server. Binds 127.0.0.1 only. See `index.ts` for the
 * documented public API.
 */
import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http';
import type {AddressInfo} from 'node:net';
import {performance} from 'node:perf_hooks';
import {createAnswers, doorkeeperError, nginxPage, requestId, unauthorized} from './answers.js';
import {bearerOf, createAuth, type IssuedToken, readBody, tokenParams} from './auth.js';
import {createClock, type FakeClock} from './clock.js';
import {FakeData} from './data.js';
import {FaultSchedule} from './faults.js';
import {DEFAULT_NOW, generateDataset, type GenerateOptions} from './generate.js';
import type {QueryLimits} from './query.js';
import {createRandom} from './random.js';
import {RateLimiter, type RateLimitOptions} from './rate-limit.js';
import {countRequests, type RequestCounters, type RequestLogEntry} from './request-log.js';
import {applyFault, type Exchange, send} from './respond.js';
import {createRouter} from './routes.js';
import type {FakeDataset} from './types.js';

export type {IssuedToken} from './auth.js';
export type {RequestCounters, RequestLogEntry} from './request-log.js';

/** Options of `startFakeIntra`. Every field has a default. */
export type FakeIntraOptions = GenerateOptions & {
	/** Serve this dataset instead of generating one (the arrays are used as they are, live). */
	readonly dataset?: FakeDataset;
	/** Port on 127.0.0.1. @default 0 (any free port) */
	readonly port?: number;
	/** Start of the fake clock (ms or ISO string); also the "now" of generated data. @default 2025-03-14T09:45:24Z */
	readonly clockStart?: number | string;
	/** `'frozen'` moves only through clock.advance/set (tests); `'running'` also follows real time (CLI). @default 'frozen' */
	readonly clockMode?: 'frozen' | 'running';
	/** Real time source for the per-second bucket and `delay` faults' bookkeeping. @default performance-based ms */
	readonly wallClock?: () => number;
	/** Rate-limit buckets. @default {perSecond: 2, perHour: 1200, enforce: true, secondlyWindow: 'sliding'} */
	readonly rateLimit?: RateLimitOptions;
	/** Whether 429s carry `Retry-After` (not verified on the real API). @default 'send' */
	readonly retryAfter?: 'send' | 'omit';
	/** Whether 429s also carry the X-*-RateLimit-* and X-Application-* headers (the fixture's 429 has neither). @default false */
	readonly rateLimitHeadersOn429?: boolean;
	/** Whether POST /oauth/token is counted and limited like /v2 (not verified on the real API). @default false */
	readonly tokenRateLimited?: boolean;
	/** @default 7200 */
	readonly tokenTtlSeconds?: number;
	/** When the client secret stops working (ms). @default clock start + 28 days */
	readonly secretValidUntil?: number;
	/** Fixed credentials. @default derived from the seed: `u-s4t2ud-<64 hex>` / `s-s4t2ud-<64 hex>` */
	readonly credentials?: {readonly uid: string; readonly secret: string};
	/** @default 30 */
	readonly pageSizeDefault?: number;
	/** @default 100 */
	readonly pageSizeMax?: number;
	/** More ids than this in `filter[id]` → 502. @default 100 */
	readonly idFilterMax?: number;
	/** `'varying'` rotates the order of Link rels from request to request; `'api-pagination'` keeps first, prev, last, next. @default 'varying' */
	readonly linkOrder?: 'varying' | 'api-pagination';
	/** Base of Link URLs. @default the fake's own url, so that following Link works */
	readonly linkBaseUrl?: string;
	/** X-Application-* values. @default {id: '424242', name: 'bigstat42-fake', roles: 'None'} */
	readonly application?: {readonly id?: string; readonly name?: string; readonly roles?: string};
};

/** A running fake. */
export type FakeIntra = {
	/** `http://127.0.0.1:PORT`. */
	readonly url: string;
	readonly port: number;
	/** Stops the server and drops every open connection (also hanging/delayed ones). */
	close(): Promise<void>;
	/** The controllable clock (token expiry, hourly bucket, "now" of open sessions and filter[future]). */
	readonly clock: FakeClock;
	/** The current client credentials. */
	readonly credentials: {readonly uid: string; readonly secret: string};
	/** Issues a new secret (the old one fails with 401 invalid_client); valid for 28 days or `validForMs`. Existing tokens keep working. */
	rotateSecret(validForMs?: number): string;
	/** When the current secret stops working (ms), as sent in `secret_valid_until`. */
	secretValidUntil(): number;
	/** Tokens issued so far and helpers to expire or revoke them. */
	readonly tokens: {list(): readonly IssuedToken[]; expireAll(): void; revokeAll(): void; valid(): readonly IssuedToken[]};
	/** The truth and its mutation helpers. */
	readonly data: FakeData;
	/** Scheduled faults. */
	readonly faults: FaultSchedule;
	/** The rate-limit buckets (limits are mutable; `useHour()` exhausts the hour, `reset()` empties both). */
	readonly rateLimit: RateLimiter;
	/** Every request, in arrival order (live array). */
	readonly requests: RequestLogEntry[];
	/** Counts over `requests`. */
	counters(): RequestCounters;
	/** Forgets the request log (numbering continues). */
	clearRequests(): void;
};

/** Starts a fake 42 intra API on 127.0.0.1. */
export async function startFakeIntra(options: FakeIntraOptions = {}): Promise<FakeIntra> {
	const clockStart = typeof options.clockStart === 'string' ? Date.parse(options.clockStart) : (options.clockStart ?? options.now ?? DEFAULT_NOW);
	if (Number.isNaN(clockStart)) throw new Error(`startFakeIntra: bad clockStart ${String(options.clockStart)}`);
	const clock = createClock(clockStart, options.clockMode ?? 'frozen');
	const wallNow = options.wallClock ?? (() => performance.timeOrigin + performance.now());
	const generated = options.dataset === undefined ? generateDataset({...options, now: clockStart}) : undefined;
	const data = new FakeData(options.dataset ?? generated?.dataset ?? {campuses: [], users: [], locations: [], events: [], eventsUsers: []}, clock, generated?.quirks);
	const faults = new FaultSchedule();
	const rateLimit = new RateLimiter(options.rateLimit ?? {}, wallNow, () => clock.now());
	const auth = createAuth({
		clock,
		random: createRandom(`${String(options.seed ?? 42)}:tokens`),
		...(options.credentials === undefined ? {} : {credentials: options.credentials}),
		secretValidUntil: options.secretValidUntil ?? clockStart + 28 * 86_400_000,
		tokenTtlMs: (options.tokenTtlSeconds ?? 7200) * 1000,
	});
	const limits: QueryLimits = {defaultPageSize: options.pageSizeDefault ?? 30, pageSizeMax: options.pageSizeMax ?? 100, idFilterMax: options.idFilterMax ?? 100};
	const application = {id: options.application?.id ?? '424242', name: options.application?.name ?? 'bigstat42-fake', roles: options.application?.roles ?? 'None'};
	const answers = createAnswers(application, options.rateLimitHeadersOn429 ?? false);
	const retryAfter = options.retryAfter ?? 'send';
	const requests: RequestLogEntry[] = [];
	const timers = new Set<NodeJS.Timeout>();
	const effects = {answers, retryAfter, timers, expireTokens: auth.expireAll, revokeTokens: auth.revokeAll};
	let requestNumber = 0;
	let baseUrl = '';
	const route = createRouter({data, clock, limits, answers, link: () => ({baseUrl: options.linkBaseUrl ?? baseUrl, order: options.linkOrder ?? 'varying'})});

	async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
		const started = performance.now();
		const url = new URL(request.url ?? '/', 'http://127.0.0.1');
		const method = (request.method ?? 'GET').toUpperCase();
		const path = url.pathname.replace(/\/+$/, '') || '/';
		const n = ++requestNumber;
		const entry: RequestLogEntry = {n, method, path, query: Object.fromEntries(url.searchParams), at: clock.now(), status: null, outcome: 'pending', fault: null, limitedBy: null};
		requests.push(entry);
		const fault = faults.take({n, method, path, query: entry.query});
		const exchange: Exchange = {entry, started, fault};
		if (fault !== undefined && (await applyFault(fault, request, response, exchange, effects))) return;

		if (path === '/oauth/token' || path === '/v2/oauth/token') {
			if (method !== 'POST') {
				send(response, exchange, doorkeeperError(404, 'not_found', 'Use POST'));
				return;
			}

			const body = await readBody(request);
			if (options.tokenRateLimited) {
				const decision = rateLimit.admit();
				if (!decision.allowed) {
					entry.limitedBy = decision.exceeded;
					send(response, exchange, answers.tooManyRequests(retryAfter === 'send' ? decision.retryAfterSeconds : null, decision));
					return;
				}
			}

			send(response, exchange, auth.issueToken(tokenParams(request, url.searchParams, body)));
			return;
		}

		if (path === '/oauth/token/info' && (method === 'GET' || method === 'HEAD')) {
			send(response, exchange, auth.tokenInfo(request, url.searchParams));
			return;
		}

		if (!path.startsWith('/v2/')) {
			send(response, exchange, {status: 404, headers: {'Content-Type': 'text/html', 'X-Request-Id': requestId()}, body: nginxPage('404 Not Found')});
			return;
		}

		const problem = auth.bearerProblem(bearerOf(request, url.searchParams));
		if (problem !== undefined) {
			send(response, exchange, unauthorized(problem));
			return;
		}

		const decision = rateLimit.admit();
		if (!decision.allowed) {
			entry.limitedBy = decision.exceeded;
			send(response, exchange, answers.tooManyRequests(retryAfter === 'send' ? decision.retryAfterSeconds : null, decision));
			return;
		}

		if (method !== 'GET' && method !== 'HEAD') {
			send(response, exchange, answers.json(404, {}, decision));
			return;
		}

		send(response, exchange, route(path, {params: url.searchParams, n}, decision));
	}

	const server: Server = createServer((request, response) => {
		handle(request, response).catch((error: unknown) => {
			if (!response.headersSent && !response.destroyed) {
				response.writeHead(500, {'Content-Type': 'text/plain'});
				response.end(`fake-intra internal error: ${error instanceof Error ? error.message : String(error)}`);
			}
		});
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
	});
	const {port} = server.address() as AddressInfo;
	baseUrl = `http://127.0.0.1:${port}`;

	return {
		url: baseUrl,
		port,
		async close() {
			for (const timer of timers) clearTimeout(timer);
			timers.clear();
			server.closeAllConnections();
			await new Promise<void>(resolve => {
				server.close(() => resolve());
			});
		},
		clock,
		get credentials() {
			return {uid: auth.credentials.uid, secret: auth.credentials.secret};
		},
		rotateSecret: validForMs => auth.rotateSecret(validForMs),
		secretValidUntil: () => auth.secretValidUntil(),
		tokens: {
			list: () => auth.issued,
			valid: () => auth.issued.filter(token => !token.revoked && clock.now() < token.expiresAt),
			expireAll: () => auth.expireAll(),
			revokeAll: () => auth.revokeAll(),
		},
		data,
		faults,
		rateLimit,
		requests,
		counters: () => countRequests(requests),
		clearRequests() {
			requests.length = 0;
		},
	};
}
