/**
 * The range API gives the statistics engine everything it needs: the summary of a window computed
 * from `sessionsInRange(from, to, maxSession)` + `eventsInRange(from, to)` equals the summary
 * computed from the whole history, for windows of every size (the demo campus, stored with bases,
 * deltas and anomalies: open, overlong, negative and zero-length sessions). The engine's
 * `events.recent` looks at [now − 60 min, now] whatever the range, so the events asked for cover
 * that too.
 */
import {describe, expect, test} from 'vitest';
import {eventBatches, generateDemo, sessionBatches} from '../../source/core/demo.js';
import {summarize} from '../../source/core/stats/index.js';
import {SummaryFold} from '../../source/core/stats/summary-fold.js';
import {openStore} from '../../source/data/store.js';
import {tempStorePath} from '../helpers/store-fixtures.js';

const NOW = Date.UTC(2026, 10, 22, 15, 0, 0);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('range API × statistics engine', () => {
	test('summaries of ranges equal summaries of the whole history', async () => {
		const demo = generateDemo({now: NOW, days: 120});
		const storePath = await tempStorePath();
		const writer = await openStore(storePath);
		for (const batch of sessionBatches(demo.sessions, 1500)) await writer.commit({sessions: batch});
		for (const batch of eventBatches(demo.events, 1500)) await writer.commit({events: batch});
		await writer.close();
		const whole = await openStore(storePath, {readOnly: true});
		const windows: Array<[number, number]> = [
			[NOW - DAY, NOW + HOUR],
			[NOW - 7 * DAY, NOW + DAY],
			[NOW - 30 * DAY, NOW],
			[Date.UTC(2026, 9, 24), Date.UTC(2026, 10, 1)],
			[Date.UTC(2026, 8, 1, 13), Date.UTC(2026, 8, 3, 7)],
			[NOW - 400 * DAY, NOW + DAY],
		];
		for (const maxSessionMs of [24 * HOUR, 6 * HOUR]) {
			for (const [from, to] of windows) {
				const options = {now: NOW, timeZone: demo.campus.timeZone, from, to, maxSessionMs};
				const reader = await openStore(storePath, {readOnly: true});
				const events = reader.eventsInRange(Math.min(from, NOW - HOUR), Math.max(to, NOW + 1));
				const ranged = summarize(reader.sessionsInRange(from, to, maxSessionMs), events, options);
				const expected = summarize(whole.sessions(), whole.events(), options);
				expect(ranged).toEqual(expected);
				// Month by month (what `summary` runs for long windows): the same document, to the byte.
				const fold = new SummaryFold(options);
				for (const month of reader.sessionMonths(from, to, maxSessionMs)) fold.addSessions(month.table, month.from, month.to);
				if (fold.rankingPass()) for (const month of reader.sessionMonths(from, to, maxSessionMs)) fold.addRankingRows(month.table, month.from, month.to);
				for (const month of reader.eventMonths(Math.min(from, NOW - HOUR), Math.max(to, NOW + 1))) fold.addEvents(month.table, month.from, month.to);
				expect(JSON.stringify(fold.finish())).toBe(JSON.stringify(expected));
				// A week up to now decodes the current month or two of the ~9 monthly segments, not the history.
				if (to >= NOW && to - from <= 8 * DAY) expect(reader.readStats.rows).toBeLessThan((whole.sessions().size + whole.events().size) / 2);
			}
		}
	});
});
