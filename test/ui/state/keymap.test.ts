/**
 * Keymap invariants: every action described, no key bound twice in one scope and mode, every
 * legend entry resolves to its action, every action reachable by some key.
 */
import {describe, expect, it} from 'vitest';
import {
	ACTION_IDS,
	KEYMAP,
	MODES,
	PRINTABLE,
	activeBindings,
	legendItems,
	type ScopeContext,
} from '../../../source/ui/state/keymap.js';
import {resolveKey} from '../../../source/ui/state/resolve-key.js';
import {TOP_VIEWS, type ViewId} from '../../../source/ui/view-contract.js';
import {helpLines, wrappedHelpLines} from '../../../source/ui/components/help-overlay.js';
import {VIEWS} from '../../../source/ui/registry.js';
import {scopeOf} from '../../../source/ui/shell/scope.js';
import type {NavState} from '../../../source/ui/state/navigation.js';

const VIEW_IDS: readonly ViewId[] = [...TOP_VIEWS, 'host', 'user', 'slot', 'event-user'];
/** Every combination of view, cursor kind and sortability the resolver can meet. */
const FLAGS = [true, false] as const;
const CONTEXTS: ScopeContext[] = VIEW_IDS.flatMap((view) =>
	(['list', 'grid', 'none'] as const).flatMap((cursorKind) =>
		FLAGS.flatMap((sortable) => FLAGS.flatMap((on) => FLAGS.map((canGoBack) => ({view, cursorKind, sortable, filterable: on, metric: on, drill: on, panel: on, canGoBack})))),
	),
);

/** A scope with every capability of a list view like hosts. */
function scope(view: ViewId, cursorKind: ScopeContext['cursorKind'], sortable: boolean, more: Partial<ScopeContext> = {}): ScopeContext {
	return {view, cursorKind, sortable, filterable: true, metric: false, drill: true, panel: false, canGoBack: false, ...more};
}

describe('keymap invariants', () => {
	it('describes every action: label, description, group, at least one key and one mode', () => {
		for (const binding of KEYMAP) {
			expect(binding.label, binding.action).not.toBe('');
			expect(binding.description.length, binding.action).toBeGreaterThan(5);
			expect(binding.keys.length, binding.action).toBeGreaterThan(0);
			expect(binding.modes.length, binding.action).toBeGreaterThan(0);
			expect(binding.scopes.length, binding.action).toBeGreaterThan(0);
		}
	});

	it('binds every action id and only known ones', () => {
		const bound = new Set(KEYMAP.map((binding) => binding.action));
		expect([...bound].sort()).toEqual([...ACTION_IDS].sort());
	});

	it('never binds a key twice in one mode and view scope', () => {
		for (const mode of MODES) {
			for (const context of CONTEXTS) {
				const seen = new Map<string, string>();
				for (const binding of activeBindings(mode, context)) {
					for (const key of binding.keys) {
						const clash = seen.get(key);
						expect(clash, `${mode}/${context.view}/${context.cursorKind}: "${key}" bound to ${clash} and ${binding.action}`).toBeUndefined();
						seen.set(key, binding.action);
					}
				}
			}
		}
	});

	it('resolves every legend entry to its own action', () => {
		for (const mode of MODES) {
			for (const context of CONTEXTS) {
				for (const item of legendItems(mode, context, 1000)) {
					const binding = KEYMAP.find((candidate) => candidate.action === item.action);
					const key = binding?.keys[0] ?? '';
					expect(resolveKey(key === PRINTABLE ? 'x' : key, mode, context)?.type).toBe(item.action);
				}
			}
		}
	});

	it('makes every action reachable: some key in some mode and view resolves to it', () => {
		const reached = new Set<string>();
		for (const mode of MODES) {
			for (const context of CONTEXTS) {
				for (const binding of activeBindings(mode, context)) {
					for (const key of binding.keys) {
						const action = resolveKey(key === PRINTABLE ? 'x' : key, mode, context);
						if (action) reached.add(action.type);
					}
				}
			}
		}

		expect([...reached].sort()).toEqual([...ACTION_IDS].sort());
	});

	it('reaches every mode from normal mode (and back)', () => {
		const context: ScopeContext = scope('hosts', 'list', true);
		expect(resolveKey('/', 'normal', context)?.type).toBe('filter.open');
		expect(resolveKey('?', 'normal', context)?.type).toBe('app.help');
		expect(resolveKey('e', 'normal', context)?.type).toBe('export.open');
		expect(resolveKey('esc', 'filter', context)?.type).toBe('filter.cancel');
		expect(resolveKey('esc', 'help', context)?.type).toBe('help.close');
		expect(resolveKey('esc', 'export', context)?.type).toBe('export.cancel');
	});

	it('quits with Ctrl-C in every mode, while q is just a letter in the filter prompt', () => {
		const context: ScopeContext = scope('overview', 'none', false);
		for (const mode of MODES) expect(resolveKey('ctrl+c', mode, context)?.type).toBe('app.forceQuit');
		expect(resolveKey('q', 'filter', context)).toEqual({type: 'filter.insert', key: 'q'});
	});

	it('scopes ←/→ to grid views and s/S to sortable views', () => {
		expect(resolveKey('l', 'normal', scope('heatmap', 'grid', false))?.type).toBe('cursor.right');
		expect(resolveKey('l', 'normal', scope('hosts', 'list', true))).toBeUndefined();
		expect(resolveKey('s', 'normal', scope('overview', 'none', false))).toBeUndefined();
	});

	it('fits the legend to the width, always keeping the first entry', () => {
		const context: ScopeContext = scope('hosts', 'list', true);
		const wide = legendItems('normal', context, 80);
		expect(wide[0]?.action).toBe('app.help');
		const text = wide.map((item) => `${item.key} ${item.label}`).join('  ');
		expect(text.length).toBeLessThanOrEqual(80);
		expect(legendItems('normal', context, 5).map((item) => item.action)).toEqual(['app.help']);
	});

	it('generates the help from the table: every binding has a line', () => {
		const lines = helpLines();
		const paired = new Set(KEYMAP.flatMap((binding) => (binding.pair ? [binding.pair.action] : [])));
		for (const binding of KEYMAP) {
			const description = binding.pair?.description ?? binding.description;
			expect(lines.some((line) => line.text.startsWith(description)) || paired.has(binding.action), binding.action).toBe(true);
		}
	});

	it('wraps long descriptions at 80 columns instead of cutting them', () => {
		const wrapped = wrappedHelpLines(80, 14);
		for (const line of wrapped) expect(2 + 14 + line.text.length).toBeLessThanOrEqual(80);
		const jump = wrapped.findIndex((line) => line.text.startsWith('Jump to a view'));
		expect(jump).toBeGreaterThanOrEqual(0);
		expect(wrapped[jump + 1]?.keys).toBe('');
		expect(`${wrapped[jump]?.text ?? ''} ${wrapped[jump + 1]?.text ?? ''}`).toContain('7 events');
	});
});

describe('keys only where they do something (the views declare what they support)', () => {
	const root: Pick<NavState, 'stack'> = {stack: [{view: 'overview', params: {}, cursor: {row: 0, col: 0, scroll: 0}, filter: ''}]};
	const legendOf = (view: ViewId, nav: Pick<NavState, 'stack'> = root) => legendItems('normal', scopeOf(VIEWS[view], nav), 200).map((item) => item.action);

	it('the overview neither binds nor shows / filter or m metric', () => {
		expect(legendOf('overview')).not.toContain('filter.open');
		expect(legendOf('overview')).not.toContain('metric.next');
		// The overview's sections open with Enter (open now, anomalies, busiest hosts and users).
		expect(legendOf('overview')).toContain('drill.enter');
		expect(resolveKey('/', 'normal', scopeOf(VIEWS.overview, root))).toBeUndefined();
		expect(resolveKey('m', 'normal', scopeOf(VIEWS.overview, root))).toBeUndefined();
		// Hourly now opens the slot under its cursor, so Enter is bound and shown there.
		expect(legendOf('hourly')).toContain('drill.enter');
		expect(legendOf('hourly')).toContain('metric.next');
		expect(legendOf('hosts')).toEqual(expect.arrayContaining(['filter.open', 'drill.enter', 'sort.next', 'panel.toggle']));
		expect(legendOf('users')).not.toContain('panel.toggle');
	});

	it('shows Esc back only when there is a level or a filter to go back from', () => {
		expect(legendOf('hosts')).not.toContain('nav.back');
		const filtered: Pick<NavState, 'stack'> = {stack: [{view: 'hosts', params: {}, cursor: {row: 0, col: 0, scroll: 0}, filter: 'c1'}]};
		expect(legendOf('hosts', filtered)).toContain('nav.back');
	});

	it('derives the view keys from the view list', () => {
		const jump = KEYMAP.find((binding) => binding.action === 'view.jump');
		expect(jump?.keys).toEqual(TOP_VIEWS.map((_, index) => String(index + 1)));
		expect(jump?.keysLabel).toBe(`1-${TOP_VIEWS.length}`);
	});

	it('the help lists the current view\'s own keys first, pairs opposites, and g/G scroll it', () => {
		const lines = helpLines(false, scopeOf(VIEWS.hosts, root));
		expect(lines[0]?.text).toBe('This view (hosts)');
		expect(lines.slice(1, 8).map((line) => line.text)).toEqual(expect.arrayContaining([expect.stringContaining('Filter rows'), expect.stringContaining('Sort by the next column / reverse')]));
		expect(lines.some((line) => line.keys === 't · T')).toBe(true);
		expect(resolveKey('G', 'help', scopeOf(VIEWS.hosts, root))?.type).toBe('help.bottom');
		expect(resolveKey('g', 'help', scopeOf(VIEWS.hosts, root))?.type).toBe('help.top');
	});
});
