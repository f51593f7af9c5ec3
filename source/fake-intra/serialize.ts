/**
 * The fake's records as 42 JSON, field for field like the fixtures in test/fixtures/42api/:
 * timestamps ISO UTC with milliseconds and `Z`, `null` always present rather than omitted, the full
 * user summary inside each location, `floor/row/post: null`.
 */
import {zoneClock} from '../core/time.js';
import type {FakeCampus, FakeEvent, FakeEventsUser, FakeLocation, FakeUser} from './types.js';

/** What serialisers need from the dataset beyond the record itself. */
export type SerializeContext = {
	readonly campusOf: (id: number) => FakeCampus | undefined;
	readonly userOf: (id: number) => FakeUser | undefined;
	readonly eventOf: (id: number) => FakeEvent | undefined;
	/** The user's current host (an open session) or null. */
	readonly currentHostOf: (userId: number) => string | null;
	readonly subscribersOf: (eventId: number) => number;
};

/** `2025-03-14T09:41:07.000Z`. */
export function iso(ms: number): string {
	return new Date(ms).toISOString();
}

/** An ISO timestamp with the offset of `zone` (42's anonymize_date / data_erasure_date style). */
export function isoWithOffset(ms: number, zone: string): string {
	const offsetMinutes = Math.round(zoneClock(zone).offset(ms) / 60_000);
	const local = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, -1);
	const sign = offsetMinutes < 0 ? '-' : '+';
	const abs = Math.abs(offsetMinutes);
	return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** A user summary object (LYONZOD field order, like the fixtures). */
export function serializeUser(user: FakeUser, context: SerializeContext): Record<string, unknown> {
	const campus = context.campusOf(user.campusId);
	const zone = campus?.timeZone ?? 'UTC';
	const domain = campus?.emailExtension ?? 'student.example';
	const image = (prefix: string): string | null => (user.anonymised ? null : `https://cdn.intra.42.fr/users/${user.imageHash}/${prefix}${user.login}.jpg`);
	const fullName = `${user.firstName} ${user.lastName}`;
	// Anonymised accounts: hash login; the dates are when it happened.
	const erasure = user.anonymised ? user.updatedAt : user.createdAt + 4.5 * 365 * 86_400_000;
	const erasureDay = zoneClock(zone).startOfDayOf(erasure);
	return {
		id: user.id,
		email: `${user.login}@student.${domain}`,
		login: user.login,
		first_name: user.firstName,
		last_name: user.lastName,
		usual_full_name: user.anonymised ? null : fullName,
		usual_first_name: null,
		url: `https://api.intra.42.fr/v2/users/${user.login}`,
		phone: 'hidden',
		displayname: user.anonymised ? user.login : fullName,
		kind: user.kind,
		image: {link: image(''), versions: {large: image('large_'), medium: image('medium_'), small: image('small_'), micro: image('micro_')}},
		'staff?': user.staff,
		correction_point: user.correctionPoint,
		pool_month: user.poolMonth,
		pool_year: user.poolYear,
		location: user.anonymised ? null : context.currentHostOf(user.id),
		wallet: user.wallet,
		anonymize_date: isoWithOffset(erasureDay, zone),
		data_erasure_date: isoWithOffset(erasureDay, zone),
		created_at: iso(user.createdAt),
		updated_at: iso(user.updatedAt),
		alumnized_at: null,
		'alumni?': false,
		'active?': !user.anonymised,
	};
}

/** A Location object exactly like fixtures/42api/locations_page.json. */
export function serializeLocation(location: FakeLocation, context: SerializeContext): Record<string, unknown> {
	const user = context.userOf(location.userId);
	return {
		id: location.id,
		begin_at: iso(location.begin),
		end_at: location.end === null ? null : iso(location.end),
		primary: location.primary,
		floor: null,
		row: null,
		post: null,
		host: location.host,
		campus_id: location.campusId,
		user: user === undefined ? null : serializeUser(user, context),
	};
}

/** A Campus object like fixtures/42api/campus.json. */
export function serializeCampus(campus: FakeCampus): Record<string, unknown> {
	const slug = campus.name.toLowerCase();
	return {
		id: campus.id,
		name: campus.name,
		time_zone: campus.timeZone,
		language: {id: 1, name: 'Français', identifier: 'fr'},
		users_count: campus.usersCount,
		vogsphere_id: campus.id === 4077 ? 77 : null,
		country: campus.country,
		address: "1, rue de l'Exemple",
		zip: '99999',
		city: campus.city,
		website: `https://${slug}.example/`,
		facebook: `https://facebook.com/${slug}.example`,
		twitter: '',
		active: campus.active,
		public: campus.public,
		email_extension: campus.emailExtension,
		default_hidden_phone: false,
		endpoint:
			campus.id === 4077
				? {id: 777, url: 'https://endpoint.testville.example', description: 'testville ldap endpoint', created_at: '2021-06-14T07:49:14.872Z', updated_at: '2021-06-28T15:24:45.089Z'}
				: null,
	};
}

/** An Event object like fixtures/42api/event.json. */
export function serializeEvent(event: FakeEvent, context: SerializeContext): Record<string, unknown> {
	return {
		id: event.id,
		name: event.name,
		description: event.description,
		location: event.location,
		kind: event.kind,
		max_people: event.maxPeople,
		nbr_subscribers: context.subscribersOf(event.id),
		begin_at: iso(event.begin),
		end_at: iso(event.end),
		campus_ids: [...event.campusIds],
		cursus_ids: [...event.cursusIds],
		created_at: iso(event.createdAt),
		updated_at: iso(event.updatedAt),
		prohibition_of_cancellation: event.prohibitionOfCancellation,
		waitlist: event.hasWaitlist
			? {id: event.id * 7, waitlistable_id: event.id, waitlistable_type: 'Event', created_at: iso(event.createdAt), updated_at: iso(event.createdAt)}
			: null,
		themes: event.themes.map(theme => ({id: theme.id, name: theme.name, created_at: '2015-04-02T09:11:24.510Z', updated_at: '2015-04-02T09:11:24.510Z'})),
	};
}

/** An events_users element like fixtures/42api/events_users.json. */
export function serializeEventsUser(subscription: FakeEventsUser, context: SerializeContext): Record<string, unknown> {
	const user = context.userOf(subscription.userId);
	const event = context.eventOf(subscription.eventId);
	return {
		id: subscription.id,
		event_id: subscription.eventId,
		user_id: subscription.userId,
		user: user === undefined ? null : serializeUser(user, context),
		event: event === undefined ? null : serializeEvent(event, context),
	};
}
