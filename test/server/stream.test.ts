/**
 * GET /events/stream (Server-Sent Events): each event is delivered once it is committed, with its
 * id, in commit order, filtered by user_id / event_type when asked; another process's commit is
 * announced as a reload; the stream ends cleanly when the server stops.
 */
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {openStore} from '../../source/data/store.js';
import {call, startTestServer, tempDir} from './helpers.js';

/** Reads SSE messages (all kinds) from a response body until `count` messages of `event` arrived. */
async function collect(response: Response, count: number, event = 'event'): Promise<Array<{id?: string; event: string; data: string}>> {
	const reader = response.body!.getReader();
	const decoder = new TextDecoder();
	let buffer = '';
	const messages: Array<{id?: string; event: string; data: string}> = [];
	while (messages.filter((message) => message.event === event).length < count) {
		const {value, done} = await reader.read();
		if (done) break;
		buffer += decoder.decode(value, {stream: true});
		let end;
		while ((end = buffer.indexOf('\n\n')) >= 0) {
			const block = buffer.slice(0, end);
			buffer = buffer.slice(end + 2);
			const message: {id?: string; event: string; data: string} = {event: 'message', data: ''};
			for (const line of block.split('\n')) {
				if (line.startsWith(':')) continue;
				const [field, ...rest] = line.split(': ');
				const value = rest.join(': ');
				if (field === 'id') message.id = value;
				else if (field === 'event') message.event = value;
				else if (field === 'data') message.data += value;
			}

			if (message.data !== '') messages.push(message);
		}
	}

	await reader.cancel();
	return messages;
}

function only(messages: Array<{id?: string; event: string; data: string}>, event = 'event') {
	return messages.filter((message) => message.event === event);
}

describe('GET /events/stream', () => {
	it('delivers each committed event with its id, and filters', async () => {
		const server = await startTestServer(['--db', path.join(tempDir(), 'store')]);
		try {
			const all = await fetch(`${server.url}/events/stream`);
			expect(all.headers.get('content-type')).toMatch(/text\/event-stream/);
			const onlyBob = await fetch(`${server.url}/events/stream?user_id=bob`);
			const received = collect(all, 4);
			const bobs = collect(onlyBob, 2);
			const posted = [];
			posted.push((await call(`${server.url}/events/`, {body: {user_id: 'alice', event_type: 'login'}})).json);
			posted.push((await call(`${server.url}/events/`, {body: {user_id: 'bob', event_type: 'login'}})).json);
			const batch = (await call(`${server.url}/events/batch`, {body: [{user_id: 'bob', event_type: 'view', metadata: {page: 1}}, {user_id: 'carol', event_type: 'view'}]})).json;
			const messages = only(await received);
			expect(messages.map((message) => JSON.parse(message.data).user_id)).toEqual(['alice', 'bob', 'bob', 'carol']);
			expect(messages.slice(0, 2).map((message) => JSON.parse(message.data))).toEqual(posted);
			expect(messages.map((message) => Number(message.id))).toEqual([posted[0].id, posted[1].id, batch.first_id, batch.last_id]);
			expect(JSON.parse(messages[2]!.data).metadata).toEqual({page: 1});
			const bobMessages = only(await bobs);
			expect(bobMessages.map((message) => JSON.parse(message.data).event_type)).toEqual(['login', 'view']);
		} finally {
			await server.close();
		}
	});

	it('announces another process’s commit as a reload, and ends when the server stops', async () => {
		const storePath = path.join(tempDir(), 'store');
		const server = await startTestServer(['--db', storePath]);
		const stream = await fetch(`${server.url}/events/stream`);
		const seen = collect(stream, 2, 'reload');
		const other = await openStore(storePath);
		await other.commit({events: [{id: 7, user: 'x', type: 'imported', time: Date.now() - 1000, metadata: null}]});
		expect((await call(`${server.url}/events/`, {body: {user_id: 'y', event_type: 'posted'}})).status).toBe(201);
		await other.commit({events: [{id: 8, user: 'z', type: 'imported', time: Date.now() - 500, metadata: '{"k":1}'}]});
		await other.close();
		const messages = await seen;
		const reloads = only(messages, 'reload');
		expect(reloads.length).toBe(2);
		// Each reload names the generation it loaded: the other process's commits come after the
		// server's own (its id reservation and its checkpoints), so the generations only grow.
		const generations = reloads.map((reload) => JSON.parse(reload.data).generation as number);
		expect(generations[0]).toBeGreaterThanOrEqual(1);
		expect(generations[1]).toBeGreaterThan(generations[0]!);
		// The other process's new events are streamed too, each once, with the server's own in between.
		const events = only(messages).map((message) => JSON.parse(message.data));
		expect(events.map((event) => [event.id, event.event_type])).toEqual([
			[7, 'imported'],
			[2 ** 51 + 1, 'posted'],
			[8, 'imported'],
		]);
		expect(events[2].metadata).toEqual({k: 1});
		expect((await call(`${server.url}/stats/total`)).json.total_events).toBe(3);
		const open = await fetch(`${server.url}/events/stream`);
		const ended = collect(open, 1);
		await server.close();
		expect(only(await ended)).toEqual([]);
	});
});
