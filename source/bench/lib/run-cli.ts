/**
 * "Spawn the CLI and time it", shared by the benchmarks. Built into build/bench/ or a chunk in
 * build/chunks/ (both one level below build/): `cli` is the shipped bin (dist/cli.js), `probe` the
 * RSS probe built as build/bench/rss-probe.js.
 */
import {spawnSync} from 'node:child_process';
import {existsSync, readFileSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The built bin the benchmarks measure. */
export const cli = path.join(here, '..', '..', 'dist', 'cli.js');
const probe = path.join(here, '..', 'bench', 'rss-probe.js');
const MiB = 1024 * 1024;

/** One timed run: wall ms, CPU ms (user + system), peak RSS bytes, exit status and output. */
export type TimedRun = {ms: number; cpuMs: number; rss: number; status: number | null; stdout: string; stderr: string};

/** Runs the built CLI (or `script`) with `cliArgs` in a fresh process under the RSS probe (FORCE_COLOR=0, TZ=UTC). */
export function runCli(cliArgs: readonly string[], input?: string, script: readonly string[] = [cli]): TimedRun {
	const rssFile = path.join(os.tmpdir(), `bigstat42-rss-${process.pid}-${Math.random().toString(36).slice(2)}`);
	const start = performance.now();
	const result = spawnSync(process.execPath, ['--import', probe, ...script, ...cliArgs], {
		env: {...process.env, BIGSTAT42_RSS_FILE: rssFile, FORCE_COLOR: '0', TZ: 'UTC'},
		input,
		encoding: 'utf8',
		maxBuffer: 512 * MiB,
	});
	const ms = performance.now() - start;
	const [rss = Number.NaN, cpuMicros = Number.NaN] = existsSync(rssFile) ? readFileSync(rssFile, 'utf8').split(' ').map(Number) : [];
	rmSync(rssFile, {force: true});
	return {ms, cpuMs: cpuMicros / 1000, rss, status: result.status, stdout: result.stdout, stderr: result.stderr};
}

/** The median of `values` (NaN for none). */
export const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
