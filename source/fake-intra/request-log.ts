/** The fake's log of the requests it saw, and the counts tests and benches read from it. */
import type {Fault} from './faults.js';

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

export function countRequests(requests: readonly RequestLogEntry[]): RequestCounters {
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
}
