/**
 * `bigstat42 store repair`: rebuilds a store whose manifest is missing or damaged, or whose
 * segments are, from the segment files themselves.
 *
 * Every segment file in the directory (binary or schema 1 JSON) is read and checked (magic, CRC,
 * sections); damaged ones are skipped and reported. Ids are unique in a store and a newer
 * generation always holds the newer version of a row, so the rows are merged newest generation
 * first, keeping the first version of each id: superseded bases and deltas that a crash or the
 * previous-generation copies left behind cannot resurrect old versions. Campuses and sync state
 * come from manifest.json when it is still readable, else from manifest.prev.json, else they are
 * empty (the next sync then starts from scratch, which it handles).
 *
 * The rebuilt store is written as base segments at a new generation and a new manifest (the commit
 * point), under the writer lock. Nothing is deleted: every file the store held before (manifests
 * and segments) is moved into `repair-<time>/` inside the store, which the store never collects.
 */
import {readdirSync, readFileSync} from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import {
	eventAt,
	eventTableFromRecords,
	sessionAt,
	sessionTableFromRecords,
	type EventRecord,
	type EventTable,
	type SessionRecord,
	type SessionTable,
} from '../../core/model.js';
import {StoreError} from '../store-types.js';
import {syncDirectory, writeFileAtomic} from './atomic-file.js';
import {readManifestSync, verifySegment, MissingSegment} from './adapter.js';
import {acquireLock} from './lock.js';
import {
	CURRENT_SCHEMA_VERSION,
	MANIFEST_FILE,
	parseManifest,
	parseSegmentName,
	PREVIOUS_MANIFEST_FILE,
	serializeManifest,
	type Manifest,
} from './manifest.js';
import {
	decodeEvents,
	decodeSessions,
	EventDictionaries,
	segmentFromLegacyJson,
	SessionDictionaries,
	type EventSegment,
	type Segment,
	type SessionSegment,
} from './segment-codec.js';
import {parseSegmentFile} from './segment-file.js';
import {allMonths, baseSegments} from './write-segments.js';

export type RepairReport = {
	/** `healthy`: nothing to do (the manifest and every segment it lists check out); `rebuilt`: a new manifest was written. */
	readonly action: 'healthy' | 'rebuilt';
	/** Why a rebuild was needed (the first defect found). */
	readonly reason: string | undefined;
	readonly sessions: number;
	readonly events: number;
	/** Segment files read, and the ones skipped as damaged (with the reason). */
	readonly segmentsRead: number;
	readonly skipped: ReadonlyArray<{readonly file: string; readonly reason: string}>;
	/** Where campuses and sync state came from. */
	readonly stateFrom: 'manifest.json' | 'manifest.prev.json' | 'none';
	/** Where the files the store held before were moved (rebuilt only). */
	readonly keptIn: string | undefined;
	readonly generation: number;
};

/** Checks the store at `directory` and rebuilds it when its manifest or a segment is damaged. */
export async function repairStore(directory: string, options: {readonly lockTimeoutMs?: number; readonly now?: number} = {}): Promise<RepairReport> {
	try {
		const stat = await fs.stat(directory);
		if (!stat.isDirectory()) throw new StoreError(`store path ${directory} is a file, not a directory`, directory);
	} catch (error) {
		if (error instanceof StoreError) throw error;
		throw new StoreError(`cannot open store ${directory}: ${(error as Error).message}`, directory, 'point --db or BIGSTAT42_DB at the store to repair');
	}

	const lock = await acquireLock(directory, options.lockTimeoutMs ?? 10_000);
	try {
		return await repairLocked(directory, options.now ?? Date.now());
	} finally {
		await lock.release();
	}
}

async function repairLocked(directory: string, now: number): Promise<RepairReport> {
	let current: Manifest | undefined;
	let reason: string | undefined;
	try {
		current = readManifestSync(directory)?.manifest;
		if (!current) {
			return {action: 'healthy', reason: undefined, sessions: 0, events: 0, segmentsRead: 0, skipped: [], stateFrom: 'none', keptIn: undefined, generation: 0};
		}

		for (const entry of current.segments) verifySegment(directory, entry);
		let sessions = 0;
		let events = 0;
		for (const entry of current.segments) {
			if (entry.kind === 'sessions') sessions += entry.rows;
			else events += entry.rows;
		}

		return {action: 'healthy', reason: undefined, sessions, events, segmentsRead: current.segments.length, skipped: [], stateFrom: 'manifest.json', keptIn: undefined, generation: current.generation};
	} catch (error) {
		reason = error instanceof MissingSegment ? `segment ${error.file} listed in the manifest is missing` : (error as Error).message;
	}

	const skipped: Array<{file: string; reason: string}> = [];
	const names = () => readdirSync(directory);
	// State (campuses, sync state): the manifest if it still parses, else the previous one.
	let state: Manifest | undefined = current;
	let stateFrom: RepairReport['stateFrom'] = current ? 'manifest.json' : 'none';
	if (!state) {
		try {
			state = parseManifest(readFileSync(path.join(directory, PREVIOUS_MANIFEST_FILE), 'utf8'), path.join(directory, PREVIOUS_MANIFEST_FILE));
			stateFrom = 'manifest.prev.json';
		} catch (error) {
			state = undefined;
			if (names().includes(PREVIOUS_MANIFEST_FILE)) skipped.push({file: PREVIOUS_MANIFEST_FILE, reason: (error as Error).message});
		}
	}

	// Every segment file, newest generation first.
	const listing = names();
	const files = listing
		.map((name) => ({name, parsed: parseSegmentName(name)}))
		.filter((file): file is {name: string; parsed: NonNullable<ReturnType<typeof parseSegmentName>>} => file.parsed !== undefined)
		.sort((a, b) => b.parsed.generation - a.parsed.generation || a.name.localeCompare(b.name));
	const sessionsById = new Map<number, SessionRecord>();
	const eventsById = new Map<number, EventRecord>();
	let segmentsRead = 0;
	let generation = Math.max(current?.generation ?? 0, state?.generation ?? 0);
	for (const {name, parsed} of files) {
		const file = path.join(directory, name);
		generation = Math.max(generation, parsed.generation);
		try {
			const segment = readAnySegment(file, parsed.kind, parsed.legacy);
			const table = segment.kind === 'sessions' ? decodeSessionTable(segment, file) : decodeEventTable(segment, file);
			segmentsRead++;
			if ('begin' in table) {
				for (let i = 0; i < table.size; i++) {
					const id = table.id[i]!;
					if (!sessionsById.has(id)) sessionsById.set(id, sessionAt(table, i));
				}
			} else {
				for (let i = 0; i < table.size; i++) {
					const id = table.id[i]!;
					if (!eventsById.has(id)) eventsById.set(id, eventAt(table, i));
				}
			}
		} catch (error) {
			skipped.push({file: name, reason: error instanceof StoreError ? error.message : (error as Error).message});
		}
	}

	const next = generation + 1;
	const sessions = sessionTableFromRecords([...sessionsById.values()]);
	const events = eventTableFromRecords([...eventsById.values()]);
	const written = [
		...baseSegments('sessions', sessions, sessions.begin, next, allMonths(sessions.begin)),
		...baseSegments('events', events, events.time, next, allMonths(events.time)),
	];
	const manifest: Manifest = {
		schemaVersion: CURRENT_SCHEMA_VERSION,
		generation: next,
		campuses: state?.campuses ?? [],
		syncState: state?.syncState ?? {},
		segments: written.map(([entry]) => entry),
	};

	// Copies of the manifests first: the new manifest replaces manifest.json.
	const keptIn = path.join(directory, `repair-${new Date(now).toISOString().replaceAll(':', '-')}`);
	await fs.mkdir(keptIn, {recursive: false});
	for (const name of [MANIFEST_FILE, PREVIOUS_MANIFEST_FILE]) {
		if (listing.includes(name)) await fs.copyFile(path.join(directory, name), path.join(keptIn, name));
	}

	for (const [entry, bytes] of written) await writeFileAtomic(path.join(directory, entry.file), bytes);
	await syncDirectory(directory);
	await writeFileAtomic(path.join(directory, MANIFEST_FILE), serializeManifest(manifest));
	await syncDirectory(directory);
	// The commit point is behind us: move the old files aside (never delete them).
	await fs.rm(path.join(directory, PREVIOUS_MANIFEST_FILE), {force: true});
	for (const {name} of files) await fs.rename(path.join(directory, name), path.join(keptIn, name));
	await syncDirectory(directory);
	return {action: 'rebuilt', reason, sessions: sessions.size, events: events.size, segmentsRead, skipped, stateFrom, keptIn, generation: next};
}

function readAnySegment(file: string, kind: 'sessions' | 'events', legacy: boolean): Segment {
	const bytes = readFileSync(file);
	if (!legacy) return parseSegmentFile(bytes, file, kind).segment;
	let parsed: unknown;
	try {
		parsed = JSON.parse(bytes.toString('utf8'));
	} catch (error) {
		throw new StoreError(`segment ${file} is damaged: not valid JSON (${(error as Error).message})`, file);
	}

	return segmentFromLegacyJson(parsed, file, kind);
}

function decodeSessionTable(segment: SessionSegment, file: string): SessionTable {
	const size = segment.rows;
	const out = {id: new Float64Array(size), begin: new Float64Array(size), end: new Float64Array(size), user: new Int32Array(size), host: new Int32Array(size), campus: new Int32Array(size)};
	const dictionaries = new SessionDictionaries();
	decodeSessions(segment, file, out, 0, dictionaries);
	return {size, ...out, logins: dictionaries.logins, userIds: dictionaries.userIds, hosts: dictionaries.hosts};
}

function decodeEventTable(segment: EventSegment, file: string): EventTable {
	const size = segment.rows;
	const out = {id: new Float64Array(size), time: new Float64Array(size), user: new Int32Array(size), type: new Int32Array(size), meta: new Int32Array(size)};
	const dictionaries = new EventDictionaries();
	decodeEvents(segment, file, out, 0, dictionaries);
	return {size, ...out, users: dictionaries.users.values, types: dictionaries.types.values, metadata: dictionaries.metadata.values};
}
