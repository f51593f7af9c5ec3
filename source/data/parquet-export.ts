/**
 * Sessions or events as Parquet, one file per UTC month in hive-style partitions
 * (`year=2026/month=11/part-0.parquet`), so DuckDB, ClickHouse or Spark read a store's history
 * directly: `read_parquet('DIR/**\/*.parquet', hive_partitioning = true)`.
 *
 * Columns are built as Apache Arrow vectors (apache-arrow) and written by parquet-wasm (the Rust
 * parquet crate compiled to WebAssembly), ZSTD-compressed. Timestamps are UTC milliseconds
 * (Parquet TIMESTAMP(MILLIS, UTC)); an open session's `end_at` is null. The directory is written
 * beside its final name and renamed into place when every file is on disk, so a reader never sees
 * half an export.
 */
import {mkdir, open, readdir, rename, rm, rmdir} from 'node:fs/promises';
import path from 'node:path';
import type {EventTable, SessionTable} from '../core/model.js';

/** Rows of one kind selected for the export (indexes into the table, in table order). */
export type ParquetSelection = {readonly rows: Int32Array | readonly number[]};

export type ParquetExportResult = {readonly files: number; readonly rows: number; readonly directory: string};

/** The UTC year and month of an instant, as the partition key `YYYY-MM`. */
function monthKeyUtc(ms: number): string {
	const date = new Date(ms);
	return `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** Rows grouped by the UTC month of `time(row)`, months in ascending order. */
function byMonth(rows: ArrayLike<number>, time: (row: number) => number): Map<string, number[]> {
	const months = new Map<string, number[]>();
	for (let i = 0; i < rows.length; i++) {
		const row = rows[i] ?? 0;
		const key = monthKeyUtc(time(row));
		let list = months.get(key);
		if (!list) {
			list = [];
			months.set(key, list);
		}

		list.push(row);
	}

	return new Map([...months].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

type Arrow = typeof import('apache-arrow');
type ParquetWasm = typeof import('parquet-wasm/node');

/** One Arrow table of sessions. */
function sessionBatch(arrow: Arrow, table: SessionTable, rows: readonly number[]) {
	const n = rows.length;
	const id = new BigInt64Array(n);
	const begin = new Array<number>(n);
	const end = new Array<number | null>(n);
	const userId = new Array<bigint | null>(n);
	const login = new Array<string | null>(n);
	const host = new Array<string>(n);
	const campus = new Array<number | null>(n);
	for (let k = 0; k < n; k++) {
		const i = rows[k] ?? 0;
		id[k] = BigInt(table.id[i] ?? 0);
		begin[k] = table.begin[i] ?? 0;
		const stop = table.end[i] ?? Number.NaN;
		end[k] = Number.isNaN(stop) ? null : stop;
		const user = table.user[i] ?? -1;
		const knownId = user < 0 ? Number.NaN : (table.userIds[user] ?? Number.NaN);
		userId[k] = Number.isNaN(knownId) ? null : BigInt(knownId);
		login[k] = user < 0 ? null : (table.logins[user] ?? null);
		host[k] = table.hosts[table.host[i] ?? 0] ?? '';
		const campusId = table.campus[i] ?? -1;
		campus[k] = campusId < 0 ? null : campusId;
	}

	const timestamp = () => new arrow.TimestampMillisecond('UTC');
	return new arrow.Table({
		id: arrow.makeVector(id),
		user_id: arrow.vectorFromArray(userId, new arrow.Int64()),
		login: arrow.vectorFromArray(login, new arrow.Utf8()),
		host: arrow.vectorFromArray(host, new arrow.Utf8()),
		begin_at: arrow.vectorFromArray(begin, timestamp()),
		end_at: arrow.vectorFromArray(end, timestamp()),
		campus_id: arrow.vectorFromArray(campus, new arrow.Int32()),
	});
}

/** One Arrow table of events. */
function eventBatch(arrow: Arrow, table: EventTable, rows: readonly number[]) {
	const n = rows.length;
	const id = new BigInt64Array(n);
	const time = new Array<number>(n);
	const user = new Array<string | null>(n);
	const type = new Array<string>(n);
	const metadata = new Array<string | null>(n);
	for (let k = 0; k < n; k++) {
		const i = rows[k] ?? 0;
		id[k] = BigInt(table.id[i] ?? 0);
		time[k] = table.time[i] ?? 0;
		const u = table.user[i] ?? -1;
		user[k] = u < 0 ? null : (table.users[u] ?? null);
		type[k] = table.types[table.type[i] ?? 0] ?? '';
		const m = table.meta[i] ?? -1;
		metadata[k] = m < 0 ? null : (table.metadata[m] ?? null);
	}

	return new arrow.Table({
		id: arrow.makeVector(id),
		user_id: arrow.vectorFromArray(user, new arrow.Utf8()),
		event_type: arrow.vectorFromArray(type, new arrow.Utf8()),
		timestamp: arrow.vectorFromArray(time, new arrow.TimestampMillisecond('UTC')),
		metadata: arrow.vectorFromArray(metadata, new arrow.Utf8()),
	});
}

async function writeDurably(file: string, bytes: Uint8Array): Promise<void> {
	const handle = await open(file, 'w');
	try {
		await handle.writeFile(bytes);
		await handle.sync();
	} finally {
		await handle.close();
	}
}

/**
 * Writes the selected rows under `directory` (which must not exist yet, or be empty) as
 * `year=YYYY/month=MM/part-0.parquet`, one file per UTC month of begin_at / timestamp.
 */
/** Why `directory` cannot receive an export (it holds files), or undefined when it can. */
export async function parquetTargetProblem(directory: string): Promise<string | undefined> {
	try {
		const entries = await readdir(directory);
		return entries.length > 0 ? `${directory} is not empty: give a new or empty directory` : undefined;
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'ENOENT') return undefined;
		if (code === 'ENOTDIR') return `${directory} is a file, not a directory`;
		throw error;
	}
}

export async function writeParquetExport(
	what: 'sessions' | 'events',
	tables: {readonly sessions: SessionTable; readonly events: EventTable},
	selection: ParquetSelection,
	directory: string,
): Promise<ParquetExportResult> {
	const [arrow, parquet] = await Promise.all([import('apache-arrow'), import('parquet-wasm/node')]);
	const staging = `${directory}.partial-${process.pid}`;
	await rm(staging, {recursive: true, force: true});
	// Not recursive: the parent must exist (Node's recursive mkdir spins at 100 % CPU for minutes
	// where mkdir says ENOENT although the parent is there, as in /proc).
	await mkdir(staging);
	const time = what === 'sessions' ? (row: number) => tables.sessions.begin[row] ?? 0 : (row: number) => tables.events.time[row] ?? 0;
	const months = byMonth(selection.rows, time);
	const properties = new parquet.WriterPropertiesBuilder().setCompression(parquet.Compression.ZSTD).build();
	let files = 0;
	try {
		for (const [key, rows] of months) {
			const [year, month] = key.split('-');
			const folder = path.join(staging, `year=${year}`, `month=${month}`);
			await mkdir(folder, {recursive: true});
			const batch = what === 'sessions' ? sessionBatch(arrow, tables.sessions, rows) : eventBatch(arrow, tables.events, rows);
			const wasmTable = (parquet as ParquetWasm).Table.fromIPCStream(arrow.tableToIPC(batch, 'stream'));
			await writeDurably(path.join(folder, 'part-0.parquet'), parquet.writeParquet(wasmTable, properties));
			files++;
		}

		// An empty directory of that name gives way; anything else was refused before writing.
		await rmdir(directory).catch((error: NodeJS.ErrnoException) => {
			if (error.code !== 'ENOENT') throw error;
		});
		await rename(staging, directory);
	} catch (error) {
		await rm(staging, {recursive: true, force: true});
		throw error;
	}

	return {files, rows: selection.rows.length, directory};
}
