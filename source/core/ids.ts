/**
 * Stable ids for records whose source has none (older bigstat42 sessions, seed event logs).
 * A 52-bit FNV-1a hash of the record's content, negated so that it can never collide with the
 * positive ids of the 42 API. Importing the same data twice therefore yields the same ids.
 */
export function stableId(content: string): number {
	// Two 32-bit FNV-1a lanes with different offsets give 52 usable bits without BigInt.
	let high = 0x81_1c_9d_c5;
	let low = 0x05_0c_5d_1f;
	for (let i = 0; i < content.length; i++) {
		const code = content.charCodeAt(i);
		high = Math.imul(high ^ code, 0x01_00_01_93) >>> 0;
		low = Math.imul(low ^ (code + 0x9e), 0x01_00_01_93) >>> 0;
	}

	// 20 bits of `high` and 32 bits of `low`; +1 keeps 0 out of the range.
	return -((high & 0xf_ff_ff) * 0x1_00_00_00_00 + low + 1);
}

/**
 * Ids of events the HTTP server accepts: SERVER_EVENT_ID_BASE + n for the n-th event (n ≥ 1), up to
 * the store's bound of 2^52. The id spaces never meet: content hashes (`stableId`) are negative,
 * 42 event ids are positive and below 2^40, 42 subscription records are 2^40 + a 42 id (below
 * 2^41), and server ids start above 2^51. The counter n lives in the store's sync state and is
 * advanced under the writer lock, so two servers on one store never hand out the same id.
 */
export const SERVER_EVENT_ID_BASE = 2 ** 51;
/** The largest server event id (the store accepts |id| ≤ 2^52). */
export const SERVER_EVENT_ID_MAX = 2 ** 52;

/** The id of the n-th server event (n ≥ 1). */
export function serverEventId(sequence: number): number {
	const id = SERVER_EVENT_ID_BASE + sequence;
	if (!Number.isSafeInteger(sequence) || sequence < 1 || id > SERVER_EVENT_ID_MAX) {
		throw new RangeError(`server event sequence ${sequence} is outside 1..2^51`);
	}

	return id;
}

/** The sequence number of a server event id, or 0 when `id` is not one. */
export function serverEventSequence(id: number): number {
	return id > SERVER_EVENT_ID_BASE && id <= SERVER_EVENT_ID_MAX ? id - SERVER_EVENT_ID_BASE : 0;
}
