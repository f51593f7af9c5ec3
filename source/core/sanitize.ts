/**
 * Strings from data (logins, hosts, event types, metadata, file names) are stripped of control
 * characters before they reach a terminal: a login holding "\u001b]0;pwned\u0007" must print as
 * harmless text, never retitle the window or move the cursor.
 */

// ESC-introduced sequences: CSI (ESC [ … final), OSC/DCS/SOS/PM/APC (ESC ] … BEL or ST), and two-char escapes.
const escapeSequence =
	// eslint-disable-next-line no-control-regex
	/\u001B(?:\[[0-?]*[ -/]*[@-~]|[\]PX^_][\s\S]*?(?:\u0007|\u001B\\|$)|[@-Z\\-_])/g;
// C1 string introducers (8-bit CSI/OSC/DCS/…) with their payloads.
// eslint-disable-next-line no-control-regex
const c1Sequence = /[\u0090\u0098\u009D\u009E\u009F][\s\S]*?(?:\u0007|\u009C|$)|\u009B[0-?]*[ -/]*[@-~]/g;
// Any remaining C0 control, DEL, C1 control, and bidi overrides that can disguise text.
// eslint-disable-next-line no-control-regex
const controls = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

/** Removes escape sequences and control characters; tabs and newlines become single spaces. */
export function sanitizeForTerminal(text: string): string {
	return text
		.replaceAll(/[\t\n\r]+/g, ' ')
		.replaceAll(escapeSequence, '')
		.replaceAll(c1Sequence, '')
		.replaceAll(controls, '');
}
