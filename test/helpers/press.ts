/**
 * Driving an ink-testing-library instance: `press` writes keys one macrotask apart (one
 * setImmediate → setTimeout(0) tick lets Ink 6.8 flush a pending Esc and React 19 commit), and
 * `waitForFrame` polls lastFrame() until a predicate holds. No fixed sleeps, no timed assertions.
 */
type Stdin = {write(data: string): void};
type Instance = {lastFrame(): string | undefined};

/** One macrotask: enough for Ink to parse a key and React to commit its update. */
export async function tick(): Promise<void> {
	await new Promise<void>((resolve) => {
		setImmediate(() => {
			setTimeout(resolve, 0);
		});
	});
}

/** Writes each key and yields a macrotask after each. */
export async function press(stdin: Stdin, ...sequence: string[]): Promise<void> {
	for (const key of sequence) {
		stdin.write(key);
		// eslint-disable-next-line no-await-in-loop
		await tick();
	}
}

/** Types a string one character at a time. */
export async function type(stdin: Stdin, text: string): Promise<void> {
	await press(stdin, ...text);
}

/**
 * Polls the last frame until `predicate` (or a substring) holds; throws with the last frame after
 * `timeoutMs` (a safety net for a hung test, not a timing assertion).
 */
export async function waitForFrame(
	instance: Instance,
	predicate: string | ((frame: string) => boolean),
	timeoutMs = 5000,
): Promise<string> {
	const test = typeof predicate === 'string' ? (frame: string) => frame.includes(predicate) : predicate;
	const deadline = Date.now() + timeoutMs;
	let frame = instance.lastFrame() ?? '';
	while (!test(frame)) {
		if (Date.now() > deadline) {
			throw new Error(`waitForFrame: condition not met (${typeof predicate === 'string' ? JSON.stringify(predicate) : 'predicate'}); last frame:\n${frame}`);
		}

		// eslint-disable-next-line no-await-in-loop
		await tick();
		frame = instance.lastFrame() ?? '';
	}

	return frame;
}
