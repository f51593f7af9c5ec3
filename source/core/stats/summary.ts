/**
 * The `summary --json` document, assembled from one session sweep and one event pass.
 */
import type {EventTable, SessionTable} from '../model.js';
import {HOUR, MINUTE} from '../time.js';
import {eventSummary} from './events.js';
import {hostRowsFromScan} from './hosts.js';
import {userRowsFromScan} from './users.js';
import {foldPieces, foldWeekdayHour} from './occupancy.js';
import {implausibleCount, isoUtc, type StatsContext} from './ranges.js';
import {newestItems} from './session-list.js';
import {median, type SessionScan} from './session-scan.js';
import type {Anomalies, HostRow, SeriesPoint, Summary, UserRow} from './types.js';

/** Series points of one period kind (day, week or month). */
function series(
	keys: readonly string[],
	bucketOf: Int32Array,
	scan: SessionFigures,
	users: Int32Array,
): SeriesPoint[] {
	const starts = foldPieces(scan.pieceStarts, bucketOf, keys.length);
	const seatHours = foldPieces(scan.pieceSeatMs, bucketOf, keys.length, HOUR);
	return keys.map((key, index) => ({
		key,
		starts: starts[index] ?? 0,
		seatHours: seatHours[index] ?? 0,
		users: users[index] ?? 0,
	}));
}

/** The sweep figures the `sessions` block reads: a SessionScan, or a SessionSweep fed in chunks. */
export type SessionFigures = Pick<
	SessionScan,
	'grid' | 'durations' | 'pieceStarts' | 'pieceSeatMs' | 'starts' | 'open' | 'uniqueUsers' | 'uniqueHosts' | 'seatMs' | 'dayUsers' | 'weekUsers' | 'monthUsers'
>;

/** The `sessions` block. */
export function sessionSummary(table: SessionTable, scan: SessionScan, context: StatsContext): Summary['sessions'] {
	return sessionBlock(scan, hostRowsFromScan(table, scan, context.top), () => userRowsFromScan(table, scan).slice(0, context.top));
}

/** The `sessions` block from sweep figures and the rankings (the user ranking is asked for on first read). */
export function sessionBlock(scan: SessionFigures, topHosts: HostRow[], rankUsers: () => UserRow[]): Summary['sessions'] {
	const grid = scan.grid;
	const durations = scan.durations;
	let durationSum = 0;
	for (const duration of durations) durationSum += duration;
	// In place: only the order of the scan's durations changes, and nothing reads that order (the
	// sum above is exact: whole milliseconds far below 2^53). Saves a copy of 8 bytes per session.
	const medianMs = median(durations);
	// meanConcurrent = seat-hours in a local slot / real hours of that slot inside [from, min(to, now)).
	const slotMs = new Float64Array(grid.size);
	for (let p = 0; p < grid.size; p++) slotMs[p] = (grid.bounds[p + 1] ?? 0) - (grid.bounds[p] ?? 0);
	const slotHours = foldWeekdayHour(grid, slotMs, HOUR);
	const seatBySlot = foldWeekdayHour(grid, scan.pieceSeatMs, HOUR);
	const block = {
		total: scan.starts,
		open: scan.open,
		uniqueUsers: scan.uniqueUsers,
		uniqueHosts: scan.uniqueHosts,
		seatHours: scan.seatMs / HOUR,
		meanSessionMinutes: durations.length > 0 ? durationSum / durations.length / MINUTE : null,
		medianSessionMinutes: medianMs === null ? null : medianMs / MINUTE,
		byHour: {
			starts: foldPieces(scan.pieceStarts, grid.hour, 24),
			seatHours: foldPieces(scan.pieceSeatMs, grid.hour, 24, HOUR),
		},
		byWeekday: {
			starts: foldPieces(scan.pieceStarts, grid.weekday, 7),
			seatHours: foldPieces(scan.pieceSeatMs, grid.weekday, 7, HOUR),
		},
		weekdayHour: {
			starts: foldWeekdayHour(grid, scan.pieceStarts),
			meanConcurrent: seatBySlot.map((row, weekday) =>
				row.map((seat, hour) => {
					const available = slotHours[weekday]?.[hour] ?? 0;
					return available > 0 ? seat / available : 0;
				}),
			),
		},
		daily: series(grid.dayKeys, grid.day, scan, scan.dayUsers),
		weekly: series(grid.weekKeys, grid.week, scan, scan.weekUsers),
		monthly: series(grid.monthKeys, grid.month, scan, scan.monthUsers),
		topHosts,
	};
	// The user ranking is computed on first read (JSON, text), so a summary drawn only for its
	// figures (the UI's previous period) does not rank every user.
	let topUsers: UserRow[] | undefined;
	Object.defineProperty(block, 'topUsers', {enumerable: true, get: () => (topUsers ??= rankUsers())});
	return block as Summary['sessions'];
}

/** The `anomalies` block: lists capped at `listLimit`, newest first; counts complete. */
export function anomalySummary(table: SessionTable, events: EventTable, scan: SessionScan, context: StatsContext): Anomalies {
	const list = (rows: readonly number[]) => newestItems(table, rows, rows.length, context.listLimit, context.now);
	// The newest `listLimit` implausible rows: the far-future ones first, then those before 1990.
	const {implausibleBefore: before, implausibleAfter: after} = scan;
	const implausibleTotal = before + (table.size - after);
	const keep = Math.min(implausibleTotal, context.listLimit);
	const fromAfter = Math.min(table.size - after, keep);
	const implausibleRows: number[] = [];
	for (let row = before - (keep - fromAfter); row < before; row++) implausibleRows.push(row);
	for (let row = table.size - fromAfter; row < table.size; row++) implausibleRows.push(row);
	return anomalyBlock(
		{
			overlong: list(scan.overlongRows),
			zeroLength: list(scan.zeroRows),
			negative: list(scan.negativeRows),
			future: list(scan.futureRows),
			implausibleDate: list(implausibleRows),
		},
		{
			overlong: scan.overlongRows.length,
			overlongOpen: scan.overlongOpen,
			zeroLength: scan.zeroRows.length,
			negative: scan.negativeRows.length,
			future: scan.futureRows.length,
			implausibleDate: implausibleTotal,
			implausibleEventDate: implausibleCount(events.time, context.now),
		},
		scan,
		context,
	);
}

/** The `anomalies` block from its lists and counts. */
export function anomalyBlock(
	lists: Pick<Anomalies, 'overlong' | 'zeroLength' | 'negative' | 'future' | 'implausibleDate'>,
	counts: Anomalies['counts'],
	overlaps: {readonly hostOverlaps: number; readonly userOverlaps: number},
	context: StatsContext,
): Anomalies {
	return {
		overlong: lists.overlong,
		zeroLength: lists.zeroLength,
		negative: lists.negative,
		future: lists.future,
		implausibleDate: lists.implausibleDate,
		counts,
		hostOverlaps: overlaps.hostOverlaps,
		userOverlaps: overlaps.userOverlaps,
		maxSessionMinutes: context.maxSessionMs / MINUTE,
	};
}

/** The whole document. */
export function buildSummary(
	sessions: SessionTable,
	events: EventTable,
	scan: SessionScan,
	context: StatsContext,
): Summary {
	return summaryDocument(context, sessionSummary(sessions, scan, context), eventSummary(events, context), anomalySummary(sessions, events, scan, context));
}

/** The document from its blocks. */
export function summaryDocument(context: StatsContext, sessions: Summary['sessions'], events: Summary['events'], anomalies: Anomalies): Summary {
	return {
		range: {
			from: isoUtc(context.from),
			to: isoUtc(context.to),
			end: isoUtc(context.end),
			tz: context.timeZone,
			now: isoUtc(context.now),
		},
		sessions,
		events,
		anomalies,
	};
}
