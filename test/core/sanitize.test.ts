import {describe, expect, it} from 'vitest';
import {csvField, csvLine} from '../../source/core/report/csv.js';
import {toJson} from '../../source/core/json.js';
import {sanitizeForTerminal} from '../../source/core/sanitize.js';

describe('sanitizeForTerminal', () => {
	it('shows OSC, CSI and C1 introducers as visible markers: inert, and never silently dropped', () => {
		expect(sanitizeForTerminal('evil\u001B]0;pwned\u0007login')).toBe('evil<U+001B>]0;pwned<U+0007>login');
		expect(sanitizeForTerminal('\u001B[2J\u001B[31mred\u001B[0m')).toBe('<U+001B>[2J<U+001B>[31mred<U+001B>[0m');
		expect(sanitizeForTerminal('x\u009B31my')).toBe('x<U+009B>31my');
		expect(sanitizeForTerminal('bell\u0007 del\u007F nul\u0000')).toBe('bell<U+0007> del<U+007F> nul<U+0000>');
	});

	it('turns line breaks and tabs into spaces and keeps unicode, emoji sequences included', () => {
		expect(sanitizeForTerminal('a\r\nb\tc')).toBe('a b c');
		expect(sanitizeForTerminal('Zoë 東京 🎉')).toBe('Zoë 東京 🎉');
		// A zero-width joiner inside an emoji sequence is part of the glyph (woman + ZWJ + laptop, with a skin tone).
		expect(sanitizeForTerminal('dev 👩‍💻 👩🏽‍💻')).toBe('dev 👩‍💻 👩🏽‍💻');
	});

	it('makes look-alikes visible: zero-width characters, bidi marks, overrides and isolates (issue 13 #13)', () => {
		// Three different hosts that all displayed as "c1r1s1".
		const hosts = ['c1r1s1', 'c1\u200Br1s1', 'c1r1\u200Ds1', 'c1\u200Er1s1', '\u2066c1r1s1\u2069', 'c1r1s1\uFEFF'];
		const shown = hosts.map((host) => sanitizeForTerminal(host));
		expect(new Set(shown).size).toBe(hosts.length);
		expect(shown).toEqual(['c1r1s1', 'c1<U+200B>r1s1', 'c1r1<U+200D>s1', 'c1<U+200E>r1s1', '<U+2066>c1r1s1<U+2069>', 'c1r1s1<U+FEFF>']);
		expect(sanitizeForTerminal('\u202Eevil')).toBe('<U+202E>evil');
		expect(sanitizeForTerminal('a\u2028b\u2029c\u00ADd\u061Ce\u3164f')).toBe('a<U+2028>b<U+2029>c<U+00AD>d<U+061C>e<U+3164>f');
		// A tag character (astral) is one marker, not two halves of a surrogate pair.
		expect(sanitizeForTerminal('x\u{E0041}y')).toBe('x<U+E0041>y');
	});

	it('never leaves a hidden character behind, whatever the input', () => {
		const nasty = ['\u001B', '\u001B]', '\u001B[', 'a\u001B]0;unterminated', '\u001BP', '\u009D0;x', '\u200B\u200C\u200D\u2060', '\u202A\u202B\u202C\u202D\u202E'];
		for (const text of nasty) expect(sanitizeForTerminal(text)).toMatch(/^[\u0020-\u007E]*$/);
	});
});

describe('toJson (the one JSON writer)', () => {
	it('escapes DEL, C1, bidi, zero-width and U+2028/2029 as \\u escapes and reads back the same value (issue 13 #12)', () => {
		const value = {login: 'a\u007Fb\u0085c\u009Bd\u202Ee\u2066f\u200Bg\u2028h\u2029i\uFEFFj', esc: '\u001B[31m', tag: 'x\u{E0041}', fine: 'Zoë 東京 🎉'};
		const text = toJson(value, 2);
		expect(text).toContain(String.raw`"a\u007fb\u0085c\u009bd\u202ee\u2066f\u200bg\u2028h\u2029i\ufeffj"`);
		expect(text).toContain(String.raw`"x\udb40\udc41"`);
		expect(text).toContain('Zoë 東京 🎉');
		expect(text).not.toMatch(/[\u007F-\u009F\u200B-\u200F\u2028-\u202E\u2060-\u2069\uFEFF]/);
		expect(JSON.parse(text)).toEqual(value);
		// Indentation newlines stay newlines.
		expect(text.split('\n')).toHaveLength(6);
	});
});

describe('csvField', () => {
	it('quotes per RFC 4180 and marks escape sequences in text, keeping line breaks', () => {
		expect(csvField('evil\u001B]0;pwned\u0007')).toBe('evil<U+001B>]0;pwned<U+0007>');
		expect(csvField('c1r1s2\u001B[31m')).toBe('c1r1s2<U+001B>[31m');
		expect(csvField('lab,1')).toBe('"lab,1"');
		expect(csvField('say "hi"\r\nbye\u0007')).toBe('"say ""hi""\nbye<U+0007>"');
		expect(csvField('jösé🙂')).toBe('jösé🙂');
		expect(csvField(-1.5)).toBe('-1.5');
		expect(csvField(null)).toBe('');
	});
});

describe('csvLine', () => {
	it('rounds fractional statistics to 4 decimals and leaves whole numbers, ids and text alone', () => {
		expect(csvLine(['c4r2s3', 182.133_333_333_333_33, 240_055_644, null, 'a,b', -0.000_04])).toBe('c4r2s3,182.1333,240055644,,"a,b",0');
	});
});
