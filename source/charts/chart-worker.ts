/**
 * The worker thread that draws `report`'s chart files (dist/chart-worker.js). It imports the
 * chart libraries as soon as it starts — while the main thread is still opening the store and
 * computing the statistics — then answers one message `{data, options}` with the files of
 * reportChartFiles, or `{error}`.
 */
import {parentPort} from 'node:worker_threads';
import {reportChartFiles, type ReportChartOptions} from './report-charts.js';
import {loadChartLibraries} from './render.js';
import type {ChartData} from './specs.js';

export type ChartJobRequest = {readonly data: ChartData; readonly options: ReportChartOptions};
export type ChartJobAnswer = {readonly files: Array<[string, string | Uint8Array]>} | {readonly error: string};

const port = parentPort;
if (port) {
	const warm = loadChartLibraries().catch(() => undefined);
	port.once('message', (request: ChartJobRequest) => {
		void warm
			.then(async () => reportChartFiles(request.data, request.options))
			.then(
				(files) => {
					const entries = [...files];
					const transfer = entries.flatMap(([, content]) => (typeof content === 'string' ? [] : [content.buffer as ArrayBuffer]));
					port.postMessage({files: entries} satisfies ChartJobAnswer, transfer);
				},
				(error: unknown) => {
					port.postMessage({error: error instanceof Error ? error.message : String(error)} satisfies ChartJobAnswer);
				},
			);
	});
}
