/* Sword's map: events as points at their places (size: unique events; colour: the balance
 * of cooperation and conflict among them), filtered by country pair and by months.
 *
 * Drawn with plotly's geo chart on the world outline Sword ships: the report embeds it
 * (`useWorld`), the dashboard serves it and points plotly at it (`topojsonURL`), so no
 * request leaves the page's own server. Used by the report's "Map" section and by the
 * dashboard's #/map view (`openDashboard`).
 *
 * Rows are `sword.analysis.places.map_rows`: place, place_type, country, lat, lon, a, b,
 * month, events, conflict, goldstein. Place names reach plotly's labels escaped (plotly
 * reads a subset of HTML in them); every other text goes in as text nodes.
 */
"use strict";

(function () {
  const TOPOJSON = "world_110m";
  const ALL = "";
  const COLOURS = [[0, "#b2182b"], [0.5, "#c9ced4"], [1, "#1b7837"]];

  function escapeText(value) {
    return String(value).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  /** Give plotly the world outline so that it never fetches one. */
  function useWorld(topology) {
    window.PlotlyGeoAssets = window.PlotlyGeoAssets || { topojson: {} };
    window.PlotlyGeoAssets.topojson = window.PlotlyGeoAssets.topojson || {};
    window.PlotlyGeoAssets.topojson[TOPOJSON] = topology;
  }

  /** One point per place from the rows that pass the filter {pair, from, to}. */
  function aggregate(rows, filter) {
    const places = new Map();
    for (const row of rows) {
      if (filter.pair && `${row.a}-${row.b}` !== filter.pair) continue;
      if (filter.from && row.month < filter.from) continue;
      if (filter.to && row.month > filter.to) continue;
      const key = `${row.place}|${row.lat}|${row.lon}`;
      let point = places.get(key);
      if (!point) {
        point = { place: row.place, type: row.place_type, lat: row.lat, lon: row.lon,
                  events: 0, conflict: 0, pairs: new Map() };
        places.set(key, point);
      }
      point.events += row.events;
      point.conflict += row.conflict;
      const pair = `${row.a}–${row.b}`;
      point.pairs.set(pair, (point.pairs.get(pair) || 0) + row.events);
    }
    return [...places.values()].sort((x, y) => y.events - x.events);
  }

  function pairsOf(rows) {
    const counts = new Map();
    for (const row of rows) {
      const key = `${row.a}-${row.b}`;
      counts.set(key, (counts.get(key) || 0) + row.events);
    }
    return [...counts.entries()].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1));
  }

  function monthsOf(rows) {
    return [...new Set(rows.map((row) => row.month))].sort();
  }

  function hoverText(point) {
    const pairs = [...point.pairs.entries()].sort((x, y) => y[1] - x[1]).slice(0, 4)
      .map(([pair, n]) => `${escapeText(pair)} ${n}`).join(", ");
    const precision = point.type === "country" ? " (country centre)" : "";
    return `<b>${escapeText(point.place)}</b>${escapeText(precision)}<br>` +
      `${point.events} events: ${point.events - point.conflict} cooperation, ` +
      `${point.conflict} conflict<br>${pairs}`;
  }

  /** The lon/lat window around the points (at least 40° wide), widened to the chart's
   * shape (`aspect`: width / height) so that the map fills it. */
  function view(points, aspect) {
    if (!points.length) return { lon: [-180, 180], lat: [-60, 85] };
    const lons = points.map((p) => p.lon);
    const lats = points.map((p) => p.lat);
    let lonHalf = Math.max((Math.max(...lons) - Math.min(...lons)) / 2 + 8, 20);
    let latHalf = Math.max((Math.max(...lats) - Math.min(...lats)) / 2 + 8, 12);
    if (lonHalf / latHalf > aspect) latHalf = lonHalf / aspect;
    else lonHalf = latHalf * aspect;
    const fit = (mid, half, floor, ceil) => {
      half = Math.min(half, (ceil - floor) / 2);
      const lo = Math.min(Math.max(floor, mid - half), ceil - 2 * half);
      return [lo, lo + 2 * half];
    };
    const mid = (values) => (Math.min(...values) + Math.max(...values)) / 2;
    return { lon: fit(mid(lons), lonHalf, -180, 180), lat: fit(mid(lats), latHalf, -60, 85) };
  }

  function draw(target, points, options) {
    const most = Math.max(1, ...points.map((p) => p.events));
    const height = options.height || 460;
    const window_ = view(points, Math.max(1, (target.clientWidth || 2 * height) / height));
    const trace = {
      type: "scattergeo",
      mode: "markers",
      lon: points.map((p) => p.lon),
      lat: points.map((p) => p.lat),
      text: points.map(hoverText),
      hoverinfo: "text",
      marker: {
        size: points.map((p) => p.events),
        sizemode: "area",
        sizeref: (2 * most) / (44 * 44),
        sizemin: 5,
        color: points.map((p) => (p.events - 2 * p.conflict) / p.events),
        cmin: -1,
        cmax: 1,
        colorscale: COLOURS,
        line: { color: "#ffffff", width: 1 },
        opacity: 0.85,
      },
    };
    const layout = {
      margin: { l: 0, r: 0, t: 0, b: 0 },
      height,
      showlegend: false,
      paper_bgcolor: "rgba(0,0,0,0)",
      geo: {
        scope: "world",
        resolution: 110,
        projection: { type: "equirectangular" },
        lonaxis: { range: window_.lon },
        lataxis: { range: window_.lat },
        showland: true,
        landcolor: "#eceff2",
        showcountries: true,
        countrycolor: "#aab2bb",
        countrywidth: 0.6,
        showcoastlines: false,
        showocean: false,
        showlakes: false,
        showrivers: false,
        showsubunits: false,
        showframe: false,
        bgcolor: "#f8fafc",
      },
    };
    const config = { displaylogo: false, responsive: true };
    if (options.topojsonURL) config.topojsonURL = options.topojsonURL;
    return window.Plotly.react(target, [trace], layout, config);
  }

  function select(id, label, choices, value) {
    const wrap = document.createElement("label");
    wrap.append(document.createTextNode(label + " "));
    const node = document.createElement("select");
    node.id = id;
    for (const [optionValue, text] of choices) {
      const option = document.createElement("option");
      option.value = optionValue;
      option.textContent = text;
      node.append(option);
    }
    node.value = value;
    wrap.append(node);
    return [wrap, node];
  }

  /** Controls (pair, from, to), the chart and a caption in `root`, drawn from `rows`. */
  function mount(root, rows, options) {
    options = options || {};
    const prefix = options.idPrefix || "map";
    while (root.firstChild) root.removeChild(root.firstChild);
    const months = monthsOf(rows);
    const pairChoices = [[ALL, "all pairs"],
      ...pairsOf(rows).map(([key, n]) => [key, `${key.replace("-", "–")} (${n})`])];
    const monthChoices = months.map((m) => [m, m]);
    const controls = document.createElement("div");
    controls.className = "controls map-controls";
    const [pairLabel, pair] = select(`${prefix}-pair`, "Pair", pairChoices, options.pair || ALL);
    const [fromLabel, from] = select(`${prefix}-from`, "from", monthChoices, months[0] || "");
    const [toLabel, to] = select(`${prefix}-to`, "to", monthChoices, months[months.length - 1] || "");
    controls.append(pairLabel, fromLabel, toLabel);
    const chart = document.createElement("div");
    chart.id = `${prefix}-plot`;
    chart.className = "plot map-plot";
    chart.setAttribute("aria-label", "map of events");
    const caption = document.createElement("p");
    caption.className = "legend map-caption";
    caption.id = `${prefix}-caption`;
    root.append(controls, chart, caption);

    function redraw() {
      const points = aggregate(rows, { pair: pair.value, from: from.value, to: to.value });
      const events = points.reduce((sum, p) => sum + p.events, 0);
      caption.textContent = rows.length
        ? `${events} unique events at ${points.length} places · size: events · ` +
          "colour: green cooperation, red conflict · events placed at a country's centre " +
          "when only the country is named"
        : "No placed events in the store.";
      chart.dataset.state = "drawing";
      return draw(chart, points, options).then(() => {
        chart.dataset.points = String(points.length);
        chart.dataset.state = "loaded";
      });
    }
    for (const node of [pair, from, to]) node.addEventListener("change", redraw);
    return redraw();
  }

  /** The dashboard's #/map view: rows from /api/places, the outline from /static/map/. */
  let dashboardRows = null;
  async function openDashboard(root) {
    if (dashboardRows === null) {
      const response = await fetch("/api/places", { headers: { Accept: "application/json" } });
      if (!response.ok) throw new Error(`map: ${response.status} ${response.statusText}`);
      dashboardRows = await response.json();
      await mount(root, dashboardRows, { topojsonURL: "/static/map/", height: 560 });
    }
  }

  window.SwordMap = { aggregate, draw, mount, openDashboard, useWorld };
})();
