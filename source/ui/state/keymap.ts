/**
 * The key binding table: the single source for key dispatch (resolve-key.ts), the help overlay,
 * the footer legend and the README's key table (keys-doc.ts). Changing a key here changes all four.
 * A binding's scope names what a view must support for the key to do something; a key outside its
 * scope is neither bound nor shown.
 */
import {TOP_VIEWS, type ViewId} from '../view-contract.js';
import {asciiKeyLabel, keyLabel} from './keys.js';

/** Input modes; each keeps its own bindings. */
export const MODES = ['normal', 'filter', 'help', 'export', 'range'] as const;
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
	'filter.mode',
	'match.next',
	'match.prev',
	'range.next',
	'range.prev',
	'range.back',
	'range.forward',
	'range.open',
	'range.insert',
	'range.backspace',
	'range.apply',
	'range.cancel',
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
	'help.top',
	'help.bottom',
	'help.close',
] as const;
export type ActionId = (typeof ACTION_IDS)[number];

/**
 * Where a binding applies: every view, views with a grid / list cursor, or views that declare a
 * capability (sortable columns, a filter, a metric, a drill-down, a panel), or when Esc has
 * something to undo (a drill-down level or a filter).
 */
export type Scope = 'all' | 'grid' | 'list' | 'sortable' | 'filterable' | 'metric' | 'drill' | 'panel' | 'back';

/** What the resolver knows about the current view when matching scopes (shell/scope.ts builds it). */
export type ScopeContext = {
	readonly view: ViewId;
	readonly cursorKind: 'list' | 'grid' | 'none';
	readonly sortable: boolean;
	readonly filterable: boolean;
	readonly metric: boolean;
	readonly drill: boolean;
	readonly panel: boolean;
	/** The legend's label for `v` (the view's panel: "heatmap", "relative scale"). */
	readonly panelLabel?: string;
	/** The stack has a level to go back to, or the filter is set. */
	readonly canGoBack: boolean;
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
	/**
	 * The help overlay shows this binding on one line with its opposite (`t`/`T`, `[`/`]`): the
	 * paired action and the sentence for both. The paired binding's own line is left out.
	 */
	readonly pair?: {readonly action: ActionId; readonly description: string};
};

const all: readonly Scope[] = ['all'];
const normal: readonly Mode[] = ['normal'];

const jumpKeys = TOP_VIEWS.map((_, index) => String(index + 1));

/** The binding table, in legend priority order within each mode. */
export const KEYMAP: readonly Binding[] = [
	// Normal mode.
	{action: 'app.help', keys: ['?'], label: 'help', description: 'Show every key binding', group: 'General', scopes: all, modes: normal, showInLegend: true},
	{action: 'app.quit', keys: ['q'], label: 'quit', description: 'Quit bigstat42', group: 'General', scopes: all, modes: normal, showInLegend: true},
	{action: 'view.jump', keys: jumpKeys, keysLabel: `1-${jumpKeys.length}`, label: 'views', description: `Jump to a view: ${TOP_VIEWS.map((view, index) => `${index + 1} ${view}`).join(', ')}`, group: 'Views', scopes: all, modes: normal, showInLegend: true},
	{action: 'drill.enter', keys: ['enter'], label: 'open', description: 'Open the row or cell under the cursor', group: 'Views', scopes: ['drill'], modes: normal, showInLegend: true},
	{action: 'nav.back', keys: ['esc', 'backspace'], label: 'back', description: 'Go back one level (at the top: clear the filter)', group: 'Views', scopes: ['back'], modes: normal, showInLegend: true},
	{action: 'filter.open', keys: ['/'], label: 'filter', description: 'Filter rows: every text column of the view (case-insensitive)', group: 'Filter', scopes: ['filterable'], modes: normal, showInLegend: true},
	{action: 'range.next', keys: ['t'], label: 'range', description: 'Next time range (1d, 7d, 30d, 90d, all)', group: 'Data', scopes: all, modes: normal, showInLegend: true, pair: {action: 'range.prev', description: 'Next / previous time range (1d, 7d, 30d, 90d, all)'}},
	{action: 'sort.next', keys: ['s'], label: 'sort', description: 'Sort by the next column', group: 'Data', scopes: ['sortable'], modes: normal, showInLegend: true, pair: {action: 'sort.reverse', description: 'Sort by the next column / reverse the sort'}},
	{action: 'metric.next', keys: ['m'], label: 'metric', description: 'Switch metric (occupancy / session starts)', group: 'Data', scopes: ['metric'], modes: normal, showInLegend: true},
	{action: 'panel.toggle', keys: ['v'], label: 'heatmap', description: 'Show or hide the view\'s panel: hosts, the host × hour heatmap; map, the relative colour scale', group: 'Data', scopes: ['panel'], modes: normal, showInLegend: true},
	{action: 'export.open', keys: ['e'], label: 'export', description: 'Export this view to a file (text, CSV, JSON or PNG chart)', group: 'Export', scopes: all, modes: normal, showInLegend: true},
	{action: 'live.toggle', keys: ['L'], label: 'live', description: 'Turn live updates on or off', group: 'Data', scopes: all, modes: normal, showInLegend: true},
	{action: 'view.next', keys: ['tab'], label: 'next view', description: 'Next top-level view', group: 'Views', scopes: all, modes: normal, showInLegend: false, pair: {action: 'view.prev', description: 'Next / previous top-level view'}},
	{action: 'view.prev', keys: ['shift+tab'], label: 'prev view', description: 'Previous top-level view', group: 'Views', scopes: all, modes: normal, showInLegend: false},
	{action: 'cursor.up', keys: ['up', 'k'], label: 'up', description: 'Move up', group: 'Move', scopes: all, modes: normal, showInLegend: false, pair: {action: 'cursor.down', description: 'Move up / down'}},
	{action: 'cursor.down', keys: ['down', 'j'], label: 'down', description: 'Move down', group: 'Move', scopes: all, modes: normal, showInLegend: false},
	{action: 'cursor.left', keys: ['left', 'h'], label: 'left', description: 'Move left', group: 'Move', scopes: ['grid'], modes: normal, showInLegend: false, pair: {action: 'cursor.right', description: 'Move left / right'}},
	{action: 'cursor.right', keys: ['right', 'l'], label: 'right', description: 'Move right', group: 'Move', scopes: ['grid'], modes: normal, showInLegend: false},
	{action: 'cursor.pageUp', keys: ['pageup', 'ctrl+b'], label: 'page up', description: 'Page up', group: 'Move', scopes: all, modes: normal, showInLegend: false, pair: {action: 'cursor.pageDown', description: 'Page up / down'}},
	{action: 'cursor.pageDown', keys: ['pagedown', 'ctrl+f'], label: 'page down', description: 'Page down', group: 'Move', scopes: all, modes: normal, showInLegend: false},
	{action: 'cursor.first', keys: ['g', 'home'], label: 'first', description: 'First row', group: 'Move', scopes: all, modes: normal, showInLegend: false, pair: {action: 'cursor.last', description: 'First / last row'}},
	{action: 'cursor.last', keys: ['G', 'end'], label: 'last', description: 'Last row', group: 'Move', scopes: all, modes: normal, showInLegend: false},
	{action: 'filter.mode', keys: ['&'], label: 'marks', description: 'Filter mode: only the matching rows, or every row with the matches marked', group: 'Filter', scopes: ['filterable'], modes: normal, showInLegend: false},
	{action: 'match.next', keys: ['n'], label: 'next match', description: 'Next row matching the filter', group: 'Filter', scopes: ['filterable'], modes: normal, showInLegend: false, pair: {action: 'match.prev', description: 'Next / previous row matching the filter'}},
	{action: 'match.prev', keys: ['N'], label: 'prev match', description: 'Previous row matching the filter', group: 'Filter', scopes: ['filterable'], modes: normal, showInLegend: false},
	{action: 'range.prev', keys: ['T'], label: 'prev range', description: 'Previous time range preset', group: 'Data', scopes: all, modes: normal, showInLegend: false},
	{action: 'range.back', keys: ['['], label: 'earlier', description: 'Move the range back by its length', group: 'Data', scopes: all, modes: normal, showInLegend: false, pair: {action: 'range.forward', description: 'Move the range back / forward by its length (not past the data or now)'}},
	{action: 'range.forward', keys: [']'], label: 'later', description: 'Move the range forward by its length (up to now)', group: 'Data', scopes: all, modes: normal, showInLegend: false},
	{action: 'range.open', keys: ['R'], label: 'type range', description: 'Type a range: 14d, all, 2026-11-01..2026-11-15 (to exclusive) or an ISO instant pair', group: 'Data', scopes: all, modes: normal, showInLegend: false},
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
	// Range prompt.
	{action: 'range.apply', keys: ['enter'], label: 'apply', description: 'Show the typed range', group: 'Data', scopes: all, modes: ['range'], showInLegend: true},
	{action: 'range.cancel', keys: ['esc'], label: 'cancel', description: 'Keep the current range', group: 'Data', scopes: all, modes: ['range'], showInLegend: true},
	{action: 'range.backspace', keys: ['backspace'], label: 'delete', description: 'Delete the last character', group: 'Data', scopes: all, modes: ['range'], showInLegend: false},
	{action: 'range.insert', keys: [PRINTABLE], keysLabel: 'text', label: 'type', description: 'Type the range', group: 'Data', scopes: all, modes: ['range'], showInLegend: false},
	// Help overlay.
	{action: 'help.close', keys: ['?', 'esc', 'q'], label: 'close', description: 'Close the help', group: 'Help', scopes: all, modes: ['help'], showInLegend: true},
	{action: 'help.down', keys: ['down', 'j', 'pagedown', 'ctrl+f'], label: 'scroll', description: 'Scroll the help down', group: 'Help', scopes: all, modes: ['help'], showInLegend: true, pair: {action: 'help.up', description: 'Scroll the help down / up'}},
	{action: 'help.up', keys: ['up', 'k', 'pageup', 'ctrl+b'], label: 'scroll up', description: 'Scroll the help up', group: 'Help', scopes: all, modes: ['help'], showInLegend: false},
	{action: 'help.bottom', keys: ['G', 'end'], label: 'bottom', description: 'Scroll to the end of the help', group: 'Help', scopes: all, modes: ['help'], showInLegend: false, pair: {action: 'help.top', description: 'Scroll to the end / the top of the help'}},
	{action: 'help.top', keys: ['g', 'home'], label: 'top', description: 'Scroll to the top of the help', group: 'Help', scopes: all, modes: ['help'], showInLegend: false},
	// Export prompt.
	{action: 'export.text', keys: ['t'], label: 'text', description: 'Export the whole view as plain text (every row, no cursor or key hints)', group: 'Export', scopes: all, modes: ['export'], showInLegend: true},
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

			case 'filterable': {
				return context.filterable;
			}

			case 'metric': {
				return context.metric;
			}

			case 'drill': {
				return context.drill;
			}

			case 'panel': {
				return context.panel;
			}

			case 'back': {
				return context.canGoBack;
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
			label: binding.action === 'panel.toggle' && context.panelLabel !== undefined ? context.panelLabel : binding.label,
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

/** One line of the help: a binding, or a binding paired with its opposite. */
export type HelpEntry = {readonly keys: string; readonly description: string; readonly modes: readonly Mode[]};

function entryOf(binding: Binding, ascii: boolean): HelpEntry {
	const paired = binding.pair === undefined ? undefined : KEYMAP.find((other) => other.action === binding.pair?.action);
	if (!binding.pair || !paired) return {keys: bindingKeysLabel(binding, ascii), description: binding.description, modes: binding.modes};
	return {keys: `${bindingKeysLabel(binding, ascii)} ${ascii ? '|' : '·'} ${bindingKeysLabel(paired, ascii)}`, description: binding.pair.description, modes: binding.modes};
}

const pairedAway = new Set<ActionId>(KEYMAP.flatMap((binding) => (binding.pair ? [binding.pair.action] : [])));

/**
 * Help overlay content. With a scope, "This view" comes first: the keys that only some views
 * support and this one does. Then every binding by group, in the order groups first appear.
 */
export function helpSections(scope?: ScopeContext, ascii = false): Array<{readonly group: string; readonly entries: readonly HelpEntry[]}> {
	const shown = KEYMAP.filter((binding) => !pairedAway.has(binding.action));
	const sections: Array<{group: string; entries: HelpEntry[]}> = [];
	if (scope) {
		const specific = shown.filter((binding) => binding.modes.includes('normal') && !binding.scopes.includes('all') && inScope(binding, scope));
		if (specific.length > 0) sections.push({group: `This view (${scope.view})`, entries: specific.map((binding) => entryOf(binding, ascii))});
	}

	const groups: Array<Binding['group']> = [];
	for (const binding of shown) if (!groups.includes(binding.group)) groups.push(binding.group);
	for (const group of groups) sections.push({group, entries: shown.filter((binding) => binding.group === group).map((binding) => entryOf(binding, ascii))});
	return sections;
}
