/**
 * The README's key table is the keymap's: regenerate it with `npm run docs:keys`.
 */
import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {VIEWS} from '../../../source/ui/registry.js';
import {KEYS_BEGIN, KEYS_END, keysMarkdown, withKeysTable} from '../../../source/ui/state/keys-doc.js';
import {KEYMAP} from '../../../source/ui/state/keymap.js';

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

describe('README key table', () => {
	it('is the table generated from the keymap (run `npm run docs:keys` when this fails)', () => {
		expect(readme).toContain(KEYS_BEGIN);
		expect(readme).toContain(KEYS_END);
		expect(withKeysTable(readme, VIEWS)).toBe(readme);
	});

	it('has a row for every binding (paired opposites share one) and says where each key works', () => {
		const table = keysMarkdown(VIEWS);
		for (const binding of KEYMAP) {
			const owner = KEYMAP.find((other) => other.pair?.action === binding.action) ?? binding;
			expect(table, binding.action).toContain(owner.pair?.description ?? owner.description);
		}
		expect(table).toMatch(/\| `m` \| Switch metric[^|]*\| heatmap, hourly \|/);
		expect(table).toMatch(/\| `v` \|[^|]*\| hosts, map \|/);
	});

	it('goes stale when a binding changes', () => {
		const changed = readme.replace('| `m` | Switch metric', '| `M` | Switch metric');
		expect(withKeysTable(changed, VIEWS)).not.toBe(changed);
	});
});
