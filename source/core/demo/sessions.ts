/**
 * The session simulation: a chronological sweep of arrivals (a Poisson process whose rate follows
 * the local rhythm). Each arrival takes a free student (weighted by activity) and a free seat (their
 * favourites first, then their home cluster, then anywhere), so by construction no seat and no
 * student is in two sessions at once — except the anomalies injected on purpose (see `ANOMALIES`).
 * Arrivals come out sorted by begin, so ids (increasing) and rows need no sort.
 */
import type {EpochMs} from '../model.js';
import {AliasTable, type Rng} from '../prng.js';
import {DAY, HOUR, MINUTE, type ZoneClock} from '../time.js';
import type {DemoLayout, DemoPopulation} from './campus.js';
import {drawDuration, SLOT_MS, slotWeights} from './rhythm.js';

/** First session id of the demo (42-like; real location ids are in the 2.4e8 range). */
export const FIRST_SESSION_ID = 240_000_000;

/** Kinds of deliberate anomalies. */
export type AnomalyKind = 'hostOverlap' | 'userOverlap' | 'stuckOpen' | 'zeroLength' | 'negative' | 'overlong';

/** A deliberate anomaly: applied to the first arrival at or after `time`. */
type PlannedAnomaly = {readonly time: EpochMs; readonly kind: AnomalyKind; readonly hours: number};

/** Raw simulated sessions; user and host are indexes into the population and the layout. */
export type SimulatedSessions = {
	readonly size: number;
	readonly id: Float64Array;
	readonly begin: Float64Array;
	readonly end: Float64Array;
	readonly user: Int32Array;
	readonly host: Int32Array;
	/** Ids of the injected anomalies, by kind (in order of injection). */
	readonly anomalies: Readonly<Record<AnomalyKind, readonly number[]>>;
};

/** Inputs of `simulateSessions`. */
export type SimulationInput = {
	readonly rng: Rng;
	readonly clock: ZoneClock;
	/** Range start (whole second). */
	readonly from: EpochMs;
	/** Range end and "now" (sessions still running here stay open). */
	readonly now: EpochMs;
	readonly layout: DemoLayout;
	readonly population: DemoPopulation;
	/** Expected session starts over the range (a few arrivals are lost when nobody or no seat is free). */
	readonly targetSessions: number | undefined;
	/** Density used when `targetSessions` is undefined: starts per cluster seat per weekday. */
	readonly startsPerSeatDay: number;
};

/** Share of arrivals that sit at a non-cluster host (kiosk, exam PC). */
const NON_CLUSTER_SHARE = 0.008;
/** Share of arrivals that try their favourite seats first. */
const FAVOURITE_SHARE = 0.62;

/**
 * The anomaly plan: [kind, local day as a fraction of the range (or days before now when negative),
 * local hour]. 3 same-host overlaps, 3 same-user overlaps, 3 stuck-open sessions (2, 5 and 9 days
 * before now), 2 zero-length, 1 negative, 2 over 24 h.
 */
const ANOMALIES: ReadonlyArray<readonly [AnomalyKind, number, number]> = [
	['zeroLength', 0.14, 11],
	['hostOverlap', 0.23, 15.2],
	['userOverlap', 0.31, 16.3],
	['overlong', 0.37, 13],
	['negative', 0.45, 10.5],
	['hostOverlap', 0.51, 14.4],
	['userOverlap', 0.62, 15.7],
	['zeroLength', 0.66, 17.2],
	['overlong', 0.71, 20],
	['hostOverlap', 0.77, 11.6],
	['userOverlap', 0.88, 14.1],
	['stuckOpen', -9, 16],
	['stuckOpen', -5, 18.5],
	['stuckOpen', -2, 10],
];

function planAnomalies(clock: ZoneClock, from: EpochMs, now: EpochMs): PlannedAnomaly[] {
	const firstDay = clock.dayNumber(from);
	const lastDay = clock.dayNumber(now);
	const span = Math.max(1, lastDay - firstDay);
	const plan: PlannedAnomaly[] = [];
	for (const [kind, day, hour] of ANOMALIES) {
		const dayNumber = day < 0 ? lastDay + day : firstDay + Math.floor(span * day);
		const time = clock.startOfDay(dayNumber) + Math.round(hour * HOUR);
		if (time >= from && time < now) plan.push({time, kind, hours: hour});
	}

	return plan.sort((a, b) => a.time - b.time);
}

/** Runs the simulation. */
export function simulateSessions(input: SimulationInput): SimulatedSessions {
	const {rng, clock, from, now, layout, population} = input;
	const {seatCount} = layout;
	const hostCount = layout.hosts.length;
	const userCount = population.users.length;
	const extraCount = hostCount - seatCount;
	const {favourites, homeCluster} = population;
	const {base, weights} = slotWeights(clock, from, now);
	let weekdayEquivalents = 0;
	for (const weight of weights) weekdayEquivalents += weight;
	// Starts per weekday-equivalent; the rate within a slot is constant.
	const perWeekday =
		input.targetSessions === undefined
			? input.startsPerSeatDay * seatCount
			: weekdayEquivalents > 0
				? input.targetSessions / weekdayEquivalents
				: 0;
	const expected = perWeekday * weekdayEquivalents;

	const hostBusy = new Float64Array(hostCount);
	const userBusy = new Float64Array(userCount);
	const pickUser = new AliasTable(population.activity);
	const anomalies: Record<AnomalyKind, number[]> = {
		hostOverlap: [],
		userOverlap: [],
		stuckOpen: [],
		zeroLength: [],
		negative: [],
		overlong: [],
	};
	const plan = planAnomalies(clock, from, now);
	let planIndex = 0;

	let capacity = Math.max(64, Math.ceil(expected * 1.02 + 5 * Math.sqrt(expected) + 64));
	let id = new Float64Array(capacity);
	let begin = new Float64Array(capacity);
	let end = new Float64Array(capacity);
	let user = new Int32Array(capacity);
	let host = new Int32Array(capacity);
	let size = 0;
	let nextId = FIRST_SESSION_ID;

	const grow = (): void => {
		capacity *= 2;
		const grown = <T extends Float64Array | Int32Array>(array: T, make: (n: number) => T): T => {
			const copy = make(capacity);
			copy.set(array);
			return copy;
		};

		id = grown(id, (n) => new Float64Array(n));
		begin = grown(begin, (n) => new Float64Array(n));
		end = grown(end, (n) => new Float64Array(n));
		user = grown(user, (n) => new Int32Array(n));
		host = grown(host, (n) => new Int32Array(n));
	};

	const freeUser = (at: number): number => {
		for (let tries = 0; tries < 16; tries++) {
			const u = pickUser.sample(rng);
			if ((userBusy[u] ?? 0) <= at) return u;
		}

		return -1;
	};

	const freeHost = (u: number, at: number): number => {
		const r = rng.next();
		if (r < NON_CLUSTER_SHARE && extraCount > 0) {
			const h = seatCount + rng.int(extraCount);
			if ((hostBusy[h] ?? 0) <= at) return h;
		}

		if (r < FAVOURITE_SHARE) {
			for (let k = 0; k < 3; k++) {
				const h = favourites[u * 3 + k] ?? 0;
				if ((hostBusy[h] ?? 0) <= at) return h;
			}
		}

		const cluster = homeCluster[u] ?? 0;
		const start = layout.clusterStart[cluster] ?? 0;
		const clusterSize = layout.clusterSize[cluster] ?? 1;
		for (let tries = 0; tries < 6; tries++) {
			const h = start + rng.int(clusterSize);
			if ((hostBusy[h] ?? 0) <= at) return h;
		}

		for (let tries = 0; tries < 32; tries++) {
			const h = rng.int(seatCount);
			if ((hostBusy[h] ?? 0) <= at) return h;
		}

		return -1;
	};

	/** A busy index (finite busy-until well after `at`), or -1. */
	const busyIndex = (busy: Float64Array, limit: number, at: number): number => {
		for (let tries = 0; tries < 400; tries++) {
			const i = rng.int(limit);
			const until = busy[i] ?? 0;
			if (until > at + 20 * MINUTE && until !== Number.POSITIVE_INFINITY) return i;
		}

		return -1;
	};

	for (let k = 0; k < weights.length; k++) {
		const slotStart = Math.max(from, base + k * SLOT_MS);
		const slotEnd = Math.min(now, base + (k + 1) * SLOT_MS);
		const rate = (perWeekday * (weights[k] ?? 0)) / (slotEnd - slotStart);
		if (!(rate > 0)) continue;
		const localHour = clock.hour(slotStart);
		let t = slotStart;
		for (;;) {
			t += rng.exponential(rate);
			if (t >= slotEnd) break;
			const at = Math.floor(t / 1000) * 1000;
			const planned = plan[planIndex];
			const kind = planned !== undefined && at >= planned.time ? planned.kind : undefined;

			const u = kind === 'userOverlap' ? busyIndex(userBusy, userCount, at) : freeUser(at);
			if (u < 0) continue;
			const h = kind === 'hostOverlap' ? busyIndex(hostBusy, seatCount, at) : freeHost(u, at);
			if (h < 0) continue;

			let finish: number;
			switch (kind) {
				case 'zeroLength': {
					finish = at;
					break;
				}

				case 'negative': {
					finish = at - (17 * MINUTE + rng.int(600) * 1000);
					break;
				}

				case 'overlong': {
					finish = at + Math.round((26 * HOUR + rng.int(6 * 3600) * 1000) / 1000) * 1000;
					break;
				}

				case 'stuckOpen': {
					finish = Number.NaN;
					break;
				}

				default: {
					finish = at + drawDuration(rng, localHour);
				}
			}

			if (size === capacity) grow();
			id[size] = nextId;
			begin[size] = at;
			end[size] = finish > now ? Number.NaN : finish;
			user[size] = u;
			host[size] = h;
			if (kind !== undefined) {
				anomalies[kind].push(nextId);
				planIndex++;
			}

			size++;
			nextId += 1 + (rng.chance(0.3) ? 1 + rng.int(3) : 0);
			if (kind === 'stuckOpen') {
				hostBusy[h] = Number.POSITIVE_INFINITY;
				userBusy[u] = Number.POSITIVE_INFINITY;
			} else if (finish > at) {
				hostBusy[h] = Math.max(hostBusy[h] ?? 0, finish);
				userBusy[u] = Math.max(userBusy[u] ?? 0, finish);
			}
		}
	}

	return {
		size,
		id: id.slice(0, size),
		begin: begin.slice(0, size),
		end: end.slice(0, size),
		user: user.slice(0, size),
		host: host.slice(0, size),
		anomalies,
	};
}

/** Range start for `days` days ending at `now`, rounded up to a whole second. */
export function rangeStart(now: EpochMs, days: number): EpochMs {
	return Math.ceil((now - days * DAY) / 1000) * 1000;
}
