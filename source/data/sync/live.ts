/**
 * Live mode against the 42 API: one `poll()` refreshes the store with the campus's open sessions,
 * spending at most a share (5 %) of the application's hourly request budget.
 *
 * ## What a poll asks
 * 1. **active**: `/v2/campus/:id/locations?filter[active]=true&sort=id`, 100 per page, every page
 *    (the sync's step 2): sessions that opened since the last poll, and those still open.
 * 2. **re-check**: sessions open in the store (this campus) but no longer in that list have ended
 *    (or were closed retroactively, or vanished): `filter[id]` in chunks of at most 100 (the API
 *    answers 502 to more) learns their end_at. A session the API no longer returns at all is left as it is,
 *    as the sync does, and not asked for again by this poller (the next sync re-checks it).
 * 3. One `store.commit({sessions})`: upserts by id, so an unchanged campus writes nothing.
 *
 * A poll does not touch the sync state: sessions that opened *and* closed between two polls are not
 * in the active list; the next `bigstat42 sync` (closed sessions by end_at) brings them.
 *
 * ## Budget
 * Requests go through the ordinary IntraClient (token, pacing, mapping); the poller only decides
 * whether to send them. Two rules, both on the injected clock:
 * - **spacing**: after a poll that sent `r` requests (token included) at `t`, the next one starts no
 *   earlier than `t + r × 3 600 000 / (share × hourlyLimit)`; at 1200/h and 5 % that is 60 s per
 *   request, so a poll that cost 3 requests is followed by 3 minutes of silence. The UI's feed ticks
 *   on a fixed interval: a tick that comes before that time gets `{changed: false, skipped:
 *   'interval'}` without any request (a tick up to `SPACING_TOLERANCE_MS` early still polls: timers
 *   and clocks jitter; the ledger below still caps the total).
 * - **ledger**: every request is recorded with its time; a poll starts only when the requests of the
 *   last hour plus the expected cost of the poll (what the previous one needed) fit in
 *   `floor(share × hourlyLimit)`, and each request (and the token fetch, done first so that it is
 *   accounted for) is sent only when one more still fits. A poll that runs out stops there, commits
 *   what it fetched and reports `partial: true`; the next poll fetches the rest. So the poller never
 *   sends more than the share in any sliding hour (a 401 `invalid_token` retry inside the client,
 *   which needs a new token, is the only request it cannot foresee; it is still recorded).
 *
 * The live client (`createLiveClient`) never retries inside a poll (a 429, 5xx or network error
 * fails the poll, and the next poll is the retry) and never waits for the hourly budget: a spent
 * budget fails the poll with a message saying when polling resumes, and polls skip until then.
 *
 * Errors are thrown as `LivePollError`, one line, safe to print (the client's messages never hold
 * the secret; `redact` blanks it again).
 */
import type {SessionRecord} from '../../core/model.js';
import type {IntraClient, IntraClientOptions, IntraResponse} from '../intra/client.js';
import {IntraError} from '../intra/errors.js';
import {toSessionRecord} from '../intra/mapping.js';
import {listPages, PAGE_SIZE} from '../intra/pagination.js';
import type {Store, UpsertResult} from '../store-types.js';
import {createClient, describeFailure} from './connect.js';
import {ID_CHUNK, openSessionIds} from './run.js';

/** Share of the hourly request budget live polling may spend (as `app/live/budget.ts`). */
export const LIVE_BUDGET_SHARE = 0.05;
/** How early a tick may come and still poll (see the spacing rule). */
export const SPACING_TOLERANCE_MS = 1000;
const HOUR = 3_600_000;

/** The client calls a poll needs (an IntraClient). */
export type LiveClient = Pick<IntraClient, 'get' | 'requestCount' | 'pacer' | 'tokens'>;

/** What `createLivePoller` needs. */
export type LivePollerDeps = {
	/** Built with `createLiveClient` (no retries, no waiting for the hourly budget). */
	readonly client: LiveClient;
	/** A writable store handle (the TUI's own handle is read-only). */
	readonly store: Pick<Store, 'commit' | 'sessions' | 'reload'>;
	readonly campusId: number;
	/** Wall clock, epoch ms: spacing and the request ledger. */
	readonly now: () => number;
	/** Share of the hourly budget. @default LIVE_BUDGET_SHARE */
	readonly share?: number;
	/** Blanks secrets in error messages (the client already does; a second line of defence). */
	readonly redact?: (text: string) => string;
};

/** What one `poll()` did. */
export type LivePollResult = {
	/** True when the commit inserted or updated a session. */
	readonly changed: boolean;
	/** X-Hourly-RateLimit-Remaining of the last answer, when one was seen. */
	readonly budgetLeft?: number;
	/** X-Hourly-RateLimit-Limit (or the default 1200 before the first answer). */
	readonly hourlyLimit?: number;
	/** Requests this poll sent (token included). */
	readonly requests: number;
	/** Why the poll sent nothing: too early after the last one, or no room in the hourly share. */
	readonly skipped?: 'interval' | 'budget';
	/** The poll ran out of its share part-way; what it fetched is committed, the rest comes next. */
	readonly partial?: boolean;
	/** Upsert counts of the commit (absent when nothing was committed). */
	readonly sessions?: UpsertResult;
	/** Stored open sessions the API no longer returns (left as they are). */
	readonly vanished?: number;
	/** Earliest time (epoch ms) the next poll may send a request. */
	readonly nextPollAt: number;
};

/** A live poller. */
export type LivePoller = {
	/** One poll (see the module header). Concurrent calls share the poll in flight. */
	poll(): Promise<LivePollResult>;
	/** Earliest time (epoch ms) the next poll may send a request. */
	nextPollAt(): number;
	/** Requests recorded in the sliding hour ending now. */
	requestsLastHour(): number;
};

/** A failed poll: one line, safe to print. */
export class LivePollError extends Error {
	constructor(message: string, cause: unknown) {
		super(message, {cause});
		this.name = 'LivePollError';
	}
}

/** Thrown by the gated client when the share of the hour is used up (never leaves `poll`). */
class BudgetStop extends Error {}

/**
 * A client for live polling: the ordinary IntraClient with one attempt per request (the next poll
 * is the retry), no per-second 429 waits and no waiting for the hourly budget.
 */
export function createLiveClient(options: IntraClientOptions): IntraClient {
	return createClient({timeoutMs: 15_000, ...options, maxAttempts: 1, max429: 0, noWait: true});
}

/** Creates the poller of one campus. */
export function createLivePoller(deps: LivePollerDeps): LivePoller {
	const {client, store, campusId} = deps;
	const share = deps.share ?? LIVE_BUDGET_SHARE;
	const redact = deps.redact ?? ((text: string) => text);
	const path = `/v2/campus/${campusId}/locations`;
	/** Send times of the requests of the last hour, ascending. */
	let ledger: number[] = [];
	let nextAt = Number.NEGATIVE_INFINITY;
	/** Requests the last poll needed (all of them, also when it stopped part-way). */
	let lastNeeded = 1;
	/** After a spent hourly budget: when the server's budget frees up. */
	let resumeAt: number | undefined;
	const vanished = new Set<number>();
	let inflight: Promise<LivePollResult> | undefined;

	const limit = (): number => Math.max(1, client.pacer.perHour);
	const cap = (): number => Math.floor(share * limit());
	const msPerRequest = (): number => HOUR / (share * limit());
	const prune = (now: number): void => {
		const first = ledger.findIndex((time) => time > now - HOUR);
		ledger = first === -1 ? [] : ledger.slice(first);
	};

	const budgetInfo = (): {budgetLeft?: number; hourlyLimit: number} => {
		const left = client.pacer.hourlyRemaining;
		return left === undefined ? {hourlyLimit: client.pacer.perHour} : {budgetLeft: left, hourlyLimit: client.pacer.perHour};
	};

	/** When `needed` more requests fit in the ledger (entries expire one hour after they were sent). */
	const roomAt = (now: number, needed: number): number => {
		const excess = ledger.length + needed - cap();
		if (excess <= 0) return now;
		return (ledger[Math.min(excess, ledger.length) - 1] ?? now) + HOUR;
	};

	async function run(): Promise<LivePollResult> {
		const start = deps.now();
		if (resumeAt !== undefined && start >= resumeAt) {
			// The client stops asking once an answer said the budget is spent; that hour is over.
			client.pacer.hourlyRemaining = undefined;
			resumeAt = undefined;
		}

		if (start < nextAt - SPACING_TOLERANCE_MS) return {changed: false, requests: 0, skipped: 'interval', nextPollAt: nextAt, ...budgetInfo()};
		prune(start);
		const expected = Math.min(cap(), Math.max(1, lastNeeded));
		if (ledger.length + expected > cap()) {
			nextAt = Math.max(nextAt, roomAt(start, expected));
			return {changed: false, requests: 0, skipped: 'budget', nextPollAt: nextAt, ...budgetInfo()};
		}

		let sent = 0;
		const record = (count: number): void => {
			const now = deps.now();
			for (let i = 0; i < count; i++) ledger.push(now);
			sent += count;
		};

		const fits = (): boolean => {
			prune(deps.now());
			return ledger.length + 1 <= cap();
		};

		/** The client's get, sent only when one more request fits (the token is fetched first). */
		const gated: Pick<IntraClient, 'get'> = {
			async get<T>(requestPath: string, params: Readonly<Record<string, string>> = {}): Promise<IntraResponse<T>> {
				if (!fits()) throw new BudgetStop();
				let before = client.requestCount;
				try {
					await client.tokens.get();
				} finally {
					record(client.requestCount - before);
				}

				if (!fits()) throw new BudgetStop();
				before = client.requestCount;
				try {
					return await client.get<T>(requestPath, params);
				} finally {
					record(client.requestCount - before);
				}
			},
		};

		const rows = new Map<number, SessionRecord>();
		const keep = (items: readonly unknown[]): number[] => {
			const ids: number[] = [];
			for (const item of items) {
				const record = toSessionRecord(item);
				if (record === undefined) continue;
				rows.set(record.id, record);
				ids.push(record.id);
			}

			return ids;
		};

		let partial = false;
		let activePages = 1;
		let recheckChunks = 0;
		let gone = 0;
		try {
			try {
				// 1. Every open session of the campus.
				const seen = new Set<number>();
				let complete = false;
				try {
					for await (const page of listPages<unknown>(gated, path, {'filter[active]': 'true', sort: 'id'})) {
						for (const id of keep(page.items)) seen.add(id);
						activePages = Math.max(page.page, page.pages ?? page.page);
						complete = page.last;
					}
				} catch (error) {
					if (!(error instanceof BudgetStop)) throw error;
					partial = true;
				}

				// 2. Stored open sessions that are no longer active: learn their end_at.
				if (complete) {
					await store.reload();
					const recheck = openSessionIds(store, campusId).filter((id) => !seen.has(id) && !vanished.has(id));
					recheckChunks = Math.ceil(recheck.length / ID_CHUNK);
					for (let chunk = 0; chunk < recheckChunks; chunk++) {
						const wanted = recheck.slice(chunk * ID_CHUNK, (chunk + 1) * ID_CHUNK);
						const answer = await gated.get<unknown>(path, {'filter[id]': wanted.join(','), sort: 'id', 'page[size]': String(PAGE_SIZE)});
						const found = new Set(keep(Array.isArray(answer.body) ? answer.body : []));
						for (const id of wanted) {
							if (found.has(id)) continue;
							vanished.add(id);
							gone++;
						}
					}
				}
			} catch (error) {
				if (!(error instanceof BudgetStop)) throw error;
				partial = true;
			}

			lastNeeded = activePages + recheckChunks;
			// 3. One commit; identical rows write nothing.
			if (rows.size === 0) return {changed: false, requests: sent, partial, vanished: gone, nextPollAt: schedule(start, sent), ...budgetInfo()};
			const result = await store.commit({sessions: [...rows.values()]});
			const changed = result.sessions.inserted + result.sessions.updated > 0;
			return {changed, requests: sent, partial, sessions: result.sessions, vanished: gone, nextPollAt: schedule(start, sent), ...budgetInfo()};
		} catch (error) {
			schedule(start, sent);
			if (error instanceof IntraError && error.kind === 'budget') {
				resumeAt = error.resumeAt ?? (Math.floor(deps.now() / HOUR) + 1) * HOUR;
				nextAt = Math.max(nextAt, resumeAt);
			}

			throw new LivePollError(redact(describe(error, resumeAt)), error);
		}
	}

	/** The spacing rule: the next poll after `requests` sent at `start`. */
	function schedule(start: number, requests: number): number {
		nextAt = Math.max(nextAt, start + Math.max(1, requests) * msPerRequest());
		return nextAt;
	}

	function describe(error: unknown, resume: number | undefined): string {
		if (error instanceof IntraError && error.kind === 'budget') {
			const at = resume === undefined ? '' : ` around ${new Date(resume).toISOString().slice(11, 16)} UTC`;
			return `API poll: the hourly request budget is spent; polling resumes${at}`;
		}

		if (error instanceof IntraError && error.kind === 'rate') return 'API poll: rate limited by the 42 API (429); the next poll tries again';
		return `API poll failed: ${describeFailure(error, redact).replaceAll(/\s*\n\s*/g, '; ')}`;
	}

	return {
		async poll() {
			inflight ??= run().finally(() => {
				inflight = undefined;
			});
			return inflight;
		},
		nextPollAt: () => nextAt,
		requestsLastHour() {
			prune(deps.now());
			return ledger.length;
		},
	};
}
