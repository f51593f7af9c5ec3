/**
 * Small, dependency-free pseudo-random tools for deterministic data (the demo campus, tests).
 * `Rng` is sfc32 (Chris Doty-Humphrey's Small Fast Counting generator, 128-bit state), seeded through
 * a murmur3-style hash, so any number is a valid seed. Same seed ⇒ same sequence, on every platform
 * for the 32-bit integer stream; the float helpers (`normal`, `logNormal`, `exponential`) use
 * `Math.log`/`Math.cos`, which are identical for a given Node version.
 * Pure: nothing here reads a clock or `Math.random()`.
 */

const TWO_32 = 4_294_967_296;

/** The murmur3 32-bit finaliser: a cheap, well-mixing bijection on 32-bit integers. */
export function mix32(value: number): number {
	let h = value | 0;
	h ^= h >>> 16;
	h = Math.imul(h, 0x85_eb_ca_6b);
	h ^= h >>> 13;
	h = Math.imul(h, 0xc2_b2_ae_35);
	h ^= h >>> 16;
	return h >>> 0;
}

/**
 * Hashes numbers into one unsigned 32-bit value. The integer part of each value is used, with
 * all 53 bits (epoch milliseconds hash fine); the order of the values matters.
 */
export function hashSeed(...values: readonly number[]): number {
	let h = 0x9e_37_79_b9;
	for (const value of values) {
		const integer = Number.isFinite(value) ? Math.trunc(value) : 0;
		const low = integer >>> 0;
		const high = Math.floor(integer / TWO_32) | 0;
		h = mix32((h ^ mix32(low)) + 0x6d_2b_79_f5);
		h = mix32((h ^ mix32(high ^ 0x27_d4_eb_2f)) + 0x16_56_67_b1);
	}

	return h;
}

/** A seeded sfc32 generator with the few distributions the demo needs. */
export class Rng {
	private a: number;
	private b: number;
	private c: number;
	private d: number;

	/** @param seed any number; its integer part (53 bits) selects the stream. */
	constructor(seed: number) {
		const base = hashSeed(seed);
		this.a = mix32(base ^ 0x01_23_45_67);
		this.b = mix32(base ^ 0x89_ab_cd_ef);
		this.c = mix32(base ^ 0xfe_dc_ba_98);
		this.d = 1;
		for (let i = 0; i < 15; i++) this.uint32();
	}

	/** Next unsigned 32-bit integer. */
	uint32(): number {
		const t = (((this.a + this.b) | 0) + this.d) | 0;
		this.d = (this.d + 1) | 0;
		this.a = this.b ^ (this.b >>> 9);
		this.b = (this.c + (this.c << 3)) | 0;
		this.c = (this.c << 21) | (this.c >>> 11);
		this.c = (this.c + t) | 0;
		return t >>> 0;
	}

	/** Uniform float in [0, 1). */
	next(): number {
		return this.uint32() / TWO_32;
	}

	/** Uniform integer in [0, n) (n ≥ 1). */
	int(n: number): number {
		return Math.floor(this.next() * n);
	}

	/** Uniform float in [min, max). */
	between(min: number, max: number): number {
		return min + this.next() * (max - min);
	}

	/** True with probability p. */
	chance(p: number): boolean {
		return this.next() < p;
	}

	/** Standard normal deviate (Box–Muller, one value per call). */
	normal(): number {
		const u = 1 - this.next(); // (0, 1]
		const v = this.next();
		return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
	}

	/** Log-normal deviate with the given median and log-space standard deviation. */
	logNormal(median: number, sigma: number): number {
		return median * Math.exp(sigma * this.normal());
	}

	/** Exponential deviate with the given rate (mean 1 / rate). */
	exponential(rate: number): number {
		return -Math.log(1 - this.next()) / rate;
	}

	/** Poisson deviate: exact (Knuth) below a mean of 30, normal approximation above. */
	poisson(mean: number): number {
		if (!(mean > 0)) return 0;
		if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
		const limit = Math.exp(-mean);
		let count = 0;
		let product = this.next();
		while (product > limit) {
			count++;
			product *= this.next();
		}

		return count;
	}

	/** Lowercase hexadecimal string of `length` digits. */
	hex(length: number): string {
		let text = '';
		while (text.length < length) text += this.uint32().toString(16).padStart(8, '0');
		return text.slice(0, length);
	}
}

/**
 * Weighted sampling in O(1) per draw (Vose's alias method). Weights need not sum to 1; negative or
 * non-finite weights count as 0. At least one weight must be positive.
 */
export class AliasTable {
	readonly size: number;
	private readonly probability: Float64Array;
	private readonly alias: Int32Array;

	constructor(weights: ArrayLike<number>) {
		const n = weights.length;
		this.size = n;
		this.probability = new Float64Array(n);
		this.alias = new Int32Array(n);
		let total = 0;
		for (let i = 0; i < n; i++) {
			const weight = weights[i] ?? 0;
			if (Number.isFinite(weight) && weight > 0) total += weight;
		}

		if (n === 0 || total <= 0) throw new RangeError('AliasTable needs at least one positive weight');
		const scaled = new Float64Array(n);
		const small: number[] = [];
		const large: number[] = [];
		for (let i = 0; i < n; i++) {
			const weight = weights[i] ?? 0;
			const value = Number.isFinite(weight) && weight > 0 ? (weight * n) / total : 0;
			scaled[i] = value;
			(value < 1 ? small : large).push(i);
		}

		let s = small.pop();
		let l = large.pop();
		while (s !== undefined && l !== undefined) {
			this.probability[s] = scaled[s] ?? 0;
			this.alias[s] = l;
			const rest = (scaled[l] ?? 0) + (scaled[s] ?? 0) - 1;
			scaled[l] = rest;
			if (rest < 1) {
				s = l;
				l = large.pop();
			} else {
				s = small.pop();
			}
		}

		// Leftovers (rounding) keep themselves.
		for (const i of [...small, ...large, s, l]) {
			if (i === undefined) continue;
			this.probability[i] = 1;
			this.alias[i] = i;
		}
	}

	/** One index drawn with probability proportional to its weight. */
	sample(rng: Rng): number {
		const u = rng.next() * this.size;
		const i = Math.floor(u);
		return u - i < (this.probability[i] ?? 1) ? i : (this.alias[i] ?? i);
	}
}
