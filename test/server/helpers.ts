/**
 * Test helpers of the HTTP server: an in-process server on 127.0.0.1 (port 0) built by the
 * serve command's own `startServer`, and a child `bigstat42 serve` (the built binary) for the
 * signal and multi-process tests.
 */
import {spawn, type ChildProcess} from 'node:child_process';
import {mkdtempSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {PassThrough} from 'node:stream';
import {startServer, type RunningServer} from '../../source/commands/serve.js';
import type {CommandContext} from '../../source/commands/types.js';
import {binPath} from '../helpers/run-cli.js';

export function tempDir(prefix = 'bigstat42-serve-'): string {
	return mkdtempSync(path.join(os.tmpdir(), prefix));
}

export type TestServer = RunningServer & {readonly stderr: () => string};

/** Starts `serve` in this process on 127.0.0.1 with a free port. */
export async function startTestServer(
	argv: readonly string[],
	options: {readonly env?: Record<string, string>; readonly clock?: () => number; readonly cwd?: string} = {},
): Promise<TestServer> {
	const stderr = new PassThrough();
	let text = '';
	stderr.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
	const home = options.cwd ?? tempDir();
	const context: CommandContext = {
		argv: [],
		env: {HOME: home, XDG_DATA_HOME: path.join(home, 'data'), ...options.env},
		stdin: new PassThrough(),
		stdout: new PassThrough(),
		stderr,
		stdinIsTTY: false,
		stdoutIsTTY: false,
		stderrIsTTY: false,
		clock: options.clock ?? (() => Date.now()),
		cwd: home,
	};
	const started = await startServer(context, ['--port', '0', ...argv]);
	if ('help' in started) throw new Error('unexpected help');
	return Object.assign(started, {stderr: () => text});
}

export type Reply = {readonly status: number; readonly headers: Headers; readonly text: string; readonly json: any};

/** One request; the body is sent as given (a string) or as JSON. */
export async function call(
	url: string,
	options: {readonly method?: string; readonly body?: unknown; readonly headers?: Record<string, string>} = {},
): Promise<Reply> {
	const body = options.body === undefined ? undefined : typeof options.body === 'string' || options.body instanceof Uint8Array ? options.body : JSON.stringify(options.body);
	const headers: Record<string, string> = {...options.headers};
	if (body !== undefined && !Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
	const response = await fetch(url, {method: options.method ?? (body === undefined ? 'GET' : 'POST'), body, headers});
	const text = await response.text();
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}

	return {status: response.status, headers: response.headers, text, json};
}

export type ChildServer = {
	readonly child: ChildProcess;
	readonly url: string;
	readonly stderr: () => string;
	/** Resolves with the exit code (or the signal name). */
	readonly exited: Promise<number | string>;
};

/** Runs the built `bigstat42 serve` with `args` and waits for its address on stdout. */
export async function spawnServer(args: readonly string[], env: Record<string, string> = {}): Promise<ChildServer> {
	const home = tempDir();
	const child = spawn(process.execPath, [binPath, 'serve', '--port', '0', '--quiet', ...args], {
		cwd: home,
		env: {PATH: process.env['PATH'] ?? '', HOME: home, XDG_DATA_HOME: path.join(home, 'data'), TZ: 'UTC', NO_COLOR: '1', ...env},
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let stderr = '';
	child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
	const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)));
	const url = await new Promise<string>((resolve, reject) => {
		let out = '';
		child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
			out += chunk;
			const match = /^(http:\/\/\S+)\n/m.exec(out);
			if (match) resolve(match[1]!);
		});
		void exited.then((code) => reject(new Error(`serve exited (${code}) before listening: ${stderr}`)));
	});
	return {child, url, stderr: () => stderr, exited};
}
