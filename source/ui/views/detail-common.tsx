/**
 * Pieces shared by the drill-down views: the windowed session table under a heading, and a
 * 24-hour sparkline with an hour axis.
 */
import type {SessionListItem} from '../../core/stats/types.js';
import {formatInt} from '../../core/ui/format.js';
import {windowRows} from '../../core/ui/select-visible.js';
import {fittedSparkline} from '../components/sparkline-line.js';
import {tableLines} from '../components/table.js';
import {heading, seg, type Line} from '../components/view-lines.js';
import type {DashboardData, Theme, ViewState} from '../view-contract.js';
import {clean} from './common.js';
import {markCount, markedRows, selected, widestCells, type ListSpec} from './list-view.js';

/** Rows of the session table that `sessionSection` shows in `room` lines (its heading and the table header take two). */
export function sessionPage(room: number): number {
	return Math.max(1, room - 2);
}

/**
 * A heading, then the session table windowed to `room` lines. The lists are uncapped, so the count
 * is the true one ("412 · newest first", or "12 of 412 · filter "c1"" when filtered).
 */
export function sessionSection(
	spec: ListSpec<SessionListItem>,
	data: DashboardData,
	state: ViewState,
	theme: Theme,
	width: number,
	room: number,
	title: string,
	enterNote: string,
): Line[] {
	const rows = selected(spec, data, state);
	const total = spec.rows(data, state).length;
	const at = `${formatInt(rows.length === 0 ? 0 : Math.min(rows.length, state.cursor.row + 1))}/${formatInt(rows.length)}`;
	const marks = markCount(spec, data, state);
	const count =
		state.filter.trim() === '' ? at : marks === undefined ? `${at} of ${formatInt(total)} · filter "${clean(state.filter)}"` : `${at} · ${formatInt(marks)} match "${clean(state.filter)}"`;
	// Every session touching the range (one that began before it counts here, not in "N started").
	const lines: Line[] = [heading(title, `${count} touching the range · newest first · Enter: ${enterNote}`)];
	if (rows.length === 0) return [...lines, [seg(total === 0 ? '  no session' : '  no session matches the filter', {tone: 'muted'})]];
	const page = sessionPage(room);
	const window = windowRows(rows.length, state.cursor.row, state.cursor.scroll, page);
	lines.push(
		...tableLines({
			columns: spec.columns,
			rows: rows.slice(window.start, window.end).map((row) => spec.cells(row, data)),
			cursor: window.cursor - window.start,
			width,
			theme,
			highlight: (index) => rows[window.start + index]?.end === null,
			measure: [widestCells(spec, data, rows)],
			marked: markedRows(spec, data, state, window.start),
		}),
	);
	return lines;
}

/** Two lines: an hour axis and a 24-value sparkline, after a label column of `labelWidth`. */
export function hourSparkLines(label: string, values: readonly number[], width: number, theme: Theme, labelWidth = 10): Line[] {
	const room = Math.max(0, width - labelWidth);
	const per = Math.max(1, Math.floor(room / 24));
	const step = per >= 3 ? 1 : per === 2 ? 2 : 3;
	let axis = '';
	for (let hour = 0; hour < 24; hour += step) axis += String(hour).padStart(2, '0').padEnd(per * step, ' ');
	return [
		[seg(' '.repeat(labelWidth)), seg(axis.slice(0, Math.min(room, 24 * per)), {tone: 'muted'})],
		[seg(label.padEnd(labelWidth), {tone: 'heading'}), seg(fittedSparkline(values, room, theme), {tone: 'accent'})],
	];
}
