/**
 * Live demo mode: what changed on the demo campus between two instants, without credentials.
 * Deterministic from (seed, times, current data). Arrivals are drawn per whole UTC minute from a hash
 * of (seed, minute), so their times do not depend on how the caller slices time into ticks; which
 * seat and student they get depends on who is free, i.e. on the data passed in.
 */
import {type Campus, type EpochMs, type SessionRecord, type SessionTable, sessionAt} from '../model.js';
import {hashSeed, Rng} from '../prng.js';
import {HOUR, MINUTE, zoneClock} from '../time.js';
import {dayFactor, drawDuration, hourShare, STARTS_PER_SEAT_DAY} from './rhythm.js';
/** Open sessions older than this are considered stuck and are never closed by live mode. */
export const LIVE_STUCK_AGE_MS = 20 * HOUR;
/** Mean remaining time of an open session whose planned end has already passed. */
const OVERDUE_MEAN_MS = 75 * MINUTE;

const STREAM_ARRIVALS = 0x11_fe_00_01;
const STREAM_DURATION = 0x11_fe_00_02;
const STREAM_OVERDUE = 0x11_fe_00_03;

/** The part of the demo data live mode needs. */
export type LiveBase = {readonly campus: Campus; readonly sessions: SessionTable};

const ceilSecond = (ms: number): number => Math.ceil(ms / 1000) * 1000;

/**
 * Changes in (fromNow, toNow]: closures of sessions open at `fromNow` (same id, `end` set) followed by
 * sessions begun in the interval (new ids above every id in `base`, increasing with begin; `end` set
 * when they already ended by `toNow`). Sorted by begin, then id. Stuck sessions (open for more than
 * 20 h) stay open. Merge the result into the data (last record of an id wins) before the next tick.
 */
export function liveDemoChanges(base: LiveBase, fromNow: EpochMs, toNow: EpochMs, seed: number): SessionRecord[] {
	if (!(toNow > fromNow)) return [];
	const table = base.sessions;
	const clock = zoneClock(base.campus.timeZone);
	// Busy-until per host and per user (+∞ while open).
	const hostBusy = new Float64Array(table.hosts.length);
	const userBusy = new Float64Array(table.logins.length);
	const closures: SessionRecord[] = [];
	let maxId = 0;
	for (let i = 0; i < table.size; i++) {
		const id = table.id[i] ?? 0;
		if (id > maxId) maxId = id;
		const begin = table.begin[i] ?? 0;
		if (!Number.isNaN(table.end[i] ?? 0) || begin > fromNow) continue;
		hostBusy[table.host[i] ?? 0] = Number.POSITIVE_INFINITY;
		const u = table.user[i] ?? -1;
		if (u >= 0) userBusy[u] = Number.POSITIVE_INFINITY;
		if (fromNow - begin > LIVE_STUCK_AGE_MS) continue;
		let end = begin + drawDuration(new Rng(hashSeed(seed, STREAM_DURATION, id)), clock.hour(begin));
		if (end <= fromNow) end = fromNow + new Rng(hashSeed(seed, STREAM_OVERDUE, id, fromNow)).exponential(1 / OVERDUE_MEAN_MS);
		end = ceilSecond(end);
		if (end <= toNow) {
			closures.push({...sessionAt(table, i), end});
			hostBusy[table.host[i] ?? 0] = end;
			if (u >= 0) userBusy[u] = end;
		}
	}

	closures.sort((a, b) => a.begin - b.begin || a.id - b.id);
	const arrivals = arrivalTimes(base, fromNow, toNow, seed);
	const hosts = table.hosts.length;
	const users = table.logins.length;
	const created: SessionRecord[] = [];
	let nextId = maxId + 1;
	let previous = Number.NaN;
	let ordinal = 0;
	for (const at of arrivals) {
		if (hosts === 0 || users === 0) break;
		ordinal = at === previous ? ordinal + 1 : 0;
		previous = at;
		const rng = new Rng(hashSeed(seed, STREAM_ARRIVALS, at, ordinal + 1));
		let host = -1;
		for (let tries = 0; tries < 40 && host < 0; tries++) {
			const h = rng.int(hosts);
			if ((hostBusy[h] ?? 0) <= at) host = h;
		}

		let user = -1;
		for (let tries = 0; tries < 40 && user < 0; tries++) {
			const u = rng.int(users);
			if ((userBusy[u] ?? 0) <= at) user = u;
		}

		if (host < 0 || user < 0) continue;
		const id = nextId++;
		const planned = ceilSecond(at + drawDuration(new Rng(hashSeed(seed, STREAM_DURATION, id)), clock.hour(at)));
		const ended = planned <= toNow;
		const userId = table.userIds[user] ?? Number.NaN;
		created.push({
			id,
			userId: Number.isNaN(userId) ? null : userId,
			login: table.logins[user] ?? null,
			host: table.hosts[host] ?? '',
			begin: at,
			end: ended ? planned : null,
			campusId: base.campus.id,
		});
		hostBusy[host] = ended ? planned : Number.POSITIVE_INFINITY;
		userBusy[user] = ended ? planned : Number.POSITIVE_INFINITY;
	}

	return [...closures, ...created];
}

/** Arrival instants (whole seconds) in (fromNow, toNow], ascending, drawn per UTC minute. */
function arrivalTimes(base: LiveBase, fromNow: EpochMs, toNow: EpochMs, seed: number): number[] {
	const clock = zoneClock(base.campus.timeZone);
	const seats = base.sessions.hosts.length;
	const times: number[] = [];
	const lastMinute = Math.floor(toNow / MINUTE);
	let day = Number.NaN;
	let factor = 1;
	for (let minute = Math.floor(fromNow / MINUTE); minute <= lastMinute; minute++) {
		const start = minute * MINUTE;
		const dayNumber = clock.dayNumber(start);
		if (dayNumber !== day) {
			day = dayNumber;
			factor = dayFactor(clock, clock.startOfDay(dayNumber));
		}

		const mean = (seats * STARTS_PER_SEAT_DAY * factor * hourShare(clock.hour(start))) / 60;
		const rng = new Rng(hashSeed(seed, STREAM_ARRIVALS, minute));
		const count = rng.poisson(mean);
		const inMinute: number[] = [];
		for (let k = 0; k < count; k++) inMinute.push(start + rng.int(60) * 1000);
		inMinute.sort((a, b) => a - b);
		for (const at of inMinute) if (at > fromNow && at <= toNow) times.push(at);
	}

	return times;
}
