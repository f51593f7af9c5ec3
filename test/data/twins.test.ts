/**
 * Rules that used to be written twice and gave different answers: the 42 location → record
 * mapping (sync vs import) and user identity (one batch vs across batches).
 */
import {writeFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {sessionAt, sessionTableFromRecords, type SessionRecord} from '../../source/core/model.js';
import {normaliseLocation} from '../../source/data/importers/records.js';
import {toSessionRecord} from '../../source/data/intra/mapping.js';
import {openStore} from '../../source/data/store.js';
import {runCli, tempHome} from '../helpers/run-cli.js';
import {tempStorePath} from '../helpers/store-fixtures.js';

const location = (fields: Record<string, unknown>) => ({
	id: 7,
	begin_at: '2026-11-02T08:00:00.000Z',
	end_at: '2026-11-02T10:00:00.000Z',
	host: 'c1r1s1',
	campus_id: 1,
	user: {id: 42, login: 'bob'},
	...fields,
});

describe('one 42 location mapping for sync and import', () => {
	const rows = [
		location({host: ' c1r1s1 ', user: {id: 42, login: ' bob '}}),
		location({host: undefined}),
		location({host: ''}),
		location({host: '   '}),
		location({host: 12}),
		location({end_at: null}),
		location({end_at: undefined}),
		location({user: null, user_id: 9}),
		location({user: {id: 42}}),
		location({begin_at: 'yesterday'}),
		location({id: -3}),
		location({end_at: '2026-11-02T07:00:00.000Z'}),
	];

	it('sync maps every row exactly as import does (trimmed, missing hosts refused)', () => {
		for (const row of rows) {
			const imported = normaliseLocation(row, 'UTC');
			expect(toSessionRecord(row)).toEqual(typeof imported === 'string' ? undefined : imported);
		}
	});

	it('trims host and login and refuses a row without a host', () => {
		expect(toSessionRecord(rows[0])).toMatchObject({host: 'c1r1s1', login: 'bob'});
		expect(toSessionRecord(rows[1])).toBeUndefined();
		expect(toSessionRecord(rows[2])).toBeUndefined();
		expect(toSessionRecord(rows[3])).toBeUndefined();
	});
});

describe('one user identity whatever the batch boundaries', () => {
	const unnamed: SessionRecord = {id: 1, userId: 4242, login: null, host: 'c1r1s1', begin: Date.parse('2026-11-02T08:00:00Z'), end: Date.parse('2026-11-02T09:00:00Z'), campusId: 1};
	const named: SessionRecord = {...unnamed, id: 2, login: 'bobby', begin: Date.parse('2026-11-02T10:00:00Z'), end: Date.parse('2026-11-02T11:00:00Z')};

	it('a later record naming the login replaces the #id placeholder within one table', () => {
		const table = sessionTableFromRecords([unnamed, named]);
		expect([sessionAt(table, 0).login, sessionAt(table, 1).login]).toEqual(['bobby', 'bobby']);
		expect(table.logins).toEqual(['bobby']);
	});

	it('one commit and two commits give the same logins', async () => {
		const together = await openStore(await tempStorePath());
		await together.commit({sessions: [unnamed, named]});
		const apart = await openStore(await tempStorePath());
		await apart.commit({sessions: [unnamed]});
		await apart.commit({sessions: [named]});
		const logins = (store: typeof together) => {
			const table = store.sessions();
			return Array.from({length: table.size}, (_, i) => sessionAt(table, i).login);
		};

		expect(logins(together)).toEqual(['bobby', 'bobby']);
		expect(logins(apart)).toEqual(['bobby', 'bobby']);
		await together.close();
		await apart.close();
	});

	it('import of one file and of two files exports the same logins', async () => {
		const home = tempHome();
		const page = (rows: unknown[]) => JSON.stringify(rows);
		const first = location({id: 1, user: {id: 4242}});
		const second = location({id: 2, begin_at: '2026-11-02T11:00:00.000Z', end_at: '2026-11-02T12:00:00.000Z', user: {id: 4242, login: 'bobby'}});
		await writeFile(path.join(home, 'both.json'), page([first, second]));
		await writeFile(path.join(home, 'first.json'), page([first]));
		await writeFile(path.join(home, 'second.json'), page([second]));
		const exported = async (db: string, files: string[]) => {
			const imported = await runCli(['import', '--db', db, ...files], {home});
			expect(imported.code).toBe(0);
			const result = await runCli(['export', '--db', db, '--format', 'json'], {home});
			return (JSON.parse(result.stdout) as Array<{user?: {login?: string}; login?: string}>).map((row) => row.user?.login ?? row.login);
		};

		expect(await exported(path.join(home, 'one'), ['both.json'])).toEqual(['bobby', 'bobby']);
		expect(await exported(path.join(home, 'two'), ['first.json', 'second.json'])).toEqual(['bobby', 'bobby']);
	});
});
