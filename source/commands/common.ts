/**
 * Flags and resolution shared by the commands that compute statistics (summary, report, export):
 * where the data comes from, which "now", which zone, which range.
 */
import {Aggregates} from '../app/aggregates.js';
import {openDataset, type Dataset} from '../app/dataset.js';
import {windowFromQuery, type Window, type WindowQueryError} from '../app/window.js';
import {parseDuration} from '../core/range.js';
import {DEFAULT_MAX_SESSION_MS} from '../core/stats/ranges.js';
import {parseIsoTimestamp} from '../core/time.js';
import {sanitizeForTerminal} from '../core/sanitize.js';
import {StoreError} from '../data/store-types.js';
import {UsageError, type CommandContext} from './types.js';
import {PLAUSIBLE_FROM} from '../core/stats/ranges.js';

/** meow flag specs shared by the statistics commands. */
export const dataFlags = {
	demo: {type: 'boolean' as const, default: false},
	db: {type: 'string' as const},
	now: {type: 'string' as const},
	tz: {type: 'string' as const},
	seed: {type: 'number' as const},
};

export const rangeFlags = {
	days: {type: 'number' as const},
	from: {type: 'string' as const},
	to: {type: 'string' as const},
	maxSession: {type: 'string' as const},
	top: {type: 'number' as const},
};

/** Help lines for the shared flags (kept beside the specs so they cannot drift). */
export const dataFlagsHelp = `    --demo              use the built-in demo campus (no store, no network)
    --db PATH           store location (default: $BIGSTAT42_DB or $XDG_DATA_HOME/bigstat42/store)
    --now ISO           pin "now" (open sessions end here; default: the clock)
    --tz IANA           time zone for hours, days and weeks (default: the campus time zone)
    --seed N            demo seed (default 42)`;

export const rangeFlagsHelp = `    --days N            the last N calendar days, today included
    --from DATE|ISO     range start, inclusive (a date means its local midnight)
    --to DATE|ISO       range end, exclusive (default: end of today)
                        without --days/--from: all data
    --max-session DUR   longer sessions are anomalies (default 24h; e.g. 12h, 720m)
    --top N             rows in top-host and top-user tables (default 20)`;

type DataFlagValues = {
	readonly demo: boolean;
	readonly db?: string | undefined;
	readonly now?: string | undefined;
	readonly tz?: string | undefined;
	readonly seed?: number | undefined;
};

type RangeFlagValues = {
	readonly days?: number | undefined;
	readonly from?: string | undefined;
	readonly to?: string | undefined;
	readonly maxSession?: string | undefined;
	readonly top?: number | undefined;
};

/** First instant --now may not reach (with PLAUSIBLE_FROM, bounds every series to 110 years). */
const LATEST_NOW = Date.UTC(2100, 0, 1);

/** Resolves "now" from --now or the injected clock. */
export function resolveNow(context: CommandContext, now: string | undefined, help: string): number {
	if (now === undefined) return context.clock();
	const parsed = parseIsoTimestamp(now);
	if (Number.isNaN(parsed)) throw new UsageError(`--now "${now}" is not an ISO-8601 timestamp`, help);
	// Bounds every series: windows start in 1990 at the earliest and end at now at the latest.
	if (parsed < PLAUSIBLE_FROM || parsed >= LATEST_NOW) {
		throw new UsageError(`--now "${now}" is outside the years bigstat42 accepts (1990-01-01 to 2099-12-31)`, help);
	}

	return parsed;
}

/** What to do when the store holds nothing yet (said by every command that reads it). */
export const NO_DATA_HINT =
	'no sessions or events yet: run `bigstat42 sync` (42 API) or `bigstat42 import FILE`, or try `bigstat42 --demo`';

/**
 * Opens the dataset (demo or store) through the application layer. An empty store is not an error
 * (scripts still get their empty document) but stderr says where the store is and how to fill it,
 * unless `quietIfEmpty`. A bad --tz is a usage error; a store that cannot be read throws StoreError.
 */
export async function openCommandDataset(
	context: CommandContext,
	flags: DataFlagValues,
	help: string,
	{quietIfEmpty = false}: {quietIfEmpty?: boolean} = {},
): Promise<{dataset: Dataset; now: number}> {
	const now = resolveNow(context, flags.now, help);
	const opened = await openDataset({
		demo: flags.demo,
		db: flags.db,
		env: context.env,
		cwd: context.cwd,
		now,
		timeZone: flags.tz,
		seed: flags.seed ?? undefined,
	});
	if (!opened.ok) {
		const {error} = opened;
		if (error.kind === 'bad-time-zone') throw new UsageError(`--tz ${error.message}`, help);
		throw new StoreError(error.message, error.path ?? '', error.hint);
	}

	const {dataset} = opened;
	if (!quietIfEmpty && dataset.origin === 'store' && dataset.empty) {
		context.stderr.write(`bigstat42: the store at ${sanitizeForTerminal(dataset.storePath ?? '?')} has ${NO_DATA_HINT}\n`);
	}

	return {dataset, now};
}

/** A window refusal as the CLI says it: the flag's name, then why. */
function flagMessage(error: WindowQueryError): string {
	return error.message
		.replace(/^use either days or from\/to/, 'use either --days or --from/--to')
		.replace(/^(days|from|to)\b/, '--$1')
		.replace('from must be before to', '--from must be before --to');
}

/** Resolves --days / --from / --to into the window (without them, all the data in whole local days). */
export function resolveWindowFlags(flags: RangeFlagValues, dataset: Dataset, now: number, help: string): Window {
	const resolved = windowFromQuery(
		{days: flags.days, from: flags.from, to: flags.to},
		{now, timeZone: dataset.timeZone, dataStart: dataset.dataStart(now)},
	);
	if (!resolved.ok) throw new UsageError(flagMessage(resolved.error), help);
	return resolved.window;
}

/**
 * The aggregates of a command run, with --max-session / --top validated. Given the window, they
 * hold only the rows it (and its previous period) can read: a store decodes just those segments.
 */
export function commandAggregates(dataset: Dataset, now: number, flags: RangeFlagValues, help: string, window?: Window): Aggregates {
	const {maxSessionMs, top} = aggregateFlags(flags, help);
	const tables = window === undefined ? dataset : dataset.tablesFor([window, window.previous], {now, maxSessionMs});
	return new Aggregates(tables, {now, timeZone: dataset.timeZone, maxSessionMs, top});
}

/** `--max-session` and `--top`, checked (a UsageError otherwise). */
export function aggregateFlags(flags: RangeFlagValues, help: string): {maxSessionMs: number; top: number | undefined} {
	let maxSessionMs = DEFAULT_MAX_SESSION_MS;
	if (flags.maxSession !== undefined) {
		maxSessionMs = parseDuration(flags.maxSession);
		if (!(maxSessionMs > 0)) throw new UsageError(`--max-session "${flags.maxSession}" is not a duration (e.g. 24h, 720m)`, help);
	}

	if (flags.top !== undefined && (!Number.isInteger(flags.top) || flags.top < 1)) {
		throw new UsageError(`--top must be a positive whole number, got ${flags.top}`, help);
	}

	return {maxSessionMs, top: flags.top ?? undefined};
}
