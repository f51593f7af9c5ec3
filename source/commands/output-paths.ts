/**
 * Where `report --output DIR` and `export --output FILE` write: checked before any work, with
 * messages in words ("is a directory", "permission denied"), never a raw errno code, and without
 * leaving a temporary file behind.
 */
import {mkdir, stat, unlink} from 'node:fs/promises';
import path from 'node:path';
import {describeErrno, describeSystemError, errnoCode} from '../core/system-error.js';

/** Thrown when the output path cannot be used; the message says what and why. */
export class OutputPathError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'OutputPathError';
	}
}

/**
 * Creates `directory` and its missing parents one level at a time. (Node's recursive mkdir loops
 * for minutes at 100 % CPU on a path like /proc/nope, where mkdir says ENOENT although the parent
 * exists.)
 */
export async function makeDirectory(directory: string, depth = 0): Promise<void> {
	try {
		await mkdir(directory);
		return;
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'EEXIST') {
			const info = await stat(directory);
			if (!info.isDirectory()) throw new OutputPathError(`${directory} exists and is not a directory`);
			return;
		}

		const parent = path.dirname(directory);
		const parentExists = await stat(parent).then(
			(info) => info.isDirectory(),
			() => false,
		);
		// A missing parent is made first; if the parent is there, the failure is the answer.
		if (code === 'ENOENT' && parentExists) throw new OutputPathError(`cannot create the folder ${directory}: ${parent} does not allow new folders (a virtual file system such as /proc?)`);
		if (code !== 'ENOENT' || parent === directory || depth > 100) {
			throw new OutputPathError(`cannot create the folder ${directory}: ${describeErrno(error)}`);
		}
	}

	await makeDirectory(parent(directory), depth + 1);
	try {
		await mkdir(directory);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new OutputPathError(`cannot create the folder ${directory}: ${describeErrno(error)}`);
	}
}

function parent(directory: string): string {
	return path.dirname(directory);
}

/**
 * Why writing `target` (a file or an export directory) failed, in words: a missing folder is named
 * ("the folder /x does not exist"), a folder that exists but takes nothing new (/proc) says so,
 * anything else is "cannot write TARGET: permission denied (EACCES)".
 */
export async function describeWriteFailure(target: string, error: unknown): Promise<string> {
	if (errnoCode(error) === 'ENOENT') {
		const parent = path.dirname(target);
		const parentIsFolder = await stat(parent).then(
			(info) => info.isDirectory(),
			() => false,
		);
		if (!parentIsFolder) return `cannot write ${target}: the folder ${parent} does not exist`;
		return `cannot write ${target}: ${parent} does not allow new files or folders (a virtual file system such as /proc?)`;
	}

	return describeSystemError(error, target, 'write');
}

/** Refuses an output file that is a directory, before anything is written. */
export async function checkOutputFile(file: string): Promise<void> {
	const info = await stat(file).catch(() => undefined);
	if (info?.isDirectory()) throw new OutputPathError(`--output ${file} is a directory: give a file name (e.g. ${path.join(file, 'sessions.csv')})`);
}

/** Removes a temporary file after a failure (it may not exist). */
export async function removeQuietly(file: string): Promise<void> {
	await unlink(file).catch(() => undefined);
}
