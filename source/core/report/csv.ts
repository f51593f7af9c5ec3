/** RFC 4180 field: quoted when it holds a comma, quote or line break; null is empty. */
export function csvField(value: string | number | null): string {
	if (value === null) return '';
	const text = String(value);
	return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
