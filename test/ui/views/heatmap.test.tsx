import {describe, expect, it} from 'vitest';
import {chooseLayout, heatGridLines} from '../../../source/ui/components/heat-grid.js';
import {weekdayOccurrences} from '../../../source/core/ui/weekday-occurrences.js';
import {VIEWS, createTheme} from '../../../source/ui/registry.js';
import {weekdayHourGrid} from '../../../source/ui/views/heatmap.js';
import type {DashboardData} from '../../../source/ui/view-contract.js';
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
		// Per occurrence: 1 start over the range's two Tuesdays.
		expect(frame).toContain('Tue 10:00 - 0.5 sessions started on an average Tue');
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

	it('shows large totals readably at 80 columns: no "9+", no "3k"', () => {
		// Column totals 0…1,631 (hour 23 = 7 × 230 + 21), row totals 2,702…2,822.
		const big = Array.from({length: 7}, (_, day) => Array.from({length: 24}, (_, hour) => (hour < 4 ? 0.25 * hour : hour * 10 + day)));
		const base = fixtureDashboard();
		const data: DashboardData = {...base, summary: {...base.summary, sessions: {...base.summary.sessions, weekdayHour: {starts: big, meanConcurrent: big}}}};
		const frame = renderView('heatmap', SIZES[0], viewState({metric: 'occupancy', cursor: {row: 1, col: 10, scroll: 0}}), {data});
		expectFits(frame, SIZES[0]);
		expect(frame).not.toMatch(/9\+|\b\dk\b/);
		// Two-letter weekdays buy the Σ column 4 characters: Monday = 0+.25+.5+.75 + Σ(10h, h=4…23) = 2,701.5.
		expect(frame).toMatch(/^Mo .* 2702$/m);
		expect(frame).toMatch(/^Tu›/m);
		// One Σ line (no staggering over two): every total in a common scale, said in the legend.
		const lines = frame.split('\n');
		const header = lines.find((line) => line.includes(' 00 01 02')) ?? '';
		const sums = lines.filter((line) => line.startsWith('Σ ') && !line.includes('='));
		expect(sums).toHaveLength(1);
		const sum = sums[0] ?? '';
		expect(sum.slice(header.indexOf('10') - 1, header.indexOf('10') + 2).trim()).toBe('7');
		expect(sum.slice(header.indexOf('23')).trim()).toBe('16');
		expect(frame).toContain('Σ = totals in mean seats, the Σ row ×100');
		// Wide enough: full weekday names and "2,701.5" → "2,702".
		const wide = renderView('heatmap', SIZES[1], viewState({metric: 'occupancy'}), {data});
		expect(wide).toMatch(/^Mon›.* 2,702$/m);
		const ascii = renderView('heatmap', SIZES[0], viewState({metric: 'occupancy'}), {data, ascii: true});
		expectFits(ascii, SIZES[0]);
		expect(ascii).toContain('sum = totals in mean seats, the sum row x100');
	});

	it('keeps full labels when the totals fit a 4-cell Σ column; one totals line when every value fits its cell', () => {
		expect(chooseLayout(80, 4, true, 3, 3, 3)).toEqual({cell: 3, totalWidth: 4, short: false});
		expect(chooseLayout(80, 4, true, 3, 3, 4)).toEqual({cell: 3, totalWidth: 5, short: true});
		expect(chooseLayout(120, 4, true, 3, 3, 4)).toEqual({cell: 3, totalWidth: 6, short: false});
		const theme = createTheme({color: false, ascii: false});
		const small = heatGridLines({labels: ['a', 'b'], grid: [Array.from({length: 24}, () => 0.5), Array.from({length: 24}, () => 40)], width: 80, theme});
		expect(small.lines).toHaveLength(4);
		expect(small.lines.at(-1)?.map((part) => part.text).join('')).toContain(' 41 41 41');
	});
});

describe('heatmap drill-down follows the metric', () => {
	it('on "sessions started", Enter opens the sessions that started in the slot: as many as the cell says', () => {
		const data = fixtureDashboard();
		const starts = data.summary.sessions.weekdayHour.starts;
		let checked = 0;
		for (let weekday = 0; weekday < 7; weekday++) {
			for (let hour = 0; hour < 24; hour++) {
				const value = starts[weekday]?.[hour] ?? 0;
				const target = VIEWS.heatmap.drill(data, viewState({metric: 'starts', cursor: {row: weekday, col: hour, scroll: 0}}));
				expect(target?.params.started).toBe(true);
				const rows = VIEWS.slot.extent(data, viewState({params: target?.params ?? {}})).rows;
				expect(rows, `${weekday} ${hour}`).toBe(value);
				if (value > 0) checked++;
			}
		}

		expect(checked).toBeGreaterThan(5);
		// On occupancy, the slot keeps every session touching it, and says both counts.
		const occupancy = VIEWS.heatmap.drill(data, viewState({cursor: {row: 1, col: 10, scroll: 0}}));
		expect(occupancy?.params.started).toBeUndefined();
		const frame = renderView('slot', SIZES[1], viewState({params: occupancy?.params ?? {}}));
		expect(frame).toMatch(/touching the slot • \d+ started in it/);
	});

	it('a slot heading that does not fit ends with an ellipsis instead of stopping short', () => {
		const frame = renderView('slot', {width: 60, height: 20}, viewState({params: {weekday: 1, hour: 10}}));
		expect(frame.split('\n')[0]).toMatch(/…$/);
	});
});

describe('weekday figures per occurrence', () => {
	it('divides session starts by how many of each weekday the range holds', () => {
		const data = fixtureDashboard();
		const raw = data.summary.sessions.weekdayHour.starts;
		const grid = weekdayHourGrid(data, 'starts');
		// 9–22 Nov: two of every weekday.
		expect(weekdayOccurrences(data.from, data.now, data.timeZone)).toEqual([2, 2, 2, 2, 2, 2, 2]);
		expect(grid[1]?.[10]).toBe((raw[1]?.[10] ?? 0) / 2);
		// 30 days from a Tuesday: five Tuesdays, four Mondays.
		const from = Date.parse('2026-09-01T00:00:00Z');
		expect(weekdayOccurrences(from, from + 30 * 86_400_000, 'UTC')).toEqual([4, 5, 5, 4, 4, 4, 4]);
		expect(renderView('heatmap', SIZES[0], viewState({metric: 'starts'}))).toContain('sessions started per weekday (mean of its days)');
	});
});
