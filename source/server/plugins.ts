/**
 * Extra plugins of `bigstat42 serve`, registered before its routes (see ServerPlugin in app.ts).
 * A plugin that calls `app.setHtmlIndex(handler)` takes `GET /` for clients that accept text/html;
 * JSON clients keep the endpoint index. The web dashboard (source/server/dashboard) is one: its
 * charts come from the server's data access, i.e. the application layer over the served tables.
 */
import type {ServerPlugin} from './app.js';
import {registerDashboard} from './dashboard/index.js';

export const dashboardPlugin: ServerPlugin = (app, context) => {
	registerDashboard(app, {getChartData: (range) => context.data.chartData(range)});
};

export const serverPlugins: ServerPlugin[] = [dashboardPlugin];
