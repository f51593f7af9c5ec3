/**
 * Whole screens (header, view, footer) of every top-level view on the demo campus, at the two
 * supported terminal sizes and below the minimum, as plain text. Fixed now and seed, no colour.
 */
import {describe, expect, it} from 'vitest';
import {DEMO_SAMPLE_NOW, generateDemo} from '../../source/core/demo.js';
import {staticFrame} from '../../source/ui/static-frame.js';
import {createTheme, VIEWS} from '../../source/ui/registry.js';
import {TOP_VIEWS} from '../../source/ui/view-contract.js';

const demo = generateDemo({now: DEMO_SAMPLE_NOW});
const theme = createTheme({color: false, ascii: false});
const frame = (view: (typeof TOP_VIEWS)[number], width: number, height: number) =>
	staticFrame({
		views: VIEWS,
		theme,
		campus: demo.campus,
		timeZone: demo.campus.timeZone,
		snapshot: {sessions: demo.sessions, events: demo.events, now: DEMO_SAMPLE_NOW, version: 0},
		view,
		range: '7d',
		size: {width, height},
	});

describe.each([
	[80, 24],
	[120, 40],
])('every view at %i×%i', (width, height) => {
	it.each(TOP_VIEWS.map((view) => [view]))('%s fits the terminal and matches its snapshot', (view) => {
		const text = frame(view, width, height);
		const lines = text.split('\n');
		// At most rows - 1 lines: a frame as tall as the terminal makes Ink clear the screen.
		expect(lines.length).toBeLessThanOrEqual(height - 1);
		for (const line of lines) expect([...line].length).toBeLessThanOrEqual(width);
		expect(lines[0]).toContain('Demo Campus');
		expect(text).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F]/);
		expect(text).toMatchSnapshot();
	});
});

describe('below the minimum size', () => {
	it('says the terminal is too small, with the size needed', () => {
		const text = frame('heatmap', 50, 12);
		expect(text).toMatch(/too small/i);
		expect(text).toContain('50×12');
		expect(text).toMatchSnapshot();
	});

	it('wraps the message on a very narrow terminal instead of cutting off the size needed', () => {
		const text = frame('heatmap', 30, 10);
		const lines = text.split('\n');
		expect(lines.length).toBeLessThanOrEqual(9);
		for (const line of lines) expect([...line].length).toBeLessThanOrEqual(30);
		const words = text.replaceAll(/\s+/g, ' ');
		expect(words).toMatch(/Terminal too small: 30×10, needed \d+×\d+/);
		expect(words).toContain('resize to redraw');
	});
});
