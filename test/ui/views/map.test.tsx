import {renderToString} from 'ink';
import React from 'react';
import {describe, expect, it} from 'vitest';
import {VIEWS, createTheme} from '../../../source/ui/registry.js';
import {mergeSegments, seg} from '../../../source/ui/components/view-lines.js';
import {mapPaint} from '../../../source/ui/views/map.js';
import {fixtureDashboard} from '../../fixtures/dashboard.js';
import {expectFits} from './frame-checks.js';
import {SIZES, renderView, viewState} from './render.js';

/** The fixture with a big campus: 3 Paris clusters of 12 rows × 20 seats, plus odd names. */
function bigCampus() {
	const hosts: string[] = ['burrito', 'exam-01', 'c1r1s1', 'c1r1s2'];
	for (const cluster of ['bess-f1', 'paul-f3A', 'made-f0C']) {
		for (let row = 1; row <= 12; row++) for (let seat = 1; seat <= 20; seat++) hosts.push(`${cluster}r${row}s${seat}`);
	}

	return {...fixtureDashboard(), allHosts: hosts};
}

describe('map view', () => {
	for (const size of SIZES) {
		it(`renders at ${size.width}×${size.height}`, () => {
			const frame = renderView('map', size);
			expectFits(frame, size);
			expect(frame).toMatchSnapshot();
		});
	}

	it('places hosts by cluster, lists unplaced names and describes the selected seat', () => {
		const frame = renderView('map', SIZES[0]);
		expect(frame).toMatch(/c1 \(6 seats\)\s+c2 \(4 seats\)/);
		expect(frame).toContain('unplaced (1): kiosk-7.42paris.fr');
		expect(frame).toContain('c1r1s1 • utilisation 6.8% • 6 sessions started • occupied now by alice');
		// c1r1s1 is occupied now: the occupied glyph, in its utilisation colour.
		expect(frame).toContain('r1 [●]');
	});

	it('colours by occupied-now in live mode, marks filter matches, in ASCII', () => {
		const frame = renderView('map', SIZES[0], viewState({live: true, filter: 's2', cursor: {row: 3, col: 1, scroll: 0}}), {ascii: true});
		expect(frame).toContain('occupied now (live)');
		expect(frame).toContain('r1 ## o* oo');
		expect(frame).toContain('no seat here');
		expect(frame).toMatchSnapshot();
	});

	it('shows the band of clusters holding the cursor when they do not all fit', () => {
		const data = bigCampus();
		const state = viewState({cursor: {row: 2, col: 4, scroll: 0}});
		const frame = renderView('map', SIZES[0], state, {data});
		expectFits(frame, SIZES[0]);
		expect(frame).toContain('clusters 1–2 of 4 • ↑↓ move across clusters');
		expect(frame).toMatch(/^bess-f1 \(240 seats\) +c1 \(2 seats\)$/m);
		expect(frame).toContain('bess-f1 (240 seats)');
		expect(frame).toContain('bess-f1r3s5 • idle in this range');
		expect(frame).toContain('unplaced (2): burrito  exam-01');
		expect(frame).toMatchSnapshot();
		expect(VIEWS.map.drill(data, state)).toEqual({view: 'host', params: {host: 'bess-f1r3s5'}});
		// made-f0C (3rd) is alone in its band; 12 rows on a 10-row page are windowed around the cursor.
		const third = renderView('map', {width: 80, height: 16}, viewState({cursor: {row: 12 + 1 + 11, col: 0, scroll: 0}}), {data});
		expectFits(third, {width: 80, height: 16});
		expect(third).toContain('cluster 3 of 4 • rows');
		expect(third).toMatch(/^r12 \[/m);
		expect(third).not.toMatch(/^r1 /m);
	});

	it('lists unplaced names whole, starting at the name under the cursor when needed', () => {
		const names = Array.from({length: 30}, (_, index) => `kiosk-${String(index + 1).padStart(2, '0')}`);
		const data = {...fixtureDashboard(), allHosts: ['c1r1s1', ...names]};
		const start = renderView('map', SIZES[0], viewState(), {data});
		expect(start).toMatch(/^unplaced \(30\): kiosk-01 {2}kiosk-02 .* \+\d+ more$/m);
		const late = renderView('map', SIZES[0], viewState({cursor: {row: 1 + 24, col: 0, scroll: 0}}), {data});
		expect(late).toMatch(/^unplaced \(30\): … {2}›kiosk-25 {2}kiosk-26 .* kiosk-30$/m);
		expect(late).toContain('1 cluster · 30 unplaced');
		expect(late).toContain('c1 (1 seat)');
		expect(late).toContain('kiosk-25 • idle in this range');
	});

	it('has a grid extent of cluster rows plus unplaced hosts', () => {
		const data = fixtureDashboard();
		expect(VIEWS.map.extent(data, viewState())).toEqual({rows: 5, cols: 3});
		expect(VIEWS.map.drill(data, viewState({cursor: {row: 4, col: 0, scroll: 0}}))).toEqual({view: 'host', params: {host: 'kiosk-7.42paris.fr'}});
		expect(VIEWS.map.drill(data, viewState({cursor: {row: 3, col: 2, scroll: 0}}))).toBeNull();
		expect(VIEWS.map.matches(data, viewState({filter: 'KIOSK'}))).toEqual([4]);
	});

	it('paints the cells once per (data, theme, live); a cursor move or a filter redraws correctly from the cache', () => {
		const data = fixtureDashboard();
		const theme = createTheme({color: false, ascii: false});
		const paint = mapPaint(data, theme, 'absolute');
		expect(mapPaint(data, theme, 'absolute')).toBe(paint);
		expect(mapPaint(data, theme, 'live')).not.toBe(paint);
		expect(mapPaint(fixtureDashboard(), theme, 'absolute')).not.toBe(paint);
		const {Component} = VIEWS.map;
		const draw = (state: ReturnType<typeof viewState>) => renderToString(<Component data={data} size={SIZES[0]} theme={theme} state={state} />, {columns: SIZES[0].width});
		const first = draw(viewState({cursor: {row: 0, col: 0, scroll: 0}}));
		expect(first).toMatch(/^r1 \[/m);
		const cached = paint.lines.size;
		expect(cached).toBeGreaterThan(0);
		// The cursor moves down a row: r1 comes from the cache without its brackets, r2 is drawn with them.
		const second = draw(viewState({cursor: {row: 1, col: 1, scroll: 0}}));
		expect(second).not.toMatch(/^r1 \[/m);
		expect(second).toMatch(/^r2 \S\S \[/m);
		const filtered = draw(viewState({filter: 's2', cursor: {row: 1, col: 1, scroll: 0}}));
		expect(filtered).toMatch(/^r1 ●● ░\*/m);
	});

	it('joins same-style cells into runs before Ink draws them', () => {
		const line = [seg('r1 '), seg('░░ ', {tone: 'muted'}), seg('░░ ', {tone: 'muted'}), seg('', {bold: true}), seg('[▓]', {inverse: true}), seg('▓▓ ', {tone: 'muted'})];
		expect(mergeSegments(line)).toEqual([seg('r1 '), seg('░░ ░░ ', {tone: 'muted'}), seg('[▓]', {inverse: true}), seg('▓▓ ', {tone: 'muted'})]);
	});
});

describe('map scales and seats occupied now', () => {
	it('marks the seats occupied now outside live mode too, and offers a relative scale (v)', () => {
		const absolute = renderView('map', SIZES[0]);
		expect(absolute).toContain('● occupied now');
		expect(absolute).toContain('[░]≤25%');
		const relative = renderView('map', SIZES[0], viewState({mapRelative: true}));
		expect(relative).toContain('utilisation (relative to the busiest seat)');
		const busiest = Math.max(...fixtureDashboard().hosts.map((row) => row.utilisation));
		expect(relative).toContain(`≤${busiest.toFixed(1)}%`);
		// The busiest seat that nobody occupies now reaches the top of the relative scale.
		const seats = (frame: string) => frame.split('\n').filter((line) => /^r\d/.test(line)).join('\n');
		expect(seats(relative)).toContain('█');
		expect(seats(absolute)).not.toContain('█');
	});
});

describe('hosts table lists never-used hosts', () => {
	it('adds every known host without a session in the range, with zeros, and says how many', () => {
		const data = fixtureDashboard();
		const idle = data.allHosts.filter((host) => !data.hosts.some((row) => row.host === host));
		expect(idle.length).toBeGreaterThan(0);
		const rows = VIEWS.hosts.table(data, viewState({sort: {column: 0, descending: true}})).rows;
		expect(rows).toHaveLength(data.allHosts.length);
		// Seat-hours reversed: the dead machines first.
		expect(rows.slice(0, idle.length).map((row) => row[0]).sort()).toEqual([...idle].sort());
		expect(renderView('hosts', SIZES[1])).toContain(`· ${idle.length} idle`);
	});
});
