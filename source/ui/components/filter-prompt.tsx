/**
 * The filter prompt shown in the status line while typing: `/c1r▏  (Enter apply, Esc cancel)`.
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
};

/** One prompt line; the caret is an inverse space so it shows without colour. */
export function FilterPrompt(props: FilterPromptProps): ReactElement {
	return (
		<Box width={props.width} height={1}>
			<Text wrap="truncate-start">
				<Text color={props.theme.tokens.accent} bold>
					/
				</Text>
				{sanitizeForTerminal(props.text)}
				<Text inverse> </Text>
				<Text color={props.theme.tokens.muted}>{props.matches === undefined ? '' : `  ${props.matches} match${props.matches === 1 ? '' : 'es'}`}</Text>
			</Text>
		</Box>
	);
}
