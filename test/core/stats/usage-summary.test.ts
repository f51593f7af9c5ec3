import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {usageSummary} from '../../../source/core/stats/index.js';

const sample: unknown = JSON.parse(readFileSync(new URL('../../fixtures/stats/usage-summary-sample.json', import.meta.url), 'utf8'));

describe('usageSummary (Mini Analytics /usage-summary)', () => {
	it('matches the seed’s documented sample, ties included', () => {
		const result = usageSummary(sample);
		expect(result).toEqual({
			ok: true,
			value: {
				// First appearance (the seed printed ["charlie", "bob", "alice"]: last appearance, newest first).
				unique_users: ['alice', 'bob', 'charlie'],
				action_wise_counts: {login: 4, logout: 1, purchase: 1, view: 2},
				// The seed showed only alice; bob has 3 too.
				most_active_user: {keys: ['alice', 'bob'], count: 3},
				peak_activity_hour: {hours: [9], count: 6},
				peak_activity_time: {
					keys: [
						'2025-09-23T09:01:05.000Z',
						'2025-09-23T09:05:00.000Z',
						'2025-09-23T09:10:00.000Z',
						'2025-09-23T09:15:00.000Z',
						'2025-09-23T09:20:00.000Z',
						'2025-09-23T09:30:00.000Z',
						'2025-09-23T10:00:00.000Z',
						'2025-09-23T11:00:00.000Z',
					],
					count: 1,
				},
				total_events: 8,
			},
		});
		if (result.ok) expect(Object.keys(result.value.action_wise_counts)).toEqual(['login', 'logout', 'purchase', 'view']);
	});

	it('reads hours in the given zone', () => {
		const result = usageSummary(sample, {timeZone: 'Europe/Paris'});
		expect(result.ok && result.value.peak_activity_hour).toEqual({hours: [11], count: 6});
	});

	it('merges spellings of one instant for the peak time', () => {
		const result = usageSummary([
			{user_id: 'a', timestamp: '2025-09-23T09:00:00Z', action_type: 'x'},
			{user_id: 'b', timestamp: '2025-09-23T09:00:00+00:00', action_type: 'x'},
			{user_id: 'c', timestamp: '2025-09-23T11:00:00+02:00', action_type: 'x'},
			{user_id: 7, timestamp: '2025-09-23T10:00:00Z', action_type: 'y'},
		]);
		expect(result.ok && result.value.peak_activity_time).toEqual({keys: ['2025-09-23T09:00:00.000Z'], count: 3});
		expect(result.ok && result.value.unique_users).toEqual(['a', 'b', 'c', '7']);
	});

	it('rejects non-arrays and empty arrays with a clear reason', () => {
		expect(usageSummary({records: []})).toEqual({
			ok: false,
			errors: [{index: null, reason: 'expected a JSON array of {user_id, timestamp, action_type} records'}],
		});
		expect(usageSummary([])).toEqual({ok: false, errors: [{index: null, reason: 'the array is empty: nothing to summarise'}]});
		expect(usageSummary(sample, {timeZone: 'Mars/Olympus'})).toMatchObject({ok: false, errors: [{index: null}]});
	});

	it('reports every bad record with its index and reason', () => {
		const result = usageSummary([
			{user_id: 'a', timestamp: '2025-09-23T09:00:00Z', action_type: 'x'},
			{user_id: 'a', action_type: 'x'},
			{user_id: 'a', timestamp: '2025-09-23T09:00:00', action_type: 'x'},
			{user_id: 'a', timestamp: 'yesterday', action_type: 'x'},
			{user_id: null, timestamp: 1_758_618_000_000, action_type: 'x'},
			'not a record',
			{user_id: 'a', timestamp: '2025-09-23', action_type: ['x']},
		]);
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.errors.map((error) => error.index)).toEqual([1, 2, 3, 4, 4, 5, 6, 6]);
		expect(result.errors[0]?.reason).toBe('missing "timestamp"');
		expect(result.errors[1]?.reason).toMatch(/no UTC offset/);
		expect(result.errors[2]?.reason).toMatch(/not a valid ISO-8601/);
		expect(result.errors[3]?.reason).toMatch(/user_id/);
		expect(result.errors[4]?.reason).toMatch(/ISO-8601 string/);
		expect(result.errors[5]?.reason).toBe('not an object');
		expect(result.errors[6]?.reason).toMatch(/action_type/);
		expect(result.errors[7]?.reason).toMatch(/no UTC offset/);
	});
});
