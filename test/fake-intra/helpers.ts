/**
 * Small helpers for the fake-intra tests: raw fetch (Node's built-in undici) against 127.0.0.1.
 */
import {type FakeIntra, type FakeIntraOptions, startFakeIntra} from '../../source/fake-intra/index.js';

/** A response read completely. */
export type Raw = {status: number; headers: Headers; text: string};

/** Starts a fake; rate limits are off unless the test asks for them. */
export async function start(options: FakeIntraOptions = {}): Promise<FakeIntra> {
	return startFakeIntra({rateLimit: {enforce: false}, ...options});
}

/** Gets a token with the form encoding. */
export async function token(fake: FakeIntra): Promise<string> {
	const response = await fetch(`${fake.url}/oauth/token`, {
		method: 'POST',
		body: new URLSearchParams({grant_type: 'client_credentials', client_id: fake.credentials.uid, client_secret: fake.credentials.secret}),
	});
	const body = (await response.json()) as {access_token: string};
	return body.access_token;
}

/** GET `path` (relative to the fake, or an absolute URL) with a bearer. */
export async function get(fake: FakeIntra, path: string, bearer?: string): Promise<Raw> {
	const response = await fetch(path.startsWith('http') ? path : `${fake.url}${path}`, {headers: bearer === undefined ? {} : {authorization: `Bearer ${bearer}`}});
	return {status: response.status, headers: response.headers, text: await response.text()};
}

/** GET and parse a JSON array body. */
export async function getList(fake: FakeIntra, path: string, bearer: string): Promise<{raw: Raw; items: Array<Record<string, unknown>>}> {
	const raw = await get(fake, path, bearer);
	return {raw, items: JSON.parse(raw.text) as Array<Record<string, unknown>>};
}

/** Link header → {rel: url}. */
export function links(headers: Headers): Record<string, string> {
	const out: Record<string, string> = {};
	for (const part of (headers.get('link') ?? '').split(',')) {
		const match = /<([^>]+)>;\s*rel="([^"]+)"/.exec(part.trim());
		if (match?.[1] !== undefined && match[2] !== undefined) out[match[2]] = match[1];
	}

	return out;
}

/** The rels of a Link header in the order they appear. */
export function relOrder(headers: Headers): string[] {
	return [...(headers.get('link') ?? '').matchAll(/rel="([^"]+)"/g)].map(match => match[1] ?? '');
}
