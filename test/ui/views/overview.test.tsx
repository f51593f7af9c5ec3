import {describe, expect, it} from 'vitest';
import {fixtureDashboard} from '../../fixtures/dashboard.js';
import {expectFits} from './frame-checks.js';
import {SIZES, renderView} from './render.js';

describe('overview view', () => {
	for (const size of SIZES) {
		it(`renders at ${size.width}×${size.height}`, () => {
			const frame = renderView('overview', size);
			expectFits(frame, size);
			expect(frame).toMatchSnapshot();
		});
	}

	it('shows the figures beside the previous period with a change', () => {
		const frame = renderView('overview', SIZES[0]);
		expect(frame).toMatch(/Sessions\s+38\s+7\s+▲ 442\.9%/);
		expect(frame).toContain('Open now (2)');
		expect(frame).toMatch(/overlong 1/);
	});

	it('prints n/a for every change without a previous period, and ASCII arrows', () => {
		const data = {...fixtureDashboard(), previous: null};
		const frame = renderView('overview', SIZES[0], undefined, {data});
		expect(frame).toMatch(/Sessions\s+38\s+n\/a\s+n\/a/);
		const ascii = renderView('overview', SIZES[0], undefined, {ascii: true});
		expect(ascii).toMatch(/\^ 442\.9%/);
	});
});
