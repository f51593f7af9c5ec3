/**
 * The demo campus's rhythm, in LOCAL campus time: when sessions start and how long they last.
 * Weekdays are busy 9–19 with arrivals peaking early afternoon (occupancy peaks ~14–17), evenings
 * are lighter, a few night owls; Saturdays and Sundays get ~40 % of a weekday, French fixed-date
 * public holidays ~45 %.
 */
import type {EpochMs} from '../model.js';
import type {Rng} from '../prng.js';
import {HOUR, MINUTE, type ZoneClock} from '../time.js';

/** Relative session starts per local hour of a weekday (0h … 23h). */
export const HOUR_WEIGHTS: readonly number[] = [
	0.3, 0.18, 0.1, 0.06, 0.04, 0.05, 0.12, 0.35, 0.9, 1.45, 1.5, 1.25, 0.95, 1.35, 1.7, 1.6, 1.35, 1.1, 0.95, 0.8, 0.7,
	0.6, 0.5, 0.4,
];
const HOUR_TOTAL = HOUR_WEIGHTS.reduce((sum, weight) => sum + weight, 0);

/** Relative activity per local weekday, Monday first. */
export const WEEKDAY_FACTORS: readonly number[] = [1, 1.05, 1.05, 1, 0.85, 0.42, 0.38];

/** Session starts per cluster seat per weekday (weekends and holidays get their factor of it). */
export const STARTS_PER_SEAT_DAY = 1.6;

/** Activity factor of a public holiday. */
export const HOLIDAY_FACTOR = 0.45;

/** French fixed-date public holidays, as month * 100 + day. */
const HOLIDAYS = new Set([101, 501, 508, 714, 815, 1101, 1111, 1225]);

/** Activity factor of a local calendar day (weekday and holiday). */
export function dayFactor(clock: ZoneClock, dayStart: EpochMs): number {
	const parts = clock.parts(dayStart + HOUR * 12);
	const weekday = WEEKDAY_FACTORS[parts.weekday] ?? 1;
	return HOLIDAYS.has(parts.month * 100 + parts.day) ? Math.min(weekday, HOLIDAY_FACTOR) : weekday;
}

/** Share of a weekday's session starts falling in one local hour (sums to 1 over the day). */
export function hourShare(hour: number): number {
	return (HOUR_WEIGHTS[hour] ?? 0) / HOUR_TOTAL;
}

/** Length of a rate slot. Zone offsets change on quarter hours, so 15 min slots keep local hours exact. */
export const SLOT_MS = 15 * MINUTE;

/**
 * Start-rate weight of every 15-minute slot of [from, to): slot k covers
 * [max(from, base + k·SLOT), min(to, base + (k+1)·SLOT)) with base = from floored to a slot.
 * Each weight is the slot's expected share of one weekday's starts, so the sum over the range
 * is the number of "weekday equivalents" it contains.
 */
export function slotWeights(clock: ZoneClock, from: EpochMs, to: EpochMs): {base: EpochMs; weights: Float64Array} {
	const base = Math.floor(from / SLOT_MS) * SLOT_MS;
	const count = Math.max(0, Math.ceil((to - base) / SLOT_MS));
	const weights = new Float64Array(count);
	let currentDay = Number.NaN;
	let factor = 1;
	for (let k = 0; k < count; k++) {
		const start = base + k * SLOT_MS;
		const day = clock.dayNumber(start);
		if (day !== currentDay) {
			currentDay = day;
			factor = dayFactor(clock, clock.startOfDay(day));
		}

		const covered = Math.min(to, start + SLOT_MS) - Math.max(from, start);
		weights[k] = covered > 0 ? (hourShare(clock.hour(start)) * factor * covered) / HOUR : 0;
	}

	return {base, weights};
}

/** Median session length (minutes) by local start hour: morning arrivals stay longest. */
const MEDIAN_MINUTES: readonly number[] = [
	95, 85, 75, 70, 70, 85, 210, 270, 285, 265, 245, 215, 200, 195, 180, 165, 150, 140, 135, 130, 125, 115, 110, 100,
];

/** Shortest ordinary session; lengths past 9 h are compressed towards MAX_SESSION_MS. */
export const MIN_SESSION_MS = MINUTE;
/** Longest ordinary session. */
export const MAX_SESSION_MS = 13 * HOUR;
const TAIL_START_MS = 9 * HOUR;

/**
 * An ordinary session length in whole seconds (ms): 12 % quick visits (median 12 min), the rest
 * log-normal around the start hour's median (σ 0.6), the tail past 9 h compressed, clamped to [1 min, 13 h].
 */
export function drawDuration(rng: Rng, localHour: number): number {
	const minutes = rng.chance(0.12) ? rng.logNormal(12, 0.7) : rng.logNormal(MEDIAN_MINUTES[localHour] ?? 180, 0.6);
	let ms = minutes * MINUTE;
	if (ms > TAIL_START_MS) ms = TAIL_START_MS + (ms - TAIL_START_MS) * 0.35;
	return Math.min(MAX_SESSION_MS, Math.max(MIN_SESSION_MS, Math.round(ms / 1000) * 1000));
}
