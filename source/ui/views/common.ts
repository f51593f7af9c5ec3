/**
 * Small helpers shared by the views: sanitising data strings, descriptors of views that open or
 * match nothing.
 */
import {sanitizeForTerminal} from '../../core/sanitize.js';
import type {DashboardData, DrillTarget, ViewState} from '../view-contract.js';

/** A data string made safe to draw (escape sequences and controls removed); null → fallback. */
export function clean(text: string | null | undefined, fallback = '?'): string {
	return text === null || text === undefined ? fallback : sanitizeForTerminal(text);
}

/** `drill` of a view that opens nothing. */
export function noDrill(_data: DashboardData, _state: ViewState): DrillTarget {
	return null;
}

/** `matches` of a view without a filterable list. */
export function noMatches(_data: DashboardData, _state: ViewState): readonly number[] {
	return [];
}
