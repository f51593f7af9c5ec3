/**
 * TUI benchmark: first frame and keypress → repaint on a 1M-session campus, through a real Ink
 * render into a fake 80×24 TTY (Ink's 30 fps throttle is leading-edge, so keys are spaced 40 ms
 * apart and each one paints at once).
 *
 *   npx tsx source/bench/tui-bench.tsx [--sessions 1000000] [--keys 200]
 *   node build/bench/tui-bench.js --db STORE [--now ISO]     (what `npm run bench` runs)
 *
 * With --db the first frame is measured from a warm store: opening it (OS cache warm), building
 * the tables, the aggregates and the first paint. Run with NODE_ENV=production for the figures
 * users get (the bin sets it; React's development build is about twice as slow).
 *
 * Targets: first frame <= 400 ms, keypress → repaint p95 <= 50 ms. Range changes (which recompute
 * the aggregates on purpose) are reported separately.
 */
import {PassThrough, Writable} from 'node:stream';
import {parseArgs} from 'node:util';
import {render} from 'ink';
import {generateDemo} from '../core/demo.js';
import type {Campus, EventTable, SessionTable} from '../core/model.js';
import {pickCampus} from '../data/source.js';
import {openStore} from '../data/store.js';
import {presetSpec} from '../app/window.js';
import {App, type AppDeps} from '../ui/app.js';
import {buildDashboard} from '../ui/dashboard.js';
import {createTheme, VIEWS} from '../ui/registry.js';

const {values} = parseArgs({
	options: {
		sessions: {type: 'string', default: '1000000'},
		keys: {type: 'string', default: '200'},
		db: {type: 'string'},
		now: {type: 'string'},
	},
});
const sessionCount = Number(values.sessions);
const keyCount = Number(values.keys);
const now = values.now === undefined ? Date.UTC(2026, 10, 22, 15, 0, 0) : Date.parse(values.now);

function percentile(samples: readonly number[], p: number): number {
	const sorted = [...samples].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

function summary(samples: readonly number[]): string {
	return `n=${samples.length} p50=${percentile(samples, 50).toFixed(1)} ms p95=${percentile(samples, 95).toFixed(1)} ms max=${Math.max(...samples).toFixed(1)} ms`;
}

/** A fake TTY stdout that records when Ink writes. */
class FakeTerminal extends Writable {
	columns = 80;
	rows = 24;
	isTTY = true;
	writes = 0;
	private waiter: (() => void) | undefined;

	override _write(_chunk: unknown, _encoding: BufferEncoding, callback: () => void): void {
		this.writes++;
		const waiter = this.waiter;
		this.waiter = undefined;
		waiter?.();
		callback();
	}

	/** Resolves at the next write. */
	async nextWrite(timeoutMs = 5000): Promise<boolean> {
		return new Promise((resolve) => {
			const timer = setTimeout(() => {
				this.waiter = undefined;
				resolve(false);
			}, timeoutMs);
			this.waiter = () => {
				clearTimeout(timer);
				resolve(true);
			};
		});
	}
}

const sleep = async (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let t0 = performance.now();
let storeMs = 0;
let campus: Campus;
let tables: {sessions: SessionTable; events: EventTable};
if (values.db === undefined) {
	console.log(`generating a demo campus with ~${sessionCount.toLocaleString('en')} sessions…`);
	const demo = generateDemo({now, days: 365, hosts: 3000, users: 6000, targetSessions: sessionCount, targetEvents: sessionCount});
	console.log(`  ${demo.sessions.size.toLocaleString('en')} sessions, ${demo.events.size.toLocaleString('en')} events in ${(performance.now() - t0).toFixed(0)} ms (not part of the figures: the store loads tables, the TUI starts from them)`);
	campus = demo.campus;
	tables = {sessions: demo.sessions, events: demo.events};
} else {
	// Warm the OS cache once, then time a real open as the TUI does it (read-only).
	await (await openStore(values.db, {readOnly: true})).close();
	t0 = performance.now();
	const store = await openStore(values.db, {readOnly: true});
	tables = {sessions: store.sessions(), events: store.events()};
	campus = pickCampus(store.campuses(), store.syncState());
	storeMs = performance.now() - t0;
	console.log(`  store opened: ${tables.sessions.size.toLocaleString('en')} sessions, ${tables.events.size.toLocaleString('en')} events in ${storeMs.toFixed(0)} ms`);
}

const theme = createTheme({color: false, ascii: false});
const snapshot = {sessions: tables.sessions, events: tables.events, now, version: 0};

// Aggregates alone (what the first frame of the overview pays for).
t0 = performance.now();
const data = buildDashboard({campus, timeZone: campus.timeZone, snapshot, range: presetSpec('7d')});
void data.summary;
const summaryMs = performance.now() - t0;
t0 = performance.now();
void data.previous;
const previousMs = performance.now() - t0;
console.log(`dashboard (cold, 7d): summary ${summaryMs.toFixed(0)} ms, previous period ${previousMs.toFixed(0)} ms`);

const stdout = new FakeTerminal();
const stdin = Object.assign(new PassThrough(), {isTTY: true, setRawMode: () => stdin, ref: () => stdin, unref: () => stdin});
const deps: AppDeps = {
	views: VIEWS,
	theme,
	campus,
	timeZone: campus.timeZone,
	data: {initial: snapshot, reload: async () => snapshot, wallClock: () => Date.now()},
	exportView: async () => '/dev/null',
};

// A fresh table object so nothing is cached from the warm-up above: the first frame pays in full.
const fresh = {...snapshot, sessions: {...tables.sessions}, events: {...tables.events}};
const firstWrite = stdout.nextWrite(30_000);
t0 = performance.now();
const instance = render(<App deps={{...deps, data: {...deps.data, initial: fresh}}} start={{view: 'overview', range: '7d'}} />, {
	stdout: stdout as unknown as NodeJS.WriteStream,
	stdin: stdin as unknown as NodeJS.ReadStream,
	exitOnCtrlC: false,
	patchConsole: false,
});
await firstWrite;
const renderMs = performance.now() - t0;
const firstFrameMs = storeMs + renderMs;
console.log(
	values.db === undefined
		? `first frame (overview, 80×24, aggregates included): ${firstFrameMs.toFixed(0)} ms`
		: `first frame from a warm store (open ${storeMs.toFixed(0)} ms + aggregates and paint ${renderMs.toFixed(0)} ms): ${firstFrameMs.toFixed(0)} ms`,
);

async function pressTimed(key: string): Promise<number> {
	await sleep(40);
	const painted = stdout.nextWrite();
	const start = performance.now();
	stdin.write(key);
	const ok = await painted;
	if (!ok) throw new Error(`no repaint after ${JSON.stringify(key)}`);
	return performance.now() - start;
}

const keys = {up: '\u001B[A', down: '\u001B[B', right: '\u001B[C', left: '\u001B[D'};
const moves: number[] = [];
const movesByView = new Map<string, number[]>();
const switches: number[] = [];
const ranges: number[] = [];
// Warm every view once (first visit computes its rows: host/user rows of the range).
for (const digit of ['2', '3', '4', '5', '6', '7', '1']) switches.push(await pressTimed(digit));
const warmSwitches = [...switches];
switches.length = 0;
const plan: Array<[string, number[]]> = [];
for (let i = 0; plan.length < keyCount; i++) {
	const view = ['2', '4', '6', '5'][i % 4] ?? '2';
	plan.push([view, switches]);
	const grid = view === '2' || view === '5';
	const bucket = movesByView.get(view) ?? [];
	movesByView.set(view, bucket);
	for (let step = 0; step < 8; step++) plan.push([grid ? (step % 2 === 0 ? keys.right : keys.down) : step < 4 ? keys.down : keys.up, bucket]);
	if (grid) for (let step = 0; step < 4; step++) plan.push([step % 2 === 0 ? keys.left : keys.up, bucket]);
}

for (const [key, bucket] of plan.slice(0, keyCount)) bucket.push(await pressTimed(key));
// Range changes recompute the aggregates by design: 7d → 30d → 90d → all → 1d → 7d.
for (const key of ['1', 't', 't', 't', 't', 't']) ranges.push(await pressTimed(key));
ranges.shift();

for (const bucket of movesByView.values()) moves.push(...bucket);
const all = [...moves, ...switches];
const names: Record<string, string> = {'2': 'heatmap', '4': 'hosts', '5': 'map', '6': 'users'};
for (const [view, bucket] of movesByView) console.log(`  cursor moves in ${(names[view] ?? view).padEnd(8)}            ${summary(bucket)}`);
console.log(`keypress → repaint, cursor moves:       ${summary(moves)}`);
console.log(`keypress → repaint, view switches:      ${summary(switches)}`);
console.log(`keypress → repaint, all ${all.length} keys:        ${summary(all)}`);
console.log(`first visit of each view (warm-up):      ${warmSwitches.map((ms) => ms.toFixed(0)).join(', ')} ms (2 3 4 5 6 7 1)`);
console.log(`range change (aggregates recomputed):    ${ranges.map((ms) => ms.toFixed(0)).join(', ')} ms (30d, 90d, all, 1d, 7d)`);
console.log(`targets: first frame <= 400 ms → ${firstFrameMs <= 400 ? 'met' : 'MISSED'}; p95 <= 50 ms → ${percentile(all, 95) <= 50 ? 'met' : 'MISSED'}`);
instance.unmount();
process.exit(0);
