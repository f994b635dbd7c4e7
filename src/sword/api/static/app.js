/* Sword dashboard: plain JavaScript over the JSON API.
 *
 * Safety rule: text that comes from articles (sentences, titles, outlets, names) is put
 * into the page only as text nodes (textContent / createTextNode), never as HTML, and
 * never inside plotly labels (plotly reads a subset of HTML in its strings). Highlights
 * are built as <mark> elements around text nodes from character offsets.
 */
"use strict";

(function () {
  const QUADS = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
  };
  const QUAD_COLOURS = { 1: "#7fbf7b", 2: "#1b7837", 3: "#f4a582", 4: "#b2182b" };
  const QUAD_KEYS = { 1: "verbal_coop", 2: "material_coop", 3: "verbal_conflict", 4: "material_conflict" };
  const SIGN_COLOURS = { 1: "#1b7837", "-1": "#b2182b", 0: "#8c96a0" };
  const PLOT_CONFIG = { displaylogo: false, responsive: true };
  const EVIDENCE_PAGE = 25;

  const page = {
    summary: null,
    months: [], // month ends for the network slider
    dyad: null, // {a, b, freq}
    evidencePage: 1,
    names: {}, // code → display name
  };

  // --- small helpers -------------------------------------------------------------------

  const $ = (selector) => document.querySelector(selector);

  /** An element with attributes and children; strings become text nodes. */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = String(value);
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, String(value));
    }
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
    return node;
  }

  async function api(path, params) {
    const url = new URL(path, window.location.origin);
    for (const [key, value] of Object.entries(params || {})) {
      if (value !== null && value !== undefined && value !== "") url.searchParams.set(key, value);
    }
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    let body = null;
    try {
      body = await response.json();
    } catch (e) {
      throw new Error(`${response.status} ${response.statusText}`);
    }
    if (!response.ok) throw new Error(body && body.message ? body.message : response.statusText);
    return body;
  }

  /** Drop answers that a later request has made stale (the slider moves fast). */
  const latest = {};
  function isLatest(key, serial) { return latest[key] === serial; }
  function nextSerial(key) { latest[key] = (latest[key] || 0) + 1; return latest[key]; }

  function showError(error) {
    const banner = $("#error-banner");
    banner.textContent = error ? String(error.message || error) : "";
    banner.hidden = !error;
  }

  function nameOf(code) {
    return page.names[code] ? `${page.names[code]} (${code})` : code;
  }

  function fmt(number, digits) {
    if (number === null || number === undefined || Number.isNaN(number)) return "–";
    const text = Number(number).toFixed(digits === undefined ? 2 : digits);
    return number > 0 ? `+${text}` : text;
  }

  /** A label for plotly, which reads a subset of HTML in its strings: no markup at all. */
  function label(text) {
    return String(text).replace(/[<>&"']/g, "");
  }

  function dyadHref(a, b) {
    return `#/dyad/${encodeURIComponent(a)}/${encodeURIComponent(b)}`;
  }

  function documentHref(docId, eventId) {
    const query = eventId ? `?event=${encodeURIComponent(eventId)}` : "";
    return `#/document/${encodeURIComponent(docId)}${query}`;
  }

  /** Text with <mark> elements at [start, end) offsets (sorted, non-overlapping). */
  function highlighted(text, spans, offset) {
    const base = offset || 0;
    const fragment = document.createDocumentFragment();
    let at = 0;
    for (const span of spans || []) {
      const start = span.start - base;
      const end = span.end - base;
      if (start < at || end > text.length || start >= end) continue;
      if (start > at) fragment.append(document.createTextNode(text.slice(at, start)));
      fragment.append(el("mark", { class: span.kind === "action" ? "action" : "actor" },
        text.slice(start, end)));
      at = end;
    }
    if (at < text.length) fragment.append(document.createTextNode(text.slice(at)));
    return fragment;
  }

  function emptyItem(list, message) {
    list.append(el("li", { class: "empty" }, message));
  }

  /** The flags every view shows beside a sentence (sword.analysis.relations.SHOWN_FLAGS). */
  const SHOWN_FLAGS = ["reported", "repaired_actor"];

  function flagBadges(flags) {
    const fragment = document.createDocumentFragment();
    for (const flag of SHOWN_FLAGS) {
      if ((flags || []).includes(flag)) fragment.append(" ", el("span", { class: "flag" }, flag));
    }
    return fragment;
  }

  function interval(low, high) {
    return `[${fmt(low)}, ${fmt(high)}]`;
  }

  // --- network labels that never overlap (the same search as sword/report/labels.py) ----

  const LABEL = { charWidth: 8, height: 15, pad: 4, ringStep: 9, rings: 40 };
  const LABEL_ANGLES = [90, 270, 0, 180, 45, 135, 315, 225, 60, 120, 300, 240, 30, 150, 330, 210];

  function overlaps(a, b) {
    return !(a.right <= b.left || b.right <= a.left || a.top <= b.bottom || b.top <= a.bottom);
  }

  function labelBox(x, y, gap, angle, width, height) {
    const ux = Math.cos((angle * Math.PI) / 180);
    const uy = Math.sin((angle * Math.PI) / 180);
    const reach = Math.min(Math.abs(ux) > 1e-9 ? width / 2 / Math.abs(ux) : Infinity,
      Math.abs(uy) > 1e-9 ? height / 2 / Math.abs(uy) : Infinity);
    const cx = x + ux * (gap + reach);
    const cy = y + uy * (gap + reach);
    return { left: cx - width / 2, right: cx + width / 2, bottom: cy - height / 2, top: cy + height / 2 };
  }

  /** Label spots {dx, dy (px, y up), leader} for nodes [{text, x, y, r}] in px, busiest
   *  first: the first free spot above a node, then round it in widening rings. */
  function placeLabels(nodes, bounds) {
    const markers = nodes.map((n) => ({ left: n.x - n.r, right: n.x + n.r, bottom: n.y - n.r, top: n.y + n.r }));
    const placed = [];
    const spots = {};
    for (const node of nodes) {
      const width = LABEL.charWidth * node.text.length + 2 * LABEL.pad;
      let found = null;
      for (let ring = 0; ring < LABEL.rings && !found; ring += 1) {
        for (const angle of ring ? LABEL_ANGLES : LABEL_ANGLES.slice(0, 4)) {
          const box = labelBox(node.x, node.y, node.r + 2 + ring * LABEL.ringStep, angle, width, LABEL.height);
          const inside = box.left >= bounds.left && box.right <= bounds.right
            && box.bottom >= bounds.bottom && box.top <= bounds.top;
          if (inside && !placed.some((b) => overlaps(box, b)) && !markers.some((b) => overlaps(box, b))) {
            found = { box, leader: ring > 0 };
            break;
          }
        }
      }
      if (!found) found = { box: labelBox(node.x, node.y, node.r + 2, 90, width, LABEL.height), leader: false };
      placed.push(found.box);
      spots[node.text] = {
        dx: (found.box.left + found.box.right) / 2 - node.x,
        dy: (found.box.bottom + found.box.top) / 2 - node.y,
        leader: found.leader,
      };
    }
    return spots;
  }

  // --- views ---------------------------------------------------------------------------

  function showView(name) {
    for (const view of document.querySelectorAll(".view")) {
      view.hidden = view.id !== `view-${name}`;
    }
  }

  async function route() {
    showError(null);
    const hash = window.location.hash.replace(/^#/, "") || "/";
    const [path, queryString] = hash.split("?");
    const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
    const query = new URLSearchParams(queryString || "");
    try {
      if (parts[0] === "dyad") {
        showView("dyad");
        if (parts.length >= 3) await openDyad(parts[1], parts[2], query.get("freq"));
      } else if (parts[0] === "actor" && parts[1]) {
        showView("actor");
        await openActor(parts[1]);
      } else if (parts[0] === "map") {
        showView("map");
        await window.SwordMap.openDashboard($("#map-root"));
      } else if (parts[0] === "document" && parts[1]) {
        showView("document");
        await openDocument(parts.slice(1).join("/"), query.get("event"));
      } else {
        showView("overview");
        await openOverview();
      }
    } catch (error) {
      showError(error);
    }
  }

  // overview: network with time slider, triads, shift alerts, busiest dyads ---------------

  let overviewLoaded = false;

  async function openOverview() {
    if (overviewLoaded) return;
    overviewLoaded = true;
    setupSlider();
    await Promise.all([drawNetwork(), loadTriads(), loadShiftFeed(), loadDyadList()]);
  }

  function monthEnds(first, last) {
    const out = [];
    if (!first || !last) return out;
    let [year, month] = first.split("-").map(Number);
    const [lastYear, lastMonth] = last.split("-").map(Number);
    while (year < lastYear || (year === lastYear && month <= lastMonth)) {
      const end = new Date(Date.UTC(year, month, 0)); // day 0 of next month
      out.push(end.toISOString().slice(0, 10));
      month += 1;
      if (month > 12) { month = 1; year += 1; }
    }
    return out;
  }

  function setupSlider() {
    const slider = $("#time-slider");
    page.months = monthEnds(page.summary && page.summary.first_event,
      page.summary && page.summary.last_event);
    slider.max = String(Math.max(page.months.length - 1, 0));
    slider.value = slider.max;
    slider.disabled = page.months.length === 0;
    updateSliderLabel();
    slider.addEventListener("input", updateSliderLabel);
    slider.addEventListener("change", () => { drawNetwork(); loadTriads(); });
    $("#window-select").addEventListener("change", () => { drawNetwork(); loadTriads(); });
  }

  function sliderDate() {
    const slider = $("#time-slider");
    const last = page.summary && page.summary.last_event;
    if (!page.months.length) return null;
    const index = Number(slider.value);
    // the last position is the last event's day, not the end of its month
    return index >= page.months.length - 1 ? last : page.months[index];
  }

  function updateSliderLabel() {
    $("#time-label").textContent = sliderDate() || "no events yet";
  }

  async function drawNetwork() {
    const target = $("#network-plot");
    const serial = nextSerial("network");
    const graph = await api("/api/network", { at: sliderDate(), window: $("#window-select").value });
    if (!isLatest("network", serial)) return;
    target.dataset.state = "loading";
    const positions = {};
    for (const node of graph.nodes) {
      positions[node.id] = node;
      page.names[node.id] = node.name;
    }
    const maxWeight = Math.max(1, ...graph.edges.map((e) => e.weight));
    // One trace per sign and width step (line segments split by nulls): a trace per edge
    // makes plotly slow once there are hundreds of edges.
    const groups = new Map();
    for (const edge of graph.edges) {
      const a = positions[edge.a];
      const b = positions[edge.b];
      const step = Math.round(8 * Math.sqrt(edge.weight / maxWeight));
      const key = `${edge.sign}:${step}`;
      if (!groups.has(key)) groups.set(key, { sign: edge.sign, step, x: [], y: [] });
      const group = groups.get(key);
      group.x.push(a.x, b.x, null);
      group.y.push(a.y, b.y, null);
    }
    const traces = [];
    for (const group of groups.values()) {
      traces.push({
        type: "scatter",
        mode: "lines",
        x: group.x,
        y: group.y,
        line: { color: SIGN_COLOURS[group.sign] || SIGN_COLOURS[0], width: 1 + 1.2 * group.step },
        opacity: 0.75,
        hoverinfo: "skip",
        showlegend: false,
      });
    }
    // Invisible markers at edge midpoints carry the hover text and the click of an edge.
    traces.push({
      type: "scatter",
      mode: "markers",
      x: graph.edges.map((e) => (positions[e.a].x + positions[e.b].x) / 2),
      y: graph.edges.map((e) => (positions[e.a].y + positions[e.b].y) / 2),
      customdata: graph.edges.map((e) => ["edge", e.a, e.b]),
      text: graph.edges.map((e) =>
        label(`${e.a}–${e.b}: ${e.label || "?"}, ${e.weight} events, balance ${fmt(e.balance)}`
          + ` ${interval(e.low, e.high)}`)),
      hoverinfo: "text",
      marker: { size: 12, opacity: 0 },
      showlegend: false,
      name: "edges",
    });
    const maxEvents = Math.max(1, ...graph.nodes.map((n) => n.events));
    const sizes = graph.nodes.map((n) => 9 + 17 * Math.sqrt(n.events / maxEvents));
    traces.push({
      type: "scatter",
      mode: "markers",
      x: graph.nodes.map((n) => n.x),
      y: graph.nodes.map((n) => n.y),
      customdata: graph.nodes.map((n) => ["node", n.id]),
      hovertext: graph.nodes.map((n) => label(`${n.id}: ${n.events} events`)),
      hoverinfo: "text",
      marker: {
        size: sizes,
        color: "#24527a",
        line: { color: "#ffffff", width: 1.5 },
      },
      showlegend: false,
      name: "states",
    });
    const xRange = [-1.12, 1.12];
    const yRange = [-1.1, 1.15];
    const layout = {
      margin: { l: 10, r: 10, t: 10, b: 10 },
      // no fixed aspect: the layout's distances are abstract, and filling the width
      // leaves room for the labels of the busy states in the middle
      xaxis: { visible: false, range: xRange },
      yaxis: { visible: false, range: yRange },
      hovermode: "closest",
      plot_bgcolor: "#ffffff",
      annotations: graph.nodes.length ? nodeLabels(target, graph.nodes, sizes, xRange, yRange) : [{
        text: "no events between states in this window", showarrow: false,
        xref: "paper", yref: "paper", x: 0.5, y: 0.5,
      }],
    };
    await Plotly.react(target, traces, layout, PLOT_CONFIG);
    if (!target.dataset.bound) {
      target.dataset.bound = "1";
      target.on("plotly_click", (event) => {
        const point = event.points && event.points[0];
        if (!point || !point.customdata) return;
        const [kind, a, b] = point.customdata;
        window.location.hash = kind === "edge" ? dyadHref(a, b) : `#/actor/${encodeURIComponent(a)}`;
      });
    }
    target.dataset.edges = String(graph.edges.length);
    target.dataset.state = "loaded";
  }

  /** One annotation per node label, placed at the plot's size so that none overlaps
   *  another label or a node; a label moved away from its node has a leader line. */
  function nodeLabels(target, nodes, sizes, xRange, yRange) {
    const width = Math.max(200, target.clientWidth - 20); // less the margins
    const height = Math.max(200, target.clientHeight - 20);
    const px = (n) => ({
      x: ((n.x - xRange[0]) / (xRange[1] - xRange[0])) * width,
      y: ((n.y - yRange[0]) / (yRange[1] - yRange[0])) * height,
    });
    const order = nodes.map((n, i) => ({ n, r: sizes[i] / 2 }))
      .sort((p, q) => q.n.events - p.n.events || (p.n.id < q.n.id ? -1 : 1));
    const spots = placeLabels(order.map(({ n, r }) => ({ text: n.id, r, ...px(n) })),
      { left: 0, bottom: 0, right: width, top: height });
    return order.map(({ n, r }) => {
      const spot = spots[n.id];
      const common = { x: n.x, y: n.y, text: label(n.id), font: { size: 12, color: "#1d232b" },
        xanchor: "center", yanchor: "middle", captureevents: false };
      return spot.leader
        ? { ...common, showarrow: true, ax: spot.dx, ay: -spot.dy, arrowhead: 0, arrowwidth: 1,
          arrowcolor: "#8c96a0", standoff: r }
        : { ...common, showarrow: false, xshift: spot.dx, yshift: spot.dy };
    });
  }

  function evidenceQuote(evidence) {
    if (!evidence) return null;
    const quote = el("p", { class: "quote" });
    quote.append(el("a", { href: documentHref(evidence.doc_id, evidence.event_id) },
      `${evidence.event_date || "undated"} · ${evidence.publisher || "unknown outlet"}`));
    quote.append(flagBadges(evidence.flags));
    quote.append(document.createTextNode(` — “${evidence.sentence}”`));
    return quote;
  }

  async function loadTriads() {
    const serial = nextSerial("triads");
    const result = await api("/api/triads", {
      at: sliderDate(), window: $("#window-select").value, limit: 15,
    });
    if (!isLatest("triads", serial)) return;
    const list = clear($("#triad-list"));
    $("#triad-window").textContent = result.since ? `${result.since} – ${result.at}` : "";
    if (!result.triads.length) emptyItem(list, "No unbalanced triads in this window.");
    for (const triad of result.triads) {
      const item = el("li", { class: "tension" });
      item.append(el("div", { class: "headline" }, triad.description));
      const edges = el("ul", { class: "plain" });
      for (const edge of triad.edges) {
        const kind = edge.label || (edge.sign > 0 ? "friendly" : edge.sign < 0 ? "hostile" : "mixed");
        const row = el("li", {},
          el("a", { href: dyadHref(edge.u, edge.v) }, `${edge.u}–${edge.v}`),
          ` ${kind}, ${edge.weight} events, balance ${fmt(edge.balance)}`
          + ` ${interval(edge.low, edge.high)}`);
        const quote = evidenceQuote(edge.evidence && edge.evidence[0]);
        if (quote) row.append(quote);
        edges.append(row);
      }
      item.append(edges);
      list.append(item);
    }
    list.dataset.state = "loaded";
  }

  function shiftItem(shift, withDyad) {
    const [a, b] = shift.dyad;
    const cls = shift.size < 0 ? "towards-conflict" : "towards-cooperation";
    const item = el("li", { class: `shift ${cls}` });
    const headline = el("div", { class: "headline" });
    if (withDyad) headline.append(el("a", { href: dyadHref(a, b) }, `${a}–${b}`), " ");
    headline.append(`${shift.direction} from ${shift.date}`);
    item.append(headline);
    item.append(el("div", { class: "meta" },
      `balance ${fmt(shift.level_before)} ${interval(...shift.interval_before)} → `
      + `${fmt(shift.level_after)} ${interval(...shift.interval_after)} (turn ${fmt(shift.size)}),`
      + ` ${shift.events_before} events before, ${shift.events_after} after;`
      + ` score ${Number(shift.score).toFixed(1)}, p = ${Number(shift.p_value).toPrecision(2)}`));
    const before = evidenceQuote(shift.evidence_before && shift.evidence_before[0]);
    const after = evidenceQuote(shift.evidence_after && shift.evidence_after[0]);
    if (before) { before.prepend("Before: "); item.append(before); }
    if (after) { after.prepend("After: "); item.append(after); }
    return item;
  }

  async function loadShiftFeed() {
    const list = clear($("#shift-feed"));
    const shifts = await api("/api/shifts", { limit: 12 });
    if (!shifts.length) emptyItem(list, "No shifts found yet.");
    for (const shift of shifts) list.append(shiftItem(shift, true));
    list.dataset.state = "loaded";
  }

  function dyadRow(dyad) {
    return el("li", {},
      el("a", { href: dyadHref(dyad.a, dyad.b) }, `${dyad.a}–${dyad.b}`),
      ` ${dyad.events} events, balance `,
      el("span", { class: dyad.balance < 0 ? "quad-4" : "quad-2" }, fmt(dyad.balance)),
      el("span", { class: "meta" }, ` · ${dyad.first} – ${dyad.last}`));
  }

  async function loadDyadList() {
    const list = clear($("#dyad-list"));
    const dyads = await api("/api/dyads", { limit: 15 });
    if (!dyads.length) emptyItem(list, "No events stored yet.");
    for (const dyad of dyads) list.append(dyadRow(dyad));
    list.dataset.state = "loaded";
  }

  // actor page ---------------------------------------------------------------------------

  async function openActor(code) {
    code = code.toUpperCase();
    $("#actor-title").textContent = nameOf(code);
    const dyadList = clear($("#actor-dyads"));
    const shiftList = clear($("#actor-shifts"));
    const [dyads, shifts] = await Promise.all([
      api("/api/dyads", { actor: code, limit: 50 }),
      api("/api/shifts", { actor: code, limit: 20 }),
    ]);
    if (!dyads.length) emptyItem(dyadList, "No events with another state.");
    for (const dyad of dyads) dyadList.append(dyadRow(dyad));
    if (!shifts.length) emptyItem(shiftList, "No shifts found.");
    for (const shift of shifts) shiftList.append(shiftItem(shift, true));
  }

  // dyad page: timeline, shifts, evidence -------------------------------------------------

  async function openDyad(a, b, freq) {
    a = a.toUpperCase();
    b = b.toUpperCase();
    freq = freq || $("#freq-select").value;
    $("#dyad-a").value = a;
    $("#dyad-b").value = b;
    $("#freq-select").value = freq;
    const same = page.dyad && page.dyad.a === a && page.dyad.b === b && page.dyad.freq === freq;
    const samePair = page.dyad && page.dyad.a === a && page.dyad.b === b;
    page.dyad = { a, b, freq };
    if (same) return;
    page.evidencePage = 1;
    if (!samePair) {
      // a filter chosen for one dyad says nothing about the next
      $("#evidence-filter").value = "";
      $("#evidence-quad").value = "";
    }
    $("#dyad-title").textContent = `${nameOf(a)} and ${nameOf(b)}`;
    const timelinePath = `/api/dyads/${encodeURIComponent(a)}/${encodeURIComponent(b)}/timeline`;
    let timeline;
    try {
      timeline = await api(timelinePath, { freq });
    } catch (error) {
      showDyadMessage(String(error.message || error), "unknown");
      return;
    }
    // the feed's parameters: its cached answer serves every dyad page
    const shifts = await api("/api/shifts", { dyad: `${a},${b}` });
    if (!timeline.series.both) {
      showDyadMessage(`No events between ${nameOf(a)} and ${nameOf(b)} in this store.`, "empty");
      return;
    }
    showDyadMessage(null);
    await drawTimeline(timeline, shifts);
    const list = clear($("#dyad-shifts"));
    if (!shifts.length) emptyItem(list, "No change point in this relationship.");
    for (const shift of shifts) list.append(shiftItem(shift, false));
    await Promise.all([loadEvidence(), loadWhy(a, b)]);
  }

  // the dyad's "why": co-moves around each shift and the reasons the press gives --------

  async function loadWhy(a, b) {
    const target = clear($("#dyad-why"));
    target.dataset.state = "loading";
    const why = await api(`/api/dyads/${encodeURIComponent(a)}/${encodeURIComponent(b)}/why`);
    if (!why.alerts.length) {
      target.append(el("p", { class: "empty" }, "No shift to explain in this relationship."));
      if (why.reasons.length) target.append(reasonList(why.reasons.slice(-6)));
    }
    for (const alert of why.alerts) {
      const card = el("div", { class: "why-alert" });
      card.append(el("h4", {}, `${alert.shift.direction} from ${alert.shift.date}`));
      card.append(el("div", { class: "meta" }, "In the same months:"));
      const moves = el("ul", { class: "comoves" });
      const strong = alert.comoves.filter((m) => m.beyond_chance);
      const weak = alert.comoves.filter((m) => !m.beyond_chance).slice(0, 3);
      if (!strong.length) moves.append(el("li", { class: "empty" }, "nothing else moved beyond chance"));
      for (const move of strong.slice(0, 6)) moves.append(comoveItem(move));
      if (weak.length) {
        moves.append(el("li", { class: "weak" }, "Weaker signs (within chance, not findings): "
          + weak.map((m) => `${m.dyad[0]}–${m.dyad[1]} ${m.direction}`).join("; ")));
      }
      card.append(moves);
      card.append(el("div", { class: "meta" }, "Reasons the press gives:"));
      card.append(reasonList(alert.reasons));
      for (const around of alert.comove_reasons) {
        card.append(el("div", { class: "meta" }, `… and for ${around.dyad[0]}–${around.dyad[1]}:`));
        card.append(reasonList(around.reasons));
      }
      target.append(card);
    }
    target.dataset.state = "loaded";
  }

  function comoveItem(move) {
    const [a, b] = move.dyad;
    const what = move.kind === "shift"
      ? `turned ${move.date} (balance ${fmt(move.before)} → ${fmt(move.after)})`
      : `net cooperation ${fmt(move.before, 0)} before, ${fmt(move.after, 0)} after`
        + ` (${move.events_before} → ${move.events_after} events)`;
    const item = el("li", {}, el("a", { href: dyadHref(a, b) }, `${a}–${b}`), ` ${move.direction}: ${what}`);
    const quote = evidenceQuote(move.evidence && move.evidence[0]);
    if (quote) item.append(quote);
    return item;
  }

  function reasonList(reasons) {
    const list = el("ol", { class: "evidence reasons" });
    if (!reasons.length) emptyItem(list, "No sentence of this period gives a reason.");
    for (const r of reasons) {
      list.append(el("li", { class: "reason" },
        el("div", { class: "meta" }, `${r.event_date || "undated"} · ${r.publisher || "unknown outlet"}`
          + ` · ${r.actor} → ${r.partner} · ${r.kind} · ${r.voice} · `,
        el("a", { href: documentHref(r.doc_id) }, "article")),
        el("blockquote", {}, r.sentence)));
    }
    return list;
  }

  /** A message in place of the dyad's chart, shifts and evidence (or none: show them). */
  function showDyadMessage(message, kind) {
    const box = $("#dyad-message");
    box.textContent = message || "";
    box.hidden = !message;
    box.dataset.kind = kind || "";
    $("#dyad-body").hidden = Boolean(message);
    if (message) {
      Plotly.purge($("#timeline-plot"));
      $("#timeline-plot").dataset.state = kind;
      clear($("#dyad-shifts"));
      clear($("#evidence-list"));
    }
  }

  async function drawTimeline(timeline, shifts) {
    const target = $("#timeline-plot");
    target.dataset.state = "loading";
    const both = timeline.series.both;
    const traces = [];
    if (both) {
      for (const quad of [1, 2, 3, 4]) {
        traces.push({
          type: "bar",
          name: QUADS[quad],
          x: both.period,
          y: both[QUAD_KEYS[quad]],
          marker: { color: QUAD_COLOURS[quad] },
          xaxis: "x",
          yaxis: "y",
        });
      }
    }
    const lines = [
      [timeline.directions.forward, "#24527a", "solid"],
      [timeline.directions.backward, "#c77d14", "solid"],
      ["both", "#1d232b", "dot"],
    ];
    for (const [direction, colour, dash] of lines) {
      const series = timeline.series[direction];
      if (!series) continue;
      traces.push({
        type: "scatter",
        mode: "lines+markers",
        name: label(direction === "both" ? "balance, both directions" : `balance ${direction}`),
        x: series.period,
        y: series.balance,
        connectgaps: false,
        // the pooled balance carries its 90% interval
        error_y: direction === "both" && series.balance_low ? {
          type: "data", symmetric: false, thickness: 1, width: 2, color: colour,
          array: series.balance.map((v, i) => (v === null ? null : series.balance_high[i] - v)),
          arrayminus: series.balance.map((v, i) => (v === null ? null : v - series.balance_low[i])),
        } : undefined,
        line: { color: colour, dash, width: direction === "both" ? 1.5 : 2.5 },
        xaxis: "x",
        yaxis: "y2",
      });
    }
    const shapes = [];
    const annotations = [];
    for (const shift of shifts) {
      const colour = shift.size < 0 ? "#b2182b" : "#1b7837";
      shapes.push({
        type: "line", xref: "x", yref: "paper", x0: shift.date, x1: shift.date, y0: 0, y1: 1,
        line: { color: colour, width: 2, dash: "dash" },
      });
      annotations.push({
        x: shift.date, y: 1, xref: "x", yref: "paper", yanchor: "bottom",
        text: `shift ${fmt(shift.size)}`, showarrow: false, font: { color: colour, size: 11 },
      });
    }
    const layout = {
      barmode: "stack",
      margin: { l: 55, r: 20, t: 30, b: 40 },
      legend: { orientation: "h", y: -0.12 },
      xaxis: { type: "date", anchor: "y2" },
      yaxis: { domain: [0.55, 1], title: { text: "unique events" } },
      yaxis2: { domain: [0, 0.45], range: [-1.05, 1.05], title: { text: "balance" },
        zeroline: true },
      shapes,
      annotations,
      hovermode: "x unified",
    };
    await Plotly.react(target, traces, layout, PLOT_CONFIG);
    target.dataset.shifts = String(shifts.length);
    target.dataset.state = "loaded";
  }

  async function loadEvidence() {
    const { a, b } = page.dyad;
    const serial = nextSerial("evidence");
    $("#evidence-list").dataset.state = "loading";
    const filters = {
      dyad: `${a},${b}`,
      sort: "-date",
      q: $("#evidence-filter").value.trim(),
      quad_class: $("#evidence-quad").value,
    };
    // the CSV link carries the filters of the list: every matching event, not one page
    const csv = new URLSearchParams();
    for (const [key, value] of Object.entries(filters)) if (value) csv.set(key, value);
    $("#evidence-csv").href = `/api/events.csv?${csv}`;
    const result = await api("/api/events", {
      ...filters, page: page.evidencePage, page_size: EVIDENCE_PAGE,
    });
    if (!isLatest("evidence", serial)) return;
    const list = clear($("#evidence-list"));
    $("#evidence-count").textContent = `${result.total} sentences`;
    $("#evidence-page").textContent = result.pages ? `page ${result.page} of ${result.pages}` : "";
    $("#evidence-prev").disabled = result.page <= 1;
    $("#evidence-next").disabled = result.page >= result.pages;
    if (!result.items.length) emptyItem(list, "No evidence matches.");
    for (const event of result.items) {
      const item = el("li", { class: "evidence-item", "data-event-id": event.event_id });
      item.append(el("div", { class: "meta" },
        el("time", { datetime: event.event_date || "" }, event.event_date || "undated"),
        " · ",
        el("span", { class: "outlet" }, event.publisher || "unknown outlet"),
        " · ",
        el("span", { class: `code quad-${event.quad_class}` },
          `${event.cameo} ${event.plover || ""} (${fmt(event.goldstein, 1)})`),
        ` · ${event.source} → ${event.target}`, flagBadges(event.flags)));
      const sentence = el("p", { class: "sentence" });
      sentence.append(highlighted(event.evidence || "", event.evidence_highlights, 0));
      item.append(sentence);
      item.append(el("a", { class: "open-document", href: documentHref(event.doc_id, event.event_id) },
        event.title ? `Read “${event.title}”` : "Read the article"));
      list.append(item);
    }
    list.dataset.state = "loaded";
  }

  // document page -------------------------------------------------------------------------

  function safeUrl(url) {
    try {
      const parsed = new URL(url);
      return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
    } catch (e) {
      return null;
    }
  }

  async function openDocument(docId, eventId) {
    const doc = await api(`/api/documents/${encodeURIComponent(docId)}`);
    $("#doc-title").textContent = doc.title || doc.doc_id;
    const meta = clear($("#doc-meta"));
    meta.append(`${doc.publisher || "unknown outlet"} · ${doc.date || "undated"} · id ${doc.doc_id}`);
    const link = doc.url && safeUrl(doc.url);
    if (link) {
      meta.append(" · ", el("a", { href: link, rel: "noopener noreferrer", target: "_blank" },
        "original"));
    }
    const selected = doc.events.find((e) => e.event_id === eventId) || doc.events[0] || null;
    renderDocumentText(doc, selected);
    const list = clear($("#doc-events"));
    if (!doc.events.length) emptyItem(list, "No events were coded in this article.");
    for (const event of doc.events) {
      const item = el("li", { class: event === selected ? "selected" : null },
        el("a", { href: documentHref(doc.doc_id, event.event_id) },
          `${event.source} → ${event.target}`),
        ` ${event.cameo} ${event.plover || ""} · ${event.event_date || "undated"} · `,
        el("span", { class: "meta" }, event.pattern || ""));
      list.append(item);
    }
  }

  function renderDocumentText(doc, event) {
    const container = clear($("#doc-text"));
    const text = doc.text || "";
    if (!event || !(event.evidence_end > event.evidence_start)) {
      container.append(document.createTextNode(text));
      return;
    }
    const start = Math.max(0, event.evidence_start);
    const end = Math.min(text.length, event.evidence_end);
    container.append(document.createTextNode(text.slice(0, start)));
    const span = el("span", { class: "evidence-span", id: "selected-evidence" });
    span.append(highlighted(text.slice(start, end), event.highlights, start));
    container.append(span);
    container.append(document.createTextNode(text.slice(end)));
    span.scrollIntoView({ block: "center" });
  }

  // actor search ----------------------------------------------------------------------------

  function setupSearch() {
    const input = $("#actor-search");
    const results = $("#search-results");
    let timer = null;
    let serial = 0;
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        const text = input.value.trim();
        const mine = ++serial;
        if (!text) { results.hidden = true; return; }
        try {
          const found = await api("/api/actors", { q: text, limit: 8 });
          if (mine !== serial) return; // a later keystroke has its own answer
          clear(results);
          if (!found.length) results.append(el("li", { class: "hint" }, "No actor by that name."));
          for (const actor of found) {
            page.names[actor.code] = actor.name;
            const item = el("li", { class: "search-result", "data-code": actor.code },
              el("strong", {}, `${actor.name} (${actor.code})`),
              el("span", { class: "hint" },
                ` ${actor.how === "person" ? "leader" : actor.how}: ${actor.matched}`
                + ` · ${actor.events} events`));
            item.addEventListener("mousedown", (e) => { e.preventDefault(); chooseActor(actor.code); });
            results.append(item);
          }
          results.hidden = false;
        } catch (error) {
          showError(error);
        }
      }, 180);
    });
    input.addEventListener("keydown", (e) => {
      if (e.key === "Enter") {
        const first = results.querySelector("li.search-result");
        if (first) chooseActor(first.dataset.code);
      } else if (e.key === "Escape") {
        results.hidden = true;
      }
    });
    input.addEventListener("blur", () => { setTimeout(() => { results.hidden = true; }, 150); });
  }

  function chooseActor(code) {
    $("#search-results").hidden = true;
    window.location.hash = `#/actor/${encodeURIComponent(code)}`;
  }

  // start ---------------------------------------------------------------------------------

  async function start() {
    setupSearch();
    $("#dyad-form").addEventListener("submit", (e) => {
      e.preventDefault();
      const a = $("#dyad-a").value.trim().toUpperCase();
      const b = $("#dyad-b").value.trim().toUpperCase();
      const freq = $("#freq-select").value;
      if (a && b) window.location.hash = `${dyadHref(a, b)}?freq=${freq}`;
    });
    $("#freq-select").addEventListener("change", () => {
      if (page.dyad) window.location.hash = `${dyadHref(page.dyad.a, page.dyad.b)}?freq=${$("#freq-select").value}`;
    });
    let filterTimer = null;
    const reloadEvidence = () => {
      clearTimeout(filterTimer);
      filterTimer = setTimeout(() => { page.evidencePage = 1; loadEvidence().catch(showError); }, 250);
    };
    $("#evidence-filter").addEventListener("input", reloadEvidence);
    $("#evidence-quad").addEventListener("change", reloadEvidence);
    $("#evidence-prev").addEventListener("click", () => {
      page.evidencePage = Math.max(1, page.evidencePage - 1);
      loadEvidence().catch(showError);
    });
    $("#evidence-next").addEventListener("click", () => {
      page.evidencePage += 1;
      loadEvidence().catch(showError);
    });
    try {
      page.summary = await api("/api/summary");
      $("#store-summary").textContent =
        `${page.summary.documents} articles · ${page.summary.unique_events} unique events`
        + (page.summary.first_event ? ` · ${page.summary.first_event} – ${page.summary.last_event}` : "");
    } catch (error) {
      showError(error);
    }
    let resizeTimer = null;
    window.addEventListener("resize", () => {
      // labels are placed for the plot's size: place them again at the new one
      clearTimeout(resizeTimer);
      resizeTimer = setTimeout(() => { if (overviewLoaded) drawNetwork().catch(showError); }, 200);
    });
    window.addEventListener("hashchange", route);
    await route();
    document.body.dataset.ready = "1";
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
