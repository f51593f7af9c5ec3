/**
 * Shapes produced by the statistics engine. `summary --json` prints a `Summary`; the TUI renders
 * these same objects. Every number's definition is documented once, in the README
 * ("Statistics: definitions"), and implemented once, in the module named beside it.
 */
import type {EpochMs} from '../model.js';

/** Inputs common to every statistic. Nothing here is read from the environment. */
export type StatsOptions = {
	/** The single "now" of the run: open sessions end here. */
	readonly now: EpochMs;
	/** IANA zone for hours, days, weeks and months (campus zone, or `--tz`). */
	readonly timeZone: string;
	/** Range start, inclusive. */
	readonly from: EpochMs;
	/** Range end, exclusive. */
	readonly to: EpochMs;
	/** Sessions longer than this are anomalies (left out of durations, clipped here for occupancy). @default 24 h */
	readonly maxSessionMs?: number;
	/** How many rows `topHosts` / `topUsers` keep. @default 20 */
	readonly top?: number;
	/** Window of `events.recent`, minutes. @default 60 */
	readonly recentMinutes?: number;
	/** Cap of session lists (anomaly lists, drill-down `recent`, `slotSessions`). @default 100 */
	readonly listLimit?: number;
};

/** A key with its count; lists of these are ordered count desc, then key asc (byte order). */
export type KeyCount = {readonly key: string; readonly count: number};

/** One point of a daily / weekly / monthly series. `key` is "YYYY-MM-DD", "YYYY-Www" or "YYYY-MM". */
export type SeriesPoint = {
	readonly key: string;
	/** Sessions that began in the period (clipped to the range). */
	readonly starts: number;
	/** Occupied seat-hours in the period (union per host, clipped). */
	readonly seatHours: number;
	/** Distinct users with a session overlapping the period. */
	readonly users: number;
};

/** One host's figures over the range. */
export type HostRow = {
	readonly host: string;
	/** Sessions that began in the range. */
	readonly sessions: number;
	/** Union of the host's sessions, clipped to the range, in hours. */
	readonly seatHours: number;
	/** Mean duration (minutes) of its closed, non-anomalous sessions that began in the range; null if none. */
	readonly meanMinutes: number | null;
	/** seatHours / range hours (range clipped at `now`) × 100. */
	readonly utilisation: number;
	/**
	 * Latest instant the host was occupied by a session touching the range (end, or `now` if open;
	 * capped at begin + maxSession and at `now`; begin for zero/negative sessions), ISO UTC; null if never.
	 */
	readonly lastSeen: string | null;
	/** Distinct users with a session on the host overlapping the range. */
	readonly users: number;
	/** Login of whoever has an open, not overlong session on it at `now` (the latest begun), else null. */
	readonly occupant: string | null;
};

/** One user's figures over the range. */
export type UserRow = {
	readonly login: string;
	/** Union of the user's sessions clipped to the range, hours (overlaps counted once). */
	readonly logtimeHours: number;
	readonly sessions: number;
	/** Host with the most logtime for this user (ties: host asc); null if none. */
	readonly favouriteHost: string | null;
	/** Latest end (or `now` if open) of a session touching the range, capped like HostRow.lastSeen, ISO UTC. */
	readonly lastSeen: string | null;
};

/** A session as listed in drill-downs and slot lists; times ISO UTC, `end` null when open. */
export type SessionListItem = {
	readonly id: number;
	readonly login: string | null;
	readonly host: string;
	readonly begin: string;
	readonly end: string | null;
	/** Duration to end (or `now` when open), minutes. */
	readonly minutes: number;
};

/**
 * Anomalies found in the range; listed, never silently dropped. Each list holds at most
 * `listLimit` sessions, newest first; `counts` has the full numbers.
 */
export type Anomalies = {
	/** Sessions longer than maxSession (open ones measured to now) whose raw span touches the range. */
	readonly overlong: readonly SessionListItem[];
	/** Closed sessions with end == begin that began in the range. */
	readonly zeroLength: readonly SessionListItem[];
	/** Closed sessions with end < begin that began in the range. */
	readonly negative: readonly SessionListItem[];
	/** Sessions beginning after `now` but before `to` (ignored by every other statistic). */
	readonly future: readonly SessionListItem[];
	/**
	 * Sessions dated before 1990-01-01 or more than 366 days after `now`, whatever the range: data
	 * errors, counted nowhere else (and never the start of a series).
	 */
	readonly implausibleDate: readonly SessionListItem[];
	/** Full counts of each list, plus how many overlong sessions are still open ("stuck"). */
	readonly counts: {
		readonly overlong: number;
		readonly overlongOpen: number;
		readonly zeroLength: number;
		readonly negative: number;
		readonly future: number;
		readonly implausibleDate: number;
		/** Events dated before 1990-01-01 or more than 366 days after `now` (counted in no event statistic). */
		readonly implausibleEventDate: number;
	};
	/** Sessions that begin while an earlier session of the same host still occupies it (within the range). */
	readonly hostOverlaps: number;
	/** Sessions that begin while an earlier session of the same user is still running (within the range). */
	readonly userOverlaps: number;
	readonly maxSessionMinutes: number;
};

/** The document printed by `summary --json`. Field order is the documented order. */
export type Summary = {
	readonly range: {
		readonly from: string;
		readonly to: string;
		/** Effective end of the range for occupancy and starts: min(to, now). */
		readonly end: string;
		readonly tz: string;
		readonly now: string;
	};
	readonly sessions: {
		readonly total: number;
		readonly open: number;
		readonly uniqueUsers: number;
		readonly uniqueHosts: number;
		readonly seatHours: number;
		readonly meanSessionMinutes: number | null;
		readonly medianSessionMinutes: number | null;
		readonly byHour: {readonly starts: number[]; readonly seatHours: number[]};
		readonly byWeekday: {readonly starts: number[]; readonly seatHours: number[]};
		readonly weekdayHour: {readonly starts: number[][]; readonly meanConcurrent: number[][]};
		readonly daily: SeriesPoint[];
		readonly weekly: SeriesPoint[];
		readonly monthly: SeriesPoint[];
		readonly topHosts: HostRow[];
		/** The `top` users by logtime (the users table's first rows), like `topHosts`. */
		readonly topUsers: UserRow[];
	};
	readonly events: {
		readonly total: number;
		readonly uniqueUsers: number;
		readonly uniqueTypes: number;
		readonly byType: KeyCount[];
		readonly topUsers: KeyCount[];
		readonly mostActive: {readonly keys: string[]; readonly count: number};
		readonly peakHour: {readonly hours: number[]; readonly count: number};
		/** Events per local hour of day (24), the counts `peakHour` is taken from. */
		readonly byHour: number[];
		readonly daily: Array<{readonly key: string; readonly count: number}>;
		readonly recent: {readonly minutes: number; readonly total: number; readonly byType: KeyCount[]};
	};
	readonly anomalies: Anomalies;
};

/** A user's drill-down. */
export type UserDetail = {
	readonly login: string;
	readonly row: UserRow;
	/** Logtime per local day over the range, hours, empty days included. */
	readonly logtimeDaily: Array<{readonly key: string; readonly hours: number}>;
	/** Logtime per ISO week, hours. */
	readonly logtimeWeekly: Array<{readonly key: string; readonly hours: number}>;
	/** Weekday × hour of the user's occupied hours (7 × 24, Monday first). */
	readonly weekdayHour: number[][];
	/** Hosts used, by hours desc. */
	readonly hosts: Array<{readonly host: string; readonly hours: number; readonly sessions: number}>;
	/** Hours of day with the most logtime, best first (ties: hour asc), at most 3. */
	readonly usualHours: number[];
	/** Most recent sessions first. */
	readonly recent: SessionListItem[];
};

/** A host's drill-down. */
export type HostDetail = {
	readonly host: string;
	readonly row: HostRow;
	/** Seat-hours by local hour of day (24). */
	readonly byHour: number[];
	/** Users of the host, by hours desc. */
	readonly users: Array<{readonly login: string; readonly hours: number; readonly sessions: number}>;
	/** Most recent sessions first. */
	readonly recent: SessionListItem[];
};

/** Per-user event activity (events view drill-down). */
export type EventUserActivity = {
	readonly user: string;
	readonly total: number;
	readonly byType: KeyCount[];
	readonly first: string | null;
	readonly last: string | null;
};

/** A labelled count grid (rows × columns), as drawn by the old analyzer's heatmaps. */
export type CountGrid = {
	readonly rows: string[];
	readonly columns: string[];
	readonly counts: number[][];
};

/**
 * `--compat bigstat42`: the old analyzer's statistics, reproduced number for number.
 * Keys keep the seed's snake_case names. Maps are plain objects (null prototype).
 */
export type CompatBigstat42Stats = {
	readonly total_sessions: number;
	readonly unique_users: number;
	readonly unique_hosts: number;
	readonly average_session_duration_minutes: number;
	readonly total_usage_hours: number;
	readonly date_range: string;
	/** All 24 UTC start hours, "0".."23". */
	readonly hourly_usage: Record<string, number>;
	/** Start weekday name (UTC) → sessions; present days only, count desc then name asc. */
	readonly daily_usage: Record<string, number>;
	/** ISO week number without year → sessions. */
	readonly weekly_usage: Record<string, number>;
	/** Month number without year → sessions. */
	readonly monthly_usage: Record<string, number>;
	/** Host → sessions, count desc then host asc. */
	readonly host_usage: Record<string, number>;
	/** Host → mean duration (minutes) of its valid rows; hosts without a valid row are absent. */
	readonly average_duration_by_host: Record<string, number>;
	/** Monday..Sunday × "00:00".."23:00" start counts (UTC). */
	readonly heatmap_day_hour: CountGrid;
	/** Top hosts by sessions (count desc, host asc) × "00:00".."23:00" start counts (UTC). */
	readonly heatmap_hosts_hour: CountGrid;
};

/** Options of `compatBigstat42`. */
export type CompatBigstat42Options = {
	/** Hosts in the host heatmap. @default 20 */
	readonly top?: number;
	/** Keep only sessions that began at or after this instant (the seed downloaded sessions begun in its window). */
	readonly from?: EpochMs;
	/** Keep only sessions that began before this instant. */
	readonly to?: EpochMs;
};

/** One problem found in a `/usage-summary` input; `index` is the record's position, or null for the whole input. */
export type UsageSummaryIssue = {readonly index: number | null; readonly reason: string};

/** Mini Analytics `/usage-summary`, with deliberate differences from the original (ties, order, zone, errors). */
export type UsageSummary = {
	/** Users in first-appearance order. */
	readonly unique_users: string[];
	/** action → count, keys in byte order. */
	readonly action_wise_counts: Record<string, number>;
	/** Every user tied at the highest count (byte order). */
	readonly most_active_user: {readonly keys: string[]; readonly count: number};
	/** Every hour (in the given zone) tied at the highest count, ascending. */
	readonly peak_activity_hour: {readonly hours: number[]; readonly count: number};
	/** Every instant (normalised ISO UTC, so "Z" and "+00:00" spellings merge) tied at the highest count. */
	readonly peak_activity_time: {readonly keys: string[]; readonly count: number};
	readonly total_events: number;
};

/** The outcome of validating and summarising a `/usage-summary` input. */
export type UsageSummaryResult =
	| {readonly ok: true; readonly value: UsageSummary}
	| {readonly ok: false; readonly errors: UsageSummaryIssue[]};
