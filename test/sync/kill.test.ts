import {spawn} from 'node:child_process';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterEach, expect, it} from 'vitest';
import {runSyncCommand} from '../../source/commands/sync.js';
import type {Fault} from '../../source/fake-intra/index.js';
import {openStore} from '../../source/data/store.js';
import {seededRandom} from '../helpers/store-fixtures.js';
import {makeContext, startFake, storedSessions, tempDir, truthSessions, v2Requests} from './helpers.js';

const CAMPUS = 4077;
const childScript = fileURLToPath(new URL('sync-child.ts', import.meta.url));
let cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
	for (const cleanup of cleanups.reverse()) await cleanup();
	cleanups = [];
});

it('a sync killed with SIGKILL mid-way resumes to the same result with no duplicates', async () => {
	// 8/s so that the child is still busy when it is killed after a few pages.
	const fake = await startFake({locations: 1500, rateLimit: {perSecond: 8}});
	const {dir, cleanup} = await tempDir();
	cleanups.push(cleanup, async () => fake.close());
	const storePath = path.join(dir, 'store');
	const env = {...process.env, HOME: dir, XDG_CONFIG_HOME: path.join(dir, 'config'), BIGSTAT42_UID: fake.credentials.uid, BIGSTAT42_SECRET: fake.credentials.secret, SYNC_NOW: String(fake.clock.now())};
	const child = spawn(process.execPath, ['--import', 'tsx', childScript, fake.url, storePath, String(CAMPUS)], {env, stdio: ['ignore', 'pipe', 'pipe']});
	let stderr = '';
	child.stderr.on('data', (chunk: Buffer) => {
		stderr += chunk.toString();
	});
	const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
	const pagesDone = (): number => v2Requests(fake).filter((r) => r.query['range[end_at]'] !== undefined && r.status === 200).length;
	// Wait (polling, no timing assertion) until a few pages are served, then kill without warning.
	for (let i = 0; i < 600 && pagesDone() < 5; i++) await new Promise((resolve) => setTimeout(resolve, 25));
	expect(pagesDone(), stderr).toBeGreaterThanOrEqual(5);
	child.kill('SIGKILL');
	expect(await exited).toBeNull();
	const beforeResume = await storedSessions(storePath);
	expect(beforeResume.length).toBeGreaterThanOrEqual(300);
	expect(beforeResume.length).toBeLessThan(truthSessions(fake, CAMPUS).length);

	fake.clearRequests();
	const resume = makeContext(['--api-url', fake.url, '--db', storePath], {env, clock: () => fake.clock.now()});
	const code = await runSyncCommand(resume.context, {openStore: async (p) => openStore(p)});
	expect(code, resume.err()).toBe(0);
	expect(resume.out()).toContain('resumed');
	// The resumed run starts at the page after the last one committed, not at page 1.
	const firstPage = Number(v2Requests(fake).find((r) => r.query['range[end_at]'] !== undefined)?.query['page[number]']);
	expect(firstPage).toBeGreaterThanOrEqual(Math.floor(beforeResume.length / 100));
	const stored = await storedSessions(storePath);
	expect(new Set(stored.map((s) => s.id)).size).toBe(stored.length);
	expect(stored).toEqual(truthSessions(fake, CAMPUS, Date.parse('2025-02-12T23:00:00Z')));
});

/**
 * Issue 13, campaign "SIGKILL at random points of sync": 20 SIGKILLs against one fake, in 5 groups
 * of 4 on a fresh store each: the child is killed after a random number of pages plus a random
 * delay (inside a request, a commit or between them), the next child of the group resumes from what
 * the last one committed and is killed in turn, and an API fault is injected in every group. After
 * every kill the store opens and holds only true sessions, no duplicates; after each group a resumed
 * sync gives exactly the fake's truth.
 */
it('campaign: 20 SIGKILLs at random points of sync, with injected API faults, each group resumed to the truth', {timeout: 240_000}, async () => {
	const GROUPS = Number(process.env['KILL_GROUPS'] ?? 5);
	const KILLS = 4;
	const fake = await startFake({locations: 900, rateLimit: {perSecond: 20}});
	const {dir, cleanup} = await tempDir();
	cleanups.push(cleanup, async () => fake.close());
	const truth = truthSessions(fake, CAMPUS, Date.parse('2025-02-12T23:00:00Z'));
	const truthById = new Map(truth.map((session) => [session.id, session]));
	const env = {...process.env, HOME: dir, XDG_CONFIG_HOME: path.join(dir, 'config'), BIGSTAT42_UID: fake.credentials.uid, BIGSTAT42_SECRET: fake.credentials.secret, SYNC_NOW: String(fake.clock.now())};
	const random = seededRandom(4242);
	const faults: Fault[] = [{kind: 'status', status: 500}, {kind: 'reset'}, {kind: '429', retryAfter: 1}, {kind: 'truncate', fraction: 0.4}, {kind: 'bad-json'}];
	let trials = 0;
	let passed = 0;
	let killedMidway = 0;
	for (let group = 0; group < GROUPS; group++) {
		const storePath = path.join(dir, `store-${group}`);
		const faultAt = Math.floor(random() * KILLS);
		for (let kill = 0; kill < KILLS; kill++) {
			trials++;
			fake.clearRequests();
			fake.faults.clear();
			const pages = 1 + Math.floor(random() * 3);
			if (kill === faultAt) {
				const fault = faults[(group + kill) % faults.length] as Fault;
				fake.faults.inject({on: 'predicate', test: (r) => r.path.endsWith('/locations')}, fault, {times: 1, skip: pages - 1});
			}

			const child = spawn(process.execPath, ['--import', 'tsx', childScript, fake.url, storePath, String(CAMPUS)], {env, stdio: ['ignore', 'ignore', 'pipe']});
			let stderr = '';
			child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
			const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
			let done = false;
			void exited.then(() => (done = true));
			const served = (): number => v2Requests(fake).filter((r) => r.status === 200).length;
			for (let i = 0; i < 4000 && !done && served() < pages; i++) await new Promise((resolve) => setTimeout(resolve, 5));
			await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 40)));
			child.kill('SIGKILL');
			const code = await exited;
			const label = `group ${group}, kill ${kill}: after ${pages} pages (${stderr.slice(-300)})`;
			expect(code === null || code === 0, label).toBe(true);
			const kept = await storedSessions(storePath).catch(() => []);
			expect(new Set(kept.map((s) => s.id)).size, label).toBe(kept.length);
			for (const session of kept) expect(session, label).toEqual(truthById.get(session.id));
			if (code === null && kept.length < truth.length) killedMidway++;
			passed++;
		}

		fake.faults.clear();
		const resume = makeContext(['--api-url', fake.url, '--db', storePath, '--campus', String(CAMPUS)], {env, clock: () => fake.clock.now()});
		expect(await runSyncCommand(resume.context, {openStore: async (p) => openStore(p)}), resume.err()).toBe(0);
		expect(await storedSessions(storePath), `group ${group}`).toEqual(truth);
	}

	expect(killedMidway).toBeGreaterThanOrEqual(trials - 6);
	console.log(`campaign kill/sync: ${trials} trials, ${passed} passed, ${trials - passed} failed (${killedMidway} killed mid-sync, ${GROUPS} resumes compared with the truth)`);
});
