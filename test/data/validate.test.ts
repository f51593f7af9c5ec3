import {describe, expect, test} from 'vitest';
import {lastOfEachId} from '../../source/data/store/validate.js';

const r = (id: number, tag: string) => ({id, tag});

describe('lastOfEachId', () => {
	test('ascending and unordered batches without repeats are kept as they are (a copy)', () => {
		const ascending = [r(1, 'a'), r(2, 'b'), r(2 ** 51 + 1, 'c')];
		const copy = lastOfEachId(ascending);
		expect(copy).toEqual(ascending);
		expect(copy).not.toBe(ascending);
		const unordered = [r(5, 'a'), r(-3, 'b'), r(9, 'c'), r(0, 'd')];
		expect(lastOfEachId(unordered)).toEqual(unordered);
		expect(lastOfEachId([])).toEqual([]);
	});

	test('a repeated id keeps its last record, at the place of its last occurrence', () => {
		expect(lastOfEachId([r(1, 'a'), r(2, 'b'), r(1, 'c'), r(3, 'd')])).toEqual([r(2, 'b'), r(1, 'c'), r(3, 'd')]);
		// Equal neighbours break the ascending run too; -0 and 0 are one id.
		expect(lastOfEachId([r(1, 'a'), r(1, 'b')])).toEqual([r(1, 'b')]);
		expect(lastOfEachId([r(0, 'a'), r(-0, 'b'), r(4, 'c')])).toEqual([r(-0, 'b'), r(4, 'c')]);
	});
});

describe('IdNumberMap', () => {
	test('set returns the previous value; grows past its first capacity; big, negative and -0 ids', async () => {
		const {IdNumberMap} = await import('../../source/data/store/id-index.js');
		const map = new IdNumberMap();
		expect(map.get(7)).toBe(-1);
		expect(map.set(7, 1)).toBe(-1);
		expect(map.set(7, 2)).toBe(1);
		expect(map.get(7)).toBe(2);
		const ids = Array.from({length: 5000}, (_, i) => (i % 2 === 0 ? 2 ** 51 + i : -(i * 1_000_003)));
		ids.forEach((id, i) => map.set(id, i + 10));
		expect(map.size).toBe(5001);
		ids.forEach((id, i) => expect(map.get(id)).toBe(i + 10));
		expect(map.get(0)).toBe(-1);
		map.set(0, 3);
		expect(map.get(-0)).toBe(3);
	});
});
