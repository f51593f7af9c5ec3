import {describe, expect, it} from 'vitest';
import {VIEWS} from '../../../source/ui/registry.js';
import {fixtureDashboard} from '../../fixtures/dashboard.js';
import {expectFits} from './frame-checks.js';
import {SIZES, renderView, viewState} from './render.js';

const atTuesday10 = viewState({cursor: {row: 1, col: 10, scroll: 0}});

describe('heatmap view', () => {
	for (const size of SIZES) {
		it(`renders occupancy at ${size.width}×${size.height}`, () => {
			const frame = renderView('heatmap', size, atTuesday10);
			expectFits(frame, size);
			expect(frame).toMatchSnapshot();
		});
	}

	it('fits 24 hours in 3-cell columns with totals at 80 columns, and marks the cursor cell', () => {
		const frame = renderView('heatmap', SIZES[0], atTuesday10);
		expect(frame).toContain(' 00 01 02 03 04 05 06 07 08 09 10 11 12 13 14 15 16 17 18 19 20 21 22 23');
		expect(frame).toMatch(/^Tue›.*\[.\]/m);
		expect(frame).toContain('Tue 10:00 — 1.9 seats on average');
	});

	it('switches to starts, in ASCII', () => {
		const frame = renderView('heatmap', SIZES[0], viewState({metric: 'starts', cursor: {row: 1, col: 10, scroll: 0}}), {ascii: true});
		expect(frame).toContain('Tue 10:00 - 1 session started');
		expect(frame).toMatch(/scale \[ \]0 {2}\[\.\]<=/);
		expect(frame).not.toMatch(/[░▒▓█]/);
		expect(frame).toMatchSnapshot();
	});

	it('degrades to narrower cells on a narrow content area', () => {
		const size = {width: 60, height: 13};
		const frame = renderView('heatmap', size, atTuesday10);
		expectFits(frame, size);
		expect(frame).toContain('00  02  04');
	});

	it('drills into the slot under the cursor', () => {
		expect(VIEWS.heatmap.drill(fixtureDashboard(), atTuesday10)).toEqual({view: 'slot', params: {weekday: 1, hour: 10}});
		expect(VIEWS.heatmap.extent(fixtureDashboard(), atTuesday10)).toEqual({rows: 7, cols: 24});
	});
});
