/**
 * Streaming UTF-8 decoding that keeps track of bytes that are not UTF-8. The importers' rule for
 * them (one rule for every format): a record holding an invalid byte sequence (a Latin-1 "é", a
 * stray binary byte, a truncated multi-byte character) is a bad record, reported with its position;
 * it is never stored with U+FFFD in place of the byte.
 *
 * Each invalid byte decodes to INVALID_MARK, a lone low surrogate (U+DFFF). Decoding valid UTF-8
 * can never yield a lone surrogate, so the mark is unambiguous; `hasInvalidUtf8` finds it.
 */
import {isUtf8} from 'node:buffer';

/** What one invalid byte decodes to. */
export const INVALID_MARK = '\uDFFF';

/** Length of the UTF-8 sequence a lead byte announces (0 for a continuation or invalid byte). */
function sequenceLength(byte: number): number {
	if (byte < 0x80) return 1;
	if (byte >= 0xc2 && byte <= 0xdf) return 2;
	if (byte >= 0xe0 && byte <= 0xef) return 3;
	if (byte >= 0xf0 && byte <= 0xf4) return 4;
	return 0;
}

/** Number of bytes at the end of `bytes` that start a multi-byte character not finished yet (0–3). */
function incompleteTail(bytes: Uint8Array): number {
	const length = bytes.length;
	for (let back = 1; back <= Math.min(3, length); back++) {
		const byte = bytes[length - back] ?? 0;
		if ((byte & 0xc0) === 0x80) continue; // A continuation byte: look further back.
		const needed = sequenceLength(byte);
		return needed > back ? back : 0;
	}

	return 0;
}

/** True when `text` holds a decoded invalid byte (a lone INVALID_MARK). */
export function hasInvalidUtf8(text: string): boolean {
	let at = text.indexOf(INVALID_MARK);
	while (at >= 0) {
		const before = at > 0 ? text.charCodeAt(at - 1) : 0;
		// Preceded by a high surrogate, U+DFFF is the second half of a real astral character.
		if (before < 0xd8_00 || before > 0xdb_ff) return true;
		at = text.indexOf(INVALID_MARK, at + 1);
	}

	return false;
}

/** Decodes valid stretches natively and marks every byte of an invalid sequence. */
function decodeMarking(bytes: Buffer): string {
	let out = '';
	let start = 0;
	let i = 0;
	const length = bytes.length;
	while (i < length) {
		const byte = bytes[i] ?? 0;
		if (byte < 0x80) {
			i++;
			continue;
		}

		const needed = sequenceLength(byte);
		let valid = needed > 0 && i + needed <= length;
		for (let k = 1; valid && k < needed; k++) if (((bytes[i + k] ?? 0) & 0xc0) !== 0x80) valid = false;
		if (valid && needed >= 3) {
			// Overlong forms, surrogates (ED A0–BF) and code points beyond U+10FFFF are invalid too.
			const second = bytes[i + 1] ?? 0;
			if ((byte === 0xe0 && second < 0xa0) || (byte === 0xed && second > 0x9f) || (byte === 0xf0 && second < 0x90) || (byte === 0xf4 && second > 0x8f)) valid = false;
		}

		if (valid) {
			i += needed;
			continue;
		}

		out += bytes.toString('utf8', start, i) + INVALID_MARK;
		i++;
		start = i;
	}

	return out + bytes.toString('utf8', start, length);
}

/** A streaming decoder: `write` chunks (a multi-byte character may be split across them), then `end`. */
export class MarkingDecoder {
	private carry: Buffer = Buffer.alloc(0);

	write(chunk: Uint8Array): string {
		const bytes = this.carry.length === 0 ? Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength) : Buffer.concat([this.carry, chunk]);
		const tail = incompleteTail(bytes);
		const body = tail === 0 ? bytes : bytes.subarray(0, bytes.length - tail);
		this.carry = tail === 0 ? Buffer.alloc(0) : Buffer.from(bytes.subarray(bytes.length - tail));
		return isUtf8(body) ? body.toString('utf8') : decodeMarking(body);
	}

	/** The rest: an unfinished character at the very end is invalid. */
	end(): string {
		const rest = this.carry;
		this.carry = Buffer.alloc(0);
		return rest.length === 0 ? '' : decodeMarking(rest);
	}
}
