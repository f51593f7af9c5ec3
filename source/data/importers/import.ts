/**
 * `importSources`: reads inputs of any supported format as streams, validates and normalises each
 * record, and hands batches of good records to a callback (the store's commit). Memory stays
 * bounded by one batch plus one input chunk, whatever the input size.
 *
 * Formats (detected from content, see `detect.ts`): 42 API locations, bigstat42 `{"sessions": [...]}`,
 * events as a JSON array, NDJSON or CSV. Naive timestamps (no offset) are read in `naiveZone`.
 */
import {open, stat} from 'node:fs/promises';
import {StringDecoder} from 'node:string_decoder';
import type {EventRecord, SessionRecord} from '../../core/model.js';
import {isValidTimeZone} from '../../core/time.js';
import type {UpsertResult} from '../store-types.js';
import {ACCEPTED_FORMATS, csvHeaderNames, detectContainer, DETECT_CHARS, type Container} from './detect.js';
import {
	classifyRecord,
	csvMetadata,
	EventNormaliser,
	normaliseBigstatSession,
	normaliseLocation,
	type RecordKind,
} from './records.js';
import {CsvSplitter, JsonSplitter, LineSplitter, type Splitter, type SplitterSink} from './splitters.js';

/** An input: a file path, or an already open stream (stdin) with a display name. */
export type ImportSource =
	| {readonly kind: 'file'; readonly path: string; readonly name?: string}
	| {readonly kind: 'stream'; readonly name: string; readonly stream: AsyncIterable<Uint8Array | string>};

/** One bad record or structural problem. `line` is 1-based; `index` is the 1-based record number. */
export type ImportIssue = {
	readonly source: string;
	readonly line?: number;
	readonly index?: number;
	readonly reason: string;
};

/** Good records handed to `onBatch` (all from one source). */
export type ImportBatch = {
	readonly sessions: SessionRecord[];
	readonly events: EventRecord[];
};

/** What the store did with a batch (its CommitResult fits). */
export type BatchResult = {
	readonly sessions: UpsertResult;
	readonly events: UpsertResult;
};

/** Format ids: `<kind>-<container>`, e.g. "locations-json", "events-csv". */
export type ImportFormat = `${RecordKind}-${Container}`;

/** The outcome for one source. */
export type SourceReport = {
	readonly source: string;
	/** Detected format, null when the input is empty, unreadable or unrecognised. */
	format: ImportFormat | null;
	/** Human name of the format ("42 API locations", "events (CSV)", "empty"…). */
	formatLabel: string;
	/** Records read, good and bad. */
	records: number;
	/** Good sessions and events. */
	sessions: number;
	events: number;
	/** Bad records (each has an issue, up to the issue cap). */
	bad: number;
	/** Bad records and structural problems (truncation), in input order. */
	issues: ImportIssue[];
	/** Issues not kept because of the cap (still counted in `bad`). */
	issuesOmitted: number;
	/** Structural problems (truncated JSON, trailing garbage, overlong lines): issues that are not bad records. */
	inputIssues: number;
	/** The source could not be read or is in no recognised format; records read before a read error are kept. */
	error: string | null;
	/** What the store did with this source's records (zeros when nothing was written). */
	written: {sessions: UpsertResult; events: UpsertResult};
};

export type ImportReport = {
	readonly sources: SourceReport[];
	readonly strict: boolean;
	/** False when `strict` found a problem and nothing was handed to `onBatch`. */
	readonly committed: boolean;
	readonly totals: {
		readonly records: number;
		readonly sessions: number;
		readonly events: number;
		readonly bad: number;
		/** Sources with an error (unreadable, unrecognised). */
		readonly failedSources: number;
		/** Structural issues (truncation, trailing garbage) that are not bad records. */
		readonly structuralIssues: number;
		readonly written: {readonly sessions: UpsertResult; readonly events: UpsertResult};
	};
};

export type ImportOptions = {
	/** IANA zone for timestamps without an offset ("UTC" unless told otherwise). */
	readonly naiveZone: string;
	/** Receives good records; its result is summed into the report. Called one batch at a time. */
	readonly onBatch: (batch: ImportBatch) => Promise<BatchResult | void>;
	/** Records per batch. @default 10_000 */
	readonly batchSize?: number;
	/** Validate every source first; hand nothing to `onBatch` if any record or source is bad. @default false */
	readonly strict?: boolean;
	/** Issues kept per source (the rest are only counted). @default 100_000 */
	readonly maxIssuesPerSource?: number;
};

const KIND_LABELS: Record<RecordKind, string> = {
	locations: '42 API locations',
	'bigstat42-sessions': 'bigstat42 sessions',
	events: 'events',
};

const CONTAINER_LABELS: Record<Container, string> = {
	json: 'JSON array',
	'sessions-object': 'JSON',
	ndjson: 'NDJSON',
	csv: 'CSV',
};

/** Human name of a format: "42 API locations", "events (NDJSON)"… */
export function formatLabel(kind: RecordKind, container: Container): string {
	const natural =
		(kind === 'locations' && container === 'json') || (kind === 'bigstat42-sessions' && container === 'sessions-object');
	return natural ? KIND_LABELS[kind] : `${KIND_LABELS[kind]} (${CONTAINER_LABELS[container]})`;
}

/** "record 17 (line 230): reason", "line 4: reason" or just the reason. */
export function formatIssue(issue: ImportIssue): string {
	if (issue.index !== undefined && issue.line !== undefined) return `record ${issue.index} (line ${issue.line}): ${issue.reason}`;
	if (issue.line !== undefined) return `line ${issue.line}: ${issue.reason}`;
	if (issue.index !== undefined) return `record ${issue.index}: ${issue.reason}`;
	return issue.reason;
}

function zeroUpsert(): {inserted: number; updated: number; unchanged: number} {
	return {inserted: 0, updated: 0, unchanged: 0};
}

function addUpsert(into: {inserted: number; updated: number; unchanged: number}, add: UpsertResult): void {
	into.inserted += add.inserted;
	into.updated += add.updated;
	into.unchanged += add.unchanged;
}

function sourceName(source: ImportSource): string {
	return source.kind === 'file' ? (source.name ?? source.path) : source.name;
}

/** "no such file or directory (ENOENT)" from a Node I/O error. */
export function describeIoError(error: unknown): string {
	const code = (error as {code?: unknown} | null)?.code;
	const known: Record<string, string> = {
		ENOENT: 'no such file or directory',
		EISDIR: 'is a directory',
		EACCES: 'permission denied',
		EPERM: 'operation not permitted',
		ENOTDIR: 'a part of the path is not a directory',
		EMFILE: 'too many open files',
		EIO: 'input/output error',
		ENOSPC: 'no space left on the device',
		EROFS: 'read-only file system',
		EEXIST: 'already exists',
	};
	if (typeof code === 'string') return `${known[code] ?? (error instanceof Error ? error.message : String(error))} (${code})`;
	return error instanceof Error ? error.message : String(error);
}

/** What happens to good records during one pass over a source. */
type Disposition = 'commit' | 'validate' | 'collect';

/** Records kept in memory for a stream source in strict mode (it cannot be read twice). */
type Collected = {sessions: SessionRecord[]; events: EventRecord[]};

/** The per-source state of one pass: splitter sink, record normalisation and batching. */
class SourceRun implements SplitterSink {
	readonly report: SourceReport;
	private readonly options: ImportOptions;
	private readonly disposition: Disposition;
	private readonly batchSize: number;
	private readonly maxIssues: number;
	private container: Container | null = null;
	private kind: RecordKind | null = null;
	private normalise: ((value: unknown) => SessionRecord | EventRecord | string) | null = null;
	private pending: Array<{value: unknown; line: number; index: number}> = [];
	private index = 0;
	private csvColumns: string[] | null = null;
	private sessions: SessionRecord[] = [];
	private events: EventRecord[] = [];
	readonly collected: Collected = {sessions: [], events: []};
	/** Set when the input turned out to be in no recognised format. */
	unrecognised = false;

	constructor(name: string, options: ImportOptions, disposition: Disposition) {
		this.options = options;
		this.disposition = disposition;
		this.batchSize = Math.max(1, options.batchSize ?? 10_000);
		this.maxIssues = options.maxIssuesPerSource ?? 100_000;
		this.report = {
			source: name,
			format: null,
			formatLabel: 'unknown',
			records: 0,
			sessions: 0,
			events: 0,
			bad: 0,
			issues: [],
			issuesOmitted: 0,
			inputIssues: 0,
			error: null,
			written: {sessions: zeroUpsert(), events: zeroUpsert()},
		};
	}

	/** Starts splitting once the container is known. */
	splitter(container: Container): Splitter {
		this.container = container;
		if (container === 'csv') return new CsvSplitter(this);
		if (container === 'ndjson') return new LineSplitter(this);
		return new JsonSplitter(container === 'json' ? 'arrays' : 'sessions-object', this);
	}

	issue(reason: string, line: number): void {
		this.report.inputIssues++;
		this.addIssue({source: this.report.source, line, reason});
	}

	record(text: string, line: number): void {
		const index = ++this.index;
		this.report.records++;
		let value: unknown;
		try {
			value = JSON.parse(text);
		} catch (error) {
			const detail = error instanceof Error ? error.message : String(error);
			this.bad(`not valid JSON (${detail.length > 100 ? `${detail.slice(0, 97)}...` : detail})`, line, index);
			return;
		}

		this.accept(value, line, index);
	}

	row(fields: string[], line: number): void {
		if (this.csvColumns === null) {
			this.csvColumns = csvHeaderNames(fields);
			return;
		}

		const index = ++this.index;
		this.report.records++;
		const columns = this.csvColumns;
		if (fields.length !== columns.length) {
			this.bad(`has ${fields.length} fields, the header has ${columns.length}`, line, index);
			return;
		}

		// CSV cells are text: empty means absent, metadata may hold JSON, a numeric id becomes a number.
		const value: Record<string, unknown> = {};
		for (let i = 0; i < columns.length; i++) {
			const column = columns[i] ?? '';
			const cell = fields[i] ?? '';
			if (cell.length === 0) continue;
			if (column === 'metadata' || column === 'event_metadata') value[column] = csvMetadata(cell);
			else if (column === 'id') value[column] = /^\d{1,15}$/.test(cell.trim()) ? Number(cell.trim()) : cell;
			else value[column] = cell;
		}

		this.setKind('events');
		this.accept(value, line, index);
	}

	/** Flushes full batches to `onBatch`. */
	async flushFull(): Promise<void> {
		while (this.sessions.length >= this.batchSize || this.events.length >= this.batchSize) {
			await this.commit(this.sessions.splice(0, this.batchSize), this.events.splice(0, this.batchSize));
		}
	}

	/** End of input: resolves records still waiting for a kind, flushes the last batch. */
	async finish(): Promise<void> {
		if (this.kind === null && this.pending.length > 0) this.giveUp();
		await this.flushFull();
		if (this.sessions.length > 0 || this.events.length > 0) {
			await this.commit(this.sessions, this.events);
			this.sessions = [];
			this.events = [];
		}
	}

	/** The label once the container and kind are known. */
	describeFormat(): void {
		if (this.container === null) return;
		if (this.kind === null) {
			this.report.formatLabel = `${CONTAINER_LABELS[this.container]} without records`;
			return;
		}

		this.report.format = `${this.kind}-${this.container}`;
		this.report.formatLabel = formatLabel(this.kind, this.container);
	}

	private async commit(sessions: SessionRecord[], events: EventRecord[]): Promise<void> {
		if (sessions.length === 0 && events.length === 0) return;
		if (this.disposition === 'validate') return;
		if (this.disposition === 'collect') {
			for (const session of sessions) this.collected.sessions.push(session);
			for (const event of events) this.collected.events.push(event);
			return;
		}

		let result: Awaited<ReturnType<ImportOptions['onBatch']>>;
		try {
			result = await this.options.onBatch({sessions, events});
		} catch (error) {
			throw new CommitFailure(error);
		}

		if (result) {
			addUpsert(this.report.written.sessions, result.sessions);
			addUpsert(this.report.written.events, result.events);
		}
	}

	private setKind(kind: RecordKind): void {
		if (this.kind !== null) return;
		this.kind = kind;
		const zone = this.options.naiveZone;
		if (kind === 'locations') this.normalise = (value) => normaliseLocation(value, zone);
		else if (kind === 'bigstat42-sessions') this.normalise = normaliseBigstatSession;
		else {
			const events = new EventNormaliser(zone);
			this.normalise = (value) => events.normalise(value);
		}
	}

	private accept(value: unknown, line: number, index: number): void {
		if (this.kind === null) {
			// The sessions object only holds sessions; elsewhere the first recognisable record decides.
			const kind = this.container === 'sessions-object' ? 'bigstat42-sessions' : classifyRecord(value);
			if (kind === null) {
				this.pending.push({value, line, index});
				if (this.pending.length >= 1000) this.giveUp();
				return;
			}

			this.setKind(kind);
			const waiting = this.pending;
			this.pending = [];
			for (const record of waiting) this.normaliseOne(record.value, record.line, record.index);
		}

		this.normaliseOne(value, line, index);
	}

	private normaliseOne(value: unknown, line: number, index: number): void {
		const normalise = this.normalise;
		if (normalise === null || this.unrecognised) return;
		const result = normalise(value);
		if (typeof result === 'string') {
			this.bad(result, line, index);
		} else if (this.kind === 'events') {
			this.events.push(result as EventRecord);
			this.report.events++;
		} else {
			this.sessions.push(result as SessionRecord);
			this.report.sessions++;
		}
	}

	/** No record looks like any known kind: the input is not in a recognised format. */
	private giveUp(): void {
		this.unrecognised = true;
		this.pending = [];
		this.report.error = `not a recognised format: no record looks like a 42 location, a bigstat42 session or an event (accepted: ${ACCEPTED_FORMATS})`;
	}

	private bad(reason: string, line: number, index: number): void {
		this.report.bad++;
		// JSON arrays are numbered by record; NDJSON and CSV by line.
		const position = this.container === 'ndjson' || this.container === 'csv' ? {line} : {index, line};
		this.addIssue({source: this.report.source, ...position, reason});
	}

	private addIssue(issue: ImportIssue): void {
		if (this.report.issues.length < this.maxIssues) this.report.issues.push(issue);
		else this.report.issuesOmitted++;
	}
}

/** Opens a source as an async iterable of chunks; throws the I/O error for unreadable files. */
async function openChunks(source: ImportSource): Promise<{chunks: AsyncIterable<Uint8Array | string>; close: () => void}> {
	if (source.kind === 'stream') return {chunks: source.stream, close() {}};
	// Opening first turns ENOENT/EACCES/EISDIR into one clear error before any reading starts.
	const info = await stat(source.path);
	if (info.isDirectory()) throw Object.assign(new Error('is a directory'), {code: 'EISDIR'});
	const handle = await open(source.path, 'r');
	// The FileHandle's own stream closes the handle exactly once (a raw fd shared between a stream
	// and the handle got closed twice: EBADF).
	const stream = handle.createReadStream({highWaterMark: 1024 * 1024, autoClose: true});
	return {
		chunks: stream,
		close() {
			stream.destroy();
		},
	};
}

/** A batch the store (`onBatch`) refused: carried past the read-error handling of runSource. */
class CommitFailure extends Error {
	override readonly cause: unknown;
	constructor(cause: unknown) {
		super(cause instanceof Error ? cause.message : String(cause));
		this.cause = cause;
	}
}

/** One pass over one source. */
async function runSource(source: ImportSource, options: ImportOptions, disposition: Disposition): Promise<SourceRun> {
	const run = new SourceRun(sourceName(source), options, disposition);
	let opened: Awaited<ReturnType<typeof openChunks>>;
	try {
		opened = await openChunks(source);
	} catch (error) {
		run.report.error = `cannot read: ${describeIoError(error)}`;
		return run;
	}

	const decoder = new StringDecoder('utf8');
	let splitter: Splitter | null = null;
	let head = '';
	let atStart = true;
	// Detection needs the first DETECT_CHARS; after that, text flows straight into the splitter.
	const feed = async (text: string, complete: boolean): Promise<boolean> => {
		let piece = text;
		if (atStart && piece.length > 0) {
			if (piece.charCodeAt(0) === 0xfe_ff) piece = piece.slice(1);
			atStart = false;
		}

		if (splitter === null) {
			head += piece;
			if (head.length < DETECT_CHARS && !complete) return true;
			const detection = detectContainer(head, complete);
			if (detection.kind === 'empty') {
				run.report.formatLabel = 'empty';
				return false;
			}

			if (detection.kind === 'unknown') {
				run.report.error = `not a recognised format: ${detection.why} (accepted: ${ACCEPTED_FORMATS})`;
				return false;
			}

			splitter = run.splitter(detection.container);
			piece = head;
			head = '';
		}

		splitter.push(piece);
		await run.flushFull();
		return !splitter.stopped && !run.unrecognised;
	};

	try {
		let going = true;
		for await (const chunk of opened.chunks) {
			going = await feed(typeof chunk === 'string' ? chunk : decoder.write(chunk), false);
			if (!going) break;
		}

		if (going) {
			const rest = decoder.end();
			if (splitter === null) await feed(rest, true);
			else if (rest.length > 0) await feed(rest, false);
			(splitter as Splitter | null)?.end();
		}

		if (!run.unrecognised) await run.finish();
	} catch (error) {
		// The store refused a batch (locked, full, read-only): stop here, never retry nor call it a read error.
		if (error instanceof CommitFailure) throw error.cause;
		// A read error mid-way: what was read stays (and is committed in non-strict mode).
		if (run.report.error === null) run.report.error = `read error: ${describeIoError(error)}`;
		if (!run.unrecognised) {
			try {
				await run.finish();
			} catch (failure) {
				throw failure instanceof CommitFailure ? failure.cause : failure;
			}
		}
	} finally {
		opened.close();
	}

	run.describeFormat();
	return run;
}

function hasProblem(report: SourceReport): boolean {
	return report.error !== null || report.bad > 0 || report.inputIssues > 0;
}

/**
 * Imports every source in order. Non-strict: good records are committed batch by batch, bad ones
 * reported. Strict: a first pass validates everything (stream sources are kept in memory, files
 * are read again); if any record or source is bad, `onBatch` is never called.
 */
export async function importSources(sources: readonly ImportSource[], options: ImportOptions): Promise<ImportReport> {
	if (!isValidTimeZone(options.naiveZone)) throw new RangeError(`unknown time zone "${options.naiveZone}"`);
	const strict = options.strict ?? false;
	const reports: SourceReport[] = [];
	let committed = true;
	if (strict) {
		const firstPass: SourceRun[] = [];
		for (const source of sources) firstPass.push(await runSource(source, options, source.kind === 'stream' ? 'collect' : 'validate'));
		if (firstPass.some((run) => hasProblem(run.report))) {
			committed = false;
			for (const run of firstPass) reports.push(run.report);
		} else {
			for (const [i, source] of sources.entries()) {
				const first = firstPass[i];
				if (!first) continue;
				if (source.kind === 'file') {
					reports.push((await runSource(source, options, 'commit')).report);
					continue;
				}

				await commitCollected(first, options);
				reports.push(first.report);
			}
		}
	} else {
		for (const source of sources) reports.push((await runSource(source, options, 'commit')).report);
	}

	return {sources: reports, strict, committed, totals: sumReports(reports)};
}

async function commitCollected(run: SourceRun, options: ImportOptions): Promise<void> {
	const size = Math.max(1, options.batchSize ?? 10_000);
	const {sessions, events} = run.collected;
	for (let at = 0; at < Math.max(sessions.length, events.length); at += size) {
		const result = await options.onBatch({sessions: sessions.slice(at, at + size), events: events.slice(at, at + size)});
		if (result) {
			addUpsert(run.report.written.sessions, result.sessions);
			addUpsert(run.report.written.events, result.events);
		}
	}

	run.collected.sessions = [];
	run.collected.events = [];
}

function sumReports(reports: readonly SourceReport[]): ImportReport['totals'] {
	const sessions = zeroUpsert();
	const events = zeroUpsert();
	let records = 0;
	let sessionCount = 0;
	let eventCount = 0;
	let bad = 0;
	let failedSources = 0;
	let structuralIssues = 0;
	for (const report of reports) {
		records += report.records;
		sessionCount += report.sessions;
		eventCount += report.events;
		bad += report.bad;
		if (report.error !== null) failedSources++;
		structuralIssues += report.inputIssues;
		addUpsert(sessions, report.written.sessions);
		addUpsert(events, report.written.events);
	}

	return {records, sessions: sessionCount, events: eventCount, bad, failedSources, structuralIssues, written: {sessions, events}};
}
