/**
 * `bigstat42 serve`: the HTTP server over the store (or the demo campus). Builds the app of
 * source/server/app.ts, listens, and on SIGTERM/SIGINT stops accepting, lets the accepted
 * requests finish (their events are committed), closes the store and exits 0.
 */
import {readFile, stat} from 'node:fs/promises';
import path from 'node:path';
import type {FastifyInstance} from 'fastify';
import {generateDemo} from '../core/demo.js';
import {sanitizeForTerminal} from '../core/sanitize.js';
import {describeErrno, describeListenError, errorMessage} from '../core/system-error.js';
import {isValidTimeZone} from '../core/time.js';
import {parseDuration} from '../core/range.js';
import {openStore, type ColumnarStore} from '../data/store.js';
import {resolveStorePath} from '../data/paths.js';
import {pickCampus} from '../data/source.js';
import {buildServer, isLoopback, MIB, type ServerOptions} from '../server/app.js';
import {DataAccess} from '../server/data-access.js';
import {EventLog} from '../server/event-log.js';
import {serverPlugins} from '../server/plugins.js';
import {parseCommandFlags} from './flags.js';
import {UsageError, type Command, type CommandContext} from './types.js';

const help = `
  Usage
    $ bigstat42 serve [flags]

  Serves the event API (stadistics-by-cuzzi paths), the usage summary and health check (Mini
  Analytics paths) and the bigstat42 statistics over HTTP. Every acknowledged event is on disk.
  API documentation: http://HOST:PORT/docs (OpenAPI at /openapi.json). README: "Serving".

  Flags
    --host ADDR            address to bind (default 127.0.0.1); off the loopback a token is required
    --port N               port (default 8000; 0 picks a free one)
    --db PATH              store location (default: $BIGSTAT42_DB or $XDG_DATA_HOME/bigstat42/store)
    --demo                 serve the demo campus (read-only) with an in-memory event log
    --seed N               demo seed (default 42)
    --tz IANA              zone of calendar days and hours (default: the campus zone)
    --token-file FILE      bearer token (one line); or set BIGSTAT42_TOKEN
    --public-read          with a token: reads from other hosts need none (writes still do)
    --cors ORIGIN          allow this one origin (e.g. https://dash.example.org); default: no CORS
    --rate-limit N/WINDOW  requests per client address, e.g. 600/1m (default 1200/1m); 0 = none
    --rate-limit-loopback  limit loopback clients too (by default they are not limited)
    --body-limit BYTES     largest single-event body (default 1048576 = 1 MiB)
    --batch-body-limit B   largest batch or usage-summary body (default 67108864 = 64 MiB)
    --log-level LEVEL      fatal, error, warn, info (default; one line per request), debug, silent
    --quiet                no request lines (same as --log-level warn)

  Examples
    $ bigstat42 serve
    $ bigstat42 serve --demo --port 8080
    $ BIGSTAT42_TOKEN=… bigstat42 serve --host 0.0.0.0 --public-read
`;

const flags = {
	host: {type: 'string' as const, default: '127.0.0.1'},
	port: {type: 'number' as const, default: 8000},
	db: {type: 'string' as const},
	demo: {type: 'boolean' as const, default: false},
	seed: {type: 'number' as const},
	tz: {type: 'string' as const},
	tokenFile: {type: 'string' as const},
	publicRead: {type: 'boolean' as const, default: false},
	cors: {type: 'string' as const},
	rateLimit: {type: 'string' as const, default: '1200/1m'},
	rateLimitLoopback: {type: 'boolean' as const, default: false},
	bodyLimit: {type: 'number' as const},
	batchBodyLimit: {type: 'number' as const},
	logLevel: {type: 'string' as const, choices: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']},
	quiet: {type: 'boolean' as const, default: false},
};

/** A running server: its address and how to stop it (commit what was accepted, close the store). */
export type RunningServer = {
	readonly app: FastifyInstance;
	readonly log: EventLog;
	readonly url: string;
	close(): Promise<void>;
};

/** Reads the token: --token-file wins over BIGSTAT42_TOKEN; empty is refused. Never printed. */
async function resolveToken(context: CommandContext, file: string | undefined): Promise<string | undefined> {
	if (file !== undefined) {
		const name = path.resolve(context.cwd, file);
		let text: string;
		try {
			text = await readFile(name, 'utf8');
		} catch (error) {
			throw new UsageError(`--token-file ${name}: cannot read it: ${describeErrno(error)}`, help);
		}

		const token = text.trim();
		if (token === '' || /\s/.test(token)) throw new UsageError(`--token-file ${name}: the file must hold one token, without spaces`, help);
		const mode = (await stat(name)).mode;
		if ((mode & 0o077) !== 0) {
			context.stderr.write(`bigstat42 serve: warning: ${sanitizeForTerminal(name)} is readable by other users (chmod 600 it)\n`);
		}

		return token;
	}

	const fromEnv = context.env['BIGSTAT42_TOKEN'];
	if (fromEnv === undefined || fromEnv === '') return undefined;
	if (/\s/.test(fromEnv.trim()) || fromEnv.trim() === '') throw new UsageError('BIGSTAT42_TOKEN must be one token, without spaces', help);
	return fromEnv.trim();
}

/** "600/1m" → {max, windowMs}; "0" → undefined (no limit). */
function parseRateLimit(text: string): {max: number; windowMs: number} | undefined {
	if (text.trim() === '0') return undefined;
	const match = /^(\d+)\/(.+)$/.exec(text.trim());
	const max = Number(match?.[1]);
	const windowMs = match ? parseDuration(match[2]!) : Number.NaN;
	if (!match || !Number.isSafeInteger(max) || max < 1 || !(windowMs >= 1000)) {
		throw new UsageError(`--rate-limit "${text}" must look like 600/1m (requests per window of at least 1 s), or 0 for none`, help);
	}

	return {max, windowMs};
}

function positiveBytes(name: string, value: number | undefined, fallback: number): number {
	if (value === undefined) return fallback;
	if (!Number.isSafeInteger(value) || value < 1024) throw new UsageError(`--${name} must be a whole number of bytes, at least 1024`, help);
	return value;
}

/** Opens the data, builds the app and listens. Used by the command and by tests. */
export async function startServer(context: CommandContext, argv: readonly string[]): Promise<RunningServer | {help: string}> {
	const parsed = parseCommandFlags({argv}, help, flags, {positional: 'none'});
	if (parsed.kind === 'help') return {help};
	const values = parsed.flags;
	if (!Number.isInteger(values.port) || values.port < 0 || values.port > 65_535) throw new UsageError(`--port must be 0..65535, got ${values.port}`, help);
	if (values.demo && values.db !== undefined) throw new UsageError('use either --demo or --db, not both', help);
	if (values.tz !== undefined && !isValidTimeZone(values.tz)) throw new UsageError(`--tz "${values.tz}" is not an IANA time zone (e.g. Europe/Paris, UTC)`, help);
	if (values.cors !== undefined && !/^https?:\/\/[^/\s]+$/.test(values.cors)) {
		throw new UsageError(`--cors "${values.cors}" must be one origin such as https://dash.example.org (scheme and host, no path)`, help);
	}

	const token = await resolveToken(context, values.tokenFile);
	const loopbackBind = isLoopback(values.host);
	if (!loopbackBind && token === undefined) {
		throw new UsageError(
			`refusing to listen on ${values.host} without a token: anyone who can reach it could write events; give --token-file FILE or set BIGSTAT42_TOKEN (or bind 127.0.0.1)`,
			help,
		);
	}

	const rate = parseRateLimit(values.rateLimit);
	const clock = context.clock;
	let store: ColumnarStore | undefined;
	let log: EventLog;
	let data: DataAccess;
	let timeZone: string;
	if (values.demo) {
		const demo = generateDemo({now: clock(), seed: values.seed ?? undefined});
		timeZone = values.tz ?? demo.campus.timeZone;
		log = new EventLog({initial: demo.events, timeZone, clock});
		data = new DataAccess({sessions: demo.sessions, campus: demo.campus, timeZone, events: () => log.table(), clock});
	} else {
		const storePath = resolveStorePath({db: values.db, env: context.env, cwd: context.cwd});
		store = await openStore(storePath);
		// Events a killed server acknowledged from its journal are committed before serving.
		await store.recoverJournals();
		const campus = pickCampus(store.campuses(), store.syncState());
		timeZone = values.tz ?? campus.timeZone;
		log = new EventLog({store, timeZone, clock});
		data = new DataAccess({store, campus, timeZone, events: () => log.table(), clock});
	}

	const logLevel = values.quiet ? 'warn' : (values.logLevel ?? 'info');
	const options: ServerOptions = {
		log,
		data,
		clock,
		timeZone,
		mode: values.demo ? 'demo' : 'store',
		startedAt: clock(),
		token,
		publicRead: values.publicRead,
		cors: values.cors,
		rateLimit: rate ? {...rate, loopback: values.rateLimitLoopback} : undefined,
		eventBodyLimit: positiveBytes('body-limit', values.bodyLimit, MIB),
		batchBodyLimit: positiveBytes('batch-body-limit', values.batchBodyLimit, 64 * MIB),
		logLevel,
		logStream: context.stderr,
		plugins: serverPlugins,
	};
	const app = await buildServer(options);
	try {
		await app.listen({host: values.host, port: values.port});
	} catch (error) {
		await log.close();
		await store?.close();
		throw new Error(describeListenError(error, values.host, values.port));
	}

	const address = app.server.address();
	const port = typeof address === 'object' && address ? address.port : values.port;
	const host = values.host.includes(':') ? `[${values.host}]` : values.host;
	const url = `http://${host}:${port}`;
	let closing: Promise<void> | undefined;
	return {
		app,
		log,
		url,
		async close() {
			closing ??= (async () => {
				// Stop accepting; requests in flight finish (their events are committed) before this resolves.
				app.endStreams();
				const closed = app.close();
				// Idle connections are closed at once and new requests get 503 + "Connection: close";
				// once every accepted request has been answered, no connection is left waiting for.
				const deadline = Date.now() + 30_000;
				while (app.requestsInFlight() > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
				app.server.closeAllConnections();
				await closed;
				await log.close();
				await store?.close();
			})();
			return closing;
		},
	};
}

export const serveCommand: Command = {
	name: 'serve',
	async run(context) {
		const started = await startServer(context, context.argv);
		if ('help' in started) {
			context.stdout.write(started.help);
			return 0;
		}

		const where = started.log.store ? `store ${sanitizeForTerminal(started.log.store.path)}` : 'the demo campus (events in memory)';
		context.stderr.write(`bigstat42 serve: listening on ${started.url} (${where}); docs at ${started.url}/docs\n`);
		// The line scripts wait for: the address, on stdout.
		context.stdout.write(`${started.url}\n`);
		await new Promise<void>((resolve) => {
			const stop = (signal: NodeJS.Signals) => {
				process.off('SIGTERM', stop);
				process.off('SIGINT', stop);
				context.stderr.write(`bigstat42 serve: ${signal}: finishing accepted requests, then exiting\n`);
				void started.close().then(resolve, (error: unknown) => {
					context.stderr.write(`bigstat42 serve: while stopping: ${sanitizeForTerminal(errorMessage(error))}\n`);
					process.exitCode = 1;
					resolve();
				});
			};

			process.on('SIGTERM', stop);
			process.on('SIGINT', stop);
		});
		return (process.exitCode as 0 | 1 | undefined) ?? 0;
	},
};
