/**
 * The key binding table: the single source for key dispatch (resolve-key.ts), the help overlay
 * and the footer legend. Changing a key here changes all three.
 */
import type {ViewId} from '../view-contract.js';
import {asciiKeyLabel, keyLabel} from './keys.js';

/** Input modes; each keeps its own bindings. */
export const MODES = ['normal', 'filter', 'help', 'export'] as const;
export type Mode = (typeof MODES)[number];

/** Every action a key can trigger. Dotted verb phrases. */
export const ACTION_IDS = [
	'app.help',
	'app.quit',
	'app.forceQuit',
	'app.redraw',
	'view.jump',
	'view.next',
	'view.prev',
	'cursor.up',
	'cursor.down',
	'cursor.left',
	'cursor.right',
	'cursor.pageUp',
	'cursor.pageDown',
	'cursor.first',
	'cursor.last',
	'drill.enter',
	'nav.back',
	'filter.open',
	'filter.insert',
	'filter.backspace',
	'filter.clear',
	'filter.apply',
	'filter.cancel',
	'match.next',
	'match.prev',
	'range.next',
	'range.prev',
	'range.back',
	'range.forward',
	'metric.next',
	'panel.toggle',
	'sort.next',
	'sort.reverse',
	'data.reload',
	'live.pause',
	'live.toggle',
	'export.open',
	'export.text',
	'export.csv',
	'export.json',
	'export.png',
	'export.cancel',
	'help.up',
	'help.down',
	'help.close',
] as const;
export type ActionId = (typeof ACTION_IDS)[number];

/**
 * Where a binding applies: every view, views with a grid / list cursor, views with sortable
 * columns, or specific views.
 */
export type Scope = 'all' | 'grid' | 'list' | 'sortable' | ViewId;

/** What the resolver knows about the current view when matching scopes. */
export type ScopeContext = {
	readonly view: ViewId;
	readonly cursorKind: 'list' | 'grid' | 'none';
	readonly sortable: boolean;
};

/** The pseudo key that stands for "any printable character" (filter prompt typing). */
export const PRINTABLE = '<printable>';

export type Binding = {
	readonly action: ActionId;
	/** Canonical key names (keys.ts), or PRINTABLE. */
	readonly keys: readonly string[];
	/** Short label for the legend ("help", "views"). */
	readonly label: string;
	/** One sentence for the help overlay. */
	readonly description: string;
	/** Help overlay section. */
	readonly group: 'General' | 'Views' | 'Move' | 'Data' | 'Filter' | 'Help' | 'Export';
	readonly scopes: readonly Scope[];
	readonly modes: readonly Mode[];
	readonly showInLegend: boolean;
	/** Overrides how the keys are shown (e.g. "1-7" instead of seven digits). */
	readonly keysLabel?: string;
};

const all: readonly Scope[] = ['all'];
const normal: readonly Mode[] = ['normal'];

/** The binding table, in legend priority order within each mode. */
export const KEYMAP: readonly Binding[] = [
	// Normal mode.
	{action: 'app.help', keys: ['?'], label: 'help', description: 'Show every key binding', group: 'General', scopes: all, modes: normal, showInLegend: true},
	{action: 'app.quit', keys: ['q'], label: 'quit', description: 'Quit bigstat42', group: 'General', scopes: all, modes: normal, showInLegend: true},
	{action: 'view.jump', keys: ['1', '2', '3', '4', '5', '6', '7'], keysLabel: '1-7', label: 'views', description: 'Jump to a view: 1 overview, 2 heatmap, 3 hourly, 4 hosts, 5 map, 6 users, 7 events', group: 'Views', scopes: all, modes: normal, showInLegend: true},
	{action: 'drill.enter', keys: ['enter'], label: 'open', description: 'Open the row or cell under the cursor', group: 'Views', scopes: ['grid', 'list'], modes: normal, showInLegend: true},
	{action: 'nav.back', keys: ['esc', 'backspace'], label: 'back', description: 'Go back one level (at the top: clear the filter)', group: 'Views', scopes: all, modes: normal, showInLegend: true},
	{action: 'filter.open', keys: ['/'], label: 'filter', description: 'Filter rows by host or login (case-insensitive)', group: 'Filter', scopes: all, modes: normal, showInLegend: true},
	{action: 'range.next', keys: ['t'], label: 'range', description: 'Next time range (1d, 7d, 30d, 90d, all)', group: 'Data', scopes: all, modes: normal, showInLegend: true},
	{action: 'sort.next', keys: ['s'], label: 'sort', description: 'Sort by the next column', group: 'Data', scopes: ['sortable'], modes: normal, showInLegend: true},
	{action: 'metric.next', keys: ['m'], label: 'metric', description: 'Switch metric (occupancy / session starts)', group: 'Data', scopes: ['overview', 'heatmap', 'hourly', 'map'], modes: normal, showInLegend: true},
	{action: 'panel.toggle', keys: ['v'], label: 'heatmap', description: 'Show or hide the host × hour heatmap under the table', group: 'Data', scopes: ['hosts'], modes: normal, showInLegend: true},
	{action: 'export.open', keys: ['e'], label: 'export', description: 'Export this view to a file (text, CSV, JSON or PNG chart)', group: 'Export', scopes: all, modes: normal, showInLegend: true},
	{action: 'live.toggle', keys: ['L'], label: 'live', description: 'Turn live updates on or off', group: 'Data', scopes: all, modes: normal, showInLegend: true},
	{action: 'view.next', keys: ['tab'], label: 'next view', description: 'Next top-level view', group: 'Views', scopes: all, modes: normal, showInLegend: false},
	{action: 'view.prev', keys: ['shift+tab'], label: 'prev view', description: 'Previous top-level view', group: 'Views', scopes: all, modes: normal, showInLegend: false},
	{action: 'cursor.up', keys: ['up', 'k'], label: 'up', description: 'Move up', group: 'Move', scopes: all, modes: normal, showInLegend: false},
	{action: 'cursor.down', keys: ['down', 'j'], label: 'down', description: 'Move down', group: 'Move', scopes: all, modes: normal, showInLegend: false},
	{action: 'cursor.left', keys: ['left', 'h'], label: 'left', description: 'Move left (grid views)', group: 'Move', scopes: ['grid'], modes: normal, showInLegend: false},
	{action: 'cursor.right', keys: ['right', 'l'], label: 'right', description: 'Move right (grid views)', group: 'Move', scopes: ['grid'], modes: normal, showInLegend: false},
	{action: 'cursor.pageUp', keys: ['pageup', 'ctrl+b'], label: 'page up', description: 'Page up', group: 'Move', scopes: all, modes: normal, showInLegend: false},
	{action: 'cursor.pageDown', keys: ['pagedown', 'ctrl+f'], label: 'page down', description: 'Page down', group: 'Move', scopes: all, modes: normal, showInLegend: false},
	{action: 'cursor.first', keys: ['g', 'home'], label: 'first', description: 'First row', group: 'Move', scopes: all, modes: normal, showInLegend: false},
	{action: 'cursor.last', keys: ['G', 'end'], label: 'last', description: 'Last row', group: 'Move', scopes: all, modes: normal, showInLegend: false},
	{action: 'match.next', keys: ['n'], label: 'next match', description: 'Next row matching the filter', group: 'Filter', scopes: all, modes: normal, showInLegend: false},
	{action: 'match.prev', keys: ['N'], label: 'prev match', description: 'Previous row matching the filter', group: 'Filter', scopes: all, modes: normal, showInLegend: false},
	{action: 'range.prev', keys: ['T'], label: 'prev range', description: 'Previous time range preset', group: 'Data', scopes: all, modes: normal, showInLegend: false},
	{action: 'range.back', keys: ['['], label: 'earlier', description: 'Move the range back by its length', group: 'Data', scopes: all, modes: normal, showInLegend: false},
	{action: 'range.forward', keys: [']'], label: 'later', description: 'Move the range forward by its length (up to now)', group: 'Data', scopes: all, modes: normal, showInLegend: false},
	{action: 'sort.reverse', keys: ['S'], label: 'reverse', description: 'Reverse the sort direction', group: 'Data', scopes: ['sortable'], modes: normal, showInLegend: false},
	{action: 'data.reload', keys: ['r'], label: 'reload', description: 'Reload the data', group: 'Data', scopes: all, modes: normal, showInLegend: false},
	{action: 'live.pause', keys: ['p'], label: 'pause', description: 'Pause or resume live updates', group: 'Data', scopes: all, modes: normal, showInLegend: false},
	{action: 'app.redraw', keys: ['ctrl+l'], label: 'redraw', description: 'Clear and redraw the screen', group: 'General', scopes: all, modes: normal, showInLegend: false},
	// Ctrl-C quits from every mode (in the filter prompt `q` is just a letter).
	{action: 'app.forceQuit', keys: ['ctrl+c'], label: 'quit', description: 'Quit, from any mode', group: 'General', scopes: all, modes: MODES, showInLegend: false},
	// Filter prompt.
	{action: 'filter.apply', keys: ['enter'], label: 'apply', description: 'Apply the filter', group: 'Filter', scopes: all, modes: ['filter'], showInLegend: true},
	{action: 'filter.cancel', keys: ['esc'], label: 'cancel', description: 'Cancel, restoring the previous filter', group: 'Filter', scopes: all, modes: ['filter'], showInLegend: true},
	{action: 'filter.clear', keys: ['ctrl+u'], label: 'clear', description: 'Clear the filter text', group: 'Filter', scopes: all, modes: ['filter'], showInLegend: true},
	{action: 'filter.backspace', keys: ['backspace'], label: 'delete', description: 'Delete the last character', group: 'Filter', scopes: all, modes: ['filter'], showInLegend: false},
	{action: 'filter.insert', keys: [PRINTABLE], keysLabel: 'text', label: 'type', description: 'Type to filter (rows update as you type)', group: 'Filter', scopes: all, modes: ['filter'], showInLegend: false},
	// Help overlay.
	{action: 'help.close', keys: ['?', 'esc', 'q'], label: 'close', description: 'Close the help', group: 'Help', scopes: all, modes: ['help'], showInLegend: true},
	{action: 'help.down', keys: ['down', 'j', 'pagedown', 'ctrl+f'], label: 'scroll', description: 'Scroll the help down', group: 'Help', scopes: all, modes: ['help'], showInLegend: true},
	{action: 'help.up', keys: ['up', 'k', 'pageup', 'ctrl+b'], label: 'scroll up', description: 'Scroll the help up', group: 'Help', scopes: all, modes: ['help'], showInLegend: false},
	// Export prompt.
	{action: 'export.text', keys: ['t'], label: 'text', description: 'Export a plain-text snapshot of the screen', group: 'Export', scopes: all, modes: ['export'], showInLegend: true},
	{action: 'export.csv', keys: ['c'], label: 'CSV', description: 'Export the view\'s table as CSV', group: 'Export', scopes: all, modes: ['export'], showInLegend: true},
	{action: 'export.json', keys: ['j'], label: 'JSON', description: 'Export the view\'s table as JSON', group: 'Export', scopes: all, modes: ['export'], showInLegend: true},
	{action: 'export.png', keys: ['p'], label: 'PNG', description: 'Export the view\'s chart as PNG (views with a chart)', group: 'Export', scopes: all, modes: ['export'], showInLegend: true},
	{action: 'export.cancel', keys: ['esc'], label: 'cancel', description: 'Cancel the export', group: 'Export', scopes: all, modes: ['export'], showInLegend: true},
];

/** True when a binding's scopes include the current view. */
export function inScope(binding: Binding, context: ScopeContext): boolean {
	return binding.scopes.some((scope) => {
		switch (scope) {
			case 'all': {
				return true;
			}

			case 'grid':
			case 'list': {
				return context.cursorKind === scope;
			}

			case 'sortable': {
				return context.sortable;
			}

			default: {
				return context.view === scope;
			}
		}
	});
}

/** Bindings active in a mode and view. */
export function activeBindings(mode: Mode, context: ScopeContext): Binding[] {
	return KEYMAP.filter((binding) => binding.modes.includes(mode) && inScope(binding, context));
}

/** The keys of a binding as shown to people ("↑/k", "1-7"). */
export function bindingKeysLabel(binding: Binding, ascii = false): string {
	if (binding.keysLabel) return binding.keysLabel;
	return binding.keys.map((key) => (ascii ? asciiKeyLabel(key) : keyLabel(key))).join('/');
}

/** One legend item: the first key of the binding and its label. */
export type LegendItem = {readonly action: ActionId; readonly key: string; readonly label: string};

/**
 * The footer legend for a mode and view, fitted to `width` cells: items in table order, dropped
 * from the end when they do not fit (the first one, `? help` in normal mode, always stays).
 */
export function legendItems(mode: Mode, context: ScopeContext, width: number, ascii = false): LegendItem[] {
	const candidates = activeBindings(mode, context)
		.filter((binding) => binding.showInLegend)
		.map((binding) => ({
			action: binding.action,
			key: binding.keysLabel ?? (ascii ? asciiKeyLabel(binding.keys[0] ?? '') : keyLabel(binding.keys[0] ?? '')),
			label: binding.label,
		}));
	const fitted: LegendItem[] = [];
	let used = 0;
	for (const item of candidates) {
		// "key label" plus two spaces of separation.
		const cost = item.key.length + 1 + item.label.length + (fitted.length > 0 ? 2 : 0);
		if (fitted.length > 0 && used + cost > width) break;
		fitted.push(item);
		used += cost;
	}

	return fitted;
}

/** Help overlay content: bindings by group, in the order groups first appear in the table. */
export function helpSections(): Array<{readonly group: Binding['group']; readonly bindings: readonly Binding[]}> {
	const groups: Array<Binding['group']> = [];
	for (const binding of KEYMAP) if (!groups.includes(binding.group)) groups.push(binding.group);
	return groups.map((group) => ({group, bindings: KEYMAP.filter((binding) => binding.group === group)}));
}
