/**
 * id → row lookup over a table's id column, built only when a commit needs it: an open-addressing
 * hash table in two typed arrays (24 bytes per slot at load factor <= 0.5), about 20× lighter and
 * faster to build than a Map of a million numbers.
 */
export class IdIndex {
	private readonly keys: Float64Array;
	private readonly rows: Int32Array;
	private readonly mask: number;

	/** Indexes `ids` (unique). */
	constructor(ids: Float64Array) {
		let capacity = 16;
		while (capacity < ids.length * 2) capacity *= 2;
		this.keys = new Float64Array(capacity);
		this.rows = new Int32Array(capacity).fill(-1);
		this.mask = capacity - 1;
		for (let row = 0; row < ids.length; row++) {
			const id = ids[row]!;
			let slot = this.slotOf(id);
			while (this.rows[slot]! >= 0) slot = (slot + 1) & this.mask;
			this.keys[slot] = id;
			this.rows[slot] = row;
		}
	}

	/** Row of `id`, or -1. */
	get(id: number): number {
		let slot = this.slotOf(id);
		for (;;) {
			const row = this.rows[slot]!;
			if (row < 0) return -1;
			if (this.keys[slot] === id) return row;
			slot = (slot + 1) & this.mask;
		}
	}

	private slotOf(id: number): number {
		// Ids are integers up to 2^52: mix the low and high 32-bit halves.
		const low = id >>> 0;
		const high = Math.floor(id / 4_294_967_296) | 0;
		let hash = Math.imul(low ^ Math.imul(high, 0x9e_37_79_b1), 0x85_eb_ca_6b);
		hash ^= hash >>> 15;
		hash = Math.imul(hash, 0xc2_b2_ae_35);
		hash ^= hash >>> 13;
		return hash & this.mask;
	}
}
