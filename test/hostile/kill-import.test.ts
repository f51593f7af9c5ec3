/**
 * Issue 13, campaign "SIGKILL at random points of import": a 42-API file of 6,000 sessions is
 * imported in batches of 300 by a child process that is SIGKILLed after a random number of commits
 * plus a random delay (so mostly in the middle of the next batch or commit). After each kill the
 * store opens, holds whole batches only (exactly the first 300 × m records), and importing the
 * same file again gives exactly the store of a clean import.
 */
import {spawn} from 'node:child_process';
import {mkdtemp, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {PassThrough, Readable} from 'node:stream';
import {fileURLToPath} from 'node:url';
import {beforeAll, describe, expect, it} from 'vitest';
import {runImport} from '../../source/commands/import.js';
import type {CommandContext} from '../../source/commands/types.js';
import {openStore} from '../../source/data/store.js';
import {seededRandom, sessionRows} from '../helpers/store-fixtures.js';

const childScript = fileURLToPath(new URL('import-child.ts', import.meta.url));
const RECORDS = 6000;
const BATCH = 300;
const TRIALS = 20;

function locations(): string {
	const rows: string[] = [];
	for (let i = 1; i <= RECORDS; i++) {
		const begin = Date.UTC(2026, 0, 1) + i * 977_000;
		rows.push(
			JSON.stringify({
				id: i,
				begin_at: new Date(begin).toISOString(),
				end_at: i % 9 === 0 ? null : new Date(begin + 3_600_000 + (i % 7) * 60_000).toISOString(),
				host: `c${i % 4}r${i % 13}s${i % 7}`,
				campus_id: 1,
				user: {id: 1000 + (i % 97), login: `user${i % 97}`},
			}),
		);
	}

	return `[\n${rows.join(',\n')}\n]\n`;
}

function quietContext(argv: string[]): CommandContext {
	return {argv, env: {HOME: '/nonexistent-home'}, stdin: Readable.from([]), stdout: new PassThrough().resume(), stderr: new PassThrough().resume(), stdinIsTTY: false, stdoutIsTTY: false, stderrIsTTY: false, clock: () => Date.now(), cwd: '/'};
}

async function importInProcess(file: string, storePath: string): Promise<number> {
	return runImport(quietContext(["--db", storePath, "--quiet", file]), {openStore: async (p) => openStore(p)});
}

async function rowsOf(storePath: string) {
	const store = await openStore(storePath, {readOnly: true});
	try {
		return sessionRows(store.sessions());
	} finally {
		await store.close();
	}
}

/** Runs the child until it has printed `after` commits, waits `delayMs`, then SIGKILLs it. */
async function killDuringImport(file: string, storePath: string, after: number, delayMs: number): Promise<{killed: boolean; seen: number}> {
	const child = spawn(process.execPath, ['--import', 'tsx', childScript, file, storePath, String(BATCH)], {stdio: ['ignore', 'pipe', 'pipe']});
	let seen = 0;
	let stderr = '';
	child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
	const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
	await new Promise<void>((resolve) => {
		child.stdout.on('data', (chunk: Buffer) => {
			seen += chunk.toString().split('\n').filter((line) => line.startsWith('committed')).length;
			if (seen >= after) resolve();
		});
		void exited.then(() => resolve());
	});
	if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
	const killed = child.kill('SIGKILL');
	const code = await exited;
	if (code !== null && code !== 0) throw new Error(`import child failed (${code}): ${stderr}`);
	return {killed: code === null && killed, seen};
}

describe('campaign: SIGKILL during import', () => {
	let file = '';
	let reference: Awaited<ReturnType<typeof rowsOf>> = [];
	let dir = '';
	beforeAll(async () => {
		dir = await mkdtemp(path.join(os.tmpdir(), 'bigstat42-kill-import-'));
		file = path.join(dir, 'locations.json');
		await writeFile(file, locations());
		const clean = path.join(dir, 'clean');
		expect(await importInProcess(file, clean)).toBe(0);
		reference = await rowsOf(clean);
		expect(reference).toHaveLength(RECORDS);
	});

	it(`${TRIALS} kills at random points: whole batches only, and a re-run equals a clean import`, async () => {
		const random = seededRandom(1313);
		let killedMidway = 0;
		let passed = 0;
		for (let trial = 0; trial < TRIALS; trial++) {
			const storePath = path.join(dir, `store-${trial}`);
			const after = 1 + Math.floor(random() * (RECORDS / BATCH - 2));
			const {killed} = await killDuringImport(file, storePath, after, Math.floor(random() * 12));
			const label = `trial ${trial}: killed after ${after} commits`;
			const kept = await rowsOf(storePath);
			// Whole batches only: the first 300 × m records of the file, nothing torn, nothing else.
			expect(kept.length % BATCH, label).toBe(0);
			expect(kept.length, label).toBeGreaterThanOrEqual(after * BATCH);
			expect(kept, label).toEqual(reference.slice(0, kept.length));
			if (killed && kept.length < RECORDS) killedMidway++;
			// Importing again finishes the job: the store equals the clean import.
			expect(await importInProcess(file, storePath), label).toBe(0);
			expect(await rowsOf(storePath), label).toEqual(reference);
			passed++;
		}

		// The kills landed mid-import (not after the child had finished) in most trials.
		expect(killedMidway).toBeGreaterThanOrEqual(TRIALS - 3);
		console.log(`campaign kill/import: ${TRIALS} trials, ${passed} passed, ${TRIALS - passed} failed (${killedMidway} killed mid-import)`);
		// 20 child processes and 40 imports: minutes on a loaded 2-core machine, seconds on a quiet one.
	}, 240_000);
});
