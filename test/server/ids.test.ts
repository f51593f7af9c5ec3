/** Server event ids: 2^51 + n, apart from 42 ids (< 2^41 with subscriptions) and content hashes (< 0). */
import {describe, expect, it} from 'vitest';
import {SERVER_EVENT_ID_BASE, SERVER_EVENT_ID_MAX, serverEventId, serverEventSequence, stableId} from '../../source/core/ids.js';
import {SUBSCRIPTION_ID_OFFSET} from '../../source/data/intra/mapping.js';

describe('server event ids', () => {
	it('are 2^51 + n within the store bound, and map back to n', () => {
		expect(serverEventId(1)).toBe(2 ** 51 + 1);
		expect(serverEventSequence(serverEventId(12_345))).toBe(12_345);
		expect(serverEventId(2 ** 51)).toBe(SERVER_EVENT_ID_MAX);
		expect(() => serverEventId(0)).toThrow(RangeError);
		expect(() => serverEventId(2 ** 51 + 1)).toThrow(RangeError);
		expect(() => serverEventId(1.5)).toThrow(RangeError);
		expect(serverEventSequence(42)).toBe(0);
		expect(serverEventSequence(-5)).toBe(0);
	});

	it('never meet content-hash ids or 42 ids', () => {
		for (let i = 0; i < 10_000; i++) {
			const id = stableId(`record ${i}`);
			expect(id).toBeLessThan(0);
			expect(serverEventSequence(id)).toBe(0);
		}

		// 42 subscription records are 2^40 + a 42 id: even a 42 id of 2^40 stays below the server range.
		expect(SUBSCRIPTION_ID_OFFSET + 2 ** 40).toBeLessThan(SERVER_EVENT_ID_BASE);
	});
});
