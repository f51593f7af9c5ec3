/**
 * Builds the model's SessionTable / EventTable from the live segments without a global sort:
 *
 * 1. delta rows (few: compaction bounds them) are decoded, deduplicated (the newest delta wins)
 *    and sorted;
 * 2. base segments, one per UTC month and each sorted, are decoded in month order straight into
 *    the final typed arrays, leaving room for the delta rows at the front; base rows superseded by
 *    a delta are dropped, but only in the months a delta says it replaces;
 * 3. one forward merge moves base and delta rows into place (the write position never overtakes
 *    the read position thanks to the room left at the front), so no second full-size buffer.
 *
 * No id → row map over the whole table is built here.
 */
import type {EventTable, SessionTable} from '../../core/model.js';
import {StoreError} from '../store-types.js';
import {monthLabel, monthStart, type SegmentEntry} from './manifest.js';
import {
	decodeEvents,
	decodeSessions,
	EventDictionaries,
	SessionDictionaries,
	type EventColumns,
	type EventSegment,
	type SessionColumns,
	type SessionSegment,
} from './segment-codec.js';

/** A live segment with its parsed content. */
export type LoadedSegment<S> = {
	readonly entry: SegmentEntry;
	readonly segment: S;
};

type Columns = {
	readonly numbers: Float64Array[];
	readonly indexes: Int32Array[];
};

/** Materialises sessions from base segments (any order) and deltas (oldest first). */
export function materialiseSessions(segments: ReadonlyArray<LoadedSegment<SessionSegment>>): SessionTable {
	const dictionaries = new SessionDictionaries();
	const allocate = (size: number): SessionColumns => ({
		id: new Float64Array(size),
		begin: new Float64Array(size),
		end: new Float64Array(size),
		user: new Int32Array(size),
		host: new Int32Array(size),
		campus: new Int32Array(size),
	});
	const asColumns = (columns: SessionColumns): Columns => ({
		numbers: [columns.id, columns.begin, columns.end],
		indexes: [columns.user, columns.host, columns.campus],
	});
	const {columns, size} = materialise(segments, allocate, asColumns, (segment, file, out, offset) =>
		decodeSessions(segment, file, out, offset, dictionaries),
	);
	return {
		size,
		id: columns.id.subarray(0, size),
		begin: columns.begin.subarray(0, size),
		end: columns.end.subarray(0, size),
		user: columns.user.subarray(0, size),
		host: columns.host.subarray(0, size),
		campus: columns.campus.subarray(0, size),
		logins: dictionaries.logins,
		userIds: dictionaries.userIds,
		hosts: dictionaries.hosts,
	};
}

/** Materialises events from base segments (any order) and deltas (oldest first). */
export function materialiseEvents(segments: ReadonlyArray<LoadedSegment<EventSegment>>): EventTable {
	const dictionaries = new EventDictionaries();
	const allocate = (size: number): EventColumns => ({
		id: new Float64Array(size),
		time: new Float64Array(size),
		user: new Int32Array(size),
		type: new Int32Array(size),
		meta: new Int32Array(size),
	});
	const asColumns = (columns: EventColumns): Columns => ({
		numbers: [columns.id, columns.time],
		indexes: [columns.user, columns.type, columns.meta],
	});
	const {columns, size} = materialise(segments, allocate, asColumns, (segment, file, out, offset) =>
		decodeEvents(segment, file, out, offset, dictionaries),
	);
	return {
		size,
		id: columns.id.subarray(0, size),
		time: columns.time.subarray(0, size),
		user: columns.user.subarray(0, size),
		type: columns.type.subarray(0, size),
		meta: columns.meta.subarray(0, size),
		users: dictionaries.users.values,
		types: dictionaries.types.values,
		metadata: dictionaries.metadata.values,
	};
}

function materialise<S extends {readonly rows: number}, C>(
	segments: ReadonlyArray<LoadedSegment<S>>,
	allocate: (size: number) => C,
	asColumns: (columns: C) => Columns,
	decode: (segment: S, file: string, out: C, offset: number) => number,
): {columns: C; size: number} {
	const bases = segments.filter((loaded) => loaded.entry.role === 'base');
	bases.sort((a, b) => (a.entry.months[0] ?? 0) - (b.entry.months[0] ?? 0));
	const deltas = segments.filter((loaded) => loaded.entry.role === 'delta');

	// 1. Deltas: decode oldest first, keep the newest version of each id, sort by (time, id).
	let deltaRows = 0;
	for (const delta of deltas) deltaRows += delta.segment.rows;
	const deltaOut = allocate(deltaRows);
	const delta = asColumns(deltaOut);
	let at = 0;
	for (const loaded of deltas) at += decode(loaded.segment, loaded.entry.file, deltaOut, at);
	const deltaIds = new Set<number>();
	const keep: number[] = [];
	const deltaId = delta.numbers[0]!;
	for (let i = deltaRows - 1; i >= 0; i--) {
		const id = deltaId[i]!;
		if (!deltaIds.has(id)) {
			deltaIds.add(id);
			keep.push(i);
		}
	}

	const deltaTime = delta.numbers[1]!;
	keep.sort((a, b) => deltaTime[a]! - deltaTime[b]! || deltaId[a]! - deltaId[b]!);
	const replaced = new Set<number>();
	for (const loaded of deltas) for (const month of loaded.entry.replaces) replaced.add(month);

	// 2. Bases in month order, after `keep.length` free rows.
	let baseRows = 0;
	for (const base of bases) baseRows += base.segment.rows;
	const outColumns = allocate(baseRows + keep.length);
	const out = asColumns(outColumns);
	const [outId, outTime] = out.numbers as [Float64Array, Float64Array];
	const baseStart = keep.length;
	let baseEnd = baseStart;
	let previousMonth = Number.NEGATIVE_INFINITY;
	for (const base of bases) {
		const month = base.entry.months[0] ?? 0;
		const file = base.entry.file;
		if (month === previousMonth) {
			throw new StoreError(`segment ${file} duplicates month ${monthLabel(month)}; the store is damaged`, file);
		}

		previousMonth = month;
		const rows = decode(base.segment, file, outColumns, baseEnd);
		if (rows > 0) {
			const first = outTime[baseEnd]!;
			const last = outTime[baseEnd + rows - 1]!;
			if (first < monthStart(month) || last >= monthStart(month + 1)) {
				throw new StoreError(`segment ${file} holds rows outside ${monthLabel(month)}; the store is damaged`, file);
			}
		}

		if (deltaIds.size > 0 && replaced.has(month)) {
			// Drop base rows that a delta replaces, compacting the region in place.
			let write = baseEnd;
			for (let read = baseEnd; read < baseEnd + rows; read++) {
				if (deltaIds.has(outId[read]!)) continue;
				if (write !== read) moveRow(out, read, out, write);
				write++;
			}

			baseEnd = write;
		} else {
			baseEnd += rows;
		}
	}

	// 3. Merge base [baseStart, baseEnd) with the sorted delta rows into [0, …): whole runs of base
	// rows move with copyWithin, so a few deltas cost a memmove, not a per-row loop.
	let write = 0;
	let read = baseStart;
	for (const d of keep) {
		const runEnd = upperBound(outTime, outId, read, baseEnd, deltaTime[d]!, deltaId[d]!);
		if (runEnd > read) {
			if (write !== read) copyRows(out, read, runEnd, write);
			write += runEnd - read;
			read = runEnd;
		}

		moveRow(delta, d, out, write++);
	}

	if (write !== read) copyRows(out, read, baseEnd, write);
	return {columns: outColumns, size: write + (baseEnd - read)};
}

/** First row in [from, to) that sorts after (time, id). */
function upperBound(time: Float64Array, id: Float64Array, from: number, to: number, t: number, i: number): number {
	let low = from;
	let high = to;
	while (low < high) {
		const middle = (low + high) >>> 1;
		if (time[middle]! < t || (time[middle] === t && id[middle]! < i)) low = middle + 1;
		else high = middle;
	}

	return low;
}

function copyRows(columns: Columns, from: number, to: number, target: number): void {
	for (const column of columns.numbers) column.copyWithin(target, from, to);
	for (const column of columns.indexes) column.copyWithin(target, from, to);
}

function moveRow(from: Columns, fromRow: number, to: Columns, toRow: number): void {
	for (let c = 0; c < from.numbers.length; c++) to.numbers[c]![toRow] = from.numbers[c]![fromRow]!;
	for (let c = 0; c < from.indexes.length; c++) to.indexes[c]![toRow] = from.indexes[c]![fromRow]!;
}
