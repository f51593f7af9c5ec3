/** The Link header of a list answer, with api-pagination's rels. */

export type LinkOptions = {
	/** Base of the URLs (the fake's own url unless `linkBaseUrl` is set). */
	readonly baseUrl: string;
	/** `'varying'` rotates the rels by request number; `'api-pagination'` keeps first, prev, last, next. */
	readonly order: 'varying' | 'api-pagination';
};

export type LinkPage = {readonly page: number; readonly perPage: number; readonly perPageGiven: boolean; readonly total: number};

/**
 * first/prev unless on page 1; last/next only before the last page; undefined when there is none.
 * URLs are `?page=N[&per_page=M]&<the other parameters>` without the paging ones and access_token.
 * `n` (the request number) picks the rotation of a `'varying'` order.
 */
export function linkHeader(options: LinkOptions, path: string, params: URLSearchParams, {page, perPage, perPageGiven, total}: LinkPage, n: number): string | undefined {
	const totalPages = Math.ceil(total / perPage);
	const url = (target: number): string => {
		const query = new URLSearchParams();
		query.set('page', String(target));
		if (perPageGiven) query.set('per_page', String(perPage));
		for (const [key, value] of params) {
			if (!['page', 'per_page', 'page[number]', 'page[size]', 'access_token'].includes(key)) query.append(key, value);
		}

		return `${options.baseUrl}${path}?${query.toString()}`;
	};

	const rels: string[] = [];
	if (page > 1) rels.push(`<${url(1)}>; rel="first"`, `<${url(page - 1)}>; rel="prev"`);
	if (page < totalPages) rels.push(`<${url(totalPages)}>; rel="last"`, `<${url(page + 1)}>; rel="next"`);
	if (rels.length === 0) return undefined;
	if (options.order === 'varying') {
		const shift = n % rels.length;
		rels.push(...rels.splice(0, shift));
		if (n % 3 === 0) rels.reverse();
	}

	return rels.join(', ');
}
