/**
 * Plain-text formatting shared by the CLI reports. Pure: zones are arguments.
 */
import {zoneClock} from '../time.js';
import {formatInt} from '../ui/format.js';
import {fit, textWidth} from '../ui/text.js';

export {formatInt} from '../ui/format.js';

/** "2026-11-22 16:05" in the given zone. */
export function formatLocal(ms: number, timeZone: string): string {
	const p = zoneClock(timeZone).parts(ms);
	const two = (n: number) => String(n).padStart(2, '0');
	return `${p.year}-${two(p.month)}-${two(p.day)} ${two(p.hour)}:${two(p.minute)}`;
}

/** "2026-11-22" in the given zone. */
export function formatLocalDate(ms: number, timeZone: string): string {
	return formatLocal(ms, timeZone).slice(0, 10);
}

/** Fixed decimals with thousands separators: 1,234.5. */
export function formatFixed(value: number | null, digits = 1): string {
	if (value === null || !Number.isFinite(value)) return '—';
	const [whole = '0', fraction] = Math.abs(value).toFixed(digits).split('.');
	const sign = value < 0 && Number(value.toFixed(digits)) !== 0 ? '-' : '';
	return `${sign}${formatInt(Number(whole))}${fraction === undefined ? '' : `.${fraction}`}`;
}

/** Pads or truncates to a width in terminal cells (wide and combining characters measured as drawn). */
export function cell(text: string, width: number, align: 'left' | 'right' = 'left'): string {
	return fit(text, width, align);
}

/** Renders rows as an aligned text table with a header and a rule. */
export function textTable(
	columns: ReadonlyArray<{readonly title: string; readonly align?: 'left' | 'right'; readonly max?: number}>,
	rows: ReadonlyArray<readonly string[]>,
	indent = '  ',
): string {
	const widths = columns.map((column, index) =>
		Math.min(column.max ?? 40, Math.max(textWidth(column.title), ...rows.map((row) => textWidth(row[index] ?? '')))),
	);
	const line = (values: readonly string[]) =>
		indent +
		values
			.map((value, index) => cell(value, widths[index] ?? 0, columns[index]?.align ?? 'left'))
			.join('  ')
			.trimEnd();
	const header = line(columns.map((column) => column.title));
	const rule = indent + widths.map((width) => '─'.repeat(width)).join('  ');
	return [header, rule, ...rows.map((row) => line(row))].join('\n');
}
