/**
 * Host names → seats on a cluster map. One named pattern per campus family, tried
 * in order; a name matching none gives an explicit `{kind: 'unknown'}` (kiosks, exam PCs, test
 * values), never an exception. A `.domain` suffix is stripped first; matching is case-insensitive.
 */

/** A parsed seat. `cluster` is a display label ("c1", "bess-f1", "paul-f3A"). */
export type HostSeat = {
	readonly kind: 'seat';
	readonly host: string;
	readonly cluster: string;
	readonly row: number;
	readonly seat: number;
	/** The pattern that matched (for tests and the map's legend). */
	readonly pattern: string;
};

/** A name matching no pattern. */
export type HostUnknown = {readonly kind: 'unknown'; readonly host: string};

export type HostId = HostSeat | HostUnknown;

type Pattern = {
	readonly name: string;
	readonly regex: RegExp;
	readonly build: (groups: Record<string, string | undefined>) => {cluster: string; row: number; seat: number};
};

const num = (text: string | undefined) => Number.parseInt(text ?? '0', 10);

const patterns: readonly Pattern[] = [
	{
		// Paris (current): bess-f1r6s6, paul-f3Ar9s1, made-f0Cr13s1
		name: 'paris',
		regex: /^(?<building>bess|paul|made)-f(?<floor>\d+)(?<zone>[a-d])?r(?<row>\d+)s(?<seat>\d+)$/i,
		build: (g) => ({
			cluster: `${(g.building ?? '').toLowerCase()}-f${num(g.floor)}${(g.zone ?? '').toUpperCase()}`,
			row: num(g.row),
			seat: num(g.seat),
		}),
	},
	{
		// Lausanne, Madrid, Tokyo, Seoul (cx?), Helsinki/Vienna (…p<post>): c1r5s1, cx2r1s3, c2r7p1
		name: 'c-r-s',
		regex: /^c(?<x>x)?(?<cluster>\d+)r(?<row>\d+)[sp](?<seat>\d+)$/i,
		build: (g) => ({cluster: `c${g.x === undefined ? '' : 'x'}${num(g.cluster)}`, row: num(g.row), seat: num(g.seat)}),
	},
	{
		// Wolfsburg: c1s2d3 (cluster, row, desk)
		name: 'c-s-d',
		regex: /^c(?<cluster>\d+)s(?<row>\d+)d(?<seat>\d+)$/i,
		build: (g) => ({cluster: `c${num(g.cluster)}`, row: num(g.row), seat: num(g.seat)}),
	},
	{
		// Paris (old), Rome, Istanbul: e1r2p3; Mulhouse: k0r1p1; Lyon: z2r3p4
		name: 'e/k/z-r-p',
		regex: /^(?<letter>[ekz])(?<cluster>\d+)r(?<row>\d+)p(?<seat>\d+)$/i,
		build: (g) => ({cluster: `${(g.letter ?? '').toLowerCase()}${num(g.cluster)}`, row: num(g.row), seat: num(g.seat)}),
	},
	{
		// Codam: f0r1s1 (floor, row, seat)
		name: 'f-r-s',
		regex: /^f(?<cluster>\d+)r(?<row>\d+)s(?<seat>\d+)$/i,
		build: (g) => ({cluster: `f${num(g.cluster)}`, row: num(g.row), seat: num(g.seat)}),
	},
	{
		// Angoulême: 1a12 (cluster, row letter, seat)
		name: 'n-letter-n',
		regex: /^(?<cluster>\d+)(?<row>[a-z])(?<seat>\d+)$/i,
		build: (g) => ({cluster: String(num(g.cluster)), row: (g.row ?? 'a').toLowerCase().charCodeAt(0) - 96, seat: num(g.seat)}),
	},
];

/** Parses one host name. */
export function parseHost(host: string): HostId {
	const bare = host.trim().split('.')[0] ?? '';
	for (const pattern of patterns) {
		const match = pattern.regex.exec(bare);
		if (match?.groups) return {kind: 'seat', host, ...pattern.build(match.groups), pattern: pattern.name};
	}

	return {kind: 'unknown', host};
}

/** One row of a cluster: seats by column (`null` = no such seat). */
export type ClusterRow = {readonly row: number; readonly cells: readonly (HostSeat | null)[]};

/** One cluster block. */
export type ClusterBlock = {
	readonly cluster: string;
	readonly rows: readonly ClusterRow[];
	/** Seat number of column 0. */
	readonly firstSeat: number;
	/** Columns (max seat - first seat + 1). */
	readonly width: number;
};

/** All hosts placed: cluster blocks in natural order and the names that matched nothing. */
export type ClusterMap = {readonly clusters: readonly ClusterBlock[]; readonly unknown: readonly string[]};

/** Natural order: "c2" < "c10", "bess-f1" < "bess-f2". */
export function naturalCompare(a: string, b: string): number {
	const split = (text: string) => text.toLowerCase().split(/(\d+)/);
	const x = split(a);
	const y = split(b);
	for (let i = 0; i < Math.max(x.length, y.length); i++) {
		const p = x[i] ?? '';
		const q = y[i] ?? '';
		if (p === q) continue;
		const numeric = i % 2 === 1;
		if (numeric && p !== '' && q !== '') return Number(p) - Number(q) || (p < q ? -1 : 1);
		return p < q ? -1 : 1;
	}

	return 0;
}

/**
 * Places hosts on blocks: one per cluster, rows ascending, seats by column. Duplicate names (or
 * two names for one seat, e.g. with and without a domain) keep the first; the rest go to `unknown`.
 */
export function buildClusterMap(hosts: readonly string[]): ClusterMap {
	const seats = new Map<string, HostSeat[]>();
	const unknown: string[] = [];
	const taken = new Set<string>();
	for (const host of [...new Set(hosts)].sort(naturalCompare)) {
		const id = parseHost(host);
		const key = id.kind === 'seat' ? `${id.cluster}/${id.row}/${id.seat}` : '';
		if (id.kind === 'unknown' || taken.has(key)) {
			unknown.push(host);
			continue;
		}

		taken.add(key);
		const list = seats.get(id.cluster) ?? [];
		list.push(id);
		seats.set(id.cluster, list);
	}

	const clusters = [...seats.entries()]
		.sort(([a], [b]) => naturalCompare(a, b))
		.map(([cluster, list]): ClusterBlock => {
			const firstSeat = Math.min(...list.map((seat) => seat.seat));
			const width = Math.max(...list.map((seat) => seat.seat)) - firstSeat + 1;
			const rowNumbers = [...new Set(list.map((seat) => seat.row))].sort((a, b) => a - b);
			const rows = rowNumbers.map((row) => {
				const cells: (HostSeat | null)[] = Array.from({length: width}, () => null);
				for (const seat of list) if (seat.row === row) cells[seat.seat - firstSeat] = seat;
				return {row, cells};
			});
			return {cluster, rows, firstSeat, width};
		});
	return {clusters, unknown};
}
