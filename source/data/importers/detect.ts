/**
 * Format detection from the first bytes of an input (never from its file name).
 */

/** How the records of an input are laid out. */
export type Container = 'json' | 'sessions-object' | 'ndjson' | 'csv';

export type Detection =
	| {readonly kind: 'container'; readonly container: Container}
	| {readonly kind: 'empty'}
	| {readonly kind: 'unknown'; readonly why: string};

/** How much of an input detection looks at (more is read only when the input is shorter). */
export const DETECT_CHARS = 64 * 1024;

/** What `import` accepts, for "not a recognised format" messages. */
export const ACCEPTED_FORMATS =
	'42 API locations (JSON array, pages may be concatenated), bigstat42 {"sessions": [...]} JSON, ' +
	'or event logs as a JSON array, NDJSON or CSV with a header row (user_id, timestamp, event_type or action_type)';

const CSV_EVENT_TYPE_COLUMNS = new Set(['event_type', 'action_type']);

/** Column names of a CSV header line: unquoted, trimmed, lower-case. */
export function csvHeaderNames(fields: readonly string[]): string[] {
	return fields.map((field) => field.trim().replace(/^"(.*)"$/s, '$1').trim().toLowerCase());
}

function countNul(text: string): number {
	let count = 0;
	for (let at = text.indexOf('\u0000'); at >= 0; at = text.indexOf('\u0000', at + 1)) count++;
	return count;
}

/**
 * Decides the container from the start of the input (BOM already removed). `complete` says the
 * whole input is in `head`.
 * - `[` → JSON array(s) of records; `{` → NDJSON when its first line is a complete object without a
 *   "sessions" array, else the bigstat42 `{"sessions": [...]}` object (streamed, may span lines);
 * - otherwise a CSV header naming a timestamp and an event type column.
 */
export function detectContainer(head: string, complete: boolean): Detection {
	let start = 0;
	while (start < head.length && /\s/.test(head[start] ?? '')) start++;
	if (start >= head.length) return complete ? {kind: 'empty'} : {kind: 'unknown', why: 'it starts with a long run of whitespace'};
	const sample = head.slice(start, start + DETECT_CHARS);
	// Controls other than NUL mean binary data; so do NULs in more than 10 % of the text (UTF-16, most binary formats).
	// A few NULs in text are the records' problem: each such record is reported (the NUL rule).
	// eslint-disable-next-line no-control-regex
	if (/[\u0001-\u0008\u000E-\u001A\u001C-\u001F]/.test(sample) || countNul(sample) * 10 > sample.length) {
		return {kind: 'unknown', why: 'it holds binary data'};
	}

	const first = sample[0];
	if (first === '[') return {kind: 'container', container: 'json'};
	if (first === '{') {
		const newline = sample.indexOf('\n');
		// No line end in the first 64 KB: one huge line, which only the streamed sessions object may be.
		if (newline < 0 && !complete) {
			return {kind: 'container', container: /"sessions"\s*:\s*\[/.test(sample) ? 'sessions-object' : 'ndjson'};
		}

		const firstLine = newline < 0 ? sample : sample.slice(0, newline);
		try {
			const value = JSON.parse(firstLine) as unknown;
			const hasSessions =
				typeof value === 'object' && value !== null && Array.isArray((value as Record<string, unknown>)['sessions']);
			return {kind: 'container', container: hasSessions ? 'sessions-object' : 'ndjson'};
		} catch {
			// A first line that is not a whole object: a pretty-printed sessions object, or a broken NDJSON line.
			return {kind: 'container', container: /"sessions"\s*:\s*\[/.test(sample) ? 'sessions-object' : 'ndjson'};
		}
	}

	const newline = sample.indexOf('\n');
	const headerLine = (newline < 0 ? sample : sample.slice(0, newline)).replace(/\r$/, '');
	const names = csvHeaderNames(headerLine.split(','));
	if (names.includes('timestamp') && names.some((name) => CSV_EVENT_TYPE_COLUMNS.has(name))) {
		return {kind: 'container', container: 'csv'};
	}

	return {kind: 'unknown', why: 'its first line is neither JSON nor a CSV header naming timestamp and event_type or action_type'};
}
