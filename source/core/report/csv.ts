import {sanitizeForTerminal} from '../sanitize.js';

/**
 * RFC 4180 field: quoted when it holds a comma, quote or line break; null is empty. Text from data
 * is stripped of escape sequences and control characters (line breaks are kept, quoted): a CSV is
 * often looked at with `cat` or printed to the terminal by `export`, where a login holding
 * "\u001b]0;pwned\u0007" must not retitle the window.
 */
export function csvField(value: string | number | null): string {
	if (value === null) return '';
	const text = typeof value === 'number' ? String(value) : value.split(/\r?\n/).map((line) => sanitizeForTerminal(line)).join('\n');
	return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * One CSV line of a statistics table. Fractional numbers are rounded to 4 decimals: hours and
 * minutes computed from milliseconds otherwise print as 182.13333333333333 in a spreadsheet.
 */
export function csvLine(values: ReadonlyArray<string | number | null>): string {
	return values.map((value) => csvField(typeof value === 'number' && !Number.isInteger(value) ? Number(value.toFixed(4)) : value)).join(',');
}
