/**
 * The answers the fake sends besides resource bodies: JSON answers with 42's headers, the 401s of a bad
 * bearer, Doorkeeper's OAuth errors, the 429 of a refused request and nginx's HTML status pages.
 */
import {createHash, randomUUID} from 'node:crypto';
import type {RateDecision} from './rate-limit.js';

/** An answer before it is written (the writer adds X-Runtime and Content-Length). */
export type Answer = {status: number; headers: Record<string, string>; body: string};

/** The X-Application-* values of every admitted /v2 answer. */
export type Application = {readonly id: string; readonly name: string; readonly roles: string};

export const JSON_TYPE = 'application/json; charset=utf-8';
const TEXT_429 = '429 Too Many Requests (Spam Rate Limit Exceeded)';

/** An nginx error page, byte for byte (CRLF line ends). */
export function nginxPage(title: string): string {
	return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}

/** Bodies of injected `status` faults when the fault names none: Rails' JSON 500, nginx's 502/503/504. */
export const DEFAULT_STATUS_BODIES: Readonly<Record<number, {type: string; body: string}>> = {
	500: {type: JSON_TYPE, body: JSON.stringify({status: 500, error: 'Internal Server Error'})},
	502: {type: 'text/html', body: nginxPage('502 Bad Gateway')},
	503: {type: 'text/html', body: nginxPage('503 Service Temporarily Unavailable')},
	504: {type: 'text/html', body: nginxPage('504 Gateway Time-out')},
};

export function requestId(): string {
	return randomUUID();
}

/** 401 of /v2 with a missing, unknown, expired or revoked bearer (no rate or application headers). */
export function unauthorized(description: string): Answer {
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

/** An OAuth error of the token endpoint, as Doorkeeper writes it. */
export function doorkeeperError(status: number, error: string, description: string): Answer {
	const headers: Record<string, string> = {'Content-Type': JSON_TYPE, 'Cache-Control': 'no-store', Pragma: 'no-cache', 'X-Request-Id': requestId()};
	if (status === 401) headers['WWW-Authenticate'] = `Bearer realm="42 API", error="${error}", error_description="${description}"`;
	return {status, headers, body: JSON.stringify({error, error_description: description})};
}

/** The answers that carry the application's and the buckets' headers. */
export type Answers = {
	rateHeaders(decision: Pick<RateDecision, 'secondlyLimit' | 'secondlyRemaining' | 'hourlyLimit' | 'hourlyRemaining'>): Record<string, string>;
	/** A 429; `seconds` null sends no Retry-After; the bucket headers only with `rateLimitHeadersOn429`. */
	tooManyRequests(seconds: number | null, decision?: RateDecision): Answer;
	/** A JSON answer with Rails' cache headers, a weak ETag and the rate headers. */
	json(status: number, value: unknown, decision: RateDecision, extra?: Record<string, string>): Answer;
};

export function createAnswers(application: Application, rateLimitHeadersOn429: boolean): Answers {
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

	return {
		rateHeaders,
		tooManyRequests(seconds, decision) {
			const headers: Record<string, string> = {'Content-Type': 'text/plain; charset=utf-8', 'X-Request-Id': requestId()};
			if (seconds !== null) headers['Retry-After'] = String(seconds);
			if (decision !== undefined && rateLimitHeadersOn429) Object.assign(headers, rateHeaders(decision));
			return {status: 429, headers, body: TEXT_429};
		},
		json(status, value, decision, extra = {}) {
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
		},
	};
}
