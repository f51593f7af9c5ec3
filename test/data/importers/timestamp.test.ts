import {describe, expect, it} from 'vitest';
import {parseIsoTimestamp} from '../../../source/core/time.js';
import {parseTimestamp} from '../../../source/data/importers/timestamp.js';

describe('parseTimestamp', () => {
	it('agrees with parseIsoTimestamp on the fast-path forms', () => {
		let seed = 7;
		const random = (): number => {
			seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
			return seed / 2_147_483_648;
		};

		for (let i = 0; i < 2000; i++) {
			const date = new Date(Math.floor(random() * 4e12));
			const iso = date.toISOString();
			expect(parseTimestamp(iso, 'UTC')).toBe(date.getTime());
			const whole = `${iso.slice(0, 19)}Z`;
			expect(parseTimestamp(whole, 'UTC')).toBe(parseIsoTimestamp(whole));
		}
	});

	it('rejects impossible dates and times', () => {
		for (const text of [
			'2026-02-29T00:00:00.000Z',
			'2025-13-01T00:00:00.000Z',
			'2025-04-31T00:00:00Z',
			'2025-01-01T25:00:00Z',
			'2025-01-01T10:60:00Z',
			'2025-01-01T10:00:00.0a0Z',
			'2025-01-01X10:00:00.000Z',
			'0025-01-01T10:00:00.000Z',
			'0000-01-01T00:00:00Z',
			'',
			'x'.repeat(100),
		]) {
			expect(parseTimestamp(text, 'UTC'), text).toBeNaN();
		}

		expect(parseTimestamp('2024-02-29T12:00:00.000Z', 'UTC')).toBe(Date.UTC(2024, 1, 29, 12));
	});

	it('falls back to the general parser for offsets and naive timestamps', () => {
		expect(parseTimestamp('2025-03-14T10:00:00+01:00', 'UTC')).toBe(Date.UTC(2025, 2, 14, 9));
		expect(parseTimestamp('2025-03-14T10:00:00', 'Asia/Tokyo')).toBe(Date.UTC(2025, 2, 14, 1));
		expect(parseTimestamp('2025-07-09 18:00:00 UTC', 'Europe/Paris')).toBe(Date.UTC(2025, 6, 9, 18));
	});
});
