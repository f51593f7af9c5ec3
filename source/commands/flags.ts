/**
 * meow, wrapped for sub-commands: unknown flags, bad numbers and `choices` violations become
 * UsageErrors (exit 2 with the command's help) instead of meow's process.exit or stack trace,
 * and `--help` is reported rather than printed so the caller decides where output goes.
 */
import meow, {type AnyFlags, type Result} from 'meow';
import {UsageError, type CommandContext} from './types.js';

export type ParsedCommand<F extends AnyFlags> =
	| {readonly kind: 'help'; readonly help: string}
	| {readonly kind: 'ok'; readonly input: readonly string[]; readonly flags: Result<F>['flags']; readonly help: string};

/**
 * Parses a sub-command's argv. `help` is the full help text shown by `--help` and after usage errors.
 * `positional: 'none'` refuses arguments that are not flags.
 */
export function parseCommandFlags<F extends AnyFlags>(
	context: Pick<CommandContext, 'argv'>,
	help: string,
	flags: F,
	options: {readonly positional?: 'none' | 'any'} = {},
): ParsedCommand<F> {
	const argv = [...context.argv];
	if (argv.includes('--help') || argv.includes('-h')) return {kind: 'help', help};
	let cli: Result<F>;
	try {
		cli = meow(help, {
			importMeta: import.meta,
			// Nothing of package.json is needed (no autoHelp, no autoVersion): skip meow's lookup and parse of it.
			pkg: {},
			argv,
			flags,
			allowUnknownFlags: true,
			autoHelp: false,
			autoVersion: false,
		});
	} catch (error) {
		// meow throws a plain Error for `choices` violations and missing required flags.
		throw new UsageError(error instanceof Error ? error.message : String(error), help);
	}

	const known = new Set<string>();
	for (const [name, spec] of Object.entries(flags)) {
		known.add(name);
		known.add(kebab(name));
		for (const alias of (spec as {aliases?: string[]}).aliases ?? []) known.add(alias);
		const short = (spec as {shortFlag?: string}).shortFlag;
		if (short) known.add(short);
	}

	for (const argument of argv) {
		if (argument === '--') break;
		const match = /^--?(?:no-)?([^=]+)/.exec(argument);
		if (!match || argument === '-' || /^-\d/.test(argument)) continue;
		const name = match[1] ?? '';
		if (!known.has(name) && !known.has(name.replace(/^no-/, ''))) {
			throw new UsageError(`Unknown flag: ${argument.split('=')[0]}`, help);
		}
	}

	for (const [name, spec] of Object.entries(flags)) {
		const value = (cli.flags as Record<string, unknown>)[name];
		if ((spec as {type?: string}).type === 'number' && value !== undefined && (value === null || Number.isNaN(value))) {
			throw new UsageError(`--${kebab(name)} expects a number`, help);
		}
	}

	if (options.positional === 'none' && cli.input.length > 0) {
		throw new UsageError(`unexpected argument "${cli.input[0]}"`, help);
	}

	return {kind: 'ok', input: cli.input, flags: cli.flags, help};
}

function kebab(name: string): string {
	return name.replaceAll(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}
