/**
 * setInterval as a hook, with an injectable scheduler so tests drive time themselves.
 */
import {useEffect, useRef} from 'react';

/** The two timer functions a hook needs (the global ones by default). */
export type Scheduler = {
	setInterval(callback: () => void, ms: number): unknown;
	clearInterval(handle: unknown): void;
};

/** The real timers. */
export const systemScheduler: Scheduler = {
	setInterval: (callback, ms) => setInterval(callback, ms),
	clearInterval: (handle) => {
		clearInterval(handle as NodeJS.Timeout);
	},
};

/**
 * Calls `callback` every `ms` milliseconds while `ms` is a positive number; null stops it. The
 * latest callback is always the one called (no restart when it changes identity).
 */
export function useInterval(callback: () => void, ms: number | null, scheduler: Scheduler = systemScheduler): void {
	const latest = useRef(callback);
	latest.current = callback;
	useEffect(() => {
		if (ms === null || !(ms > 0)) return;
		const handle = scheduler.setInterval(() => {
			latest.current();
		}, ms);
		return () => {
			scheduler.clearInterval(handle);
		};
	}, [ms, scheduler]);
}
