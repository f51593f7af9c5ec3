/**
 * Progress of a sync on stderr: a bar redrawn in place on a TTY, plain lines otherwise (first,
 * every 10th and last page of each step), nothing but warnings with `quiet`. Text only (the data layer never imports Ink).
 */
import type {Writable} from 'node:stream';
import {sanitizeForTerminal} from '../core/sanitize.js';
import {truncate} from '../core/ui/text.js';
import type {SyncEvent} from '../data/sync/run.js';

/** Options of the progress reporter. */
export type SyncReporterOptions = {
	readonly stream: Writable;
	readonly isTTY: boolean;
	/** Only warnings (and hourly-budget waits) are printed. */
	readonly quiet: boolean;
	/** Bar width in cells. @default 20 */
	readonly barWidth?: number;
	/** Terminal width: a redrawn line is cut to fit it (a wrapped line would stay behind at every redraw). */
	readonly columns?: number | undefined;
};

/** Renders SyncEvents. `finish()` ends a line left open by the TTY redraw. */
export type SyncReporter = {
	readonly onEvent: (event: SyncEvent) => void;
	readonly finish: () => void;
};

/** "1m05s", "12s". */
export function formatDuration(ms: number): string {
	const seconds = Math.max(0, Math.round(ms / 1000));
	if (seconds < 60) return `${seconds}s`;
	const minutes = Math.floor(seconds / 60);
	if (minutes < 60) return `${minutes}m${String(seconds % 60).padStart(2, '0')}s`;
	return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

function bar(done: number, total: number, width: number): string {
	const filled = total <= 0 ? width : Math.min(width, Math.round((done / total) * width));
	return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
}

/**
 * The one-line text of a page event (exported for tests). `stepStored` is the count of this step
 * (a 28-event step says "28 stored", not the sync's running total).
 */
export function pageLine(event: Extract<SyncEvent, {type: 'page'}>, barWidth = 20, stepStored = event.stored): string {
	const parts: string[] = [];
	parts.push(event.pages === undefined ? `${event.label} page ${event.page}` : `${event.label} ${bar(event.page, event.pages, barWidth)} ${event.page}/${event.pages} pages`);
	parts.push(`${stepStored} stored`);
	if (event.etaMs !== undefined) parts.push(`ETA ${formatDuration(event.etaMs)}`);
	if (event.hourlyLeft !== undefined) parts.push(`${event.hourlyLeft} requests left this hour`);
	return parts.join(' · ');
}

/** Creates a reporter writing to `options.stream`. */
export function createSyncReporter(options: SyncReporterOptions): SyncReporter {
	const {stream, isTTY, quiet} = options;
	let open = false;
	// Records stored before the current step began (the page events carry the sync's running total).
	let stepBase = 0;
	let lastStored = 0;
	const endLine = (): void => {
		if (open) stream.write('\n');
		open = false;
	};

	const line = (text: string): void => {
		endLine();
		stream.write(`${sanitizeForTerminal(text)}\n`);
	};

	const redraw = (text: string): void => {
		if (isTTY) {
			// \r + erase line: the bar stays on one line, cut to the terminal so it never wraps.
			const safe = sanitizeForTerminal(text);
			const columns = options.columns ?? 0;
			stream.write(`\r\u001B[2K${columns > 1 ? truncate(safe, columns - 1, '…') : safe}`);
			open = true;
		} else {
			stream.write(`${sanitizeForTerminal(text)}\n`);
		}
	};

	return {
		onEvent(event) {
			switch (event.type) {
				case 'warning':
					line(`warning: ${event.message}`);
					return;
				case 'wait':
					if (event.wait.reason === 'hourly-budget') {
						line(`${event.wait.detail}; Ctrl-C stops (what is stored stays; resume with bigstat42 sync)`);
					} else if (!quiet) {
						redraw(`waiting ${formatDuration(event.wait.ms)}: ${event.wait.detail}`);
					}

					return;
				case 'campus':
					if (!quiet) line(`campus ${event.campus.id} ${event.campus.name} (${event.campus.timeZone})`);
					return;
				case 'step':
					stepBase = lastStored;
					if (!quiet && isTTY) redraw(`${event.label}…`);
					return;
				case 'page': {
					const stepStored = event.stored - stepBase;
					lastStored = event.stored;
					if (quiet) return;
					// Logs get the first page, every 10th and the last one of a step, not hundreds of lines.
					const milestone = event.page === 1 || event.page % 10 === 0 || event.pages === undefined || event.page >= event.pages;
					if (isTTY || milestone) redraw(pageLine(event, options.barWidth, stepStored));
				}
			}
		},
		finish: endLine,
	};
}
