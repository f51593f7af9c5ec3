import {describe, expect, it} from 'vitest';
import {cell, textTable} from '../../../source/core/report/format.js';
import {textWidth} from '../../../source/core/ui/text.js';

describe('text tables measure what the terminal draws', () => {
	const logins = ['山田太郎', 'ｆｕｌｌ', 'jose\u0301', 'ana'];

	it('aligns the column after wide, fullwidth and combining logins', () => {
		const table = textTable(
			[{title: 'login'}, {title: 'hours', align: 'right'}],
			logins.map((login, index) => [login, String(index + 1)]),
		);
		const lines = table.split('\n');
		// Every row's hours column ends at the same terminal column as the header's.
		const widths = lines.filter((_, index) => index !== 1).map((line) => textWidth(line));
		expect(new Set(widths).size).toBe(1);
		expect(lines[2]).toBe('  山田太郎      1');
	});

	it('cuts a wide login with an ellipsis without splitting a character', () => {
		expect(cell('山田太郎', 5)).toBe('山田…');
		expect(textWidth(cell('山田太郎', 5))).toBe(5);
		expect(cell('jose\u0301', 6, 'right')).toBe('  jose\u0301');
	});
});
