/**
 * Shown instead of a view whose minimum size does not fit. It stays interactive: q quits, 1–7
 * switch to a view that fits, and resizing re-renders.
 */
import {Box, Text} from 'ink';
import type {ReactElement} from 'react';
import type {Size, Theme} from '../view-contract.js';

export type TooSmallProps = {
	readonly size: Size;
	readonly needed: Size;
	readonly theme: Theme;
	/** The whole terminal, which is what people can resize. */
	readonly terminal: Size;
	/** Extra terminal cells the shell's chrome takes (header, status, legend). */
	readonly chrome: Size;
};

/** "Terminal too small: 50×12, needed 60×16", wrapped: the narrower the terminal, the more it matters to read it whole. */
export function TooSmall(props: TooSmallProps): ReactElement {
	const x = props.theme.ascii ? 'x' : '×';
	const neededWidth = props.needed.width + props.chrome.width;
	const neededHeight = props.needed.height + props.chrome.height;
	return (
		<Box flexDirection="column" width={props.size.width} height={props.size.height} overflow="hidden">
			<Text wrap="wrap" color={props.theme.tokens.warning} bold>
				{`Terminal too small: ${props.terminal.width}${x}${props.terminal.height}, needed ${neededWidth}${x}${neededHeight}`}
			</Text>
			<Text wrap="wrap">q quits · 1-7 switch views · resize to redraw</Text>
		</Box>
	);
}
