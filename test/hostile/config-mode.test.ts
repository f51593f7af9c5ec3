/** Issue 13 #15: under umask 000 the config directory is created 0700 and the credentials file 0600. */
import {chmodSync, mkdirSync, mkdtempSync, statSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {expect, it} from 'vitest';
import {CredentialStore} from '../../source/data/credentials.js';

/** Runs `action` with umask 000 (synchronously, so no other test of this process sees it). */
function withUmask000(action: () => void): void {
	const previous = process.umask(0);
	try {
		action();
	} finally {
		process.umask(previous);
	}
}

it('creates the config directory 0700 and the file 0600 under umask 000', () => {
	const home = mkdtempSync(path.join(os.tmpdir(), 'bigstat42-umask-'));
	const env = {HOME: home, XDG_CONFIG_HOME: path.join(home, 'config')};
	const store = new CredentialStore(env);
	withUmask000(() => store.write({uid: 'u-s4t2ud-x', secret: 's-s4t2ud-y'}));
	expect(statSync(store.directory).mode & 0o777).toBe(0o700);
	expect(statSync(store.path).mode & 0o777).toBe(0o600);
	expect(store.read()).toEqual({uid: 'u-s4t2ud-x', secret: 's-s4t2ud-y'});
});

it('narrows an existing world-writable config directory to 0700', () => {
	const home = mkdtempSync(path.join(os.tmpdir(), 'bigstat42-umask-'));
	const directory = path.join(home, 'config', 'bigstat42');
	withUmask000(() => mkdirSync(directory, {recursive: true, mode: 0o777}));
	chmodSync(directory, 0o777);
	const store = new CredentialStore({HOME: home, XDG_CONFIG_HOME: path.join(home, 'config')});
	expect(store.directory).toBe(directory);
	withUmask000(() => store.write({uid: 'u', secret: 's-secret'}));
	expect(statSync(directory).mode & 0o777).toBe(0o700);
});
