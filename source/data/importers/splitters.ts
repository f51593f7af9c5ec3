/**
 * Streaming record splitters: text arrives in chunks of any size and complete records leave as
 * they are found, with the line they start on. Only the unfinished tail of the input (at most one
 * record) is kept between chunks, so memory does not grow with the input.
 *
 * The JSON splitters do not parse: they find where each array element ends (strings skipped with
 * `indexOf`, brackets counted) and hand the element's text to `JSON.parse`. A malformed element
 * therefore costs one bad record, not the rest of the file.
 */

/** Longest record (or unfinished value) we keep in memory; anything longer is malformed input. */
export const MAX_RECORD_CHARS = 16 * 1024 * 1024;

/** Receives the records a splitter finds and the structural problems it meets. */
export type SplitterSink = {
	/** A complete record's text (a JSON value, an NDJSON line) or CSV fields, and the line it starts on. */
	record(text: string, line: number): void;
	/** A CSV row. */
	row?(fields: string[], line: number): void;
	/** A problem with the input's structure (not with one record). */
	issue(reason: string, line: number): void;
};

export type Splitter = {
	/** Feeds the next piece of text. */
	push(text: string): void;
	/** Signals the end of the input (flushes a last record without a newline, reports truncation). */
	end(): void;
	/** True once the splitter gave up on the rest of the input (reported as an issue). */
	readonly stopped: boolean;
};

const QUOTE = 34;
const BACKSLASH = 92;
const NEWLINE = 10;
const COMMA = 44;
const COLON = 58;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;

function isWhitespace(code: number): boolean {
	return code === 32 || code === NEWLINE || code === 13 || code === 9;
}

/** Index just past the closing quote of a string whose body starts at `from`, or -1 if not closed yet. */
function skipString(text: string, from: number): number {
	let at = from;
	for (;;) {
		const quote = text.indexOf('"', at);
		if (quote < 0) return -1;
		// The quote is escaped when an odd number of backslashes precede it.
		let before = quote - 1;
		while (before >= from && text.charCodeAt(before) === BACKSLASH) before--;
		if ((quote - 1 - before) % 2 === 0) return quote + 1;
		at = quote + 1;
	}
}

/** Newlines met by the last `scanValue` call (kept outside the return value to avoid an allocation). */
let scannedNewlines = 0;

/**
 * Index just past the JSON value that starts at `start` (a non-whitespace character), or -1 when the
 * text ends inside it. Brackets are only counted, not matched: `JSON.parse` judges the element later.
 * A scalar (or garbage) runs to the next delimiter; it is only complete at the end of the input.
 */
function scanValue(text: string, start: number, final: boolean): number {
	scannedNewlines = 0;
	const length = text.length;
	const first = text.charCodeAt(start);
	if (first === QUOTE) return skipString(text, start + 1);
	if (first !== OPEN_BRACE && first !== OPEN_BRACKET) {
		for (let i = start; i < length; i++) {
			const code = text.charCodeAt(i);
			if (code === COMMA || code === CLOSE_BRACKET || code === CLOSE_BRACE || isWhitespace(code)) {
				// A stray closing bracket on its own is one character of garbage, never an empty record.
				return i === start ? start + 1 : i;
			}
		}

		return final ? length : -1;
	}

	let depth = 0;
	let newlines = 0;
	for (let i = start; i < length; i++) {
		const code = text.charCodeAt(i);
		if (code === QUOTE) {
			const end = skipString(text, i + 1);
			if (end < 0) return -1;
			i = end - 1;
		} else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
			depth++;
		} else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
			depth--;
			if (depth === 0) {
				scannedNewlines = newlines;
				return i + 1;
			}
		} else if (code === NEWLINE) {
			newlines++;
		}
	}

	return -1;
}

function countNewlines(text: string, from = 0, to = text.length): number {
	let count = 0;
	let at = text.indexOf('\n', from);
	while (at >= 0 && at < to) {
		count++;
		at = text.indexOf('\n', at + 1);
	}

	return count;
}

function describeCharacter(text: string, at: number): string {
	const code = text.charCodeAt(at);
	return code >= 32 && code < 127 ? `"${text[at]}"` : `character U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

type JsonState = 'top' | 'array' | 'key' | 'colon' | 'value' | 'done';

/**
 * Splits JSON input into the elements of its record array(s).
 * - `arrays`: one array or several concatenated (`[...][...]`, `[...]\n[...]`: pages of the 42 API).
 * - `sessions-object`: the elements of the top-level object's `"sessions"` array; other keys are skipped.
 */
export class JsonSplitter implements Splitter {
	stopped = false;
	private readonly mode: 'arrays' | 'sessions-object';
	private readonly sink: SplitterSink;
	private carry = '';
	/** Line number at the start of `carry`. */
	private line = 1;
	private state: JsonState = 'top';
	private key = '';
	private foundSessions = false;
	/** Line where the unfinished record of `carry` starts (for truncation messages). */
	private recordLine = 1;
	private arrayLine = 1;

	constructor(mode: 'arrays' | 'sessions-object', sink: SplitterSink) {
		this.mode = mode;
		this.sink = sink;
	}

	push(text: string): void {
		if (this.stopped) return;
		this.scan(this.carry.length === 0 ? text : this.carry + text, false);
	}

	end(): void {
		if (this.stopped) return;
		this.scan(this.carry, true);
		if (this.stopped) return;
		if (this.mode === 'arrays') {
			if (this.state === 'array') {
				this.sink.issue(`truncated JSON: the array opened on line ${this.arrayLine} is never closed`, this.line);
			}

			return;
		}

		if (this.state === 'array') {
			this.sink.issue(`truncated JSON: the "sessions" array opened on line ${this.arrayLine} is never closed`, this.line);
		} else if (!this.foundSessions) {
			this.sink.issue('no "sessions" array found in the JSON object', this.line);
		} else if (this.state !== 'done') {
			this.sink.issue('truncated JSON: the top-level object is never closed', this.line);
		}
	}

	private stop(reason: string, line: number): void {
		this.stopped = true;
		this.carry = '';
		this.sink.issue(reason, line);
	}

	// One loop over structural characters; only the current unfinished token is carried over.
	private scan(text: string, final: boolean): void {
		const length = text.length;
		let i = 0;
		let line = this.line;
		while (i < length) {
			const code = text.charCodeAt(i);
			if (isWhitespace(code)) {
				if (code === NEWLINE) line++;
				i++;
				continue;
			}

			const state = this.state;
			if (state === 'top') {
				if (this.mode === 'arrays' && code === OPEN_BRACKET) {
					this.state = 'array';
					this.arrayLine = line;
				} else if (this.mode === 'sessions-object' && code === OPEN_BRACE) {
					this.state = 'key';
				} else {
					const what = this.mode === 'arrays' ? 'a JSON array' : 'the JSON object';
					this.stop(`unexpected ${describeCharacter(text, i)} on line ${line} after ${what}; the rest of the input was ignored`, line);
					return;
				}

				i++;
				continue;
			}

			if (state === 'done') {
				this.stop(`unexpected ${describeCharacter(text, i)} on line ${line} after the JSON object; the rest of the input was ignored`, line);
				return;
			}

			if (state === 'array') {
				if (code === COMMA) {
					i++;
					continue;
				}

				if (code === CLOSE_BRACKET) {
					this.state = this.mode === 'arrays' ? 'top' : 'key';
					i++;
					continue;
				}

				const end = scanValue(text, i, final);
				if (end < 0) {
					this.recordLine = line;
					break;
				}

				const newlines = scannedNewlines;
				this.sink.record(text.slice(i, end), line);
				line += newlines;
				i = end;
				continue;
			}

			if (state === 'key') {
				if (code === COMMA) {
					i++;
					continue;
				}

				if (code === CLOSE_BRACE) {
					this.state = 'done';
					i++;
					continue;
				}

				if (code !== QUOTE) {
					this.stop(`malformed JSON object: expected a key on line ${line}, found ${describeCharacter(text, i)}`, line);
					return;
				}

				const end = skipString(text, i + 1);
				if (end < 0) {
					this.recordLine = line;
					break;
				}

				try {
					this.key = JSON.parse(text.slice(i, end)) as string;
				} catch {
					this.key = '';
				}

				this.state = 'colon';
				i = end;
				continue;
			}

			if (state === 'colon') {
				if (code !== COLON) {
					this.stop(`malformed JSON object: expected ":" on line ${line}, found ${describeCharacter(text, i)}`, line);
					return;
				}

				this.state = 'value';
				i++;
				continue;
			}

			// state === 'value': the sessions array is entered, any other value is skipped whole.
			if (this.key === 'sessions' && code === OPEN_BRACKET) {
				this.foundSessions = true;
				this.state = 'array';
				this.arrayLine = line;
				i++;
				continue;
			}

			const end = scanValue(text, i, final);
			if (end < 0) {
				this.recordLine = line;
				break;
			}

			if (this.key === 'sessions') {
				this.stop(`"sessions" on line ${line} is not an array`, line);
				return;
			}

			line += scannedNewlines;
			this.state = 'key';
			i = end;
		}

		if (i >= length) {
			this.carry = '';
			this.line = line;
			return;
		}

		if (final) {
			const what = this.state === 'array' ? 'a record' : 'a value';
			this.stop(`truncated JSON: the input ends inside ${what} starting on line ${this.recordLine}`, this.recordLine);
			return;
		}

		this.carry = text.slice(i);
		this.line = line;
		if (this.carry.length > MAX_RECORD_CHARS) {
			this.stop(
				`the value starting on line ${line} is longer than ${MAX_RECORD_CHARS / 1024 / 1024} MB (malformed JSON?); the rest of the input was ignored`,
				line,
			);
		}
	}
}

/**
 * Splits newline-delimited input into non-blank lines (CRLF or LF). A line longer than
 * MAX_RECORD_CHARS is reported and skipped up to its end.
 */
export class LineSplitter implements Splitter {
	readonly stopped = false;
	private readonly sink: SplitterSink;
	private carry = '';
	private line = 1;
	private skipping = false;

	constructor(sink: SplitterSink) {
		this.sink = sink;
	}

	push(text: string): void {
		this.scan(this.carry.length === 0 ? text : this.carry + text, false);
	}

	end(): void {
		this.scan(this.carry, true);
	}

	private scan(text: string, final: boolean): void {
		let start = 0;
		let line = this.line;
		for (;;) {
			const newline = text.indexOf('\n', start);
			if (newline < 0) break;
			if (this.skipping) this.skipping = false;
			else this.emit(text, start, newline, line);
			line++;
			start = newline + 1;
		}

		this.line = line;
		if (final) {
			if (!this.skipping && start < text.length) this.emit(text, start, text.length, line);
			this.carry = '';
			return;
		}

		this.carry = this.skipping ? '' : text.slice(start);
		if (this.carry.length > MAX_RECORD_CHARS) {
			this.sink.issue(`line ${line} is longer than ${MAX_RECORD_CHARS / 1024 / 1024} MB; skipped`, line);
			this.carry = '';
			this.skipping = true;
		}
	}

	private emit(text: string, start: number, end: number, line: number): void {
		let from = start;
		let to = end;
		while (from < to && isWhitespace(text.charCodeAt(from))) from++;
		while (to > from && isWhitespace(text.charCodeAt(to - 1))) to--;
		if (from < to) this.sink.record(text.slice(from, to), line);
	}
}

/** Splits one CSV record into fields (RFC 4180: quoted fields, "" escapes a quote). */
export function splitCsvFields(record: string): string[] {
	const fields: string[] = [];
	const length = record.length;
	let i = 0;
	for (;;) {
		if (record.charCodeAt(i) === QUOTE) {
			let value = '';
			let from = i + 1;
			for (;;) {
				const quote = record.indexOf('"', from);
				if (quote < 0) {
					// Unclosed quote: keep the rest as the field.
					value += record.slice(from);
					i = length;
					break;
				}

				value += record.slice(from, quote);
				if (record.charCodeAt(quote + 1) === QUOTE) {
					value += '"';
					from = quote + 2;
					continue;
				}

				i = quote + 1;
				break;
			}

			// Text between the closing quote and the next comma is kept (lenient).
			const comma = record.indexOf(',', i);
			if (comma < 0) {
				fields.push(value + record.slice(i));
				return fields;
			}

			fields.push(value + record.slice(i, comma));
			i = comma + 1;
		} else {
			const comma = record.indexOf(',', i);
			if (comma < 0) {
				fields.push(record.slice(i));
				return fields;
			}

			fields.push(record.slice(i, comma));
			i = comma + 1;
		}
	}
}

/**
 * Splits CSV input into rows of fields. Records end at a newline outside quotes, so quoted fields
 * may hold commas, quotes and newlines; CRLF and LF are both accepted; blank lines are skipped.
 */
export class CsvSplitter implements Splitter {
	stopped = false;
	private readonly sink: SplitterSink;
	private carry = '';
	private line = 1;

	constructor(sink: SplitterSink) {
		this.sink = sink;
	}

	push(text: string): void {
		if (this.stopped) return;
		this.scan(this.carry.length === 0 ? text : this.carry + text, false);
	}

	end(): void {
		if (this.stopped) return;
		this.scan(this.carry, true);
	}

	private scan(text: string, final: boolean): void {
		const length = text.length;
		let start = 0;
		let line = this.line;
		// Next quote at or after the scan position, cached so that quote-free input stays linear.
		let nextQuote = -2;
		const findQuote = (from: number): number => {
			if (nextQuote === -1 || (nextQuote >= from && nextQuote !== -2)) return nextQuote;
			nextQuote = text.indexOf('"', from);
			return nextQuote;
		};

		while (start < length) {
			// Find the newline that ends this record: quotes toggle, a quote pair is an escaped quote.
			let at = start;
			let quoted = false;
			let end = -1;
			for (;;) {
				const quote = findQuote(at);
				if (quoted) {
					if (quote < 0) break;
					quoted = false;
					at = quote + 1;
					continue;
				}

				const newline = text.indexOf('\n', at);
				if (quote < 0 || (newline >= 0 && newline < quote)) {
					end = newline;
					break;
				}

				quoted = true;
				at = quote + 1;
			}

			if (end < 0) {
				if (!final) break;
				if (quoted) this.sink.issue(`the quoted field opened on line ${line} is never closed`, line);
				end = length;
			}

			let recordEnd = end;
			if (recordEnd > start && text.charCodeAt(recordEnd - 1) === 13) recordEnd--;
			const record = text.slice(start, recordEnd);
			if (record.trim().length > 0) this.sink.row?.(splitCsvFields(record), line);
			line += 1 + countNewlines(text, start, end);
			start = end + 1;
		}

		this.line = line;
		this.carry = start < length ? text.slice(start) : '';
		if (this.carry.length > MAX_RECORD_CHARS) {
			this.stopped = true;
			this.carry = '';
			this.sink.issue(
				`the CSV record starting on line ${line} is longer than ${MAX_RECORD_CHARS / 1024 / 1024} MB (unclosed quote?); the rest of the input was ignored`,
				line,
			);
		}
	}
}
