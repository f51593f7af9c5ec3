/**
 * The dashboard as a plugin of `bigstat42 serve` (listed in source/server/plugins.ts): the page
 * for browsers at `GET /`, its specs and assets, drawn from the server's own reads (DataAccess:
 * the same window and aggregates as `GET /summary`, so what was just POSTed is counted).
 */
import {PRESET_DAYS} from '../../app/window.js';
import {chartLabel} from '../../charts/specs.js';
import type {ServerPlugin} from '../app.js';
import {registerDashboard} from './index.js';

export const dashboardPlugin: ServerPlugin = (app, context) => {
	const {data} = context;
	registerDashboard(app, {
		title: `bigstat42 · ${chartLabel(data.campus.name)}`,
		getChartData: (range) => ({
			campus: data.campus.name,
			// 'all': no bounds, i.e. from the first local day with data to the end of today.
			summary: data.summary(range === 'all' ? {} : {days: PRESET_DAYS[range]}),
			seats: data.sessions().hosts.length,
		}),
	});
};
