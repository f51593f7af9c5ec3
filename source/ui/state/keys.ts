/**
 * Ink's `(input, key)` → one canonical key name. This is the ONLY code that knows Ink 6.8's key
 * quirks; everything downstream (keymap, resolver, reducer) speaks names such as
 * `down`, `esc`, `backspace`, `shift+tab`, `ctrl+l`, `G`, `?`.
 */

/** The subset of Ink's `Key` the canonicaliser reads (kept structural so tests need no Ink). */
export type InkKey = {
	readonly upArrow?: boolean;
	readonly downArrow?: boolean;
	readonly leftArrow?: boolean;
	readonly rightArrow?: boolean;
	readonly pageUp?: boolean;
	readonly pageDown?: boolean;
	readonly home?: boolean;
	readonly end?: boolean;
	readonly return?: boolean;
	readonly escape?: boolean;
	readonly ctrl?: boolean;
	readonly shift?: boolean;
	readonly tab?: boolean;
	readonly backspace?: boolean;
	readonly delete?: boolean;
	readonly meta?: boolean;
};

/** Canonical names of the non-printable keys. */
export const SPECIAL_KEYS = [
	'up',
	'down',
	'left',
	'right',
	'pageup',
	'pagedown',
	'home',
	'end',
	'enter',
	'esc',
	'tab',
	'shift+tab',
	'backspace',
] as const;

/**
 * Canonical key name, or undefined for input the app ignores (F-keys arrive as nothing, multi-char
 * pastes outside the filter prompt). Printable characters are returned as themselves.
 */
export function canonicalKey(input: string, key: InkKey): string | undefined {
	// Esc also sets key.meta in Ink 6: test it before anything that looks at meta.
	if (key.escape) return 'esc';
	if (key.return) return 'enter';
	if (key.tab) return key.shift ? 'shift+tab' : 'tab';
	// DEL (\x7f, what most terminals send for Backspace) arrives as key.delete in Ink 6; only \b sets backspace.
	if (key.backspace || key.delete) return 'backspace';
	if (key.upArrow) return 'up';
	if (key.downArrow) return 'down';
	if (key.leftArrow) return 'left';
	if (key.rightArrow) return 'right';
	if (key.pageUp) return 'pageup';
	if (key.pageDown) return 'pagedown';
	if (key.home) return 'home';
	if (key.end) return 'end';
	// Ctrl+letter: Ink passes the bare letter with key.ctrl.
	if (key.ctrl && /^[a-z]$/i.test(input)) return `ctrl+${input.toLowerCase()}`;
	if (key.meta) return undefined;
	if (input.length === 0) return undefined;
	// Ink strips a leading ESC from unknown sequences; anything still containing controls is noise.
	// eslint-disable-next-line no-control-regex
	if (/[\u0000-\u001F\u007F]/.test(input)) return undefined;
	// Uppercase letters already are their own name ('G'); Ink's extra key.shift changes nothing.
	return input;
}

/**
 * Every canonical key in one input event. Ink hands over a whole stdin chunk at once, so keys typed
 * quickly (or sent by tmux, or repeated over a slow SSH link) arrive together as "jjj" or "llj\r";
 * each character of such a chunk is one key press.
 */
export function canonicalKeys(input: string, key: InkKey): string[] {
	// Esc followed quickly by a key reaches Ink as one "ESC x" chunk, i.e. meta+x. bigstat42 binds
	// no Alt keys, so read it as the two presses the user made.
	if (key.meta && !key.escape && !key.ctrl && input.length > 0 && !/[\u0000-\u001F\u007F]/.test(input)) {
		return ['esc', ...canonicalKeys(input, {})];
	}

	const flagged = Object.values(key).some(Boolean);
	if (flagged || [...input].length < 2) {
		const single = canonicalKey(input, key);
		return single === undefined ? [] : [single];
	}

	// An escape sequence Ink did not recognise arrives with its ESC stripped ("[1;5C"): not keys.
	if (/^(?:\[[\d;?]*[~A-Za-z]|O[A-Z])$/.test(input)) return [];
	const names: string[] = [];
	for (const character of input) {
		if (character === '\r' || character === '\n') names.push('enter');
		else if (character === '\t') names.push('tab');
		else if (character === '\u007F' || character === '\b') names.push('backspace');
		else {
			const name = canonicalKey(character, {});
			if (name !== undefined) names.push(name);
		}
	}

	return names;
}

/** True for a canonical name that is text (typed or pasted into the filter prompt), not a named key. */
export function isPrintable(name: string): boolean {
	return name.length > 0 && !(SPECIAL_KEYS as readonly string[]).includes(name) && !/^ctrl\+./.test(name);
}

/** How a canonical key name is shown in the help and legend. */
export function keyLabel(name: string): string {
	const labels: Record<string, string> = {
		up: '↑',
		down: '↓',
		left: '←',
		right: '→',
		pageup: 'PgUp',
		pagedown: 'PgDn',
		home: 'Home',
		end: 'End',
		enter: 'Enter',
		esc: 'Esc',
		tab: 'Tab',
		'shift+tab': 'S-Tab',
		backspace: 'Bksp',
		' ': 'Space',
	};
	const label = labels[name];
	if (label) return label;
	if (name.startsWith('ctrl+')) return `^${name.slice(5).toUpperCase()}`;
	return name;
}

/** ASCII fallback of `keyLabel` for `--ascii`. */
export function asciiKeyLabel(name: string): string {
	const labels: Record<string, string> = {up: 'Up', down: 'Down', left: 'Left', right: 'Right'};
	return labels[name] ?? keyLabel(name);
}
