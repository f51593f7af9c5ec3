/**
 * Route schemas: request validation (422 on failure, see errors.ts), response serialisation and
 * the OpenAPI document at /openapi.json. Field names are the originals'.
 */

const error422 = {
	description: 'Validation error (FastAPI shape)',
	type: 'object',
	properties: {
		detail: {
			type: 'array',
			items: {
				type: 'object',
				properties: {loc: {type: 'array', items: {}}, msg: {type: 'string'}, type: {type: 'string'}},
			},
		},
	},
};

const errorDetail = {type: 'object', properties: {detail: {}}};

const event = {
	type: 'object',
	properties: {
		id: {type: 'integer'},
		user_id: {type: 'string', nullable: true},
		event_type: {type: 'string'},
		timestamp: {type: 'string', format: 'date-time'},
		metadata: {nullable: true},
	},
};

const eventInput = {
	type: 'object',
	required: ['user_id', 'event_type'],
	properties: {
		user_id: {type: 'string', minLength: 1},
		event_type: {type: 'string', minLength: 1},
		metadata: {type: ['object', 'null']},
		event_metadata: {type: ['object', 'null'], description: 'Accepted for the original’s clients; stored as metadata'},
		timestamp: {type: ['string', 'null'], description: 'ISO-8601 with an offset (for backfills); default: the time the server received it'},
	},
};

const typeCounts = {type: 'array', items: {type: 'object', properties: {event_type: {type: 'string'}, count: {type: 'integer'}}}};

const tags = {cuzzi: ['events (stadistics-by-cuzzi)'], mini: ['usage summary (Mini Analytics)'], own: ['bigstat42']};
const secured = [{bearer: []}];

export const postEvent = {
	summary: 'Store one event; 201 with the stored event once it is durable',
	tags: tags.cuzzi,
	security: secured,
	body: eventInput,
	response: {201: event, 401: errorDetail, 413: errorDetail, 422: error422},
};

export const postBatch = {
	summary: 'Store up to 100,000 events at once (JSON array or NDJSON), all or nothing',
	tags: tags.own,
	security: secured,
	body: {type: 'array', items: eventInput},
	response: {
		201: {type: 'object', properties: {count: {type: 'integer'}, first_id: {type: 'integer'}, last_id: {type: 'integer'}}},
		401: errorDetail,
		413: errorDetail,
		422: error422,
	},
};

const rangeOfEvents = {
	from: {type: 'string', description: 'Events at or after: a date (local midnight) or an ISO-8601 instant'},
	to: {type: 'string', description: 'Events before (exclusive)'},
};

export const listEvents = {
	summary: 'Events in (timestamp, id) order',
	tags: tags.cuzzi,
	querystring: {
		type: 'object',
		properties: {
			skip: {type: 'integer', minimum: 0, default: 0},
			limit: {type: 'integer', minimum: 1, maximum: 1000, default: 100},
			user_id: {type: 'string'},
			event_type: {type: 'string'},
			...rangeOfEvents,
		},
	},
	response: {200: {type: 'array', items: event}, 422: error422},
};

export const eventStream = {
	summary: 'Server-Sent Events: every event as it is committed',
	tags: tags.own,
	querystring: {type: 'object', properties: {user_id: {type: 'string'}, event_type: {type: 'string'}}},
};

export const statsTotal = {
	summary: 'Totals of the events up to now',
	tags: tags.cuzzi,
	response: {200: {type: 'object', properties: {total_events: {type: 'integer'}, unique_users: {type: 'integer'}, unique_event_types: {type: 'integer'}}}},
};

export const statsByType = {
	summary: 'Events per type, count desc then type asc',
	tags: tags.cuzzi,
	response: {200: {type: 'array', items: {type: 'object', properties: {event_type: {type: 'string'}, count: {type: 'integer'}}}}},
};

export const statsByUser = {
	summary: 'Top users, count desc then user asc',
	tags: tags.cuzzi,
	querystring: {type: 'object', properties: {limit: {type: 'integer', minimum: 1, maximum: 1_000_000, default: 10}}},
	response: {200: {type: 'array', items: {type: 'object', properties: {user_id: {type: 'string'}, count: {type: 'integer'}}}}, 422: error422},
};

export const statsOverTime = {
	summary: 'Events per calendar day of the server’s zone, the last `days` days (today included), oldest first',
	tags: tags.cuzzi,
	querystring: {
		type: 'object',
		properties: {
			days: {type: 'integer', minimum: 1, maximum: 36_600, default: 7},
			include_empty: {type: 'boolean', default: false, description: 'Also list days without events'},
		},
	},
	response: {200: {type: 'array', items: {type: 'object', properties: {date: {type: 'string'}, count: {type: 'integer'}}}}, 422: error422},
};

export const statsUserActivity = {
	summary: 'One user’s events: total, per type, first and last',
	tags: tags.cuzzi,
	params: {type: 'object', properties: {user_id: {type: 'string'}}},
	response: {
		200: {
			type: 'object',
			properties: {
				user_id: {type: 'string'},
				total_events: {type: 'integer'},
				events_by_type: typeCounts,
				first_event_at: {type: 'string', nullable: true},
				last_event_at: {type: 'string', nullable: true},
			},
		},
	},
};

export const statsRecent = {
	summary: 'Events of the last `minutes` minutes, per type',
	tags: tags.cuzzi,
	querystring: {type: 'object', properties: {minutes: {type: 'integer', minimum: 1, maximum: 52_704_000, default: 60}}},
	response: {
		200: {
			type: 'object',
			properties: {
				time_window_minutes: {type: 'integer'},
				total_events: {type: 'integer'},
				by_type: typeCounts,
			},
		},
		422: error422,
	},
};

export const usageSummary = {
	summary: 'Usage summary of a JSON array of {user_id, timestamp, action_type} (nothing is stored)',
	tags: tags.mini,
	querystring: {type: 'object', properties: {tz: {type: 'string', description: 'Zone of the peak hour (default UTC)'}}},
};

export const health = {
	summary: 'Store state: 200 when readable and writable, else 503',
	tags: tags.mini,
};

const rangeQuery = {
	type: 'object',
	properties: {
		days: {type: 'integer', minimum: 1, maximum: 36_600, description: 'The last N calendar days, today included'},
		from: {type: 'string', description: 'Range start, inclusive (a date means its local midnight)'},
		to: {type: 'string', description: 'Range end, exclusive (default: end of today)'},
		tz: {type: 'string', description: 'IANA zone (default: the campus zone)'},
		top: {type: 'integer', minimum: 1, maximum: 100_000, description: 'Rows of the top tables (default 20)'},
	},
};

export const summary = {
	summary: 'The `summary --json` document of a range',
	tags: tags.own,
	querystring: rangeQuery,
	response: {422: error422},
};

export const sessions = {
	summary: 'Sessions in (begin, id) order, filtered, with keyset pagination',
	tags: tags.own,
	querystring: {
		type: 'object',
		properties: {
			host: {type: 'string'},
			login: {type: 'string'},
			from: {type: 'string', description: 'Sessions overlapping [from, to)'},
			to: {type: 'string'},
			open: {type: 'boolean', description: 'Only open (true) or only closed (false) sessions'},
			limit: {type: 'integer', minimum: 1, maximum: 1000, default: 100},
			cursor: {type: 'string', description: 'next_cursor of the previous page'},
		},
	},
	response: {422: error422},
};

export const hostDetail = {
	summary: 'One host’s drill-down (as in the UI)',
	tags: tags.own,
	params: {type: 'object', properties: {host: {type: 'string'}}},
	querystring: rangeQuery,
	response: {404: errorDetail, 422: error422},
};

export const userDetail = {
	summary: 'One login’s drill-down: sessions and events',
	tags: tags.own,
	params: {type: 'object', properties: {login: {type: 'string'}}},
	querystring: rangeQuery,
	response: {404: errorDetail, 422: error422},
};
