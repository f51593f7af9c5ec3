/**
 * `bigstat42 report` writes the charts as PNG and SVG beside summary.txt (the original's five
 * names among them), `--charts none` skips them without importing a chart library, and neither
 * `summary` nor the UI's start-up imports one.
 */
import {existsSync, readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import {PNG} from 'pngjs';
import {describe, expect, it} from 'vitest';
import {OKABE_ITO} from '../../source/charts/palette.js';
import {repoRoot, runCli, tempHome} from '../helpers/run-cli.js';

const NOW = '2026-11-22T15:00:00Z';
const demo = ['--demo', '--now', NOW];
const ORIGINAL = ['usage_heatmap_day_hour', 'usage_heatmap_hosts_hour', 'hourly_usage', 'daily_usage', 'top_hosts'];
const OURS = ['top_users', 'usage_trend', 'events_by_type', 'events_daily', 'events_by_hour'];
const forbid = {NODE_OPTIONS: `--import=${pathToFileURL(path.join(repoRoot, 'test/helpers/forbid-chart-libraries.mjs')).href}`};

function pngSize(file: string): [number, number] {
	const image = PNG.sync.read(readFileSync(file));
	return [image.width, image.height];
}

describe('report charts', () => {
	it('writes every chart as PNG and SVG, the original five at its sizes, nothing half-written', async () => {
		const home = tempHome();
		const result = await runCli(['report', ...demo, '--days', '7', '--output', 'out'], {home});
		expect(result.stderr).toBe(`wrote 41 files to ${path.join(home, 'out')}\n`);
		expect(result.code).toBe(0);
		const out = path.join(home, 'out');
		const files = readdirSync(out);
		for (const id of [...ORIGINAL, ...OURS]) {
			expect(files).toContain(`${id}.png`);
			expect(files).toContain(`${id}.svg`);
		}

		expect(files).toContain('summary.txt');
		expect(files.some((name) => name.endsWith('.tmp'))).toBe(false);
		// The original's 16×8, 14×6, 12×6 and 14×8 inch figures at 200 dpi.
		expect(pngSize(path.join(out, 'usage_heatmap_day_hour.png'))).toEqual([3200, 1600]);
		expect(pngSize(path.join(out, 'hourly_usage.png'))).toEqual([2800, 1200]);
		expect(pngSize(path.join(out, 'daily_usage.png'))).toEqual([2400, 1200]);
		expect(pngSize(path.join(out, 'top_hosts.png'))).toEqual([2800, 1600]);
		expect(pngSize(path.join(out, 'events_by_type.png'))).toEqual([1200, 700]);
		const svg = readFileSync(path.join(out, 'usage_heatmap_day_hour.svg'), 'utf8');
		expect(svg.includes('Mean occupied seats by weekday and hour')).toBe(true);
		expect(svg.includes('Demo Campus · 2026-11-16 – 2026-11-22 · Europe/Paris')).toBe(true);
		const top = PNG.sync.read(readFileSync(path.join(out, 'top_hosts.png')));
		const [r, g, b] = [0x00, 0x9e, 0x73];
		let green = 0;
		for (let i = 0; i < top.data.length; i += 4) if (top.data[i] === r && top.data[i + 1] === g && top.data[i + 2] === b) green++;
		expect(OKABE_ITO.green.toLowerCase()).toBe('#009e73');
		expect(green).toBeGreaterThan(50_000);
	});

	it('--compat bigstat42 draws the original numbers and titles in the five', async () => {
		const home = tempHome();
		const result = await runCli(['report', ...demo, '--days', '7', '--compat', 'bigstat42', '--charts', 'svg', '--output', 'out'], {home});
		expect(result.code).toBe(0);
		const out = path.join(home, 'out');
		expect(readdirSync(out).some((name) => name.endsWith('.png'))).toBe(false);
		const compat = JSON.parse((await runCli(['summary', ...demo, '--json', '--compat', 'bigstat42'])).stdout) as {heatmap_day_hour: {counts: number[][]}; hourly_usage: Record<string, number>};
		const heat = readFileSync(path.join(out, 'usage_heatmap_day_hour.svg'), 'utf8');
		expect(heat.includes('Cluster Usage Heatmap - Day vs Hour')).toBe(true);
		// Each non-empty cell is labelled with the original's count (Monday row, first busy hour).
		const monday = compat.heatmap_day_hour.counts[0]!;
		const hour = monday.findIndex((count) => count > 0);
		// (includes, not toMatch: a failure would print the whole SVG)
		expect(heat.includes(`aria-label="Hour of day (UTC, hour starting): ${String(hour).padStart(2, '0')}; Day of week: Mon; Number of Sessions: ${(monday[hour] ?? 0).toLocaleString('en-US')}; `)).toBe(true);
		const hourly = readFileSync(path.join(out, 'hourly_usage.svg'), 'utf8');
		expect(hourly.includes('Cluster Usage by Hour of Day')).toBe(true);
		expect(hourly.includes(`Hour of Day (UTC): 12; Number of Sessions: ${(compat.hourly_usage['12'] ?? 0).toLocaleString('en-US')}"`)).toBe(true);
		expect(readFileSync(path.join(out, 'top_hosts.svg'), 'utf8').includes('Top 20 Most Used Computers')).toBe(true);
	});

	it('--charts none writes no chart file and imports no chart library; summary and the UI start-up import none either', async () => {
		const home = tempHome();
		const none = await runCli(['report', ...demo, '--days', '7', '--charts', 'none', '--output', 'out'], {home, env: forbid});
		expect(none.stderr).toBe(`wrote 21 files to ${path.join(home, 'out')}\n`);
		expect(none.code).toBe(0);
		expect(readdirSync(path.join(home, 'out')).filter((name) => /\.(png|svg)$/.test(name))).toEqual([]);
		const summary = await runCli(['summary', ...demo, '--json'], {env: forbid});
		expect(summary.code).toBe(0);
		const frame = await runCli([...demo], {env: forbid});
		expect(frame.stderr).toBe('');
		expect(frame.code).toBe(0);
		// The guard works: drawing a chart under it fails.
		const drawn = await runCli(['report', ...demo, '--days', '7', '--charts', 'svg', '--output', 'drawn'], {home, env: forbid});
		expect(drawn.code).toBe(1);
		expect(drawn.stderr).toContain('chart library imported: vega');
		expect(existsSync(path.join(home, 'drawn', 'summary.txt'))).toBe(false);
	});

	it('rejects an unknown --charts value', async () => {
		const result = await runCli(['report', ...demo, '--charts', 'gif', '--output', 'out']);
		expect(result.code).toBe(2);
		expect(result.stderr).toContain('--charts "gif": expected png, svg, png,svg or none');
	});
});
