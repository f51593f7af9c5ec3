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
