/**
 * Writing answers and the effects of scheduled faults on a request: before the answer (reset, hang, an
 * injected status or 429, a delay, expiring or revoking tokens) and while writing it (truncate, bad-json).
 */
import type {ServerResponse} from 'node:http';
import {performance} from 'node:perf_hooks';
import {type Answer, type Answers, DEFAULT_STATUS_BODIES, JSON_TYPE, requestId} from './answers.js';
import type {Fault} from './faults.js';
import type {RequestLogEntry} from './request-log.js';

/** One request in flight: its log entry, when it started (performance ms) and the fault that fired on it. */
export type Exchange = {entry: RequestLogEntry; started: number; fault: Fault | undefined};

/** Sends an answer with X-Runtime and Content-Length, honouring truncate / bad-json faults. */
export function send(response: ServerResponse, exchange: Exchange, answer: Answer): void {
	const {entry} = exchange;
	if (response.destroyed || response.socket?.destroyed) {
		entry.outcome = 'aborted';
		return;
	}

	const headers: Record<string, string> = {...answer.headers, 'X-Runtime': ((performance.now() - exchange.started) / 1000).toFixed(6)};
	let body = answer.body;
	if (exchange.fault?.kind === 'bad-json' && answer.status === 200) {
		body = body.slice(0, Math.max(1, Math.floor(body.length / 2)));
	}

	const bytes = Buffer.from(body, 'utf8');
	headers['Content-Length'] = String(bytes.length);
	entry.status = answer.status;
	response.writeHead(answer.status, headers);
	if (exchange.fault?.kind === 'truncate') {
		const fraction = Math.min(Math.max(exchange.fault.fraction ?? 0.5, 0), 0.99);
		entry.outcome = 'truncated';
		response.write(bytes.subarray(0, Math.floor(bytes.length * fraction)), () => response.socket?.destroy());
		return;
	}

	entry.outcome = 'ok';
	response.end(bytes);
}

export type FaultEffects = {
	readonly answers: Answers;
	readonly retryAfter: 'send' | 'omit';
	/** Pending `delay` timers (cleared on close). */
	readonly timers: Set<NodeJS.Timeout>;
	expireTokens(): void;
	revokeTokens(): void;
};

/**
 * Applies the part of a fault that comes before the answer. Returns true when the request is done
 * (reset, hang, or an injected answer sent); false when it proceeds to its real answer.
 */
export async function applyFault(fault: Fault, request: {socket: {destroy(): void}}, response: ServerResponse, exchange: Exchange, effects: FaultEffects): Promise<boolean> {
	const {entry} = exchange;
	entry.fault = fault.kind;
	switch (fault.kind) {
		case 'reset':
			entry.outcome = 'reset';
			request.socket.destroy();
			return true;
		case 'hang':
			entry.outcome = 'hang';
			return true;
		case 'status': {
			const preset = DEFAULT_STATUS_BODIES[fault.status] ?? {type: JSON_TYPE, body: JSON.stringify({status: fault.status})};
			send(response, exchange, {
				status: fault.status,
				headers: {'Content-Type': fault.contentType ?? preset.type, 'X-Request-Id': requestId(), ...fault.headers},
				body: fault.body ?? preset.body,
			});
			return true;
		}

		case '429': {
			const seconds = fault.retryAfter === undefined ? (effects.retryAfter === 'send' ? 1 : null) : fault.retryAfter;
			send(response, exchange, effects.answers.tooManyRequests(seconds));
			return true;
		}

		case 'delay':
			await new Promise<void>(resolve => {
				const timer = setTimeout(() => {
					effects.timers.delete(timer);
					resolve();
				}, fault.ms);
				effects.timers.add(timer);
			});
			return false;
		case 'expire-token':
			effects.expireTokens();
			return false;
		case 'revoke-token':
			effects.revokeTokens();
			return false;
		case 'truncate':
		case 'bad-json':
			return false;
	}
}
