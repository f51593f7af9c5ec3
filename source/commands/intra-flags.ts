/**
 * The 42 API flags shared by `login`, `sync` and the dashboard (live polling): the API root and the
 * application credentials, with the one check of `--api-url`.
 */
import {DEFAULT_API_URL, normalizeApiUrl} from '../data/sync/connect.js';
import {UsageError} from './types.js';

/** `--api-url URL`. */
export const apiUrlFlag = {apiUrl: {type: 'string'}} as const;

/** `--api-url`, `--uid`, `--secret`. */
export const intraFlags = {
	...apiUrlFlag,
	uid: {type: 'string'},
	secret: {type: 'string'},
} as const;

/** The normalised API root of `--api-url` (default the real API); a usage error when it is not http(s). */
export function apiUrlOf(value: string | undefined, help: string): string {
	const apiUrl = normalizeApiUrl(value ?? DEFAULT_API_URL);
	if (apiUrl === undefined) throw new UsageError(`--api-url "${value}" is not an http(s) URL`, help);
	return apiUrl;
}
