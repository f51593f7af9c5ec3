/**
 * Shared plumbing of the `sync` and `login` commands: the API URL check, the client factory and
 * printable failure messages.
 */
import type {IntraClientOptions} from '../intra/client.js';
import {IntraClient} from '../intra/client.js';
import {IntraError} from '../intra/errors.js';
import {StoreError} from '../store-types.js';

/** The real API. */
export const DEFAULT_API_URL = 'https://api.intra.42.fr';

/** A valid http(s) API root without trailing slash, or undefined. */
export function normalizeApiUrl(text: string): string | undefined {
	try {
		const url = new URL(text);
		if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
		if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') return undefined;
		return url.toString().replace(/\/+$/, '');
	} catch {
		return undefined;
	}
}

/** Builds a client (a thin wrapper so commands and tests share defaults). */
export function createClient(options: IntraClientOptions): IntraClient {
	return new IntraClient(options);
}

/** A one- or two-line explanation of an error, safe to print (never includes the secret). */
export function describeFailure(error: unknown, redact: (text: string) => string): string {
	if (error instanceof IntraError) {
		const hint =
			error.hint ??
			(error.kind === 'network' || error.kind === 'timeout' ? 'check the network and --api-url' : error.kind === 'rate' ? 'the API keeps refusing: try again later' : undefined);
		return redact(`${error.message}${hint ? `\n  hint: ${hint}` : ''}`);
	}

	if (error instanceof StoreError) return redact(`store ${error.path}: ${error.message}${error.hint ? `\n  hint: ${error.hint}` : ''}`);
	// Unknown errors: only the message, never the object (got errors carry the request options).
	return redact(error instanceof Error ? error.message : String(error));
}
