/** What each /v2 resource can be filtered, ranged and sorted by, and its default order. */
import {boolFilter, type ResourceSpec} from './query.js';
import type {FakeCampus, FakeEvent, FakeEventsUser, FakeLocation, FakeUser} from './types.js';

export const locationSpec: ResourceSpec<FakeLocation> = {
	fields: {
		id: {kind: 'int', get: row => row.id},
		user_id: {kind: 'int', get: row => row.userId},
		begin_at: {kind: 'time', get: row => row.begin},
		end_at: {kind: 'time', get: row => row.end},
		primary: {kind: 'bool', get: row => row.primary},
		host: {kind: 'string', get: row => row.host},
		campus_id: {kind: 'int', get: row => row.campusId},
	},
	extraFilters: {
		active: boolFilter(row => row.end === null),
		inactive: boolFilter(row => row.end !== null),
		future: boolFilter((row, now) => row.begin > now),
		end: boolFilter(row => row.end !== null),
	},
	defaultSort: [
		['begin_at', 'desc'],
		['id', 'desc'],
	],
};

export const eventSpec: ResourceSpec<FakeEvent> = {
	fields: {
		id: {kind: 'int', get: row => row.id},
		begin_at: {kind: 'time', get: row => row.begin},
		end_at: {kind: 'time', get: row => row.end},
		name: {kind: 'string', get: row => row.name},
		description: {kind: 'string', get: row => row.description},
		location: {kind: 'string', get: row => row.location},
		kind: {kind: 'string', get: row => row.kind},
		max_people: {kind: 'int', get: row => row.maxPeople},
		created_at: {kind: 'time', get: row => row.createdAt},
		updated_at: {kind: 'time', get: row => row.updatedAt},
		prohibition_of_cancellation: {kind: 'int', get: row => row.prohibitionOfCancellation},
		// Sortable in the newer apidoc but absent from the JSON answers seen (not verified): accepted, always null.
		difficulty: {kind: 'int', get: () => null},
		remote: {kind: 'bool', get: () => null},
	},
	extraFilters: {
		future: boolFilter((row, now) => row.begin > now),
		end: boolFilter((row, now) => row.end < now),
	},
	defaultSort: [
		['begin_at', 'desc'],
		['id', 'desc'],
	],
};

export const eventsUserSpec: ResourceSpec<FakeEventsUser> = {
	fields: {
		id: {kind: 'int', get: row => row.id},
		event_id: {kind: 'int', get: row => row.eventId},
		user_id: {kind: 'int', get: row => row.userId},
		created_at: {kind: 'time', get: row => row.createdAt},
		updated_at: {kind: 'time', get: row => row.createdAt},
	},
	defaultSort: [['id', 'desc']],
};

export const campusSpec: ResourceSpec<FakeCampus> = {
	fields: {
		id: {kind: 'int', get: row => row.id},
		name: {kind: 'string', get: row => row.name},
		time_zone: {kind: 'string', get: row => row.timeZone},
		country: {kind: 'string', get: row => row.country},
		city: {kind: 'string', get: row => row.city},
		users_count: {kind: 'int', get: row => row.usersCount},
		active: {kind: 'bool', get: row => row.active},
		public: {kind: 'bool', get: row => row.public},
	},
	defaultSort: [['id', 'desc']],
};

export const userSpec: ResourceSpec<FakeUser> = {
	fields: {id: {kind: 'int', get: row => row.id}, login: {kind: 'string', get: row => row.login}},
	defaultSort: [['id', 'asc']],
};
