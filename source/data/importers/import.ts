/**
 * `importSources`: reads inputs of any supported format as streams, validates and normalises each
 * record, and hands batches of good records to a callback (the store's commit). Memory stays
 * bounded by one batch plus one input chunk, whatever the input size.
 *
 * Formats (detected from content, see `detect.ts`): 42 API locations, bigstat42 `{"sessions": [...]}`,
 * events as a JSON array, NDJSON or CSV. Naive timestamps (no offset) are read in `naiveZone`.
 */
import {describeErrno} from '../../core/system-error.js';
import {mkdtemp, open, rm, stat} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type {Campus, EventRecord, SessionRecord} from '../../core/model.js';
import {isValidTimeZone} from '../../core/time.js';
import type {UpsertResult} from '../store-types.js';
import {IdNumberMap} from '../store/id-index.js';
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
import {hasInvalidUtf8, INVALID_MARK, MarkingDecoder} from './utf8.js';

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
	/** Campuses named by the records (`export` writes one on the first session of each campus). */
	readonly campuses?: Campus[];
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
	/** Records not examined because the input is in no recognised format (counted in `records`). */
	skipped: number;
	/** Records whose id repeats an earlier record of this source with different content (the later one is kept). */
	duplicates: number;
	/** One warning per such duplicate (up to the issue cap): not bad records, the exit status is unchanged. */
	warnings: ImportIssue[];
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
	/** Where `strict` keeps its copies of the inputs. @default os.tmpdir() */
	readonly spoolDirectory?: string;
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

/** What happens to good records during one pass over a source. */
type Disposition = 'commit' | 'validate';

const NUL_REASON = 'contains a NUL character (U+0000)';

/** The reason a record's raw text breaks the character rule (NUL, bytes that are not UTF-8), or null. */
function characterProblem(text: string): string | null {
	if (text.includes('\u0000')) return NUL_REASON;
	if (hasInvalidUtf8(text)) {
		return `is not valid UTF-8 (an invalid byte at character ${text.indexOf(INVALID_MARK) + 1} of the record: Latin-1 or binary data?)`;
	}

	return null;
}

/** True when a parsed value holds a NUL in a string or a key (iterative: any depth). */
function holdsNul(value: unknown): boolean {
	const stack: unknown[] = [value];
	while (stack.length > 0) {
		const item = stack.pop();
		if (typeof item === 'string') {
			if (item.includes('\u0000')) return true;
		} else if (Array.isArray(item)) {
			for (const element of item) stack.push(element);
		} else if (typeof item === 'object' && item !== null) {
			for (const [key, element] of Object.entries(item)) {
				if (key.includes('\u0000')) return true;
				stack.push(element);
			}
		}
	}

	return false;
}

const FNV_PRIME = 0x01_00_01_93;

function mixText(hash: number, text: string | null): number {
	if (text === null) return Math.imul(hash ^ 0xff, FNV_PRIME) >>> 0;
	let h = Math.imul(hash ^ 0xfe, FNV_PRIME) >>> 0;
	for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME) >>> 0;
	return h;
}

/** Mixes an integer (or null) in by its two 32-bit halves: no number-to-text conversion. */
function mixNumber(hash: number, value: number | null): number {
	if (value === null) return Math.imul(hash ^ 0xfd, FNV_PRIME) >>> 0;
	const low = Math.imul(hash ^ (value >>> 0), FNV_PRIME) >>> 0;
	return Math.imul(low ^ (Math.floor(value / 4_294_967_296) >>> 0), FNV_PRIME) >>> 0;
}

/** 32-bit FNV-1a-style hash of a normalised record's content (id excluded). */
function contentHash(record: SessionRecord | EventRecord): number {
	const seed = 0x81_1c_9d_c5;
	if ('host' in record) {
		const h = mixText(mixText(mixNumber(seed, record.userId), record.login), record.host);
		return mixNumber(mixNumber(mixNumber(h, record.begin), record.end), record.campusId);
	}

	return mixText(mixNumber(mixText(mixText(seed, record.user), record.type), record.time), record.metadata);
}

/**
 * The ids seen in one source: id → record number in an open-addressing table of typed arrays,
 * plus each record's line and content hash indexed by record number (about 32 bytes per record
 * in all).
 */
class SeenIds {
	private readonly byId = new IdNumberMap();
	private hashes = new Uint32Array(1024);
	private lines = new Uint32Array(1024);

	/**
	 * Remembers record `index` under `id`; returns the previous record with this id when its content
	 * differs (null otherwise). The id then points at this record, the one kept.
	 */
	observe(id: number, index: number, line: number, hash: number): {index: number; line: number} | null {
		if (index >= this.hashes.length) {
			const size = Math.max(index + 1, this.hashes.length * 2);
			const hashes = new Uint32Array(size);
			hashes.set(this.hashes);
			const lines = new Uint32Array(size);
			lines.set(this.lines);
			this.hashes = hashes;
			this.lines = lines;
		}

		const earlier = this.byId.set(id, index);
		this.hashes[index] = hash;
		this.lines[index] = line;
		if (earlier < 0 || this.hashes[earlier] === hash) return null;
		return {index: earlier, line: this.lines[earlier] ?? 0};
	}
}

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
	private readonly seen = new SeenIds();
	/** Set when the input turned out to be in no recognised format. */
	unrecognised = false;
	/** Records examined before giving up on an unrecognised input. */
	private examined = 0;

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
			skipped: 0,
			duplicates: 0,
			warnings: [],
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
		if (this.unrecognised) {
			this.report.skipped++;
			return;
		}

		const textProblem = characterProblem(text);
		if (textProblem !== null) {
			this.bad(textProblem, line, index);
			return;
		}

		let value: unknown;
		try {
			value = JSON.parse(text);
		} catch (error) {
			const detail = error instanceof Error ? error.message : String(error);
			this.bad(`not valid JSON (${detail.length > 100 ? `${detail.slice(0, 97)}...` : detail})`, line, index);
			return;
		}

		// An escaped NUL ("\u0000") is the same character as a raw one: the same rule.
		if (text.includes('\\u0000') && holdsNul(value)) {
			this.bad(NUL_REASON, line, index);
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
		if (this.unrecognised) {
			this.report.skipped++;
			return;
		}

		for (const field of fields) {
			const problem = characterProblem(field);
			if (problem !== null) {
				this.bad(problem, line, index);
				return;
			}
		}

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
		if (this.unrecognised) {
			const {records, bad} = this.report;
			this.report.skipped = records - bad;
			const kinds = 'looks like a 42 location, a bigstat42 session or an event';
			const badNote = bad > 0 ? ` (${bad} of them bad)` : '';
			const what =
				this.examined >= records
					? `none of its ${records} records ${kinds}; all were skipped${badNote}`
					: `none of the first ${this.examined} records ${kinds}; the input was read to its end and all ${records} records were skipped${badNote}`;
			this.report.error = `not a recognised format: ${what} (accepted: ${ACCEPTED_FORMATS})`;
			return;
		}

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
			// Records were read, but none of a known kind ('NDJSON without records, 1 record' contradicted itself).
			this.report.formatLabel = `${CONTAINER_LABELS[this.container]} of records of no known kind`;
			return;
		}

		this.report.format = `${this.kind}-${this.container}`;
		this.report.formatLabel = formatLabel(this.kind, this.container);
	}

	private async commit(sessions: SessionRecord[], events: EventRecord[]): Promise<void> {
		if (sessions.length === 0 && events.length === 0) return;
		if (this.disposition === 'validate') return;
		const campuses = [...this.campuses.values()].filter((campus) => !this.campusesSent.has(campus.id));
		for (const campus of campuses) this.campusesSent.add(campus.id);

		let result: Awaited<ReturnType<ImportOptions['onBatch']>>;
		try {
			result = await this.options.onBatch(campuses.length === 0 ? {sessions, events} : {sessions, events, campuses});
		} catch (error) {
			throw new CommitFailure(error);
		}

		if (result) {
			addUpsert(this.report.written.sessions, result.sessions);
			addUpsert(this.report.written.events, result.events);
		}
	}

	/** A session record may name its campus (`"campus": {"id", "name", "time_zone"}`, as export writes it). */
	private noteCampus(value: unknown): void {
		if (typeof value !== 'object' || value === null) return;
		const campus = (value as Record<string, unknown>)['campus'];
		if (typeof campus !== 'object' || campus === null) return;
		const {id, name, time_zone: timeZone} = campus as Record<string, unknown>;
		if (typeof id !== 'number' || !Number.isSafeInteger(id) || id <= 0 || typeof name !== 'string' || name.trim() === '') return;
		if (typeof timeZone !== 'string' || !isValidTimeZone(timeZone) || this.campuses.has(id)) return;
		this.campuses.set(id, {id, name: name.trim(), timeZone});
	}

	private readonly campuses = new Map<number, Campus>();
	private readonly campusesSent = new Set<number>();

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
		let result: SessionRecord | EventRecord | string;
		try {
			result = normalise(value);
		} catch (error) {
			// Never expected; one record that breaks a rule nobody foresaw must not stop the file.
			result = `could not be read (${error instanceof Error ? error.message : String(error)})`;
		}

		if (typeof result === 'string') {
			this.bad(result, line, index);
			return;
		}

		this.checkDuplicate(result, line, index);
		if (this.kind !== 'events') this.noteCampus(value);
		if (this.kind === 'events') {
			this.events.push(result as EventRecord);
			this.report.events++;
		} else {
			this.sessions.push(result as SessionRecord);
			this.report.sessions++;
		}
	}

	/** Warns when the id of a good record was already seen in this source with different content. */
	private checkDuplicate(record: SessionRecord | EventRecord, line: number, index: number): void {
		const hash = contentHash(record);
		const earlier = this.seen.observe(record.id, index, line, hash);
		if (earlier === null) return;
		this.report.duplicates++;
		const at = this.container === 'ndjson' || this.container === 'csv' ? {line} : {index, line};
		const what = this.container === 'ndjson' || this.container === 'csv' ? `line ${earlier.line}` : `record ${earlier.index} (line ${earlier.line})`;
		const issue = {source: this.report.source, ...at, reason: `id ${record.id} repeats ${what} with different content; the later one (this one) is kept`};
		if (this.report.warnings.length < this.maxIssues) this.report.warnings.push(issue);
	}

	/** No record looks like any known kind: the input is not in a recognised format (the rest is only counted). */
	private giveUp(): void {
		this.unrecognised = true;
		this.examined = this.index;
		this.pending = [];
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

/** Where a strict first pass copies the bytes it reads (the commit pass reads the copy). */
type Spool = {write(chunk: Uint8Array | string): Promise<void>};

/** One pass over one source; with `spool`, every byte read is also copied there. */
async function runSource(source: ImportSource, options: ImportOptions, disposition: Disposition, spool?: Spool): Promise<SourceRun> {
	const run = new SourceRun(sourceName(source), options, disposition);
	let opened: Awaited<ReturnType<typeof openChunks>>;
	try {
		opened = await openChunks(source);
	} catch (error) {
		run.report.error = `cannot read: ${describeErrno(error)}`;
		return run;
	}

	const decoder = new MarkingDecoder();
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
		// An unrecognised input is read to its end all the same: the report says how many records it skipped.
		return !splitter.stopped;
	};

	try {
		let going = true;
		for await (const chunk of opened.chunks) {
			if (spool) await spool.write(chunk);
			going = await feed(typeof chunk === 'string' ? chunk : decoder.write(chunk), false);
			if (!going) break;
		}

		if (going) {
			const rest = decoder.end();
			if (splitter === null) await feed(rest, true);
			else if (rest.length > 0) await feed(rest, false);
			(splitter as Splitter | null)?.end();
		}

		await run.finish();
	} catch (error) {
		// The store refused a batch (locked, full, read-only): stop here, never retry nor call it a read error.
		if (error instanceof CommitFailure) throw error.cause;
		if (error instanceof SpoolFailure) {
			run.report.error = `cannot keep a copy of the input for --strict: ${describeErrno(error.cause)}`;
		} else if (run.report.error === null) {
			// A read error mid-way: what was read stays (and is committed in non-strict mode).
			run.report.error = `read error: ${describeErrno(error)}`;
		}

		try {
			await run.finish();
		} catch (failure) {
			throw failure instanceof CommitFailure ? failure.cause : failure;
		}
	} finally {
		opened.close();
	}

	run.describeFormat();
	return run;
}

/** A write to the strict spool failed (full or read-only temporary directory). */
class SpoolFailure extends Error {
	override readonly cause: unknown;
	constructor(cause: unknown) {
		super(cause instanceof Error ? cause.message : String(cause));
		this.cause = cause;
	}
}

/** A spool file in `directory` (mode 0600). */
async function openSpool(file: string): Promise<Spool & {close(): Promise<void>}> {
	const handle = await open(file, 'wx', 0o600);
	return {
		async write(chunk) {
			try {
				await handle.write(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
			} catch (error) {
				throw new SpoolFailure(error);
			}
		},
		async close() {
			await handle.close();
		},
	};
}

function hasProblem(report: SourceReport): boolean {
	return report.error !== null || report.bad > 0 || report.inputIssues > 0;
}

/**
 * Imports every source in order. Non-strict: good records are committed batch by batch, bad ones
 * reported. Strict: every source is read exactly once, validated while a private copy of its bytes
 * is written to a temporary directory ($TMPDIR); only if every record of every source is good are
 * the copies read and committed. So a pipe or FIFO (which cannot be read twice) imports all it
 * held, and a file that changes after validation cannot get partly committed: what is committed is
 * byte for byte what was validated.
 */
export async function importSources(sources: readonly ImportSource[], options: ImportOptions): Promise<ImportReport> {
	if (!isValidTimeZone(options.naiveZone)) throw new RangeError(`unknown time zone "${options.naiveZone}"`);
	const strict = options.strict ?? false;
	const reports: SourceReport[] = [];
	let committed = true;
	if (!strict) {
		for (const source of sources) reports.push((await runSource(source, options, 'commit')).report);
		return {sources: reports, strict, committed, totals: sumReports(reports)};
	}

	const directory = await mkdtemp(path.join(options.spoolDirectory ?? os.tmpdir(), 'bigstat42-strict-'));
	try {
		const firstPass: Array<{run: SourceRun; copy: string}> = [];
		for (const [i, source] of sources.entries()) {
			const copy = path.join(directory, `input-${i}`);
			let spool: Awaited<ReturnType<typeof openSpool>>;
			try {
				spool = await openSpool(copy);
			} catch (error) {
				throw new Error(`--strict cannot keep a copy of its input in ${directory}: ${describeErrno(error)}`, {cause: error});
			}

			try {
				firstPass.push({run: await runSource(source, options, 'validate', spool), copy});
			} finally {
				await spool.close();
			}
		}

		if (firstPass.some(({run}) => hasProblem(run.report))) {
			committed = false;
			for (const {run} of firstPass) reports.push(run.report);
		} else {
			for (const {run, copy} of firstPass) {
				reports.push((await runSource({kind: 'file', path: copy, name: run.report.source}, options, 'commit')).report);
			}
		}
	} finally {
		await rm(directory, {recursive: true, force: true});
	}

	return {sources: reports, strict, committed, totals: sumReports(reports)};
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
