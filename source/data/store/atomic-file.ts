/**
 * Durable, atomic file writes: temp file in the same directory → write → fsync → rename over the
 * target → fsync of the directory (so the rename itself survives a power loss). A crash leaves
 * either the old file or the new one, plus at worst an orphaned `.tmp-*` that the store's garbage
 * collection removes later.
 */
import {describeErrno} from '../../core/system-error.js';
import {randomBytes} from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

/** Counts every byte this module writes; tests use it to check that commits are O(batch). */
export const writeStats = {files: 0, bytes: 0};

/** A unique temp name in `directory`, owned by this process. */
export function tempPathIn(directory: string): string {
	return path.join(directory, `.tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
}

/**
 * Writes `text` to `file` atomically and durably, without fsyncing the directory (see
 * `syncDirectory`). A failure (disk full, read-only…) leaves no temp file behind and is thrown as
 * an error whose message names `file` and the cause, with the original `code`.
 */
export async function writeFileAtomic(file: string, text: string | Uint8Array): Promise<number> {
	const temp = tempPathIn(path.dirname(file));
	const data = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
	let handle: fs.FileHandle;
	try {
		handle = await fs.open(temp, 'wx', 0o644);
	} catch (error) {
		throw fileError(file, error);
	}

	try {
		await handle.writeFile(data);
		await handle.sync();
	} catch (error) {
		await handle.close().catch(() => undefined);
		await fs.rm(temp, {force: true});
		throw fileError(file, error);
	}

	await handle.close();
	try {
		await fs.rename(temp, file);
	} catch (error) {
		await fs.rm(temp, {force: true});
		throw fileError(file, error);
	}

	writeStats.files++;
	writeStats.bytes += data.byteLength;
	return data.byteLength;
}

/** An error naming `file` and the cause, keeping the cause's errno code. */
export function fileError(file: string, cause: unknown): NodeJS.ErrnoException {
	const error: NodeJS.ErrnoException = new Error(`cannot write ${file}: ${describeFsError(cause)}`, {cause});
	error.code = (cause as NodeJS.ErrnoException).code;
	error.path = file;
	return error;
}

/** fsyncs a directory so that renames and unlinks inside it are durable. */
export async function syncDirectory(directory: string): Promise<void> {
	let handle: fs.FileHandle | undefined;
	try {
		handle = await fs.open(directory, 'r');
		await handle.sync();
	} catch (error) {
		// Some file systems refuse fsync on a directory (EINVAL/EISDIR); the rename is still atomic there.
		const code = (error as NodeJS.ErrnoException).code;
		if (code !== 'EINVAL' && code !== 'EISDIR' && code !== 'EPERM') throw error;
	} finally {
		await handle?.close();
	}
}

/**
 * `mkdir -p` that reports the real cause: Node's recursive mkdir says ENOENT on a read-only file
 * system (it retries the parent and reports the first error), so on ENOENT this walks up to the
 * deepest existing ancestor and creates the next level alone, whose error (EROFS, EACCES, ENOTDIR…)
 * is the one thrown, with its `path` the directory that could not be created.
 */
export async function makeDirectory(directory: string): Promise<void> {
	try {
		await fs.mkdir(directory, {recursive: true});
		return;
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
	}

	let missing = path.resolve(directory);
	for (;;) {
		const parent = path.dirname(missing);
		if (parent === missing) break;
		try {
			await fs.stat(parent);
			break;
		} catch {
			missing = parent;
		}
	}

	// Throws the cause (EROFS, EACCES…) for `missing`; if that works after all, retry the whole path.
	await fs.mkdir(missing);
	await fs.mkdir(directory, {recursive: true});
}

/** Why a file-system call failed, in words ("no space left on the device (ENOSPC)"): the wording is core/system-error's. */
export function describeFsError(error: unknown): string {
	return describeErrno(error);
}
