/**
 * Records the fake keeps as its "truth" (plain data, epoch milliseconds) and the shapes tests use to
 * read and mutate it. They are serialised to 42's JSON only at the HTTP edge (`serialize.ts`).
 */

/** A campus as the fake stores it; serialised like fixtures/42api/campus.json. */
export type FakeCampus = {
	id: number;
	name: string;
	timeZone: string;
	country: string;
	city: string;
	emailExtension: string;
	usersCount: number;
	active: boolean;
	public: boolean;
};

/** A user as the fake stores it; serialised as the 42 "user summary". */
export type FakeUser = {
	id: number;
	login: string;
	firstName: string;
	lastName: string;
	campusId: number;
	kind: 'student' | 'external' | 'admin';
	/** Anonymised users keep their rows but their login is a `3b3…` hash and the avatar is null. */
	anonymised: boolean;
	staff: boolean;
	correctionPoint: number;
	wallet: number;
	poolMonth: string | null;
	poolYear: string | null;
	imageHash: string;
	createdAt: number;
	updatedAt: number;
};

/** One session ("location"). `end === null` while open (42: `end_at: null`). */
export type FakeLocation = {
	id: number;
	userId: number;
	host: string;
	campusId: number;
	begin: number;
	end: number | null;
	primary: boolean;
};

/** A 42 event; serialised like fixtures/42api/event.json. */
export type FakeEvent = {
	id: number;
	name: string;
	description: string;
	location: string;
	kind: string;
	maxPeople: number | null;
	begin: number;
	end: number;
	campusIds: number[];
	cursusIds: number[];
	createdAt: number;
	updatedAt: number;
	prohibitionOfCancellation: number | null;
	hasWaitlist: boolean;
	themes: Array<{id: number; name: string}>;
};

/** A subscription of a user to an event (`events_users`). */
export type FakeEventsUser = {
	id: number;
	eventId: number;
	userId: number;
	createdAt: number;
};

/** What the generator produces and the server serves. Arrays are the live truth: mutate them freely. */
export type FakeDataset = {
	campuses: FakeCampus[];
	users: FakeUser[];
	locations: FakeLocation[];
	events: FakeEvent[];
	eventsUsers: FakeEventsUser[];
};
