/**
 * The statistics of windows over one snapshot of the tables: one session sweep per window, kept
 * for the windows asked for most recently, so the overview's current and previous periods, the
 * host and user tables and every drill-down of a window share one sweep, and switching back to a
 * range computes nothing. `summary`, `report`, `export`, the UI and the server all read from here.
 */
import type {EventTable, SessionTable} from '../core/model.js';
import {DEFAULT_MAX_SESSION_MS, DEFAULT_TOP} from '../core/stats/ranges.js';
import {WindowStats, type StatsOptions, type Summary} from '../core/stats/index.js';
import {SummaryFold} from '../core/stats/summary-fold.js';
import {DAY} from '../core/time.js';
import type {TableMonth} from '../data/store-types.js';
import type {Dataset} from './dataset.js';
import type {PreviousWindow, Window} from './window.js';

/**
 * Windows longer than this (about 3 months) are summarised from a store month by month (memory
 * follows one month, not the window); shorter ones decode their rows at once, kept for drill-downs.
 */
export const STREAM_AFTER_MS = 92 * DAY;

/**
 * Session rows (about 36 bytes each) a streamed summary keeps from its first pass for its second:
 * a history up to this size is decoded once, a larger one holds at most this much at a time.
 */
const KEPT_ROWS = 2_000_000;

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

type Tables = {readonly sessions: SessionTable; readonly events: EventTable};

/** The Aggregates of each pair of tables, per zone and options (the one cache of windows' statistics). */
const aggregatesByTables = new WeakMap<Tables, Map<string, Aggregates>>();

/**
 * The Aggregates of these tables for these options, made on first use and kept as long as the
 * tables are: every front end that draws a snapshot more than once (the UI on every keypress)
 * asks here, so a range switched back to, or the previous period drawn again, sweeps nothing.
 */
export function aggregatesOf(tables: Tables, options: AggregateOptions): Aggregates {
	let byOptions = aggregatesByTables.get(tables);
	if (!byOptions) {
		byOptions = new Map();
		aggregatesByTables.set(tables, byOptions);
	}

	const key = `${options.now}|${options.timeZone}|${options.maxSessionMs ?? ''}|${options.top ?? ''}`;
	let aggregates = byOptions.get(key);
	if (!aggregates) {
		aggregates = new Aggregates(tables, options);
		byOptions.set(key, aggregates);
	}

	return aggregates;
}

/**
 * The summary of a long window folded month by month over the store (`Dataset.monthsFor`), the
 * same document as `new Aggregates(dataset.tablesFor([window]), options).window(window).summary()`
 * without holding the window's rows at once. Undefined for windows up to STREAM_AFTER_MS, or when
 * the dataset cannot be read by month: ask the Aggregates then.
 */
export function streamedSummary(
	dataset: Dataset,
	window: Pick<Window, 'from' | 'to'>,
	options: AggregateOptions,
	keptRowsLimit = KEPT_ROWS,
): Summary | undefined {
	if (!(window.to - window.from > STREAM_AFTER_MS)) return undefined;
	const maxSessionMs = options.maxSessionMs ?? DEFAULT_MAX_SESSION_MS;
	const months = dataset.monthsFor(window, {now: options.now, maxSessionMs});
	if (!months) return undefined;
	const fold = new SummaryFold(
		{now: options.now, timeZone: options.timeZone, from: window.from, to: window.to, maxSessionMs, top: options.top ?? DEFAULT_TOP},
		dataset.dataStart(options.now),
	);
	// The first months' tables are kept for the rankings' second pass, up to KEPT_ROWS rows; the
	// later months are decoded again (the pass reads only the top hosts' and users' rows).
	const kept: Array<TableMonth<SessionTable>> = [];
	let keptRows = 0;
	for (const month of months.sessions()) {
		const table = month.table;
		fold.addSessions(table, month.from, month.to);
		if (keptRows + table.size <= keptRowsLimit) {
			kept.push(month);
			keptRows += table.size;
		} else keptRows = Infinity;
	}

	if (fold.rankingPass()) {
		let k = 0;
		for (const month of months.sessions()) {
			const table = k < kept.length ? kept[k]!.table : month.table;
			k++;
			fold.addRankingRows(table, month.from, month.to);
		}
	}
	for (const month of months.events()) fold.addEvents(month.table, month.from, month.to);
	return fold.finish();
}
