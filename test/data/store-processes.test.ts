import {spawn, type ChildProcess} from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, test} from 'vitest';
import {openStore, StoreError} from '../../source/data/store.js';
import {stateAfter} from '../helpers/store-crash-batches.js';
import {eventRows, expectedEvents, expectedSessions, messySessions, seededRandom, sessionRows, tempStorePath, assertSessionInvariants} from '../helpers/store-fixtures.js';

const childScript = fileURLToPath(new URL('../helpers/store-child.ts', import.meta.url));

type Child = {process: ChildProcess; lines: string[]; exited: Promise<number | null>; waitFor(line: (text: string) => boolean): Promise<void>};

function startChild(...args: string[]): Child {
	const child = spawn(process.execPath, ['--import', 'tsx', childScript, ...args], {stdio: ['ignore', 'pipe', 'pipe']});
	const lines: string[] = [];
	const waiters: Array<() => void> = [];
	let stderr = '';
	child.stderr!.on('data', (chunk: Buffer) => {
		stderr += chunk.toString();
	});
	child.stdout!.on('data', (chunk: Buffer) => {
		lines.push(...chunk.toString().split('\n').filter(Boolean));
		for (const waiter of waiters.splice(0)) waiter();
	});
	const exited = new Promise<number | null>((resolve) => {
		child.on('exit', (code) => {
			for (const waiter of waiters.splice(0)) waiter();
			resolve(code);
		});
	});
	return {
		process: child,
		lines,
		exited,
		async waitFor(predicate) {
			while (!lines.some(predicate)) {
				if (child.exitCode !== null || child.signalCode !== null) throw new Error(`child exited early: ${stderr}`);
				await new Promise<void>((resolve) => waiters.push(resolve));
			}
		},
	};
}

describe('several processes', () => {
	test('two processes committing concurrently both land', async () => {
		const storePath = await tempStorePath();
		const first = startChild('writer', storePath, '1', '12');
		const second = startChild('writer', storePath, '2', '12');
		expect(await first.exited).toBe(0);
		expect(await second.exited).toBe(0);
		const store = await openStore(storePath, {readOnly: true});
		const table = store.sessions();
		expect(table.size).toBe(2 * 12 * 10);
		assertSessionInvariants(table);
		expect(store.syncState()).toEqual({writer1: 12, writer2: 12});
		expect(store.generation).toBe(24);
	});

	test('a writer waits for a live lock, then fails naming the holder; the lock of a killed process is broken', async () => {
		const storePath = await tempStorePath();
		const store = await openStore(storePath, {lockTimeoutMs: 400});
		await store.commit({sessions: messySessions.slice(0, 2)});
		const holder = startChild('hold-lock', storePath);
		await holder.waitFor((line) => line === 'locked');
		const error = await store.commit({sessions: messySessions.slice(2, 4)}).catch((error_: unknown) => error_);
		expect(error).toBeInstanceOf(StoreError);
		expect((error as Error).message).toMatch(
			new RegExp(`store .* is locked by process ${holder.process.pid} \\(started \\d{4}-.*\\); another bigstat42 import or sync is running`),
		);
		holder.process.kill('SIGKILL');
		await holder.exited;
		// The lock file is still there, but its process is dead: the next commit breaks it.
		await fs.access(path.join(storePath, 'store.lock'));
		await store.commit({sessions: messySessions.slice(2, 4)});
		expect(sessionRows(store.sessions())).toEqual(expectedSessions(messySessions.slice(0, 4)));
		await expect(fs.access(path.join(storePath, 'store.lock'))).rejects.toMatchObject({code: 'ENOENT'});
	});

	test('a stale lock file of a dead process is broken without waiting for the timeout', async () => {
		const storePath = await tempStorePath();
		await fs.mkdir(storePath);
		const dead = spawn(process.execPath, ['-e', '']);
		await new Promise((resolve) => dead.on('exit', resolve));
		const lock = {pid: dead.pid, hostname: os.hostname(), started: '2024-01-01T00:00:00.000Z', token: 'stale'};
		await fs.writeFile(path.join(storePath, 'store.lock'), JSON.stringify(lock));
		const store = await openStore(storePath, {lockTimeoutMs: 60_000});
		await store.commit({sessions: messySessions});
		expect(store.sessions().size).toBe(messySessions.length);
	});

	test('crash safety: SIGKILL at random moments never tears the store', async () => {
		const storePath = await tempStorePath();
		const random = seededRandom(2024);
		let lastSeen = 0;
		for (let round = 0; round < 6; round++) {
			const child = startChild('loop', storePath);
			// Let it get going, then kill it at a random moment (mid-commit most of the time).
			await child.waitFor((line) => line.startsWith('committed'));
			await new Promise((resolve) => setTimeout(resolve, 20 + random() * 300));
			child.process.kill('SIGKILL');
			await child.exited;

			const store = await openStore(storePath, {readOnly: true});
			const commits = Number(store.syncState()['commits']);
			expect(commits).toBeGreaterThanOrEqual(lastSeen + 1);
			const expected = stateAfter(commits);
			expect(sessionRows(store.sessions())).toEqual(expectedSessions(expected.sessions));
			expect(eventRows(store.events())).toEqual(expectedEvents(expected.events));
			lastSeen = commits;
		}

		// Enough commits for compactions to have happened under the kills.
		expect(lastSeen).toBeGreaterThan(16);
	});
});
