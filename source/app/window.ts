/**
 * The range window: the one place where a range spec — the CLI's `--days` / `--from` / `--to`, the
 * UI's 1d/7d/30d/90d/all presets and their `[` `]` steps, an HTTP query — becomes the bounds every
 * statistic is computed over, with its label and the previous period it is compared with.
 *
 * Bounds are [from, to); `end` = min(to, now) is where counting stops (nothing is counted in the
 * future). Day-based windows are whole local calendar days of the zone, DST days included.
 */
import type {EpochMs} from '../core/model.js';
import {parseBoundary} from '../core/range.js';
import {MONTH_ABBREVIATIONS, zoneClock} from '../core/time.js';

export const RANGE_PRESETS = ['1d', '7d', '30d', '90d', 'all'] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];

/** Calendar days of each preset ('all' = every day with data). */
export const PRESET_DAYS: Readonly<Record<Exclude<RangePreset, 'all'>, number>> = {'1d': 1, '7d': 7, '30d': 30, '90d': 90};

/** The longest `--days` / `days=` accepted (a century). */
export const MAX_DAYS = 36_600;

/** A range as asked for, before it is resolved against "now", the zone and the data. */
export type WindowSpec =
	/** The last `days` calendar days, today included; `offset` steps back by whole windows (0 = current). */
	| {readonly kind: 'days'; readonly days: number; readonly offset?: number; readonly preset?: RangePreset}
	/** From the first local day with data to the end of today. */
	| {readonly kind: 'all'}
	/** Explicit bounds (instants); a missing `from` is the first local day with data, a missing `to` the end of today. */
	| {readonly kind: 'between'; readonly from?: EpochMs; readonly to?: EpochMs};

/** What a spec is resolved against. */
export type WindowFrame = {
	readonly now: EpochMs;
	readonly timeZone: string;
	/** The first instant of the data; undefined when there is none. */
	readonly dataStart?: EpochMs | undefined;
};

/** How much of the previous period the data covers (n/a comparisons come from 'none' and 'partial'). */
export type Coverage = 'full' | 'partial' | 'none';

/** The period a window is compared with: as long as the current one, cut at the same elapsed point. */
export type PreviousWindow = {
	readonly from: EpochMs;
	readonly to: EpochMs;
	/** Where counting stops: the same offset into the period as the current window's `end`. */
	readonly end: EpochMs;
	readonly coverage: Coverage;
};

export type Window = {
	readonly spec: WindowSpec;
	readonly from: EpochMs;
	readonly to: EpochMs;
	/** min(to, now), never before from. */
	readonly end: EpochMs;
	/** True while the window is still running (now is inside it): its counts are not final. */
	readonly partial: boolean;
	/** "7d (16 Nov–22 Nov)", "30d, 1 back (…)", "all (since 3 Sep 2026)", "1 Nov–30 Nov". */
	readonly label: string;
	/** null for 'all' (nothing comes before all of the data). */
	readonly previous: PreviousWindow | null;
	/** Whether stepping back one more window still reaches data (the UI's `[` stops before the first data). */
	readonly canStepBack: boolean;
};

/** A spec from the UI's preset and step offset (negative = back in time). */
export function presetSpec(preset: RangePreset, offset = 0): WindowSpec {
	return preset === 'all' ? {kind: 'all'} : {kind: 'days', days: PRESET_DAYS[preset], offset, preset};
}

function coverage(from: EpochMs, end: EpochMs, dataStart: EpochMs | undefined): Coverage {
	if (dataStart === undefined || dataStart >= end) return 'none';
	return dataStart > from ? 'partial' : 'full';
}

/** "3 Sep", with the year when it is not the year of `now` ("3 Sep 2025"). */
export function shortDate(ms: EpochMs, timeZone: string, now: EpochMs, forceYear = false): string {
	const clock = zoneClock(timeZone);
	const parts = clock.parts(ms);
	const withYear = forceYear || parts.year !== clock.parts(now).year;
	return `${parts.day} ${MONTH_ABBREVIATIONS[parts.month - 1] ?? '?'}${withYear ? ` ${parts.year}` : ''}`;
}

function daySpan(from: EpochMs, to: EpochMs, timeZone: string, now: EpochMs): string {
	const first = shortDate(from, timeZone, now);
	const last = shortDate(to - 1, timeZone, now);
	return first === last ? first : `${first}–${last}`;
}

/** Resolves a spec. Throws RangeError only for specs that parseWindowQuery would have refused. */
export function resolveWindow(spec: WindowSpec, frame: WindowFrame): Window {
	const {now, timeZone, dataStart} = frame;
	const clock = zoneClock(timeZone);
	const today = clock.dayNumber(now);
	const endOfToday = clock.startOfDay(today + 1);
	const firstDataDay = dataStart === undefined ? today : clock.dayNumber(Math.min(dataStart, now));

	if (spec.kind === 'days') {
		if (!Number.isInteger(spec.days) || spec.days < 1) throw new RangeError(`days must be a whole number ≥ 1, got ${spec.days}`);
		const offset = spec.offset ?? 0;
		const firstDay = today - spec.days + 1 + offset * spec.days;
		const from = clock.startOfDay(firstDay);
		const to = clock.startOfDay(firstDay + spec.days);
		const end = Math.max(from, Math.min(to, now));
		// The previous period: the same number of days just before, cut at the same local day and time.
		const previousFirst = firstDay - spec.days;
		const previousFrom = clock.startOfDay(previousFirst);
		let previousEnd = from;
		if (end < to) {
			const endDay = clock.dayNumber(end);
			const intoDay = end - clock.startOfDay(endDay);
			previousEnd = Math.min(from, clock.startOfDay(previousFirst + (endDay - firstDay)) + intoDay);
		}

		const name = spec.preset ?? `${spec.days}d`;
		const shifted = offset === 0 ? '' : `, ${-offset} back`;
		return {
			spec,
			from,
			to,
			end,
			partial: end < to,
			label: `${name}${shifted} (${daySpan(from, to, timeZone, now)})`,
			previous: {from: previousFrom, to: from, end: previousEnd, coverage: coverage(previousFrom, previousEnd, dataStart)},
			canStepBack: dataStart !== undefined && dataStart < from,
		};
	}

	if (spec.kind === 'all') {
		const from = clock.startOfDay(firstDataDay);
		const end = Math.max(from, Math.min(endOfToday, now));
		return {
			spec,
			from,
			to: endOfToday,
			end,
			partial: end < endOfToday,
			label: `all (since ${shortDate(from, timeZone, now, true)})`,
			previous: null,
			canStepBack: false,
		};
	}

	const to = spec.to ?? endOfToday;
	const from = spec.from ?? Math.min(clock.startOfDay(firstDataDay), clock.startOfDayOf(to - 1));
	if (!(from < to)) throw new RangeError('the range is empty: from must be before to');
	const end = Math.max(from, Math.min(to, now));
	const elapsed = end - from;
	const previousFrom = from - (to - from);
	const previousEnd = from - (to - from) + elapsed;
	const dayAligned = clock.startOfDayOf(from) === from && clock.startOfDayOf(to) === to;
	return {
		spec,
		from,
		to,
		end,
		partial: end < to,
		label: dayAligned ? daySpan(from, to, timeZone, now) : `${shortDate(from, timeZone, now)} ${clockTime(from, timeZone)}–${shortDate(to, timeZone, now)} ${clockTime(to, timeZone)}`,
		previous: {from: previousFrom, to: from, end: previousEnd, coverage: coverage(previousFrom, previousEnd, dataStart)},
		canStepBack: dataStart !== undefined && dataStart < from,
	};
}

function clockTime(ms: EpochMs, timeZone: string): string {
	const parts = zoneClock(timeZone).parts(ms);
	return `${String(parts.hour).padStart(2, '0')}:${String(parts.minute).padStart(2, '0')}`;
}

/** Parses and resolves a query in one go; every refusal is a value naming the parameter. */
export function windowFromQuery(
	query: WindowQuery,
	frame: WindowFrame,
): {readonly ok: true; readonly window: Window} | {readonly ok: false; readonly error: WindowQueryError} {
	const parsed = parseWindowQuery(query, frame.timeZone);
	if (!parsed.ok) return parsed;
	try {
		return {ok: true, window: resolveWindow(parsed.spec, frame)};
	} catch (error) {
		if (error instanceof RangeError) return {ok: false, error: {field: query.from === undefined ? 'to' : 'from', message: error.message}};
		throw error;
	}
}

/** A window step: the same spec one window earlier (steps < 0) or later; 'all' and explicit bounds do not step. */
export function stepSpec(spec: WindowSpec, steps: number): WindowSpec {
	if (spec.kind !== 'days') return spec;
	return {...spec, offset: Math.min(0, (spec.offset ?? 0) + steps)};
}

/** A range as written by a person: CLI flags or HTTP query parameters (strings or numbers). */
export type WindowQuery = {
	readonly days?: number | string | undefined;
	readonly from?: string | undefined;
	readonly to?: string | undefined;
};

/** Why a query was refused: the parameter and the reason, for a usage error or a 422. */
export type WindowQueryError = {readonly field: 'days' | 'from' | 'to'; readonly message: string};

/**
 * Parses `days` / `from` / `to` (dates mean their local midnight; `to` is exclusive). Without any
 * of them: all the data.
 */
export function parseWindowQuery(
	query: WindowQuery,
	timeZone: string,
): {readonly ok: true; readonly spec: WindowSpec} | {readonly ok: false; readonly error: WindowQueryError} {
	const fail = (field: WindowQueryError['field'], message: string) => ({ok: false as const, error: {field, message}});
	if (query.days !== undefined && (query.from !== undefined || query.to !== undefined)) {
		return fail('days', 'use either days or from/to, not both');
	}

	if (query.days !== undefined) {
		const days = typeof query.days === 'number' ? query.days : /^\s*\d+\s*$/.test(query.days) ? Number(query.days) : Number.NaN;
		if (!Number.isInteger(days) || days < 1 || days > MAX_DAYS) {
			return fail('days', `days must be a whole number of days from 1 to ${MAX_DAYS}, got ${String(query.days)}`);
		}

		return {ok: true, spec: {kind: 'days', days}};
	}

	if (query.from === undefined && query.to === undefined) return {ok: true, spec: {kind: 'all'}};
	let from: number | undefined;
	let to: number | undefined;
	if (query.from !== undefined) {
		from = parseBoundary(query.from, timeZone);
		if (Number.isNaN(from)) return fail('from', `from "${query.from}" is not a date or ISO-8601 timestamp`);
	}

	if (query.to !== undefined) {
		to = parseBoundary(query.to, timeZone);
		if (Number.isNaN(to)) return fail('to', `to "${query.to}" is not a date or ISO-8601 timestamp`);
	}

	if (from !== undefined && to !== undefined && from >= to) return fail('from', 'the range is empty: from must be before to');
	return {ok: true, spec: {kind: 'between', ...(from === undefined ? {} : {from}), ...(to === undefined ? {} : {to})}};
}
