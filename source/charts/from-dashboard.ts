/**
 * ChartData over the front ends' DashboardData (one range of one snapshot). Every field is a
 * getter, so a chart that never reads `previous`, `users` or `hostHours` never computes them.
 */
import type {DashboardData} from '../ui/view-contract.js';
import {TOP_ROWS, type ChartData} from './specs.js';

export function chartDataFromDashboard(data: DashboardData): ChartData {
	return {
		campus: data.campus.name,
		get summary() {
			return data.summary;
		},
		get previous() {
			return data.previous;
		},
		get users() {
			return data.users;
		},
		get hostHours() {
			const hosts = data.hosts.slice(0, TOP_ROWS).map((row) => row.host);
			return {hosts, hours: data.hostHours(hosts)};
		},
		get seats() {
			return data.allHosts.length;
		},
	};
}
