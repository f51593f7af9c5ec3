/**
 * Live demo: a simulated clock that starts at the run's "now" and runs faster than real time;
 * every tick asks the demo generator what started and ended meanwhile and merges it in.
 */
import type {Campus, SessionRecord, SessionTable} from '../../core/model.js';
import type {LiveFeed, SnapshotData} from './contract.js';
import {mergeSessions} from './merge.js';

/** The generator's `liveDemoChanges` (core/demo.ts), injected so tests can stub it. */
export type LiveDemoChanges = (base: {readonly campus: Campus; readonly sessions: SessionTable}, fromNow: number, toNow: number, seed: number) => SessionRecord[];

export type DemoFeedOptions = {
	readonly campus: Campus;
	readonly initial: SnapshotData;
	readonly seed: number;
	readonly changes: LiveDemoChanges;
	/** Real time between ticks. @default 2000 */
	readonly intervalMs?: number;
	/** Simulated time per real second. @default 60 (a minute per second) */
	readonly speed?: number;
};

/** Simulated seconds per real second of the live demo clock. */
export const DEMO_SPEED = 60;

/** A live feed over the demo campus and the matching `reload`. */
export function createDemoFeed(options: DemoFeedOptions): {feed: LiveFeed; reload(): Promise<SnapshotData>} {
	const intervalMs = options.intervalMs ?? 2000;
	const speed = options.speed ?? DEMO_SPEED;
	const step = intervalMs * speed;
	let current = options.initial;
	const feed: LiveFeed = {
		label: `demo clock ×${speed}`,
		intervalMs,
		async poll() {
			const toNow = current.now + step;
			const records = options.changes({campus: options.campus, sessions: current.sessions}, current.now, toNow, options.seed);
			current = {...current, sessions: mergeSessions(current.sessions, records), now: toNow};
			// The clock moved, so the screen changes even without new sessions ("now" is in every figure).
			return {changed: true};
		},
	};
	return {feed, reload: async () => current};
}
