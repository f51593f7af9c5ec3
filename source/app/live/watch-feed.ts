/**
 * `--watch FILE`: follows an NDJSON event file. fs.watch asks for a poll as soon as the file
 * changes (with the interval as a fallback, since fs.watch is not reliable everywhere); a poll
 * reads only the bytes appended since the last one, keeps a partial last line for next time, and
 * merges the parsed events. A truncated (rotated) file is read again from the start.
 */
import {watch as fsWatch, type FSWatcher} from 'node:fs';
import {open, stat} from 'node:fs/promises';
import path from 'node:path';
import {StringDecoder} from 'node:string_decoder';
import type {EventRecord} from '../../core/model.js';
import {LineSplitter} from '../../data/importers/splitters.js';
import type {LiveFeed, SnapshotData} from './contract.js';
import {appendEvents} from './merge.js';

export type WatchFeedOptions = {
	readonly file: string;
	readonly initial: SnapshotData;
	/** One NDJSON line → an event, or why it is not one. */
	parse(line: string): EventRecord | string;
	/** Fallback poll period. @default 1000 */
	readonly intervalMs?: number;
	/** The clock for "now" after each change. */
	now(): number;
	/** Start at the end of the file (only new lines) instead of reading it whole. @default false */
	readonly fromEnd?: boolean;
};

export type WatchFeed = {
	readonly feed: LiveFeed;
	reload(): Promise<SnapshotData>;
	/** Lines that were not events so far. */
	skipped(): number;
	/** "N bad lines skipped (line L: why)" once a line was not an event, else undefined. */
	note(): string | undefined;
};

/** Complete NDJSON lines of appended text, by the importers' line splitter (an unfinished last line is kept for the next read). */
export function createLineReader(): {push(text: string): string[]} {
	let lines: string[] = [];
	const splitter = new LineSplitter({
		record(text) {
			lines.push(text);
		},
		issue() {
			// A line over the record limit: skipped by the splitter, counted by the caller as a bad line.
			lines.push('');
		},
	});
	return {
		push(text) {
			splitter.push(text);
			const complete = lines;
			lines = [];
			return complete;
		},
	};
}

/** A live feed following an NDJSON file. */
export function createWatchFeed(options: WatchFeedOptions): WatchFeed {
	let current = options.initial;
	let offset = -1;
	let reader = createLineReader();
	let skipped = 0;
	let line = 0;
	let lastBad = '';
	// Keeps a UTF-8 character split across two reads whole.
	let decoder = new StringDecoder('utf8');

	const readAppended = async (): Promise<EventRecord[]> => {
		const info = await stat(options.file);
		if (offset < 0) offset = options.fromEnd ? info.size : 0;
		if (info.size < offset) {
			// Truncated or replaced: start over.
			offset = 0;
			line = 0;
			reader = createLineReader();
			decoder = new StringDecoder('utf8');
		}

		if (info.size === offset) return [];
		const handle = await open(options.file, 'r');
		try {
			const length = info.size - offset;
			const buffer = Buffer.alloc(length);
			const {bytesRead} = await handle.read(buffer, 0, length, offset);
			offset += bytesRead;
			const lines = reader.push(decoder.write(buffer.subarray(0, bytesRead)));
			const events: EventRecord[] = [];
			for (const text of lines) {
				line++;
				const parsed = options.parse(text);
				if (typeof parsed === 'string') {
					skipped++;
					lastBad = `line ${line}: ${parsed}`;
				} else {
					events.push(parsed);
				}
			}

			return events;
		} finally {
			await handle.close();
		}
	};

	const note = (): string | undefined =>
		skipped === 0 ? undefined : `${skipped} bad line${skipped === 1 ? '' : 's'} skipped (${lastBad})`;

	const feed: LiveFeed = {
		label: `watch ${path.basename(options.file)}`,
		intervalMs: options.intervalMs ?? 1000,
		async poll() {
			let events: EventRecord[];
			try {
				events = await readAppended();
			} catch (error) {
				const code = (error as NodeJS.ErrnoException).code;
				if (code === 'ENOENT') throw new Error(`${path.basename(options.file)} was removed or renamed; waiting for it to come back`);
				throw error;
			}

			const extra = note();
			if (events.length === 0) return {changed: false, ...(extra === undefined ? {} : {note: extra})};
			current = {...current, events: appendEvents(current.events, events), now: Math.max(current.now, options.now())};
			return {changed: true, ...(extra === undefined ? {} : {note: extra})};
		},
		subscribe(notify) {
			let watcher: FSWatcher | undefined;
			try {
				watcher = fsWatch(options.file, () => {
					notify();
				});
				watcher.on('error', () => {
					watcher?.close();
				});
			} catch {
				// fs.watch unsupported here: the interval still polls.
			}

			return () => {
				watcher?.close();
			};
		},
	};
	return {feed, reload: async () => current, skipped: () => skipped, note};
}
