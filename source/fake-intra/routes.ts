/** The /v2 resources: routing an admitted request to a list, a single record or locations_stats. */
import {zoneClock} from '../core/time.js';
import {type Answer, type Answers, requestId} from './answers.js';
import type {FakeClock} from './clock.js';
import type {FakeData} from './data.js';
import {linkHeader, type LinkOptions} from './pagination.js';
import {isQueryError, type QueryLimits, type ResourceSpec, runQuery} from './query.js';
import type {RateDecision} from './rate-limit.js';
import {campusSpec, eventSpec, eventsUserSpec, locationSpec, userSpec} from './resources.js';
import {serializeCampus, serializeEvent, serializeEventsUser, serializeLocation, serializeUser} from './serialize.js';
import type {FakeCampus, FakeEvent, FakeEventsUser, FakeLocation} from './types.js';

/** What a route reads of the request: its parameters and its number (for the Link order). */
export type RouteRequest = {readonly params: URLSearchParams; readonly n: number};

export type RouterOptions = {
	readonly data: FakeData;
	readonly clock: FakeClock;
	readonly limits: QueryLimits;
	readonly answers: Answers;
	/** Read per request: the base URL is known only once the server listens. */
	readonly link: () => LinkOptions;
};

/** Returns the router of authenticated, admitted GET/HEAD /v2 requests. */
export function createRouter({data, clock, limits, answers, link}: RouterOptions): (path: string, request: RouteRequest, decision: RateDecision) => Answer {
	function list<T>(path: string, rows: readonly T[], spec: ResourceSpec<T>, request: RouteRequest, decision: RateDecision, serialize: (row: T) => unknown): Answer {
		const result = runQuery(rows, spec, request.params, clock.now(), limits);
		if (isQueryError(result)) {
			const headers: Record<string, string> = {'Content-Type': result.contentType, 'X-Request-Id': requestId()};
			// The 502 comes from the gateway, the 400s from the app (which sends its usual headers).
			if (result.status !== 502) Object.assign(headers, answers.rateHeaders(decision));
			return {status: result.status, headers, body: result.body};
		}

		const extra: Record<string, string> = {'X-Page': String(result.page), 'X-Per-Page': String(result.perPage), 'X-Total': String(result.total)};
		const header = linkHeader(link(), path, request.params, result, request.n);
		if (header !== undefined) extra['Link'] = header;
		return answers.json(200, result.rows.map(row => serialize(row)), decision, extra);
	}

	function locationsStats(userId: number, params: URLSearchParams, decision: RateDecision): Answer {
		const user = data.user(userId);
		const zoneName = params.get('time_zone') ?? data.campuses.find(campus => campus.id === user?.campusId)?.timeZone ?? 'UTC';
		let zone;
		try {
			zone = zoneClock(zoneName);
		} catch {
			return answers.json(400, {error: 'Bad Request', message: `Unknown time zone ${zoneName}`}, decision);
		}

		const dayOf = (text: string | null): number | undefined => {
			const match = text === null ? null : /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
			return match ? zone.dayNumber(zone.fromLocal(Number(match[1]), Number(match[2]), Number(match[3]), 12)) : undefined;
		};

		const firstDay = dayOf(params.get('begin_at'));
		const lastDayExclusive = dayOf(params.get('end_at'));
		const now = clock.now();
		const perDay = new Map<number, number>();
		// A plain sum per local day (overlapping sessions count twice, open ones until now); the real API's rule is not verified.
		for (const location of data.locations) {
			if (location.userId !== userId) continue;
			const end = location.end ?? now;
			for (let start = location.begin; start < end; ) {
				const day = zone.dayNumber(start);
				const next = Math.min(end, zone.startOfDay(day + 1));
				if ((firstDay === undefined || day >= firstDay) && (lastDayExclusive === undefined || day < lastDayExclusive)) perDay.set(day, (perDay.get(day) ?? 0) + (next - start));
				start = next;
			}
		}

		const out: Record<string, string> = {};
		for (const [day, ms] of [...perDay].sort((a, b) => b[0] - a[0])) {
			if (ms <= 0) continue;
			const key = new Date(day * 86_400_000).toISOString().slice(0, 10);
			const seconds = ms / 1000;
			const hh = String(Math.floor(seconds / 3600)).padStart(2, '0');
			const mm = String(Math.floor((seconds % 3600) / 60)).padStart(2, '0');
			const ss = (seconds % 60).toFixed(6).padStart(9, '0');
			out[key] = `${hh}:${mm}:${ss}`;
		}

		return answers.json(200, out, decision);
	}

	/** Routes an authenticated, admitted /v2 request. */
	function route(path: string, request: RouteRequest, decision: RateDecision): Answer {
		const notFound = (): Answer => answers.json(404, {}, decision);
		const serial = data.serializeContext();
		const segments = path.split('/').filter(segment => segment !== '').slice(1);
		const campusBy = (key: string): FakeCampus | undefined =>
			/^\d+$/.test(key) ? data.campuses.find(campus => campus.id === Number(key)) : data.campuses.find(campus => campus.name.toLowerCase() === key.toLowerCase());
		const [resource, id, sub, ...rest] = segments;
		if (rest.length > 0) return notFound();
		const location = (row: FakeLocation): unknown => serializeLocation(row, serial);
		const event = (row: FakeEvent): unknown => serializeEvent(row, serial);
		const subscription = (row: FakeEventsUser): unknown => serializeEventsUser(row, serial);
		switch (resource) {
			case 'campus': {
				if (id === undefined) return list(path, data.campuses, campusSpec, request, decision, serializeCampus);
				const campus = campusBy(id);
				if (campus === undefined) return notFound();
				if (sub === undefined) return answers.json(200, serializeCampus(campus), decision);
				if (sub === 'locations') return list(path, data.locations.filter(row => row.campusId === campus.id), locationSpec, request, decision, location);
				if (sub === 'events') return list(path, data.events.filter(row => row.campusIds.includes(campus.id)), eventSpec, request, decision, event);
				if (sub === 'users') return list(path, data.users.filter(row => row.campusId === campus.id), userSpec, request, decision, row => serializeUser(row, serial));
				return notFound();
			}

			case 'locations': {
				if (id === undefined) return list(path, data.locations, locationSpec, request, decision, location);
				const found = sub === undefined && /^\d+$/.test(id) ? data.session(Number(id)) : undefined;
				return found === undefined ? notFound() : answers.json(200, location(found), decision);
			}

			case 'users': {
				const user = id === undefined ? undefined : data.user(id);
				if (user === undefined) return notFound();
				if (sub === undefined) return answers.json(200, serializeUser(user, serial), decision);
				if (sub === 'locations') return list(path, data.locations.filter(row => row.userId === user.id), locationSpec, request, decision, location);
				if (sub === 'locations_stats') return locationsStats(user.id, request.params, decision);
				if (sub === 'events_users') return list(path, data.eventsUsers.filter(row => row.userId === user.id), eventsUserSpec, request, decision, subscription);
				if (sub === 'events') {
					const mine = new Set(data.eventsUsers.filter(row => row.userId === user.id).map(row => row.eventId));
					return list(path, data.events.filter(row => mine.has(row.id)), eventSpec, request, decision, event);
				}

				return notFound();
			}

			case 'events': {
				if (id === undefined) return list(path, data.events, eventSpec, request, decision, event);
				const found = /^\d+$/.test(id) ? data.events.find(row => row.id === Number(id)) : undefined;
				if (found === undefined) return notFound();
				if (sub === undefined) return answers.json(200, event(found), decision);
				if (sub === 'events_users') return list(path, data.eventsUsers.filter(row => row.eventId === found.id), eventsUserSpec, request, decision, subscription);
				return notFound();
			}

			case 'events_users':
				return id === undefined ? list(path, data.eventsUsers, eventsUserSpec, request, decision, subscription) : notFound();
			default:
				return notFound();
		}
	}

	return route;
}
