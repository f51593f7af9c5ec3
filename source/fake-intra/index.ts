/**
 * A faithful local fake of the 42 intra API (https://api.intra.42.fr), for tests, benches and trying
 * sync by hand (`npm run fake-intra -- --port 4242 --seed 7`). It reproduces OAuth
 * client credentials, the per-second and hourly rate limits with their headers, pagination, filters,
 * ranges and sorts, and the data quirks of real campuses.
 * Binds 127.0.0.1 only.
 *
 * ## Start / stop
 * ```ts
 * const fake = await startFakeIntra({seed: 7});       // port 0 → a free port
 * fake.url;                                            // 'http://127.0.0.1:PORT' (no trailing slash)
 * fake.credentials;                                    // {uid: 'u-s4t2ud-…', secret: 's-s4t2ud-…'}
 * await fake.close();                                  // also drops hanging / delayed connections
 * ```
 * Options (all optional, see `FakeIntraOptions`): `seed` (42), `days` (14), `users` (60), `hosts` (40),
 * `locations` (exact count, e.g. 20_000 for a bench), `events`, `dataset` (your own data), `clockStart`
 * (2025-03-14T09:45:24Z), `clockMode` ('frozen' | 'running'), `rateLimit` ({perSecond: 2, perHour: 1200,
 * enforce: true, secondlyWindow: 'sliding' | 'fixed'}), `retryAfter` ('send' | 'omit'),
 * `rateLimitHeadersOn429` (false), `tokenRateLimited` (false), `tokenTtlSeconds` (7200),
 * `secretValidUntil`, `pageSizeDefault` (30), `pageSizeMax` (100), `idFilterMax` (100),
 * `linkOrder` ('varying' | 'api-pagination'), `wallClock` (real time source of the per-second bucket).
 *
 * ## Clock
 * `fake.clock.now() / advance(ms) / set(ms)`: token expiry, the hourly bucket, "now" of open sessions,
 * `filter[future]`, locations_stats. The per-second bucket uses real time (or `options.wallClock`).
 *
 * ## Data (the truth; arrays are live)
 * `fake.data.campus` (4077 Testville, Europe/Paris), `.campuses` (+ 4078 Elsewhere, Asia/Tokyo),
 * `.users`, `.locations`, `.events`, `.eventsUsers`, `.quirks` (ids of the seeded quirks: stuckOpenId,
 * openIds, overlappingIds, midnightCrossingId, nonPrimaryId, kioskHost 'lab-kiosk2', anonymisedLogin …).
 * Mutations: `data.addSession({user: 'tlovelace' | 190101, host: 'c1r1s1', begin?, end?, primary?})`
 * (begin defaults to clock.now(), end to null = open), `data.closeSession(id, endMs?)`,
 * `data.removeSession(id)`, `data.addUser(…)`, `data.addEvent(…)`, `data.subscribe(eventId, user)`.
 * Adding a session between two page requests shifts a begin_at-desc listing, as on the real API.
 *
 * ## Auth
 * `POST /oauth/token` (also `/v2/oauth/token`): grant_type=client_credentials with client_id/secret as
 * form, JSON, multipart, query string or HTTP Basic. 200 like token.json; wrong/rotated/expired secret →
 * 401 invalid_client + WWW-Authenticate; missing grant → 400 invalid_request; other grant → 400
 * unsupported_grant_type; bad scope → 400 invalid_scope. Token calls are NOT rate limited by default
 * (not verified on the real API; `tokenRateLimited: true` counts them). `GET /oauth/token/info` introspects.
 * `/v2/*` needs `Authorization: Bearer T` or `?access_token=T`: missing/unknown → 401 "The access token
 * is invalid", expired (by the clock) → "The access token expired", revoked → "The access token was
 * revoked", always with `WWW-Authenticate: Bearer realm="42 API", error="invalid_token", …`.
 * `fake.rotateSecret()`, `fake.tokens.expireAll() / revokeAll() / list() / valid()`.
 *
 * ## Rate limits
 * Every authenticated /v2 answer carries X-Secondly-/X-Hourly-RateLimit-Limit/-Remaining,
 * X-Application-Id/-Name/-Roles, X-Request-Id, X-Runtime. A 401 carries none of the rate/application
 * headers (the app is unknown). Exceeded → 429, `text/plain` body
 * `429 Too Many Requests (Spam Rate Limit Exceeded)`, `Retry-After` 1 (per second) or the seconds to the
 * end of the clock hour (hourly), or no Retry-After with `retryAfter: 'omit'`. Refused requests are not
 * counted. `fake.rateLimit.useHour()` exhausts the hour, `.reset()` empties both buckets, limits mutable.
 *
 * ## Faults (deterministic schedule; first matching rule fires)
 * ```ts
 * fake.faults.inject({on: 'nth', n: 3}, {kind: 'status', status: 502});                  // request #3
 * fake.faults.inject({on: 'path', path: '/v2/campus/4077/locations'}, {kind: 'reset'}, {skip: 1, times: 2});
 * fake.faults.inject({on: 'every', every: 5}, {kind: '429'});                               // forever
 * fake.faults.inject({on: 'predicate', test: r => r.query['page'] === '2'}, {kind: 'truncate'});
 * fake.faults.storm429(4);                                                                   // next 4 /v2 calls
 * ```
 * Fault kinds: 'status' (500 JSON; 502/503/504 nginx HTML), '429', 'delay' {ms} (then the real answer),
 * 'hang', 'reset' (socket destroyed, no answer), 'truncate' {fraction} (full Content-Length, partial body,
 * socket destroyed), 'bad-json' (a cut JSON body with a matching Content-Length), 'expire-token' /
 * 'revoke-token' (all issued tokens, then the request proceeds → 401). `faults.history` lists firings.
 *
 * ## Observing requests
 * `fake.requests`: `{n, method, path, query, at, status, outcome, fault, limitedBy}` in arrival order;
 * `fake.counters()`: `{total, token, v2, byStatus, rateLimited, faulted, byPath}`; `fake.clearRequests()`.
 *
 * ## Resources (GET/HEAD)
 * /v2/campus, /v2/campus/:id (id or name), /v2/campus/:id/locations, /v2/campus/:id/events,
 * /v2/campus/:id/users, /v2/locations, /v2/locations/:id, /v2/users/:id_or_login,
 * /v2/users/:id_or_login/locations, /v2/users/:id/locations_stats, /v2/users/:id/events(_users),
 * /v2/events, /v2/events/:id, /v2/events/:id/events_users, /v2/events_users. Unknown → 404 `{}`.
 * Lists: `page[number]`/`page[size]` or `page`/`per_page` (default 30, clamped to 100), X-Page,
 * X-Per-Page, X-Total (items), Link (first/prev/last/next only where they exist, order varies, URLs
 * `?page=N[&per_page=M]&<filters…>` on the fake's own url, without access_token), `[]` past the end.
 * `filter[f]=a,b` (OR), `range[f]=min,max` (inclusive, ISO), `sort=f,-g`; unknown filter → 400 Filter
 * Error, unknown sort → 400 Sort Error, unknown range → 400 Range Error; `filter[id]` with > 100 ids → 502
 * (nginx HTML). Default order begin_at desc, id desc (locations, events), id desc (campus, events_users).
 */
export {startFakeIntra} from './server.js';
export type {FakeIntra, FakeIntraOptions, IssuedToken, RequestCounters, RequestLogEntry} from './server.js';
export type {FakeClock} from './clock.js';
export {FakeData, type NewSession} from './data.js';
export type {Fault, FaultHandle, FaultMatch, FaultRequest, FaultScheduleOptions, FiredFault, FaultSchedule} from './faults.js';
export {DEFAULT_NOW, MAIN_CAMPUS_ID, OTHER_CAMPUS_ID, generateDataset, type GenerateOptions, type SeededQuirks} from './generate.js';
export type {RateLimitOptions, RateLimiter} from './rate-limit.js';
export type {FakeCampus, FakeDataset, FakeEvent, FakeEventsUser, FakeLocation, FakeUser} from './types.js';
