/**
 * The theme: semantic tokens (views never name raw colours) and glyph sets. In no-colour mode every
 * token is undefined and meaning rides on glyphs alone: heat ramps, sort arrows, `›` pointers,
 * text prefixes. ASCII mode swaps every non-ASCII glyph (like htop `-U`).
 */
import type {Theme} from './view-contract.js';

/** Options of `createTheme`. */
export type ThemeOptions = {readonly color: boolean; readonly ascii: boolean};

/** The theme for a colour / glyph choice. */
export function createTheme(options: ThemeOptions): Theme {
	const {color, ascii} = options;
	const pick = (value: string) => (color ? value : undefined);
	return {
		color,
		ascii,
		tokens: {
			accent: pick('cyan'),
			muted: pick('gray'),
			danger: pick('red'),
			ok: pick('green'),
			warning: pick('yellow'),
			heading: pick('blueBright'),
		},
		heatGlyphs: ascii ? [' ', '.', ':', '+', '#'] : [' ', '░', '▒', '▓', '█'],
		heatColors: [undefined, pick('blue'), pick('cyan'), pick('yellow'), pick('red')],
		sparkGlyphs: ascii ? [' ', '_', '.', '-', '~', '=', '+', '*', '#'] : [' ', '▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'],
		sortAscending: ascii ? '^' : '▲',
		sortDescending: ascii ? 'v' : '▼',
		ellipsis: ascii ? '~' : '…',
		crumbSeparator: ascii ? ' > ' : ' › ',
	};
}

/** Extra glyphs derived from a theme (kept out of the contract's Theme type). */
export type ExtraGlyphs = {
	/** Marks the cursor row in lists (selection is also drawn inverse). */
	readonly pointer: string;
	readonly up: string;
	readonly down: string;
	readonly dash: string;
	readonly bullet: string;
	/** Marks a cell or row matching the filter. */
	readonly match: string;
	readonly occupied: string;
	readonly free: string;
	readonly noSeat: string;
	readonly separator: string;
};

/** Pointer, arrows and map glyphs for a theme. */
export function extraGlyphs(theme: Theme): ExtraGlyphs {
	return theme.ascii
		? {pointer: '>', up: '^', down: 'v', dash: '-', bullet: '*', match: '*', occupied: '#', free: 'o', noSeat: ' ', separator: '|'}
		: {pointer: '›', up: '▲', down: '▼', dash: '—', bullet: '•', match: '*', occupied: '●', free: '○', noSeat: ' ', separator: '│'};
}
