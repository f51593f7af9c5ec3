/**
 * A small Fastify server for the dashboard tests, standing in for `bigstat42 serve` until it is on
 * main: the demo campus, a JSON index at `GET /`, `POST /events/` that commits an event, and
 * `GET /events/stream` sending each committed event as `event: event` + its JSON (the serve
 * helper's wire format). It offers `app.setHtmlIndex` like serve does; the dashboard plugin is
 * registered on it. Binds 127.0.0.1 on a free port.
 */
import Fastify, {type FastifyInstance, type FastifyReply, type FastifyRequest} from 'fastify';
import {Aggregates} from '../../source/app/aggregates.js';
import {chartDataForPreset} from '../../source/charts/from-app.js';
import {demoRecords, generateDemo} from '../../source/core/demo.js';
import {eventTableFromRecords, type EventRecord, type EventTable} from '../../source/core/model.js';
import {registerDashboard} from '../../source/server/dashboard/index.js';

export type DashboardTestServer = {
	readonly app: FastifyInstance;
	readonly url: string;
	readonly now: number;
	/** Events committed through POST /events/. */
	readonly posted: EventRecord[];
	close(): Promise<void>;
};

export async function startDashboardServer(options: {
	readonly now: number;
	readonly days?: number;
	/** Bench size: sessions (and as many events) over 365 days on 3000 hosts. */
	readonly sessions?: number;
	readonly htmlIndex?: boolean;
}): Promise<DashboardTestServer> {
	const demo =
		options.sessions === undefined
			? generateDemo({now: options.now, days: options.days ?? 30})
			: generateDemo({now: options.now, days: 365, hosts: 3000, users: 6000, targetSessions: options.sessions, targetEvents: options.sessions});
	let baseEvents: EventRecord[] | undefined;
	const posted: EventRecord[] = [];
	let events: EventTable = demo.events;
	const aggregatesOf = () => new Aggregates({sessions: demo.sessions, events}, {now: options.now, timeZone: demo.campus.timeZone});
	let aggregates = aggregatesOf();
	let nextId = 0;
	for (let i = 0; i < demo.events.size; i++) nextId = Math.max(nextId, demo.events.id[i] ?? 0);
	nextId++;
	const listeners = new Set<(record: EventRecord) => void>();
	const streams = new Set<{end(): void}>();

	const app = Fastify({logger: false});
	let htmlIndex: ((request: FastifyRequest, reply: FastifyReply) => unknown) | undefined;
	if (options.htmlIndex !== false) {
		app.decorate('setHtmlIndex', (handler: (request: FastifyRequest, reply: FastifyReply) => unknown) => {
			htmlIndex = handler;
		});
	}

	registerDashboard(app, {
		title: 'bigstat42 · Demo Campus',
		getChartData: (range) => chartDataForPreset(aggregates, range, demo.campus.name),
	});

	app.get('/', async (request, reply) => {
		if (htmlIndex && /\btext\/html\b/.test(String(request.headers.accept ?? ''))) return htmlIndex(request, reply);
		return {name: 'bigstat42', campus: demo.campus.name, endpoints: ['GET /', 'POST /events/', 'GET /events/stream', 'GET /dashboard/specs']};
	});

	app.post('/events/', async (request, reply) => {
		const body = request.body as {user_id?: string | null; event_type?: string; timestamp?: string};
		if (typeof body?.event_type !== 'string' || body.event_type === '') return reply.code(422).send({detail: [{loc: ['body', 'event_type'], msg: 'required', type: 'missing'}]});
		const time = body.timestamp === undefined ? options.now : Date.parse(body.timestamp);
		const record: EventRecord = {id: nextId++, user: body.user_id ?? null, type: body.event_type, time, metadata: null};
		posted.push(record);
		baseEvents ??= demoRecords({sessions: demo.sessions, events: demo.events}).events;
		events = eventTableFromRecords([...baseEvents, ...posted]);
		aggregates = aggregatesOf();
		for (const listener of listeners) listener(record);
		return reply.code(201).send({id: record.id});
	});

	app.get('/events/stream', async (request, reply) => {
		reply.hijack();
		const raw = reply.raw;
		raw.writeHead(200, {'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive'});
		raw.write(': test event stream\n\n');
		const listener = (record: EventRecord) => {
			const json = {id: record.id, user_id: record.user, event_type: record.type, timestamp: new Date(record.time).toISOString(), metadata: null};
			raw.write(`id: ${record.id}\nevent: event\ndata: ${JSON.stringify(json)}\n\n`);
		};

		listeners.add(listener);
		streams.add(raw);
		raw.on('close', () => {
			listeners.delete(listener);
			streams.delete(raw);
		});
	});

	app.addHook('preClose', async () => {
		listeners.clear();
		for (const stream of streams) stream.end();
	});

	const url = await app.listen({host: '127.0.0.1', port: 0});
	return {
		app,
		url,
		now: options.now,
		posted,
		async close() {
			await app.close();
		},
	};
}
