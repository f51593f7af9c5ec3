/**
 * Issue 13 #12 on the HTTP server: every JSON answer (schema-serialised or not) carries DEL, C1,
 * bidi and zero-width characters and U+2028/2029 as \uXXXX escapes, and reads back the same value.
 */
import path from 'node:path';
import {expect, it} from 'vitest';
import {call, startTestServer, tempDir} from '../server/helpers.js';

const HIDDEN = 'a\u007Fb\u009Bc\u202Ed\u2066e\u200Bf\u2028g\uFEFFh';
// eslint-disable-next-line no-control-regex
const RAW = /[\u0000-\u001F\u007F-\u009F\u200B-\u200F\u2028-\u202E\u2060-\u2069\uFEFF]/;

it('POST and GET /events/ answer with hidden characters escaped, values intact', async () => {
	const server = await startTestServer(['--db', path.join(tempDir(), 'store')]);
	try {
		const posted = await call(`${server.url}/events/`, {body: {user_id: `u${HIDDEN}`, event_type: `t${HIDDEN}`, timestamp: '2026-01-05T10:00:00Z', metadata: {note: HIDDEN}}});
		expect(posted.status, posted.text).toBe(201);
		expect(posted.text).not.toMatch(RAW);
		expect(posted.text).toContain('\\u202e');
		expect(posted.json).toMatchObject({user_id: `u${HIDDEN}`, event_type: `t${HIDDEN}`, metadata: {note: HIDDEN}});
		const listed = await call(`${server.url}/events/`);
		expect(listed.status, listed.text).toBe(200);
		expect(listed.text).not.toMatch(RAW);
		expect(JSON.stringify(listed.json)).toContain(JSON.stringify(`u${HIDDEN}`).slice(1, -1));
		const missing = await call(`${server.url}/no/such/${encodeURIComponent(HIDDEN)}`);
		expect(missing.status).toBe(404);
		expect(missing.text).not.toMatch(RAW);
	} finally {
		await server.close();
	}
});
