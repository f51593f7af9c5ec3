/**
 * Mounting the app on a terminal: Ink on the injected streams, in the alternate screen (the shell
 * gets its screen back on exit, as with less, htop or k9s), Ctrl-C as a key binding.
 */
import {Box, render, Text, useApp, useInput, type Instance} from 'ink';
import type {ReactElement} from 'react';
import type {ExitCode, Streams} from '../app/runtime.js';
import {sanitizeForTerminal} from '../core/sanitize.js';
import {App, type AppDeps, type AppStart} from './app.js';
import {exportView} from './export-view.js';

/** Enters / leaves the alternate screen (DEC private mode 1049: saves and restores the shell's screen). */
export const ALT_SCREEN_ON = '\u001B[?1049h';
export const ALT_SCREEN_OFF = '\u001B[?1049l';

function inkStreams(context: Streams) {
	return {
		stdin: context.stdin as NodeJS.ReadStream,
		stdout: context.stdout as NodeJS.WriteStream,
		stderr: context.stderr as NodeJS.WriteStream,
	};
}

/** Options of `runInteractive`. */
export type InteractiveOptions = Omit<AppDeps, 'exportView' | 'onExit'> & {
	readonly exportDir: string;
	readonly start: AppStart;
};

/** Mounts the app on the terminal and resolves with its exit code when it quits. */
export async function runInteractive(context: Streams & {readonly clock: () => number}, options: InteractiveOptions): Promise<ExitCode> {
	let code: 0 | 1 = 0;
	const {exportDir, start, ...rest} = options;
	const deps: AppDeps = {
		...rest,
		exportView: async (request) => exportView(request, {dir: exportDir, now: context.clock()}),
		onExit(exitCode) {
			code = exitCode;
		},
	};
	context.stdout.write(ALT_SCREEN_ON);
	try {
		// Ctrl-C is a key binding (it must quit from the filter prompt too), not Ink's default handler.
		const instance: Instance = render(<App deps={deps} start={start} />, {...inkStreams(context), exitOnCtrlC: false, patchConsole: true});
		await instance.waitUntilExit();
	} finally {
		context.stdout.write(ALT_SCREEN_OFF);
	}

	return code;
}

/** Shows a message full-screen until a key is pressed (an empty store in interactive mode). */
export async function showMessage(context: Streams, message: string): Promise<void> {
	function Message(): ReactElement {
		const {exit} = useApp();
		useInput(() => {
			exit();
		});
		return (
			<Box flexDirection="column">
				<Text>{sanitizeForTerminal(message)}</Text>
				<Text>Press any key to exit.</Text>
			</Box>
		);
	}

	const instance = render(<Message />, {...inkStreams(context), exitOnCtrlC: false});
	await instance.waitUntilExit();
}
