/**
 * The deterministic commit sequence of the crash test: batch n inserts sessions and events, closes
 * the sessions batch n-1 left open and records `commits: n + 1` in the sync state, so a store that
 * says "commits: K" must hold exactly the state after batches 0 … K-1.
 */
import type {EventRecord, SessionRecord} from '../../source/core/model.js';
import type {StoreBatch} from '../../source/data/store-types.js';

const SESSIONS_PER_BATCH = 40;
const EVENTS_PER_BATCH = 10;
const start = Date.UTC(2024, 0, 1);

function sessionsOf(n: number, closed: boolean): SessionRecord[] {
	return Array.from({length: SESSIONS_PER_BATCH}, (_, i) => {
		// Spread over ~8 months so that deltas and compactions touch several month segments.
		const begin = start + ((n * 7 + i * 13) % 240) * 86_400_000 + i * 1000 + (i % 3) * 125;
		const open = i % 4 === 0 && !closed;
		return {id: n * 100 + i, userId: i % 7 === 0 ? null : 1000 + (i % 23), login: `u${i % 23}`, host: `c${i % 11}`, begin, end: open ? null : begin + 3_600_000, campusId: 1};
	});
}

function eventsOf(n: number): EventRecord[] {
	return Array.from({length: EVENTS_PER_BATCH}, (_, i) => ({
		id: -(n * 100 + i + 1),
		user: i % 5 === 0 ? null : `u${i}`,
		type: i % 2 ? 'login' : 'logout',
		time: start + ((n * 3 + i) % 200) * 86_400_000 + i,
		metadata: i % 3 ? null : `{"n":${n}}`,
	}));
}

/** Batch n of the sequence. */
export function crashBatch(n: number): StoreBatch {
	const closing = n > 0 ? sessionsOf(n - 1, true).filter((_, i) => i % 4 === 0) : [];
	return {sessions: [...sessionsOf(n, false), ...closing], events: eventsOf(n), syncState: {commits: n + 1}};
}

/** All session and event records after batches 0 … count-1 (later versions win). */
export function stateAfter(count: number): {sessions: SessionRecord[]; events: EventRecord[]} {
	const sessions = new Map<number, SessionRecord>();
	const events = new Map<number, EventRecord>();
	for (let n = 0; n < count; n++) {
		const batch = crashBatch(n);
		for (const session of batch.sessions ?? []) sessions.set(session.id, session);
		for (const event of batch.events ?? []) events.set(event.id, event);
	}

	return {sessions: [...sessions.values()], events: [...events.values()]};
}
