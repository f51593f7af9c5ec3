/**
 * Child process for the store's multi-process tests (run with `node --import tsx`):
 *
 *   loop PATH            commit batch n, n+1, … forever, n = syncState.commits (crash tests)
 *   writer PATH TAG N    commit N small batches of rows owned by TAG (concurrent writers)
 *   hold-lock PATH       take the writer lock, print "locked", then wait to be killed
 *
 * Prints one line per step so the parent can follow.
 */
import {acquireLock} from '../../source/data/store/lock.js';
import {openStore} from '../../source/data/store.js';
import {crashBatch} from './store-crash-batches.js';

const [mode, storePath, ...rest] = process.argv.slice(2);
if (!storePath) throw new Error('usage: store-child MODE PATH …');

if (mode === 'loop') {
	const store = await openStore(storePath, {lockTimeoutMs: 30_000});
	for (let n = Number(store.syncState()['commits'] ?? 0); ; n++) {
		await store.commit(crashBatch(n));
		process.stdout.write(`committed ${n + 1}\n`);
	}
} else if (mode === 'writer') {
	const tag = Number(rest[0]);
	const count = Number(rest[1]);
	const store = await openStore(storePath, {lockTimeoutMs: 30_000});
	for (let i = 0; i < count; i++) {
		await store.commit({
			sessions: Array.from({length: 10}, (_, j) => ({
				id: tag * 1_000_000 + i * 10 + j,
				userId: tag,
				login: `writer${tag}`,
				host: `h${j}`,
				begin: Date.UTC(2024, i % 3, 1 + j) + tag * 1000,
				end: null,
				campusId: 1,
			})),
			syncState: {[`writer${tag}`]: i + 1},
		});
	}

	await store.close();
	process.stdout.write('done\n');
} else if (mode === 'hold-lock') {
	await acquireLock(storePath, 10_000);
	process.stdout.write('locked\n');
	setInterval(() => undefined, 1000);
} else {
	throw new Error(`unknown mode ${mode}`);
}
