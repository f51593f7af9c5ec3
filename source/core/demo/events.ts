/**
 * The demo event log, derived from the simulated sessions: a sampled share of sessions is "tracked";
 * a tracked session logs `login` at its begin, actions while it runs and `logout` at its end.
 * The share and the action rate are calibrated so that the log holds about `targetEvents` events.
 */
import type {EpochMs, EventTable} from '../model.js';
import {AliasTable, type Rng} from '../prng.js';
import {HOUR} from '../time.js';
import type {SimulatedSessions} from './sessions.js';

/** Event types of the demo log, in a fixed order (the table's dictionary uses first appearance). */
export const EVENT_TYPES = ['login', 'logout', 'view', 'click', 'search', 'purchase', 'exam_register', 'evaluation'] as const;

/** One demo event type. */
export type DemoEventType = (typeof EVENT_TYPES)[number];

const LOGIN = 0;
const LOGOUT = 1;
/** Action types (indexes into EVENT_TYPES) and their relative frequency. */
const ACTIONS = [2, 3, 4, 5, 6, 7] as const;
const ACTION_WEIGHTS = [40, 30, 14, 3, 3, 10];

const PAGES = ['/', '/projects', '/projects/libft', '/projects/minishell', '/slots', '/cluster', '/profile', '/shop'];
const QUERIES = ['libft', 'minishell', 'cub3d', 'philosophers', 'ft_printf', 'webserv', 'exam', 'norminette'];
const ITEMS: ReadonlyArray<readonly [string, number]> = [
	['coffee', 2],
	['hoodie', 45],
	['sticker', 1],
	['evaluation_point', 30],
];
const EXAMS = ['exam-rank-02', 'exam-rank-03', 'exam-rank-04', 'exam-rank-05', 'exam-rank-06'];
const PROJECTS = ['libft', 'get_next_line', 'ft_printf', 'push_swap', 'minishell', 'philosophers', 'cub3d', 'webserv'];

/** Compact JSON metadata per (type, variant); `metaStart[type]` is the first variant, -1 when null. */
function metadataCatalogue(hosts: readonly string[]): {strings: string[]; start: number[]; count: number[]} {
	const strings: string[] = [];
	const start: number[] = [];
	const count: number[] = [];
	const add = (values: readonly string[]): void => {
		start.push(values.length === 0 ? -1 : strings.length);
		count.push(values.length);
		strings.push(...values);
	};

	add(hosts.map((host) => JSON.stringify({host}))); // login
	add([]); // logout
	add(PAGES.map((page) => JSON.stringify({page}))); // view
	add([]); // click
	add(QUERIES.map((query) => JSON.stringify({query}))); // search
	add(ITEMS.map(([item, price]) => JSON.stringify({item, price}))); // purchase
	add(EXAMS.map((exam) => JSON.stringify({exam}))); // exam_register
	add(
		PROJECTS.flatMap((project) => [
			JSON.stringify({project, role: 'corrector'}),
			JSON.stringify({project, role: 'corrected'}),
		]),
	); // evaluation
	return {strings, start, count};
}

/** Actions per tracked hour before calibration. */
const BASE_ACTIONS_PER_HOUR = 1.4;
/** A stuck-open session (open and older than this at `now`) only "ran" for STUCK_ACTIVE_MS. */
const STUCK_AGE_MS = 24 * HOUR;
const STUCK_ACTIVE_MS = 2 * HOUR;

/** Inputs of `generateEvents`; `logins` and `hosts` are indexed like the simulation's users and hosts. */
export type EventInput = {
	readonly rng: Rng;
	readonly sessions: SimulatedSessions;
	readonly logins: readonly string[];
	readonly hosts: readonly string[];
	readonly from: EpochMs;
	readonly now: EpochMs;
	readonly targetEvents: number;
};

/** Builds the event table (rows sorted by time then id; ids 1, 2, … in that order). */
export function generateEvents(input: EventInput): EventTable {
	const {rng, sessions, now, from} = input;
	const n = sessions.size;
	// Pass 1: how many events would tracking every session give?
	let fixed = 0;
	let hours = 0;
	const activeEnd = (i: number): number => {
		const b = sessions.begin[i] ?? 0;
		const e = sessions.end[i] ?? Number.NaN;
		if (Number.isNaN(e)) return now - b > STUCK_AGE_MS ? b + STUCK_ACTIVE_MS : now;
		return Math.max(b, e);
	};

	for (let i = 0; i < n; i++) {
		const b = sessions.begin[i] ?? 0;
		const e = sessions.end[i] ?? Number.NaN;
		fixed += e >= b ? 2 : 1;
		hours += (activeEnd(i) - b) / HOUR;
	}

	const target = Math.max(0, input.targetEvents);
	const everything = fixed + BASE_ACTIONS_PER_HOUR * hours;
	const share = everything > 0 ? Math.min(1, target / everything) : 0;
	const perHour = share < 1 || hours <= 0 ? BASE_ACTIONS_PER_HOUR : Math.max(BASE_ACTIONS_PER_HOUR, (target - fixed) / hours);

	const catalogue = metadataCatalogue(input.hosts);
	const pickAction = new AliasTable(ACTION_WEIGHTS);
	let capacity = Math.ceil(target * 1.1 + 6 * Math.sqrt(target) + 64);
	let time = new Float64Array(capacity);
	let user = new Int32Array(capacity);
	let type = new Uint8Array(capacity);
	let meta = new Int32Array(capacity);
	let size = 0;
	const push = (at: number, u: number, kind: number, m: number): void => {
		if (size === capacity) {
			capacity *= 2;
			const t2 = new Float64Array(capacity);
			t2.set(time);
			time = t2;
			const u2 = new Int32Array(capacity);
			u2.set(user);
			user = u2;
			const k2 = new Uint8Array(capacity);
			k2.set(type);
			type = k2;
			const m2 = new Int32Array(capacity);
			m2.set(meta);
			meta = m2;
		}

		time[size] = at;
		user[size] = u;
		type[size] = kind;
		meta[size] = m;
		size++;
	};

	const variant = (kind: number): number => {
		const start = catalogue.start[kind] ?? -1;
		return start < 0 ? -1 : start + rng.int(catalogue.count[kind] ?? 1);
	};

	// Pass 2: emit.
	for (let i = 0; i < n; i++) {
		if (!(rng.next() < share)) continue;
		const b = sessions.begin[i] ?? 0;
		const e = sessions.end[i] ?? Number.NaN;
		const u = sessions.user[i] ?? 0;
		push(b, u, LOGIN, (catalogue.start[LOGIN] ?? 0) + (sessions.host[i] ?? 0));
		const activeSeconds = Math.floor((activeEnd(i) - b) / 1000);
		if (activeSeconds > 1) {
			const actions = rng.poisson((perHour * activeSeconds) / 3600);
			for (let j = 0; j < actions; j++) {
				const kind = ACTIONS[pickAction.sample(rng)] ?? 2;
				push(b + (1 + rng.int(activeSeconds - 1)) * 1000, u, kind, variant(kind));
			}
		}

		if (e >= b) push(e, u, LOGOUT, -1);
	}

	return sortEvents({time, user, type, meta, size}, from, input.logins, catalogue.strings);
}

type RawEvents = {
	readonly time: Float64Array;
	readonly user: Int32Array;
	readonly type: Uint8Array;
	readonly meta: Int32Array;
	readonly size: number;
};

/**
 * Sorts by (time, generation order) and re-encodes the dictionaries in first-appearance order
 * (exactly what `eventTableFromRecords` would build). Times are whole seconds ≥ `from`, so each row
 * packs into one float key `(seconds since from) · 2^bits + row` and a native typed-array sort does
 * the work; a comparator sort is the fallback when the key would not fit in 53 bits.
 */
function sortEvents(raw: RawEvents, from: EpochMs, logins: readonly string[], metaStrings: readonly string[]): EventTable {
	const {size} = raw;
	const order = new Uint32Array(size);
	const fromSeconds = Math.floor(from / 1000);
	let maxSeconds = 0;
	for (let i = 0; i < size; i++) maxSeconds = Math.max(maxSeconds, Math.floor((raw.time[i] ?? 0) / 1000) - fromSeconds);
	const bits = Math.max(1, Math.ceil(Math.log2(size + 1)));
	const multiplier = 2 ** bits;
	if ((maxSeconds + 1) * multiplier <= Number.MAX_SAFE_INTEGER && size < 2 ** 32) {
		const keys = new Float64Array(size);
		for (let i = 0; i < size; i++) keys[i] = (Math.floor((raw.time[i] ?? 0) / 1000) - fromSeconds) * multiplier + i;
		keys.sort();
		for (let i = 0; i < size; i++) order[i] = (keys[i] ?? 0) % multiplier;
	} else {
		for (let i = 0; i < size; i++) order[i] = i;
		order.sort((a, b) => (raw.time[a] ?? 0) - (raw.time[b] ?? 0) || a - b);
	}

	const id = new Float64Array(size);
	const time = new Float64Array(size);
	const user = new Int32Array(size);
	const type = new Int32Array(size);
	const meta = new Int32Array(size);
	const users: string[] = [];
	const types: string[] = [];
	const metadata: string[] = [];
	const userMap = new Int32Array(logins.length).fill(-1);
	const typeMap = new Int32Array(EVENT_TYPES.length).fill(-1);
	const metaMap = new Int32Array(metaStrings.length).fill(-1);
	for (let row = 0; row < size; row++) {
		const i = order[row] ?? 0;
		id[row] = row + 1;
		time[row] = raw.time[i] ?? 0;
		const u = raw.user[i] ?? -1;
		if (u < 0) {
			user[row] = -1;
		} else {
			let mapped = userMap[u] ?? -1;
			if (mapped < 0) {
				mapped = users.length;
				userMap[u] = mapped;
				users.push(logins[u] ?? '');
			}

			user[row] = mapped;
		}

		const k = raw.type[i] ?? 0;
		let mappedType = typeMap[k] ?? -1;
		if (mappedType < 0) {
			mappedType = types.length;
			typeMap[k] = mappedType;
			types.push(EVENT_TYPES[k] ?? 'view');
		}

		type[row] = mappedType;
		const m = raw.meta[i] ?? -1;
		if (m < 0) {
			meta[row] = -1;
		} else {
			let mappedMeta = metaMap[m] ?? -1;
			if (mappedMeta < 0) {
				mappedMeta = metadata.length;
				metaMap[m] = mappedMeta;
				metadata.push(metaStrings[m] ?? '');
			}

			meta[row] = mappedMeta;
		}
	}

	return {size, id, time, user, type, meta, users, types, metadata};
}
