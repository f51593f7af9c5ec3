/**
 * How many times each weekday occurs in a range, in a zone: the divisor that turns "sessions
 * started on Tuesdays" into "sessions started on an average Tuesday" (30 days hold five Tuesdays
 * and four Mondays: totals would make Tuesday's bar 25 % longer for nothing).
 */
import {zoneClock} from '../time.js';

/** Local days of each weekday (0 = Monday) that overlap [from, end); a started day counts. */
export function weekdayOccurrences(from: number, end: number, timeZone: string): number[] {
	const counts = [0, 0, 0, 0, 0, 0, 0];
	if (!(end > from)) return counts;
	const clock = zoneClock(timeZone);
	const first = clock.dayNumber(from);
	const last = clock.dayNumber(end - 1);
	for (let day = first; day <= last; day++) {
		const weekday = clock.weekday(clock.startOfDay(day));
		counts[weekday] = (counts[weekday] ?? 0) + 1;
	}

	return counts;
}
