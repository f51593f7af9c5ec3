/**
 * The two 42 rate-limit buckets: per second and per hour, per application.
 *
 * - Per second: **real wall-clock time** (injectable for tests), so that a client's pacing is
 *   exercised for real. `'sliding'` (default) counts accepted requests in the last 1000 ms, which is
 *   stricter than a fixed window: a client that passes it also passes a fixed window. `'fixed'`
 *   counts per calendar second.
 * - Per hour: the fake's controllable clock, fixed windows aligned on the hour (so "wait until the
 *   end of the hour" is a well-defined Retry-After).
 * Rejected (429) requests are not counted in either bucket.
 */

/** Configuration of the buckets. */
export type RateLimitOptions = {
	/** @default 2 */
	readonly perSecond?: number;
	/** @default 1200 */
	readonly perHour?: number;
	/** When false, nothing is ever rejected (headers still count down to 0). @default true */
	readonly enforce?: boolean;
	/** @default 'sliding' */
	readonly secondlyWindow?: 'sliding' | 'fixed';
};

/** The outcome of admitting one request. */
export type RateDecision = {
	readonly allowed: boolean;
	/** Which bucket refused it (hourly is checked first). */
	readonly exceeded: 'secondly' | 'hourly' | null;
	/** Seconds until the refusing bucket frees a slot (≥ 1). */
	readonly retryAfterSeconds: number;
	readonly secondlyLimit: number;
	readonly secondlyRemaining: number;
	readonly hourlyLimit: number;
	readonly hourlyRemaining: number;
};

const HOUR_MS = 3_600_000;

/** The per-application buckets. */
export class RateLimiter {
	perSecond: number;
	perHour: number;
	enforce: boolean;
	readonly secondlyWindow: 'sliding' | 'fixed';
	private recent: number[] = [];
	private hourKey = Number.NaN;
	private hourCount = 0;
	private readonly wallNow: () => number;
	private readonly clockNow: () => number;

	constructor(options: RateLimitOptions, wallNow: () => number, clockNow: () => number) {
		this.wallNow = wallNow;
		this.clockNow = clockNow;
		this.perSecond = options.perSecond ?? 2;
		this.perHour = options.perHour ?? 1200;
		this.enforce = options.enforce ?? true;
		this.secondlyWindow = options.secondlyWindow ?? 'sliding';
	}

	/** Counts one request if it is allowed; returns the decision and the header values. */
	admit(): RateDecision {
		const wall = this.wallNow();
		const secondly = this.secondlyUsed(wall);
		const hourly = this.hourlyUsed();
		const base = {secondlyLimit: this.perSecond, hourlyLimit: this.perHour};
		if (this.enforce && hourly >= this.perHour) {
			const endOfHour = (Math.floor(this.clockNow() / HOUR_MS) + 1) * HOUR_MS;
			const retry = Math.max(1, Math.ceil((endOfHour - this.clockNow()) / 1000));
			return {...base, allowed: false, exceeded: 'hourly', retryAfterSeconds: retry, secondlyRemaining: Math.max(0, this.perSecond - secondly), hourlyRemaining: 0};
		}

		if (this.enforce && secondly >= this.perSecond) {
			return {...base, allowed: false, exceeded: 'secondly', retryAfterSeconds: 1, secondlyRemaining: 0, hourlyRemaining: Math.max(0, this.perHour - hourly)};
		}

		this.recent.push(wall);
		this.hourCount++;
		return {
			...base,
			allowed: true,
			exceeded: null,
			retryAfterSeconds: 0,
			secondlyRemaining: Math.max(0, this.perSecond - secondly - 1),
			hourlyRemaining: Math.max(0, this.perHour - hourly - 1),
		};
	}

	/** Remaining requests in the current hour (by the fake clock). */
	hourlyRemaining(): number {
		return Math.max(0, this.perHour - this.hourlyUsed());
	}

	/** Remaining requests in the current second (by wall-clock time). */
	secondlyRemaining(): number {
		return Math.max(0, this.perSecond - this.secondlyUsed(this.wallNow()));
	}

	/** Uses up the current hour, or sets how many requests it has already used. */
	useHour(count = this.perHour): void {
		this.hourlyUsed();
		this.hourCount = count;
	}

	/** Empties both buckets. */
	reset(): void {
		this.recent = [];
		this.hourCount = 0;
	}

	private secondlyUsed(wall: number): number {
		if (this.secondlyWindow === 'fixed') {
			const second = Math.floor(wall / 1000);
			this.recent = this.recent.filter(time => Math.floor(time / 1000) === second);
		} else {
			this.recent = this.recent.filter(time => time > wall - 1000);
		}

		return this.recent.length;
	}

	private hourlyUsed(): number {
		const key = Math.floor(this.clockNow() / HOUR_MS);
		if (key !== this.hourKey) {
			this.hourKey = key;
			this.hourCount = 0;
		}

		return this.hourCount;
	}
}
