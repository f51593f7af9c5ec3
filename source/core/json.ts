/**
 * The one JSON writer of every JSON output (summary --json, export json/ndjson, import --json,
 * usage-summary, the UI's JSON export): `JSON.stringify`, then every character that is invisible,
 * reorders text or drives a terminal (`HIDDEN_CHARACTERS`: DEL, C1 controls, bidi overrides and
 * isolates, zero-width characters, U+2028/U+2029…) is written as a `\uXXXX` escape, as
 * JSON.stringify already does for C0 controls. The document is the same JSON value (a parser reads
 * back exactly the original strings) and it is inert when printed to a terminal.
 */
import {HIDDEN_BEYOND_C0} from './sanitize.js';

function escapeUnit(unit: number): string {
	return `\\u${unit.toString(16).padStart(4, '0')}`;
}

function escapeCharacter(character: string): string {
	// Astral characters (tag characters U+E0001…) become their surrogate pair, as JSON requires.
	let out = '';
	for (let i = 0; i < character.length; i++) out += escapeUnit(character.charCodeAt(i));
	return out;
}

/**
 * JSON text of `value` (as `JSON.stringify(value, null, space)`) with hidden characters escaped.
 * These characters can only occur inside JSON strings, so replacing them keeps the JSON valid.
 */
export function toJson(value: unknown, space?: number): string {
	const text = JSON.stringify(value, null, space) as string | undefined;
	if (text === undefined) throw new TypeError('toJson: the value has no JSON form');
	return text.replaceAll(HIDDEN_BEYOND_C0, escapeCharacter);
}
