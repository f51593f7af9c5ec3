/**
 * The shell's layout maths: how many lines the chrome takes around a view and what is left for it.
 *
 *   ┌ header: campus · range · zone · crumbs                          LIVE ┐  1 line
 *   │ view (or help, or "terminal too small")                              │  rows - 4
 *   │ status: updated 12s ago · filter: c1r   (or the filter prompt)       │  1 line
 *   └ legend: ? help  q quit  1-7 views  Enter open  Esc back  / filter    ┘  1 line
 *
 * The root is at most rows - 1 lines: a frame as tall as the terminal makes Ink clear the whole
 * screen on every update.
 */
import type {Size} from '../view-contract.js';

/** Lines the chrome takes around the content: header + status (+ legend when interactive and tall enough). */
export function chromeLines(size: Size, interactive: boolean): number {
	return interactive && size.height >= 12 ? 3 : 2;
}

/** The content area: everything but the chrome, and one line kept free (rows - 1 rule). */
export function contentSize(size: Size, interactive: boolean): Size {
	return {width: size.width, height: Math.max(1, size.height - 1 - chromeLines(size, interactive))};
}

/** Tall terminals start with the hosts view's heatmap shown (there is room for it and a long table); `v` toggles it. */
export function startsWithHostHeatmap(content: Size): boolean {
	return content.height >= 30;
}
