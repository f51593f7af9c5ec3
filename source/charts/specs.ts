/**
 * Vega-Lite specs of every chart, built from the statistics documents (`summary --json`'s
 * `Summary`, `summary --json --compat bigstat42`'s document, user and host×hour rows). Pure and
 * front-end neutral: the report, the TUI's PNG export and the web dashboard all call these, and
 * nothing here imports a chart library (render.ts does, on demand).
 *
 * Every chart's title names the metric; its subtitle names the campus, the range, the time zone
 * and the metric's unit. Labels that come from data (hosts, logins, event types, the campus) are
 * stripped of control characters and cut to LABEL_MAX characters.
 */
import {formatInt, formatLocal, formatLocalDate} from '../core/report/format.js';
import {sanitizeForTerminal} from '../core/sanitize.js';
import type {CompatBigstat42Stats, Summary, UserRow} from '../core/stats/types.js';
import {zoneClock} from '../core/time.js';
import {truncate} from '../core/ui/text.js';
import {CATEGORICAL, FONT_FAMILY, HEAT, INK, OKABE_ITO} from './palette.js';

/** A Vega-Lite top-level spec as plain JSON (compiled by render.ts, or by vega-embed in a browser). */
export type VegaLiteSpec = {readonly [key: string]: unknown};

/** Every chart, by its file name without extension. The first five are the original bigstat42's PNGs. */
export const CHART_IDS = [
	'usage_heatmap_day_hour',
	'usage_heatmap_hosts_hour',
	'hourly_usage',
	'daily_usage',
	'top_hosts',
	'top_users',
	'usage_trend',
	'events_by_type',
	'events_daily',
	'events_by_hour',
	'open_now',
] as const;
export type ChartId = (typeof CHART_IDS)[number];

/** What the charts are drawn from. Everything but `campus` and `summary` is optional. */
export type ChartData = {
	/** Campus name, for titles. */
	readonly campus: string;
	readonly summary: Summary;
	/** The same statistics over the period of the same length just before (trend chart). */
	readonly previous?: Summary | null;
	/** Top hosts × local hour, seat-hours; `hours[i]` belongs to `hosts[i]`. */
	readonly hostHours?: {readonly hosts: readonly string[]; readonly hours: ReadonlyArray<readonly number[]>} | null;
	/** Users by logtime, hours desc (the first `top` are drawn). */
	readonly users?: readonly UserRow[] | null;
	/** Seats known on the campus (hosts ever seen), for "open now"; default: hosts used in the range. */
	readonly seats?: number | null;
	/** `--compat bigstat42`: the five original charts draw these numbers instead. */
	readonly compat?: CompatBigstat42Stats | null;
};

export type ChartSize = {readonly width: number; readonly height: number};

/** The default size of every chart, in CSS pixels. */
export const DEFAULT_SIZE: ChartSize = {width: 1200, height: 700};

/**
 * The original's figure sizes (matplotlib inches at 100 px per inch): its 16×8, 14×6, 12×6 and
 * 14×8 inch figures keep their proportions and their text sizes relative to the figure.
 */
export const ORIGINAL_SIZES: Readonly<Partial<Record<ChartId, ChartSize>>> = {
	usage_heatmap_day_hour: {width: 1600, height: 800},
	usage_heatmap_hosts_hour: {width: 1600, height: 800},
	hourly_usage: {width: 1400, height: 600},
	daily_usage: {width: 1200, height: 600},
	top_hosts: {width: 1400, height: 800},
};

/** Rows drawn in the top-N bar charts and the host heatmap. */
export const TOP_ROWS = 20;
/** Longest data label drawn, in characters. */
export const LABEL_MAX = 32;

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;
const SHORT_DAYS = WEEKDAYS.map((day) => day.slice(0, 3));
const HOURS = Array.from({length: 24}, (_, hour) => String(hour).padStart(2, '0'));
const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
/** Series points beyond this many days are drawn per ISO week. */
const DAILY_TREND_MAX_DAYS = 62;

/** A data string made safe to draw: no control characters, at most LABEL_MAX characters. */
export function chartLabel(text: string): string {
	return truncate(sanitizeForTerminal(text), LABEL_MAX);
}

/** "2026-11-16 – 2026-11-22" (the range's local days, `to` exclusive), or one day. */
export function rangeText(summary: Summary): string {
	const tz = summary.range.tz;
	const first = formatLocalDate(Date.parse(summary.range.from), tz);
	const last = formatLocalDate(Date.parse(summary.range.to) - 1, tz);
	return first === last ? first : `${first} – ${last}`;
}

type Context = {readonly campus: string; readonly range: string; readonly tz: string; readonly size: ChartSize};

function contextOf(data: ChartData, size: ChartSize, compat: boolean): Context {
	const campus = chartLabel(data.campus);
	if (compat && data.compat) return {campus, range: data.compat.date_range, tz: 'UTC', size};
	return {campus, range: rangeText(data.summary), tz: data.summary.range.tz, size};
}

/** Fields shared by every spec: size, title with campus/range/zone/metric, font, colours. */
function base(context: Context, title: string, metric: string, note?: string): Record<string, unknown> {
	const scale = Math.min(context.size.width / DEFAULT_SIZE.width, context.size.height / DEFAULT_SIZE.height);
	const font = (size: number) => Math.round(size * Math.max(0.75, Math.min(1.4, scale)));
	const subtitle = [`${context.campus} · ${context.range} · ${context.tz}`, note === undefined ? metric : `${metric} · ${note}`];
	return {
		$schema: SCHEMA,
		width: context.size.width,
		height: context.size.height,
		autosize: {type: 'fit', contains: 'padding'},
		padding: 16,
		background: INK.background,
		title: {text: title, subtitle, anchor: 'start', fontSize: font(22), subtitleFontSize: font(15), subtitleColor: INK.muted, offset: 12},
		config: {
			font: FONT_FAMILY,
			view: {stroke: null},
			axis: {labelFontSize: font(13), titleFontSize: font(14), labelColor: INK.text, titleColor: INK.text, gridColor: INK.grid, titlePadding: 10},
			legend: {labelFontSize: font(13), titleFontSize: font(14), labelColor: INK.text, titleColor: INK.text},
			text: {fontSize: font(12)},
		},
	};
}

/** The legend of a single-colour chart: one swatch naming the metric. */
function swatch(label: string, color: string): Record<string, unknown> {
	return {datum: label, type: 'nominal', scale: {domain: [label], range: [color]}, legend: {title: null, orient: 'top', symbolType: 'square', labelLimit: 800}};
}

type Cell = {readonly row: string; readonly column: string; readonly value: number};

/** A rows × 24 hours heatmap with the value written in each non-empty cell. */
function heatmap(
	context: Context,
	text: {title: string; metric: string; rowTitle: string; legend: string; note?: string},
	rows: readonly string[],
	grid: ReadonlyArray<readonly number[]>,
	digits: number,
): VegaLiteSpec {
	const values: Cell[] = [];
	let max = 0;
	rows.forEach((row, r) => {
		for (let hour = 0; hour < 24; hour++) {
			const value = grid[r]?.[hour] ?? 0;
			max = Math.max(max, value);
			values.push({row, column: HOURS[hour] ?? '', value});
		}
	});
	const format = digits === 0 ? ',d' : `,.${digits}f`;
	// Dark cells (the upper ~45 % of the scale) take white text.
	const dark = max * 0.55;
	return {
		...base(context, text.title, text.metric, text.note),
		data: {values},
		encoding: {
			x: {field: 'column', type: 'ordinal', sort: HOURS, title: `Hour of day (${context.tz}, hour starting)`, axis: {labelAngle: 0}},
			y: {field: 'row', type: 'ordinal', sort: [...rows], title: text.rowTitle},
		},
		layer: [
			{
				mark: {type: 'rect', stroke: INK.background, strokeWidth: 1},
				encoding: {
					color: {
						field: 'value',
						type: 'quantitative',
						title: text.legend,
						scale: {range: [...HEAT], domain: [0, Math.max(max, digits === 0 ? 1 : 0.1)]},
						legend: {format, titleLimit: 400, gradientLength: Math.max(120, Math.round(context.size.height * 0.5))},
					},
					tooltip: [
						{field: 'row', title: text.rowTitle},
						{field: 'column', title: 'Hour'},
						{field: 'value', title: text.legend, format},
					],
				},
			},
			{
				transform: [{filter: 'datum.value > 0'}],
				mark: {type: 'text', baseline: 'middle'},
				encoding: {
					text: {field: 'value', type: 'quantitative', format},
					color: {condition: {test: `datum.value > ${dark}`, value: INK.background}, value: INK.text},
				},
			},
		],
	};
}

type Bar = {readonly label: string; readonly value: number; readonly series?: string};

/** Vertical bars over ordered categories (hours, weekdays). */
function columns(
	context: Context,
	text: {title: string; metric: string; axis: string; unit: string; note?: string},
	bars: readonly Bar[],
	color: string | {readonly domain: readonly string[]; readonly range: readonly string[]},
	digits: number,
): VegaLiteSpec {
	const format = digits === 0 ? ',d' : `,.${digits}f`;
	const colour =
		typeof color === 'string'
			? swatch(text.unit, color)
			: {field: 'series', type: 'nominal', scale: {domain: [...color.domain], range: [...color.range]}, legend: {title: null, orient: 'top', symbolType: 'square', labelLimit: 800}};
	return {
		...base(context, text.title, text.metric, text.note),
		data: {values: bars},
		encoding: {
			x: {field: 'label', type: 'ordinal', sort: bars.map((bar) => bar.label), title: text.axis, axis: {labelAngle: 0}},
			y: {field: 'value', type: 'quantitative', title: text.unit, axis: {format: digits === 0 ? ',d' : ',~f'}},
		},
		layer: [
			{mark: {type: 'bar'}, encoding: {color: colour, tooltip: [{field: 'label', title: text.axis}, {field: 'value', title: text.unit, format}]}},
			{mark: {type: 'text', baseline: 'bottom', dy: -3, color: INK.text}, encoding: {text: {field: 'value', type: 'quantitative', format}}},
		],
	};
}

/** Horizontal bars, largest on top (top hosts, top users, event types). */
function ranking(
	context: Context,
	text: {title: string; metric: string; axis: string; unit: string; note?: string},
	bars: readonly Bar[],
	color: string,
	digits: number,
): VegaLiteSpec {
	const format = digits === 0 ? ',d' : `,.${digits}f`;
	return {
		...base(context, text.title, text.metric, text.note),
		data: {values: bars},
		encoding: {
			y: {field: 'label', type: 'nominal', sort: bars.map((bar) => bar.label), title: text.axis},
			x: {field: 'value', type: 'quantitative', title: text.unit, axis: {format: digits === 0 ? ',d' : ',~f'}},
		},
		layer: [
			{mark: {type: 'bar'}, encoding: {color: swatch(text.unit, color), tooltip: [{field: 'label', title: text.axis}, {field: 'value', title: text.unit, format}]}},
			{mark: {type: 'text', align: 'left', dx: 4, color: INK.text}, encoding: {text: {field: 'value', type: 'quantitative', format}}},
		],
	};
}

/** Distinct labels: a suffix " (2)", " (3)" is added to repeats (two hosts cut to the same text stay two bars). */
function distinct(labels: readonly string[]): string[] {
	const seen = new Map<string, number>();
	return labels.map((label) => {
		const count = (seen.get(label) ?? 0) + 1;
		seen.set(label, count);
		return count === 1 ? label : `${label} (${count})`;
	});
}

/** "YYYY-MM-DD" plus `days` calendar days. */
function shiftDayKey(key: string, days: number): string {
	return new Date(Date.parse(`${key}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

function weekdayOfKey(key: string): number {
	const day = new Date(`${key}T00:00:00Z`).getUTCDay();
	return (day + 6) % 7;
}

/** How many times each weekday (Monday first) occurs among the range's days. */
export function weekdayOccurrences(summary: Summary): number[] {
	const counts = Array.from({length: 7}, () => 0);
	for (const point of summary.sessions.daily) counts[weekdayOfKey(point.key)]!++;
	return counts;
}

/**
 * How many times each local hour of day occurs in the range up to its effective end (the range's
 * days, less the hours of the last day not yet begun at `range.end`).
 */
export function hourOccurrences(summary: Summary): number[] {
	const days = summary.sessions.daily.length;
	const end = Date.parse(summary.range.end);
	const parts = zoneClock(summary.range.tz).parts(end - 1);
	const lastHour = parts.hour;
	return HOURS.map((_, hour) => Math.max(0, days - (days > 0 && hour > lastHour ? 1 : 0)));
}

function dayHourChart(data: ChartData, context: Context, compat: boolean, metric: 'occupancy' | 'starts'): VegaLiteSpec {
	if (compat && data.compat) {
		const grid = data.compat.heatmap_day_hour;
		return heatmap(
			context,
			{title: 'Cluster Usage Heatmap - Day vs Hour', metric: 'Number of Sessions (sessions started, UTC start hour)', rowTitle: 'Day of week', legend: 'Number of Sessions', note: '--compat bigstat42'},
			grid.rows.map((row) => row.slice(0, 3)),
			grid.counts,
			0,
		);
	}

	if (metric === 'starts') {
		return heatmap(
			context,
			{title: 'Sessions started by weekday and hour', metric: 'Sessions started (count, local start hour)', rowTitle: 'Weekday', legend: 'Sessions started'},
			SHORT_DAYS,
			data.summary.sessions.weekdayHour.starts,
			0,
		);
	}

	return heatmap(
		context,
		{title: 'Mean occupied seats by weekday and hour', metric: 'Mean occupied seats (seat-hours ÷ hours of the slot in the range)', rowTitle: 'Weekday', legend: 'Mean occupied seats'},
		SHORT_DAYS,
		data.summary.sessions.weekdayHour.meanConcurrent,
		1,
	);
}

function hostsHourChart(data: ChartData, context: Context, compat: boolean): VegaLiteSpec {
	if (compat && data.compat) {
		const grid = data.compat.heatmap_hosts_hour;
		return heatmap(
			context,
			{title: 'Cluster Usage Heatmap - Top Hosts vs Hour', metric: 'Number of Sessions (sessions started, UTC start hour)', rowTitle: `Host (top ${grid.rows.length} by sessions)`, legend: 'Number of Sessions', note: '--compat bigstat42'},
			distinct(grid.rows.map((row) => chartLabel(row))),
			grid.counts,
			0,
		);
	}

	const hosts = data.hostHours?.hosts ?? [];
	const hours = data.hostHours?.hours ?? [];
	const rows = Math.min(hosts.length, TOP_ROWS);
	return heatmap(
		context,
		{title: 'Seat-hours of the top hosts by hour', metric: 'Seat-hours (occupied hours of the seat, summed per hour of day)', rowTitle: `Host (top ${rows} by seat-hours)`, legend: 'Seat-hours'},
		distinct(hosts.slice(0, rows).map((host) => chartLabel(host))),
		hours.slice(0, rows),
		1,
	);
}

function hourlyChart(data: ChartData, context: Context, compat: boolean): VegaLiteSpec {
	if (compat && data.compat) {
		const hourly = data.compat.hourly_usage;
		return columns(
			context,
			{title: 'Cluster Usage by Hour of Day', metric: 'Number of Sessions (sessions started)', axis: 'Hour of Day (UTC)', unit: 'Number of Sessions', note: '--compat bigstat42'},
			HOURS.map((label, hour) => ({label, value: hourly[String(hour)] ?? 0})),
			OKABE_ITO.blue,
			0,
		);
	}

	const s = data.summary.sessions;
	const occurrences = hourOccurrences(data.summary);
	return columns(
		context,
		{title: 'Mean occupied seats by hour of day', metric: 'Mean occupied seats (seat-hours ÷ occurrences of the hour)', axis: `Hour of day (${context.tz}, hour starting)`, unit: 'Mean occupied seats'},
		HOURS.map((label, hour) => {
			const times = occurrences[hour] ?? 0;
			return {label, value: times > 0 ? (s.byHour.seatHours[hour] ?? 0) / times : 0};
		}),
		OKABE_ITO.blue,
		1,
	);
}

function weekdayChart(data: ChartData, context: Context, compat: boolean): VegaLiteSpec {
	if (compat && data.compat) {
		const daily = data.compat.daily_usage;
		// The original drew the present days only, Monday..Sunday.
		const present = WEEKDAYS.filter((day) => (daily[day] ?? 0) > 0);
		return columns(
			context,
			{title: 'Cluster Usage by Day of Week', metric: 'Number of Sessions (sessions started)', axis: 'Day of Week (UTC)', unit: 'Number of Sessions', note: '--compat bigstat42'},
			present.map((day) => ({label: day, value: daily[day] ?? 0})),
			OKABE_ITO.orange,
			0,
		);
	}

	const s = data.summary.sessions;
	const occurrences = weekdayOccurrences(data.summary);
	return columns(
		context,
		{title: 'Seat-hours per occurrence of each weekday', metric: 'Seat-hours per occurrence of the weekday (seat-hours ÷ times the weekday occurs in the range)', axis: 'Weekday (× occurrences in the range)', unit: 'Seat-hours per day'},
		SHORT_DAYS.map((day, index) => {
			const times = occurrences[index] ?? 0;
			return {label: `${day} ×${times}`, value: times > 0 ? (s.byWeekday.seatHours[index] ?? 0) / times : 0};
		}),
		OKABE_ITO.orange,
		1,
	);
}

function topHostsChart(data: ChartData, context: Context, compat: boolean): VegaLiteSpec {
	if (compat && data.compat) {
		const top = Object.entries(data.compat.host_usage).slice(0, TOP_ROWS);
		const labels = distinct(top.map(([host]) => chartLabel(host)));
		return ranking(
			context,
			{title: 'Top 20 Most Used Computers', metric: 'Number of Sessions (sessions started)', axis: 'Host', unit: 'Number of Sessions', note: '--compat bigstat42'},
			top.map(([, count], index) => ({label: labels[index] ?? '', value: count})),
			OKABE_ITO.green,
			0,
		);
	}

	const top = data.summary.sessions.topHosts.slice(0, TOP_ROWS);
	const labels = distinct(top.map((host) => chartLabel(host.host)));
	return ranking(
		context,
		{title: `Top ${top.length} hosts by seat-hours`, metric: 'Seat-hours (union of the host’s sessions, hours)', axis: 'Host', unit: 'Seat-hours'},
		top.map((host, index) => ({label: labels[index] ?? '', value: host.seatHours})),
		OKABE_ITO.green,
		1,
	);
}

function topUsersChart(data: ChartData, context: Context): VegaLiteSpec {
	const top = (data.users ?? []).slice(0, TOP_ROWS);
	const labels = distinct(top.map((user) => chartLabel(user.login)));
	return ranking(
		context,
		{title: `Top ${top.length} users by logtime`, metric: 'Logtime (union of the user’s sessions, hours)', axis: 'Login', unit: 'Logtime, hours'},
		top.map((user, index) => ({label: labels[index] ?? '', value: user.logtimeHours})),
		OKABE_ITO.purple,
		1,
	);
}

function trendChart(data: ChartData, context: Context): VegaLiteSpec {
	const current = data.summary.sessions;
	const daily = current.daily.length <= DAILY_TREND_MAX_DAYS;
	const points = daily ? current.daily : current.weekly;
	const previous = data.previous ? (daily ? data.previous.sessions.daily : data.previous.sessions.weekly) : null;
	const thisLabel = `this period (${context.range})`;
	const previousLabel = data.previous ? `previous period (${rangeText(data.previous)})` : null;
	const values: Array<{key: string; series: string; value: number; period: string}> = points.map((point) => ({key: point.key, series: thisLabel, value: point.seatHours, period: point.key}));
	const keys = points.map((point) => point.key);
	if (previous && previousLabel) {
		// Aligned by position: the previous period's n-th day (or week) is drawn over this one's.
		// A period cut at now has fewer days than the previous one: its remaining days are added
		// to the axis (the previous day plus the period's length) so the whole previous period shows.
		previous.forEach((before, index) => {
			let key = keys[index];
			if (key === undefined && daily) {
				key = shiftDayKey(before.key, previous.length);
				keys.push(key);
			}

			if (key !== undefined) values.push({key, series: previousLabel, value: before.seatHours, period: before.key});
		});
	}

	const domain = previousLabel ? [thisLabel, previousLabel] : [thisLabel];
	const unit = daily ? 'Seat-hours per day' : 'Seat-hours per ISO week';
	return {
		...base(context, daily ? 'Seat-hours per day, with the previous period' : 'Seat-hours per week, with the previous period', unit, previousLabel ? undefined : 'no previous period for this range'),
		data: {values},
		mark: {type: 'line', point: true, strokeWidth: 2.5},
		encoding: {
			x: {field: 'key', type: 'ordinal', sort: keys, title: daily ? `Day (${context.tz})` : 'ISO week', axis: {labelAngle: -45, labelOverlap: 'parity'}},
			y: {field: 'value', type: 'quantitative', title: unit, axis: {format: ',~f'}},
			color: {field: 'series', type: 'nominal', scale: {domain, range: [OKABE_ITO.blue, OKABE_ITO.orange]}, legend: {title: null, orient: 'top', symbolType: 'stroke', labelLimit: 800}},
			strokeDash: {field: 'series', type: 'nominal', scale: {domain, range: [[1, 0], [6, 4]]}, legend: {title: null, orient: 'top', symbolType: 'stroke', labelLimit: 800}},
			tooltip: [{field: 'series', title: 'Series'}, {field: 'period', title: daily ? 'Day' : 'Week'}, {field: 'value', title: unit, format: ',.1f'}],
		},
	};
}

function eventsByTypeChart(data: ChartData, context: Context): VegaLiteSpec {
	const events = data.summary.events;
	const top = events.byType.slice(0, TOP_ROWS);
	const labels = distinct(top.map((entry) => chartLabel(entry.key)));
	return ranking(
		context,
		{title: 'Events by type', metric: 'Events (count)', axis: 'Event type', unit: 'Events', note: events.byType.length > top.length ? `top ${top.length} of ${events.byType.length} types` : `${formatInt(events.total)} events`},
		top.map((entry, index) => ({label: labels[index] ?? '', value: entry.count})),
		OKABE_ITO.blue,
		0,
	);
}

function eventsDailyChart(data: ChartData, context: Context): VegaLiteSpec {
	const daily = data.summary.events.daily;
	return {
		...base(context, 'Events per day', 'Events per local day (count)'),
		data: {values: daily.map((point) => ({label: point.key, value: point.count}))},
		mark: {type: 'bar'},
		encoding: {
			x: {field: 'label', type: 'ordinal', sort: daily.map((point) => point.key), title: `Day (${context.tz})`, axis: {labelAngle: -45, labelOverlap: 'parity'}},
			y: {field: 'value', type: 'quantitative', title: 'Events', axis: {format: ',d'}},
			color: swatch('Events per day', OKABE_ITO.sky),
			tooltip: [{field: 'label', title: 'Day'}, {field: 'value', title: 'Events', format: ',d'}],
		},
	};
}

function eventsByHourChart(data: ChartData, context: Context): VegaLiteSpec {
	const events = data.summary.events;
	const peak = new Set(events.peakHour.hours);
	const peakLabel = 'peak hour';
	const otherLabel = 'other hours';
	const peakNote = events.peakHour.count > 0 ? `peak ${events.peakHour.hours.map((hour) => `${HOURS[hour] ?? ''}:00`).join(', ')} with ${formatInt(events.peakHour.count)} events` : 'no events';
	return columns(
		context,
		{title: 'Events by hour of day (peak hours)', metric: 'Events (count per local hour of day)', axis: `Hour of day (${context.tz}, hour starting)`, unit: 'Events', note: peakNote},
		HOURS.map((label, hour) => ({label, value: events.byHour[hour] ?? 0, series: peak.has(hour) ? peakLabel : otherLabel})),
		{domain: [peakLabel, otherLabel], range: [OKABE_ITO.vermillion, OKABE_ITO.blue]},
		0,
	);
}

function openNowChart(data: ChartData, context: Context): VegaLiteSpec {
	const s = data.summary.sessions;
	const seats = Math.max(data.seats ?? s.uniqueHosts, s.open);
	const occupied = s.open;
	const at = formatLocal(Date.parse(data.summary.range.now), data.summary.range.tz);
	const values = [
		{label: 'Seats', state: 'occupied', value: occupied, order: 0},
		{label: 'Seats', state: 'free', value: Math.max(0, seats - occupied), order: 1},
	];
	return {
		...base(context, `Open now: ${occupied} of ${seats} seats occupied`, 'Seats (open sessions at now)', `at ${at}`),
		data: {values},
		encoding: {
			y: {field: 'label', type: 'nominal', title: null},
			x: {field: 'value', type: 'quantitative', stack: 'zero', title: 'Seats', axis: {format: ',d'}},
			order: {field: 'order'},
		},
		layer: [
			{
				mark: {type: 'bar'},
				encoding: {
					color: {field: 'state', type: 'nominal', scale: {domain: ['occupied', 'free'], range: [OKABE_ITO.vermillion, CATEGORICAL[5]]}, legend: {title: null, orient: 'top', symbolType: 'square', labelLimit: 800}},
					tooltip: [{field: 'state', title: 'Seats'}, {field: 'value', title: 'Count', format: ',d'}],
				},
			},
			{
				transform: [{filter: 'datum.value > 0'}],
				mark: {type: 'text', align: 'right', dx: -6, color: INK.background, fontWeight: 'bold'},
				encoding: {text: {field: 'value', type: 'quantitative', format: ',d'}, x: {field: 'value', type: 'quantitative', stack: 'zero'}},
			},
		],
	};
}

/** Options of chartSpec. */
export type ChartOptions = {
	/** @default DEFAULT_SIZE */
	readonly size?: ChartSize;
	/** Draw the original's numbers (ChartData.compat) where the chart is one of its five. */
	readonly compat?: boolean;
	/** The weekday × hour heatmap's metric. @default 'occupancy' (mean occupied seats) */
	readonly metric?: 'occupancy' | 'starts';
};

/** The spec of one chart. */
export function chartSpec(id: ChartId, data: ChartData, options: ChartOptions = {}): VegaLiteSpec {
	const compat = options.compat === true && data.compat !== null && data.compat !== undefined;
	const original = compat && id in ORIGINAL_SIZES;
	const context = contextOf(data, options.size ?? DEFAULT_SIZE, original);
	switch (id) {
		case 'usage_heatmap_day_hour': {
			return dayHourChart(data, context, original, options.metric ?? 'occupancy');
		}

		case 'usage_heatmap_hosts_hour': {
			return hostsHourChart(data, context, original);
		}

		case 'hourly_usage': {
			return hourlyChart(data, context, original);
		}

		case 'daily_usage': {
			return weekdayChart(data, context, original);
		}

		case 'top_hosts': {
			return topHostsChart(data, context, original);
		}

		case 'top_users': {
			return topUsersChart(data, context);
		}

		case 'usage_trend': {
			return trendChart(data, context);
		}

		case 'events_by_type': {
			return eventsByTypeChart(data, context);
		}

		case 'events_daily': {
			return eventsDailyChart(data, context);
		}

		case 'events_by_hour': {
			return eventsByHourChart(data, context);
		}

		case 'open_now': {
			return openNowChart(data, context);
		}
	}
}

/** The charts `report` writes: every chart but "open now" (a report is about a range, not an instant). */
export const REPORT_CHARTS: readonly ChartId[] = CHART_IDS.filter((id) => id !== 'open_now');

/** The report's size of a chart: the original's for its five, DEFAULT_SIZE otherwise. */
export function reportSize(id: ChartId): ChartSize {
	return ORIGINAL_SIZES[id] ?? DEFAULT_SIZE;
}

/** The dashboard's charts, in page order. */
export const DASHBOARD_CHARTS = ['events_by_type', 'events_daily', 'usage_heatmap_day_hour', 'top_hosts', 'open_now'] as const satisfies readonly ChartId[];
export type DashboardChartId = (typeof DASHBOARD_CHARTS)[number];
