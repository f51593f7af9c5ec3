/**
 * The demo campus's seats and students.
 *
 * Host naming: `c<cluster>r<row>s<seat>` (the Lausanne / Madrid / Tokyo / Seoul
 * pattern), clusters numbered from 1, rows from 1, seats 1..8 per row. Clusters take rows
 * in the cycle 10, 10, 9, 8 (so the default 296 seats are c1: 10 rows, c2: 10, c3: 9, c4: 8); the last
 * row of a campus may be partial. After the seats come a few hosts matching no cluster pattern:
 * `lab-kiosk2`, `exam-01`, then `lab-kiosk3`, `exam-02`… when the campus is larger.
 */
import {Rng} from '../prng.js';

/** Seats per row. */
export const SEATS_PER_ROW = 8;
const ROWS_PER_CLUSTER = [10, 10, 9, 8] as const;

/** Where the demo's hosts are. Host indexes [0, seatCount) are cluster seats, the rest are not. */
export type DemoLayout = {
	/** Every host name: cluster seats first (c1r1s1, c1r1s2, …), then the non-cluster hosts. */
	readonly hosts: readonly string[];
	readonly seatCount: number;
	/** Cluster (0-based) of each seat. */
	readonly clusterOf: Int32Array;
	/** First seat index of each cluster. */
	readonly clusterStart: Int32Array;
	/** Seats in each cluster. */
	readonly clusterSize: Int32Array;
};

/** Builds `seatCount` cluster seats plus `extraCount` non-cluster hosts. */
export function buildLayout(seatCount: number, extraCount: number): DemoLayout {
	const hosts: string[] = [];
	const clusterOf = new Int32Array(seatCount);
	const starts: number[] = [];
	const sizes: number[] = [];
	let cluster = 0;
	while (hosts.length < seatCount) {
		const rows = ROWS_PER_CLUSTER[cluster % ROWS_PER_CLUSTER.length] ?? 10;
		starts.push(hosts.length);
		let size = 0;
		for (let row = 1; row <= rows && hosts.length < seatCount; row++) {
			for (let seat = 1; seat <= SEATS_PER_ROW && hosts.length < seatCount; seat++) {
				clusterOf[hosts.length] = cluster;
				hosts.push(`c${cluster + 1}r${row}s${seat}`);
				size++;
			}
		}

		sizes.push(size);
		cluster++;
	}

	for (let i = 0; i < extraCount; i++) {
		const number = Math.floor(i / 2);
		hosts.push(i % 2 === 0 ? `lab-kiosk${number + 2}` : `exam-${String(number + 1).padStart(2, '0')}`);
	}

	return {
		hosts,
		seatCount,
		clusterOf,
		clusterStart: Int32Array.from(starts),
		clusterSize: Int32Array.from(sizes),
	};
}

/** One demo student. Anonymised students keep their id; their login is a 16-hex hash starting "3b3". */
export type DemoUser = {
	readonly login: string;
	readonly userId: number;
	readonly anonymised: boolean;
};

/** Students with their habits, as columns for the simulation. */
export type DemoPopulation = {
	readonly users: readonly DemoUser[];
	/** Relative activity of each user (log-normal: a few regulars, many occasional visitors). */
	readonly activity: Float64Array;
	/** Three favourite seats per user (home seat, its neighbour, another seat of the home cluster). */
	readonly favourites: Int32Array;
	/** Home cluster of each user. */
	readonly homeCluster: Int32Array;
};

const INITIALS = [...'aabcccdeefghijjkllmmnnoprsstvwyz'];
const ONSETS = ['b', 'c', 'd', 'f', 'g', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'z', 'ch', 'br', 'tr', 'gr', 'h', 'k', 'j'];
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'a', 'e', 'o', 'ou', 'ai'];
const CODAS = ['', '', '', 'n', 'r', 's', 'l', 't', 'rd', 'nd', 'x', 'z', 'ck', 'ng'];

function syllable(rng: Rng, list: readonly string[]): string {
	return list[rng.int(list.length)] ?? '';
}

/** A 42-style login: initial(s) + a syllable surname, lowercase letters, 4 to 8 characters. */
function makeLogin(rng: Rng, initials: number): string {
	let login = '';
	for (let i = 0; i < initials; i++) login += syllable(rng, INITIALS);
	const syllables = 2 + rng.int(2);
	for (let i = 0; i < syllables; i++) login += syllable(rng, ONSETS) + syllable(rng, VOWELS);
	login += syllable(rng, CODAS);
	return login.slice(0, 8);
}

/**
 * Builds `count` students: unique logins, increasing 6-digit ids (the oldest few anonymised),
 * log-normal activity and favourite seats.
 */
export function buildPopulation(rng: Rng, count: number, layout: DemoLayout): DemoPopulation {
	const anonymisedCount = Math.min(count, Math.max(3, Math.round(count * 0.008)));
	const taken = new Set<string>();
	const users: DemoUser[] = [];
	let userId = 140_000 + rng.int(5000);
	for (let i = 0; i < count; i++) {
		userId += 1 + rng.int(90);
		let login: string;
		if (i < anonymisedCount) {
			do login = `3b3${rng.hex(13)}`;
			while (taken.has(login));
		} else {
			let attempt = 0;
			do login = makeLogin(rng, attempt < 4 ? 1 : 2);
			while (taken.has(login) && ++attempt < 1000);
			while (taken.has(login)) login = `${login.slice(0, 7)}${String.fromCharCode(97 + rng.int(26))}`;
		}

		taken.add(login);
		users.push({login, userId, anonymised: i < anonymisedCount});
	}

	const activity = new Float64Array(count);
	const favourites = new Int32Array(count * 3);
	const homeCluster = new Int32Array(count);
	const clusters = layout.clusterStart.length;
	for (let u = 0; u < count; u++) {
		activity[u] = rng.logNormal(1, 0.9);
		const cluster = rng.int(clusters);
		homeCluster[u] = cluster;
		const start = layout.clusterStart[cluster] ?? 0;
		const size = layout.clusterSize[cluster] ?? 1;
		const home = start + rng.int(size);
		const neighbour = home + 1 < start + size && (home - start) % SEATS_PER_ROW < SEATS_PER_ROW - 1 ? home + 1 : home - 1;
		favourites[u * 3] = home;
		favourites[u * 3 + 1] = neighbour >= start ? neighbour : home;
		favourites[u * 3 + 2] = start + rng.int(size);
	}

	return {users, activity, favourites, homeCluster};
}
