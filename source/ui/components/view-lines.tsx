/**
 * Line-based drawing for views: a view builds an array of lines (each a list of styled segments),
 * every line fitted to the width with the theme's ellipsis, and `<Lines>` draws them. Widths are
 * exact because each segment is measured with string-width; nothing ever wraps.
 */
import React, {type ReactElement} from 'react';
import {Box, Text} from 'ink';
import {cutTo, fitItems, textWidth, truncate} from '../../core/ui/text.js';
import type {Theme} from '../view-contract.js';

/** Semantic tone of a segment (a theme token). */
export type Tone = keyof Theme['tokens'];

/** A styled run of text. `color` is a resolved theme colour (heat colours), `tone` a token. */
export type Segment = {
	readonly text: string;
	readonly tone?: Tone;
	readonly color?: string;
	readonly inverse?: boolean;
	readonly bold?: boolean;
};

export type Line = readonly Segment[];

/** Shorthand for a segment. */
export function seg(text: string, style: Omit<Segment, 'text'> = {}): Segment {
	return {text, ...style};
}

/** Display width of a line. */
export function lineWidth(line: Line): number {
	return line.reduce((sum, segment) => sum + textWidth(segment.text), 0);
}

/** Cuts a line to `width` cells; the last visible segment ends with the ellipsis when cut. */
export function fitLine(line: Line, width: number, ellipsis: string): Line {
	if (lineWidth(line) <= width) return line;
	const out: Segment[] = [];
	const room = Math.max(0, width - textWidth(ellipsis));
	let used = 0;
	for (const segment of line) {
		const w = textWidth(segment.text);
		if (used + w <= room) {
			out.push(segment);
			used += w;
			continue;
		}

		out.push({...segment, text: cutTo(segment.text, room - used) + ellipsis});
		return out;
	}

	return out;
}

/**
 * Adjacent segments with the same style joined into one: a grid row of 24 cells of a few levels
 * becomes a few runs, so Ink lays out a handful of <Text> nodes per line instead of one per cell
 * (which dominated the heatmap's and the map's repaint time).
 */
export function mergeSegments(line: Line): Line {
	if (line.length < 2) return line;
	const out: Segment[] = [];
	let last: Segment | undefined;
	for (const segment of line) {
		if (segment.text === '') continue;
		if (last && last.tone === segment.tone && last.color === segment.color && Boolean(last.inverse) === Boolean(segment.inverse) && Boolean(last.bold) === Boolean(segment.bold)) {
			last = {...last, text: last.text + segment.text};
			out[out.length - 1] = last;
			continue;
		}

		last = segment;
		out.push(segment);
	}

	return out;
}

/** Props of `<Lines>`. */
export type LinesProps = {
	readonly lines: readonly Line[];
	readonly width: number;
	readonly height: number;
	readonly theme: Theme;
};

/** Draws at most `height` lines, each fitted to `width`. */
export function Lines({lines, width, height, theme}: LinesProps): ReactElement {
	// ASCII mode: the views' ' · ' separators become ' | ' and the en dash of ranges ("16 Nov–22 Nov",
	// "Mon–Fri") a hyphen (other non-ASCII letters of data strings are left as they are).
	const shown = lines
		.slice(0, Math.max(0, height))
		.map((line) => (theme.ascii ? line.map((part) => ({...part, text: part.text.replaceAll(' · ', ' | ').replaceAll('–', '-')})) : line));
	return (
		<Box flexDirection="column" width={width}>
			{shown.map((line, index) => (
				// Lines are positional and never reordered: the index is the identity.
				// eslint-disable-next-line react/no-array-index-key
				<Text key={index} wrap="truncate">
					{line.length === 0
						? ' '
						: mergeSegments(fitLine(line, width, theme.ellipsis)).map((segment, i) => (
								// eslint-disable-next-line react/no-array-index-key
								<Text
									key={i}
									color={segment.color ?? (segment.tone ? theme.tokens[segment.tone] : undefined)}
									inverse={segment.inverse}
									bold={segment.bold}
								>
									{segment.text}
								</Text>
							))}
				</Text>
			))}
		</Box>
	);
}

/**
 * Heading line whose note is made of parts in priority order: the parts that do not fit `width`
 * whole are dropped from the end (never "last seen 22 …").
 */
export function headingParts(title: string, parts: readonly string[], width: number, separator: string, ellipsis = '…'): Line {
	// Parts that do not fit are dropped whole, and the heading ends with an ellipsis to say so.
	const note = fitItems(parts, width - textWidth(title) - 2, separator, () => ellipsis, ellipsis);
	return heading(title, note === '' ? undefined : note);
}

/** Heading line: bold title in the heading tone, then an optional muted note. */
export function heading(title: string, note?: string): Line {
	return note ? [seg(title, {tone: 'heading', bold: true}), seg(`  ${note}`, {tone: 'muted'})] : [seg(title, {tone: 'heading', bold: true})];
}

/** Pads a label to width (truncating). */
export function label(text: string, width: number, ellipsis: string): string {
	const cut = truncate(text, width, ellipsis);
	return cut + ' '.repeat(Math.max(0, width - textWidth(cut)));
}
