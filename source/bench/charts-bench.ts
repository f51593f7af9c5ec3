/**
 * `npm run bench:charts`: what the charts cost `bigstat42 report` at 1M sessions (issue "Pictures").
 *
 *   1. generate 1M sessions + 1M events (the demo generator at the bench size) into a fresh store;
 *   2. cold `report --charts none` and `report` (every chart, PNG + SVG), whole process, 3 runs
 *      each, over all the data and over --days 30 → wall and CPU time, peak RSS; the difference is
 *      the charts' cost.
 *
 * Target: every chart adds <= 2 s to the whole process. Flags: --sessions N, --keep.
 */
import {mkdtempSync, readdirSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {eventBatches, generateDemo, sessionBatches} from '../core/demo.js';
import {openStore} from '../data/store.js';
import {median, runCli, type TimedRun} from './lib/run-cli.js';

const args = process.argv.slice(2);
const keep = args.includes('--keep');
const sessionsArg = args.indexOf('--sessions');
const targetSessions = sessionsArg >= 0 ? Number(args[sessionsArg + 1]) : 1_000_000;
const NOW = Date.UTC(2026, 10, 22, 15, 0, 0);
const MiB = 1024 * 1024;


function line(name: string, value: string, note = ''): void {
	console.log(`  ${name.padEnd(46)} ${value.padStart(10)}  ${note}`);
}

async function main(): Promise<void> {
	console.log(`bigstat42 bench:charts · node ${process.version} · ${os.cpus().length} cores`);
	const work = mkdtempSync(path.join(os.tmpdir(), 'bigstat42-charts-bench-'));
	const storePath = path.join(work, 'store');
	const demo = generateDemo({now: NOW, days: 365, hosts: 3000, users: 6000, targetSessions, targetEvents: targetSessions});
	const store = await openStore(storePath);
	for (const batch of sessionBatches(demo.sessions, 10_000)) await store.commit({sessions: batch});
	for (const batch of eventBatches(demo.events, 10_000)) await store.commit({events: batch});
	await store.close();
	line('store', `${demo.sessions.size.toLocaleString('en')}`, `sessions, ${demo.events.size.toLocaleString('en')} events`);

	for (const range of [[], ['--days', '30']]) {
		const label = range.length === 0 ? 'all data' : range.join(' ');
		const measure = (charts: string) => {
			const runs: TimedRun[] = [];
			for (let i = 0; i < 3; i++) {
				const output = path.join(work, `out-${charts}-${i}`);
				const run = runCli(['report', '--db', storePath, '--now', new Date(NOW).toISOString(), ...range, '--charts', charts, '--output', output]);
				if (run.status !== 0) throw new Error(`report --charts ${charts} failed: ${run.stderr.split('\n')[0] ?? ''}`);
				runs.push(run);
				if (i === 0) line(`  files written (--charts ${charts})`, String(readdirSync(output).length));
				rmSync(output, {recursive: true, force: true});
			}

			return {ms: median(runs.map((run) => run.ms)), cpuMs: median(runs.map((run) => run.cpuMs)), rss: Math.max(...runs.map((run) => run.rss)), all: runs.map((run) => run.ms.toFixed(0)).join(', ')};
		};

		console.log(`report over ${label}:`);
		const none = measure('none');
		const all = measure('png,svg');
		line('report --charts none, median wall', `${none.ms.toFixed(0)} ms`, `CPU ${none.cpuMs.toFixed(0)} ms, RSS ${(none.rss / MiB).toFixed(0)} MiB (runs ${none.all})`);
		line('report (every chart, PNG + SVG), median wall', `${all.ms.toFixed(0)} ms`, `CPU ${all.cpuMs.toFixed(0)} ms, RSS ${(all.rss / MiB).toFixed(0)} MiB (runs ${all.all})`);
		const extra = all.ms - none.ms;
		line('the charts add (wall)', `${extra.toFixed(0)} ms`, `target <= 2000 ms ${extra <= 2000 ? 'OK' : 'MISSED'}; CPU +${(all.cpuMs - none.cpuMs).toFixed(0)} ms`);
	}

	if (keep) console.log(`kept ${work}`);
	else rmSync(work, {recursive: true, force: true});
}

await main();
