/**
 * Extra plugins of `bigstat42 serve`, registered before its routes (see ServerPlugin in app.ts).
 * The browser dashboard adds itself here: a plugin that calls `app.setHtmlIndex(handler)` takes
 * `GET /` for clients that accept text/html; JSON clients keep the endpoint index.
 */
import type {ServerPlugin} from './app.js';

export const serverPlugins: ServerPlugin[] = [];
