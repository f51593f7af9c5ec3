/**
 * The process-level types every front end shares: exit codes and the three standard streams.
 * `commands/` and `ui/` both import them from here, so `ui/` never imports `commands/`.
 */
import type {Readable, Writable} from 'node:stream';

/** Exit codes: 0 ok, 1 runtime failure, 2 usage error. */
export type ExitCode = 0 | 1 | 2;

/** The standard streams a front end reads and writes (injected: tests pass their own). */
export type Streams = {
	readonly stdin: Readable;
	readonly stdout: Writable;
	readonly stderr: Writable;
};
