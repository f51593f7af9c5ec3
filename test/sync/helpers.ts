/**
 * Helpers of the sync tests: a fake 42 API, a real store in a temp directory, a captured command
 * context, and the fake's truth as SessionRecords.
 */
import {mkdtemp, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {PassThrough, Readable} from 'node:stream';
import type {CommandContext} from '../../source/commands/types.js';
import {sessionAt, type SessionRecord} from '../../source/core/model.js';
import {startFakeIntra, type FakeIntra, type FakeIntraOptions} from '../../source/fake-intra/index.js';
import {openStore} from '../../source/data/store.js';

/** A fake with a small dataset; per-second pacing relaxed unless the test is about pacing. */
export async function startFake(options: FakeIntraOptions = {}): Promise<FakeIntra> {
	return startFakeIntra({days: 4, users: 24, hosts: 20, seed: 7, ...options, rateLimit: {perSecond: 40, perHour: 100_000, ...options.rateLimit}});
}

/** A temp directory removed by the returned function. */
export async function tempDir(prefix = 'bigstat42-sync-'): Promise<{dir: string; cleanup: () => Promise<void>}> {
	const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
	return {dir, cleanup: async () => rm(dir, {recursive: true, force: true})};
}

function collect(stream: PassThrough): () => string {
	let text = '';
	stream.on('data', (chunk: Buffer) => {
		text += chunk.toString('utf8');
	});
	return () => text;
}

/** A command context with captured stdout/stderr. */
export function makeContext(
	argv: string[],
	options: {env?: Record<string, string | undefined>; cwd?: string; stdin?: string; clock?: () => number; stdinIsTTY?: boolean; stderrIsTTY?: boolean} = {},
): {context: CommandContext; out: () => string; err: () => string} {
	const stdout = new PassThrough();
	const stderr = new PassThrough();
	const out = collect(stdout);
	const err = collect(stderr);
	const context: CommandContext = {
		argv,
		env: options.env ?? {HOME: '/nonexistent-home'},
		stdin: Readable.from([Buffer.from(options.stdin ?? '')]),
		stdout,
		stderr,
		stdinIsTTY: options.stdinIsTTY ?? false,
		stdoutIsTTY: false,
		stderrIsTTY: options.stderrIsTTY ?? false,
		clock: options.clock ?? (() => Date.now()),
		cwd: options.cwd ?? os.tmpdir(),
	};
	return {context, out, err};
}

/** The fake's sessions of a campus overlapping [from, to], as the sync maps them. */
export function truthSessions(fake: FakeIntra, campusId: number, from = Number.NEGATIVE_INFINITY, to = Number.POSITIVE_INFINITY): SessionRecord[] {
	return fake.data.locations
		.filter((row) => row.campusId === campusId && row.begin <= to && (row.end === null || row.end >= from))
		.map((row) => ({
			id: row.id,
			userId: row.userId,
			login: fake.data.user(row.userId)?.login ?? null,
			host: row.host,
			begin: row.begin,
			end: row.end,
			campusId: row.campusId,
		}))
		.sort((a, b) => a.id - b.id);
}

/** Every session in the store at `storePath`, sorted by id. */
export async function storedSessions(storePath: string): Promise<SessionRecord[]> {
	const store = await openStore(storePath, {readOnly: true});
	try {
		const table = store.sessions();
		const rows: SessionRecord[] = [];
		for (let i = 0; i < table.size; i++) rows.push(sessionAt(table, i));
		return rows.sort((a, b) => a.id - b.id);
	} finally {
		await store.close();
	}
}

/** /v2 requests in the fake's log (token requests excluded). */
export function v2Requests(fake: FakeIntra): Array<{path: string; query: Readonly<Record<string, string>>; status: number | null}> {
	return fake.requests.filter((request) => request.path.startsWith('/v2/'));
}
