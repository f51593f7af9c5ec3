/**
 * Sync benchmark (`npm run bench:sync`): the fake 42 API at its real limits (2 requests/s,
 * 1200/h, enforced), enough sessions for ~40 pages, a full sync into a real store in a temp
 * directory, then a few changes and an incremental sync.
 *
 * Reports the request rate achieved vs the allowed one (target ≥ 95 %), 429s (target 0), whether
 * the store equals the fake's truth, and what the incremental sync costs in requests.
 */
import {mkdtemp, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {sessionAt, type SessionRecord} from '../core/model.js';
import {startFakeIntra, type FakeIntra} from '../fake-intra/index.js';
import {IntraClient} from '../data/intra/client.js';
import {openStore} from '../data/store.js';
import {runSync, type SyncResult} from '../data/sync/run.js';

const CAMPUS = 4077;
const PER_SECOND = 2;

function truth(fake: FakeIntra, from: number): SessionRecord[] {
	return fake.data.locations
		.filter((row) => row.campusId === CAMPUS && (row.end === null || row.end >= from))
		.map((row) => ({id: row.id, userId: row.userId, login: fake.data.user(row.userId)?.login ?? null, host: row.host, begin: row.begin, end: row.end, campusId: row.campusId}))
		.sort((a, b) => a.id - b.id);
}

async function stored(storePath: string): Promise<SessionRecord[]> {
	const store = await openStore(storePath, {readOnly: true});
	const table = store.sessions();
	const rows = Array.from({length: table.size}, (_, i) => sessionAt(table, i)).sort((a, b) => a.id - b.id);
	await store.close();
	return rows;
}

async function syncOnce(fake: FakeIntra, storePath: string): Promise<{result: SyncResult; wallMs: number; client: IntraClient}> {
	const client = new IntraClient({baseUrl: fake.url, credentials: fake.credentials, now: () => fake.clock.now()});
	const store = await openStore(storePath);
	const started = performance.now();
	try {
		const result = await runSync({campusId: CAMPUS}, {store, client, now: () => fake.clock.now()});
		return {result, wallMs: performance.now() - started, client};
	} finally {
		await store.close();
	}
}

/** Rate between the first and the last /v2 arrival (requests per second). */
function arrivalRate(times: readonly number[]): number {
	if (times.length < 2) return Number.NaN;
	return (times.length - 1) / (((times.at(-1) ?? 0) - (times[0] ?? 0)) / 1000);
}

const dir = await mkdtemp(path.join(os.tmpdir(), 'bigstat42-bench-sync-'));
const storePath = path.join(dir, 'store');
// Arrival times in real ms, recorded by the per-second bucket's clock (called once per /v2 request).
const arrivals: number[] = [];
const fake = await startFakeIntra({
	seed: 11,
	locations: 4000,
	users: 400,
	hosts: 300,
	rateLimit: {perSecond: PER_SECOND, perHour: 1200},
	wallClock: () => {
		const now = performance.now();
		arrivals.push(now);
		return now;
	},
});
try {
	process.stdout.write(`fake 42 API at ${fake.url}: ${fake.data.locations.filter((row) => row.campusId === CAMPUS).length} sessions on campus ${CAMPUS}, limits ${PER_SECOND}/s, 1200/h (enforced)\n`);
	const full = await syncOnce(fake, storePath);
	const fullRate = arrivalRate(arrivals);
	const counters = fake.counters();
	const fullOk = JSON.stringify(await stored(storePath)) === JSON.stringify(truth(fake, full.result.from));
	process.stdout.write(
		[
			'full sync',
			`  pages stored          ${full.result.pages}`,
			`  sessions              ${full.result.sessions.inserted} inserted`,
			`  requests              ${full.result.requests} (${counters.v2} /v2 + ${counters.token} token)`,
			`  429s                  ${counters.rateLimited}`,
			`  wall time             ${(full.wallMs / 1000).toFixed(1)} s`,
			`  /v2 rate achieved     ${fullRate.toFixed(3)} req/s between first and last request = ${((fullRate / PER_SECOND) * 100).toFixed(1)} % of ${PER_SECOND}/s`,
			`  overall               ${(counters.v2 / (full.wallMs / 1000)).toFixed(3)} req/s including token fetch and the last commit`,
			`  store equals truth    ${fullOk}`,
			'',
		].join('\n'),
	);

	// A few changes: two sessions close, three start, one short one comes and goes.
	const open = fake.data.locations.filter((row) => row.campusId === CAMPUS && row.end === null);
	fake.clock.advance(15 * 60_000);
	for (const row of open.slice(0, 2)) fake.data.closeSession(row.id);
	const freeHosts = ['bench-a', 'bench-b', 'bench-c'];
	const logins = fake.data.users.filter((user) => user.campusId === CAMPUS).slice(0, 4);
	freeHosts.forEach((host, i) => fake.data.addSession({user: logins[i]!.id, host, begin: fake.clock.now() - 60_000 * (i + 1)}));
	fake.data.addSession({user: logins[3]!.id, host: 'bench-d', begin: fake.clock.now() - 10 * 60_000, end: fake.clock.now() - 60_000});
	fake.clearRequests();
	const incremental = await syncOnce(fake, storePath);
	const incrementalOk = JSON.stringify(await stored(storePath)) === JSON.stringify(truth(fake, full.result.from));
	const paths = fake.requests.map((request) => {
		const filter = Object.keys(request.query).find((key) => key.startsWith('range') || key.startsWith('filter'));
		return filter ? `${filter} p${request.query['page[number]'] ?? 1}` : request.path;
	});
	process.stdout.write(
		[
			'incremental sync (2 closed, 3 opened, 1 short session; default 6 h look-back)',
			`  requests              ${incremental.result.requests}: ${paths.join(', ')}`,
			`  sessions              ${incremental.result.sessions.inserted} inserted, ${incremental.result.sessions.updated} updated, ${incremental.result.sessions.unchanged} unchanged (re-read in the look-back)`,
			`  wall time             ${(incremental.wallMs / 1000).toFixed(1)} s`,
			`  429s                  ${fake.counters().rateLimited}`,
			`  store equals truth    ${incrementalOk}`,
			'',
		].join('\n'),
	);
	if (!fullOk || !incrementalOk || counters.rateLimited > 0) process.exitCode = 1;
} finally {
	await fake.close();
	await rm(dir, {recursive: true, force: true});
}
