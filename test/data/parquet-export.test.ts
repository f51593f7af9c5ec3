/**
 * `export --format parquet` read back by an independent reader (DuckDB): every row and column
 * as written, and the README's DuckDB recipe (weekday × hour and hourly starts, UTC) equal to
 * `summary --json --compat bigstat42` of the same data.
 */
import {readFileSync, readdirSync} from 'node:fs';
import path from 'node:path';
import {DuckDBInstance} from '@duckdb/node-api';
import {beforeAll, describe, expect, it} from 'vitest';
import {runCli, tempHome} from '../helpers/run-cli.js';

const NOW = '2026-11-22T15:00:00Z';

async function query(sql: string): Promise<Array<Record<string, unknown>>> {
	const instance = await DuckDBInstance.create(':memory:');
	const connection = await instance.connect();
	await connection.run("SET TimeZone = 'UTC'");
	const reader = await connection.runAndReadAll(sql);
	const rows = reader.getRowObjectsJson() as Array<Record<string, unknown>>;
	connection.closeSync();
	return rows;
}

/** The README's recipe, with the export's directory. */
function recipe(directory: string): {heatmap: string; hourly: string} {
	const source = `read_parquet('${directory}/**/*.parquet', hive_partitioning = true)`;
	return {
		heatmap: `SELECT isodow(begin_at) - 1 AS weekday, hour(begin_at) AS hour, count(*) AS starts FROM ${source} GROUP BY ALL ORDER BY ALL`,
		hourly: `SELECT hour(begin_at) AS hour, count(*) AS starts FROM ${source} GROUP BY ALL ORDER BY ALL`,
	};
}

describe('export --format parquet', () => {
	const home = tempHome();
	const sessionsDir = path.join(home, 'sessions');
	const eventsDir = path.join(home, 'events');

	beforeAll(async () => {
		for (const [what, directory] of [['sessions', sessionsDir], ['events', eventsDir]] as const) {
			const result = await runCli(['export', '--demo', '--now', NOW, '--what', what, '--format', 'parquet', '--output', directory], {home});
			expect(result.code, result.stderr).toBe(0);
			expect(result.stderr).toMatch(new RegExp(`exported \\d+ ${what} to .* \\(\\d+ Parquet files, one per month\\)`));
		}
	}, 60_000);

	it('writes one file per UTC month in hive-style partitions', () => {
		const years = readdirSync(sessionsDir);
		expect(years.every((name) => /^year=\d{4}$/.test(name))).toBe(true);
		const months = years.flatMap((year) => readdirSync(path.join(sessionsDir, year)).map((month) => `${year}/${month}`));
		expect(months.length).toBeGreaterThanOrEqual(3);
		for (const month of months) expect(readdirSync(path.join(sessionsDir, month))).toEqual(['part-0.parquet']);
		expect(readFileSync(path.join(sessionsDir, months[0] ?? '', 'part-0.parquet')).subarray(0, 4).toString()).toBe('PAR1');
	});

	it('holds every session and event of the JSON export, column for column', async () => {
		const json = JSON.parse((await runCli(['export', '--demo', '--now', NOW, '--format', 'json'], {home})).stdout) as Array<{id: number; begin_at: string; end_at: string | null; host: string; campus_id: number | null; user: {id: number | null; login: string | null} | null}>;
		const rows = await query(`SELECT id, user_id, login, host, strftime(begin_at, '%Y-%m-%dT%H:%M:%S.%g') || 'Z' AS begin_at, CASE WHEN end_at IS NULL THEN NULL ELSE strftime(end_at, '%Y-%m-%dT%H:%M:%S.%g') || 'Z' END AS end_at, campus_id, year, month FROM read_parquet('${sessionsDir}/**/*.parquet', hive_partitioning = true) ORDER BY begin_at, id`);
		expect(rows.length).toBe(json.length);
		const expected = json.map((row) => ({
			id: String(row.id),
			user_id: row.user?.id === null || row.user === null ? null : String(row.user.id),
			login: row.user?.login ?? null,
			host: row.host,
			begin_at: row.begin_at,
			end_at: row.end_at,
			campus_id: row.campus_id,
		}));
		expect(rows.map(({year: _year, month: _month, ...rest}) => rest)).toEqual(expected);
		// The partition is the UTC month of begin_at.
		for (const row of rows.slice(0, 50)) expect(`${String(row['year'])}-${String(row['month']).padStart(2, '0')}`).toBe(String(row['begin_at']).slice(0, 7));
		const open = rows.filter((row) => row['end_at'] === null).length;
		expect(open).toBeGreaterThan(0);

		const events = (await runCli(['export', '--demo', '--now', NOW, '--what', 'events', '--format', 'ndjson'], {home})).stdout.trim().split('\n');
		const [eventCount] = await query(`SELECT count(*) AS n, count(DISTINCT event_type) AS types FROM read_parquet('${eventsDir}/**/*.parquet', hive_partitioning = true)`);
		expect(Number(eventCount?.['n'])).toBe(events.length);
	});

	it("the README's DuckDB recipe gives the weekday × hour and hourly starts of --compat bigstat42", async () => {
		const compat = JSON.parse((await runCli(['summary', '--demo', '--now', NOW, '--json', '--compat', 'bigstat42'], {home})).stdout) as {
			hourly_usage: Record<string, number>;
			heatmap_day_hour: {rows: string[]; columns: string[]; counts: number[][]};
		};
		const sql = recipe(sessionsDir);
		const heatmap = Array.from({length: 7}, () => Array.from({length: 24}, () => 0));
		for (const row of await query(sql.heatmap)) heatmap[Number(row['weekday'])]![Number(row['hour'])] = Number(row['starts']);
		expect(heatmap).toEqual(compat.heatmap_day_hour.counts);
		const hourly: Record<string, number> = Object.fromEntries(Array.from({length: 24}, (_, hour) => [String(hour), 0]));
		for (const row of await query(sql.hourly)) hourly[String(row['hour'])] = Number(row['starts']);
		expect(hourly).toEqual({...compat.hourly_usage});
	});

	it('refuses a non-empty directory and a missing --output, writing nothing', async () => {
		const again = await runCli(['export', '--demo', '--now', NOW, '--format', 'parquet', '--output', sessionsDir], {home});
		expect(again.code).toBe(1);
		expect(again.stderr).toContain('is not empty');
		const missing = await runCli(['export', '--demo', '--format', 'parquet'], {home});
		expect(missing.code).toBe(2);
		expect(missing.stderr).toContain('give --output DIR');
	});
});
