/**
 * source/charts: the specs built from a small hand-written week, their SVG (snapshotted as text:
 * vega draws with a fixed font name and its own text-width estimate, no canvas, so the output is
 * stable) and their PNG (decoded: size, not blank, text drawn, palette colours present).
 */
import {PNG} from 'pngjs';
import {describe, expect, it} from 'vitest';
import {compile} from 'vega-lite';
import {HEAT, OKABE_ITO} from '../../source/charts/palette.js';
import {renderPng, renderSvg} from '../../source/charts/render.js';
import {
	CHART_IDS,
	DEFAULT_SIZE,
	chartSpec,
	hourOccurrences,
	weekdayOccurrences,
	type ChartData,
	type ChartId,
} from '../../source/charts/specs.js';
import {sessionTableFromRecords, eventTableFromRecords} from '../../source/core/model.js';
import {compatBigstat42} from '../../source/core/stats/compat-bigstat42.js';
import {hostHourMatrix, hostRows, summarize, userRows} from '../../source/core/stats/index.js';
import {event, session, weekEvents, weekOptions, weekSessions} from '../fixtures/stats/week.js';

const options = {...weekOptions, top: 20};

function weekData(): ChartData {
	const summary = summarize(weekSessions, weekEvents, options);
	const hosts = hostRows(weekSessions, options).slice(0, 20).map((row) => row.host);
	return {
		campus: 'Paris',
		summary,
		previous: summarize(weekSessions, weekEvents, {...options, from: options.from - 7 * 86_400_000, to: options.from}),
		hostHours: {hosts, hours: hostHourMatrix(weekSessions, hosts, options)},
		users: userRows(weekSessions, options),
		seats: weekSessions.hosts.length,
		compat: compatBigstat42(weekSessions),
	};
}

type Rgb = readonly [number, number, number];
const rgb = (hex: string): Rgb => [Number.parseInt(hex.slice(1, 3), 16), Number.parseInt(hex.slice(3, 5), 16), Number.parseInt(hex.slice(5, 7), 16)];

function decode(png: Uint8Array): PNG {
	return PNG.sync.read(Buffer.from(png));
}

/** How many pixels have exactly this colour. */
function countColour(image: PNG, hex: string): number {
	const [r, g, b] = rgb(hex);
	let count = 0;
	for (let i = 0; i < image.data.length; i += 4) {
		if (image.data[i] === r && image.data[i + 1] === g && image.data[i + 2] === b) count++;
	}

	return count;
}

/** Dark pixels (text, axes) inside a rectangle. */
function darkPixels(image: PNG, x0: number, y0: number, x1: number, y1: number): number {
	let count = 0;
	for (let y = y0; y < y1; y++) {
		for (let x = x0; x < x1; x++) {
			const i = (y * image.width + x) * 4;
			if ((image.data[i] ?? 255) < 100 && (image.data[i + 1] ?? 255) < 100 && (image.data[i + 2] ?? 255) < 100) count++;
		}
	}

	return count;
}

type Datum = Record<string, unknown>;
function valuesOf(spec: Record<string, unknown>): Datum[] {
	return (spec['data'] as {values: Datum[]}).values;
}

describe('chart specs', () => {
	const data = weekData();

	it.each(CHART_IDS.map((id) => [id]))('%s compiles with vega-lite and names campus, range, zone and metric', (id) => {
		const spec = chartSpec(id as ChartId, data);
		const title = spec['title'] as {text: string; subtitle: string[]};
		expect(title.text.length).toBeGreaterThan(5);
		expect(title.subtitle[0]).toBe('Paris · 2026-01-05 – 2026-01-11 · Europe/Paris');
		expect(title.subtitle[1]).toMatch(/[a-z]/);
		expect(spec['width']).toBe(1200);
		expect(spec['height']).toBe(700);
		const warnings: string[] = [];
		const logger = {level: () => logger, warn: (...args: unknown[]) => (warnings.push(args.join(' ')), logger), info: () => logger, debug: () => logger, error: (...args: unknown[]) => (warnings.push(args.join(' ')), logger)};
		const compiled = compile(spec as never, {logger: logger as never}).spec;
		expect(compiled.marks?.length ?? 0).toBeGreaterThan(0);
		expect(warnings).toEqual([]);
		// Every axis has a title with its unit or dimension.
		const json = JSON.stringify(spec);
		expect(json).toMatch(/"title":"[^"]+"/);
	});

	it('an empty range still draws every chart (axes, title, no marks from data)', async () => {
		const empty = summarize(sessionTableFromRecords([]), eventTableFromRecords([]), options);
		for (const id of CHART_IDS) {
			const svg = await renderSvg(chartSpec(id, {campus: 'Paris', summary: empty, previous: empty, users: [], hostHours: {hosts: [], hours: []}}));
			expect(svg.startsWith('<svg'), id).toBe(true);
			expect(svg.includes('Paris · 2026-01-05 – 2026-01-11 · Europe/Paris'), id).toBe(true);
		}
	});

	it('draws the weekday bars per occurrence of the weekday: a range with five Tuesdays and four Mondays', () => {
		// 2026-12-01 is a Tuesday: 29 days from Tue 1 Dec to Tue 29 Dec hold 5 Tuesdays, 4 of each other day.
		const day = 86_400_000;
		const from = Date.parse('2026-12-01T00:00:00Z');
		const records = Array.from({length: 29}, (_, index) => session(index + 1, 'ann', 'c1r1s1', new Date(from + index * day + 9 * 3_600_000).toISOString(), new Date(from + index * day + 11 * 3_600_000).toISOString()));
		const sessions = sessionTableFromRecords(records);
		const summary = summarize(sessions, eventTableFromRecords([]), {timeZone: 'UTC', from, to: from + 29 * day, now: from + 40 * day});
		expect(weekdayOccurrences(summary)).toEqual([4, 5, 4, 4, 4, 4, 4]);
		expect(summary.sessions.byWeekday.seatHours[1]).toBe(10);
		const bars = valuesOf(chartSpec('daily_usage', {campus: 'Paris', summary}));
		expect(bars.map((bar) => bar['label'])).toEqual(['Mon ×4', 'Tue ×5', 'Wed ×4', 'Thu ×4', 'Fri ×4', 'Sat ×4', 'Sun ×4']);
		// Every day had the same 2 seat-hours: so has every weekday bar.
		expect(bars.map((bar) => bar['value'])).toEqual([2, 2, 2, 2, 2, 2, 2]);
		// Hourly bars: mean seats at 09:00 and 10:00 = 1 (one seat, every day).
		const hourly = valuesOf(chartSpec('hourly_usage', {campus: 'Paris', summary}));
		expect(hourly.filter((bar) => bar['value'] !== 0).map((bar) => [bar['label'], bar['value']])).toEqual([['09', 1], ['10', 1]]);
	});

	it('counts the hours of a last day cut at now once less', () => {
		// now = Saturday 10 Jan 13:00 local: days 5..10 Jan; hours 13..23 of the 10th have not begun.
		const occurrences = hourOccurrences(data.summary);
		expect(occurrences[12]).toBe(6);
		expect(occurrences[13]).toBe(5);
	});

	it('--compat draws the original numbers in the original five and keeps its titles', () => {
		const compat = data.compat!;
		const heat = chartSpec('usage_heatmap_day_hour', data, {compat: true});
		expect((heat['title'] as {text: string}).text).toBe('Cluster Usage Heatmap - Day vs Hour');
		const cells = valuesOf(heat);
		expect(cells).toHaveLength(7 * 24);
		expect(cells.map((cell) => cell['value'])).toEqual(compat.heatmap_day_hour.counts.flat());
		expect((chartSpec('top_hosts', data, {compat: true})['title'] as {text: string}).text).toBe('Top 20 Most Used Computers');
		const hourly = valuesOf(chartSpec('hourly_usage', data, {compat: true}));
		expect(hourly.map((bar) => bar['value'])).toEqual(Array.from({length: 24}, (_, hour) => compat.hourly_usage[String(hour)]));
		const daily = valuesOf(chartSpec('daily_usage', data, {compat: true}));
		expect(daily.map((bar) => bar['label'])).toEqual(['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'].filter((day) => compat.daily_usage[day] !== undefined));
		expect(daily.map((bar) => bar['value'])).toEqual(daily.map((bar) => compat.daily_usage[bar['label'] as string]));
		expect((chartSpec('daily_usage', data, {compat: true})['title'] as {subtitle: string[]}).subtitle[0]).toContain('UTC');
		// Without compat the heatmap is the mean of occupied seats.
		expect((chartSpec('usage_heatmap_day_hour', data)['title'] as {text: string}).text).toBe('Mean occupied seats by weekday and hour');
	});

	it('the trend aligns the previous period day by day', () => {
		const values = valuesOf(chartSpec('usage_trend', data));
		const series = [...new Set(values.map((value) => value['series']))];
		expect(series).toEqual(['this period (2026-01-05 – 2026-01-11)', 'previous period (2025-12-29 – 2026-01-04)']);
		const previous = values.filter((value) => value['series'] === series[1]);
		// This period is cut at now (Saturday): Sunday is added to the axis for the previous Sunday.
		expect(data.summary.sessions.daily).toHaveLength(6);
		expect(previous.map((value) => value['key'])).toEqual([...data.summary.sessions.daily.map((point) => point.key), '2026-01-11']);
		expect(previous.map((value) => value['period'])).toEqual(data.previous!.sessions.daily.map((point) => point.key));
	});

	it('sanitises and cuts data labels: no control characters, no raw markup, long names cut', () => {
		const evil = sessionTableFromRecords([
			session(1, 'ann', '<b>c1\u001B[31m</b>', '2026-01-05T09:00:00Z', '2026-01-05T11:00:00Z'),
			session(2, 'evil\u001B]0;pwned\u0007', 'c'.repeat(80), '2026-01-05T09:00:00Z', '2026-01-05T10:00:00Z'),
		]);
		const events = eventTableFromRecords([event(1, 'ann', 'type\u0007\u202Eevil', '2026-01-05T09:00:00Z')]);
		const summary = summarize(evil, events, options);
		const chart = {campus: 'Paris\u001B[2J', summary, users: userRows(evil, options)};
		const hosts = valuesOf(chartSpec('top_hosts', chart)).map((bar) => bar['label']);
		// Control characters are shown as visible markers (sanitizeForTerminal), never drawn raw.
		expect(hosts).toContain('<b>c1<U+001B>[31m</b>');
		expect(hosts).toContain(`${'c'.repeat(31)}…`);
		expect(valuesOf(chartSpec('top_users', chart)).map((bar) => bar['label'])).toContain('evil<U+001B>]0;pwned<U+0007>');
		expect(valuesOf(chartSpec('events_by_type', chart)).map((bar) => bar['label'])).toEqual(['type<U+0007><U+202E>evil']);
		expect(JSON.stringify(chartSpec('top_hosts', chart))).not.toMatch(/\\u00(1b|07)|\\u202e/i);
	});
});

describe('SVG', () => {
	const data = weekData();

	it.each([['hourly_usage'], ['events_by_type'], ['top_hosts'], ['usage_trend']])('%s is stable (snapshot)', async (id) => {
		const svg = await renderSvg(chartSpec(id as ChartId, data, {size: {width: 800, height: 450}}));
		expect(svg.startsWith('<svg')).toBe(true);
		expect(svg).toContain('width="800" height="450"');
		expect(svg).toContain('font-family="DejaVu Sans"');
		await expect(svg).toMatchFileSnapshot(`../../snapshots/charts/${id}.svg`);
	});

	it('escapes markup from data and keeps no control character', async () => {
		const evil = sessionTableFromRecords([session(1, 'ann', '<script>x</script>&\u001B[31m', '2026-01-05T09:00:00Z', '2026-01-05T11:00:00Z')]);
		const summary = summarize(evil, eventTableFromRecords([]), options);
		const svg = await renderSvg(chartSpec('top_hosts', {campus: 'Paris', summary}));
		expect(svg).not.toContain('<script');
		expect(svg).toContain('&lt;script&gt;x&lt;/script&gt;&amp;');
		expect(svg).not.toMatch(/[\u0000-\u0008\u000B-\u001F]/);
	});
});

describe('PNG', () => {
	const data = weekData();

	it('a heatmap at 1200×700: size, text drawn with the shipped font, lowest and highest palette colours', async () => {
		const svg = await renderSvg(chartSpec('usage_heatmap_day_hour', data));
		const image = decode(await renderPng(svg));
		expect([image.width, image.height]).toEqual([DEFAULT_SIZE.width, DEFAULT_SIZE.height]);
		// Empty cells take the lightest colour, the busiest cell the darkest.
		expect(countColour(image, HEAT[0])).toBeGreaterThan(1000);
		expect(countColour(image, HEAT[8])).toBeGreaterThan(100);
		// The title is text: without a font resvg would leave the top band white.
		expect(darkPixels(image, 0, 0, 600, 40)).toBeGreaterThan(300);
	});

	it('bars at 2× and at the original size: scaled pixels, not blank, the Okabe–Ito colours', async () => {
		const svg = await renderSvg(chartSpec('events_by_hour', data));
		const image = decode(await renderPng(svg, {scale: 2}));
		expect([image.width, image.height]).toEqual([2400, 1400]);
		expect(countColour(image, OKABE_ITO.vermillion)).toBeGreaterThan(1000);
		expect(countColour(image, OKABE_ITO.blue)).toBeGreaterThan(1000);
		expect(countColour(image, '#ffffff')).toBeLessThan(image.width * image.height * 0.95);
		const original = decode(await renderPng(await renderSvg(chartSpec('top_hosts', data, {size: {width: 1400, height: 800}})), {scale: 3}));
		expect([original.width, original.height]).toEqual([4200, 2400]);
		expect(countColour(original, OKABE_ITO.green)).toBeGreaterThan(10_000);
	});
});
