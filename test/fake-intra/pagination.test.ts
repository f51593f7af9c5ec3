import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {FakeIntra} from '../../source/fake-intra/index.js';
import {getList, links, relOrder, start, token} from './helpers.js';

describe('fake intra: pagination', () => {
	let fake: FakeIntra;
	let bearer: string;
	let total: number;
	beforeAll(async () => {
		fake = await start({seed: 11});
		bearer = await token(fake);
		total = fake.data.locations.filter(row => row.campusId === 4077).length;
	});
	afterAll(async () => fake.close());

	const path = '/v2/campus/4077/locations';

	it('defaults to 30 per page and reports X-Total as an item count', async () => {
		const {raw, items} = await getList(fake, path, bearer);
		expect(raw.status).toBe(200);
		expect(items).toHaveLength(30);
		expect(raw.headers.get('x-page')).toBe('1');
		expect(raw.headers.get('x-per-page')).toBe('30');
		expect(raw.headers.get('x-total')).toBe(String(total));
		expect(total).toBeGreaterThan(300);
	});

	it('gives page 1 only next/last, a middle page all four rels, the last page only first/prev', async () => {
		const lastPage = Math.ceil(total / 10);
		const first = await getList(fake, `${path}?page=1&per_page=10`, bearer);
		expect(Object.keys(links(first.raw.headers)).sort()).toEqual(['last', 'next']);
		expect(links(first.raw.headers)['next']).toBe(`${fake.url}${path}?page=2&per_page=10`);
		expect(links(first.raw.headers)['last']).toBe(`${fake.url}${path}?page=${lastPage}&per_page=10`);

		const middle = await getList(fake, `${path}?page=2&per_page=10`, bearer);
		expect(links(middle.raw.headers)).toEqual({
			first: `${fake.url}${path}?page=1&per_page=10`,
			prev: `${fake.url}${path}?page=1&per_page=10`,
			next: `${fake.url}${path}?page=3&per_page=10`,
			last: `${fake.url}${path}?page=${lastPage}&per_page=10`,
		});

		const last = await getList(fake, `${path}?page=${lastPage}&per_page=10`, bearer);
		expect(Object.keys(links(last.raw.headers)).sort()).toEqual(['first', 'prev']);
		expect(last.items).toHaveLength(total - (lastPage - 1) * 10);

		const past = await getList(fake, `${path}?page=${lastPage + 1}&per_page=10`, bearer);
		expect(past.raw.status).toBe(200);
		expect(past.raw.text).toBe('[]');
		expect(past.raw.headers.get('x-total')).toBe(String(total));
		expect(Object.keys(links(past.raw.headers)).sort()).toEqual(['first', 'prev']);
	});

	it('varies the order of Link rels between requests', async () => {
		const orders = new Set<string>();
		for (let i = 0; i < 4; i++) orders.add(relOrder((await getList(fake, `${path}?page=3&per_page=10`, bearer)).raw.headers).join(','));
		expect(orders.size).toBeGreaterThan(1);
	});

	it('keeps the api-pagination order when asked', async () => {
		const other = await start({seed: 11, linkOrder: 'api-pagination'});
		try {
			const otherToken = await token(other);
			for (let i = 0; i < 3; i++) expect(relOrder((await getList(other, `${path}?page=3&per_page=10`, otherToken)).raw.headers)).toEqual(['first', 'prev', 'last', 'next']);
		} finally {
			await other.close();
		}
	});

	it('clamps the page size at 100 and accepts page[number]/page[size]', async () => {
		const big = await getList(fake, `${path}?per_page=500`, bearer);
		expect(big.items).toHaveLength(100);
		expect(big.raw.headers.get('x-per-page')).toBe('100');
		const bracket = await getList(fake, `${path}?page[number]=2&page[size]=7`, bearer);
		const plain = await getList(fake, `${path}?page=2&per_page=7`, bearer);
		expect(bracket.raw.headers.get('x-page')).toBe('2');
		expect(bracket.raw.headers.get('x-per-page')).toBe('7');
		expect(bracket.items.map(item => item['id'])).toEqual(plain.items.map(item => item['id']));
		// Link URLs use page/per_page even for the bracket form.
		expect(links(bracket.raw.headers)['next']).toBe(`${fake.url}${path}?page=3&per_page=7`);
	});

	it('leaves per_page out of Link URLs when the request did not name a size, and carries filters and sort', async () => {
		const plain = await getList(fake, `${path}?page=2`, bearer);
		expect(links(plain.raw.headers)['next']).toBe(`${fake.url}${path}?page=3`);
		const filtered = await getList(fake, `${path}?per_page=5&filter[primary]=true&sort=-begin_at&access_token=${bearer}`, bearer);
		const next = new URL(links(filtered.raw.headers)['next'] ?? '');
		expect(next.searchParams.get('page')).toBe('2');
		expect(next.searchParams.get('per_page')).toBe('5');
		expect(next.searchParams.get('filter[primary]')).toBe('true');
		expect(next.searchParams.get('sort')).toBe('-begin_at');
		expect(next.searchParams.has('access_token')).toBe(false);
	});

	it('serves every item exactly once when following rel="next" on a quiet dataset', async () => {
		const seen: unknown[] = [];
		let url: string | undefined = `${fake.url}${path}?per_page=100&sort=id`;
		while (url !== undefined) {
			const page: Awaited<ReturnType<typeof getList>> = await getList(fake, url, bearer);
			seen.push(...page.items.map(item => item['id']));
			url = links(page.raw.headers)['next'];
		}

		expect(seen).toHaveLength(total);
		expect(new Set(seen).size).toBe(total);
	});

	it('shifts a begin_at-desc listing when a session starts between two page requests', async () => {
		const first = await getList(fake, `${path}?page=1&per_page=10`, bearer);
		const free = ['c9r9s9'];
		const added = fake.data.addSession({user: 'mhopper', host: free[0] ?? '', begin: fake.clock.now()});
		const second = await getList(fake, `${path}?page=2&per_page=10`, bearer);
		// The last item of page 1 is now the first item of page 2: a client must dedupe by id.
		expect(second.items[0]?.['id']).toBe(first.items[9]?.['id']);
		expect(second.raw.headers.get('x-total')).toBe(String(total + 1));
		fake.data.removeSession(added.id);
	});

	it('answers HEAD with the pagination headers and no body', async () => {
		const response = await fetch(`${fake.url}${path}?per_page=10`, {method: 'HEAD', headers: {authorization: `Bearer ${bearer}`}});
		expect(response.status).toBe(200);
		expect(response.headers.get('x-total')).toBe(String(total));
		expect(await response.text()).toBe('');
	});
});
