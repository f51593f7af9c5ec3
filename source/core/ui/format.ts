/**
 * Number, duration, date and change formatting for the views. Pure; the zone is always an argument.
 */
import {MONTH_ABBREVIATIONS, WEEKDAY_ABBREVIATIONS, zoneClock} from '../time.js';

/** Integer with thousands separators: 12345 → "12,345". */
export function formatInt(value: number): string {
	if (!Number.isFinite(value)) return 'n/a';
	const rounded = Math.round(value);
	const sign = rounded < 0 ? '-' : '';
	return sign + String(Math.abs(rounded)).replaceAll(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * A number with a fixed number of decimals and thousands separators; null → "n/a".
 * @default digits 1
 */
export function formatNumber(value: number | null, digits = 1): string {
	if (value === null || !Number.isFinite(value)) return 'n/a';
	const fixed = Math.abs(value).toFixed(digits);
	const [whole = '0', fraction] = fixed.split('.');
	const sign = value < 0 && Number(fixed) !== 0 ? '-' : '';
	const grouped = whole.replaceAll(/\B(?=(\d{3})+(?!\d))/g, ',');
	return sign + (fraction === undefined ? grouped : `${grouped}.${fraction}`);
}

/**
 * A number squeezed into at most `width` characters (k/M suffixes, fewer decimals); "+" marks a
 * value too large for the width ("99+" style never lies about the magnitude it cannot show).
 */
export function compactNumber(value: number, width: number): string {
	if (value === 0 || !Number.isFinite(value)) return value === 0 ? '0' : '?';
	const abs = Math.abs(value);
	const candidates: string[] = [];
	if (Number.isInteger(value)) candidates.push(String(value));
	else candidates.push(value.toFixed(1), value.toFixed(1).replace(/^(-?)0\./, '$1.'), String(Math.round(value)));
	for (const [unit, scale] of [['k', 1e3], ['M', 1e6], ['G', 1e9]] as const) {
		if (abs >= scale) candidates.push(`${(value / scale).toFixed(1)}${unit}`, `${Math.round(value / scale)}${unit}`);
	}

	for (const candidate of candidates) {
		// A rounding that shows 0 for a non-zero value would lie: skip it.
		if (Number(candidate.replace(/[kMG]$/, '')) === 0) continue;
		if (candidate.length <= width) return candidate;
	}

	if (abs < 1) return width >= 2 ? '~0' : '.';
	return width <= 1 ? '+' : `${'9'.repeat(width - 1)}+`;
}

/**
 * The most readable form of a number within `width` characters, for totals: one decimal below
 * `decimalsBelow` when it fits ("5.3", ".3"; @default 10), whole numbers with thousands separators when they fit ("87", "1,588", else
 * "1588"), then k/M/G with one decimal ("1.6k", "16k", "160k"). Never shows a non-zero value as 0.
 */
export function readableNumber(value: number, width: number, decimalsBelow = 10): string {
	if (value === 0 || !Number.isFinite(value)) return value === 0 ? '0' : '?';
	const abs = Math.abs(value);
	const candidates: string[] = [];
	if (abs < decimalsBelow && !Number.isInteger(value)) {
		const fixed = formatNumber(value, 1);
		candidates.push(fixed, fixed.replace(/^(-?)0\./, '$1.'));
	}

	candidates.push(formatInt(value), String(Math.round(value)));
	for (const [unit, scale] of [['k', 1e3], ['M', 1e6], ['G', 1e9]] as const) {
		// Only the unit that keeps 1–3 digits before the point (1.2M, not 1235k).
		if (abs < scale || (abs >= scale * 1e3 && unit !== 'G')) continue;
		const scaled = value / scale;
		const fixed = scaled.toFixed(1);
		candidates.push(Math.abs(scaled) < 100 && !fixed.endsWith('.0') ? `${fixed}${unit}` : `${Math.round(scaled)}${unit}`, `${Math.round(scaled)}${unit}`);
	}

	for (const candidate of candidates) {
		// A rounding that shows 0 for a non-zero value would lie: skip it.
		if (Number(candidate.replaceAll(',', '').replace(/[kMG]$/, '')) === 0) continue;
		if (candidate.length <= width) return candidate;
	}

	return compactNumber(value, width);
}

/** A count and its noun: "1 session", "2 sessions", "1,024 sessions". */
export function plural(count: number, noun: string, nouns = `${noun}s`): string {
	return `${formatInt(count)} ${count === 1 ? noun : nouns}`;
}

/** Minutes as a short duration: 47 → "47m", 125 → "2h05", 1500 → "1d01h"; null → "n/a". */
export function formatDuration(minutes: number | null): string {
	if (minutes === null || !Number.isFinite(minutes)) return 'n/a';
	const total = Math.max(0, Math.round(minutes));
	if (total < 60) return `${total}m`;
	const hours = Math.floor(total / 60);
	if (hours < 24) return `${hours}h${String(total % 60).padStart(2, '0')}`;
	return `${Math.floor(hours / 24)}d${String(hours % 24).padStart(2, '0')}h`;
}

/** A percentage with one decimal: 42.345 → "42.3%". */
export function formatPercent(value: number | null, digits = 1): string {
	return value === null || !Number.isFinite(value) ? 'n/a' : `${value.toFixed(digits)}%`;
}

/** Relative change from previous to current; null when previous is missing or 0 (no honest ratio). */
export function percentChange(current: number | null, previous: number | null | undefined): number | null {
	if (current === null || previous === null || previous === undefined || previous === 0) return null;
	if (!Number.isFinite(current) || !Number.isFinite(previous)) return null;
	return ((current - previous) / Math.abs(previous)) * 100;
}

/** Glyphs of a change direction. */
export type ChangeGlyphs = {readonly up: string; readonly down: string};

/** "▲ 12.5%", "▼ 3.0%", "= 0.0%" or "n/a". */
export function formatChange(change: number | null, glyphs: ChangeGlyphs): string {
	if (change === null) return 'n/a';
	const rounded = Math.round(change * 10) / 10;
	if (rounded === 0) return '= 0.0%';
	return `${rounded > 0 ? glyphs.up : glyphs.down} ${Math.abs(rounded).toFixed(1)}%`;
}

/** Weekday names, Monday first (0 = Monday as everywhere in the engine). */
export const WEEKDAYS = WEEKDAY_ABBREVIATIONS;

/**
 * An ISO instant (or epoch ms) as local "22 Nov 14:05" in the zone, with the year when it is not
 * the year of `now` ("1 Dec 2025 09:00"); null / invalid → "—" or "-".
 */
export function formatDateTime(value: string | number | null, timeZone: string, now?: number, ascii = false): string {
	const ms = typeof value === 'string' ? Date.parse(value) : value;
	if (ms === null || !Number.isFinite(ms)) return ascii ? '-' : '—';
	const clock = zoneClock(timeZone);
	const parts = clock.parts(ms);
	const day = String(parts.day).padStart(2, ' ');
	const year = now !== undefined && clock.parts(now).year !== parts.year ? ` ${parts.year}` : '';
	return `${day} ${MONTH_ABBREVIATIONS[parts.month - 1] ?? '?'}${year} ${pad2(parts.hour)}:${pad2(parts.minute)}`;
}

/** A local day key "2026-11-22" as "Sun 22 Nov". */
export function formatDayKey(key: string): string {
	const ms = Date.parse(`${key}T12:00:00Z`);
	if (!Number.isFinite(ms)) return key;
	const date = new Date(ms);
	const weekday = WEEKDAYS[(date.getUTCDay() + 6) % 7] ?? '?';
	return `${weekday} ${date.getUTCDate()} ${MONTH_ABBREVIATIONS[date.getUTCMonth()] ?? '?'}`;
}

/** Hour of day as "14:00". */
export function formatHour(hour: number): string {
	return `${pad2(hour)}:00`;
}

function pad2(value: number): string {
	return String(value).padStart(2, '0');
}
