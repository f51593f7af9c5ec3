/**
 * Flags and resolution shared by the commands that compute statistics (summary, report, export):
 * where the data comes from, which "now", which zone, which range.
 */
import type {EventTable, SessionTable} from '../core/model.js';
import {lastDaysRange, parseBoundary, parseDuration, type Range} from '../core/range.js';
import {DAY, isValidTimeZone, parseIsoTimestamp, zoneClock} from '../core/time.js';
import {plausibleDataStart} from '../core/stats/index.js';
import {PLAUSIBLE_FROM} from '../core/stats/ranges.js';
import type {StatsOptions} from '../core/stats/types.js';
import {sanitizeForTerminal} from '../core/sanitize.js';
import {loadDataSource, type DataSource} from '../data/source.js';
import {UsageError, type CommandContext} from './types.js';

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
	// Bounds every series: ranges start in 1990 at the earliest and end at now at the latest.
	if (parsed < PLAUSIBLE_FROM || parsed >= LATEST_NOW) {
		throw new UsageError(`--now "${now}" is outside the years bigstat42 accepts (1990-01-01 to 2099-12-31)`, help);
	}
	return parsed;
}

/** What to do when the store holds nothing yet (said by every command that reads it). */
export const NO_DATA_HINT =
	'no sessions or events yet: run `bigstat42 sync` (42 API) or `bigstat42 import FILE`, or try `bigstat42 --demo`';

/**
 * Loads the data source and resolves the zone. An empty store is not an error (scripts still get
 * their empty document) but stderr says where the store is and how to fill it, unless `quietIfEmpty`.
 */
export async function resolveData(
	context: CommandContext,
	flags: DataFlagValues,
	help: string,
	{quietIfEmpty = false}: {quietIfEmpty?: boolean} = {},
): Promise<{source: DataSource; now: number; timeZone: string}> {
	const now = resolveNow(context, flags.now, help);
	if (flags.tz !== undefined && !isValidTimeZone(flags.tz)) {
		throw new UsageError(`--tz "${flags.tz}" is not an IANA time zone (e.g. Europe/Paris, UTC)`, help);
	}

	const source = await loadDataSource({
		demo: flags.demo,
		db: flags.db,
		env: context.env,
		cwd: context.cwd,
		now,
		seed: flags.seed ?? undefined,
	});
	if (!quietIfEmpty && source.origin === 'store' && source.sessions.size === 0 && source.events.size === 0) {
		context.stderr.write(`bigstat42: the store at ${sanitizeForTerminal(source.storePath ?? '?')} has ${NO_DATA_HINT}\n`);
	}

	return {source, now, timeZone: flags.tz ?? source.campus.timeZone};
}

/** Resolves --days / --from / --to into a range; without them, all the data (whole local days). */
export function resolveRange(
	flags: RangeFlagValues,
	data: {sessions: SessionTable; events: EventTable},
	now: number,
	timeZone: string,
	help: string,
): Range {
	if (flags.days !== undefined && (flags.from !== undefined || flags.to !== undefined)) {
		throw new UsageError('use either --days or --from/--to, not both', help);
	}

	if (flags.days !== undefined) {
		if (!Number.isInteger(flags.days) || flags.days < 1 || flags.days > 36_600) {
			throw new UsageError(`--days must be a whole number of days from 1 to 36600, got ${flags.days}`, help);
		}

		return lastDaysRange(now, flags.days, timeZone);
	}

	const clock = zoneClock(timeZone);
	const endOfToday = clock.startOfDay(clock.dayNumber(now) + 1);
	const to = flags.to === undefined ? endOfToday : parseBoundary(flags.to, timeZone);
	if (Number.isNaN(to)) throw new UsageError(`--to "${flags.to}" is not a date or ISO-8601 timestamp`, help);
	let from: number;
	if (flags.from === undefined) {
		const first = plausibleDataStart(data.sessions, data.events, now);
		from = Number.isFinite(first) ? clock.startOfDayOf(Math.min(first, to - 1)) : clock.startOfDayOf(now);
	} else {
		from = parseBoundary(flags.from, timeZone);
		if (Number.isNaN(from)) throw new UsageError(`--from "${flags.from}" is not a date or ISO-8601 timestamp`, help);
	}

	if (from >= to) throw new UsageError(`the range is empty: --from must be before --to`, help);
	return {from, to};
}

/** Builds StatsOptions from the resolved pieces and --max-session / --top. */
export function statsOptions(
	range: Range,
	now: number,
	timeZone: string,
	flags: RangeFlagValues,
	help: string,
): StatsOptions {
	let maxSessionMs = DAY;
	if (flags.maxSession !== undefined) {
		maxSessionMs = parseDuration(flags.maxSession);
		if (!(maxSessionMs > 0)) throw new UsageError(`--max-session "${flags.maxSession}" is not a duration (e.g. 24h, 720m)`, help);
	}

	if (flags.top !== undefined && (!Number.isInteger(flags.top) || flags.top < 1)) {
		throw new UsageError(`--top must be a positive whole number, got ${flags.top}`, help);
	}

	return {now, timeZone, from: range.from, to: range.to, maxSessionMs, top: flags.top ?? 20};
}
