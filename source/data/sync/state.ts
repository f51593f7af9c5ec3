/**
 * The sync's bookkeeping inside the store's `syncState` (shallow-merged per key, committed with
 * the data it describes): one key per campus for locations and one for events, so a commit only
 * rewrites the small object of the step in progress.
 */
import type {SyncState} from '../store-types.js';
import type {EventInfo} from '../intra/mapping.js';

/** The last synced campus (the default of `--campus`). */
export const CAMPUS_KEY = 'intra.campusId';

/** Where a locations pass stands. Written with every page, so a killed sync resumes here. */
export type LocationsCursor = {
	readonly mode: 'window' | 'incremental';
	/** Window of the pass (epoch ms): closed sessions with end_at in [from, to], plus every open one. */
	readonly from: number;
	readonly to: number;
	readonly step: 'closed' | 'active' | 'recheck';
	/** Next page of the step (closed, active). */
	readonly page: number;
	/** Open ids seen so far by the active step (they need no re-check). */
	readonly seen?: readonly number[];
	/** Ids of stored open sessions to re-check via filter[id], and the next chunk of 100. */
	readonly recheck?: readonly number[];
	readonly chunk?: number;
};

/** Locations state of one campus. */
export type LocationsState = {
	/** Earliest instant covered by a completed pass. */
	readonly windowFrom: number | null;
	/** `to` of the last completed pass: the next incremental pass starts here (minus a look-back). */
	readonly watermark: number | null;
	readonly cursor: LocationsCursor | null;
	readonly lastSyncAt?: number;
};

/** Where an events pass stands. */
export type EventsCursor = {
	readonly from: number;
	readonly to: number;
	readonly step: 'events' | 'subscriptions';
	readonly page: number;
	readonly withSubscriptions: boolean;
	/** Oldest event end whose subscriptions are (re)fetched. */
	readonly subscriptionsFrom: number;
	/** Events whose subscriptions are fetched, and the one in progress. */
	readonly events?: readonly EventInfo[];
	readonly index?: number;
};

/** Events state of one campus. */
export type EventsState = {
	readonly watermark: number | null;
	readonly cursor: EventsCursor | null;
};

/** Key of a campus's locations state. */
export const locationsKey = (campusId: number): string => `intra.locations.${campusId}`;
/** Key of a campus's events state. */
export const eventsKey = (campusId: number): string => `intra.events.${campusId}`;

function asNumber(value: unknown): number | null {
	return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** Reads (defensively) the locations state of a campus. */
export function readLocationsState(state: SyncState, campusId: number): LocationsState {
	const raw = state[locationsKey(campusId)] as Partial<LocationsState> | undefined;
	const cursor = raw?.cursor;
	const validCursor =
		cursor && typeof cursor === 'object' && typeof cursor.from === 'number' && typeof cursor.to === 'number' && typeof cursor.page === 'number'
			? cursor
			: null;
	return {windowFrom: asNumber(raw?.windowFrom), watermark: asNumber(raw?.watermark), cursor: validCursor};
}

/** Reads (defensively) the events state of a campus. */
export function readEventsState(state: SyncState, campusId: number): EventsState {
	const raw = state[eventsKey(campusId)] as Partial<EventsState> | undefined;
	const cursor = raw?.cursor;
	const validCursor = cursor && typeof cursor === 'object' && typeof cursor.from === 'number' && typeof cursor.page === 'number' ? cursor : null;
	return {watermark: asNumber(raw?.watermark), cursor: validCursor};
}

/** The campus of the last sync, if any. */
export function storedCampusId(state: SyncState): number | undefined {
	const value = state[CAMPUS_KEY];
	return typeof value === 'number' && Number.isSafeInteger(value) ? value : undefined;
}
