/**
 * `report`'s chart files drawn beside the text report. `startChartJob()` starts the chart
 * workers (dist/chart-worker.js, one per core, at most two) at once, so the chart libraries load
 * while the store is opened; `render(data, options)` hands each worker its share of the charts
 * and resolves with every file, in REPORT_CHARTS order, while the main thread formats the text
 * files. Where the worker file is absent (the TypeScript sources run by the tests), the charts
 * are drawn on the calling thread instead.
 */
import {existsSync} from 'node:fs';
import os from 'node:os';
import {fileURLToPath} from 'node:url';
import {Worker} from 'node:worker_threads';
import type {ChartJobAnswer, ChartJobRequest} from './chart-worker.js';
import type {ReportChartOptions} from './report-charts.js';
import {REPORT_CHARTS, type ChartData, type ChartId} from './specs.js';

export type ChartJob = {
	/** The chart files, name → content, in REPORT_CHARTS order. Call once. */
	render(data: ChartData, options: Omit<ReportChartOptions, 'ids'>): Promise<Map<string, string | Uint8Array>>;
	/** Stops the workers (a job whose render was never called, or after a failure elsewhere). */
	cancel(): void;
};

/** The bundled worker next to dist/cli.js, seen from a chunk (dist/chunks/) or from dist/. */
function workerFile(): URL | null {
	for (const candidate of [new URL('../chart-worker.js', import.meta.url), new URL('./chart-worker.js', import.meta.url)]) {
		if (existsSync(fileURLToPath(candidate))) return candidate;
	}

	return null;
}

/** REPORT_CHARTS dealt to `count` threads in turn (the heatmaps, listed first, land on different threads). */
export function shareCharts(count: number): ChartId[][] {
	const shares: ChartId[][] = Array.from({length: count}, () => []);
	REPORT_CHARTS.forEach((id, index) => shares[index % count]!.push(id));
	return shares;
}

function drawIn(worker: Worker, request: ChartJobRequest): Promise<Array<[string, string | Uint8Array]>> {
	return new Promise((resolve, reject) => {
		const onExit = (code: number) => reject(new Error(`the chart worker stopped (exit code ${code}) before drawing the charts`));
		worker.once('error', reject);
		worker.once('exit', onExit);
		worker.once('message', (answer: ChartJobAnswer) => {
			worker.off('exit', onExit);
			worker.off('error', reject);
			void worker.terminate();
			if ('error' in answer) reject(new Error(`drawing the charts failed: ${answer.error}`));
			else resolve(answer.files);
		});
		worker.postMessage(request);
	});
}

export function startChartJob(): ChartJob {
	const file = workerFile();
	if (file === null) {
		return {
			async render(data, options) {
				const {reportChartFiles} = await import('./report-charts.js');
				return reportChartFiles(data, options);
			},
			cancel() {},
		};
	}

	const count = Math.max(1, Math.min(2, os.availableParallelism()));
	const workers = Array.from({length: count}, () => {
		const worker = new Worker(file);
		// A job that is never rendered must not keep the process alive.
		worker.unref();
		// An error before render() is reported by render(); none is left unhandled.
		worker.on('error', () => undefined);
		return worker;
	});
	return {
		async render(data, options) {
			const shares = shareCharts(count);
			const answers = await Promise.all(workers.map((worker, index) => drawIn(worker, {data, options: {...options, ids: shares[index]!}})));
			const byName = new Map(answers.flat());
			const files = new Map<string, string | Uint8Array>();
			for (const id of REPORT_CHARTS) {
				for (const name of [`${id}.png`, `${id}.svg`]) {
					const content = byName.get(name);
					if (content !== undefined) files.set(name, content);
				}
			}

			return files;
		},
		cancel() {
			for (const worker of workers) void worker.terminate();
		},
	};
}
