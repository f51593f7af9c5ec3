/**
 * The dashboard's static assets, all served by the server itself (no CDN): the browser builds
 * shipped inside the vega, vega-lite and vega-embed npm packages, the DejaVu Sans files of
 * dejavu-fonts-ttf, and the page's own style sheet and script. Files are read once, on first use.
 */
import {readFileSync} from 'node:fs';
import {readFile} from 'node:fs/promises';
import {createRequire} from 'node:module';
import path from 'node:path';
import {DASHBOARD_CSS, DASHBOARD_JS, FAVICON_SVG} from './page.js';

const require = createRequire(import.meta.url);

type Asset = {readonly type: string; load(): Promise<Buffer | string>};

/**
 * The folder of an installed package. Its `exports` may hide the browser build from
 * require.resolve, so the folder is found from the package's entry point upwards.
 */
function packageDir(name: string): string {
	let dir = path.dirname(require.resolve(name));
	for (;;) {
		try {
			const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {name?: string};
			if (manifest.name === name) return dir;
		} catch {
			// No package.json here: keep going up.
		}

		const parent = path.dirname(dir);
		if (parent === dir) throw new Error(`cannot find the folder of the ${name} package`);
		dir = parent;
	}
}

/** A file inside an installed package, e.g. ('vega', 'build/vega.min.js'). */
const file = (name: string, relative: string, type: string): Asset => ({type, load: async () => readFile(path.join(packageDir(name), relative))});
const javascript = 'text/javascript; charset=utf-8';
const fontPath = (name: string) => require.resolve(`dejavu-fonts-ttf/ttf/${name}`);

/** Asset name → where it comes from. Only these names are served. */
export const ASSETS: Readonly<Record<string, Asset>> = {
	'vega.min.js': file('vega', 'build/vega.min.js', javascript),
	'vega-lite.min.js': file('vega-lite', 'build/vega-lite.min.js', javascript),
	'vega-embed.min.js': file('vega-embed', 'build/vega-embed.min.js', javascript),
	'DejaVuSans.ttf': {type: 'font/ttf', load: async () => readFile(fontPath('DejaVuSans.ttf'))},
	'DejaVuSans-Bold.ttf': {type: 'font/ttf', load: async () => readFile(fontPath('DejaVuSans-Bold.ttf'))},
	'dashboard.css': {type: 'text/css; charset=utf-8', load: async () => DASHBOARD_CSS},
	'dashboard.js': {type: javascript, load: async () => DASHBOARD_JS},
	'favicon.svg': {type: 'image/svg+xml', load: async () => FAVICON_SVG},
};

const cache = new Map<string, Promise<Buffer | string>>();

/** The asset's content type and bytes, or undefined for an unknown name. */
export async function loadAsset(name: string): Promise<{type: string; body: Buffer | string} | undefined> {
	const asset = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
	if (asset === undefined) return undefined;
	let body = cache.get(name);
	if (body === undefined) {
		body = asset.load();
		cache.set(name, body);
		body.catch(() => cache.delete(name));
	}

	return {type: asset.type, body: await body};
}
