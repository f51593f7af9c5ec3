/**
 * Terminal-width text helpers: measure with `string-width` (never `.length`), truncate with an
 * ellipsis, pad to a width. Grapheme-aware, so a wide CJK login or an emoji is never cut in half.
 */
import stringWidth from 'string-width';

const segmenter = new Intl.Segmenter();

// eslint-disable-next-line no-control-regex
const printableAscii = /^[\u0020-\u007E]*$/;
const widthCache = new Map<string, number>();
const WIDTH_CACHE_LIMIT = 4096;

/**
 * Display width of a string in terminal cells. Printable ASCII is its length; other strings go
 * through string-width once and are remembered (views measure the same glyph runs, "░░░",
 * "▓▓ ", on every frame, and string-width's emoji test was a third of a grid's repaint).
 */
export function textWidth(text: string): number {
	if (printableAscii.test(text)) return text.length;
	const cached = widthCache.get(text);
	if (cached !== undefined) return cached;
	const width = stringWidth(text);
	if (text.length <= 256) {
		if (widthCache.size >= WIDTH_CACHE_LIMIT) widthCache.clear();
		widthCache.set(text, width);
	}

	return width;
}

/** Cuts `text` to at most `width` cells, ending with `ellipsis` when something was cut. */
export function truncate(text: string, width: number, ellipsis = '…'): string {
	if (width <= 0) return '';
	if (textWidth(text) <= width) return text;
	const room = width - textWidth(ellipsis);
	if (room < 0) return cutTo(text, width);
	return cutTo(text, room) + ellipsis;
}

/** The longest prefix of `text` no wider than `width` (no ellipsis). */
export function cutTo(text: string, width: number): string {
	let out = '';
	let used = 0;
	for (const {segment} of segmenter.segment(text)) {
		const w = textWidth(segment);
		if (used + w > width) break;
		out += segment;
		used += w;
	}

	return out;
}

/** Truncates then pads `text` to exactly `width` cells. */
export function fit(text: string, width: number, align: 'left' | 'right' = 'left', ellipsis = '…'): string {
	const cut = truncate(text, width, ellipsis);
	const gap = ' '.repeat(Math.max(0, width - textWidth(cut)));
	return align === 'left' ? cut + gap : gap + cut;
}

/**
 * As many whole items as fit `width`, joined by `separator`, then `more(n)` for the n items left
 * out ("+12 more"; null: drop them silently). An item is never cut mid-word, except a first item
 * wider than the whole width, which is truncated with the ellipsis.
 */
export function fitItems(
	items: readonly string[],
	width: number,
	separator: string,
	more: ((left: number) => string) | null = (left) => `+${left} more`,
	ellipsis = '…',
): string {
	let out = '';
	let used = 0;
	for (let i = 0; i < items.length; i++) {
		const piece = (i === 0 ? '' : separator) + (items[i] ?? '');
		const left = items.length - i - 1;
		const tail = left > 0 && more ? separator + more(left) : '';
		if (used + textWidth(piece) + textWidth(tail) <= width) {
			out += piece;
			used += textWidth(piece);
			continue;
		}

		const rest = separator + (more ? more(items.length - i) : '');
		if (i > 0) return more ? out + rest : out;
		// Not even the first item fits beside the tail: cut it, keep the count.
		const room = width - (more && items.length > 1 ? textWidth(separator + more(items.length - 1)) : 0);
		if (room < 4) return truncate(items[0] ?? '', width, ellipsis);
		return truncate(items[0] ?? '', room, ellipsis) + (more && items.length > 1 ? separator + more(items.length - 1) : '');
	}

	return out;
}

/** Words of `text` wrapped into lines of at most `width` cells (a word wider than that is truncated). */
export function wrapWords(text: string, width: number, ellipsis = '…'): string[] {
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(/\s+/).filter((part) => part !== '')) {
		const candidate = line === '' ? word : `${line} ${word}`;
		if (textWidth(candidate) <= width) line = candidate;
		else {
			if (line !== '') lines.push(line);
			line = textWidth(word) <= width ? word : truncate(word, width, ellipsis);
		}
	}

	if (line !== '' || lines.length === 0) lines.push(line);
	return lines;
}
