/**
 * `bigstat42 usage-summary FILE|-`: the Mini Analytics `/usage-summary` report for a raw JSON
 * array of {user_id, timestamp, action_type}, with its bugs fixed (ties listed, one zone,
 * validation errors instead of HTTP 500s). No store needed.
 */
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {LineSplitter} from '../data/importers/splitters.js';
import {hasInvalidUtf8, MarkingDecoder} from '../data/importers/utf8.js';
import {describeErrno} from '../core/system-error.js';
import {sanitizeForTerminal} from '../core/sanitize.js';
import {usageSummary} from '../core/stats/usage-summary.js';
import {isValidTimeZone} from '../core/time.js';
import {parseCommandFlags} from './flags.js';
import {UsageError, type Command} from './types.js';
import {toJson} from '../core/json.js';

const help = `
  Usage
    $ bigstat42 usage-summary FILE|-

  Summarises a JSON array (or NDJSON) of {"user_id", "timestamp", "action_type"} records, like the Mini
  Analytics POST /api/usage-summary: unique users (first appearance), counts per action, the most
  active user(s) and the peak hour (every tied key is listed), as one JSON document.

  Flags
    --tz IANA   zone of the peak hour (default UTC, as the original)
    --json      accepted for symmetry with the other commands: the output is always JSON

  Examples
    $ bigstat42 usage-summary events.json
    $ cat events.json | bigstat42 usage-summary -
`;

const flags = {tz: {type: 'string' as const}, json: {type: 'boolean' as const, default: true}};

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
	return Buffer.concat(chunks);
}

/** Text of the input with every byte that is not UTF-8 marked (the importers' rule, see data/importers/utf8.ts). */
function decode(bytes: Buffer): string {
	const decoder = new MarkingDecoder();
	return decoder.write(bytes) + decoder.end();
}

/** 0-based indexes of the records holding a string with a byte that is not UTF-8. */
function invalidUtf8Records(value: unknown): number[] {
	if (!Array.isArray(value)) return [];
	const bad: number[] = [];
	for (const [index, record] of value.entries()) {
		const stack: unknown[] = [record];
		while (stack.length > 0) {
			const item = stack.pop();
			if (typeof item === 'string') {
				if (hasInvalidUtf8(item)) {
					bad.push(index);
					break;
				}
			} else if (item !== null && typeof item === 'object') {
				for (const [key, child] of Object.entries(item)) stack.push(key, child);
			}
		}
	}

	return bad;
}

/**
 * The whole text as one JSON value; failing that, as NDJSON (one record per non-empty line),
 * which is how event logs are usually kept. The first error reported is the whole-text one
 * unless the text looks line-delimited.
 */
function parseArrayOrNdjson(text: string): {ok: true; value: unknown} | {ok: false; reason: string} {
	try {
		const value = JSON.parse(text) as unknown;
		// A file of one NDJSON line is one record, not "expected a JSON array".
		const single = typeof value === 'object' && value !== null && !Array.isArray(value) && text.trim().split('\n').length === 1;
		return {ok: true, value: single ? [value] : value};
	} catch (error) {
		const records: unknown[] = [];
		let failure: string | undefined;
		const splitter = new LineSplitter({
			record(line, number) {
				if (failure !== undefined) return;
				if (!line.startsWith('{')) {
					failure = (error as Error).message;
					return;
				}

				try {
					records.push(JSON.parse(line) as unknown);
				} catch (lineError) {
					failure = `line ${number}: ${(lineError as Error).message}`;
				}
			},
			issue(reason) {
				failure ??= reason;
			},
		});
		splitter.push(text);
		splitter.end();
		if (failure !== undefined) return {ok: false, reason: failure};
		// One NDJSON line is a log of one event, as much as a hundred lines are.
		return records.length > 0 ? {ok: true, value: records} : {ok: false, reason: (error as Error).message};
	}
}

export const usageSummaryCommand: Command = {
	name: 'usage-summary',
	async run(context) {
		const parsed = parseCommandFlags(context, help, flags);
		if (parsed.kind === 'help') {
			context.stdout.write(help);
			return 0;
		}

		const [file, extra] = parsed.input;
		if (file === undefined) throw new UsageError('give a file to summarise, or - for stdin', help);
		if (extra !== undefined) throw new UsageError(`one file at a time; unexpected "${extra}"`, help);
		const timeZone = parsed.flags.tz ?? 'UTC';
		if (!isValidTimeZone(timeZone)) throw new UsageError(`--tz "${timeZone}" is not an IANA time zone`, help);
		const name = file === '-' ? 'stdin' : path.resolve(context.cwd, file);
		let text: string;
		try {
			text = decode(file === '-' ? await readAll(context.stdin) : await readFile(name));
		} catch (error) {
			context.stderr.write(`usage-summary: cannot read ${sanitizeForTerminal(name)}: ${describeErrno(error)}\n`);
			return 1;
		}

		const body = text.replace(/^\uFEFF/, '');
		// An empty file (or blank lines) holds no record: say so, not "Unexpected end of JSON input".
		if (body.trim() === '') {
			context.stderr.write(`usage-summary: ${sanitizeForTerminal(name)} is empty: nothing to summarise (give a JSON array or NDJSON of events)\n`);
			return 1;
		}

		const input = parseArrayOrNdjson(body);
		if (!input.ok) {
			context.stderr.write(
				`usage-summary: ${sanitizeForTerminal(name)} is not valid JSON (${sanitizeForTerminal(input.reason)}); ` +
					'give a JSON array or NDJSON (for CSV logs: `bigstat42 import` then `bigstat42 summary`)\n',
			);
			return 1;
		}

		// Bytes that are not UTF-8 make their record bad, as in `import` (never summarised as U+FFFD).
		const undecodable = invalidUtf8Records(input.value).map((index) => ({index, reason: 'is not valid UTF-8 (Latin-1 or binary data?)'}));
		const summarised = usageSummary(input.value, {timeZone});
		const result = undecodable.length === 0 ? summarised : {ok: false as const, errors: [...undecodable, ...(summarised.ok ? [] : summarised.errors)].sort((a, b) => (a.index ?? -1) - (b.index ?? -1))};
		if (!result.ok) {
			const shown = result.errors.slice(0, 50);
			for (const issue of shown) {
				// Records are numbered from 1, as `bigstat42 import` numbers them.
				const where = issue.index === null ? '' : `record ${issue.index + 1}: `;
				context.stderr.write(`usage-summary: ${sanitizeForTerminal(name)}: ${where}${sanitizeForTerminal(issue.reason)}\n`);
			}

			if (result.errors.length > shown.length) {
				context.stderr.write(`usage-summary: … and ${result.errors.length - shown.length} more problems\n`);
			}

			context.stderr.write('usage-summary: nothing summarised (fix the records above)\n');
			return 1;
		}

		context.stdout.write(`${toJson(result.value, 2)}\n`);
		return 0;
	},
};
