/**
 * `bigstat42 import FILE... [--strict]`: reads 42 API locations, bigstat42 sessions or event logs
 * (format detected from content; `-` is stdin) and upserts them into the store by id, so that
 * importing the same file twice changes nothing.
 */
import path from 'node:path';
import {sanitizeForTerminal} from '../core/sanitize.js';
import {errorMessage} from '../core/system-error.js';
import {isValidTimeZone} from '../core/time.js';
import {plural} from '../core/ui/format.js';
import {
	formatIssue,
	importSources,
	type ImportReport,
	type ImportSource,
	type SourceReport,
} from '../data/importers/import.js';
import {resolveStorePath} from '../data/paths.js';
import type {Store} from '../data/store-types.js';
import {parseCommandFlags} from './flags.js';
import {UsageError, type Command, type CommandContext, type ExitCode} from './types.js';
import {toJson} from '../core/json.js';

const help = `
  Usage
    $ bigstat42 import FILE... [flags]

  Imports sessions or events into the store. The format is detected from the content:
    - 42 API locations: a JSON array as /v2/.../locations returns it, or several pages
      concatenated ([...][...]). end_at null or absent = open session.
    - bigstat42 sessions: {"sessions": [{"host", "startTime", "endTime"}]} in epoch ms;
      endTime null or absent = open; endTime 0, a float or a string is a bad record.
    - events: a JSON array, NDJSON or CSV (header row) of {user_id, timestamp, action_type}
      or {user_id, event_type, metadata, timestamp}.
  Timestamps may carry any ISO-8601 offset; those without one are read in --tz (default UTC).
  Records are upserted by id: importing the same file again changes nothing. Records without an
  id get a stable id derived from their content. FILE "-" reads standard input.

  Bad records are reported (file, record or line, reason) and skipped; the good ones are imported.
  With --strict, nothing is written if any record is bad or any file cannot be read; each input
  is read once (pipes and FIFOs too), copied to $TMPDIR while it is validated, and the copy is
  what gets committed.
  A record with bytes that are not UTF-8 or a NUL character is bad. Records reusing an earlier
  record's id with different content are warnings (the last one is kept).

  Flags
    --strict            all or nothing: validate everything first, write only if all is good
    --tz IANA           zone of timestamps without an offset (default UTC)
    --db PATH           store location (default: $BIGSTAT42_DB or $XDG_DATA_HOME/bigstat42/store)
    --json              print the report as JSON on stdout (every bad record listed)
    --quiet             print only problems
    --help              this help

  Exit status: 0 all imported; 1 a bad record or an unreadable file (see above); 2 usage error.

  Examples
    $ bigstat42 import locations.json
    $ bigstat42 import --strict --tz Europe/Paris events.csv more-events.ndjson
    $ curl -s "$URL" | bigstat42 import -
`;

const flags = {
	strict: {type: 'boolean', default: false},
	db: {type: 'string'},
	tz: {type: 'string'},
	quiet: {type: 'boolean', default: false},
	json: {type: 'boolean', default: false},
} as const;

/** Bad-record lines printed before "… and N more". */
const MAX_LISTED_ISSUES = 200;

/** What `runImport` needs from the outside world (tests pass a fake store). */
export type ImportDeps = {
	readonly openStore: (path: string) => Promise<Pick<Store, 'commit' | 'close'>>;
	/** Records per store commit. @default 10_000 */
	readonly batchSize?: number;
};

const defaultDeps: ImportDeps = {
	async openStore(path) {
		const {openStore} = await import('../data/store.js');
		return openStore(path);
	},
};


function upsertText(report: SourceReport, kind: 'sessions' | 'events', committed: boolean): string {
	const count = report[kind];
	const noun = kind === 'sessions' ? 'session' : 'event';
	if (!committed) return `${plural(count, noun)} (not written)`;
	const written = report.written[kind];
	return `${plural(count, noun)} (${written.inserted} new, ${written.updated} updated, ${written.unchanged} unchanged)`;
}

/** One line per source: "locations.json: 42 API locations, 27 records → 25 sessions (20 new, …), 2 bad". */
export function sourceLine(report: SourceReport, committed: boolean): string {
	const name = report.source;
	// Unreadable, or in no recognised format (its records were only counted): the error says it all.
	if (report.error !== null && (report.records === 0 || report.format === null)) return `${name}: ${report.error}`;
	if (report.format === null && report.records === 0) {
		return `${name}: ${report.formatLabel === 'empty' ? 'empty' : report.formatLabel}, nothing to import`;
	}

	const parts: string[] = [];
	if (report.sessions > 0 || report.events === 0) parts.push(upsertText(report, 'sessions', committed));
	if (report.events > 0 || report.format?.startsWith('events') === true) {
		if (report.sessions === 0 && parts.length > 0) parts.pop();
		parts.push(upsertText(report, 'events', committed));
	}

	let line = `${name}: ${report.formatLabel}, ${plural(report.records, 'record')} → ${parts.join(', ')}`;
	if (report.bad > 0) line += `, ${report.bad} bad`;
	if (report.error !== null) line += `; ${report.error}`;
	return line;
}

/** The human report for stderr, one string per line. */
export function reportLines(report: ImportReport, options: {quiet: boolean; storePath: string}): string[] {
	const lines: string[] = [];
	if (!options.quiet) for (const source of report.sources) lines.push(sourceLine(source, report.committed));
	else for (const source of report.sources) if (source.error !== null) lines.push(sourceLine(source, report.committed));
	let listed = 0;
	let total = 0;
	for (const source of report.sources) {
		total += source.issues.length + source.issuesOmitted;
		for (const issue of source.issues) {
			if (listed >= MAX_LISTED_ISSUES) break;
			lines.push(`  ${source.source}: ${formatIssue(issue)}`);
			listed++;
		}
	}

	if (total > listed) lines.push(`  … and ${total - listed} more (use --json for all)`);
	let warned = 0;
	let warnings = 0;
	for (const source of report.sources) {
		warnings += source.duplicates;
		for (const warning of source.warnings) {
			if (warned >= MAX_LISTED_ISSUES) break;
			lines.push(`  ${source.source}: warning: ${formatIssue(warning)}`);
			warned++;
		}
	}

	if (warnings > warned) lines.push(`  … and ${warnings - warned} more warnings (use --json for all)`);
	if (warnings > 0) {
		lines.push(`warning: ${plural(warnings, 'record')} reused the id of an earlier record of the same file with different content; the last one of each id was kept`);
	}
	const {bad, failedSources, structuralIssues, sessions, events} = report.totals;
	const problems: string[] = [];
	if (bad > 0) problems.push(plural(bad, 'bad record'));
	if (structuralIssues > 0) problems.push(plural(structuralIssues, 'damaged input'));
	if (failedSources > 0) problems.push(`${plural(failedSources, 'file')} not read`);
	if (!report.committed) {
		lines.push(`--strict: nothing was written (${problems.join(', ')})`);
	} else if (problems.length > 0 && sessions + events === 0) {
		lines.push(`${problems.join(', ')}; nothing was imported (${options.storePath} is unchanged)`);
	} else if (problems.length > 0) {
		lines.push(`${problems.join(', ')}; every good record was imported into ${options.storePath}`);
	} else if (!options.quiet) {
		lines.push(`Imported ${plural(sessions, 'session')} and ${plural(events, 'event')} into ${options.storePath}`);
	}

	return lines.map((line) => sanitizeForTerminal(line));
}

/** Runs `import` with injectable dependencies; `importCommand` uses the real store. */
export async function runImport(context: CommandContext, deps: ImportDeps = defaultDeps): Promise<ExitCode> {
	const parsed = parseCommandFlags(context, help, flags);
	if (parsed.kind === 'help') {
		context.stdout.write(help);
		return 0;
	}

	const values = parsed.flags;
	const files = parsed.input;
	if (files.length === 0) throw new UsageError('no files given (use "-" for standard input)', help);
	if (files.filter((file) => file === '-').length > 1) throw new UsageError('"-" (standard input) can be given only once', help);
	const zone = values.tz ?? 'UTC';
	if (!isValidTimeZone(zone)) throw new UsageError(`--tz "${values.tz}" is not an IANA time zone (e.g. Europe/Paris, UTC)`, help);
	const storePath = resolveStorePath({db: values.db, env: context.env, cwd: context.cwd});
	if (files.includes('-') && context.stdinIsTTY && !values.quiet) {
		context.stderr.write('Reading standard input from the terminal; end with Ctrl-D.\n');
	}

	const sources: ImportSource[] = files.map((file) =>
		file === '-'
			? {kind: 'stream', name: '(stdin)', stream: context.stdin}
			: {kind: 'file', path: path.resolve(context.cwd, file), name: file},
	);

	// The store is opened on the first commit: a strict run that finds problems never creates it.
	let store: Pick<Store, 'commit' | 'close'> | undefined;
	let report: ImportReport;
	try {
		report = await importSources(sources, {
			naiveZone: zone,
			strict: values.strict,
			batchSize: deps.batchSize,
			async onBatch(batch) {
				store ??= await deps.openStore(storePath);
				const result = await store.commit({sessions: batch.sessions, events: batch.events, ...(batch.campuses ? {campuses: batch.campuses} : {})});
				return {sessions: result.sessions, events: result.events};
			},
		});
	} catch (error) {
		const message = errorMessage(error);
		const hint = (error as {hint?: unknown}).hint;
		context.stderr.write(
			`${sanitizeForTerminal(`import failed: ${message}`)}\n${typeof hint === 'string' ? `${sanitizeForTerminal(hint)}\n` : ''}` +
				(values.strict ? '' : 'Batches committed before the failure are kept; importing again is safe (records are upserted by id).\n'),
		);
		return 1;
	} finally {
		await store?.close();
	}

	if (values.json) context.stdout.write(`${toJson({store: storePath, ...report}, 2)}\n`);
	const lines = reportLines(report, {quiet: values.quiet, storePath});
	if (lines.length > 0) context.stderr.write(`${lines.join('\n')}\n`);
	const {bad, failedSources, structuralIssues} = report.totals;
	return bad > 0 || failedSources > 0 || structuralIssues > 0 ? 1 : 0;
}

export const importCommand: Command = {
	name: 'import',
	run: async (context) => runImport(context),
};
