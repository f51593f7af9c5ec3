/**
 * The OAuth2 client-credentials token of the 42 API: fetched once, kept until 60 s
 * before it expires, dropped when the API says `invalid_token`. The HTTP exchange itself is
 * injected (the client routes it through its pacing and retry loop).
 */

/** The fields of a `POST /oauth/token` answer that matter here. */
export type TokenGrant = {
	readonly accessToken: string;
	/** Seconds. */
	readonly expiresIn: number;
	/** Epoch ms, when the server sent `secret_valid_until`. */
	readonly secretValidUntil: number | undefined;
};

/** Parses a token answer body; undefined when it is not one. */
export function parseTokenGrant(body: unknown): TokenGrant | undefined {
	if (typeof body !== 'object' || body === null) return undefined;
	const record = body as Record<string, unknown>;
	const accessToken = record['access_token'];
	if (typeof accessToken !== 'string' || accessToken === '') return undefined;
	const expiresIn = typeof record['expires_in'] === 'number' ? record['expires_in'] : 7200;
	const valid = record['secret_valid_until'];
	return {
		accessToken,
		expiresIn,
		secretValidUntil: typeof valid === 'number' && Number.isFinite(valid) ? valid * 1000 : undefined,
	};
}

/** Keep a token until this long before its announced expiry. */
export const TOKEN_EARLY_RENEW_MS = 60_000;
/** Warn when the secret stops working within this long. */
export const SECRET_WARNING_MS = 7 * 86_400_000;

/** Options of a TokenManager. */
export type TokenManagerOptions = {
	/** Performs the token request (errors are the caller's, already safe to print). */
	readonly fetchGrant: () => Promise<TokenGrant>;
	/** Wall clock, epoch ms. */
	readonly now: () => number;
	/** Called once with a warning about the secret's expiry. */
	readonly onWarning?: (message: string) => void;
};

/** Caches the bearer token. */
export class TokenManager {
	/** Tokens fetched so far. */
	fetched = 0;
	/** When the secret stops working, as last announced (epoch ms). */
	secretValidUntil: number | undefined;
	private token: string | undefined;
	private expiresAt = 0;
	private pending: Promise<string> | undefined;
	private warned = false;
	private readonly options: TokenManagerOptions;

	constructor(options: TokenManagerOptions) {
		this.options = options;
	}

	/** A valid token, fetching one when none is cached or it is about to expire. */
	async get(): Promise<string> {
		if (this.token !== undefined && this.options.now() < this.expiresAt) return this.token;
		// One fetch for concurrent callers.
		this.pending ??= this.fetch().finally(() => {
			this.pending = undefined;
		});
		return this.pending;
	}

	/** Forgets the cached token (after a 401 invalid_token). */
	invalidate(): void {
		this.token = undefined;
		this.expiresAt = 0;
	}

	private async fetch(): Promise<string> {
		const grant = await this.options.fetchGrant();
		this.fetched++;
		const now = this.options.now();
		this.token = grant.accessToken;
		this.expiresAt = now + Math.max(0, grant.expiresIn * 1000 - TOKEN_EARLY_RENEW_MS);
		this.secretValidUntil = grant.secretValidUntil;
		if (!this.warned && grant.secretValidUntil !== undefined && grant.secretValidUntil - now < SECRET_WARNING_MS) {
			this.warned = true;
			const days = Math.max(0, Math.floor((grant.secretValidUntil - now) / 86_400_000));
			const when = new Date(grant.secretValidUntil).toISOString().slice(0, 16).replace('T', ' ');
			this.options.onWarning?.(
				`the 42 API secret expires on ${when} UTC (in ${days} day${days === 1 ? '' : 's'}): create a new secret on the intra application page and run \`bigstat42 login\``,
			);
		}

		return grant.accessToken;
	}
}
