/**
 * `bigstat42 logout`: removes the credentials stored by `bigstat42 login`.
 */
import {sanitizeForTerminal} from '../core/sanitize.js';
import {describeSystemError} from '../core/system-error.js';
import {CredentialStore, readDotEnv} from '../data/credentials.js';
import {parseCommandFlags} from './flags.js';
import {UsageError, type Command, type CommandContext, type ExitCode} from './types.js';

const help = `
  Usage
    $ bigstat42 logout

  Removes the 42 API credentials stored by bigstat42 login. Credentials given by
  BIGSTAT42_UID/BIGSTAT42_SECRET or by API_UID/API_SECRET in ./.env are not touched (a note
  says so when they are set).

  Exit status: 0 removed or nothing to remove; 1 the file could not be removed; 2 usage error.
`;

/** Runs `logout` (`store` injectable for tests). */
export async function runLogoutCommand(context: CommandContext, store?: Pick<CredentialStore, 'clear' | 'path'>): Promise<ExitCode> {
	const parsed = parseCommandFlags(context, help, {});
	if (parsed.kind === 'help') {
		context.stdout.write(help);
		return 0;
	}

	if (parsed.input.length > 0) throw new UsageError(`unexpected argument "${parsed.input[0]}"`, help);
	const credentials = store ?? new CredentialStore(context.env);
	let removed: boolean;
	try {
		removed = await credentials.clear();
	} catch (error) {
		context.stderr.write(`logout: ${sanitizeForTerminal(describeSystemError(error, credentials.path, 'remove'))}\n`);
		return 1;
	}

	context.stderr.write(`${sanitizeForTerminal(removed ? `Removed the stored credentials (${credentials.path})` : 'No stored credentials')}\n`);
	const dotenv = readDotEnv(context.cwd);
	if (context.env['BIGSTAT42_SECRET'] || context.env['BIGSTAT42_UID']) context.stderr.write('note: BIGSTAT42_UID/BIGSTAT42_SECRET are still set in the environment\n');
	if (dotenv['API_SECRET'] || dotenv['API_UID']) context.stderr.write('note: ./.env still holds API_UID/API_SECRET\n');
	return 0;
}

/** The `logout` command. */
export const logoutCommand: Command = {
	name: 'logout',
	run: async (context) => runLogoutCommand(context),
};
