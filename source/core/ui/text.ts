/**
 * Terminal-width text helpers: measure with `string-width` (never `.length`), truncate with an
 * ellipsis, pad to a width. Grapheme-aware, so a wide CJK login or an emoji is never cut in half.
 */
import stringWidth from 'string-width';

const segmenter = new Intl.Segmenter();

/** Display width of a string in terminal cells. */
export function textWidth(text: string): number {
	return stringWidth(text);
}

/** Cuts `text` to at most `width` cells, ending with `ellipsis` when something was cut. */
export function truncate(text: string, width: number, ellipsis = '…'): string {
	if (width <= 0) return '';
	if (stringWidth(text) <= width) return text;
	const room = width - stringWidth(ellipsis);
	if (room < 0) return cutTo(text, width);
	return cutTo(text, room) + ellipsis;
}

/** The longest prefix of `text` no wider than `width` (no ellipsis). */
export function cutTo(text: string, width: number): string {
	let out = '';
	let used = 0;
	for (const {segment} of segmenter.segment(text)) {
		const w = stringWidth(segment);
		if (used + w > width) break;
		out += segment;
		used += w;
	}

	return out;
}

/** Truncates then pads `text` to exactly `width` cells. */
export function fit(text: string, width: number, align: 'left' | 'right' = 'left', ellipsis = '…'): string {
	const cut = truncate(text, width, ellipsis);
	const gap = ' '.repeat(Math.max(0, width - stringWidth(cut)));
	return align === 'left' ? cut + gap : gap + cut;
}
