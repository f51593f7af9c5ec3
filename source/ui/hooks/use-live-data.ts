/**
 * The data snapshot on screen and how it stays fresh: `r` reloads; in live mode a feed is polled on
 * its interval (and may push a poll itself, e.g. fs.watch), and when it reports a change the
 * snapshot is reloaded. Errors never drop the data on screen: they are shown next to it.
 */
import {useCallback, useEffect, useRef, useState} from 'react';
import type {LiveDataDeps, Snapshot} from '../../app/live/contract.js';
import {systemScheduler} from '../../app/live/contract.js';
import {useInterval} from './use-interval.js';

export type LiveData = {
	readonly snapshot: Snapshot;
	/** Wall-clock time of the last successful load. */
	readonly lastUpdated: number;
	readonly loading: boolean;
	readonly error: string | null;
	readonly budgetLeft: number | undefined;
	/** The feed's latest data note (e.g. bad lines skipped in a watched file). */
	readonly note: string | undefined;
	/** Reloads now (the `r` key). */
	reload(): void;
};

function message(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

/** Keeps the snapshot, polling the feed while `active` (live and not paused). */
export function useLiveData(deps: LiveDataDeps, active: boolean): LiveData {
	const [snapshot, setSnapshot] = useState<Snapshot>(() => ({...deps.initial, version: 0}));
	const [lastUpdated, setLastUpdated] = useState(() => deps.wallClock());
	const [loading, setLoading] = useState(false);
	const [error, setError] = useState<string | null>(null);
	const [budgetLeft, setBudgetLeft] = useState<number | undefined>(undefined);
	const [note, setNote] = useState<string | undefined>(undefined);
	const busy = useRef(false);
	const mounted = useRef(true);
	useEffect(() => {
		mounted.current = true;
		return () => {
			mounted.current = false;
		};
	}, []);

	const depsRef = useRef(deps);
	depsRef.current = deps;

	/** Runs one load step at a time; overlapping ticks are skipped, never queued. */
	const run = useCallback(async (poll: boolean) => {
		if (busy.current) return;
		busy.current = true;
		const {feed, reload, wallClock} = depsRef.current;
		try {
			// A skipped poll (budget spacing) checked nothing: "updated Ns ago" must keep counting.
			let checked = true;
			if (poll && feed) {
				const result = await feed.poll();
				if (!mounted.current) return;
				if (result.budgetLeft !== undefined) setBudgetLeft(result.budgetLeft);
				if (result.note !== undefined) setNote(result.note);
				checked = result.skipped === undefined;
				if (!result.changed) {
					if (checked) {
						setLastUpdated(wallClock());
						setError(null);
					}

					return;
				}
			}

			setLoading(true);
			const next = await reload();
			if (!mounted.current) return;
			setSnapshot((current) => ({...next, version: current.version + 1}));
			if (checked) setLastUpdated(wallClock());
			setError(null);
		} catch (error_) {
			if (mounted.current) setError(message(error_));
		} finally {
			busy.current = false;
			if (mounted.current) setLoading(false);
		}
	}, []);

	const interval = active ? (deps.feed?.intervalMs ?? deps.intervalMs ?? 60_000) : null;
	useInterval(
		() => {
			void run(true);
		},
		interval,
		deps.scheduler ?? systemScheduler,
	);

	const {feed} = deps;
	useEffect(() => {
		if (!active || !feed?.subscribe) return;
		return feed.subscribe(() => {
			void run(true);
		});
	}, [active, feed, run]);

	const reloadNow = useCallback(() => {
		void run(false);
	}, [run]);
	return {snapshot, lastUpdated, loading, error, budgetLeft, note, reload: reloadNow};
}
