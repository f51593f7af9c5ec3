/**
 * What the keymap needs to know about the current view: what it declares it supports, and whether
 * Esc has anything to undo. Keys outside this scope are neither bound nor shown.
 */
import type {ScopeContext} from '../state/keymap.js';
import {currentEntry, type NavState} from '../state/navigation.js';
import type {ViewDescriptor} from '../view-contract.js';

/** The scope of a view at a navigation state. */
export function scopeOf(view: ViewDescriptor, nav: Pick<NavState, 'stack'>): ScopeContext {
	const entry = currentEntry(nav as NavState);
	return {
		view: view.id,
		cursorKind: view.cursorKind,
		sortable: view.sortColumns.length > 0,
		filterable: view.supports.filter,
		metric: view.supports.metric,
		drill: view.supports.drill,
		panel: view.supports.panel !== undefined,
		...(view.supports.panel === undefined ? {} : {panelLabel: view.supports.panel}),
		canGoBack: nav.stack.length > 1 || entry.filter !== '',
	};
}
