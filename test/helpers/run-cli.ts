/**
 * Spawns the BUILT binary (dist/cli.js, made by `npm run build`, which `npm test` runs first)
 * with a pinned, isolated environment: its own HOME and XDG dirs, TZ=UTC, no colour, no CI.
 */
import {spawn} from 'node:child_process';
import {mkdtempSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const binPath = path.join(repoRoot, 'dist', 'cli.js');

export type CliResult = {readonly code: number | null; readonly stdout: string; readonly stderr: string};

/** A fresh temporary directory used as HOME / XDG dirs / cwd. */
export function tempHome(): string {
	return mkdtempSync(path.join(os.tmpdir(), 'bigstat42-cli-'));
}

/** Runs `node dist/cli.js ...args` and collects its output. */
export async function runCli(
	args: readonly string[],
	options: {readonly home?: string; readonly env?: Record<string, string>; readonly unset?: readonly string[]; readonly input?: string; readonly cwd?: string} = {},
): Promise<CliResult> {
	const home = options.home ?? tempHome();
	const env: Record<string, string> = {
		PATH: process.env['PATH'] ?? '',
		HOME: home,
		XDG_DATA_HOME: path.join(home, 'data'),
		XDG_CONFIG_HOME: path.join(home, 'config'),
		TZ: 'UTC',
		FORCE_COLOR: '0',
		NO_COLOR: '1',
		...options.env,
	};
	for (const name of options.unset ?? []) delete env[name];
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [binPath, ...args], {cwd: options.cwd ?? home, env, stdio: ['pipe', 'pipe', 'pipe']});
		let stdout = '';
		let stderr = '';
		child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
		child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
		child.on('error', reject);
		child.on('close', (code) => resolve({code, stdout, stderr}));
		if (options.input === undefined) child.stdin.end();
		else child.stdin.end(options.input);
	});
}
