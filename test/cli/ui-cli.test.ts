/**
 * The dashboard's command line as a new user meets it (issue "The UI and the CLI as a demanding
 * new user finds them"): the built binary, spawned without a terminal.
 */
import {existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {runCli, tempHome} from '../helpers/run-cli.js';

const NOW = '2026-11-22T15:00:00Z';
const demo = ['--demo', '--now', NOW];

describe('bigstat42 dashboard flags', () => {
	it('lists the UI flags in the top-level help', async () => {
		const result = await runCli(['--help']);
		expect(result.code).toBe(0);
		for (const flag of ['--range', '--view', '--once', '--live', '--watch', '--ascii', '--days', '--json']) expect(result.stdout).toContain(flag);
	});

	it('a usage error of the dashboard is one line naming "bigstat42" (no "tui" command) and a hint', async () => {
		const result = await runCli([...demo, '--bogus']);
		expect(result.code).toBe(2);
		expect(result.stderr).toBe('bigstat42: Unknown flag: --bogus\nRun `bigstat42 --help` for the flags and commands.\n');
	});

	it('writes no colour escapes to a pipe, with or without --ascii, unless FORCE_COLOR asks', async () => {
		for (const extra of [[], ['--ascii']]) {
			// eslint-disable-next-line no-await-in-loop
			const plain = await runCli([...demo, '--once', '--view', 'hourly', ...extra], {unset: ['FORCE_COLOR', 'NO_COLOR']});
			expect(plain.code).toBe(0);
			expect(plain.stdout).toContain('Hourly');
			expect(plain.stdout).not.toContain('\u001B[');
		}

		const forced = await runCli([...demo, '--once', '--view', 'hourly'], {env: {FORCE_COLOR: '1'}, unset: ['NO_COLOR']});
		expect(forced.stdout).toContain('\u001B[');
	});
});

describe('bigstat42 range flags (shared with summary)', () => {
	it('opens on --days N, --from/--to, and prints the same summary as `summary --json` for them', async () => {
		const frame = await runCli([...demo, '--days', '30', '--once']);
		expect(frame.code).toBe(0);
		expect(frame.stdout.split('\n')[0]).toContain('30d (24 Oct–22 Nov)');
		const bounds = await runCli([...demo, '--from', '2026-11-01', '--to', '2026-11-15', '--once']);
		expect(bounds.stdout.split('\n')[0]).toContain('1 Nov–14 Nov');
		const json = await runCli([...demo, '--days', '30', '--max-session', '12h', '--json']);
		const summary = await runCli(['summary', ...demo, '--days', '30', '--max-session', '12h', '--json']);
		expect(json.code).toBe(0);
		expect(JSON.parse(json.stdout)).toEqual(JSON.parse(summary.stdout));
	});

	it('refuses --range with --days, and a bad --top, as usage errors', async () => {
		const both = await runCli([...demo, '--range', '7d', '--days', '3', '--once']);
		expect(both.code).toBe(2);
		expect(both.stderr).toContain('use either --range or --days / --from / --to');
		const top = await runCli([...demo, '--top', '0', '--once']);
		expect(top.code).toBe(2);
		expect(top.stderr).toContain('--top must be a positive whole number');
	});
});

describe('bigstat42 --json --view NAME', () => {
	it('prints that view\'s table (every row) as JSON; --json alone stays the summary', async () => {
		const hosts = await runCli([...demo, '--json', '--view', 'hosts', '--days', '7']);
		expect(hosts.code).toBe(0);
		const document = JSON.parse(hosts.stdout) as {view: string; columns: string[]; rows: Array<Record<string, unknown>>; range: {label: string}};
		expect(document.view).toBe('hosts');
		expect(document.columns).toContain('seatHours');
		expect(document.range.label).toBe('7d (16 Nov–22 Nov)');
		const summary = JSON.parse((await runCli([...demo, '--json', '--days', '7'])).stdout) as {sessions: {uniqueHosts: number}};
		// Every host of the range, and the known hosts idle in it (the hosts table lists both).
		expect(document.rows.length).toBeGreaterThanOrEqual(summary.sessions.uniqueHosts);
		expect(document.rows.filter((row) => (row['users'] as number) > 0).length).toBeLessThanOrEqual(summary.sessions.uniqueHosts);
		const users = JSON.parse((await runCli([...demo, '--json', '--view', 'users'])).stdout) as {rows: Array<{login: string}>};
		expect(users.rows.length).toBeGreaterThan(100);
	});
});

describe('an empty store: one behaviour for every reader', () => {
	it('--json prints the empty summary and --once the empty frame, exit 0, with the hint on stderr (as summary --json)', async () => {
		const home = tempHome();
		const store = path.join(home, 'nothing-here');
		for (const args of [['--json'], ['--once'], ['summary', '--json']]) {
			const command = args[0] === 'summary' ? ['summary', '--db', store, '--now', NOW, ...args.slice(1)] : ['--db', store, '--now', NOW, ...args];
			// eslint-disable-next-line no-await-in-loop
			const result = await runCli(command, {home});
			expect(result.code, args.join(' ')).toBe(0);
			expect(result.stderr, args.join(' ')).toContain(`the store at ${store} has no sessions or events yet`);
			if (args.includes('--json')) expect(JSON.parse(result.stdout).sessions.total).toBe(0);
			else expect(result.stdout).toContain('Overview');
		}
	});
});

describe('output paths that cannot be used fail fast and clean', () => {
	it('report --output /proc/nope exits 1 at once with a clear message (it spun at 100 % CPU)', async () => {
		const report = await runCli(['report', ...demo, '--output', '/proc/nope/deeper']);
		expect(report.code).toBe(1);
		expect(report.stderr).toBe('bigstat42 report: cannot create the folder /proc/nope: /proc does not allow new folders (a virtual file system such as /proc?)\n');
	});

	it('export --output DIR onto a directory says so and leaves no DIR.tmp behind', async () => {
		const home = tempHome();
		const directory = path.join(home, 'out');
		mkdirSync(directory);
		const result = await runCli(['export', ...demo, '--output', directory], {home});
		expect(result.code).toBe(1);
		expect(result.stderr).toContain(`--output ${directory} is a directory: give a file name`);
		expect(existsSync(`${directory}.tmp`)).toBe(false);
	});
});

describe('summary: users ranked by logtime; --compat refuses a range', () => {
	it('lists the top users by logtime in text and in --json (as many as --top)', async () => {
		const text = await runCli(['summary', ...demo, '--days', '7', '--top', '3']);
		expect(text.stdout).toContain('Top users (by logtime)');
		const json = JSON.parse((await runCli(['summary', ...demo, '--days', '7', '--top', '3', '--json'])).stdout) as {sessions: {topUsers: Array<{login: string; logtimeHours: number}>}};
		expect(json.sessions.topUsers).toHaveLength(3);
		const hours = json.sessions.topUsers.map((user) => user.logtimeHours);
		expect(hours).toEqual([...hours].sort((a, b) => b - a));
		expect(text.stdout).toContain(json.sessions.topUsers[0]?.login ?? '?');
	});

	it('summary --compat bigstat42 --days 7 is refused instead of ignoring --days', async () => {
		const result = await runCli(['summary', ...demo, '--compat', 'bigstat42', '--days', '7']);
		expect(result.code).toBe(2);
		expect(result.stderr).toContain('--compat bigstat42 covers all the data');
	});
});

describe('smaller CLI rough edges', () => {
	it('usage-summary accepts --json (its output is JSON anyway) and one NDJSON line; says a missing file in words', async () => {
		const home = tempHome();
		writeFileSync(path.join(home, 'one.ndjson'), '{"user_id":"a","action_type":"login","timestamp":"2026-11-22T10:00:00Z"}\n');
		const result = await runCli(['usage-summary', '--json', 'one.ndjson'], {home});
		expect(result.code).toBe(0);
		expect(JSON.parse(result.stdout)).toMatchObject({unique_users: ['a']});
		const missing = await runCli(['usage-summary', 'nope.json'], {home});
		expect(missing.code).toBe(1);
		expect(missing.stderr).toContain('no such file or directory');
	});

	it('import of records of no known kind does not say "without records, 1 record"', async () => {
		const home = tempHome();
		writeFileSync(path.join(home, 'odd.ndjson'), '{"foo":1}\n');
		const result = await runCli(['import', '--db', path.join(home, 'store'), 'odd.ndjson'], {home});
		expect(result.stderr + result.stdout).not.toContain('without records');
		expect(result.stderr + result.stdout).toContain('not a recognised format: none of its 1 records looks like');
	});
});

describe('export → import keeps the campus', () => {
	it('the campus name and time zone survive, so the same 7 days give the same figures', async () => {
		const home = tempHome();
		const file = path.join(home, 'sessions.ndjson');
		expect((await runCli(['export', ...demo, '--format', 'ndjson', '--output', file], {home})).code).toBe(0);
		const store = path.join(home, 'store');
		expect((await runCli(['import', '--db', store, file], {home})).code).toBe(0);
		const imported = await runCli(['summary', '--db', store, '--now', NOW, '--days', '7'], {home});
		expect(imported.stdout.split('\n')[0]).toBe('bigstat42 · Demo Campus · Europe/Paris');
		const again = JSON.parse((await runCli(['summary', '--db', store, '--now', NOW, '--days', '7', '--json'], {home})).stdout) as {sessions: {total: number}};
		const original = JSON.parse((await runCli(['summary', ...demo, '--days', '7', '--json'])).stdout) as {sessions: {total: number}};
		expect(again.sessions.total).toBe(original.sessions.total);
	});

	it('without --format the --output extension decides (.ndjson, .jsonl, .json), so the default export re-imports', async () => {
		const home = tempHome();
		for (const [name, first] of [['s.ndjson', '{'], ['s.jsonl', '{'], ['s.json', '['], ['s.csv', 'id,']] as const) {
			const file = path.join(home, name);
			expect((await runCli(['export', ...demo, '--days', '7', '--output', file], {home})).code, name).toBe(0);
			expect(readFileSync(file, 'utf8').slice(0, first.length), name).toBe(first);
		}

		const store = path.join(home, 'store');
		expect((await runCli(['import', '--db', store, path.join(home, 's.ndjson')], {home})).code).toBe(0);
		const imported = await runCli(['summary', '--db', store, '--now', NOW, '--days', '7'], {home});
		expect(imported.stdout.split('\n')[0]).toBe('bigstat42 · Demo Campus · Europe/Paris');
	});
});
