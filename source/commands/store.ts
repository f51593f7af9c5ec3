/**
 * `bigstat42 store repair [--db PATH]`: checks the store and, when its manifest is missing or
 * damaged or a segment is, rebuilds it from the segment files (store/repair.ts).
 */
import {sanitizeForTerminal} from '../core/sanitize.js';
import {errorMessage} from '../core/system-error.js';
import {resolveStorePath} from '../data/paths.js';
import {repairStore} from '../data/store/repair.js';
import {parseCommandFlags} from './flags.js';
import {UsageError, type Command, type CommandContext, type ExitCode} from './types.js';
import {toJson} from '../core/json.js';

const help = `
  Usage
    $ bigstat42 store repair [--db PATH] [--json]

  Checks every segment of the store (size and CRC-32 against the manifest). When all is well it
  says so and writes nothing. When manifest.json is missing or damaged, or a segment is, it
  rebuilds the store from the segment files: damaged segments are skipped (and named), the newest
  version of every row is kept, campuses and sync state come from the manifest or, failing that,
  from manifest.prev.json. Nothing is deleted: the files the store held before are moved into a
  repair-<time>/ folder inside the store, to delete once you are satisfied.

  Flags
    --db PATH       store location (default: $BIGSTAT42_DB or $XDG_DATA_HOME/bigstat42/store)
    --json          print the report as JSON

  Exit status: 0 healthy or rebuilt; 1 the store could not be repaired; 2 usage error.
`;

/** Runs `store <action>`. */
export async function runStoreCommand(context: CommandContext): Promise<ExitCode> {
	const parsed = parseCommandFlags(context, help, {db: {type: 'string' as const}, json: {type: 'boolean' as const, default: false}});
	if (parsed.kind === 'help') {
		context.stdout.write(help);
		return 0;
	}

	const [action, ...rest] = parsed.input;
	if (action !== 'repair') throw new UsageError(action === undefined ? 'store needs an action: repair' : `unknown store action "${action}" (expected repair)`, help);
	if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"`, help);
	const storePath = resolveStorePath({db: parsed.flags.db, env: context.env, cwd: context.cwd});
	let report;
	try {
		report = await repairStore(storePath, {now: context.clock()});
	} catch (error) {
		const hint = (error as {hint?: unknown}).hint;
		context.stderr.write(`${sanitizeForTerminal(`store repair failed: ${errorMessage(error)}`)}\n${typeof hint === 'string' ? `${sanitizeForTerminal(`hint: ${hint}`)}\n` : ''}`);
		return 1;
	}

	if (parsed.flags.json) {
		context.stdout.write(`${toJson({store: storePath, ...report}, 2)}\n`);
		return 0;
	}

	const lines: string[] = [];
	if (report.action === 'healthy') {
		lines.push(
			report.segmentsRead === 0 && report.generation === 0
				? `Nothing to repair: ${storePath} holds no store yet.`
				: `The store ${storePath} is healthy: ${report.segmentsRead} segments checked (${report.sessions.toLocaleString('en')} session rows, ${report.events.toLocaleString('en')} event rows); nothing was written.`,
		);
	} else {
		lines.push(`Rebuilt ${storePath} (generation ${report.generation}): ${report.sessions.toLocaleString('en')} sessions, ${report.events.toLocaleString('en')} events from ${report.segmentsRead} segment files.`);
		lines.push(`  why: ${report.reason ?? 'unknown'}`);
		for (const {file, reason} of report.skipped) lines.push(`  skipped ${file}: ${reason}`);
		lines.push(
			report.stateFrom === 'none'
				? '  campuses and sync state were lost with the manifest: the next sync fetches everything again.'
				: `  campuses and sync state from ${report.stateFrom}.`,
		);
		lines.push(`  the previous files are in ${report.keptIn}; delete that folder once you are satisfied.`);
	}

	context.stdout.write(lines.map((line) => sanitizeForTerminal(line)).join('\n') + '\n');
	return 0;
}

/** The `store` command. */
export const storeCommand: Command = {
	name: 'store',
	run: async (context) => runStoreCommand(context),
};
