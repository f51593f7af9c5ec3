import {fileURLToPath} from 'node:url';
import {readFileSync} from 'node:fs';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {FakeIntra} from '../../source/fake-intra/index.js';
import {get, getList, start, token} from './helpers.js';

const fixtures = fileURLToPath(new URL('../fixtures/42api', import.meta.url));
const fixture = (name: string): unknown => JSON.parse(readFileSync(`${fixtures}/${name}`, 'utf8'));

/** Key sets of an object, recursively (arrays: their first element). */
function shape(value: unknown): unknown {
	if (Array.isArray(value)) return value.length === 0 ? [] : [shape(value[0])];
	if (value !== null && typeof value === 'object') return Object.fromEntries(Object.keys(value).map(key => [key, shape((value as Record<string, unknown>)[key])]));
	return typeof value;
}

/** Same keys in the same order, ignoring value types (values can be null). */
function keysDeep(value: unknown): unknown {
	if (Array.isArray(value)) return value.length === 0 ? [] : [keysDeep(value[0])];
	if (value !== null && typeof value === 'object') return Object.keys(value).map(key => [key, keysDeep((value as Record<string, unknown>)[key])]);
	return 0;
}

describe('fake intra: filter / range / sort and resources', () => {
	let fake: FakeIntra;
	let bearer: string;
	const ids = (items: Array<Record<string, unknown>>): number[] => items.map(item => item['id'] as number);
	beforeAll(async () => {
		fake = await start({seed: 5});
		bearer = await token(fake);
	});
	afterAll(async () => fake.close());

	it('serialises locations, campus, events and events_users with exactly the fixtures’ keys', async () => {
		const locations = await getList(fake, '/v2/campus/4077/locations?per_page=100', bearer);
		const withUser = locations.items.find(item => (item['user'] as {image: {link: unknown}}).image.link !== null);
		expect(keysDeep(withUser)).toEqual(keysDeep((fixture('locations_page.json') as unknown[])[1]));
		expect(shape(JSON.parse((await get(fake, '/v2/campus/4077', bearer)).text))).toEqual(shape(fixture('campus.json')));
		const events = await getList(fake, '/v2/campus/4077/events?per_page=100', bearer);
		const plainEvent = events.items.find(item => item['waitlist'] === null && item['max_people'] !== null && item['prohibition_of_cancellation'] === null);
		expect(keysDeep(plainEvent)).toEqual(keysDeep(fixture('event.json')));
		const withSubscribers = fake.data.eventsUsers[0]?.eventId;
		const subscriptions = await getList(fake, `/v2/events/${withSubscribers}/events_users`, bearer);
		expect(subscriptions.items.length).toBeGreaterThan(0);
		expect(Object.keys(subscriptions.items[0] ?? {})).toEqual(['id', 'event_id', 'user_id', 'user', 'event']);
		// Timestamps: ISO UTC with milliseconds and Z; end_at null while open.
		for (const item of locations.items) {
			expect(item['begin_at']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
			expect(item['end_at'] === null || /\.\d{3}Z$/.test(item['end_at'] as string)).toBe(true);
		}
	});

	it('orders by begin_at desc, id desc by default', async () => {
		const {items} = await getList(fake, '/v2/locations?per_page=100', bearer);
		const keys = items.map(item => [Date.parse(item['begin_at'] as string), item['id'] as number] as const);
		const sorted = [...keys].sort((a, b) => b[0] - a[0] || b[1] - a[1]);
		expect(keys).toEqual(sorted);
	});

	it('filters: active / end / inactive, comma = OR, AND across filters, primary', async () => {
		const open = fake.data.locations.filter(row => row.end === null && row.campusId === 4077).map(row => row.id);
		const active = await getList(fake, '/v2/campus/4077/locations?filter[active]=true&per_page=100', bearer);
		expect(ids(active.items).sort()).toEqual([...open].sort());
		expect(active.items.every(item => item['end_at'] === null)).toBe(true);
		const endFalse = await getList(fake, '/v2/campus/4077/locations?filter[end]=false&per_page=100', bearer);
		expect(ids(endFalse.items).sort()).toEqual([...open].sort());
		const inactive = await getList(fake, '/v2/campus/4077/locations?filter[inactive]=true&per_page=1', bearer);
		expect(Number(inactive.raw.headers.get('x-total'))).toBe(fake.data.locations.filter(row => row.end !== null && row.campusId === 4077).length);

		const hosts = await getList(fake, '/v2/locations?filter[host]=c1r1s1,lab-kiosk2&filter[campus_id]=4077&per_page=100', bearer);
		expect(new Set(hosts.items.map(item => item['host']))).toEqual(new Set(['c1r1s1', 'lab-kiosk2']));
		expect(hosts.items.every(item => item['campus_id'] === 4077)).toBe(true);

		const nonPrimary = await getList(fake, '/v2/locations?filter[primary]=false', bearer);
		expect(ids(nonPrimary.items)).toContain(fake.data.quirks?.nonPrimaryId);
		expect(nonPrimary.items.every(item => item['primary'] === false)).toBe(true);

		const wanted = fake.data.locations.slice(0, 3).map(row => row.id);
		const byId = await getList(fake, `/v2/locations?filter[id]=${wanted.join(',')}`, bearer);
		expect(ids(byId.items).sort()).toEqual([...wanted].sort());
	});

	it('ranges are inclusive on both ends', async () => {
		const row = fake.data.locations[100];
		if (row === undefined) throw new Error('no row');
		const at = new Date(row.begin).toISOString();
		const exact = await getList(fake, `/v2/locations?range[begin_at]=${at},${at}`, bearer);
		expect(ids(exact.items)).toContain(row.id);
		const from = Date.parse('2025-03-12T00:00:00.000Z');
		const to = Date.parse('2025-03-13T00:00:00.000Z');
		const day = await getList(fake, '/v2/locations?range[begin_at]=2025-03-12T00:00:00.000Z,2025-03-13T00:00:00.000Z&per_page=100', bearer);
		const expected = fake.data.locations.filter(item => item.begin >= from && item.begin <= to).length;
		expect(Number(day.raw.headers.get('x-total'))).toBe(expected);
		expect(day.items.every(item => Date.parse(item['begin_at'] as string) >= from && Date.parse(item['begin_at'] as string) <= to)).toBe(true);
		// Open sessions (end_at null) are never inside an end_at range.
		const ended = await getList(fake, '/v2/locations?range[end_at]=2000-01-01T00:00:00.000Z,2100-01-01T00:00:00.000Z&per_page=1', bearer);
		expect(Number(ended.raw.headers.get('x-total'))).toBe(fake.data.locations.filter(item => item.end !== null).length);
	});

	it('sorts by several fields, - = descending, NULLs first when descending', async () => {
		const {items} = await getList(fake, '/v2/campus/4077/locations?sort=host,-begin_at&per_page=100', bearer);
		for (let i = 1; i < items.length; i++) {
			const previous = items[i - 1] ?? {};
			const current = items[i] ?? {};
			const order = (previous['host'] as string) < (current['host'] as string) ? -1 : previous['host'] === current['host'] ? 0 : 1;
			expect(order).toBeLessThanOrEqual(0);
			if (order === 0) expect(Date.parse(previous['begin_at'] as string)).toBeGreaterThanOrEqual(Date.parse(current['begin_at'] as string));
		}

		const endDesc = await getList(fake, '/v2/campus/4077/locations?sort=-end_at&per_page=5', bearer);
		expect(endDesc.items[0]?.['end_at']).toBeNull();
	});

	it('answers unknown filters, sorts and ranges with 400 JSON errors', async () => {
		const filter = await get(fake, '/v2/locations?filter[x]=1', bearer);
		expect(filter.status).toBe(400);
		const body = JSON.parse(filter.text) as {error: string; message: string};
		expect(body.error).toBe('Filter Error');
		expect(body.message).toMatch(/^Attributes x doesn't exists\. You can only filter on: \[.*host.*\]$/);
		const sort = await get(fake, '/v2/locations?sort=-score', bearer);
		expect(sort.status).toBe(400);
		expect(JSON.parse(sort.text)).toEqual({error: 'Sort Error', message: 'The score field is not sortable'});
		expect((await get(fake, '/v2/locations?range[score]=1,2', bearer)).status).toBe(400);
		// App errors still carry the rate-limit headers.
		expect(sort.headers.get('x-hourly-ratelimit-limit')).toBe('1200');
	});

	it('answers filter[id] with more than 100 ids with a 502, and exactly 100 with 200', async () => {
		const hundred = fake.data.locations.slice(0, 100).map(row => row.id);
		const ok = await getList(fake, `/v2/locations?filter[id]=${hundred.join(',')}&per_page=100`, bearer);
		expect(ok.raw.status).toBe(200);
		expect(ok.items).toHaveLength(100);
		const tooMany = await get(fake, `/v2/locations?filter[id]=${[...hundred, 1].join(',')}`, bearer);
		expect(tooMany.status).toBe(502);
		expect(tooMany.text).toContain('502 Bad Gateway');
	});

	it('serves user locations by login or id, the campus list and 404s', async () => {
		const byLogin = await getList(fake, '/v2/users/tlovelace/locations?per_page=100', bearer);
		const byId = await getList(fake, '/v2/users/190101/locations?per_page=100', bearer);
		expect(ids(byLogin.items)).toEqual(ids(byId.items));
		expect(byLogin.items.every(item => (item['user'] as {login: string}).login === 'tlovelace')).toBe(true);
		const campuses = await getList(fake, '/v2/campus', bearer);
		expect(ids(campuses.items)).toEqual([4078, 4077]);
		expect(campuses.items[1]?.['time_zone']).toBe('Europe/Paris');
		for (const path of ['/v2/campus/999', '/v2/users/nobody/locations', '/v2/nothing', '/v2/events/1']) {
			const response = await get(fake, path, bearer);
			expect(response.status).toBe(404);
			expect(response.text).toBe('{}');
		}
	});

	it('filters events on future, and serves events_users of an event', async () => {
		const future = await getList(fake, '/v2/campus/4077/events?filter[future]=true&per_page=100', bearer);
		expect(future.items.length).toBeGreaterThan(0);
		expect(future.items.every(item => Date.parse(item['begin_at'] as string) > fake.clock.now())).toBe(true);
		const past = await getList(fake, '/v2/campus/4077/events?filter[future]=false&per_page=100', bearer);
		expect(future.items.length + past.items.length).toBe(fake.data.events.filter(event => event.campusIds.includes(4077)).length);
		const kinds = await getList(fake, '/v2/events?sort=kind,id&per_page=100', bearer);
		expect(kinds.raw.status).toBe(200);
		expect((await get(fake, '/v2/events?filter[nope]=1', bearer)).status).toBe(400);
		const event = fake.data.events[0];
		if (event === undefined) throw new Error('no event');
		const subscribed = fake.data.eventsUsers.filter(row => row.eventId === event.id).length;
		const subscriptions = await getList(fake, `/v2/events/${event.id}/events_users?per_page=100`, bearer);
		expect(subscriptions.items).toHaveLength(subscribed);
		const single = JSON.parse((await get(fake, `/v2/events/${event.id}`, bearer)).text) as {nbr_subscribers: number};
		expect(single.nbr_subscribers).toBe(subscribed);
	});

	it('serves locations_stats per local day with HH:MM:SS.ffffff values', async () => {
		const response = await get(fake, '/v2/users/tlovelace/locations_stats?begin_at=2025-03-10&end_at=2025-03-15', bearer);
		const stats = JSON.parse(response.text) as Record<string, string>;
		// The seeded quirks of tlovelace match fixtures/42api/location_stats.json for these two days.
		expect(stats['2025-03-13']).toBe('03:29:49.000000');
		expect(stats['2025-03-14']).toBe('00:04:17.000000');
		for (const [day, value] of Object.entries(stats)) {
			expect(day).toMatch(/^\d{4}-\d\d-\d\d$/);
			expect(value).toMatch(/^\d\d:\d\d:\d\d\.\d{6}$/);
		}
	});
});
