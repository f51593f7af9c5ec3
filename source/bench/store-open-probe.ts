/**
 * Run in a fresh process by `npm run bench` (`node store-open-probe.js STORE NOW_MS DAYS LOOKBACK_MS`):
 * opens a store read-only and measures, cold, what a query of the last DAYS days costs at the
 * store level: the open (manifest only), the range decode (sessionsInRange + eventsInRange), and
 * then the whole history (sessions() + events()). Prints one JSON line.
 */
import {openStore} from '../data/store.js';

const [storePath, nowText, daysText, lookbackText] = process.argv.slice(2);
if (!storePath) throw new Error('usage: store-open-probe STORE NOW_MS DAYS LOOKBACK_MS');
const now = Number(nowText);
const days = Number(daysText ?? 7);
const lookback = Number(lookbackText ?? 24 * 3_600_000);
const from = now - days * 86_400_000;

let start = performance.now();
const store = await openStore(storePath, {readOnly: true});
const openMs = performance.now() - start;
start = performance.now();
const sessions = store.sessionsInRange(from, now, lookback);
const events = store.eventsInRange(from, now);
const rangeMs = performance.now() - start;
const rangeSegments = store.readStats.segments;
const rangeRowsDecoded = store.readStats.rows;
start = performance.now();
const all = store.sessions().size + store.events().size;
const wholeMs = performance.now() - start;
process.stdout.write(
	JSON.stringify({
		openMs,
		rangeMs,
		rangeRows: sessions.size + events.size,
		rangeSegments,
		rangeRowsDecoded,
		wholeMs,
		wholeRows: all,
		segments: store.diskUsage().segments,
		schema: store.diskSchemaVersion,
	}) + '\n',
);
