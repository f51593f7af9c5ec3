import {spawn} from 'node:child_process';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterEach, expect, it} from 'vitest';
import {runSyncCommand} from '../../source/commands/sync.js';
import {openStore} from '../../source/data/store.js';
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
