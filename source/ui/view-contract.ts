/**
 * The contract between the TUI shell (app, reducer, keymap, data hook) and the views.
 *
 * A view is a pure component fed plain data and a size. Its rows (for tables and lists) come from
 * ONE selector, `select`, used both by the view to draw and by the shell to bound the cursor and
 * to find what Enter drills into — so the two can never disagree about the list.
 */
import type {ReactElement} from 'react';
import type {Window} from '../app/window.js';
import type {Campus, EventTable, SessionTable} from '../core/model.js';
import type {HostDetail, Summary, UserDetail, HostRow, UserRow, SessionListItem, EventUserActivity} from '../core/stats/types.js';

/** Top-level views, in the order of the `1`–`7` keys. */
export const TOP_VIEWS = ['overview', 'heatmap', 'hourly', 'hosts', 'map', 'users', 'events', 'log'] as const;
export type TopViewId = (typeof TOP_VIEWS)[number];

/** Drill-down views pushed on the navigation stack. */
export type DetailViewId = 'host' | 'user' | 'slot' | 'event-user' | 'open' | 'anomalies';
export type ViewId = TopViewId | DetailViewId;

/** Parameters of a stacked view (what it is about). */
export type ViewParams = {
	readonly host?: string;
	readonly login?: string;
	readonly weekday?: number;
	readonly hour?: number;
	readonly eventUser?: string;
	/** Slot: only the sessions that started in the slot (the heatmap showed "sessions started"). */
	readonly started?: boolean;
};

/** Terminal cells available to the view's content area. */
export type Size = {readonly width: number; readonly height: number};

/** Preset time ranges (`t`/`T`); `[`/`]` shift the window back/forward by its own length. */
export {RANGE_PRESETS, type RangePreset} from '../app/window.js';

/** Heatmap / map metric switched with `m`. */
export type Metric = 'occupancy' | 'starts';

export type SortState = {readonly column: number; readonly descending: boolean};

/** Cursor within a view: `row` for lists; `row` (weekday/host) + `col` (hour) for grids. */
export type Cursor = {readonly row: number; readonly col: number; readonly scroll: number};

/** Semantic theme tokens (never raw colours in views) and the glyph set. */
export type Theme = {
	readonly color: boolean;
	readonly ascii: boolean;
	/** Ink colour names per token, undefined in no-colour mode. */
	readonly tokens: Readonly<Record<'accent' | 'muted' | 'danger' | 'ok' | 'warning' | 'heading', string | undefined>>;
	/** Heat levels low → high: glyphs (' ░▒▓█' / ' .:+#') and colours. */
	readonly heatGlyphs: readonly string[];
	readonly heatColors: readonly (string | undefined)[];
	readonly sparkGlyphs: readonly string[];
	readonly sortAscending: string;
	readonly sortDescending: string;
	readonly ellipsis: string;
	readonly crumbSeparator: string;
};

/**
 * Everything a view may show, computed once per (range, data version) by the shell and memoised.
 * Detail objects are computed lazily through the accessors (they are cheap per entity but not
 * worth precomputing for every host and user).
 */
export type DashboardData = {
	readonly campus: Campus;
	readonly timeZone: string;
	readonly now: number;
	readonly from: number;
	readonly to: number;
	readonly rangeLabel: string;
	/** The resolved window (bounds, partial flag, previous period and its coverage). */
	readonly window: Window;
	readonly summary: Summary;
	/**
	 * The previous period of the same length cut at the same elapsed point (for the overview's
	 * change column); null for 'all' and when the data does not cover the whole previous period.
	 */
	readonly previous: Summary | null;
	readonly hosts: readonly HostRow[];
	readonly users: readonly UserRow[];
	/** All known host names (for the cluster map), including hosts idle in the range. */
	readonly allHosts: readonly string[];
	/** Seat-hours per hour for the top hosts (hosts view heatmap), same order as `hosts`. */
	hostHours(hosts: readonly string[]): number[][];
	/** A host's drill-down; `recent` lists every session touching the range (uncapped), newest first. */
	hostDetail(host: string): HostDetail | null;
	/** A user's drill-down; `recent` lists every session touching the range (uncapped), newest first. */
	userDetail(login: string): UserDetail | null;
	/** Every session of a weekday × hour slot, newest first (uncapped: the view windows it). */
	slotSessions(weekday: number, hour: number): SessionListItem[];
	eventUser(user: string): EventUserActivity;
	/**
	 * Every user with an event in the range (events without a user left out), total desc then user
	 * asc: the events view's list. Computed on first read and kept.
	 */
	readonly eventUsers: readonly EventUserActivity[];
	/** The raw tables, for views that need them (never mutated). */
	readonly sessions: SessionTable;
	readonly events: EventTable;
};

/** The navigation state a view needs to draw itself. */
export type ViewState = {
	readonly params: ViewParams;
	readonly cursor: Cursor;
	readonly filter: string;
	/** The filter marks the matching rows of a list and keeps the rest (&), instead of showing only the matches. */
	readonly filterMarks: boolean;
	readonly sort: SortState;
	readonly metric: Metric;
	/** Hosts: draw the host × hour heatmap of the first hosts under the table (when it fits). */
	readonly hostHeatmap: boolean;
	/** Map: colour utilisation relative to the busiest seat instead of on the absolute 0–100 % scale (v). */
	readonly mapRelative: boolean;
	/** True in live mode: the map colours by "occupied now". */
	readonly live: boolean;
};

/** Props of every view component. */
export type ViewProps = {
	readonly data: DashboardData;
	readonly size: Size;
	readonly theme: Theme;
	readonly state: ViewState;
};

/** What Enter on the current cursor opens. */
export type DrillTarget = {readonly view: ViewId; readonly params: ViewParams} | null;

/** What a view does with the keys that not every view supports (the keymap binds and shows only these). */
export type ViewSupports = {
	/** `/`, `n`, `N`: the filter narrows (lists) or finds (grids) rows. */
	readonly filter: boolean;
	/** `m`: the view draws the occupancy / starts metric. */
	readonly metric: boolean;
	/** Enter opens what is under the cursor. */
	readonly drill: boolean;
	/** `v`: the view has a panel to show or hide; the legend's label for it. */
	readonly panel?: string;
};

/** Describes one view to the shell. */
export type ViewDescriptor = {
	readonly id: ViewId;
	readonly title: string;
	readonly supports: ViewSupports;
	/** Smallest content size the view can draw; below it the shell shows "too small". */
	readonly minSize: Size;
	/** 'list': cursor moves over rows; 'grid': rows × cols; 'none': scroll only. */
	readonly cursorKind: 'list' | 'grid' | 'none';
	/**
	 * True when the view reads more than its window's tables (every host ever seen: idle hosts, the
	 * cluster map); a one-frame render then loads the whole history, other views only their window.
	 */
	readonly needsEveryHost?: boolean;
	/** Sortable column names (for `s`/`S`), empty when the view is not sortable. */
	readonly sortColumns: readonly string[];
	/** Number of rows (and columns for grids) after filter/sort: bounds the cursor. */
	extent(data: DashboardData, state: ViewState): {readonly rows: number; readonly cols: number};
	/**
	 * Rows of its list the view shows at once at `size` (PgUp/PgDn step and scroll window), from the
	 * same layout the component draws. Without it: the content height less a heading and a header.
	 */
	page?(data: DashboardData, state: ViewState, size: Size, theme: Theme): number;
	/** What Enter opens at the cursor. */
	drill(data: DashboardData, state: ViewState): DrillTarget;
	/** The key of the row under the cursor (host, login, session id), so a data refresh keeps the cursor on it. */
	keyAt?(data: DashboardData, state: ViewState): string | undefined;
	/** The index of the row with this key after filter and sort, or -1. */
	indexOfKey?(data: DashboardData, state: ViewState, key: string): number;
	/** Rows matching the filter (for `n`/`N`): indexes into the selected rows. */
	matches(data: DashboardData, state: ViewState): readonly number[];
	/** Plain data of the current view for `e` export (CSV/JSON): header + rows. */
	table(data: DashboardData, state: ViewState): {readonly columns: readonly string[]; readonly rows: ReadonlyArray<ReadonlyArray<string | number | null>>};
	readonly Component: (props: ViewProps) => ReactElement;
};
