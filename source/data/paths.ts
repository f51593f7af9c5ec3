/**
 * Where bigstat42 keeps its files. Resolved once from flags and the environment passed in.
 */
import os from 'node:os';
import path from 'node:path';

/**
 * The store directory: `--db PATH`, else `BIGSTAT42_DB`, else `$XDG_DATA_HOME/bigstat42/store`
 * (XDG default `~/.local/share`).
 */
export function resolveStorePath(options: {
	readonly db?: string | undefined;
	readonly env: Readonly<Record<string, string | undefined>>;
	readonly cwd?: string;
}): string {
	const cwd = options.cwd ?? process.cwd();
	if (options.db) return path.resolve(cwd, options.db);
	const fromEnv = options.env['BIGSTAT42_DB'];
	if (fromEnv) return path.resolve(cwd, fromEnv);
	const dataHome = options.env['XDG_DATA_HOME'] || path.join(options.env['HOME'] || os.homedir(), '.local', 'share');
	return path.join(dataHome, 'bigstat42', 'store');
}

/** The config directory (credentials, settings): `$XDG_CONFIG_HOME/bigstat42` (default `~/.config`). */
export function resolveConfigDir(env: Readonly<Record<string, string | undefined>>): string {
	const configHome = env['XDG_CONFIG_HOME'] || path.join(env['HOME'] || os.homedir(), '.config');
	return path.join(configHome, 'bigstat42');
}
