/**
 * Renders Vega-Lite specs to SVG (vega-lite compiles, vega draws headless with renderer 'none')
 * and SVG to PNG (@resvg/resvg-js). The libraries are imported on the first call only, so a
 * front end that never draws a chart never loads them.
 *
 * resvg draws text only with the fonts it is given: the DejaVu Sans files of the
 * `dejavu-fonts-ttf` package are handed to it, system fonts are not loaded, so a machine without
 * any installed font renders the same pixels.
 */
import {createRequire} from 'node:module';
import {FONT_FAMILY} from './palette.js';
import {encodePng} from './png.js';
import type {VegaLiteSpec} from './specs.js';

const require = createRequire(import.meta.url);

/** The shipped font files (regular and bold: titles are bold). */
export function fontFiles(): string[] {
	return ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((file) => require.resolve(`dejavu-fonts-ttf/ttf/${file}`));
}

type Libraries = {
	readonly vega: typeof import('vega');
	readonly compile: (typeof import('vega-lite'))['compile'];
};

let libraries: Promise<Libraries> | undefined;

function loadLibraries(): Promise<Libraries> {
	libraries ??= Promise.all([import('vega'), import('vega-lite')]).then(([vega, vegaLite]) => ({vega, compile: vegaLite.compile}));
	return libraries;
}

/** Imports every chart library now (the chart worker warms up with it while the store loads). */
export async function loadChartLibraries(): Promise<void> {
	resvgModule ??= import('@resvg/resvg-js');
	await Promise.all([loadLibraries(), resvgModule]);
}

/** The SVG text of a spec. Deterministic: no canvas is used, so text widths are vega's estimate. */
export async function renderSvg(spec: VegaLiteSpec): Promise<string> {
	const {vega, compile} = await loadLibraries();
	// The spec is plain JSON built by specs.ts; vega-lite validates it while compiling.
	const compiled = compile(spec as unknown as Parameters<typeof compile>[0]).spec;
	const view = new vega.View(vega.parse(compiled), {renderer: 'none', logLevel: vega.Error});
	try {
		return await view.toSVG();
	} finally {
		view.finalize();
	}
}

/** Options of renderPng. */
export type PngOptions = {
	/** Pixel scale over the SVG's CSS pixels (2 draws a 1200×700 SVG as 2400×1400). @default 1 */
	readonly scale?: number;
};

let resvgModule: Promise<typeof import('@resvg/resvg-js')> | undefined;

/** A PNG of an SVG drawn with the shipped font only. */
export async function renderPng(svg: string, options: PngOptions = {}): Promise<Uint8Array> {
	resvgModule ??= import('@resvg/resvg-js');
	const {renderAsync} = await resvgModule;
	const scale = options.scale ?? 1;
	// Drawn on libuv's thread pool: the caller can lay out the next chart meanwhile.
	const image = await renderAsync(svg, {
		font: {fontFiles: fontFiles(), loadSystemFonts: false, defaultFontFamily: FONT_FAMILY, sansSerifFamily: FONT_FAMILY},
		fitTo: scale === 1 ? {mode: 'original'} : {mode: 'zoom', value: scale},
		background: '#ffffff',
	});
	return encodePng(image.pixels, image.width, image.height);
}

/** Both files of a chart. */
export async function renderChart(spec: VegaLiteSpec, options: PngOptions = {}): Promise<{svg: string; png: Uint8Array}> {
	const svg = await renderSvg(spec);
	return {svg, png: await renderPng(svg, options)};
}
