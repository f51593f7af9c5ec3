/**
 * Strings from data (logins, hosts, event types, metadata, file names, server messages) pass
 * through `sanitizeForTerminal` before they reach a terminal. One rule: every character that is
 * invisible, reorders text or drives the terminal is shown as a visible `<U+XXXX>` marker, never
 * passed through and never silently dropped. So a login holding "\u001b]0;pwned\u0007" prints as
 * inert text (it cannot retitle the window or move the cursor), and "c1\u200br1s1" (a zero-width
 * space) can no longer pass for the host "c1r1s1".
 *
 * The characters (`HIDDEN_CHARACTERS`): C0 controls, DEL, C1 controls (Cc), every format character
 * (Cf: zero-width space/joiners, bidi marks, embeddings, overrides and isolates, soft hyphen, BOM,
 * tag characters…), the line and paragraph separators U+2028/U+2029, and the blank letters that
 * render as nothing (U+034F, U+115F, U+1160, U+17B4, U+17B5, U+3164, U+FFA0). Tabs and line breaks
 * become one space. A zero-width joiner between two emoji (👩‍💻) is kept: it is part of the glyph.
 */

/** The hidden characters beyond C0 (which JSON.stringify already escapes): DEL, C1, Cf, Zl, Zp, blank letters. */
const BEYOND_C0 = String.raw`\u007F-\u009F\p{Cf}\p{Zl}\p{Zp}\u034F\u115F\u1160\u17B4\u17B5\u3164\uFFA0`;

/** One hidden character, C0 controls included (global, Unicode mode). */
export const HIDDEN_CHARACTERS = new RegExp(String.raw`[\u0000-\u001F${BEYOND_C0}]`, 'gu');

/** One hidden character that JSON.stringify leaves raw (everything but C0; global, Unicode mode). */
export const HIDDEN_BEYOND_C0 = new RegExp(`[${BEYOND_C0}]`, 'gu');

const plainAscii = /^[\u0020-\u007E]*$/;
const emojiBefore = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\uFE0F]$/u;
const emojiAfter = /^\p{Extended_Pictographic}/u;
const ZWJ = '\u200D';

/** The visible marker of a code point: "<U+200B>", "<U+1B>" padded to 4 digits ("<U+001B>"). */
export function visibleMarker(codePoint: number): string {
	return `<U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}>`;
}

function mark(character: string, offset: number, whole: string): string {
	if (character === ZWJ && emojiBefore.test(whole.slice(Math.max(0, offset - 2), offset)) && emojiAfter.test(whole.slice(offset + 1, offset + 3))) {
		return character;
	}

	return visibleMarker(character.codePointAt(0) ?? 0);
}

/** Tabs and line breaks → one space; every other hidden character → its `<U+XXXX>` marker. */
export function sanitizeForTerminal(text: string): string {
	if (plainAscii.test(text)) return text;
	return text.replaceAll(/[\t\n\r]+/g, ' ').replaceAll(HIDDEN_CHARACTERS, mark);
}
