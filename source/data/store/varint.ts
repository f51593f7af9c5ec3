/**
 * Variable-length integer coding for the columnar segments. Values are JS numbers (doubles), so
 * every step uses arithmetic rather than 32-bit bit operations: integers up to 2^53 round-trip.
 *
 * - unsigned: LEB128 (7 bits per byte, high bit = "more").
 * - signed: sign-magnitude with the sign in bit 0 of the first byte (zigzag-like, but the sign is
 *   never folded into the magnitude, so a magnitude of 2^53 still encodes exactly).
 */

/** A growable byte buffer that varints are appended to. */
export class ByteWriter {
	private bytes: Uint8Array;
	private length = 0;

	constructor(initialCapacity = 1024) {
		this.bytes = new Uint8Array(Math.max(16, initialCapacity));
	}

	/** Appends a non-negative integer (<= 2^53). */
	unsigned(value: number): void {
		if (this.length + 8 > this.bytes.length) this.reserve(8);
		const bytes = this.bytes;
		let length = this.length;
		if (value <= 0x7fff_ffff) {
			// Integer fast path (the common case): shifts instead of float division.
			while (value >= 0x80) {
				bytes[length++] = (value & 0x7f) | 0x80;
				value >>>= 7;
			}

			bytes[length++] = value;
			this.length = length;
			return;
		}

		while (value >= 0x80) {
			bytes[length++] = (value % 0x80) | 0x80;
			value = Math.floor(value / 0x80);
		}

		bytes[length++] = value;
		this.length = length;
	}

	/** Appends an integer of either sign (|value| <= 2^53). */
	signed(value: number): void {
		if (this.length + 9 > this.bytes.length) this.reserve(9);
		const bytes = this.bytes;
		let length = this.length;
		const sign = value < 0 ? 1 : 0;
		let magnitude = sign ? -value : value;
		if (magnitude <= 0x7fff_ffff) {
			// Integer fast path: same bytes as below, with shifts.
			let first = sign | ((magnitude & 0x3f) << 1);
			magnitude >>>= 6;
			if (magnitude > 0) first |= 0x80;
			bytes[length++] = first;
			while (magnitude > 0) {
				bytes[length++] = (magnitude & 0x7f) | (magnitude >= 0x80 ? 0x80 : 0);
				magnitude >>>= 7;
			}

			this.length = length;
			return;
		}

		let first = sign | ((magnitude % 0x40) << 1);
		magnitude = Math.floor(magnitude / 0x40);
		if (magnitude > 0) first |= 0x80;
		bytes[length++] = first;
		while (magnitude > 0) {
			const more = magnitude >= 0x80;
			bytes[length++] = (magnitude % 0x80) | (more ? 0x80 : 0);
			magnitude = Math.floor(magnitude / 0x80);
		}

		this.length = length;
	}

	/** The bytes written so far (a view, valid until the next write). */
	view(): Uint8Array {
		return this.bytes.subarray(0, this.length);
	}

	private reserve(extra: number): void {
		if (this.length + extra <= this.bytes.length) return;
		const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.length + extra));
		grown.set(this.bytes.subarray(0, this.length));
		this.bytes = grown;
	}
}

/**
 * Reads varints sequentially. Reading past the end yields zeros instead of throwing (no branch in
 * the hot loop); callers check `exhaustedExactly()` once per column to detect truncated data.
 */
export class ByteReader {
	readonly bytes: Uint8Array;
	pos = 0;

	constructor(bytes: Uint8Array) {
		this.bytes = bytes;
	}

	unsigned(): number {
		const bytes = this.bytes;
		let byte = bytes[this.pos++] ?? 0;
		if (byte < 0x80) return byte;
		let value = byte & 0x7f;
		let scale = 0x80;
		do {
			byte = bytes[this.pos++] ?? 0;
			value += (byte & 0x7f) * scale;
			scale *= 0x80;
		} while (byte >= 0x80 && scale <= 2 ** 56);
		return value;
	}

	signed(): number {
		const bytes = this.bytes;
		let byte = bytes[this.pos++] ?? 0;
		const negative = (byte & 1) === 1;
		let magnitude = (byte >> 1) & 0x3f;
		if (byte >= 0x80) {
			let scale = 0x40;
			do {
				byte = bytes[this.pos++] ?? 0;
				magnitude += (byte & 0x7f) * scale;
				scale *= 0x80;
			} while (byte >= 0x80 && scale <= 2 ** 56);
		}

		return negative ? -magnitude : magnitude;
	}

	/** True when every byte was consumed and nothing was read past the end. */
	exhaustedExactly(): boolean {
		return this.pos === this.bytes.length;
	}
}
