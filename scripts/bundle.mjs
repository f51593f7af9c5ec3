/**
 * `npm run build`. Bundles the bin: source/cli.tsx → dist/cli.js plus lazily loaded chunks (esbuild, ESM, code
 * splitting), minified, with source maps. Node then loads a handful of files instead of the
 * module graphs of Ink and React file by file; each command's chunk is imported only when that
 * command runs, so `summary` never loads Ink.
 *
 * Kept outside the bundle (imported from node_modules at run time): packages that read their own
 * files next to their code (swagger-ui's assets, fonts), native addons (resvg), and the large
 * server and chart stacks, which load only on the paths that serve or draw.
 *
 * The development tools (benchmarks, the fake 42 API) are built apart into build/, which is not
 * shipped (package.json "files" lists dist/ only).
 */
import {readdir, rm} from 'node:fs/promises';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {build} from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const tools = path.join(root, 'build');

export const EXTERNAL = [
	'fastify',
	'@fastify/*',
	'vega',
	'vega-lite',
	'vega-embed',
	'@resvg/*',
	'playwright-core',
	'@duckdb/*',
	'parquet-wasm',
	'apache-arrow',
	'autocannon',
	'dejavu-fonts-ttf',
	'@fontsource/*',
	'pngjs',
];

await rm(dist, {recursive: true, force: true});
await rm(tools, {recursive: true, force: true});
await build({
	absWorkingDir: root,
	entryPoints: {cli: 'source/cli.tsx', 'chart-worker': 'source/charts/chart-worker.ts'},
	outdir: dist,
	bundle: true,
	splitting: true,
	format: 'esm',
	platform: 'node',
	target: 'node20.19',
	minify: process.env.BIGSTAT42_NO_MINIFY !== "1",
	sourcemap: 'linked',
	sourcesContent: false,
	legalComments: 'none',
	chunkNames: 'chunks/[name]-[hash]',
	external: EXTERNAL,
	// Ink imports react-devtools-core only when DEV is set; the bundle never needs it.
	alias: {'react-devtools-core': path.join(root, 'scripts', 'empty-module.mjs')},
	define: {'process.env.NODE_ENV': '"production"'},
	// CommonJS dependencies bundled into ESM still call require() for Node built-ins.
	banner: {js: "import {createRequire as __bigstat42CreateRequire} from 'node:module';const require=__bigstat42CreateRequire(import.meta.url);"},
	logLevel: 'warning',
});

const benches = (await readdir(path.join(root, 'source', 'bench'))).filter((name) => /\.tsx?$/.test(name));
await build({
	absWorkingDir: root,
	entryPoints: [...benches.map((name) => `source/bench/${name}`), 'source/fake-intra/cli.ts'],
	outdir: tools,
	outbase: 'source',
	bundle: true,
	splitting: true,
	format: 'esm',
	platform: 'node',
	target: 'node20.19',
	sourcemap: 'linked',
	packages: 'external',
	chunkNames: 'chunks/[name]-[hash]',
	define: {'process.env.NODE_ENV': '"production"'},
	logLevel: 'warning',
});
