/**
 * The flags of `bigstat42` with no sub-command (the dashboard), checked into one options object.
 * Nothing here opens data or a terminal.
 */
import path from 'node:path';
import {isValidTimeZone} from '../core/time.js';
import {RANGE_PRESETS, TOP_VIEWS, type RangePreset, type TopViewId} from '../ui/view-contract.js';
import {dataFlags, dataFlagsHelp, rangeFlags, rangeFlagsHelp} from './common.js';
import {parseCommandFlags} from './flags.js';
import {apiUrlFlag, apiUrlOf} from './intra-flags.js';
import {UsageError, type CommandContext} from './types.js';

export const tuiHelp = `
  Usage
    $ bigstat42 [flags]

  The interactive dashboard (press ? inside for every key). Without a terminal on stdin and
  stdout, or with --once, it prints one static frame; --json prints the summary instead.

  Flags
    --range R           1d, 7d, 30d, 90d or all (default 7d); t/T and [/] change it inside
    --view NAME         starting view: ${TOP_VIEWS.join(', ')} (default overview)
    --once              print one static frame and exit
    --json              print the summary of the range as JSON and exit; with --view, that
                        view's table (rows and columns as the e → j export writes them)
    --width N           static frame width (default 80)
    --height N          static frame height (default 24)
    --interactive       insist on the interactive UI (exit 2 without a terminal)
    --live              refresh on an interval (L toggles it inside, p pauses)
    --watch FILE        follow an NDJSON event file as it grows (implies --live)
    --interval SECONDS  live refresh period (API polls never exceed 5 % of the hourly budget)
    --api-url URL       42 API base URL for live polling (default https://api.intra.42.fr)
    --no-color          no colours (also NO_COLOR=1 or TERM=dumb; output that is not a
                        terminal is plain unless FORCE_COLOR is set)
    --ascii             ASCII glyphs only
${rangeFlagsHelp.replace('without --days/--from: all data', 'without --days/--from: the --range preset')}
${dataFlagsHelp}

  Without data, run \`bigstat42 sync\` or \`bigstat42 import FILE\` first, or try --demo.

  Examples
    $ bigstat42 --demo
    $ bigstat42 --demo --days 30
    $ bigstat42 --demo --live
    $ bigstat42 --view heatmap --range 30d --once --width 120 --height 40
    $ bigstat42 --watch events.ndjson
`;

const flags = {
	...dataFlags,
	...rangeFlags,
	range: {type: 'string', default: '7d'},
	view: {type: 'string', default: 'overview'},
	once: {type: 'boolean', default: false},
	json: {type: 'boolean', default: false},
	width: {type: 'number'},
	height: {type: 'number'},
	interactive: {type: 'boolean', default: false},
	live: {type: 'boolean', default: false},
	watch: {type: 'string'},
	interval: {type: 'number'},
	...apiUrlFlag,
	color: {type: 'boolean', default: true},
	ascii: {type: 'boolean', default: false},
} as const;

/** The dashboard's flags, checked. */
export type TuiOptions = {
	/** The data flags (--demo, --db, --now, --tz, --seed) as given, for `resolveData`. */
	readonly data: {readonly demo: boolean; readonly db?: string; readonly now?: string; readonly tz?: string; readonly seed?: number};
	/** The range flags (--days, --from, --to, --max-session, --top) as given. */
	readonly rangeFlags: {readonly days?: number; readonly from?: string; readonly to?: string; readonly maxSession?: string; readonly top?: number};
	readonly range: RangePreset;
	/** True when --range was typed (it then conflicts with --days / --from / --to). */
	readonly rangeGiven: boolean;
	readonly view: TopViewId;
	/** True when --view was typed (with --json: that view's table instead of the summary). */
	readonly viewGiven: boolean;
	readonly once: boolean;
	readonly json: boolean;
	readonly width: number;
	readonly height: number;
	readonly interactive: boolean;
	readonly live: boolean;
	/** --watch FILE as typed, and resolved against the working directory. */
	readonly watch: string | undefined;
	readonly intervalMs: number | undefined;
	/** Normalised 42 API base URL. */
	readonly apiUrl: string;
	readonly color: boolean;
	readonly ascii: boolean;
	readonly seed: number;
};

function positiveInteger(value: number | undefined, name: string, minimum: number, fallback: number): number {
	if (value === undefined) return fallback;
	if (!Number.isInteger(value) || value < minimum) throw new UsageError(`--${name} must be a whole number >= ${minimum}, got ${value}`, tuiHelp);
	return value;
}

function typed(argv: readonly string[], name: string): boolean {
	return argv.some((argument) => argument === `--${name}` || argument.startsWith(`--${name}=`));
}

/** "1", "true", "yes" … but not "", "0" or "false". */
function isSet(value: string | undefined): boolean {
	return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}

/** Whether colour escapes may be written: the --no-color / NO_COLOR / TERM=dumb rules, and only to a terminal unless FORCE_COLOR asks. */
export function colourWanted(flag: boolean, context: Pick<CommandContext, 'env' | 'stdoutIsTTY'>): boolean {
	const {env} = context;
	const force = env['FORCE_COLOR'];
	if (force !== undefined) return flag && force !== '0' && force !== 'false';
	return flag && !env['NO_COLOR'] && env['TERM'] !== 'dumb' && context.stdoutIsTTY;
}

/** Parses and checks the dashboard's argv; `help` when --help was asked for. */
export function parseTuiFlags(context: CommandContext): {kind: 'help'} | {kind: 'ok'; options: TuiOptions} {
	const parsed = parseCommandFlags(context, tuiHelp, flags);
	if (parsed.kind === 'help') return {kind: 'help'};
	const values = parsed.flags;
	if (parsed.input.length > 0) throw new UsageError(`unknown command "${parsed.input[0]}"`, tuiHelp);
	if (!(RANGE_PRESETS as readonly string[]).includes(values.range)) {
		throw new UsageError(`--range must be one of ${RANGE_PRESETS.join(', ')}, got "${values.range}"`, tuiHelp);
	}

	const rangeGiven = typed(context.argv, 'range');
	if (rangeGiven && (values.days !== undefined || values.from !== undefined || values.to !== undefined)) {
		throw new UsageError('use either --range or --days / --from / --to, not both', tuiHelp);
	}

	if (!(TOP_VIEWS as readonly string[]).includes(values.view)) {
		throw new UsageError(`--view must be one of ${TOP_VIEWS.join(', ')}, got "${values.view}"`, tuiHelp);
	}

	if (values.interval !== undefined && !(values.interval > 0)) throw new UsageError(`--interval must be a positive number of seconds`, tuiHelp);
	if (values.tz !== undefined && !isValidTimeZone(values.tz)) {
		throw new UsageError(`--tz "${values.tz}" is not an IANA time zone (e.g. Europe/Paris, UTC)`, tuiHelp);
	}

	const apiUrl = apiUrlOf(values.apiUrl, tuiHelp);
	const hasTerminal = context.stdinIsTTY && context.stdoutIsTTY;
	return {
		kind: 'ok',
		options: {
			data: {demo: values.demo, db: values.db, now: values.now, tz: values.tz, seed: values.seed},
			rangeFlags: {days: values.days, from: values.from, to: values.to, maxSession: values.maxSession, top: values.top},
			range: values.range as RangePreset,
			rangeGiven,
			view: values.view as TopViewId,
			viewGiven: typed(context.argv, 'view'),
			once: values.once,
			json: values.json,
			width: positiveInteger(values.width, 'width', 20, 80),
			height: positiveInteger(values.height, 'height', 5, 24),
			interactive: !values.once && !values.json && hasTerminal && (values.interactive || !isSet(context.env['CI'])),
			live: values.live || values.watch !== undefined,
			watch: values.watch === undefined ? undefined : path.resolve(context.cwd, values.watch),
			intervalMs: values.interval === undefined ? undefined : values.interval * 1000,
			apiUrl,
			color: colourWanted(values.color, context),
			ascii: values.ascii,
			seed: values.seed ?? 42,
		},
	};
}

/** True when --interactive was asked for without a terminal. */
export function wantsTerminalWithout(context: CommandContext): boolean {
	return context.argv.includes('--interactive') && !(context.stdinIsTTY && context.stdoutIsTTY);
}
