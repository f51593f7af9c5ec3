/**
 * Error bodies. Validation failures answer 422 in FastAPI's shape, which the stadistics-by-cuzzi
 * clients know: `{"detail": [{"loc": ["body", "user_id"], "msg": "...", "type": "..."}]}`; every
 * other error answers `{"detail": "message"}` with its 4xx status. Nothing internal (stack,
 * paths of the machine, headers) reaches a response.
 */
import {Ajv, type ErrorObject, type Options} from 'ajv';

/** One FastAPI-style validation issue. */
export type Issue = {
	readonly loc: Array<string | number>;
	readonly msg: string;
	readonly type: string;
};

/** A request the handler rejects with 422 and these issues. */
export class ValidationFailed extends Error {
	readonly issues: readonly Issue[];
	constructor(issues: readonly Issue[]) {
		super(issues.map((issue) => `${issue.loc.join('.')}: ${issue.msg}`).join('; '));
		this.name = 'ValidationFailed';
		this.issues = issues;
	}
}

/** An error with an HTTP status and a `{"detail": message}` body. */
export class HttpError extends Error {
	readonly statusCode: number;
	readonly headers: Readonly<Record<string, string>>;
	constructor(statusCode: number, message: string, headers: Readonly<Record<string, string>> = {}) {
		super(message);
		this.name = 'HttpError';
		this.statusCode = statusCode;
		this.headers = headers;
	}
}

/** Where a request part lives in FastAPI's `loc`. */
const PART: Record<string, string> = {body: 'body', querystring: 'query', params: 'path', headers: 'header'};

/** Ajv errors → FastAPI issues (`loc` = part, then the JSON path, then a missing property). */
export function issuesFromAjv(errors: readonly ErrorObject[], part: string): Issue[] {
	const issues: Issue[] = [];
	const seen = new Set<string>();
	for (const error of errors) {
		const loc: Array<string | number> = [PART[part] ?? part];
		for (const piece of error.instancePath.split('/').slice(1)) {
			const name = piece.replaceAll('~1', '/').replaceAll('~0', '~');
			loc.push(/^\d+$/.test(name) ? Number(name) : name);
		}

		const params = error.params as Record<string, unknown>;
		let msg: string;
		let type: string;
		switch (error.keyword) {
			case 'required': {
				loc.push(String(params['missingProperty']));
				msg = 'Field required';
				type = 'missing';
				break;
			}

			case 'type': {
				const wanted = String(params['type']);
				const name = wanted.split(',')[0] ?? wanted;
				msg = `Input should be a valid ${name === 'object' ? 'dictionary' : name === 'integer' ? 'integer' : name}${wanted.includes('null') ? ' or null' : ''}`;
				type = name === 'object' ? 'dict_type' : name === 'integer' ? 'int_parsing' : name === 'array' ? 'list_type' : `${name}_type`;
				break;
			}

			case 'minimum': {
				msg = `Input should be greater than or equal to ${String(params['limit'])}`;
				type = 'greater_than_equal';
				break;
			}

			case 'maximum': {
				msg = `Input should be less than or equal to ${String(params['limit'])}`;
				type = 'less_than_equal';
				break;
			}

			case 'minLength': {
				msg = `String should have at least ${String(params['limit'])} character${params['limit'] === 1 ? '' : 's'}`;
				type = 'string_too_short';
				break;
			}

			case 'maxLength': {
				msg = `String should have at most ${String(params['limit'])} characters`;
				type = 'string_too_long';
				break;
			}

			case 'enum': {
				msg = `Input should be ${(params['allowedValues'] as unknown[]).map((value) => JSON.stringify(value)).join(' or ')}`;
				type = 'enum';
				break;
			}

			default: {
				msg = error.message ?? 'Input is invalid';
				type = 'value_error';
			}
		}

		const key = `${loc.join('\u0000')}\u0001${type}`;
		if (seen.has(key)) continue;
		seen.add(key);
		issues.push({loc, msg, type});
	}

	return issues;
}

const shared: Options = {allErrors: true, strict: false, useDefaults: true};
/** Bodies are JSON: no coercion (a numeric `user_id` is refused, as by the original). */
export const bodyAjv = new Ajv({...shared, coerceTypes: false});
/** Query strings and path parameters are text: integers and booleans are coerced. */
export const queryAjv = new Ajv({...shared, coerceTypes: true});
