/**
 * `--compat bigstat42`: the old analyzer's numbers, bugs included on
 * purpose: UTC start-hour buckets, duration 0 for open / zero / negative sessions, "valid" =
 * duration < 720 min (strict, zeros included), week and month keys without the year.
 * Ties are ordered count desc then key asc (the seed's order depended on the pandas version).
 * Uses the whole table unless `from` / `to` (on begin) are given.
 */
import type {SessionTable} from '../model.js';
import {DAY, HOUR, MINUTE, isoWeekKey} from '../time.js';
import {DEFAULT_TOP, lowerBound} from './ranges.js';
import {rankCounts} from './ranking.js';
import type {CompatBigstat42Options, CompatBigstat42Stats, CountGrid} from './types.js';

/** The seed's validity cut: durations strictly below 12 h. */
const VALID_BELOW_MINUTES = 720;
const DAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;
const HOUR_COLUMNS = Array.from({length: 24}, (_, hour) => `${String(hour).padStart(2, '0')}:00`);

/** A map without a prototype, so that a host called "__proto__" is just a key. */
function record(): Record<string, number> {
	return Object.create(null) as Record<string, number>;
}

/** A pandas UTC Timestamp as `str()` prints it: "2026-01-02 23:42:45.586000+00:00" (no fraction when 0). */
export function pandasTimestamp(ms: number): string {
	const iso = new Date(ms).toISOString(); // 2026-01-02T23:42:45.586Z
	const millis = iso.slice(20, 23);
	const fraction = millis === '000' ? '' : `.${millis}000`;
	return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${fraction}+00:00`;
}

/** The old analyzer's statistics over the table (or the sessions begun in [from, to)). */
export function compatBigstat42(sessions: SessionTable, options: CompatBigstat42Options = {}): CompatBigstat42Stats {
	const top = options.top ?? DEFAULT_TOP;
	const first = options.from === undefined ? 0 : lowerBound(sessions.begin, options.from);
	const last = options.to === undefined ? sessions.size : Math.max(first, lowerBound(sessions.begin, options.to));
	const hostCount = sessions.hosts.length;
	const hostSessions = new Float64Array(hostCount);
	const hostValidMinutes = new Float64Array(hostCount);
	const hostValidCount = new Float64Array(hostCount);
	const hostHour = new Float64Array(hostCount * 24);
	const seenUser = new Uint8Array(sessions.logins.length);
	const dayHour = new Float64Array(7 * 24);
	const weekCounts = new Float64Array(54);
	const monthCounts = new Float64Array(13);
	let uniqueUsers = 0;
	let validMinutes = 0;
	let validCount = 0;
	let cachedDay = Number.NaN;
	let week = 0;
	let month = 0;
	for (let i = first; i < last; i++) {
		const begin = sessions.begin[i] ?? 0;
		const end = sessions.end[i] ?? Number.NaN;
		// Open (NaN), zero and negative sessions all become 0 minutes.
		const minutes = end > begin ? (end - begin) / MINUTE : 0;
		const host = sessions.host[i] ?? 0;
		const user = sessions.user[i] ?? -1;
		if (user >= 0 && seenUser[user] === 0 && !Number.isNaN(sessions.userIds[user] ?? Number.NaN)) {
			seenUser[user] = 1;
			uniqueUsers++;
		}

		const dayNumber = Math.floor(begin / DAY);
		if (dayNumber !== cachedDay) {
			cachedDay = dayNumber;
			week = Number(isoWeekKey(dayNumber).slice(-2));
			month = new Date(dayNumber * DAY).getUTCMonth() + 1;
		}

		const hour = Math.floor((begin - dayNumber * DAY) / HOUR);
		const weekday = (((dayNumber + 3) % 7) + 7) % 7;
		dayHour[weekday * 24 + hour] = (dayHour[weekday * 24 + hour] ?? 0) + 1;
		weekCounts[week] = (weekCounts[week] ?? 0) + 1;
		monthCounts[month] = (monthCounts[month] ?? 0) + 1;
		hostSessions[host] = (hostSessions[host] ?? 0) + 1;
		hostHour[host * 24 + hour] = (hostHour[host * 24 + hour] ?? 0) + 1;
		if (minutes < VALID_BELOW_MINUTES) {
			validMinutes += minutes;
			validCount++;
			hostValidMinutes[host] = (hostValidMinutes[host] ?? 0) + minutes;
			hostValidCount[host] = (hostValidCount[host] ?? 0) + 1;
		}
	}

	const hourly = record();
	const daily = record();
	const weekly = record();
	const monthly = record();
	const hostUsage = record();
	const hostAverage = record();
	const dayCounts = DAY_NAMES.map((_, weekday) => dayHour.subarray(weekday * 24, weekday * 24 + 24).reduce((a, b) => a + b, 0));
	for (let hour = 0; hour < 24; hour++) {
		let count = 0;
		for (let weekday = 0; weekday < 7; weekday++) count += dayHour[weekday * 24 + hour] ?? 0;
		hourly[String(hour)] = count;
	}

	for (const {key, count} of rankCounts(DAY_NAMES, dayCounts)) daily[key] = count;
	weekCounts.forEach((count, weekNumber) => count > 0 && (weekly[String(weekNumber)] = count));
	monthCounts.forEach((count, monthNumber) => count > 0 && (monthly[String(monthNumber)] = count));
	const rankedHosts = rankCounts(sessions.hosts, hostSessions);
	for (const {key, count} of rankedHosts) hostUsage[key] = count;
	const hostIndex = new Map(sessions.hosts.map((name, index) => [name, index] as const));
	for (const {key} of rankedHosts) {
		const index = hostIndex.get(key) ?? -1;
		const valid = hostValidCount[index] ?? 0;
		if (valid > 0) hostAverage[key] = (hostValidMinutes[index] ?? 0) / valid;
	}

	const topHosts = rankedHosts.slice(0, Math.max(0, top));
	const hostsHeatmap: CountGrid = {
		rows: topHosts.map(({key}) => key),
		columns: [...HOUR_COLUMNS],
		counts: topHosts.map(({key}) => {
			const index = hostIndex.get(key) ?? 0;
			return Array.from(hostHour.subarray(index * 24, index * 24 + 24));
		}),
	};
	const total = last - first;
	return {
		total_sessions: total,
		unique_users: uniqueUsers,
		unique_hosts: rankedHosts.length,
		average_session_duration_minutes: validCount > 0 ? validMinutes / validCount : 0,
		total_usage_hours: validMinutes / 60,
		date_range:
			total > 0 ? `${pandasTimestamp(sessions.begin[first] ?? 0)} to ${pandasTimestamp(sessions.begin[last - 1] ?? 0)}` : 'No data',
		hourly_usage: hourly,
		daily_usage: daily,
		weekly_usage: weekly,
		monthly_usage: monthly,
		host_usage: hostUsage,
		average_duration_by_host: hostAverage,
		heatmap_day_hour: {
			rows: [...DAY_NAMES],
			columns: [...HOUR_COLUMNS],
			counts: DAY_NAMES.map((_, weekday) => Array.from(dayHour.subarray(weekday * 24, weekday * 24 + 24))),
		},
		heatmap_hosts_hour: hostsHeatmap,
	};
}
