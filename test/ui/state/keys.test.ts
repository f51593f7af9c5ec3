import {describe, expect, it} from 'vitest';
import {canonicalKey, isPrintable, keyLabel} from '../../../source/ui/state/keys.js';
import {inkKeys} from '../../helpers/keys.js';

describe('canonicalKey (Ink 6.8 quirks)', () => {
	it('reads Esc before meta (Esc sets both)', () => {
		expect(canonicalKey('', inkKeys.escape)).toBe('esc');
	});

	it('treats DEL (key.delete) and \\b (key.backspace) as backspace', () => {
		expect(canonicalKey('', inkKeys.deleteKey)).toBe('backspace');
		expect(canonicalKey('', inkKeys.backspace)).toBe('backspace');
	});

	it('names Enter, Tab, Shift-Tab, arrows, paging, Home and End', () => {
		expect(canonicalKey('\r', inkKeys.enter)).toBe('enter');
		expect(canonicalKey('', inkKeys.tab)).toBe('tab');
		expect(canonicalKey('', inkKeys.shiftTab)).toBe('shift+tab');
		expect(canonicalKey('', inkKeys.up)).toBe('up');
		expect(canonicalKey('', inkKeys.down)).toBe('down');
		expect(canonicalKey('', inkKeys.left)).toBe('left');
		expect(canonicalKey('', inkKeys.right)).toBe('right');
		expect(canonicalKey('', inkKeys.pageUp)).toBe('pageup');
		expect(canonicalKey('', inkKeys.pageDown)).toBe('pagedown');
		expect(canonicalKey('', inkKeys.home)).toBe('home');
		expect(canonicalKey('', inkKeys.end)).toBe('end');
	});

	it('turns Ctrl+letter into ctrl+<letter>', () => {
		expect(canonicalKey('c', inkKeys.ctrl)).toBe('ctrl+c');
		expect(canonicalKey('L', inkKeys.ctrl)).toBe('ctrl+l');
	});

	it('keeps uppercase letters (Ink adds key.shift) and symbols as themselves', () => {
		expect(canonicalKey('G', inkKeys.shift)).toBe('G');
		expect(canonicalKey('?', inkKeys.none)).toBe('?');
		expect(canonicalKey('[', inkKeys.none)).toBe('[');
	});

	it('ignores F-keys (nothing arrives), meta chords and stray controls', () => {
		expect(canonicalKey('', inkKeys.none)).toBeUndefined();
		expect(canonicalKey('x', inkKeys.meta)).toBeUndefined();
		expect(canonicalKey('\u0007', inkKeys.none)).toBeUndefined();
	});

	it('tells text from named keys', () => {
		expect(isPrintable('a')).toBe(true);
		expect(isPrintable('c1r')).toBe(true);
		expect(isPrintable('esc')).toBe(false);
		expect(isPrintable('ctrl+u')).toBe(false);
		expect(keyLabel('ctrl+l')).toBe('^L');
	});
});

describe('canonicalKeys (several keys in one chunk)', () => {
	it('splits a burst of typed keys into presses, Enter and Backspace included', async () => {
		const {canonicalKeys} = await import('../../../source/ui/state/keys.js');
		expect(canonicalKeys('llj\r', {})).toEqual(['l', 'l', 'j', 'enter']);
		expect(canonicalKeys('jjj', {})).toEqual(['j', 'j', 'j']);
		expect(canonicalKeys('ab\u007F', {})).toEqual(['a', 'b', 'backspace']);
		expect(canonicalKeys('j', {})).toEqual(['j']);
		expect(canonicalKeys('', {downArrow: true})).toEqual(['down']);
	});

	it('ignores unknown escape sequences whose ESC Ink stripped', async () => {
		const {canonicalKeys} = await import('../../../source/ui/state/keys.js');
		expect(canonicalKeys('[1;5C', {})).toEqual([]);
		expect(canonicalKeys('[200~', {})).toEqual([]);
	});

	it('reads "ESC x" (meta+x, Esc then a key in one chunk) as Esc followed by x', async () => {
		const {canonicalKeys} = await import('../../../source/ui/state/keys.js');
		expect(canonicalKeys('5', {meta: true})).toEqual(['esc', '5']);
		expect(canonicalKeys('', {escape: true, meta: true})).toEqual(['esc']);
	});
});
