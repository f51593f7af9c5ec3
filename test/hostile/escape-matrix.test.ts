/**
 * Issue 13, campaign "escape-sequence matrix over every output": data holding every hidden or
 * terminal-driving character (CSI, OSC, 8-bit CSI, DEL, bidi overrides and isolates, zero-width
 * characters, BOM, soft hyphen, U+2028/2029, a tag character) goes through the built binary, and
 * every output is checked: summary text and --json, export csv/json/ndjson (sessions and events),
 * the import report and import --json, usage-summary, report files, and the TUI's static frame of
 * every view. No output holds one of those characters raw; JSON outputs read back the exact
 * original strings; text outputs show them as visible <U+XXXX> markers (look-alikes told apart).
 */
import {mkdtempSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {beforeAll, describe, expect, it} from 'vitest';
import {textWidth} from '../../source/core/ui/text.js';
import {TOP_VIEWS} from '../../source/ui/view-contract.js';
import {runCli, tempHome} from '../helpers/run-cli.js';

/** Every character the outputs must never carry raw, one per hostile string. */
const HOSTILE = {
	csi: '\u001B[2J\u001B[31m',
	osc: '\u001B]0;pwned\u0007',
	c1: '\u009B31m\u0085',
	del: 'x\u007F',
	bidi: '\u202Eevil\u202C',
	isolate: '\u2066iso\u2069',
	zeroWidth: 'c1\u200Br1s1',
	joiner: 'c1r1\u200Ds1',
	mark: 'c1\u200Er1s1',
	bom: '\uFEFFbom',
	softHyphen: 'soft\u00ADhyphen',
	separators: 'a\u2028b\u2029c',
	tag: 'tag\u{E0041}',
} as const;

// Raw C0 (tab, LF and CR allowed: CSV keeps line breaks in quoted fields), DEL, C1, format
// characters (bidi, zero-width, BOM, soft hyphen, tags) and the line/paragraph separators.
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\p{Cf}\u2028\u2029]/u;

const values = Object.values(HOSTILE);
const logins = values.map((value, i) => `u${i}${value}`);
const hosts = values.map((value, i) => `h${i}${value}`);
const now = '2026-01-10T12:00:00Z';

function expectInert(name: string, text: string): void {
	const match = FORBIDDEN.exec(text);
	expect(match === null ? null : `U+${(match[0].codePointAt(0) ?? 0).toString(16)} at ${match.index}: ${JSON.stringify(text.slice(Math.max(0, match.index - 40), match.index + 40))}`, name).toBeNull();
}

/** Every string of a parsed JSON value. */
function strings(value: unknown, into: Set<string> = new Set()): Set<string> {
	if (typeof value === 'string') into.add(value);
	else if (Array.isArray(value)) for (const item of value) strings(item, into);
	else if (value && typeof value === 'object') for (const [key, item] of Object.entries(value)) strings(item, into.add(key));
	return into;
}

describe('campaign: the escape-sequence matrix over every output', () => {
	const home = tempHome();
	const db = path.join(home, 'store');
	const dir = mkdtempSync(path.join(os.tmpdir(), 'bigstat42-matrix-'));
	// A file name holding hidden characters too: import prints it.
	const eventsFile = path.join(dir, `events${HOSTILE.bidi}${HOSTILE.zeroWidth}.ndjson`);
	const locationsFile = path.join(dir, 'locations.json');
	const outputs: Array<{name: string; text: string}> = [];
	let importJson = '';

	beforeAll(async () => {
		const begin = Date.parse('2026-01-05T08:00:00Z');
		const locations = values.map((_, i) => ({
			id: 100 + i,
			begin_at: new Date(begin + i * 3_600_000).toISOString(),
			end_at: i % 4 === 0 ? null : new Date(begin + i * 3_600_000 + 5_400_000).toISOString(),
			host: hosts[i],
			campus_id: 1,
			user: {id: 500 + i, login: logins[i]},
		}));
		// Three look-alikes of the seat c1r1s1 (and the seat itself) for the cluster map.
		const lookAlikes = ['c1r1s1', 'c1\u200Br1s1', 'c1r1\u200Ds1', '\u2066c1r1s1\u2069'].map((host, i) => ({
			id: 200 + i,
			begin_at: new Date(begin + i * 60_000).toISOString(),
			end_at: new Date(begin + i * 60_000 + 3_600_000).toISOString(),
			host,
			campus_id: 1,
			user: {id: 700 + i, login: `look${i}`},
		}));
		writeFileSync(locationsFile, JSON.stringify([...locations, ...lookAlikes]));
		const events = values.map((value, i) => JSON.stringify({id: 900 + i, user_id: logins[i], event_type: `t${value}`, metadata: {note: value}, timestamp: new Date(begin + i * 600_000).toISOString()}));
		// Two bad records whose reasons quote hostile values.
		events.push(JSON.stringify({user_id: 'x', event_type: 'x', timestamp: `${HOSTILE.osc}${HOSTILE.c1}${HOSTILE.bidi}`}));
		events.push(JSON.stringify({user_id: {bad: HOSTILE.zeroWidth}, event_type: 'x', timestamp: now}));
		writeFileSync(eventsFile, `${events.join('\n')}\n`);

		const text = await runCli(['import', '--db', db, locationsFile, eventsFile], {home});
		expect(text.code, text.stderr).toBe(1);
		outputs.push({name: 'import (text report)', text: text.stderr + text.stdout});
		const json = await runCli(['import', '--json', '--db', db, locationsFile, eventsFile], {home});
		outputs.push({name: 'import --json', text: json.stdout}, {name: 'import --json (stderr)', text: json.stderr});
		importJson = json.stdout;
	});

	it('import: the report marks hidden characters; --json reads back the exact file name and reasons', () => {
		for (const output of outputs) expectInert(output.name, output.text);
		const report = JSON.parse(importJson) as {sources: Array<{source: string; issues: Array<{reason: string}>}>};
		expect(report.sources.map((source) => source.source)).toContain(eventsFile);
		expect(report.sources[1]?.issues).toHaveLength(2);
		expect(report.sources[1]?.issues[0]?.reason).toContain(HOSTILE.bidi);
		const textReport = outputs[0]?.text ?? '';
		expect(textReport).toContain('<U+202E>evil<U+202C>');
		expect(textReport).toContain('c1<U+200B>r1s1');
		expect(textReport).toContain('<U+009B>31m');
	});

	it('summary text and --json, usage-summary', async () => {
		const base = ['--db', db, '--now', now, '--tz', 'UTC'];
		const text = await runCli(['summary', ...base], {home});
		expect(text.code, text.stderr).toBe(0);
		expectInert('summary', text.stdout + text.stderr);
		expect(text.stdout).toContain('h6c1<U+200B>r1s1');
		expect(text.stdout).toContain('h7c1r1<U+200D>s1');

		const json = await runCli(['summary', '--json', ...base], {home});
		expect(json.code, json.stderr).toBe(0);
		expectInert('summary --json', json.stdout);
		const found = strings(JSON.parse(json.stdout));
		for (const host of hosts.slice(0, 8)) expect(found.has(host), JSON.stringify(host)).toBe(true);

		const events = path.join(dir, 'usage.json');
		writeFileSync(events, JSON.stringify(values.map((value, i) => ({user_id: logins[i], action_type: `a${value}`, timestamp: '2026-01-05T09:00:00Z'}))));
		const usage = await runCli(['usage-summary', events], {home});
		expect(usage.code, usage.stderr).toBe(0);
		expectInert('usage-summary', usage.stdout + usage.stderr);
		const usageStrings = strings(JSON.parse(usage.stdout));
		for (const login of logins) expect(usageStrings.has(login), JSON.stringify(login)).toBe(true);
	});

	it('export csv, json and ndjson of sessions and events', async () => {
		for (const what of ['sessions', 'events']) {
			for (const format of ['csv', 'json', 'ndjson']) {
				const result = await runCli(['export', '--db', db, '--now', now, '--what', what, '--format', format], {home});
				const name = `export --what ${what} --format ${format}`;
				expect(result.code, `${name}: ${result.stderr}`).toBe(0);
				expectInert(name, result.stdout + result.stderr);
				if (format === 'csv') {
					expect(result.stdout).toContain(what === 'sessions' ? 'c1<U+200B>r1s1' : '<U+202E>evil<U+202C>');
					continue;
				}

				const parsed: unknown = format === 'json' ? JSON.parse(result.stdout) : result.stdout.trim().split('\n').map((line) => JSON.parse(line) as unknown);
				const found = strings(parsed);
				for (const login of logins) expect(found.has(login), `${name} ${JSON.stringify(login)}`).toBe(true);
				if (what === 'events') for (const value of values) expect(found.has(`t${value}`) && found.has(value), `${name} ${JSON.stringify(value)}`).toBe(true);
			}
		}
	});

	it('report files (summary.txt, every CSV and SVG)', async () => {
		const out = path.join(dir, 'report');
		const result = await runCli(['report', '--db', db, '--now', now, '--output', out], {home});
		expect(result.code, result.stderr).toBe(0);
		expectInert('report (stdout/stderr)', result.stdout + result.stderr);
		const files = readdirSync(out);
		expect(files).toContain('summary.txt');
		// Every text file (PNG charts are binary images, not text).
		for (const file of files.filter((name) => !name.endsWith('.png'))) expectInert(`report ${file}`, readFileSync(path.join(out, file), 'utf8'));
	});

	it('the TUI static frame of every view (--once), and the TUI --json', async () => {
		let marked = 0;
		for (const view of TOP_VIEWS) {
			const result = await runCli(['--db', db, '--now', now, '--view', view, '--range', 'all', '--width', '160', '--height', '40', '--once'], {home});
			expect(result.code, `${view}: ${result.stderr}`).toBe(0);
			expectInert(`--once --view ${view}`, result.stdout + result.stderr);
			// The markers are measured like any text: no line overflows the width.
			for (const line of result.stdout.split('\n')) expect(textWidth(line), `${view}: ${line}`).toBeLessThanOrEqual(160);
			if (result.stdout.includes('<U+')) marked++;
			if (view === 'map') {
				// The look-alikes of c1r1s1 are told apart: listed as names matching no seat pattern, with markers.
				expect(result.stdout).toContain('c1<U+200B>r1s1');
				expect(result.stdout).toContain('c1r1<U+200D>s1');
			}
		}

		// The host, user and event views draw the data strings, with visible markers.
		expect(marked).toBeGreaterThanOrEqual(4);
		const json = await runCli(['--db', db, '--now', now, '--json'], {home});
		expect(json.code, json.stderr).toBe(0);
		expectInert('--json', json.stdout);
	});
});
