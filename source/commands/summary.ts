/**
 * `bigstat42 summary`: the statistics of a range as text or as one JSON document.
 */
import {renderSummaryText} from '../core/report/summary-text.js';
import {summarize} from '../core/stats/index.js';
import {compatBigstat42} from '../core/stats/compat-bigstat42.js';
import {dataFlags, dataFlagsHelp, rangeFlags, rangeFlagsHelp, resolveData, resolveRange, statsOptions} from './common.js';
import {parseCommandFlags} from './flags.js';
import type {Command} from './types.js';

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
	json: {type: 'boolean', default: false},
	compat: {type: 'string', choices: ['bigstat42']},
} as const;

export const summaryCommand: Command = {
	name: 'summary',
	summary: 'Print the statistics of a range (text or --json)',
	async run(context) {
		const parsed = parseCommandFlags(context, help, flags);
		if (parsed.kind === 'help') {
			context.stdout.write(help);
			return 0;
		}

		const values = parsed.flags;
		if (parsed.input.length > 0) {
			const {UsageError} = await import('./types.js');
			throw new UsageError(`unexpected argument "${parsed.input[0]}"`, help);
		}

		const {source, now, timeZone} = await resolveData(context, values, help);
		if (values.compat === 'bigstat42') {
			const report = compatBigstat42(source.sessions, {top: values.top ?? 20});
			context.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : `${JSON.stringify(report, null, 2)}\n`);
			return 0;
		}

		const range = resolveRange(values, source, now, timeZone, help);
		const options = statsOptions(range, now, timeZone, values, help);
		const summary = summarize(source.sessions, source.events, options);
		context.stdout.write(values.json ? `${JSON.stringify(summary, null, 2)}\n` : renderSummaryText(summary, source.campus));
		return 0;
	},
};
