/**
 * Child process of the kill test (run with `node --import tsx`): runs `bigstat42 sync` with the
 * real store against the fake whose URL is given, with "now" pinned by SYNC_NOW (the fake's clock).
 *
 *   sync-child.ts API_URL STORE_PATH CAMPUS
 */
import {runSyncCommand} from '../../source/commands/sync.js';
import {openStore} from '../../source/data/store.js';

const [apiUrl, storePath, campus] = process.argv.slice(2);
if (!apiUrl || !storePath || !campus) throw new Error('usage: sync-child API_URL STORE_PATH CAMPUS');
const now = Number(process.env['SYNC_NOW']);
const code = await runSyncCommand(
	{
		argv: ['--api-url', apiUrl, '--db', storePath, '--campus', campus],
		env: process.env,
		stdin: process.stdin,
		stdout: process.stdout,
		stderr: process.stderr,
		stdinIsTTY: false,
		stdoutIsTTY: false,
		stderrIsTTY: false,
		clock: () => now,
		cwd: process.cwd(),
	},
	{openStore: async (p) => openStore(p)},
);
process.exitCode = code;
