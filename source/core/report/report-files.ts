/**
 * The files of `bigstat42 report`: summary.txt in the original bigstat42 layout, a CSV of every
 * table and a plain-text rendering of each chart the original drew as a PNG. Pure: returns
 * file names and contents; the command writes them.
 */
import asciichart from 'asciichart';
import type {Campus} from '../model.js';
import {WEEKDAY_NAMES} from '../time.js';
import {sanitizeForTerminal} from '../sanitize.js';
import type {HostRow, Summary, UserRow} from '../stats/types.js';
import {csvLine} from './csv.js';
import {cell, formatFixed, formatInt, formatLocal} from './format.js';

const WEEKDAYS = WEEKDAY_NAMES;
const RULE = '='.repeat(60);
const HEAT = [' ', '░', '▒', '▓', '█'] as const;

/** The figures of summary.txt, from our engine or from the compat analyzer. */
export type SummaryTxtFigures = {
	readonly dateRange: string;
	readonly totalSessions: number;
	readonly uniqueUsers: number;
	readonly uniqueHosts: number;
	readonly averageMinutes: number;
	readonly totalHours: number;
};

/** summary.txt exactly in the original layout (60 '=', thousands separators, two decimals). */
export function summaryTxt(figures: SummaryTxtFigures): string {
	const two = (value: number) => value.toFixed(2);
	return [
		RULE,
		'CLUSTER USAGE STATISTICS SUMMARY',
		RULE,
		'',
		`Date Range: ${figures.dateRange}`,
		'',
		`Total Sessions: ${formatInt(figures.totalSessions)}`,
		`Unique Users: ${formatInt(figures.uniqueUsers)}`,
		`Unique Hosts: ${formatInt(figures.uniqueHosts)}`,
		'',
		`Average Session Duration: ${two(figures.averageMinutes)} minutes (${two(figures.averageMinutes / 60)} hours)`,
		`Total Usage Time: ${two(figures.totalHours)} hours (${two(figures.totalHours / 24)} days)`,
		'',
		RULE,
		'',
	].join('\n');
}

/** Our engine's figures for summary.txt. */
export function figuresFromSummary(summary: Summary): SummaryTxtFigures {
	const tz = summary.range.tz;
	const to = Math.min(Date.parse(summary.range.to), Date.parse(summary.range.now));
	return {
		dateRange: `${formatLocal(Date.parse(summary.range.from), tz)} to ${formatLocal(to, tz)} (${tz})`,
		totalSessions: summary.sessions.total,
		uniqueUsers: summary.sessions.uniqueUsers,
		uniqueHosts: summary.sessions.uniqueHosts,
		averageMinutes: summary.sessions.meanSessionMinutes ?? 0,
		totalHours: summary.sessions.seatHours,
	};
}

function csv(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number | null>>): string {
	return [header.join(','), ...rows.map((row) => csvLine(row))].join('\n') + '\n';
}

const hours = Array.from({length: 24}, (_, hour) => `h${String(hour).padStart(2, '0')}`);

/** Horizontal bar chart, one labelled line per value, scaled to `width`. */
export function barChart(title: string, labels: readonly string[], values: readonly number[], width = 50, digits = 0): string {
	const max = Math.max(0, ...values);
	const labelWidth = Math.max(...labels.map((label) => [...label].length), 1);
	const lines = labels.map((label, index) => {
		const value = values[index] ?? 0;
		const length = max > 0 ? Math.round((value / max) * width) : 0;
		return `${cell(label, labelWidth)} │${'█'.repeat(length)}${' '.repeat(width - length)} ${formatFixed(value, digits)}`;
	});
	return `${title}\n${'─'.repeat(title.length)}\n${lines.join('\n')}\n`;
}

/** Weekday × hour heatmap as text: a glyph per cell plus its value, legend and totals. */
export function heatmapText(title: string, rowLabels: readonly string[], grid: readonly number[][], digits: number): string {
	const max = Math.max(0, ...grid.flat());
	const level = (value: number) => (max <= 0 || value <= 0 ? 0 : Math.min(4, Math.ceil((value / max) * 4)));
	const labelWidth = Math.max(...rowLabels.map((label) => [...label].length), 3);
	const header = `${' '.repeat(labelWidth)} ${Array.from({length: 24}, (_, hour) => String(hour).padStart(2, '0')).join(' ')}   total`;
	const rows = grid.map((row, index) => {
		const glyphs = row.map((value) => HEAT[level(value)]?.repeat(2) ?? '  ').join(' ');
		const total = row.reduce((sum, value) => sum + value, 0);
		return `${cell(rowLabels[index] ?? '', labelWidth)} ${glyphs}   ${formatFixed(total, digits)}`;
	});
	const columnTotals = Array.from({length: 24}, (_, hour) => grid.reduce((sum, row) => sum + (row[hour] ?? 0), 0));
	const step = max / 4;
	const legend = HEAT.map(
		(glyph, index) =>
			`${glyph === ' ' ? '·' : glyph} ${index === 0 ? '0' : `${formatFixed(step * (index - 1), digits)}–${formatFixed(step * index, digits)}`}`,
	).join('   ');
	const values = grid.map(
		(row, index) =>
			`${cell(rowLabels[index] ?? '', labelWidth)} ${row.map((value) => formatFixed(value, digits)).join(',')}`,
	);
	return [
		title,
		'─'.repeat(title.length),
		header,
		...rows,
		`${' '.repeat(labelWidth)} column totals: ${columnTotals.map((value) => formatFixed(value, digits)).join(', ')}`,
		'',
		`legend: ${legend}`,
		'',
		'values:',
		...values,
		'',
	].join('\n');
}

/** A line chart of a series with asciichart (no colour). */
export function lineChart(title: string, keys: readonly string[], values: readonly number[], height = 12): string {
	if (values.length === 0) return `${title}\n(no data)\n`;
	// asciichart draws one column per value: resample long series to at most 70 columns.
	const columns = Math.min(70, values.length);
	const sampled = Array.from({length: columns}, (_, column) => {
		const start = Math.floor((column * values.length) / columns);
		const end = Math.max(start + 1, Math.floor(((column + 1) * values.length) / columns));
		const slice = values.slice(start, end);
		return slice.reduce((sum, value) => sum + value, 0) / slice.length;
	});
	const plot = asciichart.plot(sampled, {height, format: (value: number) => formatFixed(value, 1).padStart(9)});
	return `${title}\n${'─'.repeat(title.length)}\n${plot}\n${' '.repeat(11)}${keys[0] ?? ''} → ${keys.at(-1) ?? ''}\n`;
}

/** Every file of the report, keyed by file name. */
export function reportFiles(input: {
	readonly summary: Summary;
	readonly campus: Campus;
	readonly hosts: readonly HostRow[];
	readonly users: readonly UserRow[];
	readonly hostHours: readonly number[][];
	readonly summaryFigures: SummaryTxtFigures;
}): Map<string, string> {
	const {summary, hosts, users, hostHours} = input;
	const s = summary.sessions;
	const e = summary.events;
	const files = new Map<string, string>();
	files.set('summary.txt', summaryTxt(input.summaryFigures));
	// Tables.
	files.set('hourly.csv', csv(['hour', 'starts', 'seat_hours'], s.byHour.starts.map((starts, hour) => [hour, starts, s.byHour.seatHours[hour] ?? 0])));
	files.set('weekday.csv', csv(['weekday', 'starts', 'seat_hours'], s.byWeekday.starts.map((starts, day) => [WEEKDAYS[day] ?? '', starts, s.byWeekday.seatHours[day] ?? 0])));
	files.set('weekday_hour_starts.csv', csv(['weekday', ...hours], s.weekdayHour.starts.map((row, day) => [WEEKDAYS[day] ?? '', ...row])));
	files.set('weekday_hour_mean_concurrent.csv', csv(['weekday', ...hours], s.weekdayHour.meanConcurrent.map((row, day) => [WEEKDAYS[day] ?? '', ...row])));
	for (const [name, series] of [['daily', s.daily], ['weekly', s.weekly], ['monthly', s.monthly]] as const) {
		files.set(`${name}.csv`, csv(['period', 'starts', 'seat_hours', 'users'], series.map((point) => [point.key, point.starts, point.seatHours, point.users])));
	}

	files.set('hosts.csv', csv(['host', 'sessions', 'seat_hours', 'mean_minutes', 'utilisation_pct', 'users', 'last_seen', 'occupant'], hosts.map((host) => [host.host, host.sessions, host.seatHours, host.meanMinutes, host.utilisation, host.users, host.lastSeen, host.occupant])));
	files.set('users.csv', csv(['login', 'logtime_hours', 'sessions', 'favourite_host', 'last_seen'], users.map((user) => [user.login, user.logtimeHours, user.sessions, user.favouriteHost, user.lastSeen])));
	files.set('host_hour_seat_hours.csv', csv(['host', ...hours], hostHours.map((row, index) => [hosts[index]?.host ?? '', ...row])));
	files.set('events_by_type.csv', csv(['type', 'count'], e.byType.map((entry) => [entry.key, entry.count])));
	files.set('events_top_users.csv', csv(['user', 'count'], e.topUsers.map((entry) => [entry.key, entry.count])));
	files.set('events_daily.csv', csv(['day', 'count'], e.daily.map((entry) => [entry.key, entry.count])));
	const anomalies = [
		...summary.anomalies.overlong.map((item) => ['overlong', item] as const),
		...summary.anomalies.zeroLength.map((item) => ['zero_length', item] as const),
		...summary.anomalies.negative.map((item) => ['negative', item] as const),
		...summary.anomalies.implausibleDate.map((item) => ['implausible_date', item] as const),
	];
	files.set('anomalies.csv', csv(['kind', 'id', 'login', 'host', 'begin_at', 'end_at', 'minutes'], anomalies.map(([kind, item]) => [kind, item.id, item.login, item.host, item.begin, item.end, item.minutes])));
	// Charts, named after the original PNGs.
	const shortDays = WEEKDAYS.map((day) => day.slice(0, 3));
	files.set('usage_heatmap_day_hour.txt', heatmapText('Cluster usage heatmap — day vs hour (sessions started)', shortDays, s.weekdayHour.starts, 0) + '\n' + heatmapText('Cluster usage heatmap — day vs hour (mean seats occupied)', shortDays, s.weekdayHour.meanConcurrent, 1));
	const clean = (text: string) => sanitizeForTerminal(text);
	files.set('usage_heatmap_hosts_hour.txt', heatmapText('Cluster usage heatmap — top hosts vs hour (seat-hours)', hosts.slice(0, hostHours.length).map((host) => clean(host.host)), hostHours, 1));
	const hourLabels = Array.from({length: 24}, (_, hour) => `${String(hour).padStart(2, '0')}:00`);
	files.set('hourly_usage.txt', barChart('Cluster usage by hour of day (sessions started)', hourLabels, s.byHour.starts) + '\n' + barChart('Cluster usage by hour of day (seat-hours)', hourLabels, s.byHour.seatHours, 50, 1));
	files.set('daily_usage.txt', barChart('Cluster usage by day of week (sessions started)', WEEKDAYS, s.byWeekday.starts) + '\n' + barChart('Cluster usage by day of week (seat-hours)', WEEKDAYS, s.byWeekday.seatHours, 50, 1));
	const top = hosts.slice(0, 20);
	files.set('top_hosts.txt', barChart(`Top ${top.length} most used computers (seat-hours)`, top.map((host) => clean(host.host)), top.map((host) => host.seatHours), 50, 1));
	files.set('daily_series.txt', lineChart('Seat-hours per day', s.daily.map((point) => point.key), s.daily.map((point) => point.seatHours)) + '\n' + lineChart('Events per day', e.daily.map((point) => point.key), e.daily.map((point) => point.count)));
	return files;
}
