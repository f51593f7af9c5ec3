/**
 * Colours of every chart. Categorical colours are the Okabe–Ito set (distinguishable with the
 * common colour-vision deficiencies); heatmaps use ColorBrewer's 9-class YlGnBu, a sequential
 * scale ColorBrewer rates colour-blind safe, light for little use and dark for much.
 */

/** Okabe–Ito, by name. */
export const OKABE_ITO = {
	blue: '#0072B2',
	orange: '#E69F00',
	green: '#009E73',
	vermillion: '#D55E00',
	purple: '#CC79A7',
	sky: '#56B4E9',
	yellow: '#F0E442',
	black: '#000000',
} as const;

/** Categorical order for charts with several series. */
export const CATEGORICAL = [
	OKABE_ITO.blue,
	OKABE_ITO.orange,
	OKABE_ITO.green,
	OKABE_ITO.vermillion,
	OKABE_ITO.purple,
	OKABE_ITO.sky,
	OKABE_ITO.yellow,
	OKABE_ITO.black,
] as const;

/** ColorBrewer YlGnBu, 9 classes, low → high. A zero cell is the first colour, the maximum the last. */
export const HEAT = ['#ffffd9', '#edf8b1', '#c7e9b4', '#7fcdbb', '#41b6c4', '#1d91c0', '#225ea8', '#253494', '#081d58'] as const;

/** Lines, text and grid. */
export const INK = {text: '#222222', muted: '#555555', grid: '#dddddd', background: '#ffffff'} as const;

/** The font shipped with the package (dejavu-fonts-ttf) and named in every spec. */
export const FONT_FAMILY = 'DejaVu Sans';
