import {readFileSync} from 'node:fs';
import {PassThrough} from 'node:stream';
import {describe, expect, it} from 'vitest';
import {authError, parseRetryAfter} from '../../source/data/intra/client.js';
import {makeRedactor} from '../../source/data/intra/errors.js';
import {SUBSCRIPTION_ID_OFFSET, toCampus, toEventRecord, toSessionRecord, toSubscriptionRecord} from '../../source/data/intra/mapping.js';
import {TokenManager} from '../../source/data/intra/token.js';
import {createSyncReporter, pageLine} from '../../source/commands/sync-progress.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../fixtures/42api/${name}`, import.meta.url), 'utf8'));

describe('mapping 42 JSON', () => {
	it('maps the campus with its time zone', () => {
		expect(toCampus(fixture('campus.json'))).toEqual({campus: {id: 4077, name: 'Testville', timeZone: 'Europe/Paris'}, zoneValid: true});
		expect(toCampus({id: 1, name: 'X', time_zone: 'Mars/Olympus'})).toEqual({campus: {id: 1, name: 'X', timeZone: 'UTC'}, zoneValid: false});
	});

	it('maps locations: open sessions, anonymised logins, webhook-style users, bad rows', () => {
		const rows = (fixture('locations_page.json') as unknown[]).map(toSessionRecord);
		expect(rows[0]).toEqual({id: 240000317, userId: 190101, login: 'tlovelace', host: 'c1r2s3', begin: Date.parse('2025-03-14T09:41:07.000Z'), end: null, campusId: 4077});
		expect(rows.every((row) => row !== undefined)).toBe(true);
		expect(rows.some((row) => row?.login === '3b3e1f0a9c27d4b5')).toBe(true);
		expect(toSessionRecord({id: 5, begin_at: '2025-01-01T00:00:00Z', end_at: '2025-01-01T01:00:00+01:00', host: 'h', campus_id: 1, user: {id: 9, login: 'x', url: 'u'}})).toMatchObject({end: Date.parse('2025-01-01T00:00:00Z'), login: 'x'});
		expect(toSessionRecord({id: 'x', begin_at: '2025-01-01'})).toBeUndefined();
		expect(toSessionRecord({id: 1, begin_at: 'yesterday'})).toBeUndefined();
		expect(toSessionRecord({id: 1, begin_at: '2025-01-01T00:00:00Z', end_at: 'garbage'})).toBeUndefined();
	});

	it('maps events and subscriptions', () => {
		const event = toEventRecord(fixture('event.json'));
		expect(event?.record).toEqual({
			id: 31337,
			user: null,
			type: 'conference',
			time: Date.parse('2025-03-18T17:00:00.000Z'),
			metadata: '{"event_id":31337,"name":"Cluster etiquette 101","location":"Auditorium B"}',
		});
		const subs = (fixture('events_users.json') as unknown[]).map((row) => toSubscriptionRecord(row, event!.info));
		expect(subs[0]).toEqual({id: SUBSCRIPTION_ID_OFFSET + 880012, user: 'mhopper', type: 'subscribed:conference', time: event!.record.time, metadata: '{"event_id":31337,"name":"Cluster etiquette 101"}'});
	});
});

describe('client helpers', () => {
	it('parses Retry-After in seconds and as an HTTP date', () => {
		expect(parseRetryAfter('1', 0)).toBe(1000);
		expect(parseRetryAfter(undefined, 0)).toBeUndefined();
		expect(parseRetryAfter('Fri, 14 Mar 2025 10:00:00 GMT', Date.parse('2025-03-14T09:59:30Z'))).toBe(30_000);
		expect(parseRetryAfter('soon', 0)).toBeUndefined();
	});

	it('reads error= from WWW-Authenticate (decisions never read the body)', () => {
		const headers = (fixture('error_401.json') as {headers: Record<string, string>}).headers;
		expect(authError({'www-authenticate': headers['WWW-Authenticate']})).toBe('invalid_token');
		expect(authError({})).toBeUndefined();
	});

	it('redacts secrets', () => {
		const redact = makeRedactor(['s-s4t2ud-secret', undefined, 'ab']);
		expect(redact('x s-s4t2ud-secret y ab')).toBe('x [redacted] y ab');
	});
});

describe('TokenManager', () => {
	it('keeps the token until 60 s before expiry, then fetches a new one; invalidate forces one', async () => {
		let now = 1_000_000;
		let n = 0;
		const tokens = new TokenManager({now: () => now, fetchGrant: async () => ({accessToken: `t${++n}`, expiresIn: 7200, secretValidUntil: undefined})});
		expect(await tokens.get()).toBe('t1');
		now += 7200_000 - 61_000;
		expect(await tokens.get()).toBe('t1');
		now += 2000;
		expect(await tokens.get()).toBe('t2');
		tokens.invalidate();
		expect(await tokens.get()).toBe('t3');
		// Concurrent callers share one fetch.
		tokens.invalidate();
		expect(await Promise.all([tokens.get(), tokens.get()])).toEqual(['t4', 't4']);
	});

	it('warns once when secret_valid_until is less than 7 days away', async () => {
		const warnings: string[] = [];
		const now = Date.parse('2025-03-14T09:00:00Z');
		const tokens = new TokenManager({now: () => now, onWarning: (m) => warnings.push(m), fetchGrant: async () => ({accessToken: 't', expiresIn: 0, secretValidUntil: now + 6.5 * 86_400_000})});
		await tokens.get();
		await tokens.get();
		expect(warnings).toEqual(['the 42 API secret expires on 2025-03-20 21:00 UTC (in 6 days): create a new secret on the intra application page and run `bigstat42 login`']);
	});
});

describe('progress', () => {
	const page = {type: 'page' as const, label: 'closed sessions', page: 3, pages: 12, stored: 300, etaMs: 4680, hourlyLeft: 1180};

	it('formats a page line: bar, pages, records, ETA, hourly budget', () => {
		expect(pageLine(page, 12)).toBe('closed sessions [###---------] 3/12 pages · 300 stored · ETA 5s · 1180 requests left this hour');
	});

	it('redraws in place on a TTY and writes plain lines otherwise; quiet prints warnings only', () => {
		const render = (isTTY: boolean, quiet: boolean): string => {
			const stream = new PassThrough();
			let text = '';
			stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
			const reporter = createSyncReporter({stream, isTTY, quiet});
			reporter.onEvent(page);
			reporter.onEvent({...page, page: 4});
			reporter.onEvent({type: 'warning', message: 'careful'});
			reporter.finish();
			return text;
		};

		expect(render(true, false)).toMatch(/^\r\u001B\[2Kclosed.*3\/12.*\r\u001B\[2Kclosed.*4\/12[^\n]*\nwarning: careful\n$/);
		// Not a TTY: only milestone pages (1, every 10th, last) become lines.
		expect(render(false, false)).toBe('warning: careful\n');
		const lines = new PassThrough();
		let text = '';
		lines.on('data', (chunk: Buffer) => (text += chunk.toString()));
		const reporter = createSyncReporter({stream: lines, isTTY: false, quiet: false});
		for (let n = 1; n <= 12; n++) reporter.onEvent({...page, page: n});
		expect(text.split('\n').map((line) => /(\d+)\/12/.exec(line)?.[1])).toEqual(['1', '10', '12', undefined]);
		expect(render(false, true)).toBe('warning: careful\n');
	});

	it('fits a redrawn line to the terminal (80 columns) and counts the records of each step', () => {
		const stream = new PassThrough();
		let text = '';
		stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
		const reporter = createSyncReporter({stream, isTTY: true, quiet: false, columns: 80});
		reporter.onEvent({type: 'step', label: 'closed sessions'});
		reporter.onEvent({...page, stored: 757});
		reporter.onEvent({type: 'step', label: 'events'});
		reporter.onEvent({type: 'page', label: 'events', page: 1, pages: 1, stored: 785, etaMs: 0, hourlyLeft: 1179});
		reporter.finish();
		const redraws = text.split('\r\u001B[2K').filter(Boolean).map((chunk) => chunk.replace(/\n$/, ''));
		for (const line of redraws) expect([...line].length, line).toBeLessThanOrEqual(79);
		expect(redraws.at(-1)).toMatch(/^events \[#+\] 1\/1 pages · 28 stored/);
		expect(redraws.some((line) => line.endsWith('…'))).toBe(true);
	});
});
