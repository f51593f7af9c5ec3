/**
 * Errors of the 42 API client. Every message is built by this module's callers from status codes,
 * header values and fixed text — never from got's error objects (whose `options` hold the form body
 * with the client secret) — and is passed through `redact` as a second line of defence.
 */

/** What went wrong, for exit codes and hints. */
export type IntraErrorKind =
	/** Credentials refused (token endpoint 401/400, or a bearer refused twice). */
	| 'auth'
	/** Connection refused / reset / DNS, after retries. */
	| 'network'
	/** No answer within the timeout, after retries. */
	| 'timeout'
	/** An HTTP status the client does not retry (400, 403, 404…) or 5xx after retries. */
	| 'http'
	/** Still rate limited (429) after many waits. */
	| 'rate'
	/** The hourly request budget is spent and the caller asked not to wait (`--no-wait`). */
	| 'budget'
	/** A 2xx body that is not the JSON expected, after retries. */
	| 'parse'
	/** The caller aborted (Ctrl-C). */
	| 'aborted';

/** The message shown when the token endpoint refuses the client (42 rotates secrets). */
export const ROTATED_SECRET_MESSAGE =
	'the 42 API refused the application credentials (401 invalid_client): the secret is wrong or was rotated (42 rotates secrets): create a new secret on the intra application page and run `bigstat42 login`';

/** A client error safe to print: no secret, no token, no request body. */
export class IntraError extends Error {
	readonly kind: IntraErrorKind;
	readonly status: number | undefined;
	readonly hint: string | undefined;
	/** For 'budget': when the hourly budget frees up again (epoch ms), if known. */
	readonly resumeAt: number | undefined;
	constructor(kind: IntraErrorKind, message: string, options: {status?: number; hint?: string; resumeAt?: number} = {}) {
		super(message);
		this.name = 'IntraError';
		this.kind = kind;
		this.status = options.status;
		this.hint = options.hint;
		this.resumeAt = options.resumeAt;
	}
}

/** Returns a function that blanks every occurrence of the given secrets in a text. */
export function makeRedactor(secrets: ReadonlyArray<string | undefined>): (text: string) => string {
	// Very short values would blank ordinary words; real 42 secrets are 73 characters.
	const needles = secrets.filter((secret): secret is string => typeof secret === 'string' && secret.length >= 6);
	return (text) => {
		let result = text;
		for (const needle of needles) result = result.split(needle).join('[redacted]');
		return result;
	};
}
