/**
 * Extra plugins of `bigstat42 serve`, registered before its routes (see ServerPlugin in app.ts).
 * The browser dashboard: `GET /` for clients that accept text/html (JSON clients keep the endpoint
 * index), `/dashboard`, its specs and assets. Its charts read the server's own aggregates, so the
 * page shows the numbers of `/summary`. The chart modules load when the server starts, never on
 * the CLI's other paths.
 */
import type {ServerPlugin} from './app.js';

const dashboard: ServerPlugin = async (app, context) => {
	const [{registerDashboard}, {chartDataForPreset}] = await Promise.all([import('./dashboard/index.js'), import('../charts/from-app.js')]);
	registerDashboard(app, {
		getChartData: (range) => chartDataForPreset(context.data.aggregates(), range, context.data.campus.name),
	});
};

export const serverPlugins: ServerPlugin[] = [dashboard];
