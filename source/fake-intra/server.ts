/**
 * The HTTP side of the fake 42 intra API: OAuth token endpoint, bearer checks, the two rate-limit
 * buckets, the /v2 resources with 42's pagination / filter / range / sort, and scheduled faults.
 * Binds 127.0.0.1 only. See `index.ts` for the documented public API.
 */
import {createHash, randomUUID} from 'node:crypto';
import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http';
import type {AddressInfo} from 'node:net';
import {performance} from 'node:perf_hooks';
import {zoneClock} from '../core/time.js';
import {createClock, type FakeClock} from './clock.js';
import {FakeData} from './data.js';
import {type Fault, FaultSchedule} from './faults.js';
import {DEFAULT_NOW, generateDataset, type GenerateOptions} from './generate.js';
import {boolFilter, isQueryError, type QueryLimits, type ResourceSpec, runQuery} from './query.js';
import {createRandom} from './random.js';
import {RateLimiter, type RateDecision, type RateLimitOptions} from './rate-limit.js';
import {serializeCampus, serializeEvent, serializeEventsUser, serializeLocation, serializeUser} from './serialize.js';
import type {FakeCampus, FakeDataset, FakeEvent, FakeEventsUser, FakeLocation} from './types.js';

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
	/** Whether 429s carry `Retry-After` (42 is [U]). @default 'send' */
	readonly retryAfter?: 'send' | 'omit';
	/** Whether 429s also carry the X-*-RateLimit-* and X-Application-* headers (the fixture's 429 has neither). @default false */
	readonly rateLimitHeadersOn429?: boolean;
	/** Whether POST /oauth/token is counted and limited like /v2 (42 is [U]). @default false */
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

/** One request as the fake saw it. `status` is null while pending and for reset / hang / destroyed answers. */
export type RequestLogEntry = {
	/** 1-based number since start, all paths (the `nth` of fault rules). */
	readonly n: number;
	readonly method: string;
	readonly path: string;
	readonly query: Readonly<Record<string, string>>;
	/** Fake-clock time of arrival (ms). */
	readonly at: number;
	status: number | null;
	/** 'ok' for a complete answer; otherwise what happened. */
	outcome: 'pending' | 'ok' | 'reset' | 'truncated' | 'hang' | 'aborted';
	/** The fault that fired on it, if any. */
	fault: Fault['kind'] | null;
	/** Which bucket refused it, for real (not injected) 429s. */
	limitedBy: 'secondly' | 'hourly' | null;
};

/** Aggregates over `requests`. */
export type RequestCounters = {
	readonly total: number;
	readonly token: number;
	readonly v2: number;
	readonly byStatus: Readonly<Record<number, number>>;
	readonly rateLimited: number;
	readonly faulted: number;
	/** /v2 requests per path (query excluded). */
	readonly byPath: Readonly<Record<string, number>>;
};

/** One access token the fake issued. */
export type IssuedToken = {
	readonly token: string;
	readonly createdAt: number;
	expiresAt: number;
	revoked: boolean;
	readonly scope: string;
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

type Answer = {status: number; headers: Record<string, string>; body: string};
type Context = {entry: RequestLogEntry; started: number; fault: Fault | undefined; params: URLSearchParams};

const JSON_TYPE = 'application/json; charset=utf-8';
const TEXT_429 = '429 Too Many Requests (Spam Rate Limit Exceeded)';
const INVALID_CLIENT = 'Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.';
const VALID_SCOPES = new Set(['public', 'projects', 'profile', 'elearning', 'tig', 'forum']);
const DEFAULT_STATUS_BODIES: Record<number, {type: string; body: string}> = {
	500: {type: JSON_TYPE, body: JSON.stringify({status: 500, error: 'Internal Server Error'})},
	502: {type: 'text/html', body: nginxPage('502 Bad Gateway')},
	503: {type: 'text/html', body: nginxPage('503 Service Temporarily Unavailable')},
	504: {type: 'text/html', body: nginxPage('504 Gateway Time-out')},
};

function nginxPage(title: string): string {
	return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}

const locationSpec: ResourceSpec<FakeLocation> = {
	fields: {
		id: {kind: 'int', get: row => row.id},
		user_id: {kind: 'int', get: row => row.userId},
		begin_at: {kind: 'time', get: row => row.begin},
		end_at: {kind: 'time', get: row => row.end},
		primary: {kind: 'bool', get: row => row.primary},
		host: {kind: 'string', get: row => row.host},
		campus_id: {kind: 'int', get: row => row.campusId},
	},
	extraFilters: {
		active: boolFilter(row => row.end === null),
		inactive: boolFilter(row => row.end !== null),
		future: boolFilter((row, now) => row.begin > now),
		end: boolFilter(row => row.end !== null),
	},
	defaultSort: [
		['begin_at', 'desc'],
		['id', 'desc'],
	],
};

const eventSpec: ResourceSpec<FakeEvent> = {
	fields: {
		id: {kind: 'int', get: row => row.id},
		begin_at: {kind: 'time', get: row => row.begin},
		end_at: {kind: 'time', get: row => row.end},
		name: {kind: 'string', get: row => row.name},
		description: {kind: 'string', get: row => row.description},
		location: {kind: 'string', get: row => row.location},
		kind: {kind: 'string', get: row => row.kind},
		max_people: {kind: 'int', get: row => row.maxPeople},
		created_at: {kind: 'time', get: row => row.createdAt},
		updated_at: {kind: 'time', get: row => row.updatedAt},
		prohibition_of_cancellation: {kind: 'int', get: row => row.prohibitionOfCancellation},
		// Sortable in the newer apidoc but absent from the JSON [U]: accepted, always null.
		difficulty: {kind: 'int', get: () => null},
		remote: {kind: 'bool', get: () => null},
	},
	extraFilters: {
		future: boolFilter((row, now) => row.begin > now),
		end: boolFilter((row, now) => row.end < now),
	},
	defaultSort: [
		['begin_at', 'desc'],
		['id', 'desc'],
	],
};

const eventsUserSpec: ResourceSpec<FakeEventsUser> = {
	fields: {
		id: {kind: 'int', get: row => row.id},
		event_id: {kind: 'int', get: row => row.eventId},
		user_id: {kind: 'int', get: row => row.userId},
		created_at: {kind: 'time', get: row => row.createdAt},
		updated_at: {kind: 'time', get: row => row.createdAt},
	},
	defaultSort: [['id', 'desc']],
};

const campusSpec: ResourceSpec<FakeCampus> = {
	fields: {
		id: {kind: 'int', get: row => row.id},
		name: {kind: 'string', get: row => row.name},
		time_zone: {kind: 'string', get: row => row.timeZone},
		country: {kind: 'string', get: row => row.country},
		city: {kind: 'string', get: row => row.city},
		users_count: {kind: 'int', get: row => row.usersCount},
		active: {kind: 'bool', get: row => row.active},
		public: {kind: 'bool', get: row => row.public},
	},
	defaultSort: [['id', 'desc']],
};

/** Reads a request body (token endpoint only; /v2 bodies are ignored). */
async function readBody(request: IncomingMessage): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of request) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks).toString('utf8');
}

/** Token-request parameters from the query, a form / JSON / multipart body and HTTP Basic auth. */
function tokenParams(request: IncomingMessage, query: URLSearchParams, body: string): Map<string, string> {
	const params = new Map<string, string>(query);
	const type = (request.headers['content-type'] ?? '').toLowerCase();
	if (type.includes('application/json')) {
		try {
			const parsed: unknown = JSON.parse(body);
			if (parsed !== null && typeof parsed === 'object') {
				for (const [key, value] of Object.entries(parsed)) if (typeof value === 'string' || typeof value === 'number') params.set(key, String(value));
			}
		} catch {
			// Doorkeeper ignores an unparsable body: the request then lacks its parameters.
		}
	} else if (type.includes('multipart/form-data')) {
		for (const match of body.matchAll(/name="([^"]+)"\r?\n\r?\n([^\r\n]*)/g)) if (match[1] !== undefined) params.set(match[1], match[2] ?? '');
	} else if (body !== '') {
		for (const [key, value] of new URLSearchParams(body)) params.set(key, value);
	}

	const authorization = request.headers.authorization ?? '';
	const basic = /^Basic\s+(.+)$/i.exec(authorization)?.[1];
	if (basic !== undefined) {
		const decoded = Buffer.from(basic, 'base64').toString('utf8');
		const colon = decoded.indexOf(':');
		if (colon >= 0) {
			// RFC 6749 §2.3.1: both parts are form-urlencoded before base64.
			const decode = (text: string): string => {
				try {
					return decodeURIComponent(text.replaceAll('+', ' '));
				} catch {
					return text;
				}
			};

			params.set('client_id', decode(decoded.slice(0, colon)));
			params.set('client_secret', decode(decoded.slice(colon + 1)));
		}
	}

	return params;
}

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
	const tokenRandom = createRandom(`${String(options.seed ?? 42)}:tokens`);
	const credentials = {
		uid: options.credentials?.uid ?? `u-s4t2ud-${tokenRandom.hex(64)}`,
		secret: options.credentials?.secret ?? `s-s4t2ud-${tokenRandom.hex(64)}`,
	};
	let secretValidUntil = options.secretValidUntil ?? clockStart + 28 * 86_400_000;
	const tokenTtlMs = (options.tokenTtlSeconds ?? 7200) * 1000;
	const limits: QueryLimits = {defaultPageSize: options.pageSizeDefault ?? 30, pageSizeMax: options.pageSizeMax ?? 100, idFilterMax: options.idFilterMax ?? 100};
	const application = {id: options.application?.id ?? '424242', name: options.application?.name ?? 'bigstat42-fake', roles: options.application?.roles ?? 'None'};
	const retryAfter = options.retryAfter ?? 'send';
	const issued: IssuedToken[] = [];
	const byToken = new Map<string, IssuedToken>();
	const requests: RequestLogEntry[] = [];
	const timers = new Set<NodeJS.Timeout>();
	let requestNumber = 0;
	let baseUrl = '';

	/** Sends an answer, honouring truncate / bad-json faults. */
	function send(response: ServerResponse, context: Context, answer: Answer): void {
		const {entry} = context;
		if (response.destroyed || response.socket?.destroyed) {
			entry.outcome = 'aborted';
			return;
		}

		const headers: Record<string, string> = {...answer.headers, 'X-Runtime': ((performance.now() - context.started) / 1000).toFixed(6)};
		let body = answer.body;
		if (context.fault?.kind === 'bad-json' && answer.status === 200) {
			body = body.slice(0, Math.max(1, Math.floor(body.length / 2)));
		}

		const bytes = Buffer.from(body, 'utf8');
		headers['Content-Length'] = String(bytes.length);
		entry.status = answer.status;
		response.writeHead(answer.status, headers);
		if (context.fault?.kind === 'truncate') {
			const fraction = Math.min(Math.max(context.fault.fraction ?? 0.5, 0), 0.99);
			entry.outcome = 'truncated';
			response.write(bytes.subarray(0, Math.floor(bytes.length * fraction)), () => response.socket?.destroy());
			return;
		}

		entry.outcome = 'ok';
		response.end(bytes);
	}

	function requestId(): string {
		return randomUUID();
	}

	function unauthorized(description: string): Answer {
		return {
			status: 401,
			headers: {
				'Content-Type': JSON_TYPE,
				'Cache-Control': 'no-cache',
				'WWW-Authenticate': `Bearer realm="42 API", error="invalid_token", error_description="${description}"`,
				'X-Request-Id': requestId(),
			},
			body: JSON.stringify({error: 'Not authorized', message: description}),
		};
	}

	function rateHeaders(decision: Pick<RateDecision, 'secondlyLimit' | 'secondlyRemaining' | 'hourlyLimit' | 'hourlyRemaining'>): Record<string, string> {
		return {
			'X-Application-Id': application.id,
			'X-Application-Name': application.name,
			'X-Application-Roles': application.roles,
			'X-Hourly-RateLimit-Limit': String(decision.hourlyLimit),
			'X-Hourly-RateLimit-Remaining': String(decision.hourlyRemaining),
			'X-Secondly-RateLimit-Limit': String(decision.secondlyLimit),
			'X-Secondly-RateLimit-Remaining': String(decision.secondlyRemaining),
		};
	}

	function tooManyRequests(seconds: number | null, decision?: RateDecision): Answer {
		const headers: Record<string, string> = {'Content-Type': 'text/plain; charset=utf-8', 'X-Request-Id': requestId()};
		if (seconds !== null) headers['Retry-After'] = String(seconds);
		if (decision !== undefined && options.rateLimitHeadersOn429) Object.assign(headers, rateHeaders(decision));
		return {status: 429, headers, body: TEXT_429};
	}

	function doorkeeperError(status: number, error: string, description: string): Answer {
		const headers: Record<string, string> = {'Content-Type': JSON_TYPE, 'Cache-Control': 'no-store', Pragma: 'no-cache', 'X-Request-Id': requestId()};
		if (status === 401) headers['WWW-Authenticate'] = `Bearer realm="42 API", error="${error}", error_description="${description}"`;
		return {status, headers, body: JSON.stringify({error, error_description: description})};
	}

	function bearerOf(request: IncomingMessage, params: URLSearchParams): string | undefined {
		const header = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1]?.trim();
		return header ?? params.get('access_token') ?? undefined;
	}

	/** undefined when the bearer is fine, else the 401 description. */
	function bearerProblem(token: string | undefined): string | undefined {
		const found = token === undefined ? undefined : byToken.get(token);
		if (found === undefined) return 'The access token is invalid';
		if (found.revoked) return 'The access token was revoked';
		if (clock.now() >= found.expiresAt) return 'The access token expired';
		return undefined;
	}

	function issueToken(params: Map<string, string>): Answer {
		const grant = params.get('grant_type');
		if (grant === undefined || grant === '') {
			return doorkeeperError(400, 'invalid_request', 'The request is missing a required parameter, includes an unsupported parameter value, or is otherwise malformed.');
		}

		if (grant !== 'client_credentials') return doorkeeperError(400, 'unsupported_grant_type', 'The authorization grant type is not supported by the authorization server.');
		const now = clock.now();
		if (params.get('client_id') !== credentials.uid || params.get('client_secret') !== credentials.secret || now >= secretValidUntil) {
			return doorkeeperError(401, 'invalid_client', INVALID_CLIENT);
		}

		const scopes = (params.get('scope') ?? 'public').split(/[\s+]+/).filter(scope => scope !== '');
		if (scopes.length === 0 || scopes.some(scope => !VALID_SCOPES.has(scope))) {
			return doorkeeperError(400, 'invalid_scope', 'The requested scope is invalid, unknown, or malformed.');
		}

		const token: IssuedToken = {token: tokenRandom.hex(64), createdAt: now, expiresAt: now + tokenTtlMs, revoked: false, scope: scopes.join(' ')};
		issued.push(token);
		byToken.set(token.token, token);
		return {
			status: 200,
			headers: {'Content-Type': JSON_TYPE, 'Cache-Control': 'no-store', Pragma: 'no-cache', 'X-Request-Id': requestId()},
			body: JSON.stringify({
				access_token: token.token,
				token_type: 'bearer',
				expires_in: Math.round(tokenTtlMs / 1000),
				scope: token.scope,
				created_at: Math.floor(now / 1000),
				secret_valid_until: Math.floor(secretValidUntil / 1000),
			}),
		};
	}

	function linkHeader(path: string, params: URLSearchParams, page: number, perPage: number, perPageGiven: boolean, total: number, n: number): string | undefined {
		const totalPages = Math.ceil(total / perPage);
		const url = (target: number): string => {
			const query = new URLSearchParams();
			query.set('page', String(target));
			if (perPageGiven) query.set('per_page', String(perPage));
			for (const [key, value] of params) {
				if (!['page', 'per_page', 'page[number]', 'page[size]', 'access_token'].includes(key)) query.append(key, value);
			}

			return `${options.linkBaseUrl ?? baseUrl}${path}?${query.toString()}`;
		};

		// api-pagination's rules: first/prev unless on page 1; last/next only before the last page.
		const rels: string[] = [];
		if (page > 1) rels.push(`<${url(1)}>; rel="first"`, `<${url(page - 1)}>; rel="prev"`);
		if (page < totalPages) rels.push(`<${url(totalPages)}>; rel="last"`, `<${url(page + 1)}>; rel="next"`);
		if (rels.length === 0) return undefined;
		if ((options.linkOrder ?? 'varying') === 'varying') {
			const shift = n % rels.length;
			rels.push(...rels.splice(0, shift));
			if (n % 3 === 0) rels.reverse();
		}

		return rels.join(', ');
	}

	function jsonAnswer(status: number, value: unknown, decision: RateDecision, extra: Record<string, string> = {}): Answer {
		const body = JSON.stringify(value);
		return {
			status,
			headers: {
				'Cache-Control': 'max-age=0, private, must-revalidate',
				'Content-Type': JSON_TYPE,
				Vary: 'Origin',
				ETag: `W/"${createHash('md5').update(body).digest('hex')}"`,
				...rateHeaders(decision),
				'X-Request-Id': requestId(),
				...extra,
			},
			body,
		};
	}

	function list<T>(path: string, rows: readonly T[], spec: ResourceSpec<T>, context: Context, decision: RateDecision, serialize: (row: T) => unknown): Answer {
		const result = runQuery(rows, spec, context.params, clock.now(), limits);
		if (isQueryError(result)) {
			const headers: Record<string, string> = {'Content-Type': result.contentType, 'X-Request-Id': requestId()};
			// The 502 comes from the gateway, the 400s from the app (which sends its usual headers).
			if (result.status !== 502) Object.assign(headers, rateHeaders(decision));
			return {status: result.status, headers, body: result.body};
		}

		const extra: Record<string, string> = {'X-Page': String(result.page), 'X-Per-Page': String(result.perPage), 'X-Total': String(result.total)};
		const link = linkHeader(path, context.params, result.page, result.perPage, result.perPageGiven, result.total, context.entry.n);
		if (link !== undefined) extra['Link'] = link;
		return jsonAnswer(200, result.rows.map(row => serialize(row)), decision, extra);
	}

	function locationsStats(userId: number, params: URLSearchParams, decision: RateDecision): Answer {
		const user = data.user(userId);
		const zoneName = params.get('time_zone') ?? data.campuses.find(campus => campus.id === user?.campusId)?.timeZone ?? 'UTC';
		let zone;
		try {
			zone = zoneClock(zoneName);
		} catch {
			return jsonAnswer(400, {error: 'Bad Request', message: `Unknown time zone ${zoneName}`}, decision);
		}

		const dayOf = (text: string | null): number | undefined => {
			const match = text === null ? null : /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
			return match ? zone.dayNumber(zone.fromLocal(Number(match[1]), Number(match[2]), Number(match[3]), 12)) : undefined;
		};

		const firstDay = dayOf(params.get('begin_at'));
		const lastDayExclusive = dayOf(params.get('end_at'));
		const now = clock.now();
		const perDay = new Map<number, number>();
		// A plain sum per local day (overlapping sessions count twice, open ones until now) [U].
		for (const location of data.locations) {
			if (location.userId !== userId) continue;
			const end = location.end ?? now;
			for (let start = location.begin; start < end; ) {
				const day = zone.dayNumber(start);
				const next = Math.min(end, zone.startOfDay(day + 1));
				if ((firstDay === undefined || day >= firstDay) && (lastDayExclusive === undefined || day < lastDayExclusive)) perDay.set(day, (perDay.get(day) ?? 0) + (next - start));
				start = next;
			}
		}

		const out: Record<string, string> = {};
		for (const [day, ms] of [...perDay].sort((a, b) => b[0] - a[0])) {
			if (ms <= 0) continue;
			const key = new Date(day * 86_400_000).toISOString().slice(0, 10);
			const seconds = ms / 1000;
			const hh = String(Math.floor(seconds / 3600)).padStart(2, '0');
			const mm = String(Math.floor((seconds % 3600) / 60)).padStart(2, '0');
			const ss = (seconds % 60).toFixed(6).padStart(9, '0');
			out[key] = `${hh}:${mm}:${ss}`;
		}

		return jsonAnswer(200, out, decision);
	}

	/** Routes an authenticated, admitted /v2 request. */
	function route(path: string, context: Context, decision: RateDecision): Answer {
		const notFound = (): Answer => jsonAnswer(404, {}, decision);
		const serial = data.serializeContext();
		const segments = path.split('/').filter(segment => segment !== '').slice(1);
		const campusBy = (key: string): FakeCampus | undefined =>
			/^\d+$/.test(key) ? data.campuses.find(campus => campus.id === Number(key)) : data.campuses.find(campus => campus.name.toLowerCase() === key.toLowerCase());
		const [resource, id, sub, ...rest] = segments;
		if (rest.length > 0) return notFound();
		const location = (row: FakeLocation): unknown => serializeLocation(row, serial);
		const event = (row: FakeEvent): unknown => serializeEvent(row, serial);
		const subscription = (row: FakeEventsUser): unknown => serializeEventsUser(row, serial);
		switch (resource) {
			case 'campus': {
				if (id === undefined) return list(path, data.campuses, campusSpec, context, decision, serializeCampus);
				const campus = campusBy(id);
				if (campus === undefined) return notFound();
				if (sub === undefined) return jsonAnswer(200, serializeCampus(campus), decision);
				if (sub === 'locations') return list(path, data.locations.filter(row => row.campusId === campus.id), locationSpec, context, decision, location);
				if (sub === 'events') return list(path, data.events.filter(row => row.campusIds.includes(campus.id)), eventSpec, context, decision, event);
				if (sub === 'users') return list(path, data.users.filter(row => row.campusId === campus.id), {fields: {id: {kind: 'int', get: row => row.id}, login: {kind: 'string', get: row => row.login}}, defaultSort: [['id', 'asc']]}, context, decision, row => serializeUser(row, serial));
				return notFound();
			}

			case 'locations': {
				if (id === undefined) return list(path, data.locations, locationSpec, context, decision, location);
				const found = sub === undefined && /^\d+$/.test(id) ? data.session(Number(id)) : undefined;
				return found === undefined ? notFound() : jsonAnswer(200, location(found), decision);
			}

			case 'users': {
				const user = id === undefined ? undefined : data.user(id);
				if (user === undefined) return notFound();
				if (sub === undefined) return jsonAnswer(200, serializeUser(user, serial), decision);
				if (sub === 'locations') return list(path, data.locations.filter(row => row.userId === user.id), locationSpec, context, decision, location);
				if (sub === 'locations_stats') return locationsStats(user.id, context.params, decision);
				if (sub === 'events_users') return list(path, data.eventsUsers.filter(row => row.userId === user.id), eventsUserSpec, context, decision, subscription);
				if (sub === 'events') {
					const mine = new Set(data.eventsUsers.filter(row => row.userId === user.id).map(row => row.eventId));
					return list(path, data.events.filter(row => mine.has(row.id)), eventSpec, context, decision, event);
				}

				return notFound();
			}

			case 'events': {
				if (id === undefined) return list(path, data.events, eventSpec, context, decision, event);
				const found = /^\d+$/.test(id) ? data.events.find(row => row.id === Number(id)) : undefined;
				if (found === undefined) return notFound();
				if (sub === undefined) return jsonAnswer(200, event(found), decision);
				if (sub === 'events_users') return list(path, data.eventsUsers.filter(row => row.eventId === found.id), eventsUserSpec, context, decision, subscription);
				return notFound();
			}

			case 'events_users':
				return id === undefined ? list(path, data.eventsUsers, eventsUserSpec, context, decision, subscription) : notFound();
			default:
				return notFound();
		}
	}

	function tokenInfo(request: IncomingMessage, params: URLSearchParams): Answer {
		const token = bearerOf(request, params);
		const problem = bearerProblem(token);
		const found = token === undefined ? undefined : byToken.get(token);
		if (problem !== undefined || found === undefined) return unauthorized(problem ?? 'The access token is invalid');
		return {
			status: 200,
			headers: {'Content-Type': JSON_TYPE, 'Cache-Control': 'no-store', 'X-Request-Id': requestId()},
			body: JSON.stringify({
				resource_owner_id: null,
				scopes: found.scope.split(' '),
				expires_in_seconds: Math.max(0, Math.round((found.expiresAt - clock.now()) / 1000)),
				application: {uid: credentials.uid},
				created_at: Math.floor(found.createdAt / 1000),
			}),
		};
	}

	async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
		const started = performance.now();
		const url = new URL(request.url ?? '/', 'http://127.0.0.1');
		const method = (request.method ?? 'GET').toUpperCase();
		const path = url.pathname.replace(/\/+$/, '') || '/';
		const n = ++requestNumber;
		const entry: RequestLogEntry = {n, method, path, query: Object.fromEntries(url.searchParams), at: clock.now(), status: null, outcome: 'pending', fault: null, limitedBy: null};
		requests.push(entry);
		const fault = faults.take({n, method, path, query: entry.query});
		const context: Context = {entry, started, fault, params: url.searchParams};
		if (fault !== undefined) {
			entry.fault = fault.kind;
			switch (fault.kind) {
				case 'reset':
					entry.outcome = 'reset';
					request.socket.destroy();
					return;
				case 'hang':
					entry.outcome = 'hang';
					return;
				case 'status': {
					const preset = DEFAULT_STATUS_BODIES[fault.status] ?? {type: JSON_TYPE, body: JSON.stringify({status: fault.status})};
					send(response, context, {
						status: fault.status,
						headers: {'Content-Type': fault.contentType ?? preset.type, 'X-Request-Id': requestId(), ...fault.headers},
						body: fault.body ?? preset.body,
					});
					return;
				}

				case '429': {
					const seconds = fault.retryAfter === undefined ? (retryAfter === 'send' ? 1 : null) : fault.retryAfter;
					send(response, context, tooManyRequests(seconds));
					return;
				}

				case 'delay':
					await new Promise<void>(resolve => {
						const timer = setTimeout(() => {
							timers.delete(timer);
							resolve();
						}, fault.ms);
						timers.add(timer);
					});
					break;
				case 'expire-token':
					for (const token of issued) token.expiresAt = Math.min(token.expiresAt, clock.now());
					break;
				case 'revoke-token':
					for (const token of issued) token.revoked = true;
					break;
				case 'truncate':
				case 'bad-json':
					break;
			}
		}

		if (path === '/oauth/token' || path === '/v2/oauth/token') {
			if (method !== 'POST') {
				send(response, context, doorkeeperError(404, 'not_found', 'Use POST'));
				return;
			}

			const body = await readBody(request);
			if (options.tokenRateLimited) {
				const decision = rateLimit.admit();
				if (!decision.allowed) {
					entry.limitedBy = decision.exceeded;
					send(response, context, tooManyRequests(retryAfter === 'send' ? decision.retryAfterSeconds : null, decision));
					return;
				}
			}

			send(response, context, issueToken(tokenParams(request, url.searchParams, body)));
			return;
		}

		if (path === '/oauth/token/info' && (method === 'GET' || method === 'HEAD')) {
			send(response, context, tokenInfo(request, url.searchParams));
			return;
		}

		if (!path.startsWith('/v2/')) {
			send(response, context, {status: 404, headers: {'Content-Type': 'text/html', 'X-Request-Id': requestId()}, body: nginxPage('404 Not Found')});
			return;
		}

		const problem = bearerProblem(bearerOf(request, url.searchParams));
		if (problem !== undefined) {
			send(response, context, unauthorized(problem));
			return;
		}

		const decision = rateLimit.admit();
		if (!decision.allowed) {
			entry.limitedBy = decision.exceeded;
			send(response, context, tooManyRequests(retryAfter === 'send' ? decision.retryAfterSeconds : null, decision));
			return;
		}

		if (method !== 'GET' && method !== 'HEAD') {
			send(response, context, jsonAnswer(404, {}, decision));
			return;
		}

		send(response, context, route(path, context, decision));
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
			return {uid: credentials.uid, secret: credentials.secret};
		},
		rotateSecret(validForMs = 28 * 86_400_000) {
			credentials.secret = `s-s4t2ud-${tokenRandom.hex(64)}`;
			secretValidUntil = clock.now() + validForMs;
			return credentials.secret;
		},
		secretValidUntil: () => secretValidUntil,
		tokens: {
			list: () => issued,
			valid: () => issued.filter(token => !token.revoked && clock.now() < token.expiresAt),
			expireAll() {
				for (const token of issued) token.expiresAt = Math.min(token.expiresAt, clock.now());
			},
			revokeAll() {
				for (const token of issued) token.revoked = true;
			},
		},
		data,
		faults,
		rateLimit,
		requests,
		counters() {
			const byStatus: Record<number, number> = {};
			const byPath: Record<string, number> = {};
			let token = 0;
			let v2 = 0;
			let rateLimited = 0;
			let faulted = 0;
			for (const entry of requests) {
				if (entry.status !== null) byStatus[entry.status] = (byStatus[entry.status] ?? 0) + 1;
				if (entry.path.endsWith('/oauth/token')) token++;
				else if (entry.path.startsWith('/v2/')) {
					v2++;
					byPath[entry.path] = (byPath[entry.path] ?? 0) + 1;
				}

				if (entry.status === 429) rateLimited++;
				if (entry.fault !== null) faulted++;
			}

			return {total: requests.length, token, v2, byStatus, rateLimited, faulted, byPath};
		},
		clearRequests() {
			requests.length = 0;
		},
	};
}
