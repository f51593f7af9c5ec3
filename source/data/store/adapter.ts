/**
 * The lowdb adapter: `Low<StoreData>` reads and writes through it. It never stores row objects:
 * `read()` loads the manifest only (opening a store is O(manifest)); segments are read one at a
 * time by `loadSegment` when a table or a range needs them, each checked against its manifest
 * entry (byte size, CRC-32, rows) and its own header. `write()` writes the segments in
 * `data.pending`, keeps the current manifest as manifest.prev.json (a hard link) and renames the
 * new manifest into place: that rename is the commit point. Afterwards, files of ours that neither
 * manifest lists are garbage-collected. Without a manifest nothing is ever collected.
 */
import {linkSync, readdirSync, readFileSync, statSync} from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type {Adapter} from 'lowdb';
import {StoreError} from '../store-types.js';
import {makeDirectory, syncDirectory, tempPathIn, writeFileAtomic} from './atomic-file.js';
import {
	emptyManifest,
	isStoreOwnedName,
	LOCK_FILE,
	MANIFEST_FILE,
	parseManifest,
	parseSegmentName,
	PREVIOUS_MANIFEST_FILE,
	serializeManifest,
	type Manifest,
	type SegmentEntry,
} from './manifest.js';
import {DAMAGED_HINT, segmentFromLegacyJson, type Segment} from './segment-codec.js';
import {isJournalName} from './journal.js';
import {hex, parseSegmentFile, readSegmentHeader} from './segment-file.js';

/** What `Low` holds: the committed manifest and the segments a write must persist first. */
export type StoreData = {
	readonly manifest: Manifest;
	/** New segment files (name → bytes) that `write()` must persist before the manifest. */
	readonly pending: ReadonlyMap<string, Uint8Array>;
	/** False until the first commit created the manifest. */
	readonly exists: boolean;
	/** Size of the manifest file in bytes. */
	readonly manifestBytes: number;
};

/** The data of a store that does not exist yet. */
export function emptyStoreData(): StoreData {
	return {manifest: emptyManifest(), pending: new Map(), exists: false, manifestBytes: 0};
}

/** A segment the manifest lists but the directory does not hold (a concurrent compaction, or damage). */
export class MissingSegment extends Error {
	readonly file: string;
	constructor(file: string) {
		super(`missing segment ${file}`);
		this.file = file;
	}
}

/**
 * A cheap change stamp of the store's manifest.json, without reading it: a commit renames a new
 * file into place, so its inode, size or times change with every commit. '' when there is none.
 * Followers (the server, live mode) stat this every few hundred ms and read the manifest only
 * when it changed.
 */
export function manifestStamp(directory: string): string {
	try {
		const stat = statSync(path.join(directory, MANIFEST_FILE), {bigint: true});
		return `${stat.ino}|${stat.size}|${stat.mtimeNs}|${stat.ctimeNs}`;
	} catch {
		return '';
	}
}

/**
 * Reads the manifest of `directory`; null when the directory does not exist or holds nothing of
 * a store. A directory with segment files or a previous manifest but no manifest.json is a damaged
 * store (a StoreError that says so and how to repair it), never an empty one.
 */
export function readManifestSync(directory: string): {manifest: Manifest; bytes: number} | null {
	let stat;
	try {
		stat = statSync(directory);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
		throw new StoreError(`cannot open store ${directory}: ${(error as Error).message}`, directory);
	}

	if (!stat.isDirectory()) {
		throw new StoreError(`store path ${directory} is a file, not a directory`, directory, 'point --db or BIGSTAT42_DB at a directory');
	}

	const file = path.join(directory, MANIFEST_FILE);
	let text: string;
	try {
		text = readFileSync(file, 'utf8');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
			throw new StoreError(`cannot read ${file}: ${(error as Error).message}`, file);
		}

		const names = readdirSync(directory);
		const segments = names.filter((name) => parseSegmentName(name) !== undefined);
		if (segments.length > 0 || names.includes(PREVIOUS_MANIFEST_FILE)) {
			throw new StoreError(
				`store ${directory} is damaged: ${MANIFEST_FILE} is missing but the directory holds ${segments.length} segment file${segments.length === 1 ? '' : 's'}${names.includes(PREVIOUS_MANIFEST_FILE) ? ` and ${PREVIOUS_MANIFEST_FILE}` : ''}; nothing will be written to it (\`bigstat42 store repair\` rebuilds it)`,
				file,
				`run \`bigstat42 store repair --db ${directory}\` to rebuild the manifest from the segments`,
			);
		}

		const foreign = names.filter((name) => name !== LOCK_FILE && !isStoreOwnedName(name) && !isJournalName(name));
		if (foreign.length > 0) {
			throw new StoreError(
				`${directory} is not a bigstat42 store: it has no ${MANIFEST_FILE} but holds other files (${foreign.slice(0, 3).join(', ')}${foreign.length > 3 ? ', …' : ''})`,
				directory,
				'point --db or BIGSTAT42_DB at an empty or new directory',
			);
		}

		return null;
	}

	return {manifest: parseManifest(text, file), bytes: Buffer.byteLength(text)};
}

/** Reads one segment file and checks it against its manifest entry; throws MissingSegment or a StoreError naming the file. */
export function loadSegment(directory: string, entry: SegmentEntry): Segment {
	const file = path.join(directory, entry.file);
	const bytes = readSegmentBytes(file, entry);
	if (entry.file.endsWith('.json')) {
		let parsed: unknown;
		try {
			parsed = JSON.parse(bytes.toString('utf8'));
		} catch (error) {
			throw new StoreError(`segment ${file} is damaged: not valid JSON (${(error as Error).message})`, file, DAMAGED_HINT);
		}

		return checkRows(segmentFromLegacyJson(parsed, file, entry.kind), entry, file);
	}

	const {header, segment} = parseSegmentFile(bytes, file, entry.kind);
	checkHeader(header.crc32, header.role, entry, file);
	if (header.part !== (entry.part ?? 0)) throw new StoreError(`segment ${file} is damaged: it is part ${header.part} of its month, the manifest says ${entry.part ?? 0}`, file, DAMAGED_HINT);
	return checkRows(segment, entry, file);
}

/**
 * Checks a segment file without decoding its rows: byte size and CRC-32 against the manifest and
 * the file's own header (schema 2), or its JSON shape (schema 1, which has no checksum).
 */
export function verifySegment(directory: string, entry: SegmentEntry): void {
	const file = path.join(directory, entry.file);
	if (entry.file.endsWith('.json')) {
		loadSegment(directory, entry);
		return;
	}

	const header = readSegmentHeader(readSegmentBytes(file, entry), file);
	checkHeader(header.crc32, header.role, entry, file);
	if (header.rows !== entry.rows) throw rowMismatch(file, header.rows, entry.rows);
}

function readSegmentBytes(file: string, entry: SegmentEntry): Buffer {
	let bytes: Buffer;
	try {
		bytes = readFileSync(file);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new MissingSegment(file);
		throw new StoreError(`cannot read segment ${file}: ${(error as Error).message}`, file);
	}

	if (bytes.length !== entry.bytes) {
		throw new StoreError(`segment ${file} is damaged: it has ${bytes.length} bytes, the manifest says ${entry.bytes}`, file, DAMAGED_HINT);
	}

	return bytes;
}

function checkHeader(crc: number, role: 'base' | 'delta', entry: SegmentEntry, file: string): void {
	if (entry.crc32 !== hex(crc)) {
		throw new StoreError(`segment ${file} is damaged: its checksum is ${hex(crc)}, the manifest says ${String(entry.crc32)}`, file, DAMAGED_HINT);
	}

	if (role !== entry.role) throw new StoreError(`segment ${file} is damaged: it is a ${role} segment, the manifest says ${entry.role}`, file, DAMAGED_HINT);
}

function checkRows(segment: Segment, entry: SegmentEntry, file: string): Segment {
	if (segment.rows !== entry.rows) throw rowMismatch(file, segment.rows, entry.rows);
	return segment;
}

function rowMismatch(file: string, rows: number, listed: number): StoreError {
	return new StoreError(`segment ${file} is damaged: it has ${rows} rows, the manifest says ${listed}`, file, DAMAGED_HINT);
}

/** The columnar, segmented lowdb adapter of one store directory. */
export class ColumnarAdapter implements Adapter<StoreData> {
	readonly directory: string;
	/** The manifest on disk as last read or written (becomes manifest.prev.json at the next write). */
	private current: Manifest | undefined;
	/** Called right before the manifest rename; throws if the writer lock was lost. */
	private readonly beforeCommitPoint: () => Promise<void>;

	constructor(directory: string, beforeCommitPoint: () => Promise<void> = async () => undefined) {
		this.directory = directory;
		this.beforeCommitPoint = beforeCommitPoint;
	}

	async read(): Promise<StoreData | null> {
		return this.readSync();
	}

	readSync(): StoreData | null {
		const read = readManifestSync(this.directory);
		this.current = read?.manifest;
		if (!read) return null;
		return {manifest: read.manifest, pending: new Map(), exists: true, manifestBytes: read.bytes};
	}

	async write(data: StoreData): Promise<void> {
		await makeDirectory(this.directory);
		let previous = this.current;
		if (!previous) {
			// A new store gets an empty manifest before any segment: a crash before the first commit
			// point then leaves stray segments that are accounted for (newer than generation 0), not a
			// directory of segments without a manifest (a damaged store).
			previous = emptyManifest();
			await writeFileAtomic(path.join(this.directory, MANIFEST_FILE), serializeManifest(previous));
			await syncDirectory(this.directory);
			this.current = previous;
		}

		for (const [name, bytes] of data.pending) await writeFileAtomic(path.join(this.directory, name), bytes);
		// The segments' renames must be durable before the manifest that refers to them.
		if (data.pending.size > 0) await syncDirectory(this.directory);
		await this.beforeCommitPoint();
		await this.keepPrevious();
		await writeFileAtomic(path.join(this.directory, MANIFEST_FILE), serializeManifest(data.manifest));
		await syncDirectory(this.directory);
		this.current = data.manifest;
		await this.collectGarbage(data.manifest, previous).catch(() => undefined);
	}

	/** manifest.json → manifest.prev.json (a hard link renamed into place: atomic, no bytes copied). */
	private async keepPrevious(): Promise<void> {
		const manifest = path.join(this.directory, MANIFEST_FILE);
		const temp = tempPathIn(this.directory);
		try {
			linkSync(manifest, temp);
		} catch {
			// No hard links here (some network or FAT file systems): copy it.
			await fs.copyFile(manifest, temp);
		}

		await fs.rename(temp, path.join(this.directory, PREVIOUS_MANIFEST_FILE));
	}

	/** Removes files of ours that neither the manifest nor the previous one lists (old generations, crash leftovers). */
	private async collectGarbage(manifest: Manifest, previous: Manifest | undefined): Promise<void> {
		const live = new Set([...manifest.segments, ...(previous?.segments ?? [])].map((entry) => entry.file));
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
