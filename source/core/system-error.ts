/**
 * THE wording of operating-system errors (errno codes of fs and net calls) in messages: what
 * failed, on which path or address, and why in words, with the code in brackets for a search —
 * "cannot write /x/y: permission denied (EACCES)". Every command, importer, store and server
 * message goes through here, so no user sees a bare `EACCES` or Node's "EACCES: permission denied,
 * open '/x/y'". Pure: no I/O.
 */

/** Errno codes in words (file system first, then network). */
const ERRNO_WORDS: Readonly<Record<string, string>> = {
	ENOENT: 'no such file or directory',
	EISDIR: 'is a directory',
	ENOTDIR: 'a part of the path is not a directory',
	ENOTEMPTY: 'the directory is not empty',
	EEXIST: 'already exists',
	EACCES: 'permission denied',
	EPERM: 'operation not permitted',
	EROFS: 'read-only file system',
	ENOSPC: 'no space left on the device',
	EDQUOT: 'disk quota exceeded',
	EFBIG: 'the file is too large',
	EMFILE: 'too many open files',
	ENFILE: 'too many open files in the system',
	EIO: 'input/output error',
	EBUSY: 'the resource is busy',
	ENAMETOOLONG: 'the file name is too long',
	ELOOP: 'too many symbolic links',
	EXDEV: 'cannot move across file systems',
	EINVAL: 'invalid argument',
	EAGAIN: 'resource temporarily unavailable',
	EPIPE: 'the other end closed the pipe',
	EADDRINUSE: 'the address is already in use',
	EADDRNOTAVAIL: 'the address is not one of this machine\'s',
	ECONNREFUSED: 'the connection was refused',
	ECONNRESET: 'the connection was reset',
	ETIMEDOUT: 'the operation timed out',
	ENOTFOUND: 'the host name is unknown',
	EAI_AGAIN: 'the host name could not be resolved (temporary DNS failure)',
	EHOSTUNREACH: 'the host is unreachable',
	ENETUNREACH: 'the network is unreachable',
};

/** The errno code of an error (`code` of a Node system error), if it has one. */
export function errnoCode(error: unknown): string | undefined {
	const code = (error as {code?: unknown} | null | undefined)?.code;
	return typeof code === 'string' && /^E[A-Z0-9_]+$/.test(code) ? code : undefined;
}

/**
 * Node's own text of an error without the code prefix and the syscall/path tail: "EACCES:
 * permission denied, open '/x'" → "permission denied".
 */
function nodeText(error: unknown): string {
	const message = error instanceof Error ? error.message : String(error);
	return message
		.replace(/^E[A-Z0-9_]+:\s*/, '')
		.replace(/,\s*\w+(\s+'[^']*')*(\s*->\s*'[^']*')?$/, '')
		.trim();
}

/**
 * Why, in words: "permission denied (EACCES)"; an unknown code keeps Node's text ("… (EWHATEVER)");
 * an error without a code is its message.
 */
export function describeErrno(error: unknown): string {
	const code = errnoCode(error);
	if (code === undefined) return error instanceof Error ? error.message : String(error);
	return `${ERRNO_WORDS[code] ?? nodeText(error)} (${code})`;
}

/** What was being done to the path ("write" → "cannot write /x"). */
export type SystemAction = 'read' | 'write' | 'create' | 'remove' | 'open' | 'use';

/** The action a syscall stands for, when the caller does not say. */
function actionOf(error: unknown): SystemAction {
	const syscall = (error as {syscall?: unknown} | null | undefined)?.syscall;
	switch (syscall) {
		case 'mkdir': {
			return 'create';
		}

		case 'read':
		case 'readdir':
		case 'scandir':
		case 'stat':
		case 'lstat': {
			return 'read';
		}

		case 'write':
		case 'rename':
		case 'fsync':
		case 'copyfile': {
			return 'write';
		}

		case 'unlink':
		case 'rmdir': {
			return 'remove';
		}

		case 'open': {
			return 'open';
		}

		default: {
			return 'use';
		}
	}
}

/**
 * What, where and why: "cannot write /x/y: permission denied (EACCES)". `path` defaults to the
 * error's own path; `action` to what its syscall did.
 */
export function describeSystemError(error: unknown, path?: string, action?: SystemAction): string {
	const where = path ?? ((error as {path?: unknown} | null | undefined)?.path as string | undefined);
	const verb = action ?? actionOf(error);
	return `cannot ${verb}${where === undefined ? '' : ` ${where}`}: ${describeErrno(error)}`;
}

/**
 * Why a server could not listen on host:port, with what to do: "cannot listen on 127.0.0.1:80:
 * permission denied (EACCES): ports below 1024 need privileges; choose --port 1024 or higher".
 */
export function describeListenError(error: unknown, host: string, port: number): string {
	const code = errnoCode(error);
	const shownHost = host.includes(':') ? `[${host}]` : host;
	const head = `cannot listen on ${shownHost}:${port}`;
	switch (code) {
		case 'EADDRINUSE': {
			return `${head}: the port is already in use (EADDRINUSE): stop the other server or choose another --port (--port 0 picks a free one)`;
		}

		case 'EACCES':
		case 'EPERM': {
			return port > 0 && port < 1024
				? `${head}: permission denied (${code}): ports below 1024 need privileges; choose --port 1024 or higher`
				: `${head}: permission denied (${code}): choose another --port or --host`;
		}

		case 'EADDRNOTAVAIL': {
			return `${head}: ${ERRNO_WORDS.EADDRNOTAVAIL} (EADDRNOTAVAIL): give --host one of this machine's addresses (127.0.0.1, 0.0.0.0, ::)`;
		}

		case 'ENOTFOUND':
		case 'EAI_AGAIN': {
			return `${head}: ${ERRNO_WORDS[code]} (${code}): check --host`;
		}

		default: {
			return `${head}: ${describeErrno(error)}`;
		}
	}
}

/**
 * An error's message for a user: a raw Node system error ("EACCES: permission denied, open '/x'")
 * in words ("cannot open /x: permission denied (EACCES)"), any other error as it is.
 */
export function errorMessage(error: unknown): string {
	const message = error instanceof Error ? error.message : String(error);
	const code = errnoCode(error);
	return code !== undefined && message.startsWith(`${code}:`) ? describeSystemError(error) : message;
}
