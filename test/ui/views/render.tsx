/**
 * Renders a registered view to a string at a content size, no colour, with a given state.
 */
import React from 'react';
import {renderToString} from 'ink';
import {VIEWS, createTheme} from '../../../source/ui/registry.js';
import type {DashboardData, ViewId, ViewState} from '../../../source/ui/view-contract.js';
import {fixtureDashboard} from '../../fixtures/dashboard.js';

/** The two content sizes every view is snapshotted at (80×24 and 120×40 terminals). */
export const SIZES = [
	{width: 80, height: 21},
	{width: 120, height: 37},
] as const;

/** A default view state. */
export function viewState(change: Partial<ViewState> = {}): ViewState {
	return {
		params: {},
		cursor: {row: 0, col: 0, scroll: 0},
		filter: '',
		filterMarks: false,
		sort: {column: 0, descending: false},
		metric: 'occupancy',
		hostHeatmap: false,
		mapRelative: false,
		live: false,
		...change,
	};
}

/** Renders view `id` and checks the frame's size limits. */
export function renderView(
	id: ViewId,
	size: {readonly width: number; readonly height: number},
	state: ViewState = viewState(),
	options: {readonly data?: DashboardData; readonly ascii?: boolean; readonly color?: boolean} = {},
): string {
	const data = options.data ?? fixtureDashboard();
	const theme = createTheme({color: options.color ?? false, ascii: options.ascii ?? false});
	const {Component} = VIEWS[id];
	return renderToString(<Component data={data} size={size} theme={theme} state={state} />, {columns: size.width});
}
