/**
 * Runs the fake 42 intra API by hand, for trying sync against it:
 *
 *     npm run fake-intra -- --port 4242 --seed 7 [--per-second 2] [--per-hour 1200] [--no-retry-after]
 *                           [--days 14] [--locations 20000] [--no-rate-limit] [--now 2025-03-14T09:45:24Z]
 *
 * Prints the URL and the generated uid/secret, then serves until Ctrl-C. The clock runs in real time
 * from `--now` (default: the real current time), so tokens really expire after two hours.
 */
import process from 'node:process';
import {parseArgs} from 'node:util';
import {startFakeIntra} from './index.js';

const usage = `Usage: fake-intra [--port N] [--seed S] [--per-second 2] [--per-hour 1200] [--no-retry-after]
                  [--days 14] [--locations N] [--no-rate-limit] [--now ISO]`;

/** Parses a non-negative integer flag or exits with a usage error. */
function integer(name: string, text: string | undefined, fallback: number): number {
	if (text === undefined) return fallback;
	if (!/^\d+$/.test(text)) {
		process.stderr.write(`--${name} expects a non-negative integer, got "${text}"\n${usage}\n`);
		process.exit(2);
	}

	return Number(text);
}

async function main(): Promise<void> {
	let values;
	try {
		({values} = parseArgs({
			options: {
				port: {type: 'string'},
				seed: {type: 'string'},
				'per-second': {type: 'string'},
				'per-hour': {type: 'string'},
				'no-retry-after': {type: 'boolean'},
				'no-rate-limit': {type: 'boolean'},
				days: {type: 'string'},
				locations: {type: 'string'},
				now: {type: 'string'},
				help: {type: 'boolean', short: 'h'},
			},
		}));
	} catch (error) {
		process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${usage}\n`);
		process.exit(2);
	}

	if (values.help) {
		process.stdout.write(`${usage}\n`);
		return;
	}

	const now = values.now === undefined ? Date.now() : Date.parse(values.now);
	if (Number.isNaN(now)) {
		process.stderr.write(`--now expects an ISO timestamp\n${usage}\n`);
		process.exit(2);
	}

	const seedText = values.seed ?? '42';
	const fake = await startFakeIntra({
		port: integer('port', values.port, 0),
		seed: /^\d+$/.test(seedText) ? Number(seedText) : seedText,
		days: integer('days', values.days, 14),
		...(values.locations === undefined ? {} : {locations: integer('locations', values.locations, 0)}),
		clockStart: now,
		clockMode: 'running',
		rateLimit: {
			perSecond: integer('per-second', values['per-second'], 2),
			perHour: integer('per-hour', values['per-hour'], 1200),
			enforce: !values['no-rate-limit'],
		},
		retryAfter: values['no-retry-after'] ? 'omit' : 'send',
	});

	const campus = fake.data.campus;
	process.stdout.write(
		[
			`fake 42 intra listening on ${fake.url}`,
			`  uid:    ${fake.credentials.uid}`,
			`  secret: ${fake.credentials.secret}`,
			`  campus: ${campus.id} ${campus.name} (${campus.timeZone}), ${fake.data.locations.length} locations, ${fake.data.users.length} users, ${fake.data.events.length} events`,
			`  try:    curl -s -X POST ${fake.url}/oauth/token -d grant_type=client_credentials -d client_id=<uid> -d client_secret=<secret>`,
			'Ctrl-C to stop.',
			'',
		].join('\n'),
	);

	const stop = (): void => {
		const counters = fake.counters();
		process.stdout.write(`\nserved ${counters.total} requests (${counters.rateLimited} rate-limited)\n`);
		void fake.close().then(() => process.exit(0));
	};

	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
}

await main();
