/**
 * End to end: the BUILT binary in a real terminal (tmux, 80×24). Presses keys like a person and
 * reads the screen. CI is unset inside tmux: with CI set Ink draws only the last frame.
 * Skips (with the reason logged) when tmux or dist/cli.js is missing.
 */
import {existsSync, mkdtempSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {binPath, repoRoot} from '../helpers/run-cli.js';
import {tmuxFound, tmuxServer} from '../helpers/tmux.js';

const skipReason = !tmuxFound
	? 'tmux is not installed (apt-get install -y tmux)'
	: existsSync(binPath)
		? undefined
		: 'dist/cli.js is missing: run `npm run build` first';
if (skipReason) console.warn(`tui-pty: skipped: ${skipReason}`);

const session = 'tui';
const {tmux, waitForScreen, send, kill} = tmuxServer(`bigstat42-test-${process.pid}`, session);

describe.skipIf(skipReason !== undefined)('bigstat42 in a terminal (tmux 80×24)', () => {
	beforeAll(() => {
		const home = mkdtempSync(path.join(os.tmpdir(), 'bigstat42-pty-'));
		// `env` applies to the one command after it: the echo comes first, so CI is unset for node itself.
		const command = [
			'echo SHELL-SCREEN;',
			'env -u CI -u FORCE_COLOR -u NO_COLOR',
			`HOME=${home} XDG_DATA_HOME=${home}/data XDG_CONFIG_HOME=${home}/config TZ=UTC TERM=xterm-256color`,
			`node ${binPath} --demo --now 2026-11-22T15:00:00Z`,
			'; echo "EXIT:$?"; sleep 600',
		].join(' ');
		tmux('new-session', '-d', '-s', session, '-x', '80', '-y', '24', '-c', repoRoot, command);
		// No escape delay: Esc must reach the app as Esc at once.
		tmux('set-option', '-s', 'escape-time', '0');
	});

	afterAll(() => {
		if (!skipReason) kill();
	});

	it('opens the overview, goes to the heatmap, drills into a slot, back, help, quits with 0', async () => {
		const overview = await waitForScreen((text) => text.includes('Sessions') && text.includes('? help'), 'the overview');
		// The alternate screen: the shell's screen is saved, not drawn over.
		expect(overview).not.toContain('SHELL-SCREEN');
		expect(tmux('display-message', '-p', '-t', session, '#{alternate_on}').trim()).toBe('1');
		expect(overview).toContain('Demo Campus');
		expect(overview).toContain('7d (16 Nov–22 Nov)');
		expect(overview).toContain('Europe/Paris');
		// Never the full height: the last of the 24 rows stays empty.
		expect(overview.split('\n')[23] ?? '').toBe('');

		await send('2');
		await waitForScreen((text) => text.includes('Heatmap') && text.includes('Mon'), 'the heatmap');
		await send('Right', 'Down', 'l');
		const moved = await waitForScreen((text) => text.includes('Tue 02:00'), 'the cursor on Tue 02:00');
		expect(moved).toContain('Heatmap');

		await send('Enter');
		const slot = await waitForScreen((text) => text.includes('Heatmap › Tue 02:00'), 'the slot crumbs');
		expect(slot).toContain('Tue 02:00');

		await send('Escape');
		await waitForScreen((text) => !text.includes('Heatmap › Tue') && text.includes('Tue 02:00'), 'back on the heatmap');

		// Ctrl-L clears and draws the frame again at once (it used to leave a blank screen until the next key).
		await send('C-l');
		const redrawn = await waitForScreen((text) => text.includes('Heatmap') && text.includes('? help'), 'the redrawn heatmap', 2000);
		expect(redrawn).toContain('Tue 02:00');

		await send('?');
		const helpScreen = await waitForScreen((text) => text.includes('Show every key binding'), 'the help');
		expect(helpScreen).toContain('This view (heatmap)');
		expect(helpScreen).toContain('General');

		await send('Escape');
		await waitForScreen((text) => text.includes('Heatmap') && !text.includes('Show every key binding'), 'the help closed');

		await send('q');
		const end = await waitForScreen((text) => /EXIT:\d+/.test(text), 'the process to exit');
		expect(/EXIT:(\d+)/.exec(end)?.[1]).toBe('0');
		// The shell gets its screen back: what was there before, and no dashboard left over.
		expect(end).toContain('SHELL-SCREEN');
		expect(end).not.toContain('? help');
		expect(tmux('display-message', '-p', '-t', session, '#{alternate_on}').trim()).toBe('0');
	});
});
