/**
 * `bigstat42 summary`: the statistics of a range as text or as one JSON document.
 */
import {sanitizeForTerminal} from '../core/sanitize.js';
import {compatBigstat42} from '../core/stats/compat-bigstat42.js';
import {aggregateFlags, commandAggregates, dataFlags, dataFlagsHelp, openCommandDataset, rangeFlags, rangeFlagsHelp, resolveWindowFlags} from './common.js';
import {parseCommandFlags} from './flags.js';
import {UsageError, type Command} from './types.js';
import {toJson} from '../core/json.js';
import {streamedSummary} from '../app/aggregates.js';

/**
 * The original analyzer's console layout: summary.txt, then its usage tables. The text renderers
 * load only for text output: their width tables (string-width, Intl.Segmenter) cost tens of ms
 * at start-up that `--json` does not need.
 */
async function compatText(report: ReturnType<typeof compatBigstat42>): Promise<string> {
	const {summaryTxt} = await import('../core/report/report-files.js');
	const map = (values: Record<string, number>) =>
		Object.entries(values)
			.map(([key, count]) => `${sanitizeForTerminal(key)}: ${count}`)
			.join(', ');
	return [
		summaryTxt({
			dateRange: report.date_range,
			totalSessions: report.total_sessions,
			uniqueUsers: report.unique_users,
			uniqueHosts: report.unique_hosts,
			averageMinutes: report.average_session_duration_minutes,
			totalHours: report.total_usage_hours,
		}),
		`hourly_usage (UTC start hour): ${map(report.hourly_usage)}`,
		`daily_usage: ${map(report.daily_usage)}`,
		`weekly_usage (ISO week, years merged): ${map(report.weekly_usage)}`,
		`monthly_usage (years merged): ${map(report.monthly_usage)}`,
		`host_usage (top 20): ${map(Object.fromEntries(Object.entries(report.host_usage).slice(0, 20)))}`,
		'',
	].join('\n');
}

const help = `
  Usage
    $ bigstat42 summary [flags]

  Prints the statistics of a range: sessions, occupancy, hosts, events, anomalies.
  Definitions: README, "Statistics: definitions".

  Flags
    --json              one JSON document (schema in the README)
    --compat bigstat42  the original bigstat42 analyzer's numbers (UTC start hours, 720-minute rule)
${rangeFlagsHelp}
${dataFlagsHelp}

  Examples
    $ bigstat42 summary --demo --days 7
    $ bigstat42 summary --json --from 2026-10-01 --to 2026-11-01 --tz UTC
`;

const flags = {
	...dataFlags,
	...rangeFlags,
	json: {type: 'boolean' as const, default: false},
	compat: {type: 'string' as const, choices: ['bigstat42']},
};

export const summaryCommand: Command = {
	name: 'summary',
	async run(context) {
		const parsed = parseCommandFlags(context, help, flags, {positional: 'none'});
		if (parsed.kind === 'help') {
			context.stdout.write(help);
			return 0;
		}

		const values = parsed.flags;
		const {dataset, now} = await openCommandDataset(context, values, help);
		if (values.compat === 'bigstat42' && (values.days !== undefined || values.from !== undefined || values.to !== undefined)) {
			// The original analyzer reads every session it is given; a range would silently be ignored.
			throw new UsageError('--compat bigstat42 covers all the data, as the original analyzer: it cannot be combined with --days, --from or --to', help);
		}

		if (values.compat === 'bigstat42') {
			const report = compatBigstat42(dataset.sessions, {top: values.top ?? undefined});
			context.stdout.write(values.json ? `${toJson(report, 2)}\n` : await compatText(report));
			return 0;
		}

		const window = resolveWindowFlags(values, dataset, now, help);
		// Long windows fold the store month by month; the rest (and the demo) sweep their rows at once.
		const {maxSessionMs, top} = aggregateFlags(values, help);
		const summary =
			streamedSummary(dataset, window, {now, timeZone: dataset.timeZone, maxSessionMs, top}) ??
			commandAggregates(dataset, now, values, help, window).window(window).summary();
		context.stdout.write(values.json ? `${toJson(summary, 2)}\n` : (await import('../core/report/summary-text.js')).renderSummaryText(summary, dataset.campus));
		return 0;
	},
};
