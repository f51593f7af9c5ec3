/**
 * End to end: the BUILT UI in live mode (tmux, 100×30) on a store that a BUILT `bigstat42 serve`
 * writes to: an event POSTed to the server is on the UI's overview within 2 s.
 * Skips (with the reason logged) when tmux or dist/cli.js is missing.
 */
import {execFileSync} from 'node:child_process';
import {existsSync, mkdtempSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {binPath, repoRoot} from '../helpers/run-cli.js';
import {tmuxFound, tmuxServer} from '../helpers/tmux.js';
import {call, spawnServer, type ChildServer} from '../server/helpers.js';

const skipReason = !tmuxFound ? 'tmux is not installed (apt-get install -y tmux)' : existsSync(binPath) ? undefined : 'dist/cli.js is missing: run `npm run build` first';
if (skipReason) console.warn(`live-serve-pty: skipped: ${skipReason}`);

const session = 'live';
const {tmux, waitForScreen, kill} = tmuxServer(`bigstat42-live-serve-${process.pid}`, session);

const eventsRow = (count: number) => (text: string) => new RegExp(`^\\s*Events\\s+${count}\\s`, 'm').test(text);

describe.skipIf(skipReason !== undefined)('the UI in live mode on a store `serve` writes to (tmux)', () => {
	let server: ChildServer | undefined;
	afterAll(async () => {
		if (!skipReason) kill();
		if (server) {
			server.child.kill('SIGTERM');
			await server.exited;
		}
	});

	it('shows an event POSTed to the server within 2 s', async () => {
		const home = mkdtempSync(path.join(os.tmpdir(), 'bigstat42-live-serve-'));
		const storePath = path.join(home, 'store');
		const file = path.join(home, 'events.ndjson');
		writeFileSync(file, `${JSON.stringify({id: 1, user_id: 'alice', event_type: 'login', timestamp: new Date(Date.now() - 3_600_000).toISOString()})}\n`);
		execFileSync(process.execPath, [binPath, 'import', '--db', storePath, file], {env: {PATH: process.env['PATH'] ?? '', HOME: home, TZ: 'UTC', NO_COLOR: '1'}, stdio: 'ignore'});
		server = await spawnServer(['--db', storePath]);
		const command = [
			'env -u CI -u FORCE_COLOR -u NO_COLOR',
			`HOME=${home} XDG_DATA_HOME=${home}/data XDG_CONFIG_HOME=${home}/config TZ=UTC TERM=xterm-256color`,
			`node ${binPath} --db ${storePath} --live`,
			'; echo "EXIT:$?"; sleep 600',
		].join(' ');
		tmux('new-session', '-d', '-s', session, '-x', '100', '-y', '30', '-c', repoRoot, command);
		await waitForScreen((text) => text.includes('LIVE') && eventsRow(1)(text), 'the live overview with 1 event');
		const posted = await call(`${server.url}/events/`, {body: {user_id: 'bob', event_type: 'view'}});
		expect(posted.status).toBe(201);
		const postedAt = Date.now();
		await waitForScreen(eventsRow(2), 'the POSTed event on the overview', 5000);
		expect(Date.now() - postedAt).toBeLessThan(2000);
		tmux('send-keys', '-t', session, 'q');
		await waitForScreen((text) => text.includes('EXIT:0'), 'exit 0');
	});
});
