/**
 * Small helpers shared by the views: sanitising data strings, table export shapes, descriptors of
 * views without a cursor.
 */
import {sanitizeForTerminal} from '../../core/sanitize.js';
import type {DashboardData, DrillTarget, ViewState} from '../view-contract.js';

/** A data string made safe to draw (escape sequences and controls removed); null → fallback. */
export function clean(text: string | null | undefined, fallback = '?'): string {
	return text === null || text === undefined ? fallback : sanitizeForTerminal(text);
}

/** The `table` of a view that exports nothing row-like. */
export function emptyTable(): {readonly columns: readonly string[]; readonly rows: ReadonlyArray<ReadonlyArray<string | number | null>>} {
	return {columns: [], rows: []};
}

/** `drill` of a view that opens nothing. */
export function noDrill(_data: DashboardData, _state: ViewState): DrillTarget {
	return null;
}

/** `matches` of a view without a filterable list. */
export function noMatches(_data: DashboardData, _state: ViewState): readonly number[] {
	return [];
}

/** Rows reserved around a list (heading + header) given a content height. */
export function listHeight(height: number, reserved: number): number {
	return Math.max(1, height - reserved);
}
