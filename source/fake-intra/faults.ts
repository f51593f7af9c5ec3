/**
 * Scheduled fault injection. A rule pairs a *match* (which requests) with a *fault* (what goes wrong);
 * rules are checked in the order they were added, the first one that matches fires, and a rule fires
 * `times` times (after skipping `skip` matches). Everything is keyed on request numbers and paths, so
 * a schedule plays out identically on every run.
 */

/** The request a rule is matched against. `n` is the 1-based number of the request since start (all paths). */
export type FaultRequest = {
	readonly n: number;
	readonly method: string;
	readonly path: string;
	readonly query: Readonly<Record<string, string>>;
};

/** Which requests a rule applies to. */
export type FaultMatch =
	/** Request number `n` and, with `times` > 1, the ones right after it. */
	| {readonly on: 'nth'; readonly n: number}
	/** The next request(s), whatever they are. */
	| {readonly on: 'next'}
	/** Paths starting with `path` (a string), or matching it (a RegExp); e.g. '/v2/', '/oauth/token'. */
	| {readonly on: 'path'; readonly path: string | RegExp}
	/** Every `every`-th request (n % every === 0). Fires forever unless `times` is given. */
	| {readonly on: 'every'; readonly every: number}
	/** Any rule you like. */
	| {readonly on: 'predicate'; readonly test: (request: FaultRequest) => boolean};

/** What goes wrong. */
export type Fault =
	/** An error status instead of the answer. Default bodies: 500 JSON, 502/503/504 nginx HTML. */
	| {readonly kind: 'status'; readonly status: number; readonly body?: string; readonly contentType?: string; readonly headers?: Readonly<Record<string, string>>}
	/** A 429 exactly like the real limiter's; `retryAfter` overrides the server option (null = omit). */
	| {readonly kind: '429'; readonly retryAfter?: number | null}
	/** The normal answer, sent `ms` of real time late (beyond the client's timeout, typically). */
	| {readonly kind: 'delay'; readonly ms: number}
	/** No answer at all until the client gives up or the fake closes. */
	| {readonly kind: 'hang'}
	/** The connection is destroyed before any byte of the answer (ECONNRESET on the client). */
	| {readonly kind: 'reset'}
	/** The normal status and headers with the full Content-Length, then only `fraction` of the body, then the socket is destroyed. */
	| {readonly kind: 'truncate'; readonly fraction?: number}
	/** Every token issued so far expires now; the request then proceeds (→ 401 "The access token expired"). */
	| {readonly kind: 'expire-token'}
	/** Every token issued so far is revoked; the request then proceeds (→ 401 "The access token was revoked"). */
	| {readonly kind: 'revoke-token'}
	/** A 200 whose JSON body is cut short but whose Content-Length matches (a parse error, not a network one). */
	| {readonly kind: 'bad-json'};

/** How often a rule fires. */
export type FaultScheduleOptions = {
	/** Number of times the rule fires; `Infinity` = forever. @default 1 (Infinity for `every`) */
	readonly times?: number;
	/** Matching requests to let through before the rule starts firing. @default 0 */
	readonly skip?: number;
};

/** A scheduled rule, as returned by `inject`. */
export type FaultHandle = {
	readonly id: number;
	/** How many times it fired so far. */
	fired(): number;
	/** How many firings are left. */
	remaining(): number;
	/** Removes the rule. */
	cancel(): void;
};

/** One fault that fired, in order. */
export type FiredFault = {readonly rule: number; readonly n: number; readonly path: string; readonly kind: Fault['kind']};

type Rule = {id: number; match: FaultMatch; fault: Fault; remaining: number; skip: number; fired: number};

/** The fault schedule of one fake server. */
export class FaultSchedule {
	/** Every fault that fired, in order. */
	readonly history: FiredFault[] = [];
	private rules: Rule[] = [];
	private nextId = 1;

	/** Schedules `fault` for the requests `match` selects. */
	inject(match: FaultMatch, fault: Fault, options: FaultScheduleOptions = {}): FaultHandle {
		const rule: Rule = {
			id: this.nextId++,
			match,
			fault,
			remaining: options.times ?? (match.on === 'every' ? Number.POSITIVE_INFINITY : 1),
			skip: options.skip ?? 0,
			fired: 0,
		};
		this.rules.push(rule);
		return {
			id: rule.id,
			fired: () => rule.fired,
			remaining: () => rule.remaining,
			cancel: () => {
				this.rules = this.rules.filter(other => other !== rule);
			},
		};
	}

	/** `count` consecutive 429s on the next /v2 requests (a "429 storm"). */
	storm429(count: number, retryAfter?: number | null): FaultHandle {
		return this.inject({on: 'path', path: '/v2/'}, retryAfter === undefined ? {kind: '429'} : {kind: '429', retryAfter}, {times: count});
	}

	/** Removes every rule (the history stays). */
	clear(): void {
		this.rules = [];
	}

	/** Rules still able to fire. */
	pending(): number {
		return this.rules.filter(rule => rule.remaining > 0).length;
	}

	/** The fault for this request, if a rule fires on it (consumes one firing). */
	take(request: FaultRequest): Fault | undefined {
		for (const rule of this.rules) {
			if (rule.remaining <= 0 || !matches(rule.match, request)) continue;
			if (rule.skip > 0) {
				rule.skip--;
				continue;
			}

			rule.remaining--;
			rule.fired++;
			this.history.push({rule: rule.id, n: request.n, path: request.path, kind: rule.fault.kind});
			return rule.fault;
		}

		return undefined;
	}
}

function matches(match: FaultMatch, request: FaultRequest): boolean {
	switch (match.on) {
		case 'nth':
			return request.n >= match.n;
		case 'next':
			return true;
		case 'path':
			return typeof match.path === 'string' ? request.path.startsWith(match.path) : match.path.test(request.path);
		case 'every':
			return match.every > 0 && request.n % match.every === 0;
		case 'predicate':
			return match.test(request);
	}
}
