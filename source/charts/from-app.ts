/**
 * ChartData from the application layer (source/app): one window of an Aggregates. What a server
 * (or any front end holding an Aggregates) passes to the chart specs. Fields are getters, so a
 * chart computes only what it draws, and the window's sweep is shared with every other reader.
 */
import type {Aggregates} from '../app/aggregates.js';
import {presetSpec, resolveWindow, type RangePreset, type Window} from '../app/window.js';
import {firstInstant} from '../core/stats/index.js';
import {TOP_ROWS, type ChartData} from './specs.js';

/** The chart data of a window. */
export function chartDataFromWindow(aggregates: Aggregates, window: Window, campus: string): ChartData {
	const stats = aggregates.window(window);
	return {
		campus,
		get summary() {
			return stats.summary();
		},
		get previous() {
			return aggregates.previous(window)?.summary() ?? null;
		},
		get users() {
			return stats.userRows();
		},
		get hostHours() {
			const hosts = stats.hostRows().slice(0, TOP_ROWS).map((row) => row.host);
			return {hosts, hours: stats.hostHourMatrix(hosts)};
		},
		get seats() {
			return aggregates.sessions.hosts.length;
		},
	};
}

/** The chart data of a range preset (the dashboard's 1d/7d/30d/90d/all), resolved at the aggregates' now. */
export function chartDataForPreset(aggregates: Aggregates, preset: RangePreset, campus: string): ChartData {
	const window = resolveWindow(presetSpec(preset), {
		now: aggregates.now,
		timeZone: aggregates.timeZone,
		dataStart: firstInstant(aggregates.sessions, aggregates.events),
	});
	return chartDataFromWindow(aggregates, window, campus);
}
