/**
 * The lowdb adapter: `Low<StoreData>` reads and writes through it. It never stores row objects:
 * `read()` loads the manifest and the columnar segments it lists (reusing segments already in
 * memory: a segment file never changes once a manifest refers to it), and `write()` writes only
 * the segments marked dirty in `data.pending`, then the manifest, whose atomic rename is the
 * commit point. After a commit, files no manifest refers to are garbage-collected. With a
 * `sinkFor` set (read-only stores), `read()` hands each segment over as it is parsed and keeps none.
 */
import {readFileSync} from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type {Adapter} from 'lowdb';
import {StoreError} from '../store-types.js';
import {syncDirectory, writeFileAtomic} from './atomic-file.js';
import {
	emptyManifest,
	isStoreOwnedName,
	LOCK_FILE,
	MANIFEST_FILE,
	parseManifest,
	serializeManifest,
	type Manifest,
	type SegmentEntry,
} from './manifest.js';
import {checkSegment, type Segment} from './segment-codec.js';

/** What `Low` holds: the committed manifest, its parsed segments, and the dirty ones. */
export type StoreData = {
	readonly manifest: Manifest;
	/** Parsed segments by file name: exactly the ones `manifest` lists. */
	readonly segments: ReadonlyMap<string, Segment>;
	/** Dirty segments (file name → serialised JSON) that `write()` must persist before the manifest. */
	readonly pending: ReadonlyMap<string, string>;
	/** False until the first commit created the manifest. */
	readonly exists: boolean;
	/** Size of the manifest file in bytes. */
	readonly manifestBytes: number;
};

/** The data of a store that does not exist yet. */
export function emptyStoreData(): StoreData {
	return {manifest: emptyManifest(), segments: new Map(), pending: new Map(), exists: false, manifestBytes: 0};
}

/** Reads the manifest alone (for the writer's "did someone commit since?" check). Null if absent. */
export async function readManifest(directory: string): Promise<Manifest | null> {
	const file = path.join(directory, MANIFEST_FILE);
	let text: string;
	try {
		text = await fs.readFile(file, 'utf8');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
		throw new StoreError(`cannot read ${file}: ${(error as Error).message}`, file);
	}

	return parseManifest(text, file);
}

/**
 * Takes the segments of a manifest as they are read, in its own `order`, instead of the adapter
 * keeping them (read-only loads decode each segment and drop it: see store.ts).
 */
export type SegmentSink = {
	readonly order: readonly SegmentEntry[];
	add(entry: SegmentEntry, segment: Segment): void;
};

/** The columnar, segmented lowdb adapter of one store directory. */
export class ColumnarAdapter implements Adapter<StoreData> {
	readonly directory: string;
	/** Segments already parsed, reused by the next read. */
	private cache: ReadonlyMap<string, Segment> = new Map();
	/**
	 * When set, `read()` hands every segment to the sink this returns for the manifest being read
	 * (a fresh one per attempt) and keeps none of them: `StoreData.segments` stays empty.
	 */
	sinkFor: ((manifest: Manifest) => SegmentSink) | undefined;
	/** Called right before the manifest rename; throws if the writer lock was lost. */
	private readonly beforeCommitPoint: () => Promise<void>;

	constructor(directory: string, beforeCommitPoint: () => Promise<void> = async () => undefined) {
		this.directory = directory;
		this.beforeCommitPoint = beforeCommitPoint;
	}

	async read(): Promise<StoreData | null> {
		// A concurrent compaction may delete a segment between our manifest read and the segment
		// read: read the (new) manifest again.
		for (let attempt = 0; ; attempt++) {
			try {
				return await this.readOnce();
			} catch (error) {
				if (!(error instanceof MissingSegment) || attempt >= 5) {
					if (error instanceof MissingSegment) {
						throw new StoreError(`segment ${error.file} listed in the manifest is missing; the store is damaged`, error.file);
					}

					throw error;
				}
			}
		}
	}

	async write(data: StoreData): Promise<void> {
		await fs.mkdir(this.directory, {recursive: true});
		for (const [name, text] of data.pending) await writeFileAtomic(path.join(this.directory, name), text);
		// The segments' renames must be durable before the manifest that refers to them.
		if (data.pending.size > 0) await syncDirectory(this.directory);
		await this.beforeCommitPoint();
		await writeFileAtomic(path.join(this.directory, MANIFEST_FILE), serializeManifest(data.manifest));
		await syncDirectory(this.directory);
		this.cache = data.segments;
		await this.collectGarbage(data.manifest).catch(() => undefined);
	}

	private async readOnce(): Promise<StoreData | null> {
		let stat;
		try {
			stat = await fs.stat(this.directory);
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
			throw new StoreError(`cannot open store ${this.directory}: ${(error as Error).message}`, this.directory);
		}

		if (!stat.isDirectory()) {
			throw new StoreError(`store path ${this.directory} is a file, not a directory`, this.directory, 'point --db or BIGSTAT42_DB at a directory');
		}

		const manifestFile = path.join(this.directory, MANIFEST_FILE);
		let manifestText: string;
		try {
			manifestText = await fs.readFile(manifestFile, 'utf8');
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
				throw new StoreError(`cannot read ${manifestFile}: ${(error as Error).message}`, manifestFile);
			}

			const foreign = (await fs.readdir(this.directory)).filter((name) => name !== LOCK_FILE && !isStoreOwnedName(name));
			if (foreign.length > 0) {
				throw new StoreError(
					`${this.directory} is not a bigstat42 store: it has no ${MANIFEST_FILE} but holds other files (${foreign.slice(0, 3).join(', ')}${foreign.length > 3 ? ', …' : ''})`,
					this.directory,
					'point --db or BIGSTAT42_DB at an empty or new directory',
				);
			}

			return null;
		}

		const manifest = parseManifest(manifestText, manifestFile);
		const segments = new Map<string, Segment>();
		const missing: string[] = [];
		const sink = this.sinkFor?.(manifest);
		// One file at a time: reading them all at once doubles the transient memory of a cold load.
		// Synchronous reads: the files are in the page cache on a warm open, and awaiting ~30
		// thread-pool round trips left the CPU idle for a tenth of the open time; decoding blocks anyway.
		for (const entry of sink ? sink.order : manifest.segments) {
			(() => {
				const cached = this.cache.get(entry.file);
				if (cached) {
					segments.set(entry.file, cached);
					return;
				}

				const file = path.join(this.directory, entry.file);
				let text: string;
				try {
					text = readFileSync(file, 'utf8');
				} catch (error) {
					if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
						missing.push(file);
						// A sink takes segments in order only: the read restarts from a new manifest anyway.
						if (sink) throw new MissingSegment(file);
						return;
					}

					throw new StoreError(`cannot read segment ${file}: ${(error as Error).message}`, file);
				}

				let parsed: unknown;
				try {
					parsed = JSON.parse(text);
				} catch (error) {
					throw new StoreError(`segment ${file} is damaged: not valid JSON (${(error as Error).message})`, file, 'restore the store from a backup; nothing was overwritten');
				}

				const segment = checkSegment(parsed, file, entry.kind);
				if (segment.rows !== entry.rows) {
					throw new StoreError(`segment ${file} is damaged: it has ${segment.rows} rows, the manifest says ${entry.rows}`, file);
				}

				if (sink) sink.add(entry, segment);
				else segments.set(entry.file, segment);
			})();
		}

		if (missing.length > 0) throw new MissingSegment(missing[0]!);
		this.cache = segments;
		return {manifest, segments, pending: new Map(), exists: true, manifestBytes: Buffer.byteLength(manifestText)};
	}

	/** Removes files of ours that the manifest does not list (old generations, crash leftovers). */
	private async collectGarbage(manifest: Manifest): Promise<void> {
		const live = new Set(manifest.segments.map((entry) => entry.file));
		const names = await fs.readdir(this.directory);
		let removed = false;
		for (const name of names) {
			if (!isStoreOwnedName(name) || live.has(name)) continue;
			await fs.rm(path.join(this.directory, name), {force: true});
			removed = true;
		}

		if (removed) await syncDirectory(this.directory);
	}
}

class MissingSegment extends Error {
	readonly file: string;
	constructor(file: string) {
		super(`missing segment ${file}`);
		this.file = file;
	}
}
