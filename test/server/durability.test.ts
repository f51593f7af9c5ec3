/**
 * Durability over real sockets: group commit under 64 concurrent clients, SIGKILL in the middle
 * of a burst (every acknowledged event is there after a restart, none twice), SIGTERM (accepted
 * requests finish, exit 0), and `serve` and `import` on one store at the same time.
 */
import {spawn} from 'node:child_process';
import {readdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {openStore} from '../../source/data/store.js';
import {SERVER_EVENT_ID_BASE} from '../../source/core/ids.js';
import {binPath} from '../helpers/run-cli.js';
import {call, spawnServer, startTestServer, tempDir} from './helpers.js';

/** Every stored event's metadata `n`, with how often it occurs. */
async function storedMarks(storePath: string): Promise<{marks: Map<number, number>; ids: Set<number>; size: number}> {
	const store = await openStore(storePath, {readOnly: true});
	const table = store.events();
	const marks = new Map<number, number>();
	const ids = new Set<number>();
	for (let i = 0; i < table.size; i++) {
		ids.add(table.id[i]!);
		const meta = table.meta[i]!;
		if (meta < 0) continue;
		const n = (JSON.parse(table.metadata[meta]!) as {n?: number}).n;
		if (n !== undefined) marks.set(n, (marks.get(n) ?? 0) + 1);
	}

	await store.close();
	return {marks, ids, size: table.size};
}

/** `clients` loops posting single events {n} until `stop()` or `perClient` each; records the 2xx. */
function burst(url: string, clients: number, perClient: number, offset = 0) {
	const acked = new Map<number, number>();
	let failures = 0;
	let stopped = false;
	const done = Promise.all(
		Array.from({length: clients}, async (_, c) => {
			for (let i = 0; i < perClient && !stopped; i++) {
				const n = offset + c * perClient + i;
				try {
					const response = await fetch(`${url}/events/`, {
						method: 'POST',
						headers: {'content-type': 'application/json'},
						body: JSON.stringify({user_id: `client${c}`, event_type: 'tick', metadata: {n}}),
					});
					const body = (await response.json()) as {id: number};
					if (response.status === 201) acked.set(n, body.id);
					else failures++;
				} catch {
					failures++;
					return;
				}
			}
		}),
	);
	return {acked, done, stop: () => (stopped = true), failures: () => failures};
}

describe('group commit', () => {
	it('64 concurrent clients share commits; every acknowledged event is stored once', async () => {
		const storePath = path.join(tempDir(), 'store');
		const server = await startTestServer(['--db', storePath, '--quiet']);
		const load = burst(server.url, 64, 20);
		await load.done;
		const requests = 64 * 20;
		expect(load.acked.size).toBe(requests);
		// Fewer journal writes than requests: a group took what arrived while the previous one was written.
		expect(server.log.journalWrites).toBeLessThan(requests / 2);
		expect(server.log.journalledEvents).toBe(requests);
		// The journalled events reach the segments in fewer commits still.
		await server.log.flush();
		expect(server.log.committedEvents).toBe(requests);
		expect(server.log.commits).toBeLessThanOrEqual(server.log.journalWrites);
		const ids = [...load.acked.values()];
		expect(new Set(ids).size).toBe(requests);
		for (const id of ids) expect(id).toBeGreaterThan(SERVER_EVENT_ID_BASE);
		await server.close();
		const {marks} = await storedMarks(storePath);
		expect(marks.size).toBe(requests);
		for (const count of marks.values()) expect(count).toBe(1);
	});
});

describe('signals (the built binary)', () => {
	it('SIGKILL during a burst: after a restart every acknowledged event is there, none twice, and new ids do not collide', async () => {
		const storePath = path.join(tempDir(), 'store');
		const first = await spawnServer(['--db', storePath]);
		const load = burst(first.url, 32, 100_000);
		while (load.acked.size < 300) await new Promise((resolve) => setTimeout(resolve, 20));
		first.child.kill('SIGKILL');
		expect(await first.exited).toBe('SIGKILL');
		load.stop();
		await load.done;
		const acked = new Map(load.acked);
		// The killed server's journal holds what it acknowledged but had not committed yet.
		expect(readdirSync(storePath).some((name) => name.startsWith('journal-'))).toBe(true);
		// The restart commits the journal before it listens.
		const second = await spawnServer(['--db', storePath]);
		const {marks, ids} = await storedMarks(storePath);
		for (const [n, id] of acked) {
			expect(marks.get(n), `event ${n}`).toBe(1);
			expect(ids.has(id)).toBe(true);
		}

		for (const count of marks.values()) expect(count).toBe(1);
		expect(readdirSync(storePath).filter((name) => name.startsWith('journal-') && !name.startsWith(`journal-${second.child.pid}-`))).toEqual([]);
		try {
			const total = (await call(`${second.url}/stats/total`)).json.total_events;
			expect(total).toBe(marks.size);
			const again = burst(second.url, 8, 10, 10_000_000);
			await again.done;
			for (const id of again.acked.values()) expect(ids.has(id)).toBe(false);
		} finally {
			second.child.kill('SIGTERM');
			expect(await second.exited).toBe(0);
		}
	});

	it('SIGTERM during a burst: accepted requests are committed and answered, exit 0', async () => {
		const storePath = path.join(tempDir(), 'store');
		const server = await spawnServer(['--db', storePath]);
		const load = burst(server.url, 32, 100_000);
		const start = Date.now();
		while (load.acked.size < 200 && Date.now() - start < 20_000) await new Promise((resolve) => setTimeout(resolve, 20));
		expect(load.acked.size, `failures ${load.failures()}; ${server.stderr()}`).toBeGreaterThanOrEqual(200);
		server.child.kill('SIGTERM');
		const code = await Promise.race([server.exited, new Promise((resolve) => setTimeout(() => resolve('timeout'), 20_000))]);
		expect(code, server.stderr()).toBe(0);
		load.stop();
		await load.done;
		expect(server.stderr()).toMatch(/SIGTERM: finishing accepted requests/);
		const {marks} = await storedMarks(storePath);
		for (const n of load.acked.keys()) expect(marks.get(n), `event ${n}`).toBe(1);
		for (const count of marks.values()) expect(count).toBe(1);
	});
});

describe('serve and import on one store at once', () => {
	it('both commit (each holds the lock only while committing) and the server sees the import within 1 s', async () => {
		const dir = tempDir();
		const storePath = path.join(dir, 'store');
		const file = path.join(dir, 'events.ndjson');
		const imported = 3000;
		writeFileSync(
			file,
			Array.from({length: imported}, (_, i) => JSON.stringify({id: i + 1, user_id: `imp${i % 50}`, event_type: 'imported', timestamp: new Date(Date.UTC(2026, 10, 1) + i * 1000).toISOString()})).join('\n'),
		);
		const server = await spawnServer(['--db', storePath]);
		try {
			const load = burst(server.url, 16, 40);
			const importer = spawn(process.execPath, [binPath, 'import', '--db', storePath, file], {stdio: ['ignore', 'pipe', 'pipe'], env: {PATH: process.env['PATH'] ?? '', TZ: 'UTC', NO_COLOR: '1', HOME: dir}});
			let importErr = '';
			importer.stderr.setEncoding('utf8').on('data', (chunk: string) => (importErr += chunk));
			const importCode = await new Promise<number | null>((resolve) => importer.on('exit', resolve));
			const importedAt = Date.now();
			expect(importCode, importErr).toBe(0);
			// While the burst may still be running: the import must show within 1 s.
			let seenAfter = Number.POSITIVE_INFINITY;
			while (Date.now() - importedAt < 3000) {
				const byType = (await call(`${server.url}/stats/by-event-type`)).json as Array<{event_type: string; count: number}>;
				if (byType.find((row) => row.event_type === 'imported')?.count === imported) {
					seenAfter = Date.now() - importedAt;
					break;
				}

				await new Promise((resolve) => setTimeout(resolve, 50));
			}

			expect(seenAfter).toBeLessThan(1000);
			await load.done;
			expect(load.acked.size).toBe(16 * 40);
			const seen = seenAfter < 1000;
			expect(seen).toBe(true);
			// Posting after the import still works and both sets are in the store.
			expect((await call(`${server.url}/events/`, {body: {user_id: 'late', event_type: 'tick', metadata: {n: -1}}})).status).toBe(201);
			const total = (await call(`${server.url}/stats/total`)).json.total_events;
			expect(total).toBe(imported + 16 * 40 + 1);
		} finally {
			server.child.kill('SIGTERM');
			expect(await server.exited).toBe(0);
		}

		const {marks, size} = await storedMarks(storePath);
		expect(size).toBe(imported + 16 * 40 + 1);
		for (const count of marks.values()) expect(count).toBe(1);
	});

	it('import of sessions and events while POSTs arrive: /stats/total and /summary show them within 1 s; every POST stored once; the store (another process) has the server\'s events', async () => {
		const dir = tempDir();
		const storePath = path.join(dir, 'store');
		const start = Date.now() - 2 * 86_400_000;
		const sessionsFile = path.join(dir, 'sessions.json');
		const eventsFile = path.join(dir, 'events.ndjson');
		const sessions = 400;
		const imported = 1500;
		writeFileSync(
			sessionsFile,
			JSON.stringify(
				Array.from({length: sessions}, (_, i) => ({
					id: i + 1,
					begin_at: new Date(start + i * 60_000).toISOString(),
					end_at: new Date(start + i * 60_000 + 30 * 60_000).toISOString(),
					host: `c1r${(i % 5) + 1}s${(i % 7) + 1}`,
					user: {id: 1000 + (i % 20), login: `user${i % 20}`},
				})),
			),
		);
		writeFileSync(eventsFile, Array.from({length: imported}, (_, i) => JSON.stringify({id: i + 1, user_id: `imp${i % 30}`, event_type: 'imported', timestamp: new Date(start + i * 1000).toISOString()})).join('\n'));
		const runImport = async (file: string) => {
			const importer = spawn(process.execPath, [binPath, 'import', '--db', storePath, file], {stdio: ['ignore', 'pipe', 'pipe'], env: {PATH: process.env['PATH'] ?? '', TZ: 'UTC', NO_COLOR: '1', HOME: dir}});
			let stderr = '';
			importer.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
			const code = await new Promise<number | null>((resolve) => importer.on('exit', resolve));
			expect(code, stderr).toBe(0);
			return Date.now();
		};

		/** Milliseconds until `check` holds (polling every 25 ms for up to 3 s); Infinity if never. */
		const within = async (since: number, check: () => Promise<boolean>) => {
			while (Date.now() - since < 3000) {
				if (await check()) return Date.now() - since;
				await new Promise((resolve) => setTimeout(resolve, 25));
			}

			return Number.POSITIVE_INFINITY;
		};

		const server = await spawnServer(['--db', storePath]);
		try {
			const load = burst(server.url, 8, 40);
			const sessionsAt = await runImport(sessionsFile);
			expect(
				await within(sessionsAt, async () => (await call(`${server.url}/summary?days=7`)).json.sessions.total === sessions),
			).toBeLessThan(1000);
			const eventsAt = await runImport(eventsFile);
			const seen = await within(eventsAt, async () => {
				const total = (await call(`${server.url}/stats/total`)).json.total_events as number;
				const summary = (await call(`${server.url}/summary?days=7`)).json;
				const byType = summary.events.byType as Array<{key: string; count: number}>;
				return total >= imported && byType.find((row) => row.key === 'imported')?.count === imported;
			});
			expect(seen).toBeLessThan(1000);
			await load.done;
			expect(load.failures()).toBe(0);
			expect(load.acked.size).toBe(8 * 40);
			expect((await call(`${server.url}/stats/total`)).json.total_events).toBe(imported + 8 * 40);
			// /summary counts up to the whole second it states as range.now: the last second's POSTs show in the next one.
			expect(await within(Date.now(), async () => (await call(`${server.url}/summary?days=7`)).json.events.total === imported + 8 * 40)).toBeLessThan(1500);

			// Another process reading the store sees the server's acknowledged events once its checkpoint ran.
			const doneAt = Date.now();
			expect(
				await within(doneAt, async () => {
					const {marks} = await storedMarks(storePath);
					return [...load.acked.keys()].every((n) => marks.get(n) === 1);
				}),
			).toBeLessThan(1000);
		} finally {
			server.child.kill('SIGTERM');
			expect(await server.exited).toBe(0);
		}

		const {marks, ids, size} = await storedMarks(storePath);
		expect(size).toBe(imported + 8 * 40);
		expect(ids.size).toBe(size);
		for (const count of marks.values()) expect(count).toBe(1);
		const store = await openStore(storePath, {readOnly: true});
		expect(store.sessions().size).toBe(sessions);
		await store.close();
	});
});
