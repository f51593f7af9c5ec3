/**
 * The view registry the shell renders from: one descriptor per view id, and the theme factory.
 *
 * Sorting convention: `SortState.descending === false` means the column's natural direction
 * (numbers high → low, text a → z, times newest first); `true` reverses it. `sortColumns[0]` is the
 * view's default ordering.
 */
import type {ViewDescriptor, ViewId} from './view-contract.js';
import {heatmapView} from './views/heatmap.js';
import {hostsView} from './views/hosts.js';
import {hourlyView} from './views/hourly.js';
import {mapView} from './views/map.js';
import {overviewView} from './views/overview.js';
import {usersView} from './views/users.js';
import {placeholderView} from './views/placeholder.js';

export {createTheme, extraGlyphs, type ThemeOptions} from './theme.js';

/** Every view by id. */
export const VIEWS: Record<ViewId, ViewDescriptor> = {
	overview: overviewView,
	heatmap: heatmapView,
	hourly: hourlyView,
	hosts: hostsView,
	map: mapView,
	users: usersView,
	events: placeholderView('events', 'Events'),
	host: placeholderView('host', 'Host'),
	user: placeholderView('user', 'User'),
	slot: placeholderView('slot', 'Slot'),
	'event-user': placeholderView('event-user', 'Event user'),
};
