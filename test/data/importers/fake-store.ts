/**
 * An in-memory Store double for importer and command tests: upserts by id and reports
 * inserted / updated / unchanged exactly as the Store contract describes.
 */
import type {EventRecord, SessionRecord} from '../../../source/core/model.js';
import type {CommitResult, StoreBatch, UpsertResult} from '../../../source/data/store-types.js';

function upsert<T extends {id: number}>(table: Map<number, string>, records: readonly T[] = []): UpsertResult {
	let inserted = 0;
	let updated = 0;
	let unchanged = 0;
	for (const record of records) {
		const json = JSON.stringify(record);
		const previous = table.get(record.id);
		if (previous === undefined) inserted++;
		else if (previous === json) unchanged++;
		else updated++;
		table.set(record.id, json);
	}

	return {inserted, updated, unchanged};
}

export class FakeStore {
	readonly path = '/fake/store';
	readonly sessions = new Map<number, string>();
	readonly events = new Map<number, string>();
	commits = 0;
	opens = 0;
	closes = 0;
	largestBatch = 0;

	async commit(batch: StoreBatch): Promise<CommitResult> {
		this.commits++;
		this.largestBatch = Math.max(this.largestBatch, batch.sessions?.length ?? 0, batch.events?.length ?? 0);
		return {
			sessions: upsert(this.sessions, batch.sessions),
			events: upsert(this.events, batch.events),
			campuses: {inserted: 0, updated: 0, unchanged: 0},
		};
	}

	async close(): Promise<void> {
		this.closes++;
	}

	session(id: number): SessionRecord | undefined {
		const json = this.sessions.get(id);
		return json === undefined ? undefined : (JSON.parse(json) as SessionRecord);
	}

	allEvents(): EventRecord[] {
		return [...this.events.values()].map((json) => JSON.parse(json) as EventRecord);
	}

	/** An `openStore` for `runImport` deps that counts opens. */
	readonly open = async (): Promise<FakeStore> => {
		this.opens++;
		return this;
	};
}
