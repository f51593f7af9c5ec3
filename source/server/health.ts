/**
 * `GET /health`: whether the store can be read (its manifest parses) and written (the directory
 * is writable and the disk has room), the last commit, record counts and free disk space.
 * "ok" → 200; anything else → 503, with the reason.
 */
import {constants} from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import {readManifestSync} from '../data/store/adapter.js';
import type {ServerContext} from './app.js';

/** Below this much free disk a store is reported unwritable (a commit could fail half-way). */
const MIN_FREE_BYTES = 16 * 1024 * 1024;

export type HealthReport = {
	status: 'ok' | 'unavailable';
	mode: 'store' | 'demo';
	problems: string[];
	store: {
		path: string | null;
		readable: boolean;
		writable: boolean;
		generation: number | null;
		last_commit_at: string | null;
		free_bytes: number | null;
	};
	records: {events: number; sessions: number};
	server: {journal_writes: number; events_journalled: number; commits: number; events_committed: number; uptime_seconds: number; last_error: string | null};
};

export async function healthReport(context: ServerContext): Promise<HealthReport> {
	const {log, data, clock} = context;
	const store = log.store;
	const problems: string[] = [];
	let readable = true;
	let writable = true;
	let generation: number | null = null;
	let lastCommit: string | null = null;
	let free: number | null = null;
	if (store) {
		try {
			const read = readManifestSync(store.path);
			generation = read?.manifest.generation ?? 0;
			const stat = await fs.stat(path.join(store.path, 'manifest.json')).catch(() => undefined);
			if (stat) lastCommit = stat.mtime.toISOString();
		} catch (error) {
			readable = false;
			problems.push(`cannot read the store: ${(error as Error).message}`);
		}

		const directory = await existingAncestor(store.path);
		try {
			await fs.access(directory, constants.W_OK);
		} catch {
			writable = false;
			problems.push(`the store directory ${directory} is not writable`);
		}

		try {
			const stats = await fs.statfs(directory);
			free = Number(stats.bavail) * Number(stats.bsize);
			if (free < MIN_FREE_BYTES) {
				writable = false;
				problems.push(`only ${free} bytes free on the store's disk`);
			}
		} catch (error) {
			problems.push(`cannot read the free space: ${(error as Error).message}`);
		}
	}

	let sessions = 0;
	try {
		sessions = data.sessions().size;
	} catch (error) {
		readable = false;
		problems.push(`cannot read the sessions: ${(error as Error).message}`);
	}

	return {
		status: readable && writable ? 'ok' : 'unavailable',
		mode: context.mode,
		problems,
		store: {path: store?.path ?? null, readable, writable: store ? writable : false, generation, last_commit_at: lastCommit, free_bytes: free},
		records: {events: log.size, sessions},
		server: {
			journal_writes: log.journalWrites,
			events_journalled: log.journalledEvents,
			commits: log.commits,
			events_committed: log.committedEvents,
			uptime_seconds: Math.round((clock() - context.startedAt) / 1000),
			last_error: log.lastError,
		},
	};
}

/** The store directory, or its nearest existing parent (a store is created by its first commit). */
async function existingAncestor(directory: string): Promise<string> {
	let current = directory;
	for (;;) {
		try {
			await fs.stat(current);
			return current;
		} catch {
			const parent = path.dirname(current);
			if (parent === current) return current;
			current = parent;
		}
	}
}
