import {describe, expect, it} from 'vitest';
import {zoneClock} from '../../source/core/time.js';
import {generateDataset} from '../../source/fake-intra/index.js';
import {getList, start, token} from './helpers.js';

const CLUSTER_HOST = /^c\d+r\d+s\d+$/;

describe('fake intra: generated data', () => {
	it('is deterministic per seed', () => {
		const a = generateDataset({seed: 7});
		const b = generateDataset({seed: 7});
		const c = generateDataset({seed: 8});
		expect(JSON.stringify(a)).toBe(JSON.stringify(b));
		expect(JSON.stringify(a.dataset.locations)).not.toBe(JSON.stringify(c.dataset.locations));
	});

	it('has the default shape: campus 4077 Testville, ~40 cluster hosts, ~60 users, hundreds of sessions', () => {
		const {dataset} = generateDataset();
		expect(dataset.campuses[0]).toMatchObject({id: 4077, name: 'Testville', timeZone: 'Europe/Paris'});
		const main = dataset.locations.filter(row => row.campusId === 4077);
		const hosts = new Set(main.map(row => row.host));
		expect(hosts.size).toBeGreaterThanOrEqual(35);
		expect(hosts.size).toBeLessThanOrEqual(41);
		expect(dataset.users.filter(user => user.campusId === 4077)).toHaveLength(60);
		expect(main.length).toBeGreaterThan(300);
		expect(main.length).toBeLessThan(5000);
		expect(new Set(dataset.locations.map(row => row.id)).size).toBe(dataset.locations.length);
	});

	it('contains every seeded quirk', () => {
		const {dataset, quirks} = generateDataset({seed: 1});
		const byId = new Map(dataset.locations.map(row => [row.id, row]));
		const now = Date.parse('2025-03-14T09:45:24.000Z');
		const zone = zoneClock('Europe/Paris');
		expect(quirks.openIds.length).toBeGreaterThan(1);
		const stuck = byId.get(quirks.stuckOpenId);
		expect(stuck?.end).toBeNull();
		expect(now - (stuck?.begin ?? now)).toBeGreaterThan(2 * 86_400_000);
		const [a, b] = quirks.overlappingIds.map(id => byId.get(id));
		expect(a?.userId).toBe(b?.userId);
		expect(a?.host).not.toBe(b?.host);
		expect((a?.begin ?? 0) < (b?.end ?? 0) && (b?.begin ?? 0) < (a?.end ?? 0)).toBe(true);
		expect(quirks.anonymisedLogin).toMatch(/^3b3[0-9a-f]{13}$/);
		expect(dataset.users.find(user => user.login === quirks.anonymisedLogin)?.anonymised).toBe(true);
		expect(byId.get(quirks.kioskId)?.host).toBe('lab-kiosk2');
		expect(CLUSTER_HOST.test('lab-kiosk2')).toBe(false);
		expect(byId.get(quirks.nonPrimaryId)?.primary).toBe(false);
		const midnight = byId.get(quirks.midnightCrossingId);
		expect(zone.dayNumber(midnight?.end ?? 0)).toBe(zone.dayNumber(midnight?.begin ?? 0) + 1);
		// At most one open session per host and campus.
		const openHosts = dataset.locations.filter(row => row.end === null).map(row => `${row.campusId}/${row.host}`);
		expect(new Set(openHosts).size).toBe(openHosts.length);
		// No two sessions overlap on one host.
		const byHost = new Map<string, Array<[number, number]>>();
		for (const row of dataset.locations) {
			const list = byHost.get(`${row.campusId}/${row.host}`) ?? [];
			list.push([row.begin, row.end ?? Number.POSITIVE_INFINITY]);
			byHost.set(`${row.campusId}/${row.host}`, list);
		}

		for (const list of byHost.values()) {
			list.sort((x, y) => x[0] - y[0]);
			for (let i = 1; i < list.length; i++) expect(list[i]?.[0]).toBeGreaterThanOrEqual(list[i - 1]?.[1] ?? 0);
		}
	});

	it('produces an exact location count for a bench', () => {
		const {dataset} = generateDataset({locations: 20_000});
		expect(dataset.locations).toHaveLength(20_000);
	});

	it('serves sessions added and closed by a test', async () => {
		const fake = await start({seed: 4});
		try {
			const bearer = await token(fake);
			const started = fake.data.addSession({user: 'lbyron', host: 'c9r9s9'});
			expect(() => fake.data.addSession({user: 'mhopper', host: 'c9r9s9'})).toThrow(/open session/);
			const open = await getList(fake, '/v2/locations?filter[host]=c9r9s9&filter[active]=true', bearer);
			expect(open.items.map(item => item['id'])).toEqual([started.id]);
			expect((open.items[0]?.['user'] as {location: string}).location).toBe('c9r9s9');
			fake.clock.advance(3_600_000);
			fake.data.closeSession(started.id);
			const closed = await getList(fake, '/v2/users/lbyron/locations?filter[host]=c9r9s9', bearer);
			expect(closed.items[0]?.['end_at']).toBe(new Date(fake.clock.now()).toISOString());
			expect((closed.items[0]?.['user'] as {location: unknown}).location).toBeNull();
			expect(fake.data.quirks?.kioskHost).toBe('lab-kiosk2');
		} finally {
			await fake.close();
		}
	});

	it('serves a 20k-location bench dataset page by page', async () => {
		const fake = await start({locations: 20_000});
		try {
			const bearer = await token(fake);
			const page = await getList(fake, '/v2/campus/4077/locations?per_page=100&page=50', bearer);
			expect(page.items).toHaveLength(100);
			expect(Number(page.raw.headers.get('x-total'))).toBe(fake.data.locations.filter(row => row.campusId === 4077).length);
		} finally {
			await fake.close();
		}
	});
});
