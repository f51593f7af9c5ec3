/**
 * The contract between `cli.tsx` and each sub-command. `cli.tsx` decides the environment once
 * and hands it down; a command never reads `process.env` or `process.stdout` itself.
 */
import type {ExitCode, Streams} from '../app/runtime.js';

export type {ExitCode} from '../app/runtime.js';

export type CommandContext = Streams & {
	/** Arguments after the command name, e.g. ['--json', '--days', '7']. */
	readonly argv: readonly string[];
	/** The environment as seen at start (tests pass their own). */
	readonly env: Readonly<Record<string, string | undefined>>;
	readonly stdinIsTTY: boolean;
	readonly stdoutIsTTY: boolean;
	readonly stderrIsTTY: boolean;
	/** Wall clock, injected so tests can pin it. `--now` overrides it per command. */
	readonly clock: () => number;
	/** Working directory (for `.env` lookup, relative paths). */
	readonly cwd: string;
};

export type Command = {
	readonly name: string;
	run(context: CommandContext): Promise<ExitCode>;
};

/** Thrown for a bad flag or argument: the CLI prints the message plus the command's help, exit 2. */
export class UsageError extends Error {
	readonly help: string | undefined;
	constructor(message: string, help?: string) {
		super(message);
		this.name = 'UsageError';
		this.help = help;
	}
}
