/**
 * setInterval as a hook, with an injectable scheduler so tests drive time themselves.
 */
import {useEffect, useRef} from 'react';
import {systemScheduler, type Scheduler} from '../../app/live/contract.js';

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
