/**
 * `npm run bench:serve`: the HTTP server under load on this machine. Builds a store with 1M events
 * and 1M sessions, starts `bigstat42 serve` on it (a child process, request lines on, to
 * /dev/null), and drives it with wrk (the Debian package; `apt-get install -y wrk`):
 *
 *   - single-event POST /events/, durable, 64 connections: requests/s and p99;
 *   - POST /events/batch (10,000 events a request): events/s;
 *   - GET /stats/total, /stats/by-event-type, /stats/by-user: p50 and requests/s;
 *   - GET /summary?days=7 over 1M sessions: p50.
 *
 * Prints each figure beside its target, and the load average before and after (the machine may
 * be shared). No figure is asserted: speed goals are reported, not tested.
 */
import {spawn, spawnSync} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import type {EventRecord, SessionRecord} from '../core/model.js';
import {Rng} from '../core/prng.js';
import {openStore} from '../data/store.js';

const DAY = 86_400_000;
const EVENTS = Number(process.env['BENCH_EVENTS'] ?? 1_000_000);
const SESSIONS = Number(process.env['BENCH_SESSIONS'] ?? 1_000_000);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 10);
// The shipped binary (dist/cli.js); this bench runs from build/bench/.
const cli = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'cli.js');

function loadAverage(): string {
	return os.loadavg().map((value) => value.toFixed(2)).join(' ');
}

async function buildStore(directory: string): Promise<void> {
	const store = await openStore(directory);
	const rng = new Rng(42);
	const now = Date.now();
	const types = ['view', 'click', 'login', 'logout', 'search', 'purchase', 'evaluation', 'exam_register', 'share', 'like', 'comment', 'upload'];
	const chunk = 250_000;
	for (let start = 0; start < EVENTS; start += chunk) {
		const events: EventRecord[] = [];
		for (let i = start; i < Math.min(EVENTS, start + chunk); i++) {
			events.push({id: i + 1, user: `user${rng.int(5000)}`, type: types[rng.int(types.length)]!, time: now - 365 * DAY + Math.floor((i / EVENTS) * 365 * DAY), metadata: i % 4 === 0 ? `{"n":${i}}` : null});
		}

		await store.commit({events});
	}

	for (let start = 0; start < SESSIONS; start += chunk) {
		const sessions: SessionRecord[] = [];
		for (let i = start; i < Math.min(SESSIONS, start + chunk); i++) {
			const begin = now - 365 * DAY + Math.floor((i / SESSIONS) * 365 * DAY);
			sessions.push({id: i + 1, userId: 1 + rng.int(3000), login: null, host: `c${1 + rng.int(4)}r${1 + rng.int(12)}s${1 + rng.int(8)}`, begin, end: begin + (30 + rng.int(480)) * 60_000, campusId: 1});
		}

		await store.commit({sessions, campuses: [{id: 1, name: 'Bench Campus', timeZone: 'Europe/Paris'}]});
	}

	await store.close();
}

type WrkResult = {requestsPerSecond: number; p50: number; p99: number; requests: number; errors: string};

/** Milliseconds of a wrk duration such as "812.00us", "1.23ms", "1.01s". */
function ms(text: string | undefined): number {
	const match = /^([\d.]+)(us|ms|s|m)$/.exec(text ?? '');
	if (!match) return Number.NaN;
	const value = Number(match[1]);
	return match[2] === 'us' ? value / 1000 : match[2] === 'ms' ? value : match[2] === 's' ? value * 1000 : value * 60_000;
}

function wrk(url: string, connections: number, seconds: number, script?: string): WrkResult {
	const args = ['-t', '2', '-c', String(connections), '-d', `${seconds}s`, '--latency', '--timeout', '10s'];
	if (script) args.push('-s', script);
	const run = spawnSync('wrk', [...args, url], {encoding: 'utf8'});
	if (run.error) throw new Error(`wrk failed to start (${run.error.message}); install it: apt-get install -y wrk`);
	const out = run.stdout;
	const errors = [/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[0], /Socket errors: [^\n]+/.exec(out)?.[0]].filter(Boolean).join('; ');
	return {
		requestsPerSecond: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]),
		p50: ms(/^\s+50%\s+(\S+)/m.exec(out)?.[1]),
		p99: ms(/^\s+99%\s+(\S+)/m.exec(out)?.[1]),
		requests: Number(/(\d+) requests in/.exec(out)?.[1]),
		errors,
	};
}

function luaPost(file: string, body: string, contentType = 'application/json'): string {
	writeFileSync(file, `wrk.method = "POST"\nwrk.headers["Content-Type"] = "${contentType}"\nwrk.body = ${JSON.stringify(body)}\n`);
	return file;
}

async function main(): Promise<void> {
	if (spawnSync('wrk', ['--version']).error) {
		process.stderr.write('bench:serve needs wrk (apt-get install -y wrk)\n');
		process.exitCode = 1;
		return;
	}

	const directory = mkdtempSync(path.join(os.tmpdir(), 'bigstat42-bench-serve-'));
	const storePath = path.join(directory, 'store');
	process.stdout.write(`bench:serve — ${os.cpus().length} CPUs, load average ${loadAverage()}\n`);
	let started = performance.now();
	await buildStore(storePath);
	process.stdout.write(`store: ${EVENTS.toLocaleString('en-US')} events + ${SESSIONS.toLocaleString('en-US')} sessions built in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);

	started = performance.now();
	const child = spawn(process.execPath, [cli, 'serve', '--db', storePath, '--port', '0'], {stdio: ['ignore', 'pipe', 'ignore']});
	const url = await new Promise<string>((resolve, reject) => {
		let out = '';
		child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
			out += chunk;
			const match = /^(http:\/\/\S+)\n/m.exec(out);
			if (match) resolve(match[1]!);
		});
		child.on('exit', (code) => reject(new Error(`serve exited with ${code}`)));
	});
	process.stdout.write(`server: listening after ${((performance.now() - started) / 1000).toFixed(1)} s (request lines on, to /dev/null)\n\n`);

	const rows: string[] = [];
	const row = (name: string, figure: string, target: string) => {
		const line = `${name.padEnd(44)} ${figure.padEnd(34)} target ${target}`;
		rows.push(line);
		process.stdout.write(`${line}\n`);
	};

	// Warm-up: the first commit builds the store's id index; the first stats requests JIT.
	wrk(`${url}/stats/total`, 4, 2);
	const single = luaPost(path.join(directory, 'single.lua'), JSON.stringify({user_id: 'bench', event_type: 'click', metadata: {page: '/home'}}));
	wrk(`${url}/events/`, 8, 2, single);

	const post = wrk(`${url}/events/`, 64, SECONDS, single);
	row('POST /events/ (durable, 64 connections)', `${Math.round(post.requestsPerSecond).toLocaleString('en-US')} req/s, p99 ${post.p99.toFixed(1)} ms`, '≥ 10,000 req/s, p99 ≤ 30 ms');
	if (post.errors) row('  errors', post.errors, 'none');

	const batchSize = 10_000;
	const batchBody = Array.from({length: batchSize}, (_, i) => JSON.stringify({user_id: `b${i % 100}`, event_type: 'batch', metadata: {i}})).join('\n');
	const batch = wrk(`${url}/events/batch`, 2, SECONDS, luaPost(path.join(directory, 'batch.lua'), batchBody, 'application/x-ndjson'));
	row(`POST /events/batch (${batchSize.toLocaleString('en-US')} events, 2 connections)`, `${Math.round(batch.requestsPerSecond * batchSize).toLocaleString('en-US')} events/s`, '≥ 300,000 events/s');
	if (batch.errors) row('  errors', batch.errors, 'none');

	for (const endpoint of ['/stats/total', '/stats/by-event-type', '/stats/by-user']) {
		const result = wrk(url + endpoint, 16, Math.max(3, SECONDS / 2));
		row(`GET ${endpoint} (16 connections)`, `p50 ${result.p50.toFixed(2)} ms, ${Math.round(result.requestsPerSecond).toLocaleString('en-US')} req/s`, 'p50 ≤ 2 ms, ≥ 5,000 req/s');
	}

	const summary = wrk(`${url}/summary?days=7`, 2, Math.max(3, SECONDS / 2));
	row('GET /summary?days=7 (1M sessions, 2 connections)', `p50 ${summary.p50.toFixed(1)} ms, ${summary.requestsPerSecond.toFixed(1)} req/s`, 'p50 ≤ 100 ms');

	child.kill('SIGTERM');
	await new Promise((resolve) => child.on('exit', resolve));
	rmSync(directory, {recursive: true, force: true});
	process.stdout.write(`\nload average after: ${loadAverage()}\n`);
}

await main();
