/**
 * Errors of the file system and the network as a user sees them, from the built binary: what,
 * where and why in words (never a bare errno code or Node's "EACCES: …, open '…'"), and fast — a
 * path where mkdir loops (/proc) fails at once instead of spinning at 100 % CPU.
 */
import {spawn} from 'node:child_process';
import {existsSync, mkdtempSync, readdirSync, writeFileSync} from 'node:fs';
import {createServer, type Server} from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {binPath, tempHome} from '../helpers/run-cli.js';

const NOW = '2026-11-22T15:00:00Z';
const demo = ['--demo', '--now', NOW, '--days', '7'];
/** Far above a normal run (~1 s), far below a spin (minutes). */
const LIMIT_MS = 20_000;

type Result = {readonly code: number | null; readonly stderr: string; readonly killed: boolean};

/** Runs the binary and kills it after `LIMIT_MS` (a spin shows as `killed`). */
async function run(args: readonly string[], home = tempHome()): Promise<Result> {
	const env = {PATH: process.env['PATH'] ?? '', HOME: home, XDG_DATA_HOME: path.join(home, 'data'), XDG_CONFIG_HOME: path.join(home, 'config'), TZ: 'UTC', FORCE_COLOR: '0', NO_COLOR: '1'};
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [binPath, ...args], {cwd: home, env, stdio: ['ignore', 'ignore', 'pipe']});
		let stderr = '';
		let killed = false;
		const timer = setTimeout(() => {
			killed = true;
			child.kill('SIGKILL');
		}, LIMIT_MS);
		child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
		child.on('error', reject);
		child.on('close', (code) => {
			clearTimeout(timer);
			resolve({code, stderr, killed});
		});
	});
}

/** Node's raw wording ("ENOENT: no such file…", "EACCES: …") must not reach the user. */
const RAW_ERRNO = /\bE[A-Z]{3,}:/;

const servers: Server[] = [];
afterEach(async () => {
	await Promise.all(servers.splice(0).map(async (server) => new Promise((resolve) => server.close(resolve))));
});

describe('export --output onto a path that cannot be written', () => {
	it('names the missing folder (csv into a parent that does not exist), and leaves no FILE.tmp', async () => {
		const home = mkdtempSync(path.join(os.tmpdir(), 'bigstat42-syserr-'));
		const target = path.join(home, 'missing', 'sessions.csv');
		const result = await run(['export', ...demo, '--output', target], home);
		expect(result.code).toBe(1);
		expect(result.stderr).toBe(`bigstat42 export: cannot write ${target}: the folder ${path.join(home, 'missing')} does not exist\n`);
		expect(existsSync(path.join(home, 'missing'))).toBe(false);
	});

	it('says in words that a part of the path is a file (ENOTDIR)', async () => {
		const home = mkdtempSync(path.join(os.tmpdir(), 'bigstat42-syserr-'));
		writeFileSync(path.join(home, 'plain'), 'x');
		const target = path.join(home, 'plain', 'sessions.json');
		const result = await run(['export', ...demo, '--format', 'json', '--output', target], home);
		expect(result.code).toBe(1);
		expect(result.stderr).toBe(`bigstat42 export: cannot write ${target}: a part of the path is not a directory (ENOTDIR)\n`);
		expect(readdirSync(home)).toEqual(['plain']);
	});

	it.skipIf(!existsSync('/proc/self'))('fails fast with a clear message on /proc/nope in every format (parquet used to spin)', async () => {
		for (const format of ['parquet', 'csv', 'json', 'ndjson']) {
			// eslint-disable-next-line no-await-in-loop
			const result = await run(['export', ...demo, '--format', format, '--output', '/proc/nope']);
			expect(result.killed, `${format} still running after ${LIMIT_MS} ms`).toBe(false);
			expect(result.code).toBe(1);
			expect(result.stderr).toBe('bigstat42 export: cannot write /proc/nope: /proc does not allow new files or folders (a virtual file system such as /proc?)\n');
		}
	}, 4 * LIMIT_MS + 10_000);

	it('names the missing parent of a Parquet directory', async () => {
		const home = mkdtempSync(path.join(os.tmpdir(), 'bigstat42-syserr-'));
		const target = path.join(home, 'no', 'parquet');
		const result = await run(['export', ...demo, '--format', 'parquet', '--output', target], home);
		expect(result.killed).toBe(false);
		expect(result.code).toBe(1);
		expect(result.stderr).toBe(`bigstat42 export: cannot write ${target}: the folder ${path.join(home, 'no')} does not exist\n`);
		expect(result.stderr).not.toMatch(RAW_ERRNO);
	}, LIMIT_MS + 10_000);
});

describe('serve on a port that is taken', () => {
	it('says the port is in use, in words, and what to do', async () => {
		const busy = createServer();
		servers.push(busy);
		const port = await new Promise<number>((resolve) => {
			busy.listen(0, '127.0.0.1', () => {
				const address = busy.address();
				resolve(typeof address === 'object' && address ? address.port : 0);
			});
		});
		const result = await run(['serve', '--demo', '--port', String(port)]);
		expect(result.killed).toBe(false);
		expect(result.code).toBe(1);
		expect(result.stderr).toContain(
			`bigstat42 serve: cannot listen on 127.0.0.1:${port}: the port is already in use (EADDRINUSE): stop the other server or choose another --port (--port 0 picks a free one)\n`,
		);
		expect(result.stderr).not.toMatch(RAW_ERRNO);
	}, LIMIT_MS + 10_000);

	it('says why a --token-file cannot be read, in words', async () => {
		const result = await run(['serve', '--demo', '--token-file', '/nonexistent/token']);
		expect(result.code).toBe(2);
		expect(result.stderr.split('\n')[0]).toBe('bigstat42 serve: --token-file /nonexistent/token: cannot read it: no such file or directory (ENOENT)');
	});
});
