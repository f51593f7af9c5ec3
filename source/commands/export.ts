/**
 * `bigstat42 export`: sessions or events as CSV, JSON or NDJSON, streamed with backpressure.
 * JSON/NDJSON rows use the importers' own shapes (42 locations; {id, user_id, event_type,
 * metadata, timestamp} events), so an export can be imported again unchanged.
 */
import path from 'node:path';
import type {Writable} from 'node:stream';
import {csvField} from '../core/report/csv.js';
import {eventAt, sessionAt, type Campus, type EventRecord, type SessionRecord} from '../core/model.js';
import {dataFlags, dataFlagsHelp, openCommandDataset, resolveWindowFlags} from './common.js';
import {parseCommandFlags} from './flags.js';
import {UsageError, type Command, type CommandContext, type ExitCode} from './types.js';
import {parquetTargetProblem, writeParquetExport} from '../data/parquet-export.js';
import {sanitizeForTerminal} from '../core/sanitize.js';
import type {Dataset} from '../app/dataset.js';
import {checkOutputFile, describeWriteFailure, removeQuietly} from './output-paths.js';
import {toJson} from '../core/json.js';

const help = `
  Usage
    $ bigstat42 export [--format csv|json|ndjson|parquet] [--what sessions|events] [flags]

  Writes every session or event (optionally only a range) to stdout or a file.
  JSON and NDJSON rows are in the import formats, so exports can be imported again.
  Parquet goes to a directory (--output DIR): one file per UTC month, in hive-style
  year=YYYY/month=MM/ partitions, for DuckDB, ClickHouse or Spark.

  Flags
    --format FORMAT     csv, json, ndjson or parquet (needs --output DIR); default: from
                        the --output file's extension (.json, .ndjson, .jsonl), else csv
    --what WHAT         sessions (default) or events
    --output FILE       write to FILE instead of stdout (written to FILE.tmp, then renamed)
    --days N            only the last N calendar days (sessions overlapping them, events in them)
    --from DATE|ISO     range start, inclusive
    --to DATE|ISO       range end, exclusive
${dataFlagsHelp}

  Examples
    $ bigstat42 export --demo --what events --format ndjson > events.ndjson
    $ bigstat42 export --format csv --days 30 --output sessions.csv
    $ bigstat42 export --format parquet --output history/sessions
`;

const flags = {
	...dataFlags,
	format: {type: 'string' as const, choices: ['csv', 'json', 'ndjson', 'parquet']},
	what: {type: 'string' as const, choices: ['sessions', 'events'], default: 'sessions'},
	output: {type: 'string' as const},
	days: {type: 'number' as const},
	from: {type: 'string' as const},
	to: {type: 'string' as const},
};

type Format = 'csv' | 'json' | 'ndjson' | 'parquet';

/** The format an --output file's extension names (`.json`, `.ndjson`/`.jsonl`); csv otherwise. */
export function formatOfOutput(output: string | undefined): Format {
	const extension = output === undefined ? '' : path.extname(output).toLowerCase();
	if (extension === '.json') return 'json';
	if (extension === '.ndjson' || extension === '.jsonl') return 'ndjson';
	return 'csv';
}


const iso = (ms: number) => new Date(ms).toISOString();

/**
 * A session in the 42 location shape. `campus` (name and time zone) rides on the first session of
 * the known campus, so `import` of the file gives back the campus and the zone of every statistic.
 */
function sessionJson(record: SessionRecord, campus?: Campus): unknown {
	return {
		id: record.id,
		begin_at: iso(record.begin),
		end_at: record.end === null ? null : iso(record.end),
		host: record.host,
		campus_id: record.campusId,
		user: record.userId === null && record.login === null ? null : {id: record.userId, login: record.login},
		...(campus === undefined ? {} : {campus: {id: campus.id, name: campus.name, time_zone: campus.timeZone}}),
	};
}

function eventJson(record: EventRecord): unknown {
	let metadata: unknown = null;
	if (record.metadata !== null) {
		try {
			metadata = JSON.parse(record.metadata) as unknown;
		} catch {
			metadata = record.metadata;
		}
	}

	return {id: record.id, user_id: record.user, event_type: record.type, metadata, timestamp: iso(record.time)};
}

const sessionCsvHeader = 'id,user_id,login,host,begin_at,end_at,campus_id';
const eventCsvHeader = 'id,user_id,event_type,metadata,timestamp';

function sessionCsv(record: SessionRecord): string {
	return [
		record.id,
		record.userId,
		record.login,
		record.host,
		iso(record.begin),
		record.end === null ? null : iso(record.end),
		record.campusId,
	]
		.map((value) => csvField(value))
		.join(',');
}

function eventCsv(record: EventRecord): string {
	return [record.id, record.user, record.type, record.metadata, iso(record.time)].map((value) => csvField(value)).join(',');
}

/** The rows of a range: sessions overlapping it (open ones reach now), events inside it. */
function selectedRows(what: 'sessions' | 'events', source: Dataset, range: {from: number; to: number}, now: number): number[] {
	const rows: number[] = [];
	if (what === 'events') {
		const table = source.events;
		for (let i = 0; i < table.size; i++) {
			const time = table.time[i] ?? 0;
			if (time >= range.from && time < range.to) rows.push(i);
		}

		return rows;
	}

	const table = source.sessions;
	for (let i = 0; i < table.size; i++) {
		const begin = table.begin[i] ?? 0;
		if (begin >= range.to) break;
		const end = table.end[i] ?? Number.NaN;
		if ((Number.isNaN(end) ? Math.max(now, begin) : end) < range.from) continue;
		rows.push(i);
	}

	return rows;
}

async function exportParquet(
	context: CommandContext,
	what: 'sessions' | 'events',
	source: Dataset,
	range: {from: number; to: number},
	now: number,
	directory: string,
): Promise<ExitCode> {
	const problem = await parquetTargetProblem(directory);
	if (problem !== undefined) {
		context.stderr.write(`bigstat42 export: ${sanitizeForTerminal(problem)}\n`);
		return 1;
	}

	const result = await writeParquetExport(what, source, {rows: selectedRows(what, source, range, now)}, directory).catch(async (error: unknown) => {
		throw new Error(await describeWriteFailure(directory, error));
	});
	context.stderr.write(`exported ${result.rows} ${what} to ${sanitizeForTerminal(directory)} (${result.files} Parquet files, one per month)\n`);
	return 0;
}

async function write(stream: Writable, text: string): Promise<void> {
	if (!stream.write(text)) await new Promise<void>((resolve) => stream.once('drain', resolve));
}

export const exportCommand: Command = {
	name: 'export',
	async run(context) {
		const parsed = parseCommandFlags(context, help, flags, {positional: 'none'});
		if (parsed.kind === 'help') {
			context.stdout.write(help);
			return 0;
		}

		const values = parsed.flags;
		const format = (values.format ?? formatOfOutput(values.output)) as Format;
		if (format === 'parquet' && values.output === undefined) throw new UsageError('--format parquet writes a directory: give --output DIR', help);
		const {dataset: source, now} = await openCommandDataset(context, values, help);
		const ranged = values.days !== undefined || values.from !== undefined || values.to !== undefined;
		const range = ranged ? resolveWindowFlags(values, source, now, help) : {from: -Infinity, to: Infinity};
		if (format === 'parquet' && values.output !== undefined) return exportParquet(context, values.what === 'events' ? 'events' : 'sessions', source, range, now, path.resolve(context.cwd, values.output));

		let out: Writable = context.stdout;
		let temporary: string | undefined;
		if (values.output !== undefined) {
			const target = path.resolve(context.cwd, values.output);
			// A directory is refused before FILE.tmp exists (it used to stay behind, 3 MB, beside an EISDIR).
			await checkOutputFile(target);
			temporary = `${target}.tmp`;
			// Opening first turns EACCES/ENOENT into a clear error before any row is produced.
			const {open} = await import('node:fs/promises');
			const handle = await open(temporary, 'w').catch(async (error: unknown) => {
				throw new Error(await describeWriteFailure(target, error));
			});
			out = handle.createWriteStream();
		}

		let count = 0;
		let campusNamed = false;
		if (format === 'csv') await write(out, `${values.what === 'events' ? eventCsvHeader : sessionCsvHeader}\n`);
		if (format === 'json') await write(out, '[');
		let chunk = '';
		const emit = async (row: string) => {
			const separator = format === 'json' ? (count === 0 ? '\n' : ',\n') : '';
			chunk += separator + row + (format === 'json' ? '' : '\n');
			count++;
			if (chunk.length > 64 * 1024) {
				await write(out, chunk);
				chunk = '';
			}
		};

		if (values.what === 'events') {
			const table = source.events;
			for (let i = 0; i < table.size; i++) {
				const time = table.time[i] ?? 0;
				if (time < range.from || time >= range.to) continue;
				const record = eventAt(table, i);
				await emit(format === 'csv' ? eventCsv(record) : toJson(eventJson(record)));
			}
		} else {
			const table = source.sessions;
			for (let i = 0; i < table.size; i++) {
				const begin = table.begin[i] ?? 0;
				if (begin >= range.to) break;
				const end = table.end[i] ?? Number.NaN;
				// A session overlaps the range unless it ended before it started (open ones reach now).
				if ((Number.isNaN(end) ? Math.max(now, begin) : end) < range.from) continue;
				const record = sessionAt(table, i);
				const named = !campusNamed && source.campus.id > 0 && record.campusId === source.campus.id;
				if (named) campusNamed = true;
				await emit(format === 'csv' ? sessionCsv(record) : toJson(sessionJson(record, named ? source.campus : undefined)));
			}
		}

		await write(out, chunk + (format === 'json' ? (count === 0 ? ']\n' : '\n]\n') : ''));
		if (temporary !== undefined && values.output !== undefined) {
			const file = out;
			await new Promise<void>((resolve, reject) => {
				file.on('error', reject);
				file.end(resolve);
			});
			const {rename} = await import('node:fs/promises');
			try {
				await rename(temporary, path.resolve(context.cwd, values.output));
			} catch (error) {
				await removeQuietly(temporary);
				throw new Error(await describeWriteFailure(path.resolve(context.cwd, values.output), error));
			}
			context.stderr.write(`exported ${count} ${values.what} to ${path.resolve(context.cwd, values.output)}\n`);
		}

		return 0;
	},
};
