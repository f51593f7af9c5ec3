/**
 * OAuth of the fake: client credentials (rotatable secret with a validity date), the token endpoint's
 * parameters and errors, issued bearer tokens (expiry by the fake clock, revocation) and token info.
 */
import type {IncomingMessage} from 'node:http';
import {type Answer, doorkeeperError, JSON_TYPE, requestId, unauthorized} from './answers.js';
import type {FakeClock} from './clock.js';
import type {Random} from './random.js';

/** One access token the fake issued. */
export type IssuedToken = {
	readonly token: string;
	readonly createdAt: number;
	expiresAt: number;
	revoked: boolean;
	readonly scope: string;
};

const INVALID_CLIENT = 'Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.';
const VALID_SCOPES = new Set(['public', 'projects', 'profile', 'elearning', 'tig', 'forum']);

/** Reads a request body (token endpoint only; /v2 bodies are ignored). */
export async function readBody(request: IncomingMessage): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of request) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks).toString('utf8');
}

/** Token-request parameters from the query, a form / JSON / multipart body and HTTP Basic auth. */
export function tokenParams(request: IncomingMessage, query: URLSearchParams, body: string): Map<string, string> {
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

export function bearerOf(request: IncomingMessage, params: URLSearchParams): string | undefined {
	const header = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1]?.trim();
	return header ?? params.get('access_token') ?? undefined;
}

export type AuthOptions = {
	readonly clock: FakeClock;
	/** Source of secrets and tokens. */
	readonly random: Random;
	readonly credentials?: {readonly uid: string; readonly secret: string};
	/** When the first secret stops working (ms). */
	readonly secretValidUntil: number;
	readonly tokenTtlMs: number;
};

export type Auth = {
	readonly credentials: {uid: string; secret: string};
	secretValidUntil(): number;
	rotateSecret(validForMs?: number): string;
	readonly issued: IssuedToken[];
	expireAll(): void;
	revokeAll(): void;
	/** undefined when the bearer is fine, else the 401 description. */
	bearerProblem(token: string | undefined): string | undefined;
	/** POST /oauth/token with its parameters. */
	issueToken(params: Map<string, string>): Answer;
	/** GET /oauth/token/info. */
	tokenInfo(request: IncomingMessage, params: URLSearchParams): Answer;
};

export function createAuth(options: AuthOptions): Auth {
	const {clock, random, tokenTtlMs} = options;
	const credentials = {
		uid: options.credentials?.uid ?? `u-s4t2ud-${random.hex(64)}`,
		secret: options.credentials?.secret ?? `s-s4t2ud-${random.hex(64)}`,
	};
	let secretValidUntil = options.secretValidUntil;
	const issued: IssuedToken[] = [];
	const byToken = new Map<string, IssuedToken>();

	function bearerProblem(token: string | undefined): string | undefined {
		const found = token === undefined ? undefined : byToken.get(token);
		if (found === undefined) return 'The access token is invalid';
		if (found.revoked) return 'The access token was revoked';
		if (clock.now() >= found.expiresAt) return 'The access token expired';
		return undefined;
	}

	return {
		credentials,
		secretValidUntil: () => secretValidUntil,
		rotateSecret(validForMs = 28 * 86_400_000) {
			credentials.secret = `s-s4t2ud-${random.hex(64)}`;
			secretValidUntil = clock.now() + validForMs;
			return credentials.secret;
		},
		issued,
		expireAll() {
			for (const token of issued) token.expiresAt = Math.min(token.expiresAt, clock.now());
		},
		revokeAll() {
			for (const token of issued) token.revoked = true;
		},
		bearerProblem,
		issueToken(params) {
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

			const token: IssuedToken = {token: random.hex(64), createdAt: now, expiresAt: now + tokenTtlMs, revoked: false, scope: scopes.join(' ')};
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
		},
		tokenInfo(request, params) {
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
		},
	};
}
