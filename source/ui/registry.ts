/**
 * The view registry the shell renders from: one descriptor per view id, and the theme factory.
 *
 * Sorting convention: `SortState.descending === false` means the column's natural direction
 * (numbers high → low, text a → z, times newest first); `true` reverses it. `sortColumns[0]` is the
 * view's default ordering (the reducer's DEFAULT_SORT is column 0, not descending).
 */
import type {ViewDescriptor, ViewId} from './view-contract.js';
import {anomaliesView} from './views/anomalies.js';
import {eventUserView} from './views/event-user.js';
import {eventsView} from './views/events.js';
import {heatmapView} from './views/heatmap.js';
import {hostView} from './views/host.js';
import {hostsView} from './views/hosts.js';
import {hourlyView} from './views/hourly.js';
import {logView} from './views/log.js';
import {mapView} from './views/map.js';
import {openNowView} from './views/open-now.js';
import {overviewView} from './views/overview.js';
import {slotView} from './views/slot.js';
import {userView} from './views/user.js';
import {usersView} from './views/users.js';

export {createTheme, extraGlyphs, type ThemeOptions} from './theme.js';

/** Every view by id. */
export const VIEWS: Record<ViewId, ViewDescriptor> = {
	overview: overviewView,
	heatmap: heatmapView,
	hourly: hourlyView,
	hosts: hostsView,
	map: mapView,
	users: usersView,
	events: eventsView,
	log: logView,
	host: hostView,
	user: userView,
	slot: slotView,
	'event-user': eventUserView,
	open: openNowView,
	anomalies: anomaliesView,
};
