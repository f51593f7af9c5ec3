/**
 * The 42 API client over got 14: OAuth token, pacing to the rate limits, retries and timeouts.
 *
 * got's own retry is switched off (`retry.limit: 0`) and replaced by one loop here, because the
 * decisions need state got does not have: every attempt must wait for a pacer slot, a 401
 * `invalid_token` means "fetch a new token and retry once", a 429 may mean the hourly budget is
 * spent (wait until the end of the hour, or stop with --no-wait), and the token POST (which got
 * never retries) needs the same treatment for 5xx and resets. got still provides the transport,
 * the explicit timeout (it has none by default) and the error classes.
 *
 * Decisions are made on the status and headers only, never on the body (42 changed its messages
 * wholesale in 2024 and the 429 body is plain text). No error message ever contains the secret:
 * messages are assembled from status codes, paths and fixed text, then redacted again.
 */
import got, {type Response} from 'got';
import {describeErrno, errnoCode} from '../../core/system-error.js';
import {IntraError, ROTATED_SECRET_MESSAGE, makeRedactor, type IntraErrorKind} from './errors.js';
import {Pacer, header, realSleep, type HeaderBag, type Sleep} from './pacer.js';
import {TokenManager, parseTokenGrant, type TokenGrant} from './token.js';

/** Application credentials (the uid is public, the secret is not). */
export type IntraCredentials = {
	readonly uid: string;
	readonly secret: string;
};

/** A wait the client is about to do, for progress output. */
export type IntraWait = {
	readonly reason: 'rate-limit' | 'hourly-budget' | 'retry';
	/** How long, ms. */
	readonly ms: number;
	/** Epoch ms when the wait ends (wall clock). */
	readonly until: number;
	/** Short explanation, e.g. "502 from /v2/campus/1/locations". */
	readonly detail: string;
};

/** Options of an IntraClient. */
export type IntraClientOptions = {
	/** API root, e.g. https://api.intra.42.fr (no trailing /v2). */
	readonly baseUrl: string;
	readonly credentials: IntraCredentials;
	/** Per-request timeout, ms. @default 20_000 */
	readonly timeoutMs?: number;
	/** Attempts for 5xx, timeouts, resets and truncated bodies. @default 6 */
	readonly maxAttempts?: number;
	/** First retry backoff, doubled each time (capped at 30 s). @default 1000 */
	readonly retryBaseMs?: number;
	/** Per-second 429s tolerated for one request before giving up. @default 30 */
	readonly max429?: number;
	/** Stop with an IntraError('budget') instead of waiting for the hourly budget. @default false */
	readonly noWait?: boolean;
	/** Wall clock, epoch ms (token expiry, "until" times). @default Date.now */
	readonly now?: () => number;
	/** Sleep used for every wait (tests may advance a fake clock in it). @default setTimeout */
	readonly sleep?: Sleep;
	/** The pacer (tests pass one with a fake clock). @default a 2/s, 1200/h pacer */
	readonly pacer?: Pacer;
	/** Aborts the request in flight and every wait (Ctrl-C). */
	readonly signal?: AbortSignal;
	readonly onWarning?: (message: string) => void;
	readonly onWait?: (wait: IntraWait) => void;
};

/** A parsed 2xx answer. */
export type IntraResponse<T> = {
	readonly status: number;
	readonly headers: HeaderBag;
	readonly body: T;
};

type RequestSpec = {
	readonly method: 'GET' | 'POST';
	readonly path: string;
	readonly searchParams?: Readonly<Record<string, string>>;
	readonly form?: Readonly<Record<string, string>>;
	/** 'api' sends the bearer token; 'token' is the token endpoint itself. */
	readonly kind: 'api' | 'token';
};

const RETRY_STATUSES = new Set([408, 500, 502, 503, 504, 520, 521, 522, 523, 524]);
const TRANSIENT_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ECONNABORTED', 'ETIMEDOUT', 'EAI_AGAIN', 'ENOTFOUND', 'ERR_STREAM_PREMATURE_CLOSE', 'EHOSTUNREACH', 'ENETUNREACH']);
/** A Retry-After longer than this is the hourly window, not the per-second one. */
const HOURLY_RETRY_AFTER_MS = 60_000;
const HOUR = 3_600_000;

/** Parses Retry-After (seconds or HTTP-date) into ms from `now`; undefined when absent or bad. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
	if (value === undefined || value.trim() === '') return undefined;
	const text = value.trim();
	if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
	const date = Date.parse(text);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The `error="…"` parameter of a WWW-Authenticate header. */
export function authError(headers: HeaderBag): string | undefined {
	const value = header(headers, 'www-authenticate');
	return value === undefined ? undefined : /error="([^"]*)"/i.exec(value)?.[1];
}

/** A transport failure got reported, classified; undefined for errors that are not retryable. */
function classifyTransport(error: unknown): {kind: IntraErrorKind; text: string} | undefined {
	if (typeof error !== 'object' || error === null) return undefined;
	const {name, code} = error as {name?: unknown; code?: unknown};
	if (name === 'TimeoutError') return {kind: 'timeout', text: 'no answer within the timeout'};
	// Truncated bodies: the socket closed before Content-Length bytes arrived.
	if (name === 'ReadError') return {kind: 'network', text: `the answer was cut short (${typeof code === 'string' ? code : 'read error'})`};
	if (name === 'ParseError') return {kind: 'parse', text: 'the answer was not valid JSON'};
	if (typeof code === 'string' && TRANSIENT_CODES.has(code)) return {kind: 'network', text: code};
	return undefined;
}

/** The 42 API client: `get` a resource; tokens, pacing and retries are handled inside. */
export class IntraClient {
	/** Requests sent (token and /v2, retries included). */
	requestCount = 0;
	/** Responses that were 429. */
	rateLimitedCount = 0;
	readonly pacer: Pacer;
	readonly tokens: TokenManager;
	private readonly baseUrl: string;
	private readonly options: IntraClientOptions;
	private readonly redact: (text: string) => string;
	/** Every access token this client was granted: redacted from messages like the secret. */
	private readonly issuedTokens: string[] = [];
	private readonly now: () => number;
	private readonly sleepFn: Sleep;

	constructor(options: IntraClientOptions) {
		this.options = options;
		this.baseUrl = options.baseUrl.replace(/\/+$/, '');
		this.redact = (text) => makeRedactor([options.credentials.secret, ...this.issuedTokens])(text).replaceAll(BEARER, 'Bearer [redacted]');
		this.now = options.now ?? Date.now;
		this.sleepFn = options.sleep ?? realSleep;
		this.pacer = options.pacer ?? new Pacer({sleep: this.sleepFn});
		this.tokens = new TokenManager({
			fetchGrant: async () => this.fetchGrant(),
			now: this.now,
			onWarning: (message) => options.onWarning?.(message),
		});
	}

	/** GETs a /v2 resource and parses its JSON body. */
	async get<T = unknown>(path: string, searchParams: Readonly<Record<string, string>> = {}): Promise<IntraResponse<T>> {
		return this.request<T>({method: 'GET', path, searchParams, kind: 'api'});
	}

	/** Fetches a token now (used by `login` to validate credentials). */
	async validate(): Promise<{secretValidUntil: number | undefined}> {
		this.tokens.invalidate();
		await this.tokens.get();
		return {secretValidUntil: this.tokens.secretValidUntil};
	}

	private async fetchGrant(): Promise<TokenGrant> {
		const {uid, secret} = this.options.credentials;
		const response = await this.request<unknown>({
			method: 'POST',
			path: '/oauth/token',
			form: {grant_type: 'client_credentials', client_id: uid, client_secret: secret},
			kind: 'token',
		});
		const grant = parseTokenGrant(response.body);
		if (!grant) throw new IntraError('auth', 'the token endpoint answered without an access token');
		this.issuedTokens.push(grant.accessToken);
		return grant;
	}

	private fail(kind: IntraErrorKind, message: string, options: {status?: number; hint?: string; resumeAt?: number} = {}): IntraError {
		return new IntraError(kind, this.redact(message), options);
	}

	private checkAborted(): void {
		if (this.options.signal?.aborted) throw new IntraError('aborted', 'interrupted');
	}

	private async wait(wait: Omit<IntraWait, 'until'>): Promise<void> {
		this.checkAborted();
		if (wait.ms <= 0) return;
		this.options.onWait?.({...wait, until: this.now() + wait.ms});
		try {
			await this.sleepFn(wait.ms, this.options.signal);
		} catch (error) {
			this.checkAborted();
			throw error;
		}

		this.checkAborted();
	}

	/** Waits for (or refuses to wait for) the hourly budget when the last answer said it is spent. */
	private async ensureHourlyBudget(retryAfterMs?: number): Promise<void> {
		const now = this.now();
		const until = retryAfterMs === undefined ? (Math.floor(now / HOUR) + 1) * HOUR + 1000 : now + retryAfterMs;
		const at = new Date(until).toISOString().slice(11, 19);
		if (this.options.noWait) {
			throw this.fail('budget', `hourly request budget spent (${this.pacer.perHour}/h); it frees up around ${at} UTC`, {resumeAt: until});
		}

		await this.wait({reason: 'hourly-budget', ms: until - now, detail: `hourly budget spent (${this.pacer.perHour}/h); waiting until ${at} UTC`});
		// Unknown until the next answer says otherwise.
		this.pacer.hourlyRemaining = undefined;
	}

	private async request<T>(spec: RequestSpec): Promise<IntraResponse<T>> {
		const maxAttempts = this.options.maxAttempts ?? 6;
		const max429 = this.options.max429 ?? 30;
		const retryBase = this.options.retryBaseMs ?? 1000;
		const what = `${spec.method} ${spec.path}`;
		let failures = 0;
		let limited = 0;
		let refreshed = false;
		for (;;) {
			this.checkAborted();
			if (this.pacer.hourlyExhausted()) await this.ensureHourlyBudget();
			// The token first: fetching it takes its own slot, and the GET must come one slot later.
			const token = spec.kind === 'api' ? await this.tokens.get() : undefined;
			await this.pacer.acquire();
			this.checkAborted();
			this.requestCount++;
			let response: Response<string>;
			try {
				response = await got(`${this.baseUrl}${spec.path}`, {
					method: spec.method,
					searchParams: spec.searchParams ? {...spec.searchParams} : undefined,
					form: spec.form ? {...spec.form} : undefined,
					headers: {
						accept: 'application/json',
						'user-agent': 'bigstat42',
						...(token === undefined ? {} : {authorization: `Bearer ${token}`}),
					},
					responseType: 'text',
					throwHttpErrors: false,
					followRedirect: false,
					retry: {limit: 0},
					timeout: {request: this.options.timeoutMs ?? 20_000},
					signal: this.options.signal,
				});
			} catch (error) {
				this.checkAborted();
				const transient = classifyTransport(error);
				if (transient === undefined) {
					const code = errnoCode(error);
					throw this.fail('network', `${what} failed: ${code === undefined ? 'request error' : describeErrno(error)}`);
				}

				failures++;
				if (failures >= maxAttempts) throw this.fail(transient.kind, `${what} failed after ${failures} attempt${failures === 1 ? '' : 's'}: ${transient.text}`);
				const ms = Math.min(30_000, retryBase * 2 ** (failures - 1));
				await this.wait({reason: 'retry', ms, detail: `${what}: ${transient.text}; retry ${failures}/${maxAttempts - 1}`});
				continue;
			}

			const status = response.statusCode;
			const headers = response.headers as HeaderBag;
			this.pacer.observe(headers);
			if (status >= 200 && status < 300) {
				let body: T;
				try {
					body = JSON.parse(response.body) as T;
				} catch {
					// A 200 with a cut body (Content-Length matched): treat it like a truncated transfer.
					failures++;
					if (failures >= maxAttempts) throw this.fail('parse', `${what}: the answer was not valid JSON (${failures} attempts)`);
					await this.wait({reason: 'retry', ms: Math.min(30_000, retryBase * 2 ** (failures - 1)), detail: `${what}: invalid JSON; retry ${failures}/${maxAttempts - 1}`});
					continue;
				}

				return {status, headers, body};
			}

			if (status === 401) {
				if (spec.kind === 'token') throw this.fail('auth', ROTATED_SECRET_MESSAGE, {status});
				if (authError(headers) === 'invalid_token' && !refreshed) {
					// Expired or revoked bearer: one new token, one more try.
					refreshed = true;
					this.tokens.invalidate();
					continue;
				}

				throw this.fail('auth', `${what}: the 42 API refused the access token (401${authError(headers) ? ` ${authError(headers)}` : ''})`, {status});
			}

			if (status === 400 && spec.kind === 'token') {
				// Doorkeeper's error code is only used for the message, never for the decision.
				const code = /"error"\s*:\s*"([a-z_]{1,40})"/.exec(response.body)?.[1] ?? 'bad request';
				throw this.fail('auth', `the 42 API refused the token request (400 ${code}); check the uid and secret, then run \`bigstat42 login\``, {status});
			}

			if (status === 429) {
				this.rateLimitedCount++;
				const retryAfter = parseRetryAfter(header(headers, 'retry-after'), this.now());
				if (this.pacer.hourlyExhausted() || (retryAfter !== undefined && retryAfter > HOURLY_RETRY_AFTER_MS)) {
					await this.ensureHourlyBudget(retryAfter);
					continue;
				}

				limited++;
				if (limited > max429) throw this.fail('rate', `${what}: still rate limited (429) after ${max429} waits`, {status});
				this.pacer.penalize();
				// Honour Retry-After when present; otherwise back off at least 1 s.
				const ms = Math.max(1000, retryAfter ?? 1000);
				await this.wait({reason: 'rate-limit', ms, detail: `429 from ${spec.path}`});
				continue;
			}

			if (RETRY_STATUSES.has(status)) {
				failures++;
				if (failures >= maxAttempts) throw this.fail('http', `${what} answered ${status} (${failures} attempts)`, {status});
				const ms = Math.min(30_000, retryBase * 2 ** (failures - 1));
				await this.wait({reason: 'retry', ms, detail: `${status} from ${spec.path}; retry ${failures}/${maxAttempts - 1}`});
				continue;
			}

			throw this.fail('http', `${what} answered ${status}${describeBody(response.body, this.redact)}`, {
				status,
				hint: status === 403 ? 'the application lacks a scope for this resource' : status === 404 ? 'check the campus id' : undefined,
			});
		}
	}
}

/** "Bearer <anything>" in a text from a server: the credential is blanked even if it is not one of ours. */
const BEARER = /\bBearer\s+[^\s"',;]+/gi;

/**
 * A short, printable summary of a JSON error body (`error: message`), or ''. Server text is
 * redacted (secret, every granted token, any bearer credential) before it is shortened, so a
 * credential cut at the 200-character limit cannot leak its first half.
 */
function describeBody(body: string, redact: (text: string) => string): string {
	try {
		const parsed = JSON.parse(body) as Record<string, unknown>;
		const parts = [parsed['error'], parsed['message']].filter((part): part is string => typeof part === 'string');
		if (parts.length === 0) return '';
		return `: ${redact(parts.join(': ')).replaceAll(/[\u0000-\u001F\u007F]/g, ' ').slice(0, 200)}`;
	} catch {
		return '';
	}
}
