/**
 * Child process of the import kill campaign (run with `node --import tsx`): `bigstat42 import`
 * with the real store and small batches, printing "committed N" after each store commit so the
 * parent can kill it at a chosen point.
 *
 *   import-child.ts FILE STORE_PATH BATCH_SIZE
 */
import {runImport} from '../../source/commands/import.js';
import {openStore} from '../../source/data/store.js';

const [file, storePath, batch] = process.argv.slice(2);
if (!file || !storePath || !batch) throw new Error('usage: import-child FILE STORE_PATH BATCH_SIZE');
let commits = 0;
const code = await runImport(
	{
		argv: ['--db', storePath, '--quiet', file],
		env: process.env,
		stdin: process.stdin,
		stdout: process.stdout,
		stderr: process.stderr,
		stdinIsTTY: false,
		stdoutIsTTY: false,
		stderrIsTTY: false,
		clock: () => Date.now(),
		cwd: process.cwd(),
	},
	{
		batchSize: Number(batch),
		async openStore(p) {
			const store = await openStore(p);
			return {
				async commit(next) {
					const result = await store.commit(next);
					process.stdout.write(`committed ${++commits}\n`);
					return result;
				},
				close: async () => store.close(),
			};
		},
	},
);
process.exitCode = code;
