/**
 * 42 API application credentials: where they come from and where they are kept.
 *
 * Precedence, per field: `--uid`/`--secret` flags > `BIGSTAT42_UID`/`BIGSTAT42_SECRET` >
 * `API_UID`/`API_SECRET` in a `.env` of the working directory (the original bigstat42 convention)
 * > the stored file written by `bigstat42 login` (conf, mode 0600, in the config directory).
 */
import {chmodSync, mkdirSync, readFileSync} from 'node:fs';
import {rm} from 'node:fs/promises';
import path from 'node:path';
import Conf from 'conf';
import {resolveConfigDir} from './paths.js';

/** A uid/secret pair. */
export type Credentials = {
	readonly uid: string;
	readonly secret: string;
};

/** Where a value came from. */
export type CredentialSource = 'flag' | 'env' | 'dotenv' | 'stored';

/** Resolved credentials and the source of each field. */
export type ResolvedCredentials = Credentials & {
	readonly uidSource: CredentialSource;
	readonly secretSource: CredentialSource;
};

/** Warning printed when the secret is given as a flag. */
export const SECRET_FLAG_WARNING =
	'warning: --secret is visible to other users in the process list (ps); prefer `bigstat42 login` or BIGSTAT42_SECRET';

/**
 * Parses a `.env` file: `KEY=VALUE` lines, optional `export `, `#` comments (whole-line, or after
 * an unquoted value following a space), single or double quotes (double quotes understand
 * \n, \", \\). Unparsable lines are ignored.
 */
export function parseDotEnv(text: string): Record<string, string> {
	const result: Record<string, string> = {};
	for (const rawLine of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
		const line = rawLine.trim();
		if (line === '' || line.startsWith('#')) continue;
		const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(line);
		if (!match) continue;
		const name = match[1] ?? '';
		let value = match[2] ?? '';
		const quote = value[0];
		if (quote === '"' || quote === "'") {
			const end = value.indexOf(quote, 1);
			// Find the closing quote that is not escaped (double quotes only).
			let close = end;
			if (quote === '"') {
				close = -1;
				for (let i = 1; i < value.length; i++) {
					if (value[i] === '\\') {
						i++;
						continue;
					}

					if (value[i] === '"') {
						close = i;
						break;
					}
				}
			}

			if (close === -1) continue;
			const inner = value.slice(1, close);
			value = quote === '"' ? inner.replaceAll(/\\([nrt"\\])/g, (_, char: string) => ({n: '\n', r: '\r', t: '\t'})[char] ?? char) : inner;
		} else {
			value = value.replace(/\s+#.*$/, '').trim();
		}

		result[name] = value;
	}

	return result;
}

/** Reads `.env` in `cwd`; empty when absent or unreadable. */
export function readDotEnv(cwd: string): Record<string, string> {
	try {
		return parseDotEnv(readFileSync(path.join(cwd, '.env'), 'utf8'));
	} catch {
		return {};
	}
}

/** The stored credentials file (conf, 0600). */
export class CredentialStore {
	readonly directory: string;
	private conf: Conf<{uid?: string; secret?: string}> | undefined;

	constructor(env: Readonly<Record<string, string | undefined>>) {
		this.directory = resolveConfigDir(env);
	}

	/** Path of the file. */
	get path(): string {
		return path.join(this.directory, 'credentials.json');
	}

	private open(): Conf<{uid?: string; secret?: string}> {
		this.conf ??= new Conf<{uid?: string; secret?: string}>({
			cwd: this.directory,
			projectName: 'bigstat42',
			configName: 'credentials',
			// conf writes 0644 by default; the secret must be readable by its owner only.
			configFileMode: 0o600,
		});
		return this.conf;
	}

	/** The stored pair, if complete. */
	read(): Credentials | undefined {
		try {
			const conf = this.open();
			const uid = conf.get('uid');
			const secret = conf.get('secret');
			return typeof uid === 'string' && uid !== '' && typeof secret === 'string' && secret !== '' ? {uid, secret} : undefined;
		} catch {
			// An unreadable or corrupt file is as good as none (login rewrites it).
			return undefined;
		}
	}

	/**
	 * Stores the pair: the directory mode 0700 and the file mode 0600, whatever the umask (conf
	 * would create the directory 0777 & ~umask, i.e. world-writable under umask 000). An existing
	 * directory of ours with wider permissions is narrowed to 0700.
	 */
	write(credentials: Credentials): void {
		mkdirSync(this.directory, {recursive: true, mode: 0o700});
		chmodSync(this.directory, 0o700);
		this.open().set({uid: credentials.uid, secret: credentials.secret});
	}

	/** Removes the file; true when there was something to remove. */
	async clear(): Promise<boolean> {
		const had = this.read() !== undefined;
		await rm(this.path, {force: true});
		this.conf = undefined;
		return had;
	}
}

/** Inputs of `resolveCredentials`. */
export type ResolveCredentialsInput = {
	readonly flags: {readonly uid?: string | undefined; readonly secret?: string | undefined};
	readonly env: Readonly<Record<string, string | undefined>>;
	readonly cwd: string;
	/** @default a CredentialStore over `env` */
	readonly store?: Pick<CredentialStore, 'read'>;
};

/** Resolves uid and secret by precedence; undefined when either is missing everywhere. */
export function resolveCredentials(input: ResolveCredentialsInput): ResolvedCredentials | undefined {
	const dotenv = readDotEnv(input.cwd);
	const stored = (input.store ?? new CredentialStore(input.env)).read();
	const pick = (flag: string | undefined, envName: string, dotenvName: string, storedValue: string | undefined): [string, CredentialSource] | undefined => {
		if (flag) return [flag, 'flag'];
		const fromEnv = input.env[envName];
		if (fromEnv) return [fromEnv, 'env'];
		const fromDotenv = dotenv[dotenvName];
		if (fromDotenv) return [fromDotenv, 'dotenv'];
		if (storedValue) return [storedValue, 'stored'];
		return undefined;
	};

	const uid = pick(input.flags.uid, 'BIGSTAT42_UID', 'API_UID', stored?.uid);
	const secret = pick(input.flags.secret, 'BIGSTAT42_SECRET', 'API_SECRET', stored?.secret);
	if (!uid || !secret) return undefined;
	return {uid: uid[0].trim(), secret: secret[0].trim(), uidSource: uid[1], secretSource: secret[1]};
}
