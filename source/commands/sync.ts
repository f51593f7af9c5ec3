/**
 * `bigstat42 sync`: fetches a campus, its sessions and optionally its events from the 42 API into
 * the store, resumably. The logic lives in `data/sync/run.ts`; this file parses flags, resolves
 * credentials, opens the store and prints.
 */
import {sanitizeForTerminal} from '../core/sanitize.js';
import {parseIsoTimestamp} from '../core/time.js';
import {plural} from '../core/ui/format.js';
import {resolveCredentials, SECRET_FLAG_WARNING, type CredentialStore} from '../data/credentials.js';
import type {IntraClientOptions} from '../data/intra/client.js';
import {IntraError, makeRedactor} from '../data/intra/errors.js';
import type {Sleep} from '../data/intra/pacer.js';
import {resolveStorePath} from '../data/paths.js';
import type {Store} from '../data/store-types.js';
import {createClient, DEFAULT_API_URL, describeFailure} from '../data/sync/connect.js';
import {formatDuration, createSyncReporter} from './sync-progress.js';
import {runSync, SyncStoppedError, SyncUsageError, type SyncResult} from '../data/sync/run.js';
import {parseCommandFlags} from './flags.js';
import {apiUrlOf, intraFlags} from './intra-flags.js';
import {UsageError, type Command, type CommandContext, type ExitCode} from './types.js';

const help = `
  Usage
    $ bigstat42 sync [--campus ID] [--days N | --since DATE] [flags]

  Fetches the campus (its time zone drives every statistic) and its sessions from the 42 API
  into the store. The first sync takes every session overlapping the window (default: the last
  30 days); later syncs are incremental (what closed or opened since the last one, plus a
  re-check of sessions still open in the store). Every page is committed before the next
  request: interrupt it any time, the next sync resumes where it stopped, without duplicates.

  Requests are paced to the API's limits (2/s and 1200/h by default, read from its headers).
  When the hourly budget is spent, sync waits for the next hour (and says until when), or
  stops with --no-wait: "stopped: hourly budget spent …", exit 1 (run it again to resume).

  Flags
    --campus ID         42 campus id (default: the campus of the last sync)
    --days N            window of a first or full sync: the last N days, today included (default 30)
    --since DATE|ISO    window start (a date means its local midnight on the campus)
    --events            also fetch the campus events (type = kind, time = begin_at)
    --subscriptions     also fetch each event's subscribers (type "subscribed:<kind>"; implies --events)
    --no-wait           stop instead of waiting when the hourly budget is spent
    --api-url URL       API root (default ${DEFAULT_API_URL})
    --db PATH           store location (default: $BIGSTAT42_DB or $XDG_DATA_HOME/bigstat42/store)
    --uid UID           application uid (default: env, .env, stored login)
    --secret SECRET     application secret (visible in the process list: prefer bigstat42 login)
    --quiet             no progress and no summary; warnings and errors only
    --help              this help

  Credentials, first found wins: --uid/--secret, BIGSTAT42_UID/BIGSTAT42_SECRET, API_UID/API_SECRET
  in ./.env, then those stored by bigstat42 login.

  Exit status: 0 done; 1 failure (network, credentials, store, hourly budget with --no-wait,
  interrupted); 2 usage error.

  Examples
    $ bigstat42 sync --campus 1 --days 7
    $ bigstat42 sync --events --subscriptions
    $ bigstat42 sync --quiet --no-wait        # from cron
`;

const flags = {
	campus: {type: 'number'},
	days: {type: 'number'},
	since: {type: 'string'},
	events: {type: 'boolean', default: false},
	subscriptions: {type: 'boolean', default: false},
	wait: {type: 'boolean', default: true},
	...intraFlags,
	db: {type: 'string'},
	quiet: {type: 'boolean', default: false},
} as const;

/** What the sync command needs from outside (tests inject a fake store opener, clock, sleep…). */
export type SyncCommandDeps = {
	readonly openStore: (path: string) => Promise<Pick<Store, 'commit' | 'syncState' | 'sessions' | 'close'>>;
	/** Wall clock for windows and waits. @default context.clock */
	readonly now?: () => number;
	readonly sleep?: Sleep;
	/** Extra client options (timeouts, retry base, pacer…). */
	readonly client?: Partial<Omit<IntraClientOptions, 'baseUrl' | 'credentials'>>;
	/** Cancels the sync; by default SIGINT (Ctrl-C) does. */
	readonly signal?: AbortSignal;
	readonly credentialStore?: Pick<CredentialStore, 'read'>;
	/** Look-back of incremental passes, ms. */
	readonly lookbackMs?: number;
};

const defaultDeps: SyncCommandDeps = {
	async openStore(path) {
		const {openStore} = await import('../data/store.js');
		return openStore(path);
	},
};


/** The final line: counts, requests, time. */
export function summaryLine(result: SyncResult): string {
	const counts = (label: string, value: SyncResult['sessions']): string =>
		`${label} ${value.inserted} inserted, ${value.updated} updated, ${value.unchanged} unchanged`;
	const parts = [counts('sessions', result.sessions)];
	if (result.events.inserted + result.events.updated + result.events.unchanged > 0) parts.push(counts('events', result.events));
	const extras: string[] = [];
	if (result.skipped > 0) extras.push(`${result.skipped} unusable rows skipped`);
	if (result.vanished > 0) extras.push(`${result.vanished} open sessions no longer listed by the API`);
	const how = result.resumed ? 'resumed' : result.mode;
	return `synced ${result.campus.name} (${result.campus.id}, ${how}): ${parts.join('; ')}; ${plural(result.requests, 'request')} in ${formatDuration(result.elapsedMs)}${extras.length > 0 ? ` (${extras.join(', ')})` : ''}`;
}

/** Runs `sync` with injectable dependencies; `syncCommand` uses the real store and network. */
export async function runSyncCommand(context: CommandContext, deps: SyncCommandDeps = defaultDeps): Promise<ExitCode> {
	const parsed = parseCommandFlags(context, help, flags);
	if (parsed.kind === 'help') {
		context.stdout.write(help);
		return 0;
	}

	const values = parsed.flags;
	if (parsed.input.length > 0) throw new UsageError(`unexpected argument "${parsed.input[0]}"`, help);
	if (values.campus !== undefined && (!Number.isSafeInteger(values.campus) || values.campus <= 0)) throw new UsageError('--campus expects a positive integer id', help);
	if (values.days !== undefined && (!Number.isSafeInteger(values.days) || values.days <= 0)) throw new UsageError('--days expects a positive whole number', help);
	if (values.days !== undefined && values.since !== undefined) throw new UsageError('--days and --since are exclusive', help);
	if (values.since !== undefined && Number.isNaN(parseIsoTimestamp(values.since))) throw new UsageError(`--since "${values.since}" is not an ISO-8601 date or timestamp`, help);
	const apiUrl = apiUrlOf(values.apiUrl, help);

	const credentials = resolveCredentials({flags: {uid: values.uid, secret: values.secret}, env: context.env, cwd: context.cwd, store: deps.credentialStore});
	const redact = makeRedactor([credentials?.secret, values.secret]);
	const print = (text: string): void => {
		context.stderr.write(`${redact(text).split('\n').map(sanitizeForTerminal).join('\n')}\n`);
	};

	if (values.secret !== undefined) print(SECRET_FLAG_WARNING);
	if (credentials === undefined) {
		print('sync: no 42 API credentials: run `bigstat42 login`, or set BIGSTAT42_UID and BIGSTAT42_SECRET (or API_UID/API_SECRET in ./.env)');
		return 1;
	}

	const reporter = createSyncReporter({stream: context.stderr, isTTY: context.stderrIsTTY, quiet: values.quiet, columns: (context.stderr as {columns?: number}).columns});
	// Ctrl-C: stop at the next await; everything committed so far stays.
	const controller = new AbortController();
	const onSigint = (): void => {
		controller.abort();
	};

	const signal = deps.signal ?? controller.signal;
	if (deps.signal === undefined) process.once('SIGINT', onSigint);
	const now = deps.now ?? context.clock;
	const storePath = resolveStorePath({db: values.db, env: context.env, cwd: context.cwd});
	let store: Pick<Store, 'commit' | 'syncState' | 'sessions' | 'close'> | undefined;
	try {
		store = await deps.openStore(storePath);
		const client = createClient({
			...deps.client,
			baseUrl: apiUrl,
			credentials,
			noWait: !values.wait,
			now,
			sleep: deps.sleep ?? deps.client?.sleep,
			signal,
			onWarning: (message) => reporter.onEvent({type: 'warning', message}),
			onWait: (wait) => reporter.onEvent({type: 'wait', wait}),
		});
		const result = await runSync(
			{
				campusId: values.campus,
				days: values.days,
				since: values.since,
				events: values.events || values.subscriptions,
				subscriptions: values.subscriptions,
				lookbackMs: deps.lookbackMs,
			},
			{store, client, now, onEvent: reporter.onEvent, signal},
		);
		reporter.finish();
		if (!values.quiet) context.stdout.write(`${sanitizeForTerminal(summaryLine(result))}\n`);
		return 0;
	} catch (error) {
		reporter.finish();
		if (error instanceof SyncUsageError) throw new UsageError(error.message, help);
		const cause = error instanceof SyncStoppedError ? error.error : error;
		const pages = error instanceof SyncStoppedError ? error.pages : 0;
		const stored = `${plural(pages, 'page')} stored`;
		if (cause instanceof IntraError && cause.kind === 'budget') {
			const at = cause.resumeAt === undefined ? '' : ` (it frees up around ${new Date(cause.resumeAt).toISOString().slice(11, 16)} UTC)`;
			print(`stopped: hourly budget spent; ${stored}; resume with bigstat42 sync${at}`);
		} else if (cause instanceof IntraError && cause.kind === 'aborted') {
			print(`interrupted: ${stored}; resume with bigstat42 sync`);
		} else {
			print(`sync failed: ${describeFailure(cause, redact)}`);
			if (pages > 0) print(`${stored}; run bigstat42 sync again to resume`);
		}

		return 1;
	} finally {
		if (deps.signal === undefined) process.removeListener('SIGINT', onSigint);
		await store?.close();
	}
}

/** The `sync` command. */
export const syncCommand: Command = {
	name: 'sync',
	run: async (context) => runSyncCommand(context),
};
