/**
 * The Mini Analytics `/usage-summary` computation, with deliberate differences from the original:
 * ties are never hidden (every tied key, count desc then key asc in byte order), users come in
 * first-appearance order, every hour is read in one zone (UTC unless told otherwise), "peak time"
 * counts normalised instants (so "Z" and "+00:00" spellings of one instant are one key), and bad
 * input yields a list of issues with the record index and the reason instead of a crash.
 */
import {isValidTimeZone, parseIsoTimestamp, zoneClock} from '../time.js';
import {isoUtc} from './ranges.js';
import {compareKeys, rankCounts, tiedMaximum} from './ranking.js';
import type {UsageSummaryIssue, UsageSummaryResult} from './types.js';

const REQUIRED_KEYS = ['user_id', 'timestamp', 'action_type'] as const;
/** A time of day followed by an explicit offset: naive timestamps are rejected, not guessed. */
const HAS_TIME_AND_OFFSET = /[T ]\d{2}:\d{2}.*(?:[zZ]|UTC|[+-]\d{2}(?::?\d{2})?)$/;

/** A user id or action type as a key: strings as they are, finite numbers as their decimal text. */
function keyOf(value: unknown): string | undefined {
	if (typeof value === 'string') return value;
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return undefined;
}

/**
 * Validates a raw JSON value (an array of {user_id, timestamp, action_type}) and summarises it.
 * Every problem is reported (record index and reason); nothing is summarised when there is one.
 */
export function usageSummary(input: unknown, options: {readonly timeZone?: string} = {}): UsageSummaryResult {
	const timeZone = options.timeZone ?? 'UTC';
	if (!isValidTimeZone(timeZone)) return {ok: false, errors: [{index: null, reason: `unknown time zone "${timeZone}"`}]};
	if (!Array.isArray(input)) {
		return {ok: false, errors: [{index: null, reason: 'expected a JSON array of {user_id, timestamp, action_type} records'}]};
	}

	if (input.length === 0) return {ok: false, errors: [{index: null, reason: 'the array is empty: nothing to summarise'}]};
	const errors: UsageSummaryIssue[] = [];
	const users: string[] = [];
	const actions: string[] = [];
	const times: number[] = [];
	input.forEach((item: unknown, index) => {
		if (typeof item !== 'object' || item === null || Array.isArray(item)) {
			errors.push({index, reason: 'not an object'});
			return;
		}

		const fields = item as Record<string, unknown>;
		const missing = REQUIRED_KEYS.filter((key) => !Object.hasOwn(fields, key));
		if (missing.length > 0) {
			errors.push({index, reason: `missing ${missing.map((key) => `"${key}"`).join(', ')}`});
			return;
		}

		const user = keyOf(fields.user_id);
		const action = keyOf(fields.action_type);
		const timestamp = fields.timestamp;
		let time = Number.NaN;
		if (user === undefined) errors.push({index, reason: '"user_id" must be a string or a number'});
		if (action === undefined) errors.push({index, reason: '"action_type" must be a string or a number'});
		if (typeof timestamp !== 'string') {
			errors.push({index, reason: '"timestamp" must be an ISO-8601 string'});
		} else {
			time = parseIsoTimestamp(timestamp);
			if (Number.isNaN(time)) errors.push({index, reason: `"timestamp" is not a valid ISO-8601 date-time: ${JSON.stringify(timestamp)}`});
			else if (!HAS_TIME_AND_OFFSET.test(timestamp.trim())) {
				errors.push({index, reason: `"timestamp" has no UTC offset (add "Z" or "+hh:mm"): ${JSON.stringify(timestamp)}`});
				time = Number.NaN;
			}
		}

		if (user !== undefined && action !== undefined && !Number.isNaN(time)) {
			users.push(user);
			actions.push(action);
			times.push(time);
		}
	});
	if (errors.length > 0) return {ok: false, errors};

	const clock = zoneClock(timeZone);
	const userCounts = new Map<string, number>();
	const actionCounts = new Map<string, number>();
	const instantCounts = new Map<string, number>();
	const hourCounts = new Array<number>(24).fill(0);
	const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
	for (let i = 0; i < times.length; i++) {
		bump(userCounts, users[i] ?? '');
		bump(actionCounts, actions[i] ?? '');
		bump(instantCounts, isoUtc(times[i] ?? 0));
		const hour = clock.hour(times[i] ?? 0);
		hourCounts[hour] = (hourCounts[hour] ?? 0) + 1;
	}

	const ranked = (map: Map<string, number>) => rankCounts([...map.keys()], [...map.values()]);
	const actionWise = Object.create(null) as Record<string, number>;
	for (const key of [...actionCounts.keys()].sort(compareKeys)) actionWise[key] = actionCounts.get(key) ?? 0;
	const peakCount = Math.max(...hourCounts);
	return {
		ok: true,
		value: {
			unique_users: [...userCounts.keys()],
			action_wise_counts: actionWise,
			most_active_user: tiedMaximum(ranked(userCounts)),
			peak_activity_hour: {
				hours: hourCounts.flatMap((count, hour) => (count === peakCount ? [hour] : [])),
				count: peakCount,
			},
			peak_activity_time: tiedMaximum(ranked(instantCounts)),
			total_events: times.length,
		},
	};
}
