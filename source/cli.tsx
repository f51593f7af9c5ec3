#!/usr/bin/env node
/**
 * The bigstat42 binary. Decides the environment once (colour, TTYs, clock) and dispatches to a
 * sub-command; with no sub-command it opens the interactive UI (or prints a static frame when
 * there is no terminal). Exit codes: 0 ok, 1 runtime failure, 2 usage error.
 *
 * Nothing here imports Ink statically: chalk reads FORCE_COLOR when it is first imported, so the
 * no-colour decision must be made before any command module (and Ink with it) is loaded.
 */
import module from 'node:module';
import process from 'node:process';
import type {Command, CommandContext, ExitCode} from './commands/types.js';
import {sanitizeForTerminal} from './core/sanitize.js';

// The bin is a minified bundle: stack traces map back to source/ through its source maps, and
// Node >= 22.1 keeps compiled code between runs (enableCompileCache; absent on Node 20).
process.setSourceMapsEnabled(true);
(module as {enableCompileCache?: () => unknown}).enableCompileCache?.();

const argv = process.argv.slice(2);

// NO_COLOR (non-empty), --no-color or TERM=dumb switch colour off, unless FORCE_COLOR says otherwise.
const noColor =
	argv.includes('--no-color') || Boolean(process.env['NO_COLOR']) || process.env['TERM'] === 'dumb';
if (noColor && process.env['FORCE_COLOR'] === undefined) process.env['FORCE_COLOR'] = '0';
// React's development build renders about twice as slowly; it must be chosen before React loads.
process.env['NODE_ENV'] ??= 'production';

/** Sub-commands, loaded lazily so that `bigstat42 summary` never pays for Ink. */
const commands: Record<string, {summary: string; load: () => Promise<Command>}> = {
	summary: {summary: 'Print the statistics of a range (text or --json)', load: async () => (await import('./commands/summary.js')).summaryCommand},
	report: {summary: 'Write summary.txt, a CSV of every table and text charts to a folder', load: async () => (await import('./commands/report.js')).reportCommand},
	export: {summary: 'Export sessions or events as CSV, JSON or NDJSON', load: async () => (await import('./commands/export.js')).exportCommand},
	import: {summary: 'Import 42 locations, bigstat42 sessions or event logs into the store', load: async () => (await import('./commands/import.js')).importCommand},
	'usage-summary': {summary: 'Mini Analytics usage summary of a raw event list (no store needed)', load: async () => (await import('./commands/usage-summary.js')).usageSummaryCommand},
	serve: {summary: 'Serve the event API, usage summary, health and statistics over HTTP', load: async () => (await import('./commands/serve.js')).serveCommand},
	sync: {summary: 'Fetch a campus and its sessions from the 42 API into the store', load: async () => (await import('./commands/sync.js')).syncCommand},
	login: {summary: 'Store 42 API application credentials (uid and secret)', load: async () => (await import('./commands/login.js')).loginCommand},
	logout: {summary: 'Remove the stored 42 API credentials', load: async () => (await import('./commands/logout.js')).logoutCommand},
	store: {summary: 'Check the store and rebuild a damaged one (store repair)', load: async () => (await import('./commands/store.js')).storeCommand},
};

function topLevelHelp(): string {
	const width = Math.max(...Object.keys(commands).map((name) => name.length));
	const lines = Object.entries(commands).map(([name, {summary}]) => `    ${name.padEnd(width)}  ${summary}`);
	return `
  Terminal analytics for 42 school clusters: who sat where and when, plus event logs.

  Usage
    $ bigstat42 [flags]            open the interactive UI (a static frame without a terminal)
    $ bigstat42 <command> [flags]  run a command; \`bigstat42 <command> --help\` for its flags

  Commands
${lines.join('\n')}

  Dashboard flags (with no command)
    --range R       1d, 7d, 30d, 90d or all (default 7d); or --days N, --from/--to DATE,
                    --max-session DUR, --top N as for summary
    --view NAME     starting view: overview, heatmap, hourly, hosts, map, users, events, log
    --once          print one static frame and exit (also without a terminal);
                    --width N / --height N set its size (default 80×24)
    --json          print the summary (or, with --view, that view's table) as JSON
    --live          refresh on an interval (--interval SECONDS; --api-url URL for the API)
    --watch FILE    follow an NDJSON event file as it grows (implies --live)
    --interactive   insist on the interactive UI (exit 2 without a terminal)
    --ascii         ASCII glyphs only
    --no-color      no colours (also NO_COLOR=1, TERM=dumb, or output that is not a terminal)

  Common flags
    --demo          use the built-in demo campus (no credentials, no network)
    --db PATH       store location (default: $BIGSTAT42_DB or $XDG_DATA_HOME/bigstat42/store)
    --now ISO       pin "now" (reproducible output)
    --tz IANA       time zone for hours and days (default: the campus time zone)
    --help          help of the command
    --version       version

  Examples
    $ bigstat42 --demo
    $ bigstat42 summary --demo --days 7 --json
    $ bigstat42 import locations.json events.ndjson
    $ bigstat42 login && bigstat42 sync --campus 1 --days 30
`;
}

/** The line under a usage error: where the flags are described. */
function usageHint(command?: string): string {
	return command === undefined ? 'Run `bigstat42 --help` for the flags and commands.' : `Run \`bigstat42 ${command} --help\` for its flags.`;
}

async function version(): Promise<string> {
	const {readFile} = await import('node:fs/promises');
	const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as {version: string};
	return pkg.version;
}

async function main(): Promise<ExitCode> {
	const context: CommandContext = {
		argv: [],
		env: process.env,
		stdin: process.stdin,
		stdout: process.stdout,
		stderr: process.stderr,
		stdinIsTTY: Boolean(process.stdin.isTTY),
		stdoutIsTTY: Boolean(process.stdout.isTTY),
		stderrIsTTY: Boolean(process.stderr.isTTY),
		clock: () => Date.now(),
		cwd: process.cwd(),
	};
	const [first, ...rest] = argv;
	if (first === '--version' || first === '-v') {
		process.stdout.write(`${await version()}\n`);
		return 0;
	}

	if (first === '--help' || first === '-h' || first === 'help') {
		process.stdout.write(topLevelHelp());
		return 0;
	}

	let command: Command;
	let commandArgv: string[];
	if (first !== undefined && !first.startsWith('-')) {
		const entry = commands[first];
		if (!entry) {
			process.stderr.write(`bigstat42: unknown command "${sanitizeForTerminal(first)}"\n${usageHint()}\n`);
			return 2;
		}

		command = await entry.load();
		commandArgv = rest;
	} else {
		command = (await import('./commands/tui.js')).tuiCommand;
		commandArgv = argv;
	}

	const {UsageError} = await import('./commands/types.js');
	// The dashboard is no command a person types: its messages say just "bigstat42".
	const prefix = command.name === 'tui' ? 'bigstat42' : `bigstat42 ${command.name}`;
	try {
		return await command.run({...context, argv: commandArgv});
	} catch (error) {
		if (error instanceof UsageError) {
			// Messages quote what was typed (flags, values, paths): never echo escape sequences raw.
			// One line and where to look, not the whole help (which scrolls the error away).
			process.stderr.write(`${prefix}: ${sanitizeForTerminal(error.message)}\n${usageHint(command.name === 'tui' ? undefined : command.name)}\n`);
			return 2;
		}

		const {errorMessage} = await import('./core/system-error.js');
		process.stderr.write(`${prefix}: ${sanitizeForTerminal(errorMessage(error))}\n`);
		if (process.env['BIGSTAT42_DEBUG'] && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
		return 1;
	}
}

// A reader that stops early (`bigstat42 export | head -1`) closes the pipe: stop quietly, without
// an EPIPE stack trace; what was asked for has been delivered.
for (const stream of [process.stdout, process.stderr]) {
	stream.on('error', (error: NodeJS.ErrnoException) => {
		if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
		throw error;
	});
}

// Exit only once stdout has drained, so piped output is never cut short.
main().then(
	(code) => {
		process.exitCode = code;
	},
	(error: unknown) => {
		process.stderr.write(`bigstat42: ${sanitizeForTerminal(error instanceof Error ? error.message : String(error))}\n`);
		process.exitCode = 1;
	},
);
