/**
 * `npm run bench` runs this as a whole process (`node summary-range-probe.js STORE NOW_ISO DAYS`):
 * what `bigstat42 summary --json --days DAYS` costs when the window's tables come from the store's
 * range API (open = manifest only, then `sessionsInRange` with the --max-session look-back and
 * `eventsInRange` covering the window and the engine's last hour before now) instead of the whole
 * history. It prints the same JSON document as the command; the bench compares the two.
 */
import {Aggregates} from '../app/aggregates.js';
import {windowFromQuery} from '../app/window.js';
import {DEFAULT_MAX_SESSION_MS} from '../core/stats/ranges.js';
import {pickCampus} from '../data/source.js';
import {openStore} from '../data/store.js';

const [storePath, nowIso, daysText] = process.argv.slice(2);
if (!storePath || !nowIso) throw new Error('usage: summary-range-probe STORE NOW_ISO DAYS');
const now = Date.parse(nowIso);
const store = await openStore(storePath, {readOnly: true});
const campus = pickCampus(store.campuses(), store.syncState());
const extent = store.extent();
const starts = [extent.sessions.first, extent.events.first].filter((value) => Number.isFinite(value));
const resolved = windowFromQuery({days: Number(daysText ?? 7)}, {now, timeZone: campus.timeZone, dataStart: starts.length > 0 ? Math.min(...starts) : undefined});
if (!resolved.ok) throw new Error(resolved.error.message);
const {window} = resolved;
const sessions = store.sessionsInRange(window.from, window.to, DEFAULT_MAX_SESSION_MS);
// The engine's `events.recent` looks at [now − 60 min, now] whatever the window.
const events = store.eventsInRange(Math.min(window.from, now - 3_600_000), Math.max(window.to, now + 1));
const summary = new Aggregates({sessions, events}, {now, timeZone: campus.timeZone}).window(window).summary();
process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
