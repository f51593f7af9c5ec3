/**
 * `filter[…]`, `range[…]`, `sort` and pagination parameters as the 42 API reads them.
 * Pure: given the rows, the query string and "now", returns the page to serve or the error to answer.
 */

/** How a field compares and parses. */
export type FieldKind = 'int' | 'string' | 'time' | 'bool';

/** One sortable / rangeable / filterable attribute of a resource. */
export type FieldSpec<T> = {readonly kind: FieldKind; readonly get: (row: T) => number | string | boolean | null};

/** The query surface of one resource. */
export type ResourceSpec<T> = {
	/** Attributes usable in `filter`, `range` and `sort` (42 exposes the same list for all three). */
	readonly fields: Readonly<Record<string, FieldSpec<T>>>;
	/** Filter-only pseudo attributes such as `active` or `future`; `values` are the comma-split values. */
	readonly extraFilters?: Readonly<Record<string, (row: T, values: readonly string[], now: number) => boolean>>;
	/** Default order, e.g. `[['begin_at', 'desc'], ['id', 'desc']]`. */
	readonly defaultSort: ReadonlyArray<readonly [string, 'asc' | 'desc']>;
};

/** A failed query: status and body exactly as the fake answers them. */
export type QueryError = {readonly status: number; readonly contentType: string; readonly body: string};

/** A successful query: the slice to serve plus pagination facts. */
export type QueryPage<T> = {
	readonly rows: readonly T[];
	readonly total: number;
	readonly page: number;
	readonly perPage: number;
	/** Whether the request named a page size (then Link URLs carry `per_page`). */
	readonly perPageGiven: boolean;
};

/** Limits the query engine enforces. */
export type QueryLimits = {
	/** @default 30 */
	readonly defaultPageSize: number;
	/** Larger sizes are clamped, not rejected. @default 100 */
	readonly pageSizeMax: number;
	/** More ids than this in one `filter[id]` → 502. @default 100 */
	readonly idFilterMax: number;
};

const jsonError = (status: number, error: string, message: string): QueryError => ({
	status,
	contentType: 'application/json; charset=utf-8',
	body: JSON.stringify({error, message}),
});

/** What nginx in front of the intra answers when the app dies on a huge `filter[id]`. */
export const BAD_GATEWAY_HTML = '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

function parseBool(text: string): boolean | undefined {
	const value = text.trim().toLowerCase();
	if (value === 'true' || value === '1' || value === 't') return true;
	if (value === 'false' || value === '0' || value === 'f') return false;
	return undefined;
}

/** Parses a filter/range value for `kind`; undefined when it cannot be cast. */
function parseValue(kind: FieldKind, text: string): number | string | boolean | undefined {
	switch (kind) {
		case 'int': {
			const value = Number(text.trim());
			return text.trim() !== '' && Number.isFinite(value) ? value : undefined;
		}

		case 'time': {
			const value = Date.parse(text.trim());
			return Number.isNaN(value) ? undefined : value;
		}

		case 'bool':
			return parseBool(text);
		case 'string':
			return text;
	}
}

/** SQL-like comparison; `null` sorts last ascending and first descending (PostgreSQL). */
function compareValues(a: number | string | boolean | null, b: number | string | boolean | null): number {
	if (a === b) return 0;
	if (a === null) return 1;
	if (b === null) return -1;
	if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : 1;
	return Number(a) < Number(b) ? -1 : 1;
}

/** A positive integer query parameter, or undefined. */
function positiveInt(text: string | null): number | undefined {
	if (text === null || !/^\s*\d+\s*$/.test(text)) return undefined;
	const value = Number.parseInt(text, 10);
	return value >= 1 ? value : undefined;
}

/** Page number and size from `page[number]`/`page[size]` or `page`/`per_page`. */
export function parsePaging(params: URLSearchParams, limits: QueryLimits): {page: number; perPage: number; perPageGiven: boolean} {
	const page = positiveInt(params.get('page[number]') ?? params.get('page')) ?? 1;
	const sizeText = params.get('page[size]') ?? params.get('per_page');
	const size = positiveInt(sizeText);
	return {page, perPage: Math.min(size ?? limits.defaultPageSize, limits.pageSizeMax), perPageGiven: sizeText !== null};
}

/** Applies filters, ranges, sort and paging to `rows`. */
export function runQuery<T>(rows: readonly T[], spec: ResourceSpec<T>, params: URLSearchParams, now: number, limits: QueryLimits): QueryPage<T> | QueryError {
	const predicates: Array<(row: T) => boolean> = [];
	const filterable = [...Object.keys(spec.fields), ...Object.keys(spec.extraFilters ?? {})];
	for (const [key, raw] of params) {
		const filterName = /^filter\[(.*)\]$/.exec(key)?.[1];
		if (filterName !== undefined) {
			const values = raw.split(',');
			const extra = spec.extraFilters?.[filterName];
			const field = spec.fields[filterName];
			if (extra !== undefined) {
				predicates.push(row => extra(row, values, now));
				continue;
			}

			if (field === undefined) return jsonError(400, 'Filter Error', `Attributes ${filterName} doesn't exists. You can only filter on: [${filterable.join(', ')}]`);
			if (filterName === 'id' && values.length > limits.idFilterMax) return {status: 502, contentType: 'text/html', body: BAD_GATEWAY_HTML};
			const wanted = values.map(value => parseValue(field.kind, value)).filter(value => value !== undefined);
			predicates.push(row => {
				const value = field.get(row);
				return wanted.some(candidate => candidate === value);
			});
			continue;
		}

		const rangeName = /^range\[(.*)\]$/.exec(key)?.[1];
		if (rangeName !== undefined) {
			const field = spec.fields[rangeName];
			if (field === undefined) return jsonError(400, 'Range Error', `The ${rangeName} field is not rangeable`);
			const [minText = '', maxText = ''] = raw.split(',');
			const min = minText.trim() === '' ? undefined : parseValue(field.kind, minText);
			const max = maxText.trim() === '' ? undefined : parseValue(field.kind, maxText);
			if ((minText.trim() !== '' && min === undefined) || (maxText.trim() !== '' && max === undefined)) {
				return jsonError(400, 'Range Error', `Invalid range for ${rangeName}: ${raw}`);
			}

			// Inclusive on both ends; NULL is never inside a range (SQL BETWEEN).
			predicates.push(row => {
				const value = field.get(row);
				if (value === null) return false;
				if (min !== undefined && compareValues(value, min) < 0) return false;
				return max === undefined || compareValues(value, max) <= 0;
			});
		}
	}

	const order: Array<readonly [FieldSpec<T>, 'asc' | 'desc']> = [];
	const sortText = params.get('sort');
	if (sortText !== null && sortText.trim() !== '') {
		for (const part of sortText.split(',')) {
			const name = part.trim().replace(/^[-+]/, '');
			const field = spec.fields[name];
			if (field === undefined) return jsonError(400, 'Sort Error', `The ${name} field is not sortable`);
			order.push([field, part.trim().startsWith('-') ? 'desc' : 'asc']);
		}

		// A deterministic tie-break (PostgreSQL would not promise one).
		const id = spec.fields['id'];
		if (id !== undefined) order.push([id, 'asc']);
	} else {
		for (const [name, direction] of spec.defaultSort) {
			const field = spec.fields[name];
			if (field !== undefined) order.push([field, direction]);
		}
	}

	const matching = rows.filter(row => predicates.every(predicate => predicate(row)));
	matching.sort((a, b) => {
		for (const [field, direction] of order) {
			const result = compareValues(field.get(a), field.get(b));
			if (result !== 0) return direction === 'asc' ? result : -result;
		}

		return 0;
	});
	const {page, perPage, perPageGiven} = parsePaging(params, limits);
	const start = (page - 1) * perPage;
	return {rows: matching.slice(start, start + perPage), total: matching.length, page, perPage, perPageGiven};
}

/** True when `result` is an error answer. */
export function isQueryError<T>(result: QueryPage<T> | QueryError): result is QueryError {
	return 'status' in result;
}

/** A filter on a boolean pseudo attribute: the first value decides; unparsable values match nothing. */
export function boolFilter<T>(test: (row: T, now: number) => boolean): (row: T, values: readonly string[], now: number) => boolean {
	return (row, values, now) => {
		const wanted = parseBool(values[0] ?? '');
		return wanted !== undefined && test(row, now) === wanted;
	};
}
