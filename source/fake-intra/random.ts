/**
 * A small seeded pseudo-random generator (mulberry32) so that the fake's generated data, tokens and
 * credentials are identical for the same seed on every machine.
 */

/** Deterministic random source. */
export type Random = {
	/** A float in [0, 1). */
	next(): number;
	/** An integer in [min, max] (both inclusive). */
	int(min: number, max: number): number;
	/** True with probability `p`. */
	chance(p: number): boolean;
	/** One element of a non-empty list. */
	pick<T>(items: readonly T[]): T;
	/** `length` lowercase hex digits. */
	hex(length: number): string;
};

/** Turns a number or a string seed into a 32-bit integer. */
export function seedToInt(seed: number | string): number {
	if (typeof seed === 'number' && Number.isFinite(seed)) return seed >>> 0;
	const text = String(seed);
	let hash = 0x81_1c_9d_c5;
	for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01_00_01_93) >>> 0;
	return hash;
}

/** A mulberry32 generator for `seed`. */
export function createRandom(seed: number | string): Random {
	let state = seedToInt(seed);
	const next = (): number => {
		state = (state + 0x6d_2b_79_f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
	};

	return {
		next,
		int: (min, max) => min + Math.floor(next() * (max - min + 1)),
		chance: p => next() < p,
		pick<T>(items: readonly T[]): T {
			const item = items[Math.floor(next() * items.length)];
			if (item === undefined) throw new Error('pick() from an empty list');
			return item;
		},
		hex(length) {
			let out = '';
			while (out.length < length) out += Math.floor(next() * 16).toString(16);
			return out;
		},
	};
}
