/**
 * Request pacing for the 42 API's two buckets: per second and per hour.
 *
 * Per second: requests are spaced by `1000 / limit` ms plus a small margin, measured from the start
 * of the previous request. Spacing (rather than bursting up to the limit) is what keeps a client
 * clear of 429s whatever the server's window is: with a sliding window any two requests `limit`
 * apart are ≥ 1000 ms apart, and a fixed window then holds at most `limit` of them. The margin
 * absorbs scheduling jitter between our clock and the server's; at 2/s a 20 ms margin keeps 96 % of
 * the allowed rate. An unexpected per-second 429 widens the margin (adaptive, capped).
 *
 * Per hour: the budget left is read from `X-Hourly-RateLimit-Remaining`; `hourlyExhausted()` tells
 * the client to stop or wait before asking (a refused request would be wasted anyway).
 */

import {setTimeout as delay} from 'node:timers/promises';

/** Options of a Pacer. */
export type PacerOptions = {
	/** Requests per second until the server says otherwise. @default 2 */
	readonly perSecond?: number;
	/** Requests per hour until the server says otherwise. @default 1200 */
	readonly perHour?: number;
	/** Extra spacing per request, ms. @default 20 */
	readonly marginMs?: number;
	/** Monotonic milliseconds. @default performance.now */
	readonly now?: () => number;
	/** @default setTimeout-based */
	readonly sleep?: Sleep;
};

/** Header values as got exposes them. */
export type HeaderBag = Readonly<Record<string, string | string[] | undefined>>;

/** Reads a header as one string (first value), case-insensitively. */
export function header(headers: HeaderBag, name: string): string | undefined {
	const value = headers[name.toLowerCase()] ?? headers[name];
	return Array.isArray(value) ? value[0] : value;
}

function positiveNumber(text: string | undefined): number | undefined {
	if (text === undefined) return undefined;
	const value = Number(text.trim());
	return Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** A sleep that an AbortSignal can cut short (it then rejects). */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** The default sleep: a timer that does not outlive an abort. */
export const realSleep: Sleep = async (ms, signal) => {
	await delay(Math.max(0, ms), undefined, {signal});
};

/** Spaces requests to the per-second limit and tracks the hourly budget. */
export class Pacer {
	/** Current per-second limit (from headers when seen). */
	perSecond: number;
	/** Current hourly limit (from headers when seen). */
	perHour: number;
	/** Budget left this hour according to the last response; undefined before the first one. */
	hourlyRemaining: number | undefined;
	/** Current margin, ms (grows after an unexpected per-second 429). */
	marginMs: number;
	private readonly now: () => number;
	private readonly sleep: Sleep;
	private nextSlot = Number.NEGATIVE_INFINITY;
	private chain: Promise<void> = Promise.resolve();

	constructor(options: PacerOptions = {}) {
		this.perSecond = options.perSecond ?? 2;
		this.perHour = options.perHour ?? 1200;
		this.marginMs = options.marginMs ?? 20;
		this.now = options.now ?? (() => performance.now());
		this.sleep = options.sleep ?? realSleep;
	}

	/** Milliseconds between two request starts. */
	intervalMs(): number {
		return 1000 / Math.max(this.perSecond, 0.001) + this.marginMs;
	}

	/** Waits for the next request slot. Concurrent callers are served one after the other. */
	async acquire(): Promise<void> {
		const turn = this.chain.then(async () => {
			const wait = this.nextSlot - this.now();
			if (wait > 0) await this.sleep(wait);
			// From the real start time: a late timer must not let the next request come early.
			this.nextSlot = this.now() + this.intervalMs();
		});
		this.chain = turn.catch(() => undefined);
		return turn;
	}

	/** Learns the limits and the hourly budget from a response's headers. */
	observe(headers: HeaderBag): void {
		const secondLimit = positiveNumber(header(headers, 'x-secondly-ratelimit-limit'));
		if (secondLimit !== undefined && secondLimit > 0) this.perSecond = secondLimit;
		const hourLimit = positiveNumber(header(headers, 'x-hourly-ratelimit-limit'));
		if (hourLimit !== undefined && hourLimit > 0) this.perHour = hourLimit;
		const hourLeft = positiveNumber(header(headers, 'x-hourly-ratelimit-remaining'));
		if (hourLeft !== undefined) this.hourlyRemaining = hourLeft;
	}

	/** Pushes the next slot at least `ms` from now (Retry-After, backoff). */
	defer(ms: number): void {
		this.nextSlot = Math.max(this.nextSlot, this.now() + ms);
	}

	/** After a per-second 429 we did not expect: widen the margin a little (at most 250 ms). */
	penalize(): void {
		this.marginMs = Math.min(250, this.marginMs + 25);
	}

	/** True when the last response said the hourly budget is spent. */
	hourlyExhausted(): boolean {
		return this.hourlyRemaining !== undefined && this.hourlyRemaining <= 0;
	}
}
