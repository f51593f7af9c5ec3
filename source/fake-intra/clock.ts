/**
 * The fake's controllable clock. It drives token expiry, "now" (open sessions, `filter[future]`,
 * locations_stats) and the hourly rate-limit bucket. The per-second bucket deliberately uses real
 * (wall-clock) time instead, so that a client's request pacing is really exercised.
 */

/** A clock tests can move. */
export type FakeClock = {
	/** Current time, ms since the epoch. */
	now(): number;
	/** Moves the clock forward (or backward with a negative value) by `ms`. */
	advance(ms: number): void;
	/** Sets the clock to an absolute instant (ms since the epoch). */
	set(ms: number): void;
};

/**
 * A clock starting at `startMs`. `'frozen'` (tests) only moves through advance/set; `'running'`
 * (the CLI) also follows real elapsed time.
 */
export function createClock(startMs: number, mode: 'frozen' | 'running' = 'frozen', wallNow: () => number = Date.now): FakeClock {
	let base = startMs;
	let wallBase = wallNow();
	const elapsed = (): number => (mode === 'running' ? wallNow() - wallBase : 0);
	return {
		now: () => base + elapsed(),
		advance(ms) {
			base += ms;
		},
		set(ms) {
			base = ms;
			wallBase = wallNow();
		},
	};
}
