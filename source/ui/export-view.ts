/**
 * The `e` key: writes the current view to a file — a plain-text snapshot of the screen, the
 * view's table (ViewDescriptor.table) as CSV or JSON, or its chart as PNG — in the export directory, and returns the path
 * for the status line. File names never overwrite: a counter is added when the name exists.
 */
import {writeFile as fsWriteFile} from 'node:fs/promises';
import path from 'node:path';
import {stripVTControlCharacters} from 'node:util';
import {csvLine} from '../core/report/csv.js';
import type {ExportFormat} from './state/navigation.js';
import type {DashboardData, ViewDescriptor, ViewState} from './view-contract.js';
import {toJson} from '../core/json.js';

/** What to export. */
export type ExportRequest = {
	readonly format: ExportFormat;
	readonly view: ViewDescriptor;
	readonly data: DashboardData;
	readonly state: ViewState;
	/** The screen as text (header + view + status), built by the app only for 'text'. */
	frameText(): string;
};

export type ExportTarget = {
	/** `$BIGSTAT42_EXPORT_DIR`, else the working directory. */
	readonly dir: string;
	/** Wall clock, for the file name. */
	readonly now: number;
	/** Writes a new file; must fail if it exists (flag 'wx'). */
	writeFile?(file: string, content: string | Uint8Array): Promise<void>;
};

const extensions: Record<ExportFormat, string> = {text: 'txt', csv: 'csv', json: 'json', png: 'png'};

function stamp(ms: number): string {
	return new Date(ms).toISOString().slice(0, 19).replaceAll(/[-:]/g, '').replace('T', '-');
}

/** The export file's content for a request (pure apart from the view's own computations). */
export function exportContent(request: ExportRequest): string {
	if (request.format === 'png') throw new Error('a PNG is drawn by exportView, not exportContent');
	if (request.format === 'text') return `${stripVTControlCharacters(request.frameText()).replaceAll(/[ \t]+$/gm, '')}\n`;
	const table = request.view.table(request.data, request.state);
	if (request.format === 'csv') {
		const lines = [table.columns, ...table.rows].map((row) => csvLine(row));
		return `${lines.join('\r\n')}\r\n`;
	}

	const rows = table.rows.map((row) => Object.fromEntries(table.columns.map((column, index) => [column, row[index] ?? null])));
	const document = {
		view: request.view.id,
		title: request.view.title,
		params: request.state.params,
		campus: request.data.campus.name,
		timeZone: request.data.timeZone,
		range: {
			from: new Date(request.data.from).toISOString(),
			to: new Date(request.data.to).toISOString(),
			label: request.data.rangeLabel,
		},
		now: new Date(request.data.now).toISOString(),
		filter: request.state.filter,
		columns: table.columns,
		rows,
	};
	return `${toJson(document, 2)}\n`;
}

/** Writes the export and returns the absolute path written. */
export async function exportView(request: ExportRequest, target: ExportTarget): Promise<string> {
	let content: string | Uint8Array;
	if (request.format === 'png') {
		// The chart libraries load here, on the first PNG export only.
		const {viewChartPng} = await import('./export-chart.js');
		const png = await viewChartPng(request.view.id, request.data, request.state);
		if (png === null) throw new Error(`the ${request.view.title} view has no chart`);
		content = png;
	} else {
		content = exportContent(request);
	}

	const write = target.writeFile ?? ((file: string, text: string | Uint8Array) => fsWriteFile(file, text, {flag: 'wx'}));
	const base = `bigstat42-${request.view.id}-${stamp(target.now)}`;
	for (let attempt = 0; attempt < 100; attempt++) {
		const file = path.resolve(target.dir, `${base}${attempt === 0 ? '' : `-${attempt}`}.${extensions[request.format]}`);
		try {
			await write(file, content);
			return file;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
		}
	}

	throw new Error(`too many exports named ${base} in ${target.dir}`);
}
