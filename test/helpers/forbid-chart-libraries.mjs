// Loaded with `node --import` by the tests: any import of a chart library (vega, vega-lite,
// vega-embed, @resvg/resvg-js) fails, so a command that runs to exit 0 never loaded one.
import {register} from 'node:module';

register(
	'data:text/javascript,' +
		encodeURIComponent(`
const forbidden = /^(vega|vega-lite|vega-embed|@resvg\\/resvg-js)(\\/|$)/;
export async function resolve(specifier, context, next) {
	if (forbidden.test(specifier)) throw new Error('chart library imported: ' + specifier);
	return next(specifier, context);
}
`),
);
