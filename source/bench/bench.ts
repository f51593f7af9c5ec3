/**
 * `npm run bench`: the core performance targets at 1M sessions + 1M events (issue #2).
 *
 *   1. generate 1M sessions + 1M events with the demo generator at a larger size;
 *   2. commit them to a fresh store in 10k-record batches (the import path's commit size) → rate;
 *   3. import 200k sessions from a 42-API JSON file with the real binary → end-to-end rate;
 *   4. store size on disk → bytes per session and per event;
 *   5. cold `bigstat42 summary --json` (whole process, 3 runs) → wall time and peak RSS;
 *   6. the TUI's first frame and keypress-to-repaint p95 (source/bench/tui-bench), when built;
 *   7. the query-follows-the-range figures (issue 12): `node -e 0`, whole-process `summary --json
 *      --days 7` (wall time and peak RSS = VmHWM, 3 runs), the same document computed from the
 *      store's range API in a whole process (summary-range-probe, output compared), and in a fresh
 *      process the store open (manifest only), the 7-day range decode and the whole-history decode.
 *
 * `--store PATH` skips 1–4 and 6 and measures 5 and 7 on an existing store (e.g. one written by
 * an older bigstat42, read as is).
 *
 * Targets: summary <= 1 s; import >= 200k sessions/s; <= 25 bytes per session; <= 200 MiB RSS.
 * Speed goals live here, never in timed tests. Flags: --keep (keep the temp store), --sessions N,
 * --store PATH.
 */
import {spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {generateDemo, sessionBatches, eventBatches} from '../core/demo.js';
import {sessionAt} from '../core/model.js';
import {openStore} from '../data/store.js';
import {cli, median, runCli} from './lib/run-cli.js';

const here = path.dirname(fileURLToPath(import.meta.url));
// Benchmarks run from build/bench/ and measure the shipped bin, dist/cli.js.
const args = process.argv.slice(2);
const keep = args.includes('--keep');
const sessionsArg = args.indexOf('--sessions');
const targetSessions = sessionsArg >= 0 ? Number(args[sessionsArg + 1]) : 1_000_000;
const storeArg = args.indexOf('--store');
const existingStore = storeArg >= 0 ? path.resolve(args[storeArg + 1] ?? '') : undefined;
const NOW = Date.UTC(2026, 10, 22, 15, 0, 0);
const MiB = 1024 * 1024;

const results: Array<[string, string, string]> = [];
const record = (name: string, value: string, target = '') => {
	results.push([name, value, target]);
	console.log(`  ${name.padEnd(40)} ${value.padStart(16)}  ${target}`);
};

function timed<T>(run: () => T): [T, number] {
	const start = performance.now();
	const value = run();
	return [value, performance.now() - start];
}


/** 7. What a 7-day query costs: whole process, and at the store level in a fresh process. */
function rangeFigures(storePath: string): void {
	const bare = [0, 1, 2].map(() => runCli([], undefined, ['-e', '0']));
	const bareMs = median(bare.map((run) => run.ms));
	record('`node -e 0` (bare node), median', `${bareMs.toFixed(0)} ms`, `RSS ${(median(bare.map((run) => run.rss)) / MiB).toFixed(0)} MiB`);
	const week = [0, 1, 2].map(() => runCli(['summary', '--json', '--days', '7', '--db', storePath, '--now', new Date(NOW).toISOString()]));
	const failed = week.find((run) => run.status !== 0);
	if (failed) {
		record('`summary --json --days 7`, whole process', 'FAILED', failed.stderr.split('\n')[0] ?? '');
	} else {
		const ms = median(week.map((run) => run.ms));
		const rss = Math.max(...week.map((run) => run.rss));
		record('`summary --json --days 7`, whole process', `${ms.toFixed(0)} ms`, `target <= 150 ms ${ms <= 150 ? 'OK' : 'MISSED'}; ${(ms / bareMs).toFixed(1)}× node -e 0 (runs ${week.map((run) => run.ms.toFixed(0)).join(', ')})`);
		const cpu = median(week.map((run) => run.cpuMs));
		record('  its CPU time (user + system), median', `${cpu.toFixed(0)} ms`, `${(cpu / median(bare.map((run) => run.cpuMs))).toFixed(1)}× node -e 0's CPU (wall time depends on the machine's load)`);
		record('  its peak RSS (VmHWM)', `${(rss / MiB).toFixed(0)} MiB`, `target <= 80 MiB ${rss <= 80 * MiB ? 'OK' : 'MISSED'}`);
	}

	// The same document through the range API (what `summary --days 7` costs once the app layer
	// asks the store for the window instead of the whole history).
	const ranged = [0, 1, 2].map(() => runCli([storePath, new Date(NOW).toISOString(), '7'], undefined, [path.join(here, 'summary-range-probe.js')]));
	const rangedFailed = ranged.find((run) => run.status !== 0);
	if (rangedFailed) {
		record('7-day summary via the range API, whole process', 'FAILED', rangedFailed.stderr.split('\n')[0] ?? '');
	} else {
		const ms = median(ranged.map((run) => run.ms));
		const rss = Math.max(...ranged.map((run) => run.rss));
		const same = !failed && ranged.every((run) => run.stdout === week[0]?.stdout);
		const weekMs = failed ? Number.NaN : median(week.map((run) => run.ms));
		record('7-day summary via the range API, whole process', `${ms.toFixed(0)} ms`, `${(ms / bareMs).toFixed(1)}× node -e 0, ${(ms / weekMs).toFixed(2)}× the command today; CPU ${median(ranged.map((run) => run.cpuMs)).toFixed(0)} ms; same JSON as the command: ${same ? 'yes' : 'NO'}`);
		record('  its peak RSS (VmHWM)', `${(rss / MiB).toFixed(0)} MiB`, `target <= 80 MiB ${rss <= 80 * MiB ? 'OK' : 'MISSED'}`);
	}

	const probeScript = path.join(here, 'store-open-probe.js');
	const probes = [0, 1, 2].map(() => {
		const run = runCli([storePath, String(NOW), '7', String(24 * 3_600_000)], undefined, [probeScript]);
		return {run, figures: run.status === 0 ? (JSON.parse(run.stdout) as Record<string, number>) : undefined};
	});
	const good = probes.flatMap((probe) => (probe.figures ? [probe.figures] : []));
	if (good.length === 0) {
		record('store open (manifest only)', 'FAILED', probes[0]?.run.stderr.split('\n')[0] ?? '');
		return;
	}

	const figure = (name: string) => median(good.map((figures) => figures[name] ?? Number.NaN));
	const first = good[0]!;
	record('store open (manifest only), median', `${figure('openMs').toFixed(1)} ms`, `${first['segments']} segments, schema ${first['schema']}`);
	record('7-day range decode (sessions + events)', `${figure('rangeMs').toFixed(0)} ms`, `${first['rangeRows']?.toLocaleString('en')} rows kept, ${first['rangeRowsDecoded']?.toLocaleString('en')} decoded from ${first['rangeSegments']} segments`);
	record('whole-history decode (sessions() + events())', `${figure('wholeMs').toFixed(0)} ms`, `${first['wholeRows']?.toLocaleString('en')} rows; the 7-day range costs ${(figure('rangeMs') / figure('wholeMs') * 100).toFixed(1)} % of it`);
}

async function main(): Promise<void> {
	console.log(`bigstat42 bench · node ${process.version} · ${os.cpus().length} cores · ${(os.totalmem() / 1024 ** 3).toFixed(0)} GiB`);
	if (existingStore) {
		console.log(`existing store ${existingStore}`);
		const runs = [0, 1, 2].map(() => runCli(['summary', '--json', '--db', existingStore, '--now', new Date(NOW).toISOString()]));
		const failed = runs.find((run) => run.status !== 0);
		if (failed) record('cold `summary --json` (all data)', 'FAILED', failed.stderr.split('\n')[0] ?? '');
		else record('cold `summary --json` (all data), median', `${median(runs.map((run) => run.ms)).toFixed(0)} ms`, `RSS ${(Math.max(...runs.map((run) => run.rss)) / MiB).toFixed(0)} MiB`);
		rangeFigures(existingStore);
		return;
	}

	const work = mkdtempSync(path.join(os.tmpdir(), 'bigstat42-bench-'));
	const storePath = path.join(work, 'store');

	// 1. Data.
	const [demo, generateMs] = timed(() =>
		generateDemo({now: NOW, days: 365, hosts: 3000, users: 6000, targetSessions, targetEvents: targetSessions}),
	);
	record('generate (demo, 365 days)', `${generateMs.toFixed(0)} ms`, `${demo.sessions.size.toLocaleString('en')} sessions, ${demo.events.size.toLocaleString('en')} events`);

	// 2. Commit to a fresh store in 10k batches.
	const store = await openStore(storePath);
	const cpuBefore = process.cpuUsage();
	let start = performance.now();
	for (const batch of sessionBatches(demo.sessions, 10_000)) await store.commit({sessions: batch});
	const sessionMs = performance.now() - start;
	const sessionCpu = process.cpuUsage(cpuBefore);
	start = performance.now();
	for (const batch of eventBatches(demo.events, 10_000)) await store.commit({events: batch});
	const eventMs = performance.now() - start;
	await store.commit({campuses: [demo.campus], syncState: {'intra.campusId': demo.campus.id}});
	const sessionRate = demo.sessions.size / (sessionMs / 1000);
	record('store commit rate, sessions', `${Math.round(sessionRate).toLocaleString('en')} /s`, `target >= 200,000/s ${sessionRate >= 200_000 ? 'OK' : 'MISSED'} (CPU ${((sessionCpu.user + sessionCpu.system) / 1000).toFixed(0)} ms, wall ${sessionMs.toFixed(0)} ms)`);
	record('store commit rate, events', `${Math.round(demo.events.size / (eventMs / 1000)).toLocaleString('en')} /s`);

	// 4. Size on disk.
	const usage = store.diskUsage();
	await store.close();
	const perSession = usage.sessionBytes / demo.sessions.size;
	record('store size on disk', `${(usage.bytes / MiB).toFixed(1)} MiB`, `${usage.segments} segments`);
	record('bytes per session', perSession.toFixed(1), `target <= 25 ${perSession <= 25 ? 'OK' : 'MISSED'}`);
	record('bytes per event', (usage.eventBytes / demo.events.size).toFixed(1));

	// 3. End-to-end file import (the real binary parsing a 42-API JSON array).
	const fileSessions = Math.min(200_000, demo.sessions.size);
	const locations = Array.from({length: fileSessions}, (_, i) => {
		const session = sessionAt(demo.sessions, i);
		return {
			id: session.id,
			begin_at: new Date(session.begin).toISOString(),
			end_at: session.end === null ? null : new Date(session.end).toISOString(),
			primary: true,
			host: session.host,
			campus_id: session.campusId,
			user: session.login === null ? null : {id: session.userId, login: session.login, url: `https://api.intra.42.fr/v2/users/${session.login}`},
		};
	});
	const file = path.join(work, 'locations.json');
	writeFileSync(file, JSON.stringify(locations));
	const importRun = runCli(['import', '--db', path.join(work, 'import-store'), '--quiet', file]);
	if (importRun.status === 0) {
		const rate = fileSessions / (importRun.ms / 1000);
		record('`bigstat42 import` 42 JSON, whole process', `${Math.round(rate).toLocaleString('en')} /s`, `${fileSessions.toLocaleString('en')} sessions in ${importRun.ms.toFixed(0)} ms, RSS ${(importRun.rss / MiB).toFixed(0)} MiB`);
	} else {
		record('`bigstat42 import` 42 JSON, whole process', 'FAILED', importRun.stderr.split('\n')[0] ?? '');
	}

	// 5. Cold summary --json, whole process.
	const runs = [0, 1, 2].map(() => runCli(['summary', '--json', '--db', storePath, '--now', new Date(NOW).toISOString()]));
	const failed = runs.find((run) => run.status !== 0);
	if (failed) {
		record('summary --json', 'FAILED', failed.stderr.split('\n')[0] ?? '');
	} else {
		const times = runs.map((run) => run.ms).sort((a, b) => a - b);
		const cpu = runs.map((run) => run.cpuMs).sort((a, b) => a - b);
		const rss = Math.max(...runs.map((run) => run.rss));
		record('cold `summary --json` (all data), median', `${(times[1] ?? 0).toFixed(0)} ms`, `target <= 1000 ms ${(times[1] ?? 0) <= 1000 ? 'OK' : 'MISSED'} (runs ${times.map((t) => t.toFixed(0)).join(', ')})`);
		record('  its CPU time (user + system), median', `${(cpu[1] ?? 0).toFixed(0)} ms`, `(runs ${cpu.map((t) => t.toFixed(0)).join(', ')}; wall time depends on the machine's load)`);
		record('peak RSS of summary', `${(rss / MiB).toFixed(0)} MiB`, `target <= 200 MiB ${rss <= 200 * MiB ? 'OK' : 'MISSED'}`);
		const days30 = runCli(['summary', '--json', '--days', '30', '--db', storePath, '--now', new Date(NOW).toISOString()]);
		record('cold `summary --json --days 30`', `${days30.ms.toFixed(0)} ms`, `CPU ${days30.cpuMs.toFixed(0)} ms, RSS ${(days30.rss / MiB).toFixed(0)} MiB`);
	}

	// 6. TUI figures (issue #4): the whole process to a first frame (static, no TTY), then the
	// in-process first frame and keypress latency measured by tui-bench against the same store.
	const frame = runCli(['--db', storePath, '--now', new Date(NOW).toISOString(), '--once', '--view', 'overview']);
	record('whole process to first frame (`--once`)', frame.status === 0 ? `${frame.ms.toFixed(0)} ms` : 'FAILED', `node start + Ink import + store + aggregates + render, RSS ${(frame.rss / MiB).toFixed(0)} MiB`);
	// 6. TUI figures (issue #4), measured by its own bench against the same store.
	const tuiBench = path.join(here, 'tui-bench.js');
	if (existsSync(tuiBench)) {
		const tui = spawnSync(process.execPath, [tuiBench, '--db', storePath, '--now', new Date(NOW).toISOString()], {encoding: 'utf8', env: {...process.env, FORCE_COLOR: '0', NODE_ENV: 'production'}});
		process.stdout.write(tui.stdout);
		if (tui.status !== 0) console.log(`  tui bench failed: ${tui.stderr.split('\n').slice(0, 3).join(' | ')}`);
	}

	rangeFigures(storePath);

	if (keep) console.log(`store kept at ${storePath}`);
	else rmSync(work, {recursive: true, force: true});
}

await main();
