/**
 * Store benchmark: `npx tsx source/bench/store-bench.ts [--sessions N] [--events N] [--dir PATH]`.
 *
 * Builds a realistic synthetic year (3000 hosts, 5000 users, ids that follow begin with gaps,
 * whole-second timestamps, durations of minutes to hours), commits it in pages of 10k (the import path's commit size), then measures in a
 * fresh child process the cold open + sessions() + events() time and peak RSS, the bytes per row
 * on disk and the cost of one 100-session commit on the full store.
 */
import {spawn} from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import type {EventRecord, SessionRecord} from '../core/model.js';
import {openStore, writeStats} from '../data/store.js';

const DAY = 86_400_000;

/** A small deterministic PRNG (mulberry32). */
function random(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d_2b_79_f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
	};
}

/** `count` sessions over one year from `start`, sorted by begin, like a busy campus. */
export function syntheticSessions(count: number, start = Date.UTC(2024, 0, 1), seed = 42): SessionRecord[] {
	const next = random(seed);
	const span = 365 * DAY;
	const sessions: SessionRecord[] = [];
	let id = 10_000_000;
	let begin = start;
	const meanGap = span / count;
	for (let i = 0; i < count; i++) {
		// Exponential gaps, whole seconds (the 42 API's timestamps carry .000 ms).
		begin += Math.round((-Math.log(1 - next()) * meanGap) / 1000) * 1000;
		// Other campuses take ids in between: ids follow begin with small gaps.
		id += 1 + Math.floor(next() * 20);
		const user = Math.floor(next() ** 2 * 5000);
		const minutes = 5 + Math.floor(-Math.log(1 - next()) * 120);
		const open = i > count - 200 && next() < 0.5;
		sessions.push({
			id,
			userId: 50_000 + user,
			login: `user${user}`,
			host: `c${1 + Math.floor(next() * 6)}r${1 + Math.floor(next() * 20)}s${1 + Math.floor(next() * 25)}`,
			begin,
			end: open ? null : begin + minutes * 60_000,
			campusId: 1,
		});
	}

	return sessions;
}

const eventTypes = ['login', 'logout', 'lock', 'unlock', 'print', 'exam_start', 'exam_end', 'badge', 'wifi', 'reboot'];

/** `count` events over one year: 40 % without metadata, most from a few values, 5 % unique. */
export function syntheticEvents(count: number, start = Date.UTC(2024, 0, 1), seed = 7): EventRecord[] {
	const next = random(seed);
	const span = 365 * DAY;
	const events: EventRecord[] = [];
	let id = 1_000_000;
	let time = start;
	const meanGap = span / count;
	for (let i = 0; i < count; i++) {
		time += Math.round((-Math.log(1 - next()) * meanGap) / 1000) * 1000;
		id += 1 + Math.floor(next() * 3);
		const user = Math.floor(next() ** 2 * 5000);
		const roll = next();
		const metadata = roll < 0.4 ? null : roll < 0.95 ? `{"room":"c${Math.floor(next() * 6)}"}` : `{"job":${Math.floor(next() * 1e7)}}`;
		events.push({
			id,
			user: next() < 0.02 ? null : `user${user}`,
			type: eventTypes[Math.floor(next() ** 2 * eventTypes.length)]!,
			time,
			metadata,
		});
	}

	return events;
}

/** Results of `runStoreBench`. */
export type StoreBenchResult = {
	readonly sessions: number;
	readonly events: number;
	readonly commitSeconds: number;
	readonly rowsPerSecond: number;
	readonly bytesPerSession: number;
	readonly bytesPerEvent: number;
	readonly storeBytes: number;
	readonly coldLoadMs: number;
	readonly coldPeakRssMiB: number;
	readonly baselineRssMiB: number;
	readonly pageCommitBytes: number;
	readonly pageCommitMs: number;
};

/** Builds, commits and measures a store in `directory` (created; removed unless `keep`). */
export async function runStoreBench(options: {
	readonly sessions?: number;
	readonly events?: number;
	readonly directory?: string;
	readonly pageSize?: number;
	readonly log?: (line: string) => void;
}): Promise<StoreBenchResult> {
	const log = options.log ?? (() => undefined);
	const sessionCount = options.sessions ?? 1_000_000;
	const eventCount = options.events ?? 1_000_000;
	const pageSize = options.pageSize ?? 10_000;
	const directory = options.directory ?? path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'bigstat42-bench-')), 'store');
	await fs.rm(directory, {recursive: true, force: true});

	const sessions = syntheticSessions(sessionCount);
	const events = syntheticEvents(eventCount);
	log(`generated ${sessionCount} sessions and ${eventCount} events`);

	const store = await openStore(directory);
	const started = performance.now();
	for (let from = 0; from < Math.max(sessionCount, eventCount); from += pageSize) {
		await store.commit({sessions: sessions.slice(from, from + pageSize), events: events.slice(from, from + pageSize)});
	}

	const commitSeconds = (performance.now() - started) / 1000;
	const usage = store.diskUsage();
	log(`committed in ${commitSeconds.toFixed(1)} s (${Math.round((sessionCount + eventCount) / commitSeconds)} rows/s)`);

	// One page of 100 new sessions on the full store: what a sync does every few seconds.
	const lastBegin = sessions.at(-1)?.begin ?? Date.UTC(2025, 0, 1);
	const page = syntheticSessions(100, lastBegin + 60_000, 99).map((session, i) => ({...session, id: 90_000_000 + i}));
	const bytesBefore = writeStats.bytes;
	const pageStarted = performance.now();
	await store.commit({sessions: page});
	const pageCommitMs = performance.now() - pageStarted;
	const pageCommitBytes = writeStats.bytes - bytesBefore;
	await store.close();

	const cold = await measureColdLoad(directory);
	log(`cold open + sessions() + events(): ${cold.ms.toFixed(0)} ms, peak RSS ${cold.peakRssMiB.toFixed(0)} MiB (baseline ${cold.baselineRssMiB.toFixed(0)} MiB)`);
	const result: StoreBenchResult = {
		sessions: sessionCount,
		events: eventCount,
		commitSeconds,
		rowsPerSecond: Math.round((sessionCount + eventCount) / commitSeconds),
		bytesPerSession: usage.sessionBytes / Math.max(1, sessionCount),
		bytesPerEvent: usage.eventBytes / Math.max(1, eventCount),
		storeBytes: usage.bytes,
		coldLoadMs: cold.ms,
		coldPeakRssMiB: cold.peakRssMiB,
		baselineRssMiB: cold.baselineRssMiB,
		pageCommitBytes,
		pageCommitMs,
	};
	if (!options.directory) await fs.rm(path.dirname(directory), {recursive: true, force: true});
	return result;
}

/** Runs the cold load in a fresh process so that nothing is cached in memory. */
async function measureColdLoad(directory: string): Promise<{ms: number; peakRssMiB: number; baselineRssMiB: number}> {
	const self = fileURLToPath(import.meta.url);
	const loader = self.endsWith('.ts') ? ['--import', 'tsx'] : [];
	const output = await new Promise<string>((resolve, reject) => {
		const child = spawn(process.execPath, [...loader, self, '--measure', directory], {stdio: ['ignore', 'pipe', 'inherit']});
		let text = '';
		child.stdout.on('data', (chunk: Buffer) => {
			text += chunk.toString();
		});
		child.on('error', reject);
		child.on('close', (code) => (code === 0 ? resolve(text) : reject(new Error(`measure child exited with ${code}`))));
	});
	return JSON.parse(output.trim().split('\n').at(-1)!) as {ms: number; peakRssMiB: number; baselineRssMiB: number};
}

/**
 * Peak RSS of this process in MiB. On Linux, VmHWM: `resourceUsage().maxRSS` survives exec, so a
 * child spawned by a big parent would report the parent's peak.
 */
async function peakRssMiB(): Promise<number> {
	try {
		const status = await fs.readFile('/proc/self/status', 'utf8');
		const match = /VmHWM:\s+(\d+) kB/.exec(status);
		if (match) return Number(match[1]) / 1024;
	} catch {}

	return process.resourceUsage().maxRSS / 1024;
}

async function measure(directory: string): Promise<void> {
	const baselineRssMiB = await peakRssMiB();
	const started = performance.now();
	const store = await openStore(directory, {readOnly: true});
	const sessions = store.sessions();
	const events = store.events();
	const ms = performance.now() - started;
	const peak = await peakRssMiB();
	process.stdout.write(JSON.stringify({ms, peakRssMiB: peak, baselineRssMiB, sessions: sessions.size, events: events.size}) + '\n');
}

const isMain = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
	const args = process.argv.slice(2);
	const flag = (name: string) => {
		const index = args.indexOf(name);
		return index >= 0 ? args[index + 1] : undefined;
	};

	if (args[0] === '--measure') {
		await measure(args[1]!);
	} else {
		const result = await runStoreBench({
			sessions: Number(flag('--sessions') ?? 1_000_000),
			events: Number(flag('--events') ?? 1_000_000),
			directory: flag('--dir'),
			log: (line) => process.stdout.write(line + '\n'),
		});
		process.stdout.write(
			[
				`sessions: ${result.sessions}, events: ${result.events}`,
				`commit rate: ${result.rowsPerSecond} rows/s (${result.commitSeconds.toFixed(1)} s)`,
				`disk: ${(result.storeBytes / 1_048_576).toFixed(1)} MiB, ${result.bytesPerSession.toFixed(1)} B/session, ${result.bytesPerEvent.toFixed(1)} B/event`,
				`cold open + sessions() + events(): ${result.coldLoadMs.toFixed(0)} ms, peak RSS ${result.coldPeakRssMiB.toFixed(0)} MiB (process baseline ${result.baselineRssMiB.toFixed(0)} MiB)`,
				`100-session commit on the full store: ${result.pageCommitBytes} bytes written, ${result.pageCommitMs.toFixed(0)} ms`,
			].join('\n') + '\n',
		);
	}
}
