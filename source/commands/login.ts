/**
 * `bigstat42 login`: asks for the 42 application uid and secret (the secret masked), checks them by
 * fetching a token, and stores them in a 0600 file. `bigstat42 logout` removes them.
 */
import type {Readable, Writable} from 'node:stream';
import {sanitizeForTerminal} from '../core/sanitize.js';
import {describeSystemError} from '../core/system-error.js';
import {CredentialStore, SECRET_FLAG_WARNING, type Credentials} from '../data/credentials.js';
import type {IntraClientOptions} from '../data/intra/client.js';
import {IntraError, makeRedactor} from '../data/intra/errors.js';
import {createClient, DEFAULT_API_URL, describeFailure} from '../data/sync/connect.js';
import {parseCommandFlags} from './flags.js';
import {apiUrlOf, intraFlags} from './intra-flags.js';
import {UsageError, type Command, type CommandContext, type ExitCode} from './types.js';

const help = `
  Usage
    $ bigstat42 login [flags]

  Asks for the uid and secret of your 42 API application (intra → Settings → API → your app;
  the secret is not echoed), checks them by fetching a token from the API, and stores them in
  $XDG_CONFIG_HOME/bigstat42/credentials.json, readable by you only (mode 600).
  Without a terminal, reads the uid and the secret from two lines of standard input.

  Flags
    --uid UID           take the uid from here instead of asking
    --secret SECRET     take the secret from here (visible in the process list: avoid)
    --api-url URL       API root used for the check (default ${DEFAULT_API_URL})
    --no-check          store without checking against the API
    --help              this help

  42 rotates application secrets: when sync says the secret is wrong or was rotated, create a
  new secret on the intra application page and run bigstat42 login again.
  Alternatives to login: BIGSTAT42_UID/BIGSTAT42_SECRET, or API_UID/API_SECRET in ./.env.

  Exit status: 0 stored; 1 refused by the API or not stored; 2 usage error (or no terminal
  and nothing on standard input).
`;

const flags = {
	...intraFlags,
	check: {type: 'boolean', default: true},
} as const;

/** What login needs from outside. */
export type LoginDeps = {
	readonly credentialStore?: Pick<CredentialStore, 'write' | 'path'>;
	readonly client?: Partial<Omit<IntraClientOptions, 'baseUrl' | 'credentials'>>;
};

type RawModeStream = Readable & {isTTY?: boolean; setRawMode?: (mode: boolean) => unknown};

/**
 * Reads one line from a TTY in raw mode. With `mask`, echoes `*` per character; Backspace erases,
 * Ctrl-C / Ctrl-D on an empty line cancel (undefined).
 */
export async function promptLine(stdin: RawModeStream, stderr: Writable, question: string, mask: boolean): Promise<string | undefined> {
	stderr.write(question);
	const raw = typeof stdin.setRawMode === 'function';
	if (raw) stdin.setRawMode?.(true);
	stdin.setEncoding?.('utf8');
	stdin.resume();
	return new Promise((resolve) => {
		let value = '';
		const finish = (result: string | undefined): void => {
			stdin.removeListener('data', onData);
			if (raw) stdin.setRawMode?.(false);
			stdin.pause();
			stderr.write('\n');
			resolve(result);
		};

		const onData = (chunk: string | Buffer): void => {
			for (const char of String(chunk)) {
				if (char === '\r' || char === '\n') return finish(value);
				if (char === '\u0003' || (char === '\u0004' && value === '')) return finish(undefined);
				if (char === '\u007F' || char === '\b') {
					if (value.length > 0) {
						value = value.slice(0, -1);
						stderr.write('\b \b');
					}

					continue;
				}

				// Ignore other control characters (arrow keys arrive as escape sequences).
				if (char < ' ') continue;
				value += char;
				stderr.write(mask ? '*' : char);
			}
		};

		stdin.on('data', onData);
	});
}

/** Reads up to `count` non-empty lines from a non-TTY stream (then stops reading). */
export async function readLines(stdin: Readable, count: number): Promise<string[]> {
	const lines: string[] = [];
	let buffer = '';
	for await (const chunk of stdin) {
		buffer += String(chunk);
		const parts = buffer.split(/\r?\n/);
		buffer = parts.pop() ?? '';
		for (const part of parts) if (part.trim() !== '') lines.push(part.trim());
		if (lines.length >= count) break;
	}

	if (lines.length < count && buffer.trim() !== '') lines.push(buffer.trim());
	return lines.slice(0, count);
}

/** Runs `login` with injectable dependencies. */
export async function runLoginCommand(context: CommandContext, deps: LoginDeps = {}): Promise<ExitCode> {
	const parsed = parseCommandFlags(context, help, flags);
	if (parsed.kind === 'help') {
		context.stdout.write(help);
		return 0;
	}

	const values = parsed.flags;
	if (parsed.input.length > 0) throw new UsageError(`unexpected argument "${parsed.input[0]}"`, help);
	const apiUrl = apiUrlOf(values.apiUrl, help);
	if (values.secret !== undefined) context.stderr.write(`${SECRET_FLAG_WARNING}\n`);

	let uid = values.uid?.trim();
	let secret = values.secret?.trim();
	if (uid === undefined || secret === undefined) {
		if (context.stdinIsTTY) {
			uid ??= await promptLine(context.stdin, context.stderr, '42 application uid: ', false);
			if (uid !== undefined) secret ??= await promptLine(context.stdin, context.stderr, '42 application secret: ', true);
			if (uid === undefined || secret === undefined) {
				context.stderr.write('login cancelled; nothing stored\n');
				return 1;
			}
		} else {
			const lines = await readLines(context.stdin, (uid === undefined ? 1 : 0) + (secret === undefined ? 1 : 0));
			if (uid === undefined) uid = lines.shift();
			if (secret === undefined) secret = lines.shift();
			if (uid === undefined || secret === undefined) {
				throw new UsageError('login needs a terminal (or the uid and secret on two lines of standard input); use BIGSTAT42_UID/BIGSTAT42_SECRET instead', help);
			}
		}
	}

	uid = uid.trim();
	secret = secret.trim();
	const redact = makeRedactor([secret]);
	if (uid === '' || secret === '' || /\s/.test(uid) || /\s/.test(secret)) {
		context.stderr.write('login: the uid and the secret must be non-empty and without spaces; nothing stored\n');
		return 1;
	}

	const credentials: Credentials = {uid, secret};
	const store = deps.credentialStore ?? new CredentialStore(context.env);
	let validity = '';
	let checked: 'ok' | 'skipped' | 'unreachable' = values.check ? 'ok' : 'skipped';
	if (values.check) {
		const client = createClient({maxAttempts: 2, retryBaseMs: 500, timeoutMs: 15_000, ...deps.client, baseUrl: apiUrl, credentials, now: context.clock});
		try {
			const {secretValidUntil} = await client.validate();
			if (secretValidUntil !== undefined) {
				const days = Math.floor((secretValidUntil - context.clock()) / 86_400_000);
				validity = `; the secret is valid until ${new Date(secretValidUntil).toISOString().slice(0, 10)}${days < 7 ? ` (only ${days} day${days === 1 ? '' : 's'} left: create a new one soon)` : ''}`;
			}
		} catch (error) {
			if (error instanceof IntraError && error.kind === 'auth') {
				context.stderr.write(`${sanitizeForTerminal(redact(`login: ${error.message}`))}\nnothing stored\n`);
				return 1;
			}

			// Unreachable API: store anyway, the next sync will tell.
			checked = 'unreachable';
			context.stderr.write(`${sanitizeForTerminal(redact(`login: could not check the credentials (${describeFailure(error, redact).split('\n')[0]}); storing them unchecked`))}\n`);
		}
	}

	try {
		store.write(credentials);
	} catch (error) {
		context.stderr.write(`login: ${sanitizeForTerminal(describeSystemError(error, store.path, 'write'))}\n`);
		return 1;
	}

	const how = checked === 'ok' ? 'checked (token ok)' : checked === 'unreachable' ? 'not checked (API unreachable)' : 'not checked (--no-check)';
	context.stderr.write(`${sanitizeForTerminal(`Credentials for ${uid.slice(0, 16)}… ${how}${validity}; stored in ${store.path} (mode 600)`)}\n`);
	return 0;
}

/** The `login` command. */
export const loginCommand: Command = {
	name: 'login',
	run: async (context) => runLoginCommand(context),
};
