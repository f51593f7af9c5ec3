import {describe, expect, it} from 'vitest';
import {csvField, csvLine} from '../../source/core/report/csv.js';
import {sanitizeForTerminal} from '../../source/core/sanitize.js';

describe('sanitizeForTerminal', () => {
	it('removes OSC, CSI and C1 sequences but keeps the readable text', () => {
		expect(sanitizeForTerminal('evil\u001B]0;pwned\u0007login')).toBe('evillogin');
		expect(sanitizeForTerminal('a\u001B]8;;http://x\u001B\\link\u001B]8;;\u001B\\b')).toBe('alinkb');
		expect(sanitizeForTerminal('\u001B[2J\u001B[31mred\u001B[0m')).toBe('red');
		expect(sanitizeForTerminal('x\u009B31my')).toBe('xy');
		expect(sanitizeForTerminal('bell\u0007 del\u007F nul\u0000')).toBe('bell del nul');
	});

	it('turns line breaks and tabs into spaces and keeps unicode', () => {
		expect(sanitizeForTerminal('a\r\nb\tc')).toBe('a b c');
		expect(sanitizeForTerminal('Zoë 東京 🎉')).toBe('Zoë 東京 🎉');
		expect(sanitizeForTerminal('\u202Eevil')).toBe('evil');
	});

	it('never leaves an ESC behind, whatever the input', () => {
		const nasty = ['\u001B', '\u001B]', '\u001B[', 'a\u001B]0;unterminated', '\u001BP', '\u009D0;x'];
		for (const text of nasty) expect(sanitizeForTerminal(text)).not.toMatch(/[\u0000-\u001F\u007F-\u009F]/);
	});
});

describe('csvField', () => {
	it('quotes per RFC 4180 and strips escape sequences from text, keeping line breaks', () => {
		expect(csvField('evil\u001B]0;pwned\u0007')).toBe('evil');
		expect(csvField('c1r1s2\u001B[31m')).toBe('c1r1s2');
		expect(csvField('lab,1')).toBe('"lab,1"');
		expect(csvField('say "hi"\r\nbye\u0007')).toBe('"say ""hi""\nbye"');
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
