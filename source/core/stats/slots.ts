/**
 * The sessions behind one weekday × hour cell of the heatmap.
 */
import type {SessionTable} from '../model.js';
import {pieceAt} from './ranges.js';
import {sessionListItem} from './session-list.js';
import {SessionCursor, type SessionScan} from './session-scan.js';
import type {SessionListItem} from './types.js';

/**
 * Sessions that occupy part of a local (weekday, hour) slot inside the range, or begin in it,
 * newest first, at most `listLimit`. Walks the touching rows backwards and stops at the limit.
 */
export function slotSessionsFromScan(
	table: SessionTable,
	scan: SessionScan,
	weekday: number,
	hour: number,
): SessionListItem[] {
	const grid = scan.grid;
	const items: SessionListItem[] = [];
	if (grid.size === 0) return items;
	const cursor = new SessionCursor(table, scan.context);
	const inSlot = (p: number) => grid.weekday[p] === weekday && grid.hour[p] === hour;
	for (let k = scan.touchingCount - 1; k >= 0 && items.length < scan.context.listLimit; k--) {
		const row = scan.touching[k] ?? 0;
		cursor.load(row);
		let found = cursor.startsInRange && inSlot(pieceAt(grid, cursor.begin));
		if (!found && cursor.occupancyEnd > cursor.occupancyBegin) {
			for (let p = pieceAt(grid, cursor.occupancyBegin); p < grid.size; p++) {
				if ((grid.bounds[p] ?? 0) >= cursor.occupancyEnd) break;
				if (inSlot(p)) {
					found = true;
					break;
				}
			}
		}

		if (found) items.push(sessionListItem(table, row, scan.context.now));
	}

	return items;
}
