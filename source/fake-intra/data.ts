/**
 * The fake's mutable truth and the helpers tests use to change it while a client syncs:
 * sessions start and end, users and events appear. The arrays are live: what they hold is exactly what
 * the next request sees.
 */
import type {FakeClock} from './clock.js';
import type {SeededQuirks} from './generate.js';
import type {SerializeContext} from './serialize.js';
import type {FakeCampus, FakeDataset, FakeEvent, FakeEventsUser, FakeLocation, FakeUser} from './types.js';

/** A session to add. `user` is an id or a login; `begin` defaults to the fake clock's now. */
export type NewSession = {
	readonly user: number | string;
	readonly host: string;
	readonly begin?: number;
	/** null or omitted = open. */
	readonly end?: number | null;
	/** @default true */
	readonly primary?: boolean;
	/** @default the user's campus */
	readonly campusId?: number;
	/** @default max id + 1 */
	readonly id?: number;
};

/** The dataset plus mutation helpers. */
export class FakeData implements FakeDataset {
	readonly campuses: FakeCampus[];
	readonly users: FakeUser[];
	readonly locations: FakeLocation[];
	readonly events: FakeEvent[];
	readonly eventsUsers: FakeEventsUser[];
	/** Ids of the seeded quirks (open, stuck open, overlap, midnight, non-primary, kiosk, anonymised). */
	readonly quirks: SeededQuirks | undefined;
	private readonly clock: FakeClock;

	constructor(dataset: FakeDataset, clock: FakeClock, quirks?: SeededQuirks) {
		this.campuses = dataset.campuses;
		this.users = dataset.users;
		this.locations = dataset.locations;
		this.events = dataset.events;
		this.eventsUsers = dataset.eventsUsers;
		this.quirks = quirks;
		this.clock = clock;
	}

	/** The main campus (the first one: Testville 4077 for generated data). */
	get campus(): FakeCampus {
		const campus = this.campuses[0];
		if (campus === undefined) throw new Error('the fake has no campus');
		return campus;
	}

	/** A user by id or login. */
	user(idOrLogin: number | string): FakeUser | undefined {
		const text = String(idOrLogin);
		if (/^\d+$/.test(text)) return this.users.find(user => user.id === Number(text));
		return this.users.find(user => user.login === text);
	}

	/** A session by id. */
	session(id: number): FakeLocation | undefined {
		return this.locations.find(location => location.id === id);
	}

	/** Sessions with `end === null`. */
	openSessions(): FakeLocation[] {
		return this.locations.filter(location => location.end === null);
	}

	/**
	 * Starts (or records) a session. Throws when the user is unknown or when an open session would
	 * share its host with another open one (42: host unique per campus among open sessions).
	 */
	addSession(input: NewSession): FakeLocation {
		const user = this.user(input.user);
		if (user === undefined) throw new Error(`addSession: unknown user ${input.user}`);
		const campusId = input.campusId ?? user.campusId;
		const end = input.end ?? null;
		if (end === null && this.locations.some(other => other.end === null && other.host === input.host && other.campusId === campusId)) {
			throw new Error(`addSession: ${input.host} already has an open session`);
		}

		const id = input.id ?? this.locations.reduce((max, other) => Math.max(max, other.id), 0) + 1;
		if (this.session(id) !== undefined) throw new Error(`addSession: id ${id} exists`);
		const location: FakeLocation = {id, userId: user.id, host: input.host, campusId, begin: input.begin ?? this.clock.now(), end, primary: input.primary ?? true};
		this.locations.push(location);
		return location;
	}

	/** Ends an open session at `end` (default: the fake clock's now). */
	closeSession(id: number, end: number = this.clock.now()): FakeLocation {
		const location = this.session(id);
		if (location === undefined) throw new Error(`closeSession: no session ${id}`);
		location.end = end;
		return location;
	}

	/** Deletes a session (42 sometimes drops rows); true when it existed. */
	removeSession(id: number): boolean {
		const index = this.locations.findIndex(location => location.id === id);
		if (index < 0) return false;
		this.locations.splice(index, 1);
		return true;
	}

	/** Adds a user (id and login must be new). Missing fields get plain defaults. */
	addUser(input: Partial<FakeUser> & {readonly id: number; readonly login: string}): FakeUser {
		if (this.user(input.id) !== undefined || this.user(input.login) !== undefined) throw new Error(`addUser: ${input.login} exists`);
		const now = this.clock.now();
		const user: FakeUser = {
			firstName: input.login,
			lastName: input.login,
			campusId: this.campus.id,
			kind: 'student',
			anonymised: false,
			staff: false,
			correctionPoint: 0,
			wallet: 0,
			poolMonth: null,
			poolYear: null,
			imageHash: '0'.repeat(32),
			createdAt: now,
			updatedAt: now,
			...input,
		};
		this.users.push(user);
		return user;
	}

	/** Adds an event (missing fields get plain defaults; id defaults to max + 1). */
	addEvent(input: Partial<FakeEvent> & {readonly begin: number}): FakeEvent {
		const now = this.clock.now();
		const event: FakeEvent = {
			id: this.events.reduce((max, other) => Math.max(max, other.id), 0) + 1,
			name: 'Added event',
			description: '',
			location: 'Cluster 1',
			kind: 'event',
			maxPeople: null,
			end: input.begin + 3_600_000,
			campusIds: [this.campus.id],
			cursusIds: [21],
			createdAt: now,
			updatedAt: now,
			prohibitionOfCancellation: null,
			hasWaitlist: false,
			themes: [],
			...input,
		};
		this.events.push(event);
		return event;
	}

	/** Subscribes a user to an event. */
	subscribe(eventId: number, user: number | string): FakeEventsUser {
		const found = this.user(user);
		if (found === undefined) throw new Error(`subscribe: unknown user ${user}`);
		const subscription: FakeEventsUser = {
			id: this.eventsUsers.reduce((max, other) => Math.max(max, other.id), 0) + 1,
			eventId,
			userId: found.id,
			createdAt: this.clock.now(),
		};
		this.eventsUsers.push(subscription);
		return subscription;
	}

	/** Lookups for the serialisers, built once per request (O(n) over sessions). */
	serializeContext(): SerializeContext {
		const campuses = new Map(this.campuses.map(campus => [campus.id, campus]));
		const users = new Map(this.users.map(user => [user.id, user]));
		const events = new Map(this.events.map(event => [event.id, event]));
		let current: Map<number, FakeLocation> | undefined;
		let subscribers: Map<number, number> | undefined;
		const currentSessions = (): Map<number, FakeLocation> => {
			const map = new Map<number, FakeLocation>();
			for (const location of this.locations) {
				if (location.end !== null) continue;
				const seen = map.get(location.userId);
				// The primary, most recent open session is the user's current location.
				if (seen === undefined || (location.primary && (!seen.primary || location.begin > seen.begin))) map.set(location.userId, location);
			}

			return map;
		};

		const countSubscribers = (): Map<number, number> => {
			const map = new Map<number, number>();
			for (const subscription of this.eventsUsers) map.set(subscription.eventId, (map.get(subscription.eventId) ?? 0) + 1);
			return map;
		};

		return {
			campusOf: id => campuses.get(id),
			userOf: id => users.get(id),
			eventOf: id => events.get(id),
			currentHostOf(userId) {
				current ??= currentSessions();
				return current.get(userId)?.host ?? null;
			},
			subscribersOf(eventId) {
				subscribers ??= countSubscribers();
				return subscribers.get(eventId) ?? 0;
			},
		};
	}
}
