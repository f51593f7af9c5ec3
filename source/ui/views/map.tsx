/**
 * Cluster map: every known host placed by cluster (one block per cluster, rows as lines, seats as
 * cells) from its name (core/ui/host-id.ts); names matching no pattern are listed below. Cells show
 * utilisation over the range on an absolute 0–100 % scale, or in live mode whether the seat is
 * occupied now. The cursor moves over a grid of all cluster rows (then one row per unplaced host);
 * when the clusters do not all fit, one cluster is drawn at a time (the cursor's).
 *
 * Cluster map  utilisation (absolute 0–100 %) · 2 clusters · 1 unplaced
 * c1 (7 seats)                c2 (4 seats)
 * r1 [░]░░ ░░ ░░              r1 ░░ ░░ ○○
 * r2 ░░ ░░ ○○                 r2 ○○
 * other: kiosk-7.42paris.fr
 * scale ○ idle  [░]≤25%  [▒]≤50%  [▓]≤75%  [█]≤100%
 * c1r1s1 · utilisation 6.8 % · 6 sessions · occupied now by alice · Enter: host
 */
import React, {type ReactElement} from 'react';
import type {HostRow} from '../../core/stats/types.js';
import {formatInt, formatNumber, formatPercent, plural} from '../../core/ui/format.js';
import {heatLevel} from '../../core/ui/heat-levels.js';
import {buildClusterMap, type ClusterBlock, type ClusterMap} from '../../core/ui/host-id.js';
import {matchesFilter} from '../../core/ui/select-visible.js';
import {textWidth} from '../../core/ui/text.js';
import {Lines, heading, seg, type Line, type Segment} from '../components/view-lines.js';
import {extraGlyphs} from '../theme.js';
import type {DashboardData, Theme, ViewDescriptor, ViewProps, ViewState} from '../view-contract.js';
import {clean} from './common.js';

/** One cursor row of the map: a cluster row, or an unplaced host. */
export type MapRow =
	| {readonly kind: 'seats'; readonly cluster: number; readonly row: number}
	| {readonly kind: 'other'; readonly host: string};

/** The map model: cluster blocks, unplaced names and the flat cursor rows. */
export type MapModel = ClusterMap & {readonly rows: readonly MapRow[]; readonly cols: number};

const models = new WeakMap<readonly string[], MapModel>();

/** The map of `data.allHosts` (memoised per host list). */
export function mapModel(data: DashboardData): MapModel {
	const cached = models.get(data.allHosts);
	if (cached) return cached;
	const map = buildClusterMap(data.allHosts);
	const rows: MapRow[] = [];
	map.clusters.forEach((block, cluster) => block.rows.forEach((_, row) => rows.push({kind: 'seats', cluster, row})));
	for (const host of map.unknown) rows.push({kind: 'other', host});
	const cols = Math.max(1, ...map.clusters.map((block) => block.width));
	const model = {...map, rows, cols};
	models.set(data.allHosts, model);
	return model;
}

/** The host under a cursor, or null (no seat there). */
export function hostAt(model: MapModel, cursor: {readonly row: number; readonly col: number}): string | null {
	const row = model.rows[cursor.row];
	if (!row) return null;
	if (row.kind === 'other') return row.host;
	return model.clusters[row.cluster]?.rows[row.row]?.cells[cursor.col]?.host ?? null;
}

type CellStyle = {readonly glyph: string; readonly color: string | undefined; readonly tone?: 'accent' | 'muted'};

/**
 * What the cells show for one (data, theme, live): the host index and every seat's style, per
 * cluster, row and column. Computed once; the metric does not change the map (it always shows
 * utilisation, or occupied-now when live), so a cursor move or a metric switch reuses it.
 */
type Paint = {
	readonly rows: ReadonlyMap<string, HostRow>;
	readonly styles: ReadonlyArray<ReadonlyArray<ReadonlyArray<CellStyle | null>>>;
	/** Row lines without the cursor, per (cell width, filter, cluster, row): only cursor rows are rebuilt. */
	readonly lines: Map<string, Line>;
};

const paints = new WeakMap<DashboardData, WeakMap<Theme, Map<string, Paint>>>();

/** How the map colours: live (occupied now), or utilisation on the absolute or the relative scale. */
export type MapMode = 'live' | 'absolute' | 'relative';

/**
 * A seat's style. Outside live mode a seat occupied now is drawn with the occupied glyph in its
 * utilisation colour, so who is sitting is visible on every scale.
 */
function cellStyle(row: HostRow | undefined, theme: Theme, mode: MapMode, top: number): CellStyle {
	const glyphs = extraGlyphs(theme);
	if (mode === 'live') return row?.occupant ? {glyph: glyphs.occupied, color: undefined, tone: 'accent'} : {glyph: glyphs.free, color: undefined, tone: 'muted'};
	const utilisation = row?.utilisation ?? 0;
	if (!(utilisation > 0)) return row?.occupant ? {glyph: glyphs.occupied, color: undefined, tone: 'accent'} : {glyph: glyphs.free, color: undefined, tone: 'muted'};
	const level = heatLevel(utilisation, mode === 'relative' ? Math.max(top, 1e-9) : 100, theme.heatGlyphs.length);
	return {glyph: row?.occupant ? glyphs.occupied : (theme.heatGlyphs[level] ?? '?'), color: theme.heatColors[level]};
}

/** The map's mode for a view state. */
export function mapMode(state: Pick<ViewState, 'live' | 'mapRelative'>): MapMode {
	return state.live ? 'live' : state.mapRelative ? 'relative' : 'absolute';
}

/** The paint of the map for (data, theme, mode), memoised. */
export function mapPaint(data: DashboardData, theme: Theme, mode: MapMode): Paint {
	let byTheme = paints.get(data);
	if (!byTheme) {
		byTheme = new WeakMap();
		paints.set(data, byTheme);
	}

	let byLive = byTheme.get(theme);
	if (!byLive) {
		byLive = new Map();
		byTheme.set(theme, byLive);
	}

	const cached = byLive.get(mode);
	if (cached) return cached;
	const model = mapModel(data);
	const rows = hostIndex(data);
	const top = Math.max(0, ...data.hosts.map((row) => row.utilisation));
	const styles = model.clusters.map((block) => block.rows.map((row) => row.cells.map((seat) => (seat === null ? null : cellStyle(rows.get(seat.host), theme, mode, top)))));
	const paint: Paint = {rows, styles, lines: new Map()};
	byLive.set(mode, paint);
	return paint;
}

const hostIndexes = new WeakMap<readonly HostRow[], Map<string, HostRow>>();

function hostIndex(data: DashboardData): ReadonlyMap<string, HostRow> {
	const cached = hostIndexes.get(data.hosts);
	if (cached) return cached;
	const index = new Map(data.hosts.map((row) => [row.host, row]));
	hostIndexes.set(data.hosts, index);
	return index;
}

/** Seats and row-label width of a block, memoised per block. */
const blockFacts = new WeakMap<ClusterBlock, {readonly seats: number; readonly rowLabel: number; readonly title: string}>();

function factsOf(block: ClusterBlock): {readonly seats: number; readonly rowLabel: number; readonly title: string} {
	const cached = blockFacts.get(block);
	if (cached) return cached;
	const seats = block.rows.reduce((sum, row) => sum + row.cells.filter((seat) => seat !== null).length, 0);
	const facts = {seats, rowLabel: Math.max(...block.rows.map((row) => textWidth(`r${row.row}`))) + 1, title: `${block.cluster} (${plural(seats, 'seat')})`};
	blockFacts.set(block, facts);
	return facts;
}

/** A block's width at a cell width: its title, or its row label and widest row of cells. */
function blockWidth(block: ClusterBlock, cell: number): number {
	const facts = factsOf(block);
	return Math.max(textWidth(facts.title), facts.rowLabel + Math.max(0, ...block.rows.map((row) => row.cells.length)) * cell);
}

type Block = {readonly lines: Line[]; readonly width: number};

/** One row of a block; rows without the cursor come from the paint's cache. */
function rowLine(clusterIndex: number, rowIndex: number, model: MapModel, paint: Paint, props: ViewProps, cell: number): Line {
	const {state} = props;
	const block = model.clusters[clusterIndex];
	const row = block?.rows[rowIndex];
	if (!block || !row) return [];
	const cursorRow = model.rows[state.cursor.row];
	const onRow = cursorRow?.kind === 'seats' && cursorRow.cluster === clusterIndex && cursorRow.row === rowIndex;
	const filter = state.filter.trim();
	const key = `${cell}|${filter}|${clusterIndex}|${rowIndex}`;
	if (!onRow) {
		const cached = paint.lines.get(key);
		if (cached) return cached;
	}

	const styles = paint.styles[clusterIndex]?.[rowIndex] ?? [];
	const line: Segment[] = [seg(`r${row.row}`.padEnd(factsOf(block).rowLabel), {bold: onRow})];
	row.cells.forEach((seat, col) => {
		const here = onRow && state.cursor.col === col;
		const style = styles[col];
		if (seat === null || !style) {
			line.push(seg(here && cell >= 3 ? '[ ]' : ' '.repeat(cell), {inverse: here}));
			return;
		}

		const matched = filter !== '' && matchesFilter(clean(seat.host), filter);
		const body = cell >= 3 ? (here ? `[${style.glyph}]` : `${style.glyph}${matched ? '*' : style.glyph} `) : cell === 2 ? `${style.glyph}${matched ? '*' : ' '}` : style.glyph;
		line.push(seg(body, {color: style.color, tone: style.tone, inverse: here}));
	});
	if (!onRow) paint.lines.set(key, line);
	return line;
}

function blockLines(clusterIndex: number, model: MapModel, paint: Paint, props: ViewProps, cell: number, window: {start: number; end: number}): Block {
	const block = model.clusters[clusterIndex];
	if (!block) return {lines: [], width: 0};
	const lines: Line[] = [[seg(factsOf(block).title, {tone: 'heading', bold: true})]];
	for (let index = window.start; index < Math.min(window.end, block.rows.length); index++) lines.push(rowLine(clusterIndex, index, model, paint, props, cell));
	return {lines, width: blockWidth(block, cell)};
}

function selectedLine(model: MapModel, rows: ReadonlyMap<string, HostRow>, props: ViewProps): Line {
	const host = hostAt(model, props.state.cursor);
	const glyphs = extraGlyphs(props.theme);
	if (host === null) return [seg('no seat here', {tone: 'muted'})];
	const row = rows.get(host);
	const parts: Segment[] = [seg(clean(host), {bold: true})];
	if (!row) parts.push(seg(` ${glyphs.bullet} idle in this range`, {tone: 'muted'}));
	else {
		parts.push(seg(` ${glyphs.bullet} utilisation ${formatPercent(row.utilisation)} ${glyphs.bullet} ${plural(row.sessions, 'session')} started`));
		parts.push(row.occupant === null ? seg(` ${glyphs.bullet} free now`, {tone: 'muted'}) : seg(` ${glyphs.bullet} occupied now by ${clean(row.occupant)}`, {tone: 'accent'}));
	}

	parts.push(seg(` ${glyphs.bullet} Enter: host`, {tone: 'muted'}));
	return parts;
}

function legendLine(data: DashboardData, theme: Theme, mode: MapMode): Line {
	const glyphs = extraGlyphs(theme);
	if (mode === 'live') return [seg('legend ', {tone: 'muted'}), seg(`${glyphs.occupied} occupied now  `, {tone: 'accent'}), seg(`${glyphs.free} free`, {tone: 'muted'})];
	const out: Segment[] = [seg('scale ', {tone: 'muted'}), seg(`${glyphs.free} idle  `, {tone: 'muted'})];
	const levels = theme.heatGlyphs.length - 1;
	// The relative scale tops out at the busiest seat of the range.
	const top = mode === 'relative' ? Math.max(0, ...data.hosts.map((row) => row.utilisation)) : 100;
	for (let level = 1; level <= levels; level++) {
		out.push(seg(`[${theme.heatGlyphs[level] ?? '?'}]`, {color: theme.heatColors[level]}), seg(`${theme.ascii ? '<=' : '≤'}${formatNumber((level / levels) * top, mode === 'relative' ? 1 : 0)}%  `));
	}

	out.push(seg(`${glyphs.occupied} occupied now`, {tone: 'accent'}));
	return out;
}

function otherLines(model: MapModel, props: ViewProps): Line[] {
	if (model.unknown.length === 0) return [];
	const glyphs = extraGlyphs(props.theme);
	const cursorRow = model.rows[props.state.cursor.row];
	const title = `unplaced (${formatInt(model.unknown.length)}): `;
	const names = model.unknown.map((host) => clean(host));
	const at = cursorRow?.kind === 'other' ? model.unknown.indexOf(cursorRow.host) : -1;
	const lead = `${props.theme.ellipsis}  `;
	const room = props.size.width - textWidth(title);
	// Whole names from `from` that fit beside "+N more" (never a name cut mid-word).
	const fitting = (from: number): number => {
		let used = from > 0 ? textWidth(lead) : 0;
		let count = 0;
		for (let index = from; index < names.length; index++) {
			const width = textWidth(names[index] ?? '') + (index === at ? textWidth(glyphs.pointer) : 0) + 2;
			const left = names.length - index - 1;
			if (used + width + (left > 0 ? textWidth(`+${formatInt(left)} more`) : 0) > room) break;
			used += width;
			count++;
		}

		return count;
	};

	// The list starts at the cursor's name when that one would be left out.
	let start = 0;
	let count = fitting(0);
	if (at >= count) {
		start = at;
		count = Math.max(1, fitting(at));
	}

	const out: Segment[] = [seg(title, {tone: 'heading'})];
	if (start > 0) out.push(seg(lead, {tone: 'muted'}));
	for (let index = start; index < Math.min(names.length, start + count); index++) {
		const here = index === at;
		out.push(seg(`${here ? glyphs.pointer : ''}${names[index] ?? ''}`, {inverse: here, bold: here}), seg('  '));
	}

	const rest = names.length - start - count;
	if (rest > 0) out.push(seg(`+${formatInt(rest)} more`, {tone: 'muted'}));
	return [out];
}

function MapView(props: ViewProps): ReactElement {
	const {data, size, theme, state} = props;
	const model = mapModel(data);
	const scale = mapMode(state);
	const paint = mapPaint(data, theme, scale);
	const dash = theme.ascii ? '-' : '–';
	const mode = scale === 'live' ? 'occupied now (live)' : scale === 'relative' ? 'utilisation (relative to the busiest seat)' : `utilisation (absolute 0${dash}100 %)`;
	const lines: Line[] = [heading('Cluster map', `${mode} · ${plural(model.clusters.length, 'cluster')} · ${formatInt(model.unknown.length)} unplaced`)];
	const footer = [...otherLines(model, props), legendLine(data, theme, scale), selectedLine(model, paint.rows, props)];
	const budget = Math.max(1, size.height - lines.length - footer.length);
	if (model.clusters.length === 0) lines.push([seg('  no host name matches a known cluster pattern', {tone: 'muted'})]);
	// Widest cells that let the widest block fit the width.
	const labelRoom = 5;
	const cell = [3, 2, 1].find((candidate) => labelRoom + model.cols * candidate <= size.width) ?? 1;
	// Pack blocks side by side into bands, from their widths alone (nothing drawn yet).
	const bands: number[][] = [];
	let band: number[] = [];
	let used = 0;
	model.clusters.forEach((block, index) => {
		const width = blockWidth(block, cell);
		if (band.length > 0 && used + 3 + width > size.width) {
			bands.push(band);
			band = [];
			used = 0;
		}

		band.push(index);
		used += (band.length > 1 ? 3 : 0) + width;
	});
	if (band.length > 0) bands.push(band);
	const bandHeight = (indexes: number[]) => Math.max(...indexes.map((index) => (model.clusters[index]?.rows.length ?? 0) + 1));
	const totalHeight = bands.reduce((sum, indexes) => sum + bandHeight(indexes), 0);
	if (totalHeight <= budget) {
		for (const indexes of bands) {
			const blocks: Block[] = indexes.map((index) => blockLines(index, model, paint, props, cell, {start: 0, end: Number.POSITIVE_INFINITY}));
			for (let i = 0; i < bandHeight(indexes); i++) {
				const line: Segment[] = [];
				blocks.forEach((block, position) => {
					const part = block.lines[i] ?? [];
					const width = part.reduce((sum, piece) => sum + textWidth(piece.text), 0);
					line.push(...part, seg(' '.repeat(block.width - width + (position < blocks.length - 1 ? 3 : 0))));
				});
				lines.push(line);
			}
		}
	} else if (model.clusters.length > 0) {
		// The band of clusters side by side that holds the cursor's (the first band while the cursor
		// is on an unplaced host), windowed around the cursor's row.
		const cursorRow = model.rows[state.cursor.row];
		const index = cursorRow?.kind === 'seats' ? cursorRow.cluster : 0;
		const shown = bands.find((indexes) => indexes.includes(index)) ?? [index];
		const page = Math.max(1, budget - 2);
		const tallest = Math.max(...shown.map((cluster) => model.clusters[cluster]?.rows.length ?? 0));
		const at = cursorRow?.kind === 'seats' && cursorRow.cluster === index ? cursorRow.row : 0;
		const start = Math.min(Math.max(0, at - Math.floor(page / 2)), Math.max(0, tallest - page));
		const blocks = shown.map((cluster) => blockLines(cluster, model, paint, props, cell, {start, end: start + page}));
		for (let i = 0; i < Math.max(...blocks.map((block) => block.lines.length)); i++) {
			const line: Segment[] = [];
			blocks.forEach((block, position) => {
				const part = block.lines[i] ?? [];
				const width = part.reduce((sum, piece) => sum + textWidth(piece.text), 0);
				line.push(...part, seg(' '.repeat(block.width - width + (position < blocks.length - 1 ? 3 : 0))));
			});
			lines.push(line);
		}

		const first = (shown[0] ?? 0) + 1;
		const last = (shown.at(-1) ?? 0) + 1;
		const which = first === last ? `cluster ${first}` : `clusters ${first}${theme.ascii ? '-' : '–'}${last}`;
		const rows = tallest > page ? ` ${extraGlyphs(theme).bullet} rows ${start + 1}${theme.ascii ? '-' : '–'}${Math.min(tallest, start + page)} of ${tallest}` : '';
		lines.push([seg(`${which} of ${model.clusters.length}${rows} ${extraGlyphs(theme).bullet} ${theme.ascii ? 'up/down' : '↑↓'} move across clusters`, {tone: 'muted'})]);
	}

	lines.push(...footer);
	return <Lines lines={lines} width={size.width} height={size.height} theme={theme} />;
}

/** Map descriptor: grid cursor over cluster rows × seat columns (unplaced hosts as extra rows). */
export const mapView: ViewDescriptor = {
	id: 'map',
	title: 'Cluster map',
	minSize: {width: 40, height: 8},
	cursorKind: 'grid',
	needsEveryHost: true,
	supports: {filter: true, metric: false, drill: true, panel: 'scale'},
	sortColumns: [],
	extent(data: DashboardData) {
		const model = mapModel(data);
		return {rows: model.rows.length, cols: model.cols};
	},
	drill(data: DashboardData, state: ViewState) {
		const host = hostAt(mapModel(data), state.cursor);
		return host === null ? null : {view: 'host', params: {host}};
	},
	matches(data: DashboardData, state: ViewState) {
		if (state.filter.trim() === '') return [];
		const model = mapModel(data);
		const out: number[] = [];
		model.rows.forEach((row, index) => {
			const hosts = row.kind === 'other' ? [row.host] : (model.clusters[row.cluster]?.rows[row.row]?.cells ?? []).flatMap((seat) => (seat ? [seat.host] : []));
			if (hosts.some((host) => matchesFilter(clean(host), state.filter))) out.push(index);
		});
		return out;
	},
	table(data: DashboardData) {
		const model = mapModel(data);
		const rows = hostIndex(data);
		const seats = model.clusters.flatMap((block) => block.rows.flatMap((row) => row.cells.flatMap((seat) => (seat ? [seat] : []))));
		return {
			columns: ['host', 'cluster', 'row', 'seat', 'utilisation', 'occupant'],
			rows: [
				...seats.map((seat) => [seat.host, seat.cluster, seat.row, seat.seat, rows.get(seat.host)?.utilisation ?? 0, rows.get(seat.host)?.occupant ?? null]),
				...model.unknown.map((host) => [host, null, null, null, rows.get(host)?.utilisation ?? 0, rows.get(host)?.occupant ?? null]),
			],
		};
	},
	Component: MapView,
};
