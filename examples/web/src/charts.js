// The dashboard's charts as SVG, with d3's scales, axes and line generator (small, well-kept
// modules) doing the arithmetic of ticks and paths.
import { axisBottom, axisLeft, axisRight } from "d3-axis";
import { scaleBand, scaleLinear, scaleSequential } from "d3-scale";
import { select } from "d3-selection";
import { line } from "d3-shape";

const W = 460;
const H = 260;
const M = { top: 14, right: 16, bottom: 44, left: 54 };

function frame(el, title, { width = W, height = H, margin = M } = {}) {
  el.replaceChildren();
  const svg = select(el).append("svg")
    .attr("viewBox", `0 0 ${width} ${height}`).attr("role", "img").attr("aria-label", title);
  svg.append("title").text(title);
  const g = svg.append("g").attr("transform", `translate(${margin.left},${margin.top})`);
  return { svg, g, w: width - margin.left - margin.right, h: height - margin.top - margin.bottom, margin, width, height };
}

function labels(f, xLabel, yLabel) {
  f.svg.append("text").attr("class", "axis-label").attr("x", f.margin.left + f.w / 2).attr("y", f.height - 6)
    .attr("text-anchor", "middle").text(xLabel);
  f.svg.append("text").attr("class", "axis-label").attr("transform", `translate(13,${f.margin.top + f.h / 2}) rotate(-90)`)
    .attr("text-anchor", "middle").text(yLabel);
}

/** Vertical bars: `bars` is [{ label, value, color }]; values may be negative. */
export function bars(el, { title, bars: data, xLabel, yLabel, format = (v) => v }) {
  const f = frame(el, title);
  const x = scaleBand().domain(data.map((d) => d.label)).range([0, f.w]).padding(0.18);
  const lo = Math.min(0, ...data.map((d) => d.value));
  const hi = Math.max(0, ...data.map((d) => d.value));
  const y = scaleLinear().domain([lo, hi === lo ? lo + 1 : hi]).nice().range([f.h, 0]);
  f.g.append("g").attr("class", "grid").call(axisLeft(y).ticks(5).tickSize(-f.w).tickFormat(""));
  f.g.append("g").attr("class", "axis").attr("transform", `translate(0,${y(0)})`).call(axisBottom(x).tickSizeOuter(0))
    .selectAll("text").attr("transform", `translate(0,${f.h - y(0)})`);
  f.g.append("g").attr("class", "axis").call(axisLeft(y).ticks(5));
  f.g.selectAll("rect.bar").data(data).join("rect").attr("class", "bar")
    .attr("x", (d) => x(d.label)).attr("width", x.bandwidth())
    .attr("y", (d) => y(Math.max(0, d.value))).attr("height", (d) => Math.abs(y(d.value) - y(0)))
    .attr("fill", (d) => d.color ?? "var(--accent)")
    .append("title").text((d) => `${d.label}: ${format(d.value)}`);
  labels(f, xLabel, yLabel);
}

/** A histogram of `values` in `bins` equal bins. */
export function histogram(el, { title, values, bins = 20, xLabel, yLabel }) {
  let [lo, hi] = [Infinity, -Infinity];
  for (const v of values) { if (v < lo) lo = v; if (v > hi) hi = v; }
  if (hi === lo) hi = lo + 1;
  const width = (hi - lo) / bins;
  const counts = new Array(bins).fill(0);
  for (const v of values) counts[Math.min(bins - 1, Math.floor((v - lo) / width))] += 1;
  const f = frame(el, title);
  const x = scaleLinear().domain([lo, hi]).range([0, f.w]);
  const y = scaleLinear().domain([0, Math.max(...counts)]).nice().range([f.h, 0]);
  f.g.append("g").attr("class", "grid").call(axisLeft(y).ticks(5).tickSize(-f.w).tickFormat(""));
  f.g.selectAll("rect.bar").data(counts).join("rect").attr("class", "bar")
    .attr("x", (_, i) => x(lo + i * width) + 0.5).attr("width", Math.max(0, x(lo + width) - x(lo) - 1))
    .attr("y", (c) => y(c)).attr("height", (c) => f.h - y(c)).attr("fill", "var(--accent)")
    .append("title").text((c, i) => `${(lo + i * width).toFixed(0)}–${(lo + (i + 1) * width).toFixed(0)}: ${c}`);
  f.g.append("g").attr("class", "axis").attr("transform", `translate(0,${f.h})`).call(axisBottom(x).ticks(8));
  f.g.append("g").attr("class", "axis").call(axisLeft(y).ticks(5));
  labels(f, xLabel, yLabel);
}

/** The importance–performance grid: points with labels and the two cuts. */
export function quadrants(el, { title, points, xCut, yCut, xLabel, yLabel, domain = [1, 10] }) {
  const f = frame(el, title, { height: 300 });
  const x = scaleLinear().domain(domain).range([0, f.w]);
  const y = scaleLinear().domain(domain).range([f.h, 0]);
  const names = [["concentrate here", 1, 0], ["keep up the good work", 1, 1], ["low priority", 0, 0], ["possible overkill", 0, 1]];
  for (const [name, hiImp, hiPerf] of names) {
    f.g.append("text").attr("class", "quadrant-name")
      .attr("x", hiImp ? f.w - 4 : 4).attr("y", hiPerf ? 12 : f.h - 6)
      .attr("text-anchor", hiImp ? "end" : "start").text(name);
  }
  f.g.append("g").attr("class", "axis").attr("transform", `translate(0,${f.h})`).call(axisBottom(x).ticks(9));
  f.g.append("g").attr("class", "axis").call(axisLeft(y).ticks(9));
  f.g.append("line").attr("class", "cut").attr("x1", x(xCut)).attr("x2", x(xCut)).attr("y1", 0).attr("y2", f.h);
  f.g.append("line").attr("class", "cut").attr("x1", 0).attr("x2", f.w).attr("y1", y(yCut)).attr("y2", y(yCut));
  const p = f.g.selectAll("g.point").data(points).join("g").attr("class", "point")
    .attr("transform", (d) => `translate(${x(d.x)},${y(d.y)})`);
  p.append("circle").attr("r", 5).attr("fill", "var(--accent)");
  // Labels to the right of their point, or to the left near the right edge.
  p.append("text").attr("y", 4).text((d) => d.label)
    .attr("x", (d) => (x(d.x) > f.w * 0.7 ? -8 : 8)).attr("text-anchor", (d) => (x(d.x) > f.w * 0.7 ? "end" : "start"));
  labels(f, xLabel, yLabel);
}

/** A curve from (0,0) to (1,1) against the diagonal of equality (the Lorenz curve). */
export function curve(el, { title, x: xs, y: ys, xLabel, yLabel }) {
  const f = frame(el, title, { height: 300 });
  const x = scaleLinear().domain([0, 1]).range([0, f.w]);
  const y = scaleLinear().domain([0, 1]).range([f.h, 0]);
  const pct = (v) => `${Math.round(v * 100)} %`;
  f.g.append("g").attr("class", "grid").call(axisLeft(y).ticks(5).tickSize(-f.w).tickFormat(""));
  f.g.append("g").attr("class", "axis").attr("transform", `translate(0,${f.h})`).call(axisBottom(x).ticks(5).tickFormat(pct));
  f.g.append("g").attr("class", "axis").call(axisLeft(y).ticks(5).tickFormat(pct));
  f.g.append("line").attr("class", "cut").attr("x1", 0).attr("y1", f.h).attr("x2", f.w).attr("y2", 0);
  const pts = Array.from(xs, (v, i) => [x(v), y(ys[i])]);
  f.g.append("path").attr("class", "curve").attr("d", line()(pts));
  labels(f, xLabel, yLabel);
}

/**
 * A heat map: `rows[i][j]` coloured on [lo, hi]; `rowLabels`/`colLabels` name the cells, rows
 * drawn bottom-up (row 0 at the bottom). `text(v, i, j)` writes a value in each cell if given.
 */
export function heatmap(el, { title, rows, rowLabels, colLabels, xLabel, yLabel, lo = 0, hi = 1, text, tip, height = 300 }) {
  const f = frame(el, title, { height, margin: { ...M, right: 56 } });
  const x = scaleBand().domain(colLabels).range([0, f.w]).paddingInner(text ? 0.04 : 0);
  const y = scaleBand().domain(rowLabels).range([f.h, 0]).paddingInner(text ? 0.04 : 0);
  const colour = scaleSequential((t) => `hsl(${210 - 170 * t} 70% ${88 - 45 * t}%)`).domain([lo, hi]);
  if (!text) {
    // A large grid is one image, a pixel a cell, scaled up without smoothing: thousands of SVG
    // rectangles would take the page's main thread for a visible moment. A pointer handler names
    // the cell under the pointer.
    const canvas = new OffscreenCanvas(colLabels.length, rowLabels.length);
    const ctx = canvas.getContext("2d");
    rows.forEach((r, i) => Array.from(r).forEach((v, j) => {
      ctx.fillStyle = colour(v);
      ctx.fillRect(j, rowLabels.length - 1 - i, 1, 1);
    }));
    const image = f.g.append("image").attr("class", "raster").attr("width", f.w).attr("height", f.h)
      .attr("preserveAspectRatio", "none").attr("data-rows", rows.length).attr("data-cols", colLabels.length);
    canvas.convertToBlob().then((blob) => {
      const reader = new FileReader();
      reader.onload = () => image.attr("href", reader.result);
      reader.readAsDataURL(blob);
    });
    const tipEl = image.append("title");
    image.on("pointermove", (e) => {
      const box = e.currentTarget.getBoundingClientRect();
      const j = Math.min(colLabels.length - 1, Math.floor(((e.clientX - box.left) / box.width) * colLabels.length));
      const i = Math.max(0, rows.length - 1 - Math.floor(((e.clientY - box.top) / box.height) * rows.length));
      tipEl.text(tip ? tip(rows[i][j], i, j) : `${rows[i][j]}`);
    });
  }
  const cells = text ? rows.flatMap((r, i) => Array.from(r, (v, j) => ({ v, i, j }))) : [];
  f.g.selectAll("rect.cell").data(cells).join("rect").attr("class", "cell")
    .attr("x", (d) => x(colLabels[d.j])).attr("y", (d) => y(rowLabels[d.i]))
    .attr("width", x.bandwidth()).attr("height", y.bandwidth())
    .attr("fill", (d) => colour(d.v))
    .append("title").text((d) => (tip ? tip(d.v, d.i, d.j) : `${d.v}`));
  if (text) {
    f.g.selectAll("text.cell").data(cells).join("text").attr("class", "cell-text")
      .attr("x", (d) => x(colLabels[d.j]) + x.bandwidth() / 2).attr("y", (d) => y(rowLabels[d.i]) + y.bandwidth() / 2 + 4)
      .attr("text-anchor", "middle").text((d) => text(d.v, d.i, d.j));
  }
  // About a dozen ticks an axis at most, at round steps.
  const every = (list) => {
    const raw = Math.ceil(list.length / 12);
    const step = [1, 2, 5, 10, 20, 25, 50, 100].find((s) => s >= raw) ?? raw;
    return list.filter((_, k) => k % step === 0);
  };
  f.g.append("g").attr("class", "axis").attr("transform", `translate(0,${f.h})`)
    .call(axisBottom(x).tickValues(every(colLabels)).tickSizeOuter(0));
  f.g.append("g").attr("class", "axis").call(axisLeft(y).tickValues(every(rowLabels)).tickSizeOuter(0));
  // Colour legend.
  const lg = f.svg.append("g").attr("transform", `translate(${f.margin.left + f.w + 14},${f.margin.top})`);
  const ly = scaleLinear().domain([lo, hi]).range([f.h, 0]);
  const steps = 40;
  for (let k = 0; k < steps; k++) {
    const v = lo + ((hi - lo) * (k + 0.5)) / steps;
    lg.append("rect").attr("x", 0).attr("width", 10).attr("y", ly(lo + ((hi - lo) * (k + 1)) / steps))
      .attr("height", f.h / steps + 0.5).attr("fill", colour(v));
  }
  lg.append("g").attr("class", "axis").attr("transform", "translate(10,0)").call(axisRight(ly).ticks(4).tickSize(3));
  labels(f, xLabel, yLabel);
}
