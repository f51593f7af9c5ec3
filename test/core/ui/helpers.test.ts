import stringWidth from 'string-width';
import {describe, expect, it} from 'vitest';
import {compactNumber, readableNumber, formatChange, formatDuration, formatInt, percentChange} from '../../../source/core/ui/format.js';
import {heatLevel, levelRanges} from '../../../source/core/ui/heat-levels.js';
import {buildClusterMap, naturalCompare, parseHost} from '../../../source/core/ui/host-id.js';
import {by, selectRows, selectVisible, windowRows} from '../../../source/core/ui/select-visible.js';
import {interpolate, resample, sparkline} from '../../../source/core/ui/sparkline.js';
import {layoutTable, type ColumnSpec} from '../../../source/core/ui/table-layout.js';
import {fit, fitItems, textWidth, truncate} from '../../../source/core/ui/text.js';

const glyphs = [' ', '▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

describe('format', () => {
	it('formats numbers, durations and changes', () => {
		expect(formatInt(1234567)).toBe('1,234,567');
		expect(formatDuration(47)).toBe('47m');
		expect(formatDuration(125)).toBe('2h05');
		expect(formatDuration(1500)).toBe('1d01h');
		expect(formatDuration(null)).toBe('n/a');
		expect(percentChange(15, 10)).toBe(50);
		expect(percentChange(5, 0)).toBeNull();
		expect(percentChange(5, null)).toBeNull();
		expect(formatChange(50, {up: '▲', down: '▼'})).toBe('▲ 50.0%');
		expect(formatChange(-2.04, {up: '^', down: 'v'})).toBe('v 2.0%');
		expect(formatChange(null, {up: '^', down: 'v'})).toBe('n/a');
	});

	it('squeezes numbers into a width without showing a non-zero as 0', () => {
		expect(compactNumber(12.34, 4)).toBe('12.3');
		expect(compactNumber(12.34, 3)).toBe('12');
		expect(compactNumber(0.04, 3)).toBe('~0');
		expect(compactNumber(0.5, 2)).toBe('.5');
		expect(compactNumber(15_400, 4)).toBe('15k');
		expect(compactNumber(123_456, 2)).toBe('9+');
		expect(compactNumber(0, 1)).toBe('0');
	});

	it('writes totals readably: separators when they fit, one decimal under 10 (or a chosen bound), k/M past that', () => {
		expect(readableNumber(1588, 5)).toBe('1,588');
		expect(readableNumber(1588, 4)).toBe('1588');
		expect(readableNumber(3244.2, 4)).toBe('3244');
		expect(readableNumber(337.7, 5)).toBe('338');
		expect(readableNumber(87.4, 5)).toBe('87');
		expect(readableNumber(87.4, 5, 100)).toBe('87.4');
		expect(readableNumber(5.3, 5)).toBe('5.3');
		expect(readableNumber(0.3, 2)).toBe('.3');
		expect(readableNumber(123_456, 5)).toBe('123k');
		expect(readableNumber(15_960, 4)).toBe('16k');
		expect(readableNumber(1_234_567, 5)).toBe('1.2M');
		expect(readableNumber(0.04, 5)).toBe('~0');
		expect(readableNumber(0, 3)).toBe('0');
	});
});

describe('text', () => {
	it('truncates by display width with an ellipsis, wide characters whole', () => {
		expect(truncate('kiosk-7.42paris.fr', 8)).toBe('kiosk-7…');
		expect(truncate('漢字漢字', 5)).toBe('漢字…');
		expect(stringWidth(fit('漢字漢字', 5))).toBe(5);
		expect(fit('ab', 4, 'right')).toBe('  ab');
		// Lists keep whole items, then say how many are left out.
		expect(fitItems(['login 13', 'view 7', 'search 3', 'logout 2'], 40, ' • ')).toBe('login 13 • view 7 • search 3 • logout 2');
		expect(fitItems(['login 13', 'view 7', 'search 3', 'logout 2'], 30, ' • ')).toBe('login 13 • view 7 • +2 more');
		expect(fitItems(['login 13', 'view 7', 'search 3'], 20, ' • ', null)).toBe('login 13 • view 7');
		expect(fitItems(['a-very-long-host-name', 'b'], 16, ' • ')).toBe('a-ver… • +1 more');
		expect(fitItems([], 10, ', ')).toBe('');
		// ASCII fast path and the remembered widths agree with string-width.
		for (const text of ['abc', '', '░░░', '漢字', 'zoë', '\u001B[2J', '▓▓ ', '漢字']) expect(textWidth(text)).toBe(stringWidth(text));
	});
});

describe('sparkline', () => {
	const day = Array.from({length: 24}, (_, hour) => (hour >= 8 && hour < 18 ? hour - 7 : 0));

	it('fits 24 values into a narrow width without wrapping', () => {
		for (const width of [1, 5, 10, 20, 23]) {
			const line = sparkline(day, width, {glyphs});
			expect(stringWidth(line)).toBe(width);
			expect(line).not.toContain('\n');
		}
	});

	it('keeps zero as the blank glyph and any positive value visible', () => {
		expect(sparkline([0, 0.01, 10], 3, {glyphs})).toBe(' ▁█');
		expect(sparkline([1, 2], 10, {glyphs, stretch: true})).toHaveLength(10);
	});

	it('resamples by bucket means and interpolates linearly', () => {
		expect(resample([1, 3, 5, 7], 2)).toEqual([2, 6]);
		expect(resample([], 5)).toEqual([]);
		expect(interpolate([0, 10], 3)).toEqual([0, 5, 10]);
	});
});

describe('heat levels', () => {
	it('maps intensity to levels with 0 reserved for nothing', () => {
		expect(heatLevel(0, 10, 5)).toBe(0);
		expect(heatLevel(0.01, 10, 5)).toBe(1);
		expect(heatLevel(10, 10, 5)).toBe(4);
		expect(heatLevel(5, 10, 5)).toBe(2);
		expect(heatLevel(5, 0, 5)).toBe(0);
		expect(levelRanges(100, 5).map((range) => range.to)).toEqual([0, 25, 50, 75, 100]);
	});
});

describe('table layout', () => {
	const specs: ColumnSpec[] = [
		{title: 'host', priority: 10, minWidth: 6},
		{title: 'sessions', priority: 5, minWidth: 4, align: 'right'},
		{title: 'seat-hours', priority: 9, minWidth: 6, align: 'right'},
		{title: 'users', priority: 1, minWidth: 5, align: 'right'},
	];
	const cells = [['c1r1s1', '12', '30.5', '3'], ['kiosk-7.42paris.fr', '1', '0.2', '1']];

	it('keeps every column at natural width when there is room', () => {
		const layout = layoutTable(specs, cells, 80);
		expect(layout.dropped).toEqual([]);
		expect(layout.columns.map((column) => column.width)).toEqual([18, 8, 10, 5]);
	});

	it('drops the lowest priority first, then truncates', () => {
		const layout = layoutTable(specs, cells, 20);
		expect(layout.dropped).toEqual([3]);
		expect(layout.width).toBeLessThanOrEqual(20);
		const narrower = layoutTable(specs, cells, 14);
		expect(narrower.dropped).toEqual([1, 3]);
		expect(narrower.columns.map((column) => column.index)).toEqual([0, 2]);
		expect(layoutTable(specs, cells, 3).columns).toEqual([{index: 0, width: 3, align: 'left'}]);
	});
});

describe('select-visible', () => {
	const rows = [
		{name: 'c1r1s2', hours: 3},
		{name: 'C1R2s1', hours: 9},
		{name: 'c2r1s1', hours: 3},
		{name: 'kiosk', hours: 1},
	];
	const spec = {filterText: (row: (typeof rows)[number]) => row.name, comparators: [by.numberDesc((row: (typeof rows)[number]) => row.hours), by.textAsc((row: (typeof rows)[number]) => row.name)]};

	it('filters case-insensitively and sorts stably in the natural or reversed direction', () => {
		expect(selectRows(rows, spec, 'c1r', {column: 0, descending: false}).map((row) => row.name)).toEqual(['C1R2s1', 'c1r1s2']);
		expect(selectRows(rows, spec, '', {column: 0, descending: false}).map((row) => row.name)).toEqual(['C1R2s1', 'c1r1s2', 'c2r1s1', 'kiosk']);
		expect(selectRows(rows, spec, '', {column: 0, descending: true}).map((row) => row.name)).toEqual(['kiosk', 'c1r1s2', 'c2r1s1', 'C1R2s1']);
	});

	it('windows around the cursor, honouring the scroll when it still shows the cursor', () => {
		expect(windowRows(10, 0, 0, 3)).toEqual({start: 0, end: 3, cursor: 0});
		expect(windowRows(10, 5, 0, 3)).toEqual({start: 3, end: 6, cursor: 5});
		expect(windowRows(10, 5, 4, 3)).toEqual({start: 4, end: 7, cursor: 5});
		expect(windowRows(10, 99, 0, 3)).toEqual({start: 7, end: 10, cursor: 9});
		expect(windowRows(0, 3, 2, 3)).toEqual({start: 0, end: 0, cursor: 0});
		const visible = selectVisible(rows, spec, {filter: '', sort: {column: 1, descending: false}, cursor: {row: 3, scroll: 0}}, 2);
		expect(visible.items.map((row) => row.name)).toEqual(['c2r1s1', 'kiosk']);
	});
});

describe('host-id', () => {
	it('parses every campus family of 42-api.md §6', () => {
		const cases: Array<[string, string, number, number]> = [
			['bess-f1r6s6', 'bess-f1', 6, 6],
			['paul-f3Ar9s1', 'paul-f3A', 9, 1],
			['made-f0Cr13s1', 'made-f0C', 13, 1],
			['e1r2p3', 'e1', 2, 3],
			['c2r7p1', 'c2', 7, 1],
			['c1r5s1', 'c1', 5, 1],
			['cx2r1s3', 'cx2', 1, 3],
			['k0r1p1', 'k0', 1, 1],
			['z2r3p4', 'z2', 3, 4],
			['c1s2d3', 'c1', 2, 3],
			['1a12', '1', 1, 12],
			['f1r3s2.codam.nl', 'f1', 3, 2],
			['C1R2S3', 'c1', 2, 3],
		];
		for (const [host, cluster, row, seat] of cases) expect(parseHost(host), host).toMatchObject({kind: 'seat', host, cluster, row, seat});
	});

	it('gives an explicit no-match for anything else', () => {
		for (const host of ['burrito', 'exam-01', '', 'c1r1', 'bess-f1r6', 'kiosk-7.42paris.fr']) expect(parseHost(host)).toEqual({kind: 'unknown', host});
	});

	it('builds cluster blocks in natural order, duplicates and odd names listed apart', () => {
		const map = buildClusterMap(['c10r1s1', 'c2r1s2', 'c2r2s1', 'c2r1s2.42.fr', 'burrito']);
		expect(map.clusters.map((block) => block.cluster)).toEqual(['c2', 'c10']);
		expect(map.unknown).toEqual(['burrito', 'c2r1s2.42.fr']);
		const c2 = map.clusters[0];
		expect(c2?.firstSeat).toBe(1);
		expect(c2?.width).toBe(2);
		expect(c2?.rows.map((row) => row.cells.map((seat) => seat?.host ?? null))).toEqual([
			[null, 'c2r1s2'],
			['c2r2s1', null],
		]);
		expect(naturalCompare('c2', 'c10')).toBeLessThan(0);
	});
});

describe('text columns sort in one order', () => {
	it('by.textAsc is natural and case-folded, as the host column (no byte order beside it)', () => {
		const names = ['c1r2s10', 'Bob', 'c1r2s9', 'alice', 'carol'];
		expect([...names].sort(by.textAsc((name: string) => name))).toEqual(['alice', 'Bob', 'c1r2s9', 'c1r2s10', 'carol']);
	});
});
