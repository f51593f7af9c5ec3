/**
 * Column widths from content, priorities and the available width. When the columns do not fit,
 * the lowest-priority column is dropped first (never the last one); then the remaining columns
 * share the width, each at least its minimum, and long cells truncate with the ellipsis.
 */
import {textWidth} from './text.js';

/** One column's layout rules. */
export type ColumnSpec = {
	readonly title: string;
	/** Higher is kept longer. */
	readonly priority: number;
	/** Narrowest width worth drawing (cells truncate down to it). */
	readonly minWidth: number;
	/** Never wider than this. @default unlimited */
	readonly maxWidth?: number;
	/** @default 'left' */
	readonly align?: 'left' | 'right';
};

/** A column kept by the layout: its index in the specs and its width. */
export type LaidColumn = {readonly index: number; readonly width: number; readonly align: 'left' | 'right'};

/** Result of `layoutTable`, columns in their original order. */
export type TableLayout = {
	readonly columns: readonly LaidColumn[];
	/** Indexes of dropped columns. */
	readonly dropped: readonly number[];
	/** Total width including gaps. */
	readonly width: number;
};

/**
 * Lays out columns for `width` cells. `cells` are the rendered texts (rows × columns), used for
 * natural widths; titles count too (`titleExtra` cells reserved for a sort glyph).
 * @default gap 1
 */
export function layoutTable(
	specs: readonly ColumnSpec[],
	cells: readonly (readonly string[])[],
	width: number,
	options: {readonly gap?: number; readonly titleExtra?: number} = {},
): TableLayout {
	const gap = options.gap ?? 1;
	const titleExtra = options.titleExtra ?? 0;
	const natural = specs.map((spec, index) => {
		let widest = textWidth(spec.title) + titleExtra;
		for (const row of cells) widest = Math.max(widest, textWidth(row[index] ?? ''));
		return Math.min(spec.maxWidth ?? Number.POSITIVE_INFINITY, Math.max(spec.minWidth, widest));
	});
	const kept = specs.map((_, index) => index);
	const total = (indexes: readonly number[], widthOf: (index: number) => number) =>
		indexes.reduce((sum, index) => sum + widthOf(index), 0) + Math.max(0, indexes.length - 1) * gap;
	const minOf = (index: number) => Math.min(specs[index]?.minWidth ?? 1, natural[index] ?? 1);
	const dropped: number[] = [];
	while (kept.length > 1 && total(kept, minOf) > width) {
		// Lowest priority first; among equals, the rightmost.
		let victim = 0;
		for (let k = 1; k < kept.length; k++) {
			const a = specs[kept[k] ?? 0]?.priority ?? 0;
			const b = specs[kept[victim] ?? 0]?.priority ?? 0;
			if (a <= b) victim = k;
		}

		dropped.push(...kept.splice(victim, 1));
	}

	const widths = new Map<number, number>(kept.map((index) => [index, minOf(index)]));
	let spare = width - total(kept, (index) => widths.get(index) ?? 0);
	// Grow toward natural widths, highest priority first.
	const byPriority = [...kept].sort((a, b) => (specs[b]?.priority ?? 0) - (specs[a]?.priority ?? 0) || a - b);
	for (const index of byPriority) {
		if (spare <= 0) break;
		const current = widths.get(index) ?? 0;
		const grow = Math.min(spare, (natural[index] ?? 0) - current);
		if (grow > 0) {
			widths.set(index, current + grow);
			spare -= grow;
		}
	}

	// A lone column wider than the space is cut to it.
	if (kept.length === 1) {
		const only = kept[0] ?? 0;
		widths.set(only, Math.max(0, Math.min(widths.get(only) ?? 0, width)));
	}

	const columns = kept.map((index) => ({index, width: widths.get(index) ?? 0, align: specs[index]?.align ?? 'left'}));
	return {columns, dropped: dropped.sort((a, b) => a - b), width: total(kept, (index) => widths.get(index) ?? 0)};
}
