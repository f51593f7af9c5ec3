/**
 * A stand-in for a view not written yet (kept so the registry is complete while views land).
 *
 * Hosts
 *   (this view is coming)
 */
import React, {type ReactElement} from 'react';
import {Lines, heading, seg} from '../components/view-lines.js';
import type {ViewDescriptor, ViewId, ViewProps} from '../view-contract.js';
import {emptyTable, noDrill, noMatches} from './common.js';

/** A descriptor that draws its title and a note. */
export function placeholderView(id: ViewId, title: string): ViewDescriptor {
	function Placeholder({size, theme}: ViewProps): ReactElement {
		return <Lines lines={[heading(title), [seg('  (this view is coming)', {tone: 'muted'})]]} width={size.width} height={size.height} theme={theme} />;
	}

	return {
		id,
		title,
		minSize: {width: 20, height: 2},
		cursorKind: 'none',
		sortColumns: [],
		extent: () => ({rows: 0, cols: 0}),
		drill: noDrill,
		matches: noMatches,
		table: emptyTable,
		Component: Placeholder,
	};
}
