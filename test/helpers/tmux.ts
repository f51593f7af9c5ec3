/**
 * A tmux server of the tests' own (its socket named after the test and pid, no config) with one
 * session: run a command in it, read the screen, wait for a screen, send keys like a person.
 */
import {execFileSync, spawnSync} from 'node:child_process';

/** Whether tmux is installed. */
export const tmuxFound = spawnSync('tmux', ['-V'], {encoding: 'utf8'}).status === 0;

export type Tmux = {
	/** Runs a tmux command against this server; its stdout. */
	tmux(...args: string[]): string;
	/** The visible screen of the session. */
	screen(): string;
	/** Polls the screen (every 50 ms) until `predicate` holds; throws with the screen after `timeoutMs`. */
	waitForScreen(predicate: (text: string) => boolean, what: string, timeoutMs?: number): Promise<string>;
	/** Sends keys one at a time, 80 ms apart (Esc followed at once by a key would read as Alt+key). */
	send(...keys: string[]): Promise<void>;
	/** Kills the tmux server. */
	kill(): void;
};

export function tmuxServer(socket: string, session: string): Tmux {
	const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], {encoding: 'utf8'});
	const screen = () => tmux('capture-pane', '-p', '-t', session);
	return {
		tmux,
		screen,
		async waitForScreen(predicate, what, timeoutMs = 15_000) {
			const deadline = Date.now() + timeoutMs;
			let text = screen();
			while (!predicate(text)) {
				if (Date.now() > deadline) throw new Error(`tmux: timed out waiting for ${what}; screen:\n${text}`);
				// eslint-disable-next-line no-await-in-loop
				await new Promise((resolve) => setTimeout(resolve, 50));
				text = screen();
			}

			return text;
		},
		async send(...keys) {
			for (const key of keys) {
				tmux('send-keys', '-t', session, key);
				// eslint-disable-next-line no-await-in-loop
				await new Promise((resolve) => setTimeout(resolve, 80));
			}
		},
		kill() {
			spawnSync('tmux', ['-L', socket, 'kill-server']);
		},
	};
}
