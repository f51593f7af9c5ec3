/**
 * Events: totals, counts by type, events per day (sparkline), peak hour, recent activity, and
 * EVERY event user of the range as a windowed list (cursor, `/` filter, `s` sort by events, user
 * or last event). Enter opens the user's event activity.
 *
 * Events  24 events · 6 users · 5 types · 14d (9 Nov–22 Nov)
 * by type   login 13 · project.submit 6 · exam.register 3 · system.backup 1
 * per day   ▇▂▄▂▆  ▄▂▂▄▄▂▇   9 Nov … 22 Nov · max 4/day
 * peak hour 09:00, 10:00 (4 events) · most active alice (9)
 * last 60m  2 events · project.submit 2
 * Event users  6 of 6 · sort events▼ · / filter · Enter: activity
 *   user            events  share last event    top type
 * › alice                9  37.5% 22 Nov 15:40  login
 *   bob                  7  29.2% 22 Nov 15:30  login
 */
import React, {type ReactElement} from 'react';
import type {EventUserActivity, KeyCount} from '../../core/stats/types.js';
import {formatDateTime, formatDayKey, formatHour, formatInt, formatPercent, plural} from '../../core/ui/format.js';
import {by, windowRows} from '../../core/ui/select-visible.js';
import {fitItems, textWidth} from '../../core/ui/text.js';
import {fittedSparkline} from '../components/sparkline-line.js';
import {sortGlyph, tableLines} from '../components/table.js';
import {Lines, heading, seg, type Line} from '../components/view-lines.js';
import {extraGlyphs} from '../theme.js';
import type {DashboardData, Size, ViewDescriptor, ViewProps} from '../view-contract.js';
import {clean} from './common.js';
import {listNote} from './hosts.js';
import {columnTable, listFunctions, markCount, markedRows, selected, widestCells, type ListColumn, type ListSpec} from './list-view.js';

/** Sortable columns of the event-user list, default first. */
export const EVENT_SORT_COLUMNS = ['events', 'user', 'last'] as const;

/** The event-user table: one entry per column (header, width, cell, sort). */
const eventColumns: ReadonlyArray<ListColumn<EventUserActivity>> = [
	{title: 'user', priority: 10, minWidth: 8, maxWidth: 24, cell: (row) => clean(row.user), sort: {name: 'user', natural: 'asc', compare: by.textAsc((row) => row.user)}},
	{title: 'events', priority: 9, minWidth: 6, align: 'right', cell: (row) => formatInt(row.total), sort: {name: 'events', natural: 'desc', compare: by.numberDesc((row) => row.total)}},
	{
		title: 'share',
		priority: 5,
		minWidth: 6,
		align: 'right',
		cell: (row, data) => formatPercent(data.summary.events.total === 0 ? null : (row.total / data.summary.events.total) * 100),
	},
	{title: 'last event', priority: 7, minWidth: 12, cell: (row, data) => formatDateTime(row.last, data.timeZone, data.now), sort: {name: 'last', natural: 'desc', compare: by.timeDesc((row) => row.last)}},
	{title: 'top type', priority: 3, minWidth: 8, maxWidth: 20, cell: (row) => clean(row.byType[0]?.key, '')},
];

const eventTable = columnTable(eventColumns, EVENT_SORT_COLUMNS);
const {columns} = eventTable;

/** The event users list: every user with an event in the range (`data.eventUsers`). */
export const eventsSpec: ListSpec<EventUserActivity> = {
	rows: (data) => data.eventUsers,
	// The user and every event type they sent.
	filterText: (row) => [row.user, ...row.byType.map((entry) => entry.key)].map((text) => clean(text)).join(' '),
	...eventTable,
	exportColumns: ['user', 'events', 'first', 'last', 'topType'],
	exportRow: (row) => [row.user, row.total, row.first, row.last, row.byType[0]?.key ?? null],
	drill: (row) => ({view: 'event-user', params: {eventUser: row.user}}),
};

/** "login 13 • view 7 • +3 more" fitted to `width` (whole entries only). */
function keyCounts(list: readonly KeyCount[], bullet: string, width: number): string {
	return fitItems(
		list.map((entry) => `${clean(entry.key)} ${formatInt(entry.count)}`),
		width,
		` ${bullet} `,
	);
}

function summaryLines(data: DashboardData, props: ViewProps): Line[] {
	const {theme, size} = props;
	const glyphs = extraGlyphs(theme);
	const {events} = data.summary;
	const label = (text: string) => seg(text.padEnd(10), {tone: 'heading'});
	const lines: Line[] = [heading('Events', `${formatInt(events.total)} events · ${formatInt(events.uniqueUsers)} users · ${formatInt(events.uniqueTypes)} types · ${clean(data.rangeLabel)}`)];
	lines.push([label('by type'), seg(events.byType.length === 0 ? 'none' : keyCounts(events.byType, glyphs.bullet, size.width - 10))]);
	const daily = events.daily.map((day) => day.count);
	const max = Math.max(0, ...daily);
	const first = events.daily[0];
	const last = events.daily.at(-1);
	const span = first && last ? `  ${formatDayKey(first.key)} ${theme.ascii ? '-' : '–'} ${formatDayKey(last.key)} · max ${formatInt(max)}/day` : '';
	const room = Math.max(0, Math.min(daily.length * 2, size.width - 10 - 40));
	lines.push([label('per day'), seg(fittedSparkline(daily, Math.max(room, Math.min(daily.length, size.width - 10)), theme), {tone: 'accent'}), seg(span, {tone: 'muted'})]);
	const peak = events.peakHour.count === 0 ? 'none' : `${events.peakHour.hours.map((hour) => formatHour(hour)).join(', ')} (${formatInt(events.peakHour.count)} events)`;
	const activeCount = ` (${formatInt(events.mostActive.count)})`;
	const activeRoom = size.width - 10 - textWidth(peak) - textWidth(` ${glyphs.bullet} most active `) - textWidth(activeCount);
	const active = events.mostActive.count === 0 ? 'none' : `${fitItems(events.mostActive.keys.map((key) => clean(key)), activeRoom, ', ')}${activeCount}`;
	lines.push([label('peak hour'), seg(peak), seg(` ${glyphs.bullet} most active `, {tone: 'muted'}), seg(active)]);
	const recentTotal = plural(events.recent.total, 'event');
	lines.push([
		label(`last ${events.recent.minutes}m`),
		seg(recentTotal),
		seg(events.recent.byType.length === 0 ? '' : ` ${glyphs.bullet} ${keyCounts(events.recent.byType, glyphs.bullet, size.width - 10 - textWidth(recentTotal) - 3)}`, {tone: 'muted'}),
	]);
	return lines;
}

/** Rows of the event-user table under `above` lines (its header takes one). */
function eventsPage(above: number, size: Size): number {
	return Math.max(1, size.height - above - 1);
}

function EventsView(props: ViewProps): ReactElement {
	const {data, size, theme, state} = props;
	const lines = summaryLines(data, props);
	const rows = selected(eventsSpec, data, state);
	const sortColumn = columns.find((column) => column.sortIndex === state.sort.column) ?? columns[1];
	const glyph = sortColumn ? sortGlyph(sortColumn, state.sort.descending, theme) : '';
	const note = listNote(state.cursor.row, rows.length, data.eventUsers.length, EVENT_SORT_COLUMNS[state.sort.column] ?? 'events', glyph, state.filter, markCount(eventsSpec, data, state));
	lines.push(heading('Event users', `${note} · Enter: activity`));
	const page = eventsPage(lines.length, size);
	const window = windowRows(rows.length, state.cursor.row, state.cursor.scroll, page);
	if (rows.length === 0) {
		lines.push([seg(state.filter.trim() === '' ? '  no event with a user in this range' : `  no event user matches "${clean(state.filter)}"`, {tone: 'muted'})]);
	} else {
		lines.push(
			...tableLines({
				columns,
				rows: rows.slice(window.start, window.end).map((row) => eventsSpec.cells(row, data)),
				cursor: window.cursor - window.start,
				sort: state.sort,
				measure: [widestCells(eventsSpec, data, rows)],
				marked: markedRows(eventsSpec, data, state, window.start),
				width: Math.min(size.width, 90),
				theme,
			}),
		);
	}

	return <Lines lines={lines} width={size.width} height={size.height} theme={theme} />;
}

/** Events descriptor: list cursor over every event user of the range; Enter → event-user. */
export const eventsView: ViewDescriptor = {
	id: 'events',
	title: 'Events',
	minSize: {width: 50, height: 9},
	cursorKind: 'list',
	supports: {filter: true, metric: false, drill: true},
	sortColumns: EVENT_SORT_COLUMNS,
	...listFunctions(eventsSpec),
	// The summary lines and the table's heading are above the table.
	page: (data, state, size, theme) => eventsPage(summaryLines(data, {data, state, size, theme}).length + 1, size),
	Component: EventsView,
};
