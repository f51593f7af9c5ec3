/**
 * Where a command's data comes from: the built-in demo campus or the store. Either way the
 * result is the same plain shape, so statistics and views never know the difference.
 */
import type {Campus, EventTable, SessionTable} from '../core/model.js';
import {generateDemo} from '../core/demo.js';
import {openStore} from './store.js';
import {resolveStorePath} from './paths.js';
import type {Store} from './store-types.js';
import {storedCampusId} from './sync/state.js';

export type DataSource = {
	readonly origin: 'demo' | 'store';
	readonly campus: Campus;
	readonly sessions: SessionTable;
	readonly events: EventTable;
	/** Where the store lives (for messages); undefined for the demo. */
	readonly storePath?: string;
	/** The open store (read-only), for reloads; undefined for the demo. */
	readonly store?: Store;
};

/** The campus used when the store has sessions but no campus record (plain imports). */
export const UNKNOWN_CAMPUS: Campus = {id: -1, name: 'Imported data', timeZone: 'UTC'};

export type LoadOptions = {
	readonly demo: boolean;
	readonly db?: string | undefined;
	readonly env: Readonly<Record<string, string | undefined>>;
	readonly cwd: string;
	/** The run's single "now" (the demo campus ends here). */
	readonly now: number;
	/** Demo seed. @default 42 */
	readonly seed?: number;
};

/** Loads the demo campus or opens the store read-only. */
export async function loadDataSource(options: LoadOptions): Promise<DataSource> {
	if (options.demo) {
		const demo = generateDemo({now: options.now, seed: options.seed});
		return {origin: 'demo', campus: demo.campus, sessions: demo.sessions, events: demo.events};
	}

	const storePath = resolveStorePath({db: options.db, env: options.env, cwd: options.cwd});
	const store = await openStore(storePath, {readOnly: true});
	// The tables are decoded on first read (a query of one range reads only its segments instead).
	return {
		origin: 'store',
		campus: pickCampus(store.campuses(), store.syncState()),
		get sessions() {
			return store.sessions();
		},
		get events() {
			return store.events();
		},
		storePath,
		store,
	};
}

/** The campus of the last sync when known, else the only stored campus, else UNKNOWN_CAMPUS. */
export function pickCampus(campuses: readonly Campus[], syncState: Readonly<Record<string, unknown>>): Campus {
	const synced = storedCampusId(syncState);
	const bySync = campuses.find((campus) => campus.id === synced);
	return bySync ?? campuses[0] ?? UNKNOWN_CAMPUS;
}
