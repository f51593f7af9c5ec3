/**
 * Segments encoded for writing: the bytes of a segment file and the manifest entry that lists it
 * (size, CRC-32 and the header facts a query plan reads). Used by commits, compaction, migration
 * and repair.
 */
import type {EventTable, SessionTable} from '../../core/model.js';
import {baseSegmentFile, monthIndexOf, monthStart, type SegmentEntry, type SegmentKind} from './manifest.js';
import {lowerBound} from '../../core/stats/ranges.js';
import {encodeEvents, encodeSessions, type Segment} from './segment-codec.js';
import {hex, serializeSegment} from './segment-file.js';

/** A segment encoded for writing: its manifest entry and file bytes. */
export type Written = readonly [SegmentEntry, Uint8Array];

export function encodeTable(kind: SegmentKind, table: SessionTable | EventTable, from: number, to: number): Segment {
	return kind === 'sessions' ? encodeSessions(table as SessionTable, from, to) : encodeEvents(table as EventTable, from, to);
}

/** One base segment per month of `months` that has rows in `table` (sorted by `time`). */
export function baseSegments(kind: SegmentKind, table: SessionTable | EventTable, time: Float64Array, generation: number, months: Iterable<number>): Written[] {
	const written: Written[] = [];
	for (const month of [...months].sort((a, b) => a - b)) {
		const from = lowerBound(time, monthStart(month));
		const to = lowerBound(time, monthStart(month + 1));
		if (to === from) continue;
		const segment = encodeTable(kind, table, from, to);
		written.push(segmentWritten(kind, segment, table, from, to, {file: baseSegmentFile(kind, month, generation), role: 'base', generation, months: [month], replaces: []}));
	}

	return written;
}

/** The file bytes and manifest entry of rows [from, to) of `table`, encoded as `segment`. */
export function segmentWritten(
	kind: SegmentKind,
	segment: Segment,
	table: SessionTable | EventTable,
	from: number,
	to: number,
	what: {file: string; role: 'base' | 'delta'; generation: number; months: readonly number[]; replaces: readonly number[]},
): Written {
	const time = 'begin' in table ? table.begin : table.time;
	let maxEnd = Number.NaN;
	let open = 0;
	if ('begin' in table) {
		for (let i = from; i < to; i++) {
			const end = table.end[i]!;
			if (end !== end) open++;
			else if (!(end <= maxEnd)) maxEnd = end;
		}
	} else if (to > from) {
		maxEnd = time[to - 1]!;
	}

	const minTime = to > from ? time[from]! : Number.NaN;
	const maxTime = to > from ? time[to - 1]! : Number.NaN;
	const bytes = serializeSegment(segment, {role: what.role, generation: what.generation, minTime, maxTime, maxEnd, open, months: what.months, replaces: what.replaces});
	const entry: SegmentEntry = {
		file: what.file,
		kind,
		role: what.role,
		rows: to - from,
		bytes: bytes.byteLength,
		months: what.months,
		replaces: what.replaces,
		crc32: hex(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).readUInt32LE(8)),
		minTime,
		maxTime,
		maxEnd,
		open,
	};
	return [entry, bytes];
}

/** The distinct months of sorted instants. */
export function monthsOf(time: Float64Array): number[] {
	const months: number[] = [];
	let monthBegin = Number.NaN;
	let monthEnd = Number.NaN;
	for (const instant of time) {
		// Rows are sorted, so only month changes need the Date arithmetic.
		if (instant >= monthBegin && instant < monthEnd) continue;
		const month = monthIndexOf(instant);
		months.push(month);
		monthBegin = monthStart(month);
		monthEnd = monthStart(month + 1);
	}

	return months;
}

/** Every month of a sorted time column (a migration rewrites them all). */
export function allMonths(time: Float64Array): number[] {
	return monthsOf(time);
}
