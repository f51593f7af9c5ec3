/**
 * The HTTP application (no listening socket: `commands/serve.ts` listens). One Fastify instance
 * with the stadistics-by-cuzzi event API, the Mini Analytics usage summary and health check, and
 * bigstat42's own read endpoints, all over one event log and one store.
 *
 * Cross-cutting rules, in the order a request meets them:
 *  - one log line per request (method, path, status, ms) at level info;
 *  - CORS only for the one `cors` origin;
 *  - rate limit per client address (off for loopback clients unless `rateLimit.loopback`);
 *  - auth: with a token, writes need `Authorization: Bearer <token>`, and reads too for clients
 *    off the loopback unless `publicRead`; compared in constant time; never logged or echoed;
 *  - body limits per route (413), malformed JSON 400, schema failures 422 in FastAPI's shape,
 *    unknown routes 404; any unexpected error is logged and answered 500 without details.
 */
import {createHash, timingSafeEqual} from 'node:crypto';
import type {Writable} from 'node:stream';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import fastifyRateLimit from '@fastify/rate-limit';
import Fastify, {LogController, type FastifyInstance, type FastifyReply, type FastifyRequest} from 'fastify';
import type {EventRecord} from '../core/model.js';
import {rankCounts} from '../core/stats/ranking.js';
import {usageSummary} from '../core/stats/usage-summary.js';
import {isoUtc, PLAUSIBLE_AHEAD_MS, PLAUSIBLE_FROM} from '../core/stats/ranges.js';
import {isValidTimeZone} from '../core/time.js';
import {parseBoundary} from '../core/range.js';
import {DataAccess, parseClientTimestamp, type RangeQuery} from './data-access.js';
import {bodyAjv, HttpError, issuesFromAjv, queryAjv, ValidationFailed, type Issue} from './errors.js';
import {CommitFailed, EventLog, type EventDraft} from './event-log.js';
import {healthReport} from './health.js';
import * as schemas from './schemas.js';

/** What every route and plugin of the server reads. */
export type ServerContext = {
	readonly log: EventLog;
	readonly data: DataAccess;
	readonly clock: () => number;
	readonly timeZone: string;
	readonly mode: 'store' | 'demo';
	readonly startedAt: number;
};

/** Serves `GET /` to browsers (the dashboard plugin registers one). */
export type HtmlIndexHandler = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown> | unknown;

/**
 * An extra plugin (the dashboard): registered before the routes, with the context; it may call
 * `app.setHtmlIndex(handler)` to answer `GET /` for clients that accept text/html.
 */
export type ServerPlugin = (app: FastifyInstance, context: ServerContext) => Promise<void> | void;

declare module 'fastify' {
	interface FastifyInstance {
		setHtmlIndex(handler: HtmlIndexHandler): void;
		/** Requests received and not answered yet (the event stream not counted). */
		requestsInFlight(): number;
		/** Ends every open event stream cleanly (before a stop). */
		endStreams(): void;
	}
}

export type ServerOptions = ServerContext & {
	/** Bearer token; undefined = no auth. */
	readonly token?: string | undefined;
	/** With a token: reads from off the loopback without it. */
	readonly publicRead?: boolean;
	/** The one origin allowed by CORS; undefined = no CORS headers. */
	readonly cors?: string | undefined;
	/** Requests per window per client address; undefined = no limit. */
	readonly rateLimit?: {readonly max: number; readonly windowMs: number; readonly loopback: boolean} | undefined;
	/** Body limit of single-event routes, bytes. @default 1 MiB */
	readonly eventBodyLimit?: number;
	/** Body limit of batch routes, bytes. @default 64 MiB */
	readonly batchBodyLimit?: number;
	/** Most events in one batch. @default 100_000 */
	readonly batchMaxEvents?: number;
	/** pino level: fatal, error, warn, info, debug, trace, silent. @default 'info' */
	readonly logLevel?: string;
	/** Where log lines go. @default process.stderr */
	readonly logStream?: Writable;
	readonly plugins?: readonly ServerPlugin[];
	/** Heartbeat comment interval of the event stream. @default 15 s */
	readonly streamHeartbeatMs?: number;
};

export const MIB = 1024 * 1024;

/** True for 127.0.0.0/8, ::1 and their IPv4-mapped forms. */
export function isLoopback(address: string | undefined): boolean {
	if (address === undefined) return false;
	const plain = address.startsWith('::ffff:') ? address.slice(7) : address;
	return plain === '::1' || plain === 'localhost' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(plain);
}

/** Constant-time comparison of a presented token with the configured one (digests: equal length). */
function tokenMatches(presented: string, expected: Buffer): boolean {
	return timingSafeEqual(createHash('sha256').update(presented).digest(), expected);
}

const JSON_TYPES = ['application/json', 'application/x-ndjson', 'application/ndjson', 'text/plain'];

export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
	const {log, data, clock} = options;
	const eventBodyLimit = options.eventBodyLimit ?? MIB;
	const batchBodyLimit = options.batchBodyLimit ?? 64 * MIB;
	const batchMaxEvents = options.batchMaxEvents ?? 100_000;
	const expected = options.token === undefined ? undefined : createHash('sha256').update(options.token).digest();
	const app = Fastify({
		logger: {
			level: options.logLevel ?? 'info',
			stream: options.logStream ?? process.stderr,
			// Requests are logged once, by the onResponse hook below, which never logs headers (the token).
		},
		logController: new RequestLines(),
		bodyLimit: eventBodyLimit,
		onProtoPoisoning: 'error',
		onConstructorPoisoning: 'error',
		return503OnClosing: true,
		forceCloseConnections: 'idle',
		routerOptions: {ignoreTrailingSlash: false, maxParamLength: 1000},
		ajv: {customOptions: {coerceTypes: true}},
	});

	// Event bodies are checked by `draftOf` (every issue at once, timestamps included, and no
	// schema pass over a 100,000-event batch); their schemas document them in /openapi.json.
	app.setValidatorCompiler(({schema, httpPart, url}) => {
		if (httpPart === 'body' && OWN_BODY_CHECKS.has(url)) return () => true;
		return (httpPart === 'body' ? bodyAjv : queryAjv).compile(schema);
	});
	app.setSchemaErrorFormatter((errors, dataVar) => new ValidationFailed(issuesFromAjv(errors, dataVar)));

	// JSON bodies whatever the declared type (curl -d without -H sends a form type); NDJSON for batches.
	app.removeAllContentTypeParsers();
	app.addContentTypeParser('*', {parseAs: 'string'}, (request, body, done) => {
		const text = body as string;
		const type = String(request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
		try {
			done(null, parseBody(text, type));
		} catch (error) {
			done(error as Error, undefined);
		}
	});

	// Requests not answered yet: a graceful stop waits for them (streams leave the set when they start).
	const inFlight = new Set<FastifyRequest>();
	app.decorate('requestsInFlight', () => inFlight.size);
	app.addHook('onRequest', async (request) => {
		inFlight.add(request);
	});
	app.addHook('onResponse', async (request) => {
		inFlight.delete(request);
	});
	app.addHook('onRequestAbort', async (request) => {
		inFlight.delete(request);
	});

	if (options.cors !== undefined) {
		const origin = options.cors;
		app.addHook('onRequest', async (request, reply) => {
			if (request.headers.origin !== origin) return;
			reply.header('access-control-allow-origin', origin);
			reply.header('vary', 'Origin');
			if (request.method === 'OPTIONS' && request.headers['access-control-request-method'] !== undefined) {
				reply.header('access-control-allow-methods', 'GET, POST, OPTIONS');
				reply.header('access-control-allow-headers', 'authorization, content-type');
				reply.header('access-control-max-age', '600');
				return reply.code(204).send();
			}
		});
	}

	if (options.rateLimit) {
		const limit = options.rateLimit;
		await app.register(fastifyRateLimit, {
			global: true,
			max: limit.max,
			timeWindow: limit.windowMs,
			allowList: (request) => !limit.loopback && isLoopback(request.socket.remoteAddress),
			keyGenerator: (request) => request.socket.remoteAddress ?? 'unknown',
			errorResponseBuilder: (_request, context) =>
				new HttpError(429, `too many requests: at most ${context.max} per ${context.after === '' ? 'window' : limit.windowMs / 1000 + ' s'}; retry in ${Math.ceil(context.ttl / 1000)} s`, {
					'retry-after': String(Math.max(1, Math.ceil(context.ttl / 1000))),
				}),
		});
	}

	if (expected) {
		app.addHook('onRequest', async (request) => {
			if (request.method === 'OPTIONS') return;
			const write = request.method === 'POST' && !isComputation(request.url);
			const needed = write || (!options.publicRead && !isLoopback(request.socket.remoteAddress));
			if (!needed) return;
			const header = request.headers.authorization;
			const presented = typeof header === 'string' && /^bearer /i.test(header) ? header.slice(7).trim() : undefined;
			if (presented === undefined || !tokenMatches(presented, expected)) {
				throw new HttpError(401, presented === undefined ? 'Not authenticated: send "Authorization: Bearer <token>"' : 'Invalid token', {
					'www-authenticate': 'Bearer',
				});
			}
		});
	}

	app.setErrorHandler(async (error: unknown, request, reply) => {
		if (error instanceof ValidationFailed) return reply.code(422).send({detail: error.issues});
		if (error instanceof HttpError) {
			for (const [name, value] of Object.entries(error.headers)) reply.header(name, value);
			return reply.code(error.statusCode).send({detail: error.message});
		}

		if (error instanceof CommitFailed) {
			request.log.error({err: {message: error.message}}, 'commit failed');
			return reply.code(503).header('retry-after', '1').send({detail: error.message});
		}

		const status = (error as {statusCode?: number}).statusCode;
		if (typeof status === 'number' && status >= 400 && status < 500) {
			// Fastify's own client errors: malformed JSON (400), body too large (413), bad media type (415)…
			const code = (error as {code?: string}).code;
			const message = code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? `request body is larger than the limit of this route (${limitOf(request)} bytes)` : (error as Error).message;
			return reply.code(status).send({detail: message});
		}

		request.log.error({err: {message: (error as Error).message, stack: (error as Error).stack}}, 'unexpected error');
		return reply.code(500).send({detail: 'Internal Server Error'});
	});

	app.setNotFoundHandler(async (request, reply) => reply.code(404).send({detail: `Not Found: no route ${request.method} ${request.url.split('?')[0]}`}));

	await app.register(fastifySwagger, {
		openapi: {
			openapi: '3.0.3',
			info: {
				title: 'bigstat42',
				version: '0.1.0',
				description:
					'Event tracking (stadistics-by-cuzzi paths), usage summary and health (Mini Analytics paths), and the bigstat42 statistics of sessions and events.',
			},
			components: {securitySchemes: {bearer: {type: 'http', scheme: 'bearer'}}},
		},
	});
	await app.register(fastifySwaggerUi, {routePrefix: '/docs', staticCSP: true});

	let htmlIndex: HtmlIndexHandler | undefined;
	app.decorate('setHtmlIndex', (handler: HtmlIndexHandler) => {
		htmlIndex = handler;
	});
	for (const plugin of options.plugins ?? []) await plugin(app, options);

	const stream = eventStream(app, log, options.streamHeartbeatMs ?? 15_000, (request) => inFlight.delete(request));

	app.get('/openapi.json', {schema: {hide: true}}, async () => app.swagger());

	app.get('/', {schema: {summary: 'Index of the endpoints (browsers get the dashboard when one is installed)', tags: ['meta']}}, async (request, reply) => {
		const accept = String(request.headers.accept ?? '');
		if (htmlIndex && /\btext\/html\b/.test(accept)) return htmlIndex(request, reply);
		return {
			name: 'bigstat42',
			mode: options.mode,
			campus: data.campus.name,
			time_zone: options.timeZone,
			events: log.size,
			docs: '/docs',
			openapi: '/openapi.json',
			endpoints: ENDPOINTS,
		};
	});

	// ---- stadistics-by-cuzzi --------------------------------------------------------------------
	app.post('/events/', {schema: schemas.postEvent, bodyLimit: eventBodyLimit}, async (request, reply) => {
		const body = request.body;
		if (typeof body !== 'object' || body === null || Array.isArray(body)) {
			throw new ValidationFailed([{loc: ['body'], msg: 'Input should be a valid dictionary', type: 'dict_type'}]);
		}

		const draft = draftOf(body as Record<string, unknown>, clock(), ['body']);
		const [record] = await log.append([draft]);
		return reply.code(201).send(eventJson(record!));
	});

	app.post('/events/batch', {schema: schemas.postBatch, bodyLimit: batchBodyLimit}, async (request, reply) => {
		const body = request.body;
		if (!Array.isArray(body)) {
			throw new ValidationFailed([{loc: ['body'], msg: 'Input should be a JSON array (or NDJSON lines) of events', type: 'list_type'}]);
		}

		if (body.length === 0) throw new ValidationFailed([{loc: ['body'], msg: 'the batch is empty', type: 'too_short'}]);
		if (body.length > batchMaxEvents) {
			throw new ValidationFailed([{loc: ['body'], msg: `at most ${batchMaxEvents} events per batch, got ${body.length}`, type: 'too_long'}]);
		}

		const now = clock();
		const drafts: EventDraft[] = [];
		const issues: Issue[] = [];
		for (let i = 0; i < body.length; i++) {
			const item = body[i] as unknown;
			try {
				if (typeof item !== 'object' || item === null || Array.isArray(item)) {
					throw new ValidationFailed([{loc: ['body', i], msg: 'Input should be a valid dictionary', type: 'dict_type'}]);
				}

				drafts.push(draftOf(item as Record<string, unknown>, now, ['body', i]));
			} catch (error) {
				if (!(error instanceof ValidationFailed)) throw error;
				issues.push(...error.issues);
				if (issues.length >= 100) break;
			}
		}

		// All or nothing: one bad event rejects the batch and nothing is written.
		if (issues.length > 0) throw new ValidationFailed(issues.slice(0, 100));
		const records = await log.append(drafts);
		return reply.code(201).send({count: records.length, first_id: records[0]!.id, last_id: records.at(-1)!.id});
	});

	app.get('/events/', {schema: schemas.listEvents}, async (request) => {
		const query = request.query as {skip: number; limit: number; user_id?: string; event_type?: string; from?: string; to?: string};
		const from = query.from === undefined ? undefined : boundaryOf('from', query.from, options.timeZone);
		const to = query.to === undefined ? undefined : boundaryOf('to', query.to, options.timeZone);
		return log.list({skip: query.skip, limit: query.limit, user: query.user_id, type: query.event_type, from, to}).map(eventJson);
	});

	app.get('/events/stream', {schema: schemas.eventStream}, stream);

	app.get('/stats/total', {schema: schemas.statsTotal}, async () => {
		const stats = log.stats();
		return {total_events: stats.total, unique_users: stats.uniqueUsers, unique_event_types: stats.uniqueTypes};
	});

	app.get('/stats/by-event-type', {schema: schemas.statsByType}, async () => log.stats().byType().map((row) => ({event_type: row.key, count: row.count})));

	app.get('/stats/by-user', {schema: schemas.statsByUser}, async (request) => {
		const {limit} = request.query as {limit: number};
		const rows = log.stats().byUser();
		const top: Array<{user_id: string; count: number}> = [];
		for (let i = 0; i < rows.length && i < limit; i++) top.push({user_id: rows[i]!.key, count: rows[i]!.count});
		return top;
	});

	app.get('/stats/over-time', {schema: schemas.statsOverTime}, async (request) => {
		const {days, include_empty: includeEmpty} = request.query as {days: number; include_empty: boolean};
		const rows = log.stats().lastDays(days, clock());
		return includeEmpty ? rows : rows.filter((row) => row.count > 0);
	});

	app.get('/stats/user-activity/:user_id', {schema: schemas.statsUserActivity}, async (request) => {
		const {user_id: user} = request.params as {user_id: string};
		if (user === '') throw new HttpError(404, 'Not Found: give a user id, /stats/user-activity/{user_id}');
		const counters = log.stats().user(user);
		const byType = counters ? rankCounts([...counters.byType.keys()], [...counters.byType.values()]) : [];
		return {
			user_id: user,
			total_events: counters?.count ?? 0,
			events_by_type: byType.map((row) => ({event_type: row.key, count: row.count})),
			first_event_at: counters ? isoUtc(counters.first) : null,
			last_event_at: counters ? isoUtc(counters.last) : null,
		};
	});

	app.get('/stats/recent-activity', {schema: schemas.statsRecent}, async (request) => {
		const {minutes} = request.query as {minutes: number};
		const recent = log.recent(minutes, clock());
		const byType = rankCounts([...recent.byType.keys()], [...recent.byType.values()]);
		return {time_window_minutes: minutes, total_events: recent.total, by_type: byType.map((row) => ({event_type: row.key, count: row.count}))};
	});

	// ---- Mini Analytics -------------------------------------------------------------------------
	const usage = async (request: FastifyRequest, reply: FastifyReply) => {
		const {tz} = request.query as {tz?: string};
		if (tz !== undefined && !isValidTimeZone(tz)) {
			throw new ValidationFailed([{loc: ['query', 'tz'], msg: `"${tz}" is not an IANA time zone`, type: 'value_error'}]);
		}

		const result = usageSummary(request.body, {timeZone: tz ?? 'UTC'});
		if (!result.ok) {
			const detail = result.errors.slice(0, 100).map((issue) => ({
				loc: issue.index === null ? ['body'] : ['body', issue.index],
				msg: issue.reason,
				type: 'value_error',
			}));
			return reply.code(400).send({message: 'Invalid input: nothing was summarised', detail});
		}

		return {...result.value, message: 'Usage summary generated successfully'};
	};

	for (const url of ['/api/usage-summary', '/usage-summary']) app.post(url, {schema: schemas.usageSummary, bodyLimit: batchBodyLimit}, usage);

	const health = async (_request: FastifyRequest, reply: FastifyReply) => {
		const report = await healthReport(options);
		return reply.code(report.status === 'ok' ? 200 : 503).send(report);
	};

	for (const url of ['/health', '/api/health']) app.get(url, {schema: schemas.health}, health);

	// ---- bigstat42 ------------------------------------------------------------------------------
	app.get('/summary', {schema: schemas.summary}, async (request) => data.summary(request.query as RangeQuery));

	app.get('/sessions', {schema: schemas.sessions}, async (request) => {
		const query = request.query as {host?: string; login?: string; from?: string; to?: string; open?: boolean; limit: number; cursor?: string};
		return data.sessionPage(query);
	});

	app.get('/hosts/:host', {schema: schemas.hostDetail}, async (request) => {
		const {host} = request.params as {host: string};
		const detail = data.host(host, request.query as RangeQuery);
		if (!detail) throw new HttpError(404, `host "${host}" has no session in the range`);
		return detail;
	});

	app.get('/users/:login', {schema: schemas.userDetail}, async (request) => {
		const {login} = request.params as {login: string};
		const detail = data.user(login, request.query as RangeQuery);
		if (!detail) throw new HttpError(404, `user "${login}" has no session or event in the range`);
		return {login, ...detail};
	});

	return app;
}

/**
 * One line per request when it completes, at info (error when the response failed): method,
 * path, status, milliseconds. Never headers or bodies, so the token is never logged.
 */
class RequestLines extends LogController {
	override incomingRequest(): void {}

	override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
		const ms = Math.round(reply.elapsedTime * 100) / 100;
		const line = {method: request.method, path: request.url, status: reply.statusCode, ms};
		const text = `${request.method} ${request.url} ${reply.statusCode} ${ms}ms`;
		if (error) reply.log.error({...line, err: {message: error.message}}, text);
		else reply.log.info(line, text);
	}
}

/** The one path of the endpoint list in `GET /`. */
const ENDPOINTS = [
	'POST /events/',
	'POST /events/batch',
	'GET /events/',
	'GET /events/stream',
	'GET /stats/total',
	'GET /stats/by-event-type',
	'GET /stats/by-user?limit=10',
	'GET /stats/over-time?days=7',
	'GET /stats/user-activity/{user_id}',
	'GET /stats/recent-activity?minutes=60',
	'POST /api/usage-summary',
	'GET /health',
	'GET /summary?days=7',
	'GET /sessions',
	'GET /hosts/{host}',
	'GET /users/{login}',
	'GET /openapi.json',
	'GET /docs',
];

const OWN_BODY_CHECKS = new Set(['/events/', '/events/batch']);

/** POSTs that compute without storing (auth treats them as reads). */
function isComputation(url: string): boolean {
	const path = url.split('?')[0];
	return path === '/api/usage-summary' || path === '/usage-summary';
}

function limitOf(request: FastifyRequest): number {
	return request.routeOptions.bodyLimit ?? MIB;
}

/** A body as JSON, or NDJSON (one value per non-empty line) for the NDJSON media types. */
function parseBody(text: string, type: string): unknown {
	if (type === 'application/x-ndjson' || type === 'application/ndjson') {
		const values: unknown[] = [];
		let line = 0;
		let start = 0;
		while (start <= text.length) {
			let end = text.indexOf('\n', start);
			if (end < 0) end = text.length;
			line++;
			const piece = text.slice(start, end).trim();
			start = end + 1;
			if (piece === '') continue;
			try {
				values.push(safeParse(piece));
			} catch (error) {
				throw new HttpError(400, `line ${line} is not valid JSON: ${(error as Error).message}`);
			}
		}

		return values;
	}

	if (text.trim() === '') throw new HttpError(400, 'the body is empty: send JSON');
	try {
		return safeParse(text);
	} catch (error) {
		if (error instanceof HttpError) throw error;
		throw new HttpError(400, `the body is not valid JSON: ${(error as Error).message}${JSON_TYPES.includes(type) || type === '' ? '' : ` (content type ${type})`}`);
	}
}

/** JSON.parse refusing `__proto__` and `constructor.prototype` keys (prototype poisoning). */
function safeParse(text: string): unknown {
	const value = JSON.parse(text) as unknown;
	if (text.includes('__proto__') || text.includes('constructor')) checkPoison(value);
	return value;
}

function checkPoison(value: unknown): void {
	const stack = [value];
	while (stack.length > 0) {
		const item = stack.pop();
		if (typeof item !== 'object' || item === null) continue;
		if (Object.hasOwn(item, '__proto__')) throw new HttpError(400, 'the body has a forbidden "__proto__" key');
		const ctor = (item as Record<string, unknown>)['constructor'];
		if (Object.hasOwn(item, 'constructor') && typeof ctor === 'object' && ctor !== null && Object.hasOwn(ctor, 'prototype')) {
			throw new HttpError(400, 'the body has a forbidden "constructor.prototype" key');
		}

		for (const child of Object.values(item)) if (typeof child === 'object' && child !== null) stack.push(child);
	}
}

/** A `from`/`to` query value: a date (local midnight of the server's zone) or an instant. */
function boundaryOf(name: string, text: string, timeZone: string): number {
	const value = parseBoundary(text, timeZone);
	if (Number.isNaN(value)) throw new ValidationFailed([{loc: ['query', name], msg: `"${text}" is not a date or an ISO-8601 timestamp`, type: 'value_error'}]);
	return value;
}

/**
 * A validated event body → a draft. `metadata` (or the original's `event_metadata`) must be an
 * object or null; `timestamp`, when given, an ISO-8601 date-time with an offset (else now).
 */
export function draftOf(body: Record<string, unknown>, now: number, loc: Array<string | number>): EventDraft {
	const issues: Issue[] = [];
	const user = body['user_id'];
	const type = body['event_type'];
	if (user === undefined) issues.push({loc: [...loc, 'user_id'], msg: 'Field required', type: 'missing'});
	else if (typeof user !== 'string') issues.push({loc: [...loc, 'user_id'], msg: 'Input should be a valid string', type: 'string_type'});
	else if (user === '') issues.push({loc: [...loc, 'user_id'], msg: 'String should have at least 1 character', type: 'string_too_short'});
	if (type === undefined) issues.push({loc: [...loc, 'event_type'], msg: 'Field required', type: 'missing'});
	else if (typeof type !== 'string') issues.push({loc: [...loc, 'event_type'], msg: 'Input should be a valid string', type: 'string_type'});
	else if (type === '') issues.push({loc: [...loc, 'event_type'], msg: 'String should have at least 1 character', type: 'string_too_short'});
	const metaKey = body['metadata'] !== undefined ? 'metadata' : 'event_metadata';
	const meta = body[metaKey];
	if (meta !== undefined && meta !== null && (typeof meta !== 'object' || Array.isArray(meta))) {
		issues.push({loc: [...loc, metaKey], msg: 'Input should be a valid dictionary', type: 'dict_type'});
	}

	let time = now;
	const stamp = body['timestamp'];
	if (stamp !== undefined && stamp !== null) {
		if (typeof stamp !== 'string') {
			issues.push({loc: [...loc, 'timestamp'], msg: 'Input should be a valid string', type: 'string_type'});
		} else {
			time = parseClientTimestamp(stamp);
			if (Number.isNaN(time) || Math.abs(time) > 8.64e15) {
				issues.push({loc: [...loc, 'timestamp'], msg: 'Input should be an ISO-8601 date-time with an offset, e.g. 2026-12-01T09:00:00Z', type: 'datetime_parsing'});
			} else if (time < PLAUSIBLE_FROM || time > now + PLAUSIBLE_AHEAD_MS) {
				// The statistics would never count it (an implausible date): refuse it rather than store it.
				issues.push({loc: [...loc, 'timestamp'], msg: 'Input should be a date-time from 1990 to at most 366 days after now', type: 'datetime_range'});
			}
		}
	}

	if (issues.length > 0) throw new ValidationFailed(issues);
	return {
		user: user as string,
		type: type as string,
		time,
		metadata: meta === undefined || meta === null ? null : JSON.stringify(meta),
	};
}

/** A stored event as the original's clients read it (timestamps with an explicit `Z`). */
export function eventJson(record: EventRecord): {id: number; user_id: string | null; event_type: string; timestamp: string; metadata: unknown} {
	return {
		id: record.id,
		user_id: record.user,
		event_type: record.type,
		timestamp: isoUtc(record.time),
		metadata: record.metadata === null ? null : parseMetadata(record.metadata),
	};
}

/** Stored metadata is JSON text; an imported value that is not JSON is returned as the string. */
function parseMetadata(text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return text;
	}
}

/**
 * `GET /events/stream`: Server-Sent Events. Each event this server commits is sent as
 * `event: event` with its JSON (optionally filtered by `user_id` / `event_type`); a commit of
 * another process that was loaded is announced as `event: reload`. A comment line every
 * `heartbeatMs` keeps proxies from closing the connection. A client that stops reading is
 * dropped once 8 MiB are queued for it.
 */
function eventStream(app: FastifyInstance, log: EventLog, heartbeatMs: number, started: (request: FastifyRequest) => void) {
	const open = new Set<() => void>();
	const endAll = () => {
		for (const close of open) close();
	};

	app.decorate('endStreams', endAll);
	app.addHook('preClose', async () => endAll());
	return async (request: FastifyRequest, reply: FastifyReply) => {
		const {user_id: user, event_type: type} = request.query as {user_id?: string; event_type?: string};
		reply.hijack();
		started(request);
		const raw = reply.raw;
		raw.writeHead(200, {
			'content-type': 'text/event-stream; charset=utf-8',
			'cache-control': 'no-store',
			connection: 'keep-alive',
			'x-accel-buffering': 'no',
			...(reply.getHeader('access-control-allow-origin') ? {'access-control-allow-origin': String(reply.getHeader('access-control-allow-origin')), vary: 'Origin'} : {}),
		});
		raw.write(': bigstat42 event stream\n\n');
		let closed = false;
		const send = (text: string) => {
			if (closed) return;
			raw.write(text);
			if (raw.writableLength > 8 * MIB) close();
		};

		const unsubscribe = log.subscribe((records) => {
			let text = '';
			for (const record of records) {
				if (user !== undefined && record.user !== user) continue;
				if (type !== undefined && record.type !== type) continue;
				text += `id: ${record.id}\nevent: event\ndata: ${JSON.stringify(eventJson(record))}\n\n`;
			}

			if (text !== '') send(text);
		});
		const unsubscribeReload = log.onReload((generation) => send(`event: reload\ndata: ${JSON.stringify({generation})}\n\n`));
		const heartbeat = setInterval(() => send(': keep-alive\n\n'), heartbeatMs);
		heartbeat.unref();
		const close = () => {
			if (closed) return;
			closed = true;
			clearInterval(heartbeat);
			unsubscribe();
			unsubscribeReload();
			open.delete(close);
			raw.end();
		};

		open.add(close);
		raw.on('close', close);
		request.log.info({method: request.method, path: request.url, status: 200}, `${request.method} ${request.url} 200 stream opened`);
	};
}
