/**
 * The manifest: the single file whose atomic rename is the commit point of the store. It lists the
 * live segment files and carries the small state (campuses, sync state) inline. Everything listed
 * neither here nor in the previous manifest (kept as manifest.prev.json) is garbage from an
 * interrupted commit or an older generation.
 *
 * Schema 2 (this code): binary `.seg` segments, each entry with the segment's CRC-32, byte size and
 * header facts (time span, open rows, latest end), and the manifest's own CRC-32 as its last field
 * (`"checksum":"crc32:…"`, over the text before it). Schema 1 (JSON `.json` segments, no checksums)
 * is read as is; the first write migrates it (see store.ts).
 */
import {crc32} from 'node:zlib';
import type {Campus} from '../../core/model.js';
import {StoreError, type StoreExtent, type SyncState, type TableExtent} from '../store-types.js';

/** The schema version this code writes. */
export const CURRENT_SCHEMA_VERSION = 2;
/** Schema 1: JSON segments with base64 columns, no checksums (read as is, migrated on the first write). */
export const LEGACY_SCHEMA_VERSION = 1;

export const MANIFEST_FILE = 'manifest.json';
/** The manifest before the last commit (a hard link to its file), for `store repair`. */
export const PREVIOUS_MANIFEST_FILE = 'manifest.prev.json';
export const LOCK_FILE = 'store.lock';
const MANIFEST_FORMAT = 'bigstat42-store';

/** Which table a segment belongs to. */
export type SegmentKind = 'sessions' | 'events';

/**
 * A live segment. `base` segments hold every row of one UTC month (by session begin or event
 * time), at most one per kind and month. `delta` segments hold the rows one commit inserted or
 * changed; they win over base rows with the same id and are folded into the bases by compaction.
 */
export type SegmentEntry = {
	readonly file: string;
	readonly kind: SegmentKind;
	readonly role: 'base' | 'delta';
	readonly rows: number;
	readonly bytes: number;
	/** Months (UTC, `monthIndex`) the rows fall in. A base segment has exactly one. */
	readonly months: readonly number[];
	/** Delta only: months holding an older version of a row this delta replaces. */
	readonly replaces: readonly number[];
	/** Schema 2 entries only (absent in schema 1 manifests), from the segment's header: */
	/** CRC-32 of the segment file (8 hex digits), checked against the file's own. */
	readonly crc32?: string;
	/** Earliest and latest begin (sessions) or time (events) in epoch ms. */
	readonly minTime?: number;
	readonly maxTime?: number;
	/** Sessions: latest end of a closed row (NaN when none); events: maxTime. */
	readonly maxEnd?: number;
	/** Sessions: rows still open. */
	readonly open?: number;
};

export type Manifest = {
	/** The version the manifest was read as (1 for a store still to migrate) or is written as. */
	readonly schemaVersion: number;
	/** Incremented by every commit; a writer compares it under the lock to detect other writers. */
	readonly generation: number;
	readonly campuses: readonly Campus[];
	readonly syncState: SyncState;
	readonly segments: readonly SegmentEntry[];
};

/** The manifest of a store that has never been committed to. */
export function emptyManifest(): Manifest {
	return {schemaVersion: CURRENT_SCHEMA_VERSION, generation: 0, campuses: [], syncState: {}, segments: []};
}

/** One migration: turns a raw manifest of version `from` into one of version `from + 1`. */
export type MigrationStep = {
	readonly from: number;
	readonly describe: string;
	readonly migrate: (raw: Record<string, unknown>) => Record<string, unknown>;
};

/**
 * The migration table of the manifest's fields; the loader walks the chain. 1 → 2 changes no
 * field (schema 2 adds optional entry fields and the checksum); the segment files of a schema 1
 * store are rewritten by its first write (store.ts), which is when its manifest becomes schema 2.
 */
export const MIGRATIONS: readonly MigrationStep[] = [{from: 1, describe: 'JSON segments → binary segments with checksums (on the first write)', migrate: (raw) => raw}];

/** Applies migration steps until `target`; throws a StoreError for newer or unreachable versions. */
export function migrateManifest(
	raw: Record<string, unknown>,
	file: string,
	steps: readonly MigrationStep[] = MIGRATIONS,
	target = CURRENT_SCHEMA_VERSION,
): Record<string, unknown> {
	let version = raw['schemaVersion'];
	if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) {
		throw new StoreError(`${file}: schemaVersion is missing or not a whole number (${JSON.stringify(version)})`, file);
	}

	if (version > target) {
		throw new StoreError(
			`${file} was written by a newer bigstat42 (store schema version ${version}; this version reads up to ${target})`,
			file,
			'upgrade bigstat42 to read this store; it has not been modified',
		);
	}

	let current = raw;
	while (version < target) {
		const step = steps.find((candidate) => candidate.from === version);
		if (!step) {
			throw new StoreError(`${file}: no migration from store schema version ${version} to ${target}`, file);
		}

		current = {...step.migrate(current), schemaVersion: version + 1};
		version++;
	}

	return current;
}

/** What a damaged-manifest error suggests. */
export const MANIFEST_DAMAGED_HINT = 'nothing was overwritten; `bigstat42 store repair` rebuilds the manifest from the segments';

const CHECKSUM_TRAILER = /,"checksum":"crc32:([\da-f]{8})"\}\n?$/;

/** Parses and validates manifest text (and its checksum). Every defect names the file and the field. */
export function parseManifest(text: string, file: string): Manifest {
	let raw: unknown;
	try {
		raw = JSON.parse(text);
	} catch (error) {
		throw new StoreError(`${file} is not valid JSON (${(error as Error).message}); the store is damaged`, file, MANIFEST_DAMAGED_HINT);
	}

	if (!isRecord(raw) || raw['format'] !== MANIFEST_FORMAT) {
		throw new StoreError(`${file} is not a bigstat42 store manifest (format field missing or wrong)`, file, MANIFEST_DAMAGED_HINT);
	}

	const sourceVersion = raw['schemaVersion'];
	// The version first: a newer bigstat42 is named as such, whatever it does with the checksum.
	const migrated = migrateManifest(raw, file);
	const trailer = CHECKSUM_TRAILER.exec(text);
	if (trailer) {
		const body = text.slice(0, trailer.index) + '}';
		const computed = crc32(body).toString(16).padStart(8, '0');
		if (computed !== trailer[1]) {
			throw new StoreError(
				`${file} is damaged: checksum mismatch (the file says ${trailer[1]}, its text gives ${computed})`,
				file,
				MANIFEST_DAMAGED_HINT,
			);
		}
	}

	const bad = (what: string): never => {
		throw new StoreError(`${file}: ${what}; the store is damaged`, file, MANIFEST_DAMAGED_HINT);
	};

	if (typeof sourceVersion === 'number' && sourceVersion >= 2 && !trailer) bad('the checksum is missing');

	const generation = migrated['generation'];
	if (typeof generation !== 'number' || !Number.isSafeInteger(generation) || generation < 0) bad('generation is not a whole number');
	const campuses = migrated['campuses'];
	if (!Array.isArray(campuses)) bad('campuses is not an array');
	for (const campus of campuses as unknown[]) {
		if (!isRecord(campus) || typeof campus['id'] !== 'number' || typeof campus['name'] !== 'string' || typeof campus['timeZone'] !== 'string') {
			bad(`campus ${JSON.stringify(campus)} is malformed`);
		}
	}

	const syncState = migrated['syncState'];
	if (!isRecord(syncState)) bad('syncState is not an object');
	const segments = migrated['segments'];
	if (!Array.isArray(segments)) bad('segments is not an array');
	for (const entry of segments as unknown[]) {
		const ok =
			isRecord(entry) &&
			typeof entry['file'] === 'string' &&
			/^[\w.-]+$/.test(entry['file']) &&
			(entry['kind'] === 'sessions' || entry['kind'] === 'events') &&
			(entry['role'] === 'base' || entry['role'] === 'delta') &&
			typeof entry['rows'] === 'number' &&
			typeof entry['bytes'] === 'number' &&
			Array.isArray(entry['months']) &&
			Array.isArray(entry['replaces']) &&
			(entry['file'].endsWith('.json') || (typeof entry['crc32'] === 'string' && /^[\da-f]{8}$/.test(entry['crc32'])));
		if (!ok) bad(`segment entry ${JSON.stringify(entry)} is malformed`);
	}

	return {
		schemaVersion: sourceVersion as number,
		generation: generation as number,
		campuses: campuses as Campus[],
		syncState: syncState as SyncState,
		segments: (segments as Array<Record<string, unknown>>).map((entry) => {
			// JSON has no NaN: an empty span or a session segment without closed rows is stored as null.
			const copy = {...entry};
			for (const key of ['minTime', 'maxTime', 'maxEnd'] as const) if (copy[key] === null) copy[key] = Number.NaN;
			return copy as SegmentEntry;
		}),
	};
}

/** Serialises a manifest as schema 2 (compact: it is rewritten by every commit), checksum last. */
export function serializeManifest(manifest: Manifest): string {
	const body = JSON.stringify({format: MANIFEST_FORMAT, ...manifest, schemaVersion: CURRENT_SCHEMA_VERSION});
	const checksum = crc32(body).toString(16).padStart(8, '0');
	return `${body.slice(0, -1)},"checksum":"crc32:${checksum}"}\n`;
}

/** UTC month index (year * 12 + month0) of an instant: the segment a row belongs to. */
export function monthIndexOf(ms: number): number {
	const date = new Date(ms);
	return date.getUTCFullYear() * 12 + date.getUTCMonth();
}

/** First instant of a UTC month index. */
export function monthStart(monthIndex: number): number {
	const year = Math.floor(monthIndex / 12);
	return Date.UTC(year, monthIndex - year * 12, 1);
}

/** `2024-03` for a month index (for file names and messages). */
export function monthLabel(monthIndex: number): string {
	const year = Math.floor(monthIndex / 12);
	const month = monthIndex - year * 12 + 1;
	const yearText = year < 0 ? `m${String(-year).padStart(4, '0')}` : String(year).padStart(4, '0');
	return `${yearText}-${String(month).padStart(2, '0')}`;
}

/** File name of a base segment written at `generation`. Names are never reused for other content. */
export function baseSegmentFile(kind: SegmentKind, monthIndex: number, generation: number): string {
	return `${kind === 'sessions' ? 's' : 'e'}-${monthLabel(monthIndex)}-g${generation}.seg`;
}

/** File name of the delta segment of commit `generation`. */
export function deltaSegmentFile(kind: SegmentKind, generation: number): string {
	return `${kind === 'sessions' ? 's' : 'e'}-delta-g${generation}.seg`;
}

const SEGMENT_NAME = /^([se])-([\w-]+)-g(\d+)\.(seg|json)$/;

/** A segment file name (binary `.seg`, or schema 1 `.json`): its kind and generation, else undefined. */
export function parseSegmentName(name: string): {kind: SegmentKind; generation: number; legacy: boolean} | undefined {
	const match = SEGMENT_NAME.exec(name);
	if (!match) return undefined;
	return {kind: match[1] === 's' ? 'sessions' : 'events', generation: Number(match[3]), legacy: match[4] === 'json'};
}

/** True for names this store creates (segments, temp files, broken locks): safe to garbage-collect. */
export function isStoreOwnedName(name: string): boolean {
	return SEGMENT_NAME.test(name) || name.startsWith('.tmp-') || name.startsWith(`${LOCK_FILE}.stale-`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Row counts and time span per table, from the manifest's entries (month bounds where a legacy entry has no span). */
export function extentOf(manifest: Manifest): StoreExtent {
	const of = (kind: SegmentKind): TableExtent => {
		let rows = 0;
		let first: number = Number.POSITIVE_INFINITY;
		let last = Number.NEGATIVE_INFINITY;
		for (const entry of manifest.segments) {
			if (entry.kind !== kind || entry.rows === 0) continue;
			rows += entry.rows;
			const span = spanOf(entry);
			first = Math.min(first, span.first);
			last = Math.max(last, span.last);
		}

		return rows === 0 ? {rows, first: Number.NaN, last: Number.NaN} : {rows, first, last};
	};

	return {sessions: of('sessions'), events: of('events')};
}

/** Earliest and latest time of an entry's rows: its header's, else the bounds of its months. */
export function spanOf(entry: SegmentEntry): {first: number; last: number} {
	if (entry.minTime !== undefined && entry.maxTime !== undefined) return {first: entry.minTime, last: entry.maxTime};
	const months = entry.months.length > 0 ? entry.months : [0];
	return {first: monthStart(Math.min(...months)), last: monthStart(Math.max(...months) + 1) - 1};
}
