/**
 * The status line: what the data is doing (updated Ns ago, PAUSED, refreshing…), the active filter,
 * the API budget when polling, and one-line messages and errors (errors carry a text prefix, never
 * colour alone).
 */
import {Box, Text} from 'ink';
import {useState, type ReactElement} from 'react';
import {sanitizeForTerminal} from '../../core/sanitize.js';
import {systemScheduler, type Scheduler} from '../../app/live/contract.js';
import {useInterval} from '../hooks/use-interval.js';
import type {Theme} from '../view-contract.js';

export type StatusBarProps = {
	readonly width: number;
	readonly theme: Theme;
	readonly live: boolean;
	readonly paused: boolean;
	readonly loading: boolean;
	/** Wall-clock ms of the last load. */
	readonly lastUpdated: number;
	readonly wallClock: () => number;
	readonly filter: string;
	/** The filter marks matches instead of hiding the rest (&): the status says so. */
	readonly filterMarks?: boolean;
	readonly error: string | null;
	readonly message: string | null;
	readonly budgetLeft: number | undefined;
	readonly feedLabel: string | undefined;
	/** Data notes (e.g. "3 malformed lines skipped"). */
	readonly note?: string | undefined;
	/** True on an interactive screen: the "ago" counter ticks every second (never in static frames). */
	readonly ticks?: boolean;
	/** The timers of the tick. @default systemScheduler */
	readonly scheduler?: Scheduler | undefined;
};

/** "updated 12s ago" wording. */
export function agoText(ms: number): string {
	const seconds = Math.max(0, Math.round(ms / 1000));
	if (seconds < 60) return `${seconds}s ago`;
	const minutes = Math.floor(seconds / 60);
	if (minutes < 60) return `${minutes}m ago`;
	return `${Math.floor(minutes / 60)}h ago`;
}

/** The status line's parts (pure, for tests). */
export function statusParts(props: Omit<StatusBarProps, 'theme' | 'width' | 'wallClock' | 'scheduler' | 'ticks'>, now: number): string[] {
	const parts: string[] = [];
	if (props.loading) parts.push('refreshing…');
	else if (props.live && props.paused) parts.push('PAUSED');
	else if (props.live) parts.push(`${props.feedLabel ? `${props.feedLabel}: ` : ''}updated ${agoText(now - props.lastUpdated)}`);
	if (props.budgetLeft !== undefined) parts.push(`API budget ${props.budgetLeft} left`);
	if (props.filter) parts.push(`filter: ${sanitizeForTerminal(props.filter)}${props.filterMarks ? ' (marked, & hides the rest)' : ''}`);
	if (props.note) parts.push(props.note);
	return parts;
}

/** One status line. In live mode it re-renders itself every second (only this line). */
export function StatusBar(props: StatusBarProps): ReactElement {
	const [now, setNow] = useState(() => props.wallClock());
	useInterval(
		() => {
			setNow(props.wallClock());
		},
		props.live && !props.paused && props.ticks === true ? 1000 : null,
		props.scheduler ?? systemScheduler,
	);
	const parts = statusParts(props, Math.max(now, props.lastUpdated));
	const {tokens} = props.theme;
	return (
		<Box width={props.width} height={1}>
			<Text wrap="truncate-end">
				{props.error ? <Text color={tokens.danger}>{`error: ${sanitizeForTerminal(props.error)}  `}</Text> : null}
				{props.message ? <Text color={tokens.accent}>{`${sanitizeForTerminal(props.message)}  `}</Text> : null}
				<Text color={tokens.muted}>{props.theme.ascii ? parts.join(' | ').replaceAll('…', '...') : parts.join(' · ')}</Text>
			</Text>
		</Box>
	);
}
