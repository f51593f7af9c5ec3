/**
 * The TUI's `e` → `p`: the current view's chart as a PNG in the export directory, the status
 * line saying where; views without a chart say so.
 */
import {mkdtempSync, readFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {render} from 'ink-testing-library';
import {PNG} from 'pngjs';
import {afterEach, describe, expect, it} from 'vitest';
import {HEAT, OKABE_ITO} from '../../source/charts/palette.js';
import {App} from '../../source/ui/app.js';
import {exportView} from '../../source/ui/export-view.js';
import {VIEWS} from '../../source/ui/registry.js';
import {VIEW_CHARTS} from '../../source/ui/export-chart.js';
import {fixtureDashboard, FIXTURE_NOW} from '../fixtures/dashboard.js';
import {fakeDeps} from '../helpers/fake-deps.js';
import {press, waitForFrame} from '../helpers/press.js';
import {viewState} from '../ui/views/render.js';

function countColour(image: PNG, hex: string): number {
	const [r, g, b] = [1, 3, 5].map((start) => Number.parseInt(hex.slice(start, start + 2), 16));
	let count = 0;
	for (let i = 0; i < image.data.length; i += 4) if (image.data[i] === r && image.data[i + 1] === g && image.data[i + 2] === b) count++;
	return count;
}

const mounted: Array<ReturnType<typeof render>> = [];
afterEach(() => {
	for (const instance of mounted.splice(0)) instance.unmount();
});

describe('PNG export of a view', () => {
	const data = fixtureDashboard();

	it('writes the heatmap view as a 1200×700 PNG named like the other exports', async () => {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'bigstat42-png-'));
		const file = await exportView({format: 'png', view: VIEWS.heatmap, data, state: viewState(), frameText: () => ''}, {dir, now: FIXTURE_NOW});
		expect(file).toBe(path.join(dir, 'bigstat42-heatmap-20261122-150000.png'));
		const image = PNG.sync.read(readFileSync(file));
		expect([image.width, image.height]).toEqual([1200, 700]);
		expect(countColour(image, HEAT[0])).toBeGreaterThan(1000);
		// A second export does not overwrite the first.
		const again = await exportView({format: 'png', view: VIEWS.hosts, data, state: viewState(), frameText: () => ''}, {dir, now: FIXTURE_NOW});
		expect(again).toBe(path.join(dir, 'bigstat42-hosts-20261122-150000.png'));
		expect(countColour(PNG.sync.read(readFileSync(again)), OKABE_ITO.green)).toBeGreaterThan(10_000);
	});

	it('every top view has a chart; a drill-down says it has none', async () => {
		expect(Object.keys(VIEW_CHARTS).sort()).toEqual(['events', 'heatmap', 'hosts', 'hourly', 'map', 'overview', 'users']);
		const dir = mkdtempSync(path.join(os.tmpdir(), 'bigstat42-png-'));
		await expect(
			exportView({format: 'png', view: VIEWS.host, data, state: viewState({params: {host: 'c1r1s1'}}), frameText: () => ''}, {dir, now: FIXTURE_NOW}),
		).rejects.toThrow(`the ${VIEWS.host.title} view has no chart`);
	});

	it('e then p in the app exports a PNG and the status line says where', async () => {
		const formats: string[] = [];
		const deps = fakeDeps({
			async exportView(request) {
				formats.push(request.format);
				return `/tmp/exports/bigstat42-${request.view.id}.png`;
			},
		});
		const instance = render(<App deps={deps} />);
		mounted.push(instance);
		await press(instance.stdin, '2', 'e');
		await waitForFrame(instance, 'p PNG');
		await press(instance.stdin, 'p');
		await waitForFrame(instance, 'exported to /tmp/exports/bigstat42-heatmap.png');
		expect(formats).toEqual(['png']);
	});
});
