/**
 * The top line: campus, range, time zone and the crumbs of the navigation stack, e.g.
 *
 *   bigstat42 · Lyon · 7d (16–22 Nov) · Europe/Paris · Hosts › c1r2s3 › jdoe        LIVE
 *
 * When narrow, the product name goes first, then older crumbs; the rest truncates with an ellipsis.
 */
import {Box, Text} from 'ink';
import type {ReactElement} from 'react';
import {sanitizeForTerminal} from '../../core/sanitize.js';
import type {Theme} from '../view-contract.js';

export type HeaderProps = {
	readonly width: number;
	readonly theme: Theme;
	readonly campus: string;
	readonly rangeLabel: string;
	readonly timeZone: string;
	readonly crumbs: readonly string[];
	/** "LIVE", "PAUSED" or empty. */
	readonly badge: string;
};

/** The header's text parts after degradation for `width` (pure, for tests). */
export function headerParts(props: Omit<HeaderProps, 'theme'>, separator: string, ascii = false): {left: string; crumbs: string} {
	const campus = sanitizeForTerminal(props.campus);
	const crumbs = props.crumbs.map((crumb) => sanitizeForTerminal(crumb));
	// --ascii: our own glyphs (separators, the range's en dash, the ellipsis) become ASCII too.
	const rangeLabel = ascii ? props.rangeLabel.replaceAll('–', '-') : props.rangeLabel;
	const badge = props.badge ? props.badge.length + 2 : 0;
	const fits = (text: string) => text.length + badge <= props.width;
	const join = (parts: readonly string[]) => parts.filter(Boolean).join(headerSeparator(ascii));
	const crumbText = (keep: number) =>
		(crumbs.length > keep ? [ascii ? '~' : '…', ...crumbs.slice(-keep)] : crumbs).join(` ${separator.trim()} `);
	const full = crumbText(crumbs.length);
	const named = join(['bigstat42', campus, rangeLabel, props.timeZone]);
	if (fits(join([named, full]))) return {left: named, crumbs: full};
	const left = join([campus, rangeLabel, props.timeZone]);
	// Older crumbs go first, down to the deepest one; past that Ink truncates the line.
	for (let keep = crumbs.length; keep > 1; keep--) {
		if (fits(join([left, crumbText(keep)]))) return {left, crumbs: crumbText(keep)};
	}

	return {left, crumbs: crumbText(1)};
}

/** What separates the header's parts: ' · ', or ' | ' in ASCII mode. */
function headerSeparator(ascii: boolean): string {
	return ascii ? ' | ' : ' · ';
}

/** One header line (never wraps). */
export function Header(props: HeaderProps): ReactElement {
	const {left, crumbs} = headerParts(props, props.theme.crumbSeparator, props.theme.ascii);
	return (
		<Box width={props.width} height={1}>
			<Box flexGrow={1} flexShrink={1} overflow="hidden">
				<Text wrap="truncate-end">
					<Text color={props.theme.tokens.heading} bold>
						{left}
					</Text>
					{crumbs ? <Text color={props.theme.tokens.muted}>{headerSeparator(props.theme.ascii)}</Text> : null}
					<Text color={props.theme.tokens.accent}>{crumbs}</Text>
				</Text>
			</Box>
			{props.badge ? (
				<Box flexShrink={0} marginLeft={1}>
					<Text inverse={props.badge === 'PAUSED'} color={props.badge === 'LIVE' ? props.theme.tokens.ok : props.theme.tokens.warning} bold>
						{props.badge}
					</Text>
				</Box>
			) : null}
		</Box>
	);
}
