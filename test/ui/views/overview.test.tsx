import {describe, expect, it} from 'vitest';
import {presetSpec, resolveWindow} from '../../../source/app/window.js';
import {FIGURES, changeTone, comparisonNote} from '../../../source/ui/views/overview.js';
import {FIXTURE_NOW, fixtureDashboard} from '../../fixtures/dashboard.js';
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

describe('overview comparisons (a partial period, an instant, colour by meaning)', () => {
	it('shows no previous value and no change for "Open now" (an instant has no previous period)', () => {
		const frame = renderView('overview', SIZES[0]);
		expect(frame).toMatch(/Open now\s+2\s+—\s*\n/);
	});

	it('colours a rise in anomalies as bad news and a rise in sessions as good news', () => {
		const anomalies = FIGURES.find((figure) => figure.label === 'Anomalies found');
		const sessions = FIGURES.find((figure) => figure.label === 'Sessions');
		expect(anomalies && changeTone(anomalies, 200)).toBe('warning');
		expect(anomalies && changeTone(anomalies, -50)).toBe('ok');
		expect(sessions && changeTone(sessions, 200)).toBe('ok');
		expect(sessions && changeTone(sessions, 0.01)).toBe('muted');
	});

	it('labels a running period "so far" and says where the previous one is cut; says why a previous period is n/a', () => {
		const base = fixtureDashboard();
		const window = resolveWindow(presetSpec('7d'), {now: FIXTURE_NOW, timeZone: 'Europe/Paris', dataStart: Date.parse('2026-10-01T00:00:00Z')});
		const running = renderView('overview', SIZES[1], undefined, {data: {...base, window}});
		expect(window.partial).toBe(true);
		expect(running).toContain('so far');
		expect(running).toContain('prev. same');
		expect(running).toContain('partial period: compared up to the same point of the previous one (15 Nov 16:00)');
		const empty = resolveWindow(presetSpec('7d'), {now: FIXTURE_NOW, timeZone: 'Europe/Paris', dataStart: Date.parse('2026-11-20T00:00:00Z')});
		expect(comparisonNote({...base, window: empty})).toBe('previous period: no data (change shows n/a)');
	});
});

describe('overview on a big terminal', () => {
	it('uses the height at 120×37: the busiest hosts and users as tables side by side', () => {
		const frame = renderView('overview', SIZES[1]);
		const used = frame.split('\n').filter((line) => line.trim() !== '').length;
		expect(used).toBeGreaterThanOrEqual(22);
		expect(frame).toMatch(/Busiest hosts \(seat-hours\) +Busiest users \(logtime\)/);
		expect(frame).toMatch(/^ {2}1\. \S+ +[\d.]+ h {4}1\. \S+ +[\d.]+ h$/m);
	});
});
