/**
 * Paging through a 42 list: `page[number]` + `page[size]=100`, an explicit sort, and
 * page URLs computed here (whether `page[size]` survives in Link URLs is not verified on the real API).
 *
 * A hand loop rather than got's `paginate()`: got's iterator yields items and owns the request
 * loop, while the sync must commit each page to the store (with the next page number as its resume
 * cursor) before asking for the next one, must start at a stored page, and routes each request
 * through the client's own pacing, token refresh and retries. The loop is short.
 */
import {header, type HeaderBag} from './pacer.js';
import type {IntraClient} from './client.js';

/** The largest page the API serves. */
export const PAGE_SIZE = 100;

/** One page of a list. */
export type ListPage<T> = {
	/** 1-based page number. */
	readonly page: number;
	readonly items: readonly T[];
	/** Items in the whole list (X-Total), when sent. */
	readonly total: number | undefined;
	/** Pages in the whole list (ceil(X-Total / X-Per-Page)), when known. */
	readonly pages: number | undefined;
	/** Effective page size (X-Per-Page, else the size asked for). */
	readonly perPage: number;
	/** True when no page follows. */
	readonly last: boolean;
};

function intHeader(headers: HeaderBag, name: string): number | undefined {
	const text = header(headers, name);
	if (text === undefined || !/^\s*\d+\s*$/.test(text)) return undefined;
	return Number.parseInt(text, 10);
}

/**
 * Yields the pages of `path` from `startPage` on. Stops after an empty page, a short page, or the
 * page that reaches X-Total — so a full list costs exactly ceil(total / 100) requests.
 */
export async function* listPages<T>(
	client: Pick<IntraClient, 'get'>,
	path: string,
	params: Readonly<Record<string, string>>,
	options: {readonly startPage?: number; readonly pageSize?: number} = {},
): AsyncGenerator<ListPage<T>> {
	const size = options.pageSize ?? PAGE_SIZE;
	for (let page = Math.max(1, options.startPage ?? 1); ; page++) {
		const response = await client.get<unknown>(path, {...params, 'page[number]': String(page), 'page[size]': String(size)});
		const items = Array.isArray(response.body) ? (response.body as T[]) : [];
		const total = intHeader(response.headers, 'x-total');
		const perPage = intHeader(response.headers, 'x-per-page') ?? size;
		const pages = total === undefined ? undefined : Math.ceil(total / Math.max(1, perPage));
		const last = items.length === 0 || items.length < perPage || (pages !== undefined && page >= pages);
		yield {page, items, total, pages, perPage, last};
		if (last) return;
	}
}
