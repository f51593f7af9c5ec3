/**
 * Durable, atomic file writes: temp file in the same directory → write → fsync → rename over the
 * target → fsync of the directory (so the rename itself survives a power loss). A crash leaves
 * either the old file or the new one, plus at worst an orphaned `.tmp-*` that the store's garbage
 * collection removes later.
 */
import {randomBytes} from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

/** Counts every byte this module writes; tests use it to check that commits are O(batch). */
export const writeStats = {files: 0, bytes: 0};

/** A unique temp name in `directory`, owned by this process. */
export function tempPathIn(directory: string): string {
	return path.join(directory, `.tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
}

/** Writes `text` to `file` atomically and durably, without fsyncing the directory (see `syncDirectory`). */
export async function writeFileAtomic(file: string, text: string | Uint8Array): Promise<number> {
	const temp = tempPathIn(path.dirname(file));
	const data = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
	const handle = await fs.open(temp, 'wx', 0o644);
	try {
		await handle.writeFile(data);
		await handle.sync();
	} catch (error) {
		await handle.close();
		await fs.rm(temp, {force: true});
		throw error;
	}

	await handle.close();
	try {
		await fs.rename(temp, file);
	} catch (error) {
		await fs.rm(temp, {force: true});
		throw error;
	}

	writeStats.files++;
	writeStats.bytes += data.byteLength;
	return data.byteLength;
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
