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
 *
 * The work is done by a TableBuilder fed one segment at a time in `order` (deltas, then bases by
 * month), so each segment is decoded as it is read and dropped (see store.ts):
 * the output columns are sized from the manifest's row counts, never from the parsed segments.
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

type Columns = {
	readonly numbers: Float64Array[];
	readonly indexes: Int32Array[];
};

/**
 * A session table built from the segments `entries` lists (deltas oldest first, as in the
 * manifest). Builders given the same dictionaries (a month at a time) share their indexes.
 */
export function sessionTableBuilder(
	entries: readonly SegmentEntry[],
	dictionaries = new SessionDictionaries(),
): TableBuilding<SessionSegment, SessionTable> {
	return new TableBuilder<SessionSegment, SessionTable, SessionColumns>(entries, {
		allocate: (size) => ({
			id: new Float64Array(size),
			begin: new Float64Array(size),
			end: new Float64Array(size),
			user: new Int32Array(size),
			host: new Int32Array(size),
			campus: new Int32Array(size),
		}),
		asColumns: (columns) => ({
			numbers: [columns.id, columns.begin, columns.end],
			indexes: [columns.user, columns.host, columns.campus],
		}),
		decode: (segment, file, out, offset) => decodeSessions(segment, file, out, offset, dictionaries),
		table: (columns, size) => ({
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
		}),
	});
}

/** An event table built from the segments `entries` lists (deltas oldest first, as in the manifest). */
export function eventTableBuilder(
	entries: readonly SegmentEntry[],
	dictionaries = new EventDictionaries(),
): TableBuilding<EventSegment, EventTable> {
	return new TableBuilder<EventSegment, EventTable, EventColumns>(entries, {
		allocate: (size) => ({
			id: new Float64Array(size),
			time: new Float64Array(size),
			user: new Int32Array(size),
			type: new Int32Array(size),
			meta: new Int32Array(size),
		}),
		asColumns: (columns) => ({
			numbers: [columns.id, columns.time],
			indexes: [columns.user, columns.type, columns.meta],
		}),
		decode: (segment, file, out, offset) => decodeEvents(segment, file, out, offset, dictionaries),
		table: (columns, size) => ({
			size,
			id: columns.id.subarray(0, size),
			time: columns.time.subarray(0, size),
			user: columns.user.subarray(0, size),
			type: columns.type.subarray(0, size),
			meta: columns.meta.subarray(0, size),
			users: dictionaries.users.values,
			types: dictionaries.types.values,
			metadata: dictionaries.metadata.values,
		}),
	});
}

/** A table being built from its segments, fed one at a time in `order`. */
export type TableBuilding<S, T> = {
	/** The order `add` expects: deltas oldest first, then bases by month. */
	readonly order: readonly SegmentEntry[];
	/** Decodes the next segment of `order`; the builder keeps no reference to `segment`. */
	add(entry: SegmentEntry, segment: S): void;
	/** The table; every segment of `order` must have been added. */
	finish(): T;
};

type TableKind<S, T, C> = {
	readonly allocate: (size: number) => C;
	readonly asColumns: (columns: C) => Columns;
	readonly decode: (segment: S, file: string, out: C, offset: number) => number;
	readonly table: (columns: C, size: number) => T;
};

/**
 * Builds one table from its segments, fed one at a time in `order`. A segment is decoded in `add`
 * and not referenced afterwards, so the caller may drop it right away.
 */
class TableBuilder<S extends {readonly rows: number}, T, C> implements TableBuilding<S, T> {
	/** The order `add` expects: deltas oldest first, then bases by month. */
	readonly order: readonly SegmentEntry[];
	private readonly kind: TableKind<S, T, C>;
	private readonly deltaCount: number;
	private readonly baseRows: number;
	private next = 0;
	// Deltas: decoded into their own columns, then deduplicated and sorted once the last one is in.
	private readonly deltaOut: C;
	private readonly delta: Columns;
	private deltaAt = 0;
	private readonly deltaIds = new Set<number>();
	private keep: number[] = [];
	private readonly replaced = new Set<number>();
	// Bases: decoded in month order after `keep.length` free rows.
	private outColumns: C | undefined;
	private out: Columns | undefined;
	private baseStart = 0;
	private baseEnd = 0;
	private previousMonth = Number.NEGATIVE_INFINITY;
	private previousPart = -1;

	constructor(entries: readonly SegmentEntry[], kind: TableKind<S, T, C>) {
		this.kind = kind;
		const bases = entries.filter((entry) => entry.role === 'base');
		bases.sort((a, b) => (a.months[0] ?? 0) - (b.months[0] ?? 0) || (a.part ?? 0) - (b.part ?? 0));
		const deltas = entries.filter((entry) => entry.role === 'delta');
		this.order = [...deltas, ...bases];
		this.deltaCount = deltas.length;
		let deltaRows = 0;
		for (const delta of deltas) deltaRows += delta.rows;
		for (const delta of deltas) for (const month of delta.replaces) this.replaced.add(month);
		let baseRows = 0;
		for (const base of bases) baseRows += base.rows;
		this.baseRows = baseRows;
		this.deltaOut = kind.allocate(deltaRows);
		this.delta = kind.asColumns(this.deltaOut);
	}

	/** Decodes the next segment of `order` (its entry must be `order[i]`, i counting calls). */
	add(entry: SegmentEntry, segment: S): void {
		if (this.order[this.next] !== entry) throw new Error(`segment ${entry.file} added out of order`);
		this.next++;
		if (segment.rows !== entry.rows) {
			throw new StoreError(`segment ${entry.file} is damaged: it has ${segment.rows} rows, the manifest says ${entry.rows}`, entry.file);
		}

		if (entry.role === 'delta') {
			this.deltaAt += this.kind.decode(segment, entry.file, this.deltaOut, this.deltaAt);
			return;
		}

		this.addBase(entry, segment);
	}

	/** The table; every segment of `order` must have been added. */
	finish(): T {
		if (this.next !== this.order.length) throw new Error('table builder finished before its last segment');
		this.startBases();
		const out = this.out!;
		const {keep, delta, baseEnd} = this;
		const [outId, outTime] = out.numbers as [Float64Array, Float64Array];
		const deltaId = delta.numbers[0]!;
		const deltaTime = delta.numbers[1]!;
		// 3. Merge base [baseStart, baseEnd) with the sorted delta rows into [0, …): whole runs of base
		// rows move with copyWithin, so a few deltas cost a memmove, not a per-row loop.
		let write = 0;
		let read = this.baseStart;
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
		return this.kind.table(this.outColumns!, write + (baseEnd - read));
	}

	/** Once every delta is in: keep the newest version of each id, sort by (time, id), allocate the output. */
	private startBases(): void {
		if (this.outColumns) return;
		const deltaId = this.delta.numbers[0]!;
		const deltaTime = this.delta.numbers[1]!;
		const keep: number[] = [];
		for (let i = this.deltaAt - 1; i >= 0; i--) {
			const id = deltaId[i]!;
			if (!this.deltaIds.has(id)) {
				this.deltaIds.add(id);
				keep.push(i);
			}
		}

		keep.sort((a, b) => deltaTime[a]! - deltaTime[b]! || deltaId[a]! - deltaId[b]!);
		this.keep = keep;
		this.outColumns = this.kind.allocate(this.baseRows + keep.length);
		this.out = this.kind.asColumns(this.outColumns);
		this.baseStart = keep.length;
		this.baseEnd = keep.length;
	}

	private addBase(entry: SegmentEntry, segment: S): void {
		this.startBases();
		const out = this.out!;
		const [outId, outTime] = out.numbers as [Float64Array, Float64Array];
		const month = entry.months[0] ?? 0;
		const part = entry.part ?? 0;
		const file = entry.file;
		if (month === this.previousMonth && part === this.previousPart) {
			throw new StoreError(`segment ${file} duplicates month ${monthLabel(month)}${part > 0 ? ` part ${part}` : ''}; the store is damaged`, file);
		}

		this.previousMonth = month;
		this.previousPart = part;
		const baseEnd = this.baseEnd;
		const rows = this.kind.decode(segment, file, this.outColumns!, baseEnd);
		if (rows > 0) {
			const first = outTime[baseEnd]!;
			const last = outTime[baseEnd + rows - 1]!;
			if (first < monthStart(month) || last >= monthStart(month + 1)) {
				throw new StoreError(`segment ${file} holds rows outside ${monthLabel(month)}; the store is damaged`, file);
			}
		}

		if (this.deltaIds.size > 0 && this.replaced.has(month)) {
			// Drop base rows that a delta replaces, compacting the region in place.
			const deltaIds = this.deltaIds;
			let write = baseEnd;
			for (let read = baseEnd; read < baseEnd + rows; read++) {
				if (deltaIds.has(outId[read]!)) continue;
				if (write !== read) moveRow(out, read, out, write);
				write++;
			}

			this.baseEnd = write;
		} else {
			this.baseEnd = baseEnd + rows;
		}
	}
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
