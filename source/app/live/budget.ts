/**
 * How often live mode may poll the 42 API: at most a share (5 %) of the hourly request budget, so
 * a running dashboard never starves a sync. 1200 requests/h × 5 % = 60 polls/h → one a minute.
 */

/** Default hourly budget of a 42 application (X-Hourly-RateLimit-Limit). */
export const DEFAULT_HOURLY_LIMIT = 1200;
/** Share of the hourly budget live polling may spend. */
export const LIVE_BUDGET_SHARE = 0.05;

/**
 * The shortest poll interval (ms) that spends at most `share` of `hourlyLimit` requests per hour,
 * given that one poll costs `requestsPerPoll` requests (pages of active locations).
 */
export function minPollIntervalMs(hourlyLimit = DEFAULT_HOURLY_LIMIT, requestsPerPoll = 1, share = LIVE_BUDGET_SHARE): number {
	const pollsPerHour = Math.max(1e-9, (hourlyLimit * share) / Math.max(1, requestsPerPoll));
	return Math.ceil(3_600_000 / pollsPerHour);
}

/** The poll interval to use: the requested one, but never faster than the budget allows. */
export function apiPollIntervalMs(requestedMs: number | undefined, hourlyLimit = DEFAULT_HOURLY_LIMIT, requestsPerPoll = 1): number {
	const floor = minPollIntervalMs(hourlyLimit, requestsPerPoll);
	return requestedMs === undefined ? floor : Math.max(floor, requestedMs);
}
