import {mkdir, readFile, stat, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {PassThrough} from 'node:stream';
import {afterEach, describe, expect, it} from 'vitest';
import {runLoginCommand} from '../../source/commands/login.js';
import {runLogoutCommand} from '../../source/commands/logout.js';
import {runSyncCommand} from '../../source/commands/sync.js';
import type {CommandContext} from '../../source/commands/types.js';
import {CredentialStore, parseDotEnv, resolveCredentials} from '../../source/data/credentials.js';
import {openStore} from '../../source/data/store.js';
import {makeContext, startFake, tempDir} from './helpers.js';

const CAMPUS = 4077;
const WRONG_SECRET = 's-s4t2ud-0000000000000000000000000000000000000000000000000000000000badbad';
let cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
	for (const cleanup of cleanups.reverse()) await cleanup();
	cleanups = [];
});

async function setup(options: Parameters<typeof startFake>[0] = {}) {
	const fake = await startFake(options);
	const {dir, cleanup} = await tempDir();
	cleanups.push(cleanup, async () => fake.close());
	return {fake, dir, storePath: path.join(dir, 'store'), env: {HOME: dir, XDG_CONFIG_HOME: path.join(dir, 'config')}};
}

describe('wrong or rotated secret', () => {
	it('sync exits 1 with the rotation message and never prints the secret (env)', async () => {
		const {fake, dir, storePath, env} = await setup();
		const run = makeContext(['--campus', String(CAMPUS), '--api-url', fake.url, '--db', storePath], {
			env: {...env, BIGSTAT42_UID: fake.credentials.uid, BIGSTAT42_SECRET: WRONG_SECRET},
			cwd: dir,
			clock: () => fake.clock.now(),
		});
		expect(await runSyncCommand(run.context, {openStore: async (p) => openStore(p)})).toBe(1);
		expect(run.err()).toContain('the secret is wrong or was rotated (42 rotates secrets): create a new secret on the intra application page and run `bigstat42 login`');
		expect(run.err() + run.out()).not.toContain(WRONG_SECRET);
		expect(run.err() + run.out()).not.toContain(WRONG_SECRET.slice(9, 40));
		// The token endpoint said no: no /v2 request was made.
		expect(fake.counters().v2).toBe(0);
	});

	it('--secret on the command line warns about the process list and is never echoed', async () => {
		const {fake, dir, storePath, env} = await setup();
		const run = makeContext(['--campus', String(CAMPUS), '--api-url', fake.url, '--db', storePath, '--uid', fake.credentials.uid, '--secret', WRONG_SECRET], {env, cwd: dir, clock: () => fake.clock.now()});
		expect(await runSyncCommand(run.context, {openStore: async (p) => openStore(p)})).toBe(1);
		expect(run.err()).toContain('--secret is visible to other users in the process list');
		expect(run.err() + run.out()).not.toContain(WRONG_SECRET);
	});

	it('a secret rotated between two syncs fails the second with the message', async () => {
		const {fake, dir, storePath, env} = await setup();
		const creds = {...env, BIGSTAT42_UID: fake.credentials.uid, BIGSTAT42_SECRET: fake.credentials.secret};
		const first = makeContext(['--campus', String(CAMPUS), '--api-url', fake.url, '--db', storePath], {env: creds, cwd: dir, clock: () => fake.clock.now()});
		expect(await runSyncCommand(first.context, {openStore: async (p) => openStore(p)})).toBe(0);
		const oldSecret = fake.credentials.secret;
		fake.rotateSecret();
		const second = makeContext(['--api-url', fake.url, '--db', storePath], {env: creds, cwd: dir, clock: () => fake.clock.now()});
		expect(await runSyncCommand(second.context, {openStore: async (p) => openStore(p)})).toBe(1);
		expect(second.err()).toContain('was rotated');
		expect(second.err()).not.toContain(oldSecret);
	});

	it('warns when the secret expires within 7 days', async () => {
		const {fake, dir, storePath, env} = await setup({secretValidUntil: Date.parse('2025-03-17T09:00:00Z')});
		const run = makeContext(['--campus', String(CAMPUS), '--api-url', fake.url, '--db', storePath], {
			env: {...env, BIGSTAT42_UID: fake.credentials.uid, BIGSTAT42_SECRET: fake.credentials.secret},
			cwd: dir,
			clock: () => fake.clock.now(),
		});
		expect(await runSyncCommand(run.context, {openStore: async (p) => openStore(p)})).toBe(0);
		expect(run.err()).toContain('warning: the 42 API secret expires on 2025-03-17 09:00 UTC (in 2 days)');
	});

	it('without any credentials sync says how to provide them (exit 1)', async () => {
		const {fake, dir, storePath, env} = await setup();
		const run = makeContext(['--campus', String(CAMPUS), '--api-url', fake.url, '--db', storePath], {env, cwd: dir});
		expect(await runSyncCommand(run.context, {openStore: async (p) => openStore(p)})).toBe(1);
		expect(run.err()).toMatch(/run `bigstat42 login`, or set BIGSTAT42_UID and BIGSTAT42_SECRET/);
	});
});

describe('login / logout', () => {
	it('reads uid and secret from stdin lines without a TTY, checks them, stores them 0600', async () => {
		const {fake, dir, env} = await setup();
		const run = makeContext(['--api-url', fake.url], {env, cwd: dir, stdin: `${fake.credentials.uid}\n${fake.credentials.secret}\n`, clock: () => fake.clock.now()});
		expect(await runLoginCommand(run.context)).toBe(0);
		expect(run.err()).toMatch(/checked \(token ok\); the secret is valid until 2025-04-11; stored in .*credentials\.json \(mode 600\)/);
		expect(run.err() + run.out()).not.toContain(fake.credentials.secret);
		const file = path.join(dir, 'config', 'bigstat42', 'credentials.json');
		expect((await stat(file)).mode & 0o777).toBe(0o600);
		expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({uid: fake.credentials.uid, secret: fake.credentials.secret});
		expect(new CredentialStore(env).read()).toEqual(fake.credentials);
		// Then sync works with the stored credentials only.
		const sync = makeContext(['--campus', String(CAMPUS), '--api-url', fake.url, '--db', path.join(dir, 'store')], {env, cwd: dir, clock: () => fake.clock.now()});
		expect(await runSyncCommand(sync.context, {openStore: async (p) => openStore(p)})).toBe(0);
		// Logout removes them.
		const out = makeContext([], {env, cwd: dir});
		expect(await runLogoutCommand(out.context)).toBe(0);
		expect(out.err()).toContain('Removed the stored credentials');
		expect(new CredentialStore(env).read()).toBeUndefined();
		const again = makeContext([], {env, cwd: dir});
		expect(await runLogoutCommand(again.context)).toBe(0);
		expect(again.err()).toContain('No stored credentials');
	});

	it('a wrong secret is refused at login and nothing is stored', async () => {
		const {fake, dir, env} = await setup();
		const run = makeContext(['--api-url', fake.url], {env, cwd: dir, stdin: `${fake.credentials.uid}\n${WRONG_SECRET}\n`, clock: () => fake.clock.now()});
		expect(await runLoginCommand(run.context)).toBe(1);
		expect(run.err()).toContain('was rotated');
		expect(run.err()).toContain('nothing stored');
		expect(run.err()).not.toContain(WRONG_SECRET);
		expect(new CredentialStore(env).read()).toBeUndefined();
	});

	it('prompts on a TTY with the secret masked', async () => {
		const {fake, dir, env} = await setup();
		const stdin = Object.assign(new PassThrough(), {isTTY: true, rawModes: [] as boolean[], setRawMode(mode: boolean) {
			stdin.rawModes.push(mode);
			return stdin;
		}});
		const run = makeContext(['--api-url', fake.url], {env, cwd: dir, stdinIsTTY: true, clock: () => fake.clock.now()});
		const context: CommandContext = {...run.context, stdin};
		const done = runLoginCommand(context);
		// Type the uid, then (once its prompt is shown) the secret with a typo fixed by Backspace.
		// Waiting for each prompt, not for a fixed delay, keeps the two answers in separate chunks.
		const waitFor = async (text: string) => {
			for (let tries = 0; !run.err().includes(text) && tries < 500; tries++) await new Promise((resolve) => setTimeout(resolve, 10));
		};

		await waitFor('uid:');
		stdin.write(`${fake.credentials.uid}\r`);
		await waitFor('secret:');
		stdin.write(`${fake.credentials.secret}X\u007F\r`);
		expect(await done).toBe(0);
		const err = run.err();
		expect(err).toContain(`42 application uid: ${fake.credentials.uid}`);
		expect(err).toContain(`42 application secret: ${'*'.repeat(fake.credentials.secret.length + 1)}\b \b`);
		expect(err).not.toContain(fake.credentials.secret);
		expect(stdin.rawModes).toEqual([true, false, true, false]);
		expect(new CredentialStore(env).read()).toEqual(fake.credentials);
	});

	it('without a TTY and with nothing on stdin it is a usage error naming the env variables', async () => {
		const {dir, env} = await setup();
		const run = makeContext([], {env, cwd: dir, stdin: ''});
		await expect(runLoginCommand(run.context)).rejects.toThrow(/needs a terminal.*BIGSTAT42_UID\/BIGSTAT42_SECRET/);
	});

	it('stores unchecked (with a note) when the API cannot be reached', async () => {
		const {dir, env} = await setup();
		const run = makeContext(['--api-url', 'http://127.0.0.1:9', '--uid', 'u-abc', '--secret', 's-abcdefgh'], {env, cwd: dir});
		expect(await runLoginCommand(run.context, {client: {maxAttempts: 1}})).toBe(0);
		expect(run.err()).toContain('could not check the credentials (POST /oauth/token failed after 1 attempt: ECONNREFUSED)');
		expect(run.err()).toContain('not checked (API unreachable)');
		expect(run.err()).not.toContain('s-abcdefgh');
	});
});

describe('credential sources', () => {
	it('parses .env: quotes, comments, export, escapes', () => {
		expect(
			parseDotEnv(
				[
					'# comment',
					'API_UID=u-s4t2ud-abc # trailing comment',
					'export API_SECRET="s-s4t2ud-x#y\\"z"',
					"SINGLE='a b # c'",
					'EMPTY=',
					'not a line',
					'  SPACED = value  ',
				].join('\n'),
			),
		).toEqual({API_UID: 'u-s4t2ud-abc', API_SECRET: 's-s4t2ud-x#y"z', SINGLE: 'a b # c', EMPTY: '', SPACED: 'value'});
	});

	it('precedence per field: flags > env > .env > stored', async () => {
		const {dir} = await tempDir();
		const {dir: configHome, cleanup} = await tempDir();
		cleanups.push(cleanup, async () => (await import('node:fs/promises')).rm(dir, {recursive: true, force: true}));
		const env = {HOME: dir, XDG_CONFIG_HOME: configHome};
		const stored = new CredentialStore(env);
		stored.write({uid: 'stored-uid', secret: 'stored-secret'});
		expect(resolveCredentials({flags: {}, env, cwd: dir})).toMatchObject({uid: 'stored-uid', secret: 'stored-secret', secretSource: 'stored'});
		await writeFile(path.join(dir, '.env'), 'API_UID=dotenv-uid\nAPI_SECRET="dotenv-secret"\n');
		expect(resolveCredentials({flags: {}, env, cwd: dir})).toMatchObject({uid: 'dotenv-uid', secret: 'dotenv-secret', uidSource: 'dotenv'});
		expect(resolveCredentials({flags: {}, env: {...env, BIGSTAT42_SECRET: 'env-secret'}, cwd: dir})).toMatchObject({uid: 'dotenv-uid', secret: 'env-secret', secretSource: 'env'});
		expect(resolveCredentials({flags: {uid: 'flag-uid'}, env: {...env, BIGSTAT42_UID: 'env-uid'}, cwd: dir})).toMatchObject({uid: 'flag-uid', uidSource: 'flag'});
		await stored.clear();
		await mkdir(path.join(dir, 'empty'));
		expect(resolveCredentials({flags: {}, env, cwd: path.join(dir, 'empty')})).toBeUndefined();
	});
});
