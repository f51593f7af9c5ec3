/**
 * A range typed by a person in one line (the UI's `R` prompt): a preset ("7d", "all"), a day count
 * ("14d", "14"), or two bounds ("2026-11-01..2026-11-15", "2026-11-01 2026-11-15", either side
 * may be an ISO instant; the end is exclusive, as --to). Bounds go through parseWindowQuery, so
 * the rules are those of --days / --from / --to.
 */
import {MAX_DAYS, parseWindowQuery, presetSpec, RANGE_PRESETS, type RangePreset, type WindowSpec} from './window.js';

export type RangeTextResult = {readonly ok: true; readonly spec: WindowSpec} | {readonly ok: false; readonly message: string};

/** Parses a typed range in `timeZone` (dates mean their local midnight). */
export function parseRangeText(text: string, timeZone: string): RangeTextResult {
	const typed = text.trim();
	if ((RANGE_PRESETS as readonly string[]).includes(typed)) return {ok: true, spec: presetSpec(typed as RangePreset)};
	const days = /^(\d+)\s*d?$/i.exec(typed);
	if (days) {
		const count = Number(days[1]);
		if (count < 1 || count > MAX_DAYS) return {ok: false, message: `a range of days is 1 to ${MAX_DAYS} days, got ${count}`};
		return {ok: true, spec: {kind: 'days', days: count}};
	}

	const bounds = /^(\S+?)\s*(?:\.\.|\s|–|—)\s*(\S+)$/.exec(typed);
	if (!bounds) return {ok: false, message: `"${typed}" is not a range: try 14d, all, or 2026-11-01..2026-11-15`};
	const parsed = parseWindowQuery({from: bounds[1], to: bounds[2]}, timeZone);
	if (!parsed.ok) return {ok: false, message: parsed.error.message};
	return {ok: true, spec: parsed.spec};
}
