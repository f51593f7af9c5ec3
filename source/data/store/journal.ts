/**
 * The event journal: files in the store directory where a writer (the server) makes accepted
 * events durable with one fdatasync per group, before they reach a store commit. A store commit
 * costs ~15 ms (segment and manifest each fsynced, the directory twice); an overwrite inside a
 * file whose blocks are already written costs one data flush and no file-system metadata, so
 * acknowledging from the journal lets a group of requests wait ~1 ms instead of a whole commit.
 * The records are then committed to the store in the background; once a journal's records are
 * all committed, the file is deleted.
 *
 * File: `journal-<pid>-<token>.log`, pre-written with zeros (JOURNAL_FILE_BYTES) before it takes
 * its first frame; the next file is prepared while the current one fills. A frame per group: u32
 * magic, u32 payload length, u32 CRC-32 of the payload (little-endian), then the payload, UTF-8
 * JSON of `[id, user, type, time, metadata]` rows. The first zeroed, torn or damaged frame ends the
 * journal: it was never acknowledged, because the acknowledgement waits for the fdatasync.
 *
 * A journal whose process is gone is an orphan: the next commit to the store (any writer) folds
 * its records in and deletes it. Event ids are unique keys, so a record already committed before
 * the crash is "unchanged" the second time, never a duplicate.
 */
import {readdirSync, readFileSync, unlinkSync} from 'node:fs';
import fs from 'node:fs/promises';
import {randomBytes} from 'node:crypto';
import path from 'node:path';
import {crc32} from 'node:zlib';
import type {EventRecord} from '../../core/model.js';
import {fileError, syncDirectory} from './atomic-file.js';
import {processIsAlive} from './lock.js';

const JOURNAL_NAME = /^journal-(\d+)-[0-9a-f]+\.log$/;
const FRAME_MAGIC = 0x314a_5342; // "BSJ1"
const FRAME_HEADER = 12;
/** Bytes a journal file is pre-written with; a frame that does not fit starts the next file (a larger one grows its own). */
export const JOURNAL_FILE_BYTES = 4 * 1024 * 1024;

/** True for a journal file name (the store's garbage collection leaves these alone). */
export function isJournalName(name: string): boolean {
	return JOURNAL_NAME.test(name);
}

type Row = [id: number, user: string | null, type: string, time: number, metadata: string | null];

/** One frame's bytes for `records`. */
export function encodeFrame(records: readonly EventRecord[]): Buffer {
	const rows: Row[] = records.map((record) => [record.id, record.user, record.type, record.time, record.metadata]);
	const payload = Buffer.from(JSON.stringify(rows), 'utf8');
	const frame = Buffer.allocUnsafe(FRAME_HEADER + payload.length);
	frame.writeUInt32LE(FRAME_MAGIC, 0);
	frame.writeUInt32LE(payload.length, 4);
	frame.writeUInt32LE(crc32(payload), 8);
	payload.copy(frame, FRAME_HEADER);
	return frame;
}

/** The records of every whole, intact frame of `bytes`, in order; stops at the first torn or damaged one. */
export function decodeFrames(bytes: Uint8Array): {records: EventRecord[]; validBytes: number} {
	const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const records: EventRecord[] = [];
	let offset = 0;
	while (offset + FRAME_HEADER <= buffer.length) {
		if (buffer.readUInt32LE(offset) !== FRAME_MAGIC) break;
		const length = buffer.readUInt32LE(offset + 4);
		const end = offset + FRAME_HEADER + length;
		if (end > buffer.length) break;
		const payload = buffer.subarray(offset + FRAME_HEADER, end);
		if (crc32(payload) !== buffer.readUInt32LE(offset + 8)) break;
		let rows: unknown;
		try {
			rows = JSON.parse(payload.toString('utf8'));
		} catch {
			break;
		}

		if (!Array.isArray(rows)) break;
		for (const row of rows as Row[]) records.push({id: row[0], user: row[1], type: row[2], time: row[3], metadata: row[4]});
		offset = end;
	}

	return {records, validBytes: offset};
}

/** The journals in `directory` whose writer process is gone, with their records. */
export function readOrphanJournals(directory: string): {files: string[]; records: EventRecord[]} {
	let names: string[];
	try {
		names = readdirSync(directory);
	} catch {
		return {files: [], records: []};
	}

	const files: string[] = [];
	const records: EventRecord[] = [];
	for (const name of names) {
		const match = JOURNAL_NAME.exec(name);
		if (!match) continue;
		const pid = Number(match[1]);
		if (pid !== process.pid && processIsAlive(pid)) continue;
		if (pid === process.pid && ownJournals.has(path.join(directory, name))) continue;
		const file = path.join(directory, name);
		let bytes: Buffer;
		try {
			bytes = readFileSync(file);
		} catch {
			continue;
		}

		files.push(file);
		for (const record of decodeFrames(bytes).records) records.push(record);
	}

	return {files, records};
}

/** Deletes journals whose records are committed; the directory is fsynced so they stay gone. */
export async function removeJournals(directory: string, files: readonly string[]): Promise<void> {
	if (files.length === 0) return;
	for (const file of files) {
		try {
			unlinkSync(file);
		} catch {
			// Already gone (another writer recovered it first).
		}

		ownJournals.delete(file);
	}

	await syncDirectory(directory);
}

/** Journals this process made and has not deleted yet: never orphans while it lives. */
const ownJournals = new Set<string>();

type JournalFile = {readonly file: string; readonly handle: fs.FileHandle};

/**
 * This process's journal. `append` makes a group durable and, when the group did not fit the
 * current file, returns the file it left (to be deleted once its records are committed).
 */
export class Journal {
	readonly directory: string;
	private current: JournalFile | undefined;
	private spare: Promise<JournalFile> | undefined;
	/** Bytes of frames in the current file. */
	size = 0;
	private readonly fileBytes: number;

	constructor(directory: string, fileBytes = JOURNAL_FILE_BYTES) {
		this.directory = directory;
		this.fileBytes = fileBytes;
	}

	/** Appends one frame holding `records` and waits for fdatasync. Returns the file it moved on from, if it did. */
	async append(records: readonly EventRecord[]): Promise<string | undefined> {
		const frame = encodeFrame(records);
		let left: string | undefined;
		if (this.current && this.size > 0 && this.size + frame.length > this.fileBytes) left = await this.rotate();
		const current = (this.current ??= await this.take());
		try {
			await current.handle.write(frame, 0, frame.length, this.size);
			await current.handle.datasync();
		} catch (error) {
			throw fileError(current.file, error);
		}

		this.size += frame.length;
		return left;
	}

	/**
	 * Closes the current file and returns its path (undefined when there is none); the next append
	 * takes a new one. The file stays this process's until `removeJournals` deletes it.
	 */
	async rotate(): Promise<string | undefined> {
		const current = this.current;
		this.current = undefined;
		this.size = 0;
		if (!current) return undefined;
		await current.handle.close();
		return current.file;
	}

	/** Closes and deletes the current file and the spare one (every record written is committed). */
	async discard(): Promise<void> {
		const files = [await this.rotate()];
		const spare = await this.spare?.catch(() => undefined);
		this.spare = undefined;
		if (spare) {
			await spare.handle.close();
			files.push(spare.file);
		}

		await removeJournals(this.directory, files.filter((file) => file !== undefined));
	}

	/** The prepared spare file (or a new one), and starts preparing the next spare. */
	private async take(): Promise<JournalFile> {
		const next = await (this.spare ?? this.prepare());
		this.spare = this.prepare();
		// A failure shows when the spare is taken, not as an unhandled rejection now.
		this.spare.catch(() => undefined);
		return next;
	}

	/** A new journal file, its blocks written with zeros and its name durable, ready for in-place frames. */
	private async prepare(): Promise<JournalFile> {
		const file = path.join(this.directory, `journal-${process.pid}-${randomBytes(6).toString('hex')}.log`);
		let handle: fs.FileHandle;
		try {
			handle = await fs.open(file, 'wx+', 0o644);
		} catch (error) {
			throw fileError(file, error);
		}

		ownJournals.add(file);
		try {
			await handle.write(Buffer.alloc(this.fileBytes), 0, this.fileBytes, 0);
			await handle.sync();
			// The new file's name must survive a power loss before anything in it is acknowledged.
			await syncDirectory(this.directory);
		} catch (error) {
			await handle.close().catch(() => undefined);
			ownJournals.delete(file);
			await fs.rm(file, {force: true});
			throw fileError(file, error);
		}

		return {file, handle};
	}
}
