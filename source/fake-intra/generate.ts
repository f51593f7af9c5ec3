/**
 * Deterministic generated data for the fake: a "Testville" campus (id 4077, Europe/Paris) like
 * fixtures/42api/campus.json, a small second campus, ~60 users, ~40 cluster seats `c1r1s1…`, N days of
 * sessions and some events. Logins, seats and the generic sessions come from the demo campus
 * generator (core/demo.ts, without its deliberate anomalies; one run per campus, both with the demo's
 * Europe/Paris day rhythm); profiles, events and the seeded quirks of real 42 data are the fake's own,
 * always present:
 *
 * - open sessions (`end: null`), at most one per host, among them tlovelace's on the 8th seat;
 * - one session stuck open for days (`quirks.stuckOpenId`);
 * - overlapping sessions of one user on two hosts (kbabbage);
 * - an anonymised user whose login is a 16-hex hash starting with `3b3`, with a null avatar;
 * - a host that matches no cluster pattern (`lab-kiosk2`);
 * - a non-primary session (tlovelace, one minute on the 12th seat);
 * - a session crossing local midnight (aturing, 23:10 → 02:47 Europe/Paris);
 * - the second campus (4078, Asia/Tokyo) reuses host names of the first (hosts are unique per campus).
 */
import {type DemoData, generateDemo} from '../core/demo.js';
import {hashSeed} from '../core/prng.js';
import {DAY, HOUR, MINUTE, zoneClock} from '../core/time.js';
import {createRandom, type Random, seedToInt} from './random.js';
import type {FakeCampus, FakeDataset, FakeEvent, FakeEventsUser, FakeLocation, FakeUser} from './types.js';

/** Knobs of the generator. Every field has a default. */
export type GenerateOptions = {
	/** @default 42 */
	readonly seed?: number | string;
	/** "Now" of the generated world (the fake clock's start), ms. @default 2025-03-14T09:45:24Z */
	readonly now?: number;
	/** Days of history. Ignored when `locations` is given. @default 14 */
	readonly days?: number;
	/** Users of the main campus (the first 7 are the fixture users: tlovelace, kbabbage, …). @default 60 */
	readonly users?: number;
	/** Cluster hosts of the main campus (`c<cluster>r<row>s<seat>`, 20 per cluster); `lab-kiosk2` comes on top. @default 40 */
	readonly hosts?: number;
	/** Exact number of locations to produce (both campuses, quirks included), e.g. 20_000 for a bench. */
	readonly locations?: number;
	/** Number of events. @default 2 × days, at least 12 */
	readonly events?: number;
};

/** Ids and names of the seeded quirks, for tests that want to find them. */
export type SeededQuirks = {
	readonly mainCampusId: number;
	readonly otherCampusId: number;
	readonly stuckOpenId: number;
	readonly openIds: readonly number[];
	readonly overlappingIds: readonly [number, number];
	readonly midnightCrossingId: number;
	readonly nonPrimaryId: number;
	readonly kioskHost: string;
	readonly kioskId: number;
	readonly anonymisedLogin: string;
	readonly anonymisedId: number;
};

/** The main campus id (like fixtures/42api/campus.json). */
export const MAIN_CAMPUS_ID = 4077;
/** The small second campus. */
export const OTHER_CAMPUS_ID = 4078;
/** Default start of the fake clock: the snapshot instant of the fixtures. */
export const DEFAULT_NOW = Date.parse('2025-03-14T09:45:24.000Z');

const FIXTURE_USERS = [
	{id: 190101, login: 'tlovelace', first: 'Tess', last: 'Lovelace', pool: ['september', '2023'], cp: 7, wallet: 245, created: '2023-09-04T07:31:22.518Z', image: '4f0c2a9e7b1d3c5a8e6f0b2d4c6a8e01'},
	{id: 190102, login: 'kbabbage', first: 'Kai', last: 'Babbage', pool: ['july', '2024'], cp: 3, wallet: 60, created: '2024-07-01T06:58:10.004Z', image: '9a1b3c5d7e9f1a3b5c7d9e1f3a5b7c02'},
	{id: 190103, login: 'mhopper', first: 'Mina', last: 'Hopper', pool: ['september', '2023'], cp: 11, wallet: 310, created: '2023-09-04T07:31:22.518Z', image: '2b4d6f8a0c2e4a6c8e0a2c4e6a8c0e03'},
	{id: 190104, login: 'aturing', first: 'Alex', last: 'Turing', pool: ['february', '2024'], cp: 2, wallet: 15, created: '2024-02-05T08:12:44.910Z', image: '7c9e1a3c5e7a9c1e3a5c7e9a1c3e5a04'},
	{id: 190105, login: 'rfranklin', first: 'Rosa', last: 'Franklin', pool: ['september', '2023'], cp: 4, wallet: 90, created: '2023-09-04T07:31:22.518Z', image: '5e7a9c1e3a5c7e9a1c3e5a7c9e1a3c05'},
	{id: 190106, login: '3b3e1f0a9c27d4b5', first: '3b3e1f0a9c27d4b5', last: '3b3e1f0a9c27d4b5', pool: ['august', '2019'], cp: 0, wallet: 0, created: '2019-07-15T09:00:31.221Z', image: ''},
	{id: 190107, login: 'lbyron', first: 'Lee', last: 'Byron', pool: ['september', '2023'], cp: 6, wallet: 180, created: '2023-09-04T07:31:22.518Z', image: '1d3f5b7d9f1b3d5f7b9d1f3b5d7f9b07'},
] as const;

const FIRST_NAMES = ['Ada', 'Grace', 'Linus', 'Barbara', 'Ken', 'Dennis', 'Margaret', 'Edsger', 'Donald', 'Radia', 'Tim', 'Frances', 'John', 'Hedy', 'Niklaus', 'Sophie', 'Yukihiro', 'Guido', 'Anita', 'Bjarne', 'Karen', 'Leslie', 'Shafi', 'Whitfield', 'Adele', 'Jean', 'Lynn', 'Ivan', 'Kathleen', 'Carl'];
const LAST_NAMES = ['Hamilton', 'Liskov', 'Ritchie', 'Thompson', 'Knuth', 'Dijkstra', 'Perlman', 'Berners', 'Allen', 'Backus', 'Lamarr', 'Wirth', 'Wilson', 'Matsumoto', 'Rossum', 'Borg', 'Stroustrup', 'Jones', 'Lamport', 'Goldwasser', 'Diffie', 'Goldberg', 'Sammet', 'Conway', 'Sutherland', 'Booth', 'Kay', 'Moler', 'Hoare', 'Lovelace'];
const POOL_MONTHS = ['february', 'march', 'july', 'august', 'september'];
const EVENT_KINDS = ['pedago', 'rush', 'piscine', 'partnership', 'meet', 'conference', 'meet_up', 'event', 'association', 'speed_working', 'hackathon', 'workshop', 'challenge', 'other', 'extern'];
const EVENT_TOPICS = ['Cluster etiquette 101', 'Git beyond add/commit', 'Rush kickoff', 'Exam rehearsal', 'Coffee & code', 'Hackathon night', 'Partner talk: cloud', 'Shell workshop', 'Board games', 'Career meetup', 'C pitfalls', 'Open lab'];
const THEMES = [{id: 12, name: 'Tech'}, {id: 3, name: 'Culture'}, {id: 7, name: 'Pedago'}, {id: 21, name: 'Career'}];

type Draft = Omit<FakeLocation, 'id'> & {quirk?: string};

/** A profile for a generated student (the login and id come from the demo campus). */
function makeUser(random: Random, id: number, login: string, anonymised: boolean, campus: FakeCampus, now: number): FakeUser {
	const first = anonymised ? login : random.pick(FIRST_NAMES);
	const last = anonymised ? login : random.pick(LAST_NAMES);
	const createdAt = now - random.int(60, 1400) * DAY - random.int(0, DAY);
	const created = new Date(createdAt);
	return {
		id,
		login,
		firstName: first,
		lastName: last,
		campusId: campus.id,
		kind: random.chance(0.04) ? 'external' : 'student',
		anonymised,
		staff: false,
		correctionPoint: random.int(0, 20),
		wallet: random.int(0, 60) * 5,
		poolMonth: random.pick(POOL_MONTHS),
		poolYear: String(created.getUTCFullYear()),
		imageHash: anonymised ? '' : random.hex(32),
		createdAt,
		updatedAt: now - random.int(1, 20) * DAY,
	};
}

/** Cluster seats of a demo campus (c1r1s1 …), without its non-cluster hosts. */
function seatsOf(demo: DemoData): string[] {
	return demo.hosts.filter(host => /^c\d+r\d+s\d+$/.test(host));
}

/**
 * The demo campus's sessions as drafts for `users` (same index as `demo.users`), without its
 * deliberate anomalies (the fake seeds its own quirks), only on cluster seats (the fake's one
 * non-cluster host is the kiosk quirk's), without any that would overlap a `reserved`
 * seat (one minute of margin), and for users with a `stopFor` time only those that end before it.
 */
function demoDrafts(demo: DemoData, users: readonly FakeUser[], campus: FakeCampus, reserved: ReadonlyMap<string, ReadonlyArray<readonly [number, number]>>, stopFor: ReadonlyMap<number, number>): Draft[] {
	const anomalies = new Set(Object.values(demo.anomalies).flat());
	const index = new Map(demo.users.map((user, i) => [user.login, i]));
	const table = demo.sessions;
	const seats = new Set(seatsOf(demo));
	const drafts: Draft[] = [];
	for (let i = 0; i < table.size; i++) {
		if (anomalies.has(table.id[i] ?? -1)) continue;
		const user = users[index.get(table.logins[table.user[i] ?? 0] ?? '') ?? -1];
		const host = table.hosts[table.host[i] ?? 0];
		const begin = table.begin[i] ?? 0;
		const finish = table.end[i] ?? Number.NaN;
		const end = Number.isNaN(finish) ? null : finish;
		if (user === undefined || host === undefined || !seats.has(host)) continue;
		const stop = stopFor.get(user.id);
		if (stop !== undefined && (end ?? Number.POSITIVE_INFINITY) > stop) continue;
		const until = end ?? Number.POSITIVE_INFINITY;
		if ((reserved.get(host) ?? []).some(([b, e]) => b < until + MINUTE && begin < e + MINUTE)) continue;
		drafts.push({userId: user.id, host, campusId: campus.id, begin, end, primary: true});
	}

	return drafts;
}

/** The full generated dataset plus the ids of the seeded quirks. */
export function generateDataset(options: GenerateOptions = {}): {dataset: FakeDataset; quirks: SeededQuirks} {
	const random = createRandom(options.seed ?? 42);
	const now = options.now ?? DEFAULT_NOW;
	const userCount = Math.max(options.users ?? 60, FIXTURE_USERS.length + 1);
	const hostCount = Math.max(options.hosts ?? 40, 12);
	const main: FakeCampus = {id: MAIN_CAMPUS_ID, name: 'Testville', timeZone: 'Europe/Paris', country: 'Examplonia', city: 'Testville', emailExtension: 'testville.example', usersCount: 3127, active: true, public: true};
	const other: FakeCampus = {id: OTHER_CAMPUS_ID, name: 'Elsewhere', timeZone: 'Asia/Tokyo', country: 'Samplestan', city: 'Elsewhere', emailExtension: 'elsewhere.example', usersCount: 412, active: true, public: false};

	// Sessions, logins and seats come from the demo campus generator (core/demo.ts), one run per campus.
	const seedNumber = seedToInt(options.seed ?? 42);
	const mainPerDay = userCount * 0.9;
	const otherPerDay = 6 * 0.9;
	const days = options.locations === undefined ? Math.max(1, options.days ?? 14) : Math.max(1, Math.ceil((options.locations / (mainPerDay + otherPerDay)) * 1.2) + 5);
	const demoMain = generateDemo({now, seed: hashSeed(seedNumber, 1), days, hosts: hostCount + 2, users: userCount, targetSessions: Math.round(days * mainPerDay)});
	const demoOther = generateDemo({now, seed: hashSeed(seedNumber, 2), days, hosts: 8, users: 6, targetSessions: Math.round(days * otherPerDay)});

	const users: FakeUser[] = demoMain.users.map((demoUser, i) => {
		const fixture = FIXTURE_USERS[i];
		if (fixture === undefined) return makeUser(random, 190101 + i, demoUser.login, demoUser.anonymised, main, now);
		return {
			id: fixture.id,
			login: fixture.login,
			firstName: fixture.first,
			lastName: fixture.last,
			campusId: main.id,
			kind: 'student',
			anonymised: fixture.login.startsWith('3b3'),
			staff: false,
			correctionPoint: fixture.cp,
			wallet: fixture.wallet,
			poolMonth: fixture.pool[0],
			poolYear: fixture.pool[1],
			imageHash: fixture.image,
			createdAt: Date.parse(fixture.created),
			updatedAt: fixture.login.startsWith('3b3') ? Date.parse('2024-11-02T03:00:12.660Z') : Date.parse('2025-03-12T18:04:51.377Z'),
		};
	});
	const taken = new Set(users.map(user => user.login));
	const otherUsers = demoOther.users.map((demoUser, i) => {
		let login = demoUser.login;
		for (let n = 2; taken.has(login); n++) login = `${demoUser.login.slice(0, 7)}${n}`;
		taken.add(login);
		return makeUser(random, 290001 + i, login, demoUser.anonymised, other, now);
	});

	const mainHosts = seatsOf(demoMain);
	const kioskHost = 'lab-kiosk2';
	const hostAt = (i: number): string => mainHosts[i % mainHosts.length] ?? 'c1r1s1';
	const zone = zoneClock(main.timeZone);
	const today = zone.dayNumber(now);

	// The quirks, placed first so that generic sessions avoid their seats.
	const [tess, kai, , alex, rosa, anon, lee] = users;
	const stuckUser = users[FIXTURE_USERS.length] ?? users[0];
	if (!tess || !kai || !alex || !rosa || !anon || !lee || !stuckUser) throw new Error('not enough users');
	const local = (dayOffset: number, hour: number, minute: number, second = 0): number => zone.startOfDay(today + dayOffset) + (hour * 60 + minute) * MINUTE + second * 1000;
	const quirkDrafts: Draft[] = [
		{quirk: 'open', userId: tess.id, host: hostAt(7), campusId: main.id, begin: now - 4 * MINUTE - 17_000, end: null, primary: true},
		{quirk: 'overlapA', userId: kai.id, host: hostAt(0), campusId: main.id, begin: now - 3 * HOUR, end: now - 15 * MINUTE, primary: true},
		{quirk: 'overlapB', userId: kai.id, host: hostAt(32), campusId: main.id, begin: now - 47 * MINUTE, end: now - 25 * MINUTE, primary: true},
		{quirk: 'midnight', userId: alex.id, host: hostAt(25), campusId: main.id, begin: local(-1, 23, 10, 55), end: local(0, 2, 47, 2), primary: true},
		{quirk: 'kiosk', userId: rosa.id, host: kioskHost, campusId: main.id, begin: local(-1, 17, 20), end: local(-1, 19, 2, 41), primary: true},
		{quirk: 'kiosk-old', userId: rosa.id, host: kioskHost, campusId: main.id, begin: local(-3, 10, 4, 12), end: local(-3, 11, 30, 9), primary: true},
		{quirk: 'anonymised', userId: anon.id, host: hostAt(28), campusId: main.id, begin: local(-1, 14, 5, 12), end: local(-1, 18, 44, 9), primary: true},
		{quirk: 'beforeNonPrimary', userId: tess.id, host: hostAt(11), campusId: main.id, begin: local(-1, 10, 0, 3), end: local(-1, 13, 28, 47), primary: true},
		{quirk: 'nonPrimary', userId: tess.id, host: hostAt(11), campusId: main.id, begin: local(-1, 13, 30), end: local(-1, 13, 31, 5), primary: false},
		{quirk: 'lee', userId: lee.id, host: hostAt(38), campusId: main.id, begin: local(-1, 9, 15, 40), end: local(-1, 17, 59, 58), primary: true},
		{quirk: 'stuck', userId: stuckUser.id, host: hostAt(19), campusId: main.id, begin: now - 3 * DAY - 5 * HOUR - 13 * MINUTE, end: null, primary: true},
	];
	const reserved = new Map<string, Array<[number, number]>>();
	for (const draft of quirkDrafts) reserved.set(draft.host, [...(reserved.get(draft.host) ?? []), [draft.begin, draft.end ?? Number.POSITIVE_INFINITY]]);
	// Quirk users have no generic sessions in the last four days, so their quirks stay exactly as described.
	const stopFor = new Map<number, number>([tess, kai, alex, rosa, anon, lee, stuckUser].map(user => [user.id, now - 4 * DAY]));

	let generic = [...demoDrafts(demoMain, users, main, reserved, stopFor), ...demoDrafts(demoOther, otherUsers, other, new Map(), new Map())];
	if (options.locations !== undefined) {
		// Keep the most recent ones so that the total is exact.
		generic.sort((a, b) => b.begin - a.begin);
		generic = generic.slice(0, Math.max(0, options.locations - quirkDrafts.length));
	}

	// Ids grow with begin, with small gaps, like ids handed out at login time.
	const all = [...generic, ...quirkDrafts].sort((a, b) => a.begin - b.begin);
	const locations: FakeLocation[] = [];
	const quirkIds = new Map<string, number>();
	const openIds: number[] = [];
	let nextId = 240_000_000 - all.length * 2;
	for (const draft of all) {
		nextId += random.int(1, 3);
		const {quirk, ...row} = draft;
		locations.push({...row, id: nextId});
		if (quirk !== undefined) quirkIds.set(quirk, nextId);
		if (row.end === null) openIds.push(nextId);
	}

	const id = (quirk: string): number => quirkIds.get(quirk) ?? -1;
	const {events, eventsUsers} = generateEvents(random, options.events ?? Math.max(12, days * 2), now, [main, other], users);
	return {
		dataset: {campuses: [main, other], users: [...users, ...otherUsers], locations, events, eventsUsers},
		quirks: {
			mainCampusId: main.id,
			otherCampusId: other.id,
			stuckOpenId: id('stuck'),
			openIds,
			overlappingIds: [id('overlapA'), id('overlapB')],
			midnightCrossingId: id('midnight'),
			nonPrimaryId: id('nonPrimary'),
			kioskHost,
			kioskId: id('kiosk'),
			anonymisedLogin: anon.login,
			anonymisedId: id('anonymised'),
		},
	};
}

function generateEvents(random: Random, count: number, now: number, campuses: readonly FakeCampus[], users: readonly FakeUser[]): {events: FakeEvent[]; eventsUsers: FakeEventsUser[]} {
	const [main] = campuses;
	const zone = zoneClock(main?.timeZone ?? 'UTC');
	const today = zone.dayNumber(now);
	const drafts: Array<Omit<FakeEvent, 'id'>> = [];
	// Two thirds in the past, one third upcoming (filter[future]=true returns those).
	const pastDays = Math.max(1, Math.round((count * 2) / 3 / 2) * 2);
	for (let i = 0; i < count; i++) {
		const day = today - pastDays + Math.floor((i * (pastDays + Math.ceil(count / 3))) / count) + 1;
		const begin = zone.startOfDay(day) + random.int(10, 19) * HOUR + random.pick([0, 15, 30]) * MINUTE;
		const createdAt = begin - random.int(3, 20) * DAY + random.int(0, DAY);
		const maxPeople = random.chance(0.2) ? null : random.chance(0.1) ? 0 : random.int(2, 16) * 5;
		drafts.push({
			name: random.pick(EVENT_TOPICS),
			description: 'Generated by the **bigstat42** fake intra. Bring a laptop.',
			location: random.pick(['Auditorium B', 'Cluster 1', 'Cluster 2', 'Cafeteria', 'Online']),
			kind: random.pick(EVENT_KINDS),
			maxPeople,
			begin,
			end: begin + random.int(1, 6) * 30 * MINUTE,
			campusIds: random.chance(0.15) ? campuses.map(campus => campus.id) : [main?.id ?? MAIN_CAMPUS_ID],
			cursusIds: random.chance(0.2) ? [9] : [21],
			createdAt,
			updatedAt: Math.min(now, createdAt + random.int(0, 5) * DAY),
			prohibitionOfCancellation: random.chance(0.6) ? null : random.pick([24, 48]),
			hasWaitlist: random.chance(0.2),
			themes: [random.pick(THEMES)],
		});
	}

	drafts.sort((a, b) => a.createdAt - b.createdAt);
	const events: FakeEvent[] = drafts.map((draft, i) => ({...draft, id: 31_300 + i * 3}));
	const eventsUsers: FakeEventsUser[] = [];
	let nextId = 880_000;
	for (const event of events) {
		const cap = event.maxPeople === null || event.maxPeople === 0 ? 12 : Math.min(event.maxPeople, 12);
		const subscribers = random.int(0, cap);
		const chosen = new Set<number>();
		for (let s = 0; s < subscribers; s++) {
			const user = random.pick(users);
			if (chosen.has(user.id)) continue;
			chosen.add(user.id);
			eventsUsers.push({id: nextId++, eventId: event.id, userId: user.id, createdAt: Math.min(event.begin, event.createdAt + random.int(0, 2 * DAY))});
		}
	}

	return {events, eventsUsers};
}
