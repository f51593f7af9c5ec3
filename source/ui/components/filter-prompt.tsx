/**
 * A prompt in the status line while typing: the filter (`/c1r▏  3 matches`) or a range
 * (`range: 14d▏  e.g. 14d, all, 2026-11-01..2026-11-15`).
 */
import {Box, Text} from 'ink';
import type {ReactElement} from 'react';
import {sanitizeForTerminal} from '../../core/sanitize.js';
import type {Theme} from '../view-contract.js';

export type FilterPromptProps = {
	readonly width: number;
	readonly theme: Theme;
	readonly text: string;
	/** How many rows match, when known. */
	readonly matches: number | undefined;
	/** The prompt's sign. @default '/' */
	readonly sign?: string;
	/** A muted hint after the caret (e.g. what may be typed). */
	readonly hint?: string;
};

/** One prompt line; the caret is an inverse space so it shows without colour. */
export function FilterPrompt(props: FilterPromptProps): ReactElement {
	return (
		<Box width={props.width} height={1}>
			<Text wrap="truncate-start">
				<Text color={props.theme.tokens.accent} bold>
					{props.sign ?? '/'}
				</Text>
				{sanitizeForTerminal(props.text)}
				<Text inverse> </Text>
				<Text color={props.theme.tokens.muted}>
					{props.matches === undefined ? '' : `  ${props.matches} match${props.matches === 1 ? '' : 'es'}`}
					{props.hint === undefined ? '' : `  ${props.hint}`}
				</Text>
			</Text>
		</Box>
	);
}
