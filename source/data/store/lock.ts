/**
 * The writer lock: `store.lock` inside the store directory, created with O_EXCL and holding
 * `{pid, hostname, started, token}`. Readers never lock (the manifest rename is atomic).
 *
 * A lock whose process no longer exists on this host is stale and is broken by renaming it aside
 * (atomic, so two processes cannot both break the same lock) and checking the token of what was
 * moved. A lock from another host is never broken automatically: its process cannot be checked.
 * An empty or unparsable lock file is being written, unless it is older than a few seconds (its
 * writer died between open and write): then it is stale too. A `store.lock` that is not a regular
 * file (a directory, a symbolic link, dangling or not) was not made by bigstat42: the writer stops
 * at once with an error naming it, and never spins.
 */
import {randomBytes} from 'node:crypto';
import fs from 'node:fs/promises';
import {describeFsError} from './atomic-file.js';
import os from 'node:os';
import path from 'node:path';
import {StoreError} from '../store-types.js';
import {LOCK_FILE} from './manifest.js';

/** What a lock file says about its owner. */
export type LockInfo = {
	readonly pid: number;
	readonly hostname: string;
	readonly started: string;
	readonly token: string;
};

/** A lock this process holds. */
export type HeldLock = {
	readonly info: LockInfo;
	/** True when the lock file still carries our token (nobody broke it). */
	stillHeld(): Promise<boolean>;
	release(): Promise<void>;
};

const POLL_MS = 50;
/** A lock file that cannot be parsed is being written right now, unless it is older than this. */
const UNREADABLE_GRACE_MS = 5000;

/** True when `pid` is a live process on this host. */
export function processIsAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		// EPERM: it exists but belongs to another user.
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/**
 * Takes the writer lock of `directory`, waiting up to `timeoutMs` for another holder.
 * Throws a StoreError naming the holder when the wait times out.
 */
export async function acquireLock(directory: string, timeoutMs: number): Promise<HeldLock> {
	const lockPath = path.join(directory, LOCK_FILE);
	const info: LockInfo = {
		pid: process.pid,
		hostname: os.hostname(),
		started: new Date().toISOString(),
		token: randomBytes(8).toString('hex'),
	};
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (await tryCreate(lockPath, info)) return heldLock(lockPath, info);
		const holder = await readHolder(lockPath);
		if (holder !== 'gone' && holder !== 'unreadable' && isStale(holder)) {
			await breakStaleLock(lockPath, holder);
			continue;
		}

		// 'gone': the holder released between our create and read; retry after the pause below, and
		// never past the deadline (an unbounded retry spun at 100 % CPU).
		if (Date.now() >= deadline) {
			const who =
				holder === 'unreadable' || holder === 'gone'
					? 'another process (its lock file is being written or is damaged)'
					: `process ${holder.pid}${holder.hostname === os.hostname() ? '' : ` on ${holder.hostname}`} (started ${holder.started})`;
			throw new StoreError(
				`store ${directory} is locked by ${who}; another bigstat42 import or sync is running`,
				directory,
				`wait for it to finish and retry; if no such process exists, delete ${lockPath}`,
			);
		}

		await new Promise((resolve) => setTimeout(resolve, Math.min(holder === 'gone' ? 1 : POLL_MS, Math.max(1, deadline - Date.now()))));
	}
}

async function tryCreate(lockPath: string, info: LockInfo): Promise<boolean> {
	let handle: fs.FileHandle;
	try {
		handle = await fs.open(lockPath, 'wx', 0o644);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
		throw new StoreError(`cannot create the lock file ${lockPath}: ${describeFsError(error)}`, lockPath, lockHint(error));
	}

	try {
		await handle.writeFile(JSON.stringify(info) + '\n');
		await handle.close();
	} catch (error) {
		// Disk full (or the like) between create and write: leave no empty lock behind for the next writer to wait on.
		await handle.close().catch(() => undefined);
		await fs.rm(lockPath, {force: true});
		throw new StoreError(`cannot write the lock file ${lockPath}: ${describeFsError(error)}; nothing was written`, lockPath, lockHint(error));
	}

	return true;
}

function lockHint(error: unknown): string {
	const code = (error as NodeJS.ErrnoException).code;
	if (code === 'ENOSPC') return 'the disk is full; free some space and retry';
	if (code === 'EROFS') return 'the store is on a read-only file system; read-only commands still work';
	return 'check the permissions of the store directory';
}

async function readHolder(lockPath: string): Promise<LockInfo | 'gone' | 'unreadable'> {
	let kind: Awaited<ReturnType<typeof fs.lstat>>;
	try {
		kind = await fs.lstat(lockPath);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
		throw new StoreError(`cannot read the lock file ${lockPath}: ${describeFsError(error)}`, lockPath);
	}

	if (!kind.isFile()) {
		let what = kind.isDirectory() ? 'a directory' : kind.isSymbolicLink() ? 'a symbolic link' : 'not a regular file';
		if (kind.isSymbolicLink()) {
			const target = await fs.readlink(lockPath).catch(() => '?');
			const dangling = await fs.stat(lockPath).then(() => false, () => true);
			what = `a symbolic link${dangling ? ' (dangling)' : ''} to ${target}`;
		}

		throw new StoreError(
			`the lock file ${lockPath} is ${what}, not a lock bigstat42 wrote; nothing was written`,
			lockPath,
			`remove ${lockPath} if no bigstat42 import or sync is running, then retry`,
		);
	}

	let text: string;
	try {
		text = await fs.readFile(lockPath, 'utf8');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
		throw new StoreError(`cannot read the lock file ${lockPath}: ${describeFsError(error)}`, lockPath);
	}

	try {
		const parsed = JSON.parse(text) as Partial<LockInfo>;
		if (typeof parsed.pid === 'number' && typeof parsed.token === 'string') {
			return {pid: parsed.pid, hostname: String(parsed.hostname ?? ''), started: String(parsed.started ?? '?'), token: parsed.token};
		}
	} catch {}

	// Empty or half-written: its creator is between open() and write(), unless it died there long ago.
	if (Date.now() - kind.mtimeMs > UNREADABLE_GRACE_MS) {
		return {pid: -1, hostname: os.hostname(), started: kind.mtime.toISOString(), token: ''};
	}

	return 'unreadable';
}

function isStale(holder: LockInfo): boolean {
	if (holder.hostname !== os.hostname()) return false;
	return holder.pid <= 0 || !processIsAlive(holder.pid);
}

async function breakStaleLock(lockPath: string, stale: LockInfo): Promise<void> {
	const aside = `${lockPath}.stale-${randomBytes(6).toString('hex')}`;
	try {
		await fs.rename(lockPath, aside);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return; // Someone else broke it first.
		throw error;
	}

	const moved = await readHolder(aside);
	if (moved !== 'gone' && moved !== 'unreadable' && moved.token !== stale.token) {
		// We raced another breaker and moved its fresh lock: put it back unless a new one exists.
		await fs.link(aside, lockPath).catch(() => undefined);
	}

	await fs.rm(aside, {force: true});
}

function heldLock(lockPath: string, info: LockInfo): HeldLock {
	let released = false;
	return {
		info,
		async stillHeld() {
			const holder = await readHolder(lockPath).catch(() => 'gone' as const);
			return holder !== 'gone' && holder !== 'unreadable' && holder.token === info.token;
		},
		async release() {
			if (released) return;
			released = true;
			// Only remove the file if it is still ours.
			if (await this.stillHeld()) await fs.rm(lockPath, {force: true});
		},
	};
}
