/**
 * The chart files of `bigstat42 report`: each chart of REPORT_CHARTS as `<id>.png` and / or
 * `<id>.svg`. The original's five charts keep its file names and figure sizes; their PNGs are
 * drawn at 2× (200 dpi: 3200×1600 for a 16×8 inch figure; the original's 300 dpi took another
 * ~0.9 s of CPU at 1M sessions for pixels nobody sees in a chat), the others at 1200×700.
 */
import {renderPng, renderSvg} from './render.js';
import {REPORT_CHARTS, chartSpec, reportSize, ORIGINAL_SIZES, type ChartData, type ChartId} from './specs.js';

export type ChartFormat = 'png' | 'svg';

/** PNG pixel scale of the original's five charts (100 px per inch → 200 dpi). */
export const ORIGINAL_PNG_SCALE = 2;

export type ReportChartOptions = {
	readonly formats: readonly ChartFormat[];
	readonly compat?: boolean;
	/** The charts to draw (a share of the work of several threads). @default REPORT_CHARTS */
	readonly ids?: readonly ChartId[];
};

/** File name → content of every chart file (of `ids`), in REPORT_CHARTS order. */
export async function reportChartFiles(
	data: ChartData,
	options: ReportChartOptions,
): Promise<Map<string, string | Uint8Array>> {
	const ids = options.ids ?? REPORT_CHARTS;
	const svgs = new Map<ChartId, string>();
	const pngs = new Map<ChartId, Promise<Uint8Array>>();
	for (const id of ids) {
		const svg = await renderSvg(chartSpec(id, data, {size: reportSize(id), compat: options.compat === true}));
		svgs.set(id, svg);
		// The PNG is rasterised on the thread pool while the next chart is laid out.
		if (options.formats.includes('png')) pngs.set(id, renderPng(svg, {scale: id in ORIGINAL_SIZES ? ORIGINAL_PNG_SCALE : 1}));
	}

	const files = new Map<string, string | Uint8Array>();
	for (const id of ids) {
		const png = pngs.get(id);
		if (png) files.set(`${id}.png`, await png);
		if (options.formats.includes('svg')) files.set(`${id}.svg`, svgs.get(id) ?? '');
	}

	return files;
}
