/**
 * The footer legend, generated from the keymap: the legend entries of the current mode and view
 * that fit in the width, e.g. `? help  q quit  1-7 views  Enter open  Esc back  / filter`.
 */
import {Box, Text} from 'ink';
import type {ReactElement} from 'react';
import {legendItems, type Mode, type ScopeContext} from '../state/keymap.js';
import type {Theme} from '../view-contract.js';

export type KeyLegendProps = {
	readonly width: number;
	readonly theme: Theme;
	readonly mode: Mode;
	readonly scope: ScopeContext;
};

/** One legend line. */
export function KeyLegend(props: KeyLegendProps): ReactElement {
	const items = legendItems(props.mode, props.scope, props.width, props.theme.ascii);
	return (
		<Box width={props.width} height={1}>
			<Text wrap="truncate-end">
				{items.map((item, index) => (
					<Text key={item.action}>
						{index > 0 ? '  ' : ''}
						<Text color={props.theme.tokens.accent} bold>
							{item.key}
						</Text>
						{` ${item.label}`}
					</Text>
				))}
			</Text>
		</Box>
	);
}
