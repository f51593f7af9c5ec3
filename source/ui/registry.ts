/**
 * The view registry the shell renders from: one descriptor per view id, and the theme factory.
 *
 * Sorting convention: `SortState.descending === false` means the column's natural direction
 * (numbers high → low, text a → z, times newest first); `true` reverses it. `sortColumns[0]` is the
 * view's default ordering.
 */
import type {ViewDescriptor, ViewId} from './view-contract.js';
import {heatmapView} from './views/heatmap.js';
import {overviewView} from './views/overview.js';
import {placeholderView} from './views/placeholder.js';

export {createTheme, extraGlyphs, type ThemeOptions} from './theme.js';

/** Every view by id. */
export const VIEWS: Record<ViewId, ViewDescriptor> = {
	overview: overviewView,
	heatmap: heatmapView,
	hourly: placeholderView('hourly', 'Hourly'),
	hosts: placeholderView('hosts', 'Hosts'),
	map: placeholderView('map', 'Cluster map'),
	users: placeholderView('users', 'Users'),
	events: placeholderView('events', 'Events'),
	host: placeholderView('host', 'Host'),
	user: placeholderView('user', 'User'),
	slot: placeholderView('slot', 'Slot'),
	'event-user': placeholderView('event-user', 'Event user'),
};
