/**
 * End-to-end tests of the statistics commands: they spawn the built binary (dist/cli.js).
 */
import {spawn} from 'node:child_process';
import {existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {binPath, repoRoot, runCli, tempHome} from '../helpers/run-cli.js';

const NOW = '2026-11-22T15:00:00Z';
const demo = ['--demo', '--now', NOW];

describe('bigstat42 (top level)', () => {
	it('prints help listing every command and exits 0', async () => {
		const result = await runCli(['--help']);
		expect(result.code).toBe(0);
		for (const command of ['summary', 'report', 'export', 'import', 'usage-summary', 'sync', 'login', 'logout']) {
			expect(result.stdout).toContain(command);
		}
	});

	it('rejects an unknown command with exit 2, one line and a hint to --help', async () => {
		const result = await runCli(['frobnicate']);
		expect(result.code).toBe(2);
		expect(result.stderr).toBe('bigstat42: unknown command "frobnicate"\nRun `bigstat42 --help` for the flags and commands.\n');
	});

	it.each([
		[['evil\u001B]0;pwned\u0007'], 2],
		[['summary', '--demo', '--tz', 'evil\u001B]0;pwned\u0007'], 2],
		[['summary', '--demo', '--now', 'evil\u001B[2J'], 2],
		[['summary', '--evil\u001B]0;pwned\u0007'], 2],
		[['export', '--demo', '--format', 'evil\u001B]0;pwned\u0007'], 2],
		[['report', '--demo', '--output', '/dev/null/evil\u001B]0;pwned\u0007'], 1],
	])('never echoes escape sequences from the command line in its errors: %j', async (args, code) => {
		const result = await runCli(args);
		expect(result.code).toBe(code);
		expect(result.stderr).toContain('evil');
		expect(result.stderr).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F]/);
	});

	it('prints its version', async () => {
		const result = await runCli(['--version']);
		expect(result.code).toBe(0);
		expect(result.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
	});
});

describe('bigstat42 summary', () => {
	it('prints one JSON document with the documented schema on the demo campus', async () => {
		const result = await runCli(['summary', ...demo, '--days', '7', '--json']);
		expect(result.code).toBe(0);
		const summary = JSON.parse(result.stdout) as Record<string, any>;
		expect(summary.range).toMatchObject({tz: 'Europe/Paris', from: '2026-11-15T23:00:00.000Z', to: '2026-11-22T23:00:00.000Z'});
		const s = summary.sessions;
		expect(s.total).toBeGreaterThan(1000);
		expect(s.uniqueHosts).toBeLessThanOrEqual(300);
		expect(s.byHour.starts).toHaveLength(24);
		expect(s.byWeekday.seatHours).toHaveLength(7);
		expect(s.weekdayHour.meanConcurrent).toHaveLength(7);
		expect(s.weekdayHour.meanConcurrent[0]).toHaveLength(24);
		expect(s.daily).toHaveLength(7);
		expect(s.daily[0].key).toBe('2026-11-16');
		expect(s.byHour.starts.reduce((a: number, b: number) => a + b, 0)).toBe(s.total);
		expect(s.topHosts.length).toBeGreaterThan(0);
		expect(summary.events.mostActive.keys.length).toBeGreaterThan(0);
		expect(summary.anomalies.counts.overlong).toBeGreaterThan(0);
	});

	it('gives the same numbers twice for the same --now and seed', async () => {
		const a = await runCli(['summary', ...demo, '--json']);
		const b = await runCli(['summary', ...demo, '--json']);
		expect(a.stdout).toBe(b.stdout);
	});

	it('prints readable text by default', async () => {
		const result = await runCli(['summary', ...demo, '--days', '7']);
		expect(result.code).toBe(0);
		expect(result.stdout).toContain('Demo Campus');
		expect(result.stdout).toContain('Top hosts');
		expect(result.stdout).toContain('Anomalies');
	});

	it.each([[3], [25]])('prints --top %i rows in the top-hosts table', async (top) => {
		const result = await runCli(['summary', ...demo, '--days', '7', '--top', String(top)]);
		expect(result.code).toBe(0);
		const table = result.stdout.split('Top hosts')[1]?.split('\n\n')[0] ?? '';
		expect(table.split('\n').filter((line) => /^ {2}c\d+r\d+s\d+ /.test(line))).toHaveLength(top);
	});

	it('reproduces the original analyzer layout with --compat bigstat42', async () => {
		const result = await runCli(['summary', ...demo, '--compat', 'bigstat42']);
		expect(result.code).toBe(0);
		expect(result.stdout).toContain('CLUSTER USAGE STATISTICS SUMMARY');
		expect(result.stdout).toMatch(/Date Range: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\+00:00 to/);
	});

	it.each([
		[['--days', '0'], '--days must be'],
		[['--days', 'x'], '--days expects a number'],
		[['--tz', 'Mars/Olympus'], 'not an IANA time zone'],
		[['--now', 'tomorrow'], 'not an ISO-8601 timestamp'],
		[['--from', '2026-11-10', '--to', '2026-11-01'], 'range is empty'],
		[['--days', '7', '--from', '2026-11-01'], 'either --days or --from'],
		[['--bogus'], 'Unknown flag: --bogus'],
		[['--compat', 'pandas'], 'Unknown value for flag'],
		[['--max-session', 'forever'], 'not a duration'],
	])('refuses %j with exit 2, a one-line reason and a hint to --help (not the whole help)', async (flags, message) => {
		const base = flags.includes('--now') ? ['--demo'] : demo;
		const result = await runCli(['summary', ...base, ...flags]);
		expect(result.code).toBe(2);
		const lines = result.stderr.trimEnd().split('\n');
		expect(lines).toHaveLength(2);
		expect(lines[0]).toContain(message);
		expect(lines[1]).toBe('Run `bigstat42 summary --help` for its flags.');
	});

	it('prints the empty document for an empty store and says on stderr where the store is and how to fill it', async () => {
		const home = mkdtempSync(path.join(os.tmpdir(), 'bigstat42-empty-'));
		const store = path.join(home, 'nothing-here');
		const result = await runCli(['summary', '--db', store, '--now', NOW, '--json'], {home});
		expect(result.code).toBe(0);
		expect(JSON.parse(result.stdout).sessions.total).toBe(0);
		expect(result.stderr).toContain(`the store at ${store} has no sessions or events yet`);
		expect(result.stderr).toMatch(/bigstat42 sync.*bigstat42 import FILE.*--demo/);
		// Reading never creates a store.
		expect(existsSync(store)).toBe(false);
	});
});

describe('bigstat42 report', () => {
	it('writes summary.txt in the original layout, CSV tables and text charts', async () => {
		const home = mkdtempSync(path.join(os.tmpdir(), 'bigstat42-report-'));
		const out = path.join(home, 'out');
		const result = await runCli(['report', ...demo, '--days', '30', '--output', out], {home});
		expect(result.code).toBe(0);
		const files = readdirSync(out).sort();
		for (const name of ['summary.txt', 'hourly.csv', 'hosts.csv', 'users.csv', 'daily.csv', 'weekday_hour_mean_concurrent.csv', 'usage_heatmap_day_hour.txt', 'hourly_usage.txt', 'top_hosts.txt', 'anomalies.csv']) {
			expect(files).toContain(name);
		}

		expect(files.some((name) => name.endsWith('.tmp'))).toBe(false);
		const summary = readFileSync(path.join(out, 'summary.txt'), 'utf8');
		expect(summary.split('\n')[0]).toBe('='.repeat(60));
		expect(summary).toMatch(/Average Session Duration: \d+\.\d\d minutes \(\d+\.\d\d hours\)/);
		const hourly = readFileSync(path.join(out, 'hourly.csv'), 'utf8').trim().split('\n');
		expect(hourly[0]).toBe('hour,starts,seat_hours');
		expect(hourly).toHaveLength(25);
	});

	it('requires --output', async () => {
		const result = await runCli(['report', ...demo]);
		expect(result.code).toBe(2);
		expect(result.stderr).toContain('--output DIR is required');
	});
});

describe('bigstat42 export', () => {
	it('exports sessions as CSV with a header and one line per session', async () => {
		const result = await runCli(['export', ...demo, '--days', '1']);
		expect(result.code).toBe(0);
		const lines = result.stdout.trim().split('\n');
		expect(lines[0]).toBe('id,user_id,login,host,begin_at,end_at,campus_id');
		expect(lines.length).toBeGreaterThan(50);
	});

	it('exports events as NDJSON in the import format', async () => {
		const result = await runCli(['export', ...demo, '--days', '1', '--what', 'events', '--format', 'ndjson']);
		expect(result.code).toBe(0);
		const first = JSON.parse(result.stdout.split('\n')[0] ?? '') as Record<string, unknown>;
		expect(Object.keys(first).sort()).toEqual(['event_type', 'id', 'metadata', 'timestamp', 'user_id']);
	});

	it('writes a JSON array to a file and says where', async () => {
		const home = mkdtempSync(path.join(os.tmpdir(), 'bigstat42-export-'));
		const result = await runCli(['export', ...demo, '--days', '1', '--format', 'json', '--output', 'sessions.json'], {home});
		expect(result.code).toBe(0);
		expect(result.stderr).toContain(path.join(home, 'sessions.json'));
		const rows = JSON.parse(readFileSync(path.join(home, 'sessions.json'), 'utf8')) as Array<Record<string, unknown>>;
		expect(rows.length).toBeGreaterThan(50);
		expect(rows[0]).toHaveProperty('begin_at');
	});

	it('round-trips: export json/ndjson → import into a new store → the same summary (negative sessions included)', async () => {
		const home = tempHome();
		const exported = await runCli(['export', ...demo, '--format', 'json', '--output', 'sessions.json'], {home});
		expect(exported.code).toBe(0);
		expect((await runCli(['export', ...demo, '--what', 'events', '--format', 'ndjson', '--output', 'events.ndjson'], {home})).code).toBe(0);
		const imported = await runCli(['import', 'sessions.json', 'events.ndjson'], {home});
		expect(imported.stderr).not.toContain('bad');
		expect(imported.code).toBe(0);
		const original = JSON.parse((await runCli(['summary', ...demo, '--tz', 'Europe/Paris', '--json'])).stdout) as Record<string, any>;
		const copy = JSON.parse((await runCli(['summary', '--now', NOW, '--tz', 'Europe/Paris', '--json'], {home})).stdout) as Record<string, any>;
		expect(original.anomalies.counts.negative).toBeGreaterThan(0);
		expect(copy).toEqual(original);
	});

	it('writes no escape sequence from data in CSV (a login "evil\\e]0;pwned\\a"), stdout or report files', async () => {
		const home = tempHome();
		const location = (id: number, login: string, host: string) => ({id, begin_at: '2026-11-20T10:00:00Z', end_at: '2026-11-20T12:00:00Z', host, user: {id, login}});
		writeFileSync(path.join(home, 'evil.json'), JSON.stringify([location(1, 'evil\u001B]0;pwned\u0007', 'c1r1s1'), location(2, 'ok', 'c1r1s2\u001B[31m')]));
		expect((await runCli(['import', 'evil.json'], {home})).code).toBe(0);
		const exported = await runCli(['export', '--now', '2026-11-22T00:00:00Z'], {home});
		expect(exported.code).toBe(0);
		// The escape characters are shown as visible markers, never written raw.
		expect(exported.stdout).toContain(',evil<U+001B>]0;pwned<U+0007>,c1r1s1,');
		expect(exported.stdout).toContain(',ok,c1r1s2<U+001B>[31m,');
		expect(exported.stdout).not.toMatch(/[\u0000-\u0009\u000B-\u001F]/);
		expect((await runCli(['report', '--now', '2026-11-22T00:00:00Z', '--output', 'r'], {home})).code).toBe(0);
		for (const name of readdirSync(path.join(home, 'r'))) {
			// PNG files are binary; their labels are the SVG's, checked here.
			if (name.endsWith('.png')) continue;
			expect(readFileSync(path.join(home, 'r', name), 'utf8'), name).not.toMatch(/[\u0000-\u0009\u000B-\u001F]/);
		}
	});

	it.each([['csv'], ['json'], ['ndjson']])('stops quietly with exit 0 when the reader closes the pipe early (| head -1), as %s', async (format) => {
		const home = tempHome();
		const child = spawn(process.execPath, [binPath, 'export', ...demo, '--format', format], {
			cwd: home,
			env: {PATH: process.env['PATH'] ?? '', HOME: home, XDG_DATA_HOME: path.join(home, 'data'), TZ: 'UTC', NO_COLOR: '1'},
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stderr = '';
		child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
		// Like `head -1`: read the first chunk, then close the read end of the pipe.
		child.stdout.once('data', () => child.stdout.destroy());
		const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
		expect(stderr).not.toMatch(/EPIPE|Error/);
		expect(code).toBe(0);
	});
});

describe('bigstat42 usage-summary', () => {
	const sample = [
		{user_id: 'alice', timestamp: '2025-09-23T09:01:05Z', action_type: 'login'},
		{user_id: 'bob', timestamp: '2025-09-23T09:02:10Z', action_type: 'login'},
		{user_id: 'alice', timestamp: '2025-09-23T09:05:00Z', action_type: 'view'},
		{user_id: 'charlie', timestamp: '2025-09-23T09:10:00Z', action_type: 'login'},
		{user_id: 'bob', timestamp: '2025-09-23T09:15:00Z', action_type: 'purchase'},
		{user_id: 'alice', timestamp: '2025-09-23T09:20:00+00:00', action_type: 'logout'},
		{user_id: 'bob', timestamp: '2025-09-23T10:00:00Z', action_type: 'view'},
		{user_id: 'charlie', timestamp: '2025-09-23T10:30:00Z', action_type: 'login'},
	];

	it('reproduces the Mini Analytics sample with every tie listed', async () => {
		const result = await runCli(['usage-summary', '-'], {input: JSON.stringify(sample)});
		expect(result.code).toBe(0);
		const summary = JSON.parse(result.stdout) as Record<string, any>;
		expect(summary.unique_users).toHaveLength(3);
		expect(summary.action_wise_counts).toEqual({login: 4, logout: 1, purchase: 1, view: 2});
		expect(summary.most_active_user).toEqual({keys: ['alice', 'bob'], count: 3});
		expect(summary.peak_activity_hour).toEqual({hours: [9], count: 6});
	});

	it('says what is wrong with each bad record and exits 1', async () => {
		const home = mkdtempSync(path.join(os.tmpdir(), 'bigstat42-usage-'));
		writeFileSync(path.join(home, 'bad.json'), JSON.stringify([{user_id: 'a', timestamp: 'soon', action_type: 'x'}, {user_id: 'b'}]));
		const result = await runCli(['usage-summary', 'bad.json'], {home});
		expect(result.code).toBe(1);
		// Numbered from 1, like `bigstat42 import`.
		expect(result.stderr).toMatch(/record 1: .*timestamp/);
		expect(result.stderr).toMatch(/record 2: .*action_type|record 2: .*timestamp/);
		expect(result.stderr).not.toContain('record 0');
		expect(result.stderr).toContain('nothing summarised');
	});

	it('reads NDJSON as well as a JSON array', async () => {
		const lines = sample.map((record) => JSON.stringify(record)).join('\n');
		const result = await runCli(['usage-summary', '-'], {input: `${lines}\n`});
		expect(result.code).toBe(0);
		const summary = JSON.parse(result.stdout) as Record<string, any>;
		expect(summary.action_wise_counts).toEqual({login: 4, logout: 1, purchase: 1, view: 2});
		const broken = await runCli(['usage-summary', '-'], {input: `${lines}\n{"user_id": \n`});
		expect(broken.code).toBe(1);
		expect(broken.stderr).toMatch(/not valid JSON \(line 9: /);
	});

	it('explains a missing file and a non-JSON file', async () => {
		const missing = await runCli(['usage-summary', 'nope.json']);
		expect(missing.code).toBe(1);
		expect(missing.stderr).toContain('nope.json: no such file or directory (ENOENT)');
		const garbage = await runCli(['usage-summary', path.join(repoRoot, 'README.md')]);
		expect(garbage.code).toBe(1);
		expect(garbage.stderr).toContain('not valid JSON');
	});

	it('says an empty file (or only blank lines) is empty, not "Unexpected end of JSON input"', async () => {
		for (const input of ['', '\n\n', '\uFEFF  \n']) {
			// eslint-disable-next-line no-await-in-loop
			const result = await runCli(['usage-summary', '-', '--json'], {input});
			expect(result.code).toBe(1);
			expect(result.stdout).toBe('');
			expect(result.stderr).toBe('usage-summary: stdin is empty: nothing to summarise (give a JSON array or NDJSON of events)\n');
		}
	});
});
