/**
 * `e` → `p`: the PNG of the current view's chart, drawn by source/charts from the view's data.
 * Imported on demand by export-view.ts, so the TUI's start-up never loads the chart libraries.
 */
import {chartDataFromDashboard} from '../charts/from-dashboard.js';
import {renderPng, renderSvg} from '../charts/render.js';
import {chartSpec, type ChartId} from '../charts/specs.js';
import type {DashboardData, ViewId, ViewState} from './view-contract.js';

/** The chart each view exports; views without one are absent. */
export const VIEW_CHARTS: Readonly<Partial<Record<ViewId, ChartId>>> = {
	overview: 'usage_trend',
	heatmap: 'usage_heatmap_day_hour',
	hourly: 'hourly_usage',
	hosts: 'top_hosts',
	map: 'open_now',
	users: 'top_users',
	events: 'events_by_type',
};

/** The PNG of a view's chart at 1200×700, or null when the view has none. */
export async function viewChartPng(view: ViewId, data: DashboardData, state: ViewState): Promise<Uint8Array | null> {
	const id = VIEW_CHARTS[view];
	if (id === undefined) return null;
	const spec = chartSpec(id, chartDataFromDashboard(data), {metric: state.metric});
	return renderPng(await renderSvg(spec));
}
