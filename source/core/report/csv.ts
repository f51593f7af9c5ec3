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
