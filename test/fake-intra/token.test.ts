import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import type {FakeIntra} from '../../source/fake-intra/index.js';
import {get, start, token} from './helpers.js';

const INVALID_CLIENT = 'Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.';

describe('fake intra: OAuth token endpoint', () => {
	let fake: FakeIntra;
	beforeEach(async () => {
		fake = await start({seed: 3});
	});
	afterEach(async () => fake.close());

	const expectToken = async (response: Response): Promise<void> => {
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toMatch(/^application\/json/);
		const body = (await response.json()) as Record<string, unknown>;
		expect(Object.keys(body).sort()).toEqual(['access_token', 'created_at', 'expires_in', 'scope', 'secret_valid_until', 'token_type']);
		expect(body['access_token']).toMatch(/^[0-9a-f]{64}$/);
		expect(body).toMatchObject({token_type: 'bearer', expires_in: 7200, scope: 'public', created_at: Math.floor(fake.clock.now() / 1000)});
		expect(body['secret_valid_until']).toBe(Math.floor(fake.secretValidUntil() / 1000));
	};

	it('accepts a form-encoded body', async () => {
		const {uid, secret} = fake.credentials;
		expect(uid).toMatch(/^u-s4t2ud-[0-9a-f]{64}$/);
		expect(secret).toMatch(/^s-s4t2ud-[0-9a-f]{64}$/);
		await expectToken(await fetch(`${fake.url}/oauth/token`, {method: 'POST', body: new URLSearchParams({grant_type: 'client_credentials', client_id: uid, client_secret: secret})}));
	});

	it('accepts a JSON body', async () => {
		const {uid, secret} = fake.credentials;
		await expectToken(
			await fetch(`${fake.url}/oauth/token`, {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify({grant_type: 'client_credentials', client_id: uid, client_secret: secret})}),
		);
	});

	it('accepts HTTP Basic client authentication', async () => {
		const {uid, secret} = fake.credentials;
		const basic = Buffer.from(`${uid}:${secret}`).toString('base64');
		await expectToken(await fetch(`${fake.url}/oauth/token`, {method: 'POST', headers: {authorization: `Basic ${basic}`}, body: new URLSearchParams({grant_type: 'client_credentials'})}));
	});

	it('accepts parameters in the query string and on /v2/oauth/token', async () => {
		const {uid, secret} = fake.credentials;
		await expectToken(await fetch(`${fake.url}/v2/oauth/token?grant_type=client_credentials&client_id=${uid}&client_secret=${secret}`, {method: 'POST'}));
	});

	it('answers a wrong secret with 401 invalid_client, Doorkeeper body and WWW-Authenticate', async () => {
		const response = await fetch(`${fake.url}/oauth/token`, {method: 'POST', body: new URLSearchParams({grant_type: 'client_credentials', client_id: fake.credentials.uid, client_secret: 's-s4t2ud-wrong'})});
		expect(response.status).toBe(401);
		expect(response.headers.get('www-authenticate')).toBe(`Bearer realm="42 API", error="invalid_client", error_description="${INVALID_CLIENT}"`);
		expect(await response.json()).toEqual({error: 'invalid_client', error_description: INVALID_CLIENT});
	});

	it('rejects the old secret after rotation and an expired secret', async () => {
		const old = fake.credentials.secret;
		const fresh = fake.rotateSecret();
		expect(fresh).not.toBe(old);
		const post = async (secret: string): Promise<number> =>
			(await fetch(`${fake.url}/oauth/token`, {method: 'POST', body: new URLSearchParams({grant_type: 'client_credentials', client_id: fake.credentials.uid, client_secret: secret})})).status;
		expect(await post(old)).toBe(401);
		expect(await post(fresh)).toBe(200);
		fake.clock.set(fake.secretValidUntil());
		expect(await post(fresh)).toBe(401);
	});

	it('answers an unsupported or missing grant and a bad scope with 400', async () => {
		const {uid, secret} = fake.credentials;
		const post = async (params: Record<string, string>): Promise<{status: number; body: unknown}> => {
			const response = await fetch(`${fake.url}/oauth/token`, {method: 'POST', body: new URLSearchParams({client_id: uid, client_secret: secret, ...params})});
			return {status: response.status, body: await response.json()};
		};

		expect(await post({grant_type: 'password'})).toEqual({status: 400, body: {error: 'unsupported_grant_type', error_description: 'The authorization grant type is not supported by the authorization server.'}});
		expect((await post({})).status).toBe(400);
		expect(await post({grant_type: 'client_credentials', scope: 'public nonsense'})).toMatchObject({status: 400, body: {error: 'invalid_scope'}});
		expect(await post({grant_type: 'client_credentials', scope: 'public projects'})).toMatchObject({status: 200, body: {scope: 'public projects'}});
	});
});

describe('fake intra: bearer tokens on /v2', () => {
	let fake: FakeIntra;
	beforeEach(async () => {
		fake = await start({seed: 3});
	});
	afterEach(async () => fake.close());

	const header = (description: string): string => `Bearer realm="42 API", error="invalid_token", error_description="${description}"`;

	it('rejects a missing or garbage token as invalid, without rate-limit headers', async () => {
		for (const bearer of [undefined, 'garbage']) {
			const response = await get(fake, '/v2/campus/4077', bearer);
			expect(response.status).toBe(401);
			expect(response.headers.get('www-authenticate')).toBe(header('The access token is invalid'));
			expect(JSON.parse(response.text)).toEqual({error: 'Not authorized', message: 'The access token is invalid'});
			expect(response.headers.get('x-hourly-ratelimit-remaining')).toBeNull();
		}
	});

	it('accepts the token as a header or ?access_token=', async () => {
		const bearer = await token(fake);
		expect((await get(fake, '/v2/campus/4077', bearer)).status).toBe(200);
		expect((await get(fake, `/v2/campus/4077?access_token=${bearer}`)).status).toBe(200);
	});

	it('expires tokens by the controllable clock', async () => {
		const bearer = await token(fake);
		fake.clock.advance(7199 * 1000);
		expect((await get(fake, '/v2/campus/4077', bearer)).status).toBe(200);
		fake.clock.advance(1000);
		const response = await get(fake, '/v2/campus/4077', bearer);
		expect(response.status).toBe(401);
		expect(response.headers.get('www-authenticate')).toBe(header('The access token expired'));
		expect(JSON.parse(response.text)).toEqual({error: 'Not authorized', message: 'The access token expired'});
		// A new token works again.
		expect((await get(fake, '/v2/campus/4077', await token(fake))).status).toBe(200);
	});

	it('honours tokenTtlSeconds, revocation and keeps tokens valid across a secret rotation', async () => {
		await fake.close();
		fake = await start({seed: 3, tokenTtlSeconds: 60});
		const bearer = await token(fake);
		fake.rotateSecret();
		expect((await get(fake, '/v2/campus/4077', bearer)).status).toBe(200);
		fake.clock.advance(60_000);
		expect((await get(fake, '/v2/campus/4077', bearer)).status).toBe(401);
		const second = await token(fake);
		fake.tokens.revokeAll();
		expect((await get(fake, '/v2/campus/4077', second)).headers.get('www-authenticate')).toBe(header('The access token was revoked'));
	});

	it('introspects a token on /oauth/token/info', async () => {
		const bearer = await token(fake);
		fake.clock.advance(200_000);
		const response = await get(fake, '/oauth/token/info', bearer);
		expect(response.status).toBe(200);
		expect(JSON.parse(response.text)).toMatchObject({resource_owner_id: null, scopes: ['public'], expires_in_seconds: 7000, application: {uid: fake.credentials.uid}});
	});
});
