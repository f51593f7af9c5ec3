/**
 * The help screen, generated from the keymap: the current view's own keys first, then every
 * binding by group (opposites on one line: `t · T`), drawn in the content area and scrollable with
 * ↑/↓, PgUp/PgDn and g/G when it is taller than the terminal.
 */
import {Box, Text} from 'ink';
import type {ReactElement} from 'react';
import {wrapWords} from '../../core/ui/text.js';
import {helpSections, type ScopeContext} from '../state/keymap.js';
import type {Size, Theme} from '../view-contract.js';

export type HelpOverlayProps = {
	readonly size: Size;
	readonly theme: Theme;
	readonly scroll: number;
	/** The current view: its keys come first. */
	readonly scope?: ScopeContext;
};

type Line = {readonly kind: 'group' | 'binding' | 'blank'; readonly keys: string; readonly text: string};

/** Every line of the help, top to bottom (pure). */
export function helpLines(ascii = false, scope?: ScopeContext): Line[] {
	const lines: Line[] = [];
	for (const section of helpSections(scope, ascii)) {
		if (lines.length > 0) lines.push({kind: 'blank', keys: '', text: ''});
		lines.push({kind: 'group', keys: '', text: section.group});
		for (const entry of section.entries) {
			const modes = entry.modes.length > 1 ? '' : entry.modes[0] === 'normal' ? '' : ` (${entry.modes[0]})`;
			lines.push({kind: 'binding', keys: entry.keys, text: `${entry.description}${modes}`});
		}
	}

	return lines;
}

/** Help lines with descriptions wrapped under themselves (continuation lines have no keys). */
export function wrappedHelpLines(width: number, keyWidth: number, ascii = false, scope?: ScopeContext): Line[] {
	const room = Math.max(10, width - keyWidth - 2);
	return helpLines(ascii, scope).flatMap((line) =>
		line.kind === 'binding' ? wrapWords(line.text, room).map((text, index) => ({...line, keys: index === 0 ? line.keys : '', text})) : [line],
	);
}

function layout(size: Size, ascii: boolean, scope: ScopeContext | undefined): {lines: Line[]; keyWidth: number; room: number} {
	const keyWidth = Math.min(24, Math.max(...helpLines(ascii, scope).map((line) => line.keys.length)) + 2);
	// Long descriptions wrap rather than lose their end ("… 5 map, 6 users, 7 events").
	const lines = wrappedHelpLines(size.width, keyWidth, ascii, scope);
	// One line for the title.
	return {lines, keyWidth, room: Math.max(1, size.height - 1)};
}

/** The largest useful scroll offset of the overlay at a size (the reducer clamps to it). */
export function helpMaxScroll(size: Size, ascii: boolean, scope?: ScopeContext): number {
	const {lines, room} = layout(size, ascii, scope);
	return Math.max(0, lines.length - room);
}

/** The overlay; the scroll offset is clamped here too, in case the terminal shrank since. */
export function HelpOverlay(props: HelpOverlayProps): ReactElement {
	const {lines, keyWidth, room} = layout(props.size, props.theme.ascii, props.scope);
	const scroll = Math.min(props.scroll, Math.max(0, lines.length - room));
	const visible = lines.slice(scroll, scroll + room);
	const more = scroll + room < lines.length;
	const {tokens} = props.theme;
	return (
		<Box flexDirection="column" width={props.size.width} height={props.size.height}>
			<Text wrap="truncate-end" bold color={tokens.heading}>
				{`Keys${more || scroll > 0 ? `  (${scroll + 1}-${scroll + visible.length} of ${lines.length}, ↑↓ scroll)`.replace('↑↓', props.theme.ascii ? 'j/k' : '↑↓') : ''}  ? or Esc closes`}
			</Text>
			{visible.map((line, index) => (
				<Text key={`${scroll + index}`} wrap="truncate-end">
					{line.kind === 'group' ? (
						<Text bold color={tokens.accent}>
							{line.text}
						</Text>
					) : line.kind === 'blank' ? (
						' '
					) : (
						<>
							<Text color={tokens.accent}>{`  ${line.keys}`.padEnd(keyWidth + 2)}</Text>
							{line.text}
						</>
					)}
				</Text>
			))}
		</Box>
	);
}
