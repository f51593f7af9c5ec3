/**
 * The dashboard page, its style sheet and its script. The script (in <head>, so the first specs
 * are fetched while the vega scripts load) draws the specs of
 * `GET /dashboard/specs?format=vega&range=…` (compiled to Vega on the server, so the page loads no vega-lite) with vega-embed (SVG renderer, Vega's expression interpreter, so
 * the page runs under a Content-Security-Policy without 'unsafe-eval'), switches range with the
 * 1d/7d/30d/90d/all buttons (kept in the URL's ?range=), and redraws when `GET /events/stream`
 * announces a committed event. Data only ever reaches the page as text (textContent), never as HTML.
 */
import {HIDDEN_CHARACTERS} from '../../core/sanitize.js';

/** URL prefix of every asset. */
export const ASSET_PATH = '/dashboard/assets';

/** The HTML of the page. Static: everything that depends on data is fetched by the script. */
export function dashboardHtml(title: string, charts: readonly string[], ranges: readonly string[]): string {
	const escape = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
	const buttons = ranges.map((range) => `<button type="button" data-range="${escape(range)}">${escape(range)}</button>`).join('');
	const cells = charts.map((id) => `<section class="chart" id="chart-${escape(id)}" data-chart="${escape(id)}" aria-busy="true"></section>`).join('\n      ');
	return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>${escape(title)}</title>
    <link rel="icon" href="${ASSET_PATH}/favicon.svg" type="image/svg+xml">
    <link rel="stylesheet" href="${ASSET_PATH}/dashboard.css">
    <link rel="preload" href="${ASSET_PATH}/DejaVuSans.ttf" as="font" type="font/ttf" crossorigin>
    <link rel="preload" href="${ASSET_PATH}/DejaVuSans-Bold.ttf" as="font" type="font/ttf" crossorigin>
    <script src="${ASSET_PATH}/dashboard.js"></script>
    <script defer src="${ASSET_PATH}/vega.min.js"></script>
    <script defer src="${ASSET_PATH}/vega-embed.min.js"></script>
  </head>
  <body>
    <header>
      <h1>${escape(title)}</h1>
      <nav aria-label="Range">${buttons}</nav>
      <p id="status" role="status">loading…</p>
    </header>
    <main>
      ${cells}
    </main>
    <aside>
      <h2>Live events</h2>
      <p id="live-state">connecting…</p>
      <ol id="live"></ol>
    </aside>
  </body>
</html>
`;
}

/** A 4-bar chart in the palette's blue. */
export const FAVICON_SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" fill="#fff"/><g fill="#0072B2"><rect x="1" y="9" width="3" height="6"/><rect x="5" y="5" width="3" height="10"/><rect x="9" y="2" width="3" height="13"/><rect x="13" y="7" width="2" height="8"/></g></svg>';

export const DASHBOARD_CSS = `@font-face {
  font-family: "DejaVu Sans";
  src: url("${ASSET_PATH}/DejaVuSans.ttf") format("truetype");
  font-weight: normal;
}
@font-face {
  font-family: "DejaVu Sans";
  src: url("${ASSET_PATH}/DejaVuSans-Bold.ttf") format("truetype");
  font-weight: bold;
}
* { box-sizing: border-box; }
body { margin: 0; font-family: "DejaVu Sans", sans-serif; color: #222; background: #f4f4f4; }
header { display: flex; flex-wrap: wrap; align-items: center; gap: 16px; padding: 12px 20px; background: #fff; border-bottom: 1px solid #ddd; }
h1 { font-size: 20px; margin: 0; }
h2 { font-size: 15px; margin: 0 0 8px; }
nav button { font: inherit; padding: 4px 12px; margin-right: 4px; border: 1px solid #0072B2; background: #fff; color: #0072B2; border-radius: 4px; cursor: pointer; }
nav button[aria-pressed="true"] { background: #0072B2; color: #fff; }
#status { margin: 0; color: #555; font-size: 13px; }
main { display: grid; grid-template-columns: repeat(auto-fill, minmax(620px, 1fr)); gap: 16px; padding: 16px 20px; }
.chart { background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: 8px; overflow: auto; min-height: 200px; }
#chart-usage_heatmap_day_hour { grid-column: 1 / -1; }
.chart .error { color: #D55E00; }
aside { margin: 0 20px 20px; padding: 12px; background: #fff; border: 1px solid #ddd; border-radius: 6px; }
#live { margin: 0; padding-left: 20px; font-size: 13px; max-height: 200px; overflow: auto; }
#live-state { margin: 0 0 6px; color: #555; font-size: 13px; }
#vg-tooltip-element { visibility: hidden; position: fixed; z-index: 1000; padding: 6px 8px; font-size: 12px; background: rgba(255, 255, 255, 0.95); border: 1px solid #d9d9d9; border-radius: 3px; }
#vg-tooltip-element.visible { visibility: visible; }
#vg-tooltip-element td.key { color: #555; padding-right: 6px; text-align: right; }
`;

export const DASHBOARD_JS = `'use strict';
(function () {
  var RANGES = ['1d', '7d', '30d', '90d', 'all'];
  var params = new URLSearchParams(location.search);
  var range = RANGES.indexOf(params.get('range')) >= 0 ? params.get('range') : '7d';
  var views = {};
  var loading = null;
  var again = false;
  var timer = null;
  var statusEl, liveEl, liveStateEl;
  // Runs in <head> before the vega scripts: the first specs are fetched while they load.
  var prefetched = fetchSpecs(range);
  prefetched.catch(function () {});
  // Vega measures text when it lays a chart out: the web font must be there first, or the
  // layout is made for the fallback font and DejaVu's wider glyphs overflow it.
  var fontsReady = document.fonts && document.fonts.load
    ? Promise.all([document.fonts.load('13px "DejaVu Sans"'), document.fonts.load('bold 13px "DejaVu Sans"')]).catch(function () {})
    : Promise.resolve();
  var embedOptions = {mode: 'vega', renderer: 'svg', actions: false, ast: true, defaultStyle: false, tooltip: {disableDefaultStyle: true}};

  function setStatus(text) { statusEl.textContent = text; }

  // The rule of source/core/sanitize.ts: hidden characters of data become visible <U+XXXX> markers.
  var HIDDEN = new RegExp(${JSON.stringify(HIDDEN_CHARACTERS.source)}, 'gu');
  function visible(text) {
    return String(text).replace(HIDDEN, function (c) { return '<U+' + c.codePointAt(0).toString(16).toUpperCase().padStart(4, '0') + '>'; });
  }

  function pressButtons() {
    document.querySelectorAll('nav button').forEach(function (button) {
      button.setAttribute('aria-pressed', button.getAttribute('data-range') === range ? 'true' : 'false');
    });
  }

  function draw(doc) {
    var jobs = doc.charts.map(function (chart) {
      var el = document.getElementById('chart-' + chart.id);
      if (!el) return Promise.resolve();
      return vegaEmbed(el, chart.spec, embedOptions).then(function (result) {
        if (views[chart.id]) views[chart.id].finalize();
        views[chart.id] = result;
        el.setAttribute('aria-busy', 'false');
        el.setAttribute('data-drawn', String(Number(el.getAttribute('data-drawn') || '0') + 1));
      }, function (error) {
        el.setAttribute('aria-busy', 'false');
        var p = document.createElement('p');
        p.className = 'error';
        p.textContent = 'chart failed: ' + (error && error.message ? error.message : String(error));
        el.replaceChildren(p);
      });
    });
    return Promise.all(jobs);
  }

  function fetchSpecs(which) {
    return fetch('/dashboard/specs?format=vega&range=' + encodeURIComponent(which), {headers: {accept: 'application/json'}})
      .then(function (response) {
        if (!response.ok) throw new Error('GET /dashboard/specs answered ' + response.status);
        return response.json();
      });
  }

  function load() {
    if (loading) { again = true; return loading; }
    setStatus('loading ' + range + '…');
    var specs = prefetched || fetchSpecs(range);
    prefetched = null;
    loading = Promise.all([specs, fontsReady])
      .then(function (both) { var doc = both[0]; return draw(doc).then(function () { return doc; }); })
      .then(function (doc) {
        setStatus(doc.campus + ' · ' + doc.range + ' · updated ' + new Date(doc.generatedAt).toLocaleTimeString());
        document.body.setAttribute('data-loaded', String(Number(document.body.getAttribute('data-loaded') || '0') + 1));
      }, function (error) { setStatus('could not load the charts: ' + error.message); })
      .then(function () {
        loading = null;
        if (again) { again = false; load(); }
      });
    return loading;
  }

  function schedule() {
    if (timer !== null) return;
    timer = setTimeout(function () { timer = null; load(); }, 250);
  }

  function onEvent(message) {
    var event;
    try { event = JSON.parse(message.data); } catch (error) { return; }
    var item = document.createElement('li');
    item.textContent = [event.timestamp || '', event.user_id === null || event.user_id === undefined ? '(no user)' : visible(event.user_id), visible(event.event_type || '')].join(' · ');
    liveEl.insertBefore(item, liveEl.firstChild);
    while (liveEl.childNodes.length > 50) liveEl.removeChild(liveEl.lastChild);
    schedule();
  }

  function start() {
  statusEl = document.getElementById('status');
  liveEl = document.getElementById('live');
  liveStateEl = document.getElementById('live-state');
  document.querySelectorAll('nav button').forEach(function (button) {
    button.addEventListener('click', function () {
      range = button.getAttribute('data-range');
      var url = new URL(location.href);
      url.searchParams.set('range', range);
      history.replaceState(null, '', url);
      pressButtons();
      load();
    });
  });

  pressButtons();
  load();
  if (typeof EventSource === 'function') {
    var source = new EventSource('/events/stream');
    var lost = false;
    source.addEventListener('open', function () {
      liveStateEl.textContent = 'live: connected';
      document.body.setAttribute('data-live', 'open');
      // Events committed while the stream was down are in the next specs.
      if (lost) { lost = false; schedule(); }
    });
    source.addEventListener('error', function () { lost = true; liveStateEl.textContent = 'live: reconnecting…'; document.body.setAttribute('data-live', 'error'); });
    source.addEventListener('event', onEvent);
    source.addEventListener('message', onEvent);
    source.addEventListener('reload', schedule);
  }
  }

  // The deferred vega scripts have run when DOMContentLoaded fires.
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
`;
