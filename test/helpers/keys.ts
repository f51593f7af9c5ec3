/**
 * Named key sequences as a terminal sends them, for driving Ink's stdin in tests.
 */
export const keys = {
	up: '\u001B[A',
	down: '\u001B[B',
	right: '\u001B[C',
	left: '\u001B[D',
	pageUp: '\u001B[5~',
	pageDown: '\u001B[6~',
	home: '\u001B[H',
	end: '\u001B[F',
	enter: '\r',
	escape: '\u001B',
	tab: '\t',
	shiftTab: '\u001B[Z',
	// What most terminals send for Backspace (DEL); Ink 6 reports it as key.delete.
	backspace: '\u007F',
	ctrlB: '\u0002',
	ctrlC: '\u0003',
	ctrlF: '\u0006',
	ctrlL: '\u000C',
	ctrlU: '\u0015',
} as const;

/** The Ink `key` flags for a named key, for unit tests of keys.ts (no Ink involved). */
export const inkKeys = {
	none: {},
	escape: {escape: true, meta: true},
	enter: {return: true},
	tab: {tab: true},
	shiftTab: {tab: true, shift: true},
	backspace: {backspace: true},
	deleteKey: {delete: true},
	up: {upArrow: true},
	down: {downArrow: true},
	left: {leftArrow: true},
	right: {rightArrow: true},
	pageUp: {pageUp: true},
	pageDown: {pageDown: true},
	home: {home: true},
	end: {end: true},
	ctrl: {ctrl: true},
	shift: {shift: true},
	meta: {meta: true},
} as const;
