/**
 * The fake's seeded random source: the project's one generator (core/prng.ts `Rng`, sfc32) behind
 * the few helpers the fake uses, so that its generated data, tokens and credentials are identical
 * for the same seed on every machine. String seeds are hashed to a 32-bit integer first.
 */
import {Rng} from '../core/prng.js';


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

/** A generator for `seed` (a number, or a string hashed by seedToInt). */
export function createRandom(seed: number | string): Random {
	const rng = new Rng(seedToInt(seed));
	const next = (): number => rng.next();

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
