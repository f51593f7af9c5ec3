/**
 * The TUI command without a terminal (pipes): static frame, --json, refusals and exit codes.
 */
import {describe, expect, it} from 'vitest';
import {runCli} from '../helpers/run-cli.js';

const demo = ['--demo', '--now', '2026-11-22T15:00:00Z'];

describe('bigstat42 (no sub-command) without a terminal', () => {
	it('prints one static frame of the overview at 80 columns, never more than height - 1 lines', async () => {
		const result = await runCli([...demo]);
		expect(result.code).toBe(0);
		expect(result.stdout).toContain('Demo Campus · 7d (16 Nov–22 Nov) · Europe/Paris · Overview');
		const lines = result.stdout.trimEnd().split('\n');
		expect(lines.length).toBeLessThanOrEqual(23);
		for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
		// No legend: nothing here reads keys.
		expect(result.stdout).not.toContain('? help');
		expect(result.stdout).not.toContain('\u001B[');
	});

	it('honours --view, --range, --width and --height', async () => {
		const result = await runCli([...demo, '--view', 'heatmap', '--range', '30d', '--width', '100', '--height', '30', '--once']);
		expect(result.code).toBe(0);
		expect(result.stdout).toContain('30d (24 Oct–22 Nov)');
		expect(result.stdout).toContain('Heatmap');
		for (const line of result.stdout.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
	});

	it.each([['overview'], ['heatmap'], ['hourly'], ['hosts'], ['map'], ['users'], ['events']])('--ascii draws the %s frame in ASCII only, header included', async (view) => {
		const result = await runCli([...demo, '--ascii', '--view', view, '--width', '120', '--height', '40']);
		expect(result.code).toBe(0);
		expect(result.stdout).toContain('bigstat42 | Demo Campus | 7d (16 Nov-22 Nov) | Europe/Paris');
		expect(result.stdout.split('\n').filter((line) => /[^\u0000-\u007F]/.test(line))).toEqual([]);
	});

	it('prints the summary of the range with --json', async () => {
		const result = await runCli([...demo, '--json', '--range', '1d']);
		expect(result.code).toBe(0);
		const summary = JSON.parse(result.stdout) as {range: {from: string; to: string}; sessions: {total: number}};
		expect(summary.range.from).toBe('2026-11-21T23:00:00.000Z');
		expect(summary.sessions.total).toBeGreaterThan(0);
	});

	it('refuses --interactive without a terminal (exit 2)', async () => {
		const result = await runCli([...demo, '--interactive']);
		expect(result.code).toBe(2);
		expect(result.stderr).toContain('needs an interactive terminal; use --once or --json');
	});

	it('says how to get data when the store is empty (an empty frame, exit 0, as summary does)', async () => {
		const result = await runCli(['--now', '2026-11-22T15:00:00Z']);
		expect(result.code).toBe(0);
		expect(result.stderr).toContain('bigstat42 sync');
		expect(result.stderr).toContain('bigstat42 import');
		expect(result.stderr).toContain('--demo');
	});

	it('rejects bad flags with exit 2', async () => {
		expect((await runCli([...demo, '--range', '2w'])).code).toBe(2);
		expect((await runCli([...demo, '--view', 'nope'])).code).toBe(2);
		expect((await runCli([...demo, '--width', '3'])).code).toBe(2);
		expect((await runCli([...demo, '--bogus'])).code).toBe(2);
	});

	it('prints its help', async () => {
		const result = await runCli(['--demo', '--help']);
		expect(result.code).toBe(0);
		expect(result.stdout).toContain('--watch FILE');
	});
});
