/**
 * `bigstat42 report --output DIR`: summary.txt in the original bigstat42 layout, a CSV of every
 * table, a plain-text rendering of each chart and the charts as PNG and SVG (source/charts). Each file is written to a temporary name and
 * renamed, so a report folder never holds a half-written file.
 */
import {rename, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {figuresFromSummary, reportFiles} from '../core/report/report-files.js';
import {compatBigstat42} from '../core/stats/compat-bigstat42.js';
import {commandAggregates, dataFlags, dataFlagsHelp, openCommandDataset, rangeFlags, rangeFlagsHelp, resolveWindowFlags} from './common.js';
import {parseCommandFlags, type ParsedCommand} from './flags.js';
import {makeDirectory, removeQuietly} from './output-paths.js';
import {describeErrno} from '../core/system-error.js';
import {UsageError, type Command, type CommandContext} from './types.js';
import type {ChartJob} from '../charts/chart-job.js';

const help = `
  Usage
    $ bigstat42 report --output DIR [flags]

  Writes to DIR (created if needed):
    summary.txt                  the original bigstat42 summary layout
    *.png, *.svg                 charts: usage_heatmap_day_hour, usage_heatmap_hosts_hour,
                                 hourly_usage, daily_usage, top_hosts (the original's five),
                                 top_users, usage_trend, events_by_type, events_daily,
                                 events_by_hour
    *.csv                        every table: hourly, weekday, weekday×hour, daily, weekly,
                                 monthly, hosts, users, host×hour, events, anomalies
    *.txt                        text charts: day×hour and host×hour heatmaps, hourly, daily,
                                 top hosts, per-day series

  Flags
    --output DIR        the folder to write (required)
    --compat bigstat42  summary.txt and the original's five charts with its numbers
    --charts LIST       png,svg (default), png, svg, or none (no chart files)
${rangeFlagsHelp}
${dataFlagsHelp}

  Example
    $ bigstat42 report --demo --days 30 --output report/
`;

const flags = {
	...dataFlags,
	...rangeFlags,
	output: {type: 'string' as const},
	compat: {type: 'string' as const, choices: ['bigstat42']},
	charts: {type: 'string' as const, default: 'png,svg'},
};

/** `--charts png,svg|png|svg|none` → the formats to write (empty for none). */
export function parseChartsFlag(text: string): Array<'png' | 'svg'> {
	const items = text.split(',').map((item) => item.trim().toLowerCase()).filter((item) => item !== '');
	if (items.length === 1 && items[0] === 'none') return [];
	const formats: Array<'png' | 'svg'> = [];
	for (const item of items) {
		if (item !== 'png' && item !== 'svg') throw new UsageError(`--charts "${text}": expected png, svg, png,svg or none`, help);
		if (!formats.includes(item)) formats.push(item);
	}

	if (formats.length === 0) throw new UsageError(`--charts "${text}": expected png, svg, png,svg or none`, help);
	return formats;
}

export const reportCommand: Command = {
	name: 'report',
	async run(context) {
		const parsed = parseCommandFlags(context, help, flags, {positional: 'none'});
		if (parsed.kind === 'help') {
			context.stdout.write(help);
			return 0;
		}

		const values = parsed.flags;
		if (!values.output) throw new UsageError('--output DIR is required', help);
		const chartFormats = parseChartsFlag(values.charts);
		const directory = path.resolve(context.cwd, values.output);
		// The folder first: a path that cannot be written fails before any statistic is computed.
		await makeDirectory(directory);
		// The chart worker loads the chart libraries on the other core while the store opens.
		const chartJob = chartFormats.length > 0 ? (await import('../charts/chart-job.js')).startChartJob() : null;
		try {
			await writeReport(context, values, directory, chartFormats, chartJob);
		} finally {
			chartJob?.cancel();
		}

		return 0;
	},
};

type ReportFlags = Extract<ParsedCommand<typeof flags>, {kind: 'ok'}>['flags'];

/** Computes the report and writes every file of it to `directory`. */
async function writeReport(context: CommandContext, values: ReportFlags, directory: string, chartFormats: ReadonlyArray<'png' | 'svg'>, chartJob: ChartJob | null): Promise<void> {
	const {dataset, now} = await openCommandDataset(context, values, help);
	const window = resolveWindowFlags(values, dataset, now, help);
	const aggregates = commandAggregates(dataset, now, values, help);
	const stats = aggregates.window(window);
	const summary = stats.summary();
	const hosts = stats.hostRows();
	const users = stats.userRows();
	const hostHours = stats.hostHourMatrix(hosts.slice(0, aggregates.top).map((host) => host.host));
	let summaryFigures = figuresFromSummary(summary);
	const compat = values.compat === 'bigstat42' ? compatBigstat42(dataset.sessions, {top: aggregates.top}) : null;
	if (compat) {
		summaryFigures = {
			dateRange: compat.date_range,
			totalSessions: compat.total_sessions,
			uniqueUsers: compat.unique_users,
			uniqueHosts: compat.unique_hosts,
			averageMinutes: compat.average_session_duration_minutes,
			totalHours: compat.total_usage_hours,
		};
	}

	// The charts are drawn by the worker while this thread formats the text files.
	const charts = chartJob?.render(
		{
			campus: dataset.campus.name,
			summary,
			previous: aggregates.previous(window)?.summary() ?? null,
			hostHours: {hosts: hosts.slice(0, aggregates.top).map((host) => host.host), hours: hostHours},
			users,
			seats: dataset.sessions.hosts.length,
			compat,
		},
		{formats: chartFormats, compat: compat !== null},
	);
	// A failure before the charts are awaited must not leave their rejection unhandled.
	charts?.catch(() => undefined);
	const files: Map<string, string | Uint8Array> = reportFiles({summary, campus: dataset.campus, hosts, users, hostHours: hostHours, summaryFigures});
	if (charts) for (const [name, content] of await charts) files.set(name, content);

	for (const [name, content] of files) {
		const target = path.join(directory, name);
		try {
			await writeFile(`${target}.tmp`, content);
			await rename(`${target}.tmp`, target);
		} catch (error) {
			await removeQuietly(`${target}.tmp`);
			throw new Error(`cannot write the report to ${directory}: ${describeErrno(error)}`);
		}
	}

	context.stderr.write(`wrote ${files.size} files to ${directory}\n`);
}
