/**
 * The human-readable `summary` (text mode). Every string from data goes through
 * sanitizeForTerminal: a login holding an escape sequence must not reach the terminal.
 */
import type {Campus} from '../model.js';
import {WEEKDAY_ABBREVIATIONS} from '../time.js';
import {sanitizeForTerminal} from '../sanitize.js';
import type {Summary} from '../stats/types.js';
import {formatFixed, formatInt, formatLocal, formatLocalDate, textTable} from './format.js';

const WEEKDAYS = WEEKDAY_ABBREVIATIONS;

/** Indexes of the largest values, best first, ties by index. */
function topIndexes(values: readonly number[], count: number): number[] {
	return values
		.map((value, index) => ({value, index}))
		.filter(({value}) => value > 0)
		.sort((a, b) => b.value - a.value || a.index - b.index)
		.slice(0, count)
		.map(({index}) => index);
}

/** Renders a Summary as plain text. */
export function renderSummaryText(summary: Summary, campus: Campus): string {
	const tz = summary.range.tz;
	const s = summary.sessions;
	const e = summary.events;
	const a = summary.anomalies;
	const from = Date.parse(summary.range.from);
	const to = Date.parse(summary.range.to);
	const lines: string[] = [];
	lines.push(`bigstat42 · ${sanitizeForTerminal(campus.name)} · ${tz}`);
	lines.push(
		`Range ${formatLocal(from, tz)} → ${formatLocal(to, tz)} (end exclusive) · now ${formatLocal(Date.parse(summary.range.now), tz)}`,
	);
	lines.push('');
	lines.push('Sessions');
	const pairs: Array<[string, string]> = [
		['started in range', formatInt(s.total)],
		['open now', formatInt(s.open)],
		['unique users', formatInt(s.uniqueUsers)],
		['unique hosts', formatInt(s.uniqueHosts)],
		['seat-hours', formatFixed(s.seatHours, 1)],
		['mean session', s.meanSessionMinutes === null ? '—' : `${formatFixed(s.meanSessionMinutes, 1)} min`],
		['median session', s.medianSessionMinutes === null ? '—' : `${formatFixed(s.medianSessionMinutes, 1)} min`],
	];
	for (let i = 0; i < pairs.length; i += 2) {
		const left = pairs[i];
		const right = pairs[i + 1];
		const leftText = left ? `  ${left[0].padEnd(17)}${left[1].padStart(12)}` : '';
		const rightText = right ? `    ${right[0].padEnd(15)}${right[1].padStart(12)}` : '';
		lines.push(leftText + rightText);
	}

	const busiestHours = topIndexes(s.byHour.seatHours, 3).map(
		(hour) => `${String(hour).padStart(2, '0')}:00 (${formatFixed(s.byHour.seatHours[hour] ?? 0, 1)} seat-h)`,
	);
	const busiestDays = topIndexes(s.byWeekday.seatHours, 2).map((day) => WEEKDAYS[day] ?? '?');
	lines.push(`  busiest hours    ${busiestHours.join(', ') || '—'}`);
	lines.push(`  busiest weekdays ${busiestDays.join(', ') || '—'}`);
	if (s.topHosts.length > 0) {
		lines.push('');
		lines.push(`Top hosts (by seat-hours)`);
		lines.push(
			textTable(
				[
					{title: 'host', max: 24},
					{title: 'sessions', align: 'right'},
					{title: 'seat-h', align: 'right'},
					{title: 'mean min', align: 'right'},
					{title: 'util %', align: 'right'},
					{title: 'users', align: 'right'},
					{title: 'last seen'},
				],
				s.topHosts.map((host) => [
					sanitizeForTerminal(host.host),
					formatInt(host.sessions),
					formatFixed(host.seatHours, 1),
					formatFixed(host.meanMinutes, 1),
					formatFixed(host.utilisation, 1),
					formatInt(host.users),
					host.occupant === null
						? host.lastSeen === null
							? '—'
							: formatLocal(Date.parse(host.lastSeen), tz)
						: `now (${sanitizeForTerminal(host.occupant)})`,
				]),
			),
		);
	}

	if (s.topUsers.length > 0) {
		lines.push('');
		lines.push(`Top users (by logtime)`);
		lines.push(
			textTable(
				[
					{title: 'login', max: 24},
					{title: 'logtime h', align: 'right'},
					{title: 'sessions', align: 'right'},
					{title: 'favourite host', max: 24},
					{title: 'last seen'},
				],
				s.topUsers.map((user) => [
					sanitizeForTerminal(user.login),
					formatFixed(user.logtimeHours, 1),
					formatInt(user.sessions),
					user.favouriteHost === null ? '—' : sanitizeForTerminal(user.favouriteHost),
					user.lastSeen === null ? '—' : formatLocal(Date.parse(user.lastSeen), tz),
				]),
			),
		);
	}

	lines.push('');
	lines.push('Events');
	lines.push(
		`  total ${formatInt(e.total)} · users ${formatInt(e.uniqueUsers)} · types ${formatInt(e.uniqueTypes)} · last ${e.recent.minutes} min ${formatInt(e.recent.total)}`,
	);
	if (e.total > 0) {
		lines.push(
			`  by type          ${e.byType
				.slice(0, 8)
				.map((entry) => `${sanitizeForTerminal(entry.key)} ${formatInt(entry.count)}`)
				.join(', ')}${e.byType.length > 8 ? `, … ${e.byType.length - 8} more` : ''}`,
		);
		lines.push(
			`  most active      ${e.mostActive.keys.map((key) => sanitizeForTerminal(key)).join(', ')} (${formatInt(e.mostActive.count)} events${e.mostActive.keys.length > 1 ? ', tied' : ''})`,
		);
		lines.push(
			`  peak hour        ${e.peakHour.hours.map((hour) => `${String(hour).padStart(2, '0')}:00`).join(', ')} (${formatInt(e.peakHour.count)} events${e.peakHour.hours.length > 1 ? ', tied' : ''})`,
		);
	}

	lines.push('');
	const c = a.counts;
	const anomalyCount = c.overlong + c.zeroLength + c.negative;
	lines.push(
		`Anomalies  ${formatInt(c.overlong)} over ${formatFixed(a.maxSessionMinutes / 60, 0)} h (${formatInt(c.overlongOpen)} stuck open) · ${formatInt(c.zeroLength)} zero-length · ${formatInt(c.negative)} negative · ${formatInt(a.hostOverlaps)} same-host overlaps · ${formatInt(a.userOverlaps)} same-user overlaps${c.future > 0 ? ` · ${formatInt(c.future)} in the future` : ''}${c.implausibleDate + c.implausibleEventDate > 0 ? ` · ${formatInt(c.implausibleDate)} sessions and ${formatInt(c.implausibleEventDate)} events dated before 1990 or over a year ahead` : ''}`,
	);
	for (const item of [...a.overlong, ...a.zeroLength, ...a.negative].slice(0, 5)) {
		lines.push(
			`  #${item.id} ${sanitizeForTerminal(item.host)} ${sanitizeForTerminal(item.login ?? '?')} from ${formatLocal(Date.parse(item.begin), tz)} ${item.end === null ? 'still open' : `to ${formatLocal(Date.parse(item.end), tz)}`} (${formatFixed(item.minutes, 0)} min)`,
		);
	}

	if (anomalyCount > 5) lines.push(`  … ${anomalyCount - 5} more (see --json)`);
	if (s.total === 0 && e.total === 0) {
		lines.push('');
		lines.push(`No data between ${formatLocalDate(from, tz)} and ${formatLocalDate(to, tz)}.`);
	}

	return `${lines.join('\n')}\n`;
}
