/**
 * Writes the README's key table from the keymap: `npm run docs:keys`.
 */
import {readFileSync, writeFileSync} from 'node:fs';
import {VIEWS} from '../source/ui/registry.js';
import {withKeysTable} from '../source/ui/state/keys-doc.js';

const file = new URL('../README.md', import.meta.url);
const before = readFileSync(file, 'utf8');
const after = withKeysTable(before, VIEWS);
if (after === before) {
	console.log('README.md: the key table is up to date');
} else {
	writeFileSync(file, after);
	console.log('README.md: key table written');
}
