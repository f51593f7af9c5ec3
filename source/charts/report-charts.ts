/**
 * The chart files of `bigstat42 report`: each chart of REPORT_CHARTS as `<id>.png` and / or
 * `<id>.svg`. The original's five charts keep its file names and figure sizes; their PNGs are
 * drawn at 3× (the original's 300 dpi pixel sizes), the others at 1200×700.
 */
import {renderPng, renderSvg} from './render.js';
import {REPORT_CHARTS, chartSpec, reportSize, ORIGINAL_SIZES, type ChartData} from './specs.js';

export type ChartFormat = 'png' | 'svg';

/** PNG pixel scale of the original's five charts (100 px per inch → 300 dpi). */
export const ORIGINAL_PNG_SCALE = 3;

/** File name → content of every chart file, in REPORT_CHARTS order. */
export async function reportChartFiles(
	data: ChartData,
	options: {readonly formats: readonly ChartFormat[]; readonly compat?: boolean},
): Promise<Map<string, string | Uint8Array>> {
	const files = new Map<string, string | Uint8Array>();
	for (const id of REPORT_CHARTS) {
		const svg = await renderSvg(chartSpec(id, data, {size: reportSize(id), compat: options.compat === true}));
		if (options.formats.includes('png')) files.set(`${id}.png`, await renderPng(svg, {scale: id in ORIGINAL_SIZES ? ORIGINAL_PNG_SCALE : 1}));
		if (options.formats.includes('svg')) files.set(`${id}.svg`, svg);
	}

	return files;
}
