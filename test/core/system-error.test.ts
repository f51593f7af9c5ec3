/**
 * The one wording of operating-system errors: what, where and why in words, the code in brackets.
 */
import {describe, expect, it} from 'vitest';
import {describeErrno, describeListenError, describeSystemError, errorMessage, errnoCode} from '../../source/core/system-error.js';

/** A Node-shaped system error (as fs and net throw them). */
function systemError(code: string, syscall: string, path?: string): NodeJS.ErrnoException {
	const error: NodeJS.ErrnoException = new Error(`${code}: ${code === 'EACCES' ? 'permission denied' : 'something odd'}, ${syscall}${path === undefined ? '' : ` '${path}'`}`);
	error.code = code;
	error.syscall = syscall;
	if (path !== undefined) error.path = path;
	return error;
}

describe('system error wording', () => {
	it('says what, where and why: "cannot write /x/y: permission denied (EACCES)"', () => {
		expect(describeSystemError(systemError('EACCES', 'open', '/x/y'), '/x/y', 'write')).toBe('cannot write /x/y: permission denied (EACCES)');
		// Path and action from the error itself when not given.
		expect(describeSystemError(systemError('EACCES', 'mkdir', '/x'))).toBe('cannot create /x: permission denied (EACCES)');
		expect(describeSystemError(systemError('ENOSPC', 'write'), '/s/seg')).toBe('cannot write /s/seg: no space left on the device (ENOSPC)');
	});

	it('keeps Node\'s words for a code it has none for, without the code prefix or the syscall tail', () => {
		expect(describeErrno(systemError('EWEIRD', 'open', '/a'))).toBe('something odd (EWEIRD)');
		expect(describeErrno(new Error('plain'))).toBe('plain');
		expect(errnoCode({code: 'ERR_INVALID_ARG_TYPE'})).toBe('ERR_INVALID_ARG_TYPE');
		expect(errnoCode({code: 42})).toBeUndefined();
	});

	it('turns a raw Node message into words and leaves other messages alone', () => {
		expect(errorMessage(systemError('EACCES', 'open', '/etc/x'))).toBe('cannot open /etc/x: permission denied (EACCES)');
		expect(errorMessage(new Error('the store is locked'))).toBe('the store is locked');
		const wrapped: NodeJS.ErrnoException = new Error('cannot write /s/a: permission denied (EACCES)');
		wrapped.code = 'EACCES';
		expect(errorMessage(wrapped)).toBe('cannot write /s/a: permission denied (EACCES)');
	});

	it('says why a server cannot listen and what to do', () => {
		expect(describeListenError(systemError('EADDRINUSE', 'listen'), '127.0.0.1', 8080)).toBe(
			'cannot listen on 127.0.0.1:8080: the port is already in use (EADDRINUSE): stop the other server or choose another --port (--port 0 picks a free one)',
		);
		expect(describeListenError(systemError('EACCES', 'listen'), '0.0.0.0', 80)).toBe(
			'cannot listen on 0.0.0.0:80: permission denied (EACCES): ports below 1024 need privileges; choose --port 1024 or higher',
		);
		expect(describeListenError(systemError('EADDRNOTAVAIL', 'listen'), '::1', 9000)).toMatch(/^cannot listen on \[::1\]:9000: the address is not one of this machine's \(EADDRNOTAVAIL\)/);
	});
});
