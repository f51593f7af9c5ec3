/**
 * Issue 13 #14: text that came from a server is redacted. An echoing server puts the bearer token
 * and the client secret into its 403 message; the client's error must hold neither (nor a prefix
 * of them cut at the message length limit).
 */
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import {afterEach, expect, it} from 'vitest';
import {IntraClient} from '../../source/data/intra/client.js';

const SECRET = 's-s4t2ud-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcd';
const TOKEN = 'tok-9f8e7d6c5b4a39281706f5e4d3c2b1a0';
let server: http.Server | undefined;
afterEach(async () => {
	await new Promise((resolve) => server?.close(resolve));
	server = undefined;
});

async function echoServer(message: (auth: string, form: string) => string, status = 403): Promise<string> {
	server = http.createServer((request, response) => {
		let form = '';
		request.on('data', (chunk: Buffer) => (form += chunk.toString()));
		request.on('end', () => {
			response.setHeader('content-type', 'application/json');
			if (request.url?.startsWith('/oauth/token')) {
				response.end(JSON.stringify({access_token: TOKEN, token_type: 'bearer', expires_in: 7200, created_at: Math.floor(Date.now() / 1000)}));
				return;
			}

			response.statusCode = status;
			response.end(JSON.stringify({error: 'Forbidden', message: message(request.headers.authorization ?? '', decodeURIComponent(form))}));
		});
	});
	await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
	return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function errorOf(baseUrl: string): Promise<Error> {
	const client = new IntraClient({baseUrl, credentials: {uid: 'u-s4t2ud-uid', secret: SECRET}, retryBaseMs: 1});
	const error = await client.get('/v2/campus/1/locations').catch((error_: unknown) => error_);
	expect(error).toBeInstanceOf(Error);
	return error as Error;
}

function expectClean(text: string): void {
	expect(text).not.toContain(TOKEN);
	expect(text).not.toContain(TOKEN.slice(0, 12));
	expect(text).not.toContain(SECRET.slice(0, 20));
}

it('a 403 echoing the Authorization header prints neither the bearer token nor the secret', async () => {
	const url = await echoServer((auth) => `you sent "${auth}" with secret ${SECRET}; token ${TOKEN} lacks a scope`);
	const error = await errorOf(url);
	expect(error.message).toMatch(/answered 403: Forbidden: you sent "Bearer \[redacted\]" with secret \[redacted\]; token \[redacted\] lacks a scope/);
	expectClean(error.message);
	expectClean(String(error.stack));
});

it('a token cut by the message length limit leaks no prefix either', async () => {
	// The token starts at character ~195 of the message: the 200-character cut would keep its first half.
	const url = await echoServer(() => `${'x'.repeat(172)} token=${TOKEN}`);
	const error = await errorOf(url);
	expect(error.message).toContain('[redac');
	expectClean(error.message);
});

it('a bearer credential that is not ours is blanked too', async () => {
	const url = await echoServer(() => 'forwarded Authorization: Bearer someone-elses-token-value');
	const error = await errorOf(url);
	expect(error.message).toContain('Bearer [redacted]');
	expect(error.message).not.toContain('someone-elses-token-value');
});
