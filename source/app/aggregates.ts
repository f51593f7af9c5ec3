/**
 * The statistics of windows over one snapshot of the tables: one session sweep per window, kept
 * for the windows asked for most recently, so the overview's current and previous periods, the
 * host and user tables and every drill-down of a window share one sweep, and switching back to a
 * range computes nothing. `summary`, `report`, `export`, the UI and the server all read from here.
 */
import type {EventTable, SessionTable} from '../core/model.js';
import {DEFAULT_MAX_SESSION_MS, DEFAULT_TOP} from '../core/stats/ranges.js';
import {WindowStats, type StatsOptions} from '../core/stats/index.js';
import type {PreviousWindow, Window} from './window.js';

/** How many windows keep their sweep (current + previous of a few ranges). */
const KEPT_WINDOWS = 8;

export type AggregateOptions = {
	readonly now: number;
	readonly timeZone: string;
	/** @default 24 h */
	readonly maxSessionMs?: number | undefined;
	/** Rows of top tables. @default 20 */
	readonly top?: number | undefined;
};

export class Aggregates {
	readonly sessions: SessionTable;
	readonly events: EventTable;
	readonly now: number;
	readonly timeZone: string;
	readonly maxSessionMs: number;
	readonly top: number;
	/** Windows by bounds, least recently used first. */
	readonly #kept = new Map<string, WindowStats>();
	/** Sweeps run so far (tests and benchmarks check that a draw does not repeat one). */
	sweeps = 0;

	constructor(tables: {readonly sessions: SessionTable; readonly events: EventTable}, options: AggregateOptions) {
		this.sessions = tables.sessions;
		this.events = tables.events;
		this.now = options.now;
		this.timeZone = options.timeZone;
		this.maxSessionMs = options.maxSessionMs ?? DEFAULT_MAX_SESSION_MS;
		this.top = options.top ?? DEFAULT_TOP;
	}

	/** The options the engine receives for [from, to). */
	options(from: number, to: number): StatsOptions {
		return {now: this.now, timeZone: this.timeZone, from, to, maxSessionMs: this.maxSessionMs, top: this.top};
	}

	/** Statistics of [from, to) counted up to min(to, now). */
	bounds(from: number, to: number): WindowStats {
		const key = `${from}|${to}`;
		const kept = this.#kept.get(key);
		if (kept) {
			this.#kept.delete(key);
			this.#kept.set(key, kept);
			return kept;
		}

		const stats = new WindowStats(this.sessions, this.events, this.options(from, to), () => {
			this.sweeps++;
		});
		this.#kept.set(key, stats);
		if (this.#kept.size > KEPT_WINDOWS) {
			const oldest = this.#kept.keys().next().value;
			if (oldest !== undefined) this.#kept.delete(oldest);
		}

		return stats;
	}

	/** The window's statistics. */
	window(window: Pick<Window, 'from' | 'to'>): WindowStats {
		return this.bounds(window.from, window.to);
	}

	/**
	 * The previous period's statistics, counted up to its cut point (the same elapsed offset as the
	 * current window), or null when there is no previous period or the data does not cover all of
	 * it (a period with a day of data out of 90 would make every change read "+7790 %").
	 */
	previous(window: Pick<Window, 'previous'>): WindowStats | null {
		const previous: PreviousWindow | null = window.previous;
		if (previous === null || previous.coverage !== 'full') return null;
		return this.bounds(previous.from, previous.end);
	}
}
