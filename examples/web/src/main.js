// The page: file input, drag and drop, the sample data, progress and errors, and the rendering of
// what the worker computes. Every figure is written with `data-key` (the name the example report
// uses for it) and `data-value` (the number or exact decimal string at full precision).
import { bars, curve, heatmap, histogram, quadrants } from "./charts.js";
import surveyUrl from "../../data/survey.csv?url";
import servqualUrl from "../../data/servqual.csv?url";
import trustUrl from "../../data/trust.csv?url";
import transactionsUrl from "../../data/transactions.csv?url";

const SAMPLES = [["survey.csv", surveyUrl], ["servqual.csv", servqualUrl], ["trust.csv", trustUrl], ["transactions.csv", transactionsUrl]];
const $ = (id) => document.getElementById(id);
const worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
const errors = [];
let busy = 0;
const results = new Map();

const escape = (s) => String(s).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
const money = new Intl.NumberFormat("en", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const label = (s) => s.replaceAll("_", " ");

/** A figure: its text, with its key and full-precision value for anyone who reads the page. */
function fig(figures, key, { d = 1, suffix = "", format } = {}) {
  const v = figures[key];
  const text = v === null || v === undefined ? "–"
    : format ? format(v)
    : typeof v === "number" ? v.toFixed(d)
    : label(v);
  return `<span class="num" data-key="${escape(key)}" data-value="${escape(v === null || v === undefined ? "null" : v)}">${escape(text)}${suffix}</span>`;
}

function kpi(title, body, note = "") {
  return `<div class="kpi"><div class="kpi-title">${title}</div><div class="kpi-value">${body}</div>${note ? `<div class="kpi-note">${note}</div>` : ""}</div>`;
}

function show(id, html) {
  const el = $(id);
  el.innerHTML = html;
  el.hidden = false;
  return el;
}

function renderSurvey(r) {
  const F = r.figures;
  const tiles = [];
  if ("nps.score" in F) {
    tiles.push(kpi("Net Promoter Score", fig(F, "nps.score"),
      `95 % CI ${fig(F, "nps.ciLow")} to ${fig(F, "nps.ciHigh")}; ${fig(F, "nps.promoters", { d: 0 })} promoters, ${fig(F, "nps.passives", { d: 0 })} passives, ${fig(F, "nps.detractors", { d: 0 })} detractors of ${fig(F, "nps.n", { d: 0 })}; SE ${fig(F, "nps.stdError", { d: 2 })}`));
  }
  if ("csat.percent" in F) tiles.push(kpi("CSAT (top 2 of 5)", fig(F, "csat.percent", { suffix: " %" }), `of ${fig(F, "csat.n", { d: 0 })} answers`));
  if ("satisfactionRate.percent" in F) tiles.push(kpi("Satisfaction rate", fig(F, "satisfactionRate.percent", { suffix: " %" }), "overall rating 7 or more of 10"));
  if ("csi.stated" in F) {
    tiles.push(kpi("Customer satisfaction index", fig(F, "csi.stated"),
      `0–100, stated importance${"csi.derived" in F ? `; derived from correlations ${fig(F, "csi.derived")}` : ""}`));
  }
  let html = `<h2>Satisfaction <small>${escape(r.file)}, ${r.n} respondents</small></h2><div class="kpis">${tiles.join("")}</div><div class="charts">`;
  if (r.npsDistribution) html += `<figure id="chart-nps"></figure>`;
  if (r.ipa) html += `<figure id="chart-ipa"></figure>`;
  html += "</div>";
  if (r.ipa) {
    html += `<table><caption>Importance–performance analysis (1–10; cuts at the grand means: importance ${fig(F, "ipa.importanceCut", { d: 2 })}, performance ${fig(F, "ipa.performanceCut", { d: 2 })})</caption>
      <thead><tr><th>attribute</th><th>importance</th><th>performance</th><th>index</th><th>quadrant</th></tr></thead><tbody>${
      r.ipa.names.map((n, j) => `<tr><td>${escape(label(n))}</td><td>${fig(F, `csi.importance.${n}`, { d: 2 })}</td><td>${fig(F, `csi.performance.${n}`, { d: 2 })}</td><td>${r.ipa.indexes[j].toFixed(1)}</td><td>${fig(F, `ipa.quadrant.${n}`)}</td></tr>`).join("")
    }</tbody></table>`;
  }
  show("survey", html);
  if (r.npsDistribution) {
    const colour = (s) => (s >= 9 ? "var(--good)" : s >= 7 ? "var(--muted)" : "var(--bad)");
    bars($("chart-nps"), {
      title: "Score distribution", xLabel: "likelihood to recommend (0–10): detractors, passives, promoters", yLabel: "respondents",
      bars: r.npsDistribution.map((c, s) => ({ label: String(s), value: c, color: colour(s) })),
    });
  }
  if (r.ipa) {
    quadrants($("chart-ipa"), {
      title: "Importance–performance", xLabel: "importance (mean, 1–10)", yLabel: "performance (mean, 1–10)",
      xCut: r.ipa.importanceCut, yCut: r.ipa.performanceCut,
      points: r.ipa.names.map((n, j) => ({ label: label(n), x: r.ipa.importance[j], y: r.ipa.performance[j] })),
    });
  }
  renderLoyalty(r);
}

function matrix2(title, cells, note) {
  return `<div class="matrix"><div class="matrix-title">${title}</div><div class="matrix-grid">${
    cells.map(([name, body, cls]) => `<div class="cell ${cls}"><div class="cell-name">${name}</div><div class="cell-value">${body}</div></div>`).join("")
  }</div><div class="kpi-note">${note}</div></div>`;
}

function renderLoyalty(r) {
  const F = r.figures;
  const parts = [];
  if (r.dickBasu) {
    const pct = (k) => `${(100 * r.dickBasu.shares[k]).toFixed(1)} %`;
    parts.push(matrix2("Dick &amp; Basu: relative attitude × repeat patronage", [
      ["latent loyalty", `${fig(F, "dickBasu.latent", { d: 0 })} <small>${pct("latent")}</small>`, "warn"],
      ["loyalty", `${fig(F, "dickBasu.loyal", { d: 0 })} <small>${pct("loyal")}</small>`, "good"],
      ["no loyalty", `${fig(F, "dickBasu.noLoyalty", { d: 0 })} <small>${pct("noLoyalty")}</small>`, "bad"],
      ["spurious loyalty", `${fig(F, "dickBasu.spurious", { d: 0 })} <small>${pct("spurious")}</small>`, "warn"],
    ], `rows: attitude (overall rating) high from ${fig(F, "dickBasu.attitudeThreshold")} · columns: patronage (purchases in 12 months) low | high, high from ${fig(F, "dickBasu.patronageThreshold")} (medians)`));
  }
  if (r.jonesSasser) {
    parts.push(matrix2("Jones &amp; Sasser: satisfaction × loyalty", [
      ["hostages", fig(F, "jonesSasser.hostage", { d: 0 }), "warn"],
      ["loyalists", `${fig(F, "jonesSasser.loyalist", { d: 0 })} <small>of them apostles ${fig(F, "jonesSasser.apostle", { d: 0 })}</small>`, "good"],
      ["defectors", `${fig(F, "jonesSasser.defector", { d: 0 })} <small>of them terrorists ${fig(F, "jonesSasser.terrorist", { d: 0 })}</small>`, "bad"],
      ["mercenaries", fig(F, "jonesSasser.mercenary", { d: 0 }), "warn"],
    ], "rows: loyalty (recommendation 0–10) high from 7 · columns: satisfaction (CSAT 1–5) low | high, high from 4"));
  }
  if (parts.length > 0) show("loyalty", `<h2>Loyalty matrices <small>${escape(r.file)}</small></h2><div class="matrices">${parts.join("")}</div>`);
}

function renderServqual(r) {
  const F = r.figures;
  show("servqual", `<h2>SERVQUAL <small>${escape(r.file)}, ${r.n} respondents</small></h2>
    <div class="kpis">${kpi("Unweighted gap", fig(F, "servqual.unweighted", { d: 3 }), "perception − expectation, 1–7")}${
    kpi("Weighted gap", fig(F, "servqual.weighted", { d: 3 }), "by each respondent's importance points")}</div>
    <figure id="chart-servqual"></figure>
    <table><caption>Gap by dimension</caption><tbody>${r.dimensions.map((d) => `<tr><td>${escape(d)}</td><td>${fig(F, `servqual.gap.${d}`, { d: 3 })}</td></tr>`).join("")}</tbody></table>`);
  bars($("chart-servqual"), {
    title: "SERVQUAL gaps by dimension", xLabel: "dimension", yLabel: "mean gap P − E",
    bars: r.dimensions.map((d, k) => ({ label: d, value: r.gaps[k], color: r.gaps[k] < 0 ? "var(--bad)" : "var(--good)" })),
    format: (v) => v.toFixed(3),
  });
}

function renderTrust(r) {
  const F = r.figures;
  show("trust", `<h2>Trust levers <small>${escape(r.file)}, ${r.n} raters</small></h2>
    <div class="kpis">${kpi("Trust T = (C + R + I) / S", fig(F, "trust.meanOfScores", { d: 2 }), `mean of each rater's T; T of the mean ratings ${fig(F, "trust.scoreOfMeans", { d: 2 })}`)}${
    kpi("Lever that moves T most", fig(F, "trust.bestLever"), "gain of one rating point, averaged over raters")}</div>
    <figure id="chart-trust"></figure>
    <table><thead><tr><th>component</th><th>mean rating</th><th>gain of one point</th><th>best lever for</th></tr></thead><tbody>${
    r.components.map((c, k) => `<tr><td>${label(c)}</td><td>${fig(F, `trust.meanRating.${c}`, { d: 2 })}</td><td>${fig(F, `trust.gain.${c}`, { d: 3 })}</td><td>${r.bestLeverCounts[k]}</td></tr>`).join("")
  }</tbody></table>`);
  bars($("chart-trust"), {
    title: "Gain in T of one more point", xLabel: "component (self-orientation: one point less)", yLabel: "gain in T",
    bars: r.components.map((c, k) => ({ label: label(c), value: r.gains[k] })), format: (v) => v.toFixed(3),
  });
}

function renderCustomers(r) {
  const F = r.figures;
  const day = (ms) => new Date(ms).toISOString().slice(0, 10);
  const tierRows = (name, names) => r.tiers[name].map((t, k) => `<tr><td>${names[k]}</td><td>${fig(F, `${name}.customers.${k}`, { d: 0 })}</td><td>${(100 * t.share).toFixed(1)} %</td></tr>`).join("");
  show("customers", `<h2>Customer base <small>${escape(r.file)}: ${fig(F, "customers.transactions", { d: 0 })} purchases by ${fig(F, "customers.n", { d: 0 })} customers, ${day(r.period.start)} to ${day(r.period.end)}</small></h2>
    <div class="charts"><figure id="chart-lorenz"></figure><figure id="chart-rfm"></figure></div>
    <div class="tables">
      <table><caption>ABC tiers by total spend (A: the top 80 % of value, B: to 95 %)</caption><thead><tr><th>tier</th><th>customers</th><th>value</th></tr></thead><tbody>${tierRows("abc", ["A", "B", "C"])}</tbody></table>
      <table><caption>Curry pyramid (1 / 4 / 15 / 80 % of customers)</caption><thead><tr><th>tier</th><th>customers</th><th>value</th></tr></thead><tbody>${tierRows("curry", ["top 1 %", "next 4 %", "next 15 %", "bottom 80 %"])}</tbody></table>
      <table><caption>RFM segments (quintile scores)</caption><thead><tr><th>segment</th><th>customers</th></tr></thead><tbody>${
      r.rfm.segments.map((s) => `<tr><td>${label(s.name)}</td><td>${fig(F, `rfm.segment.${s.name}`, { d: 0 })}</td></tr>`).join("")}</tbody></table>
    </div>`);
  curve($("chart-lorenz"), {
    title: `Lorenz curve of spend, Gini ${F.gini.toFixed(3)}`, x: r.lorenz.population, y: r.lorenz.value,
    xLabel: "share of customers (smallest spend first)", yLabel: "share of spend",
  });
  $("chart-lorenz").insertAdjacentHTML("beforeend", `<figcaption>Gini ${fig(F, "gini", { d: 3 })}</figcaption>`);
  const counts = r.rfm.grid.map((row) => row.map((c) => c.customers));
  let most = 1;
  for (const row of counts) for (const c of row) most = Math.max(most, c);
  heatmap($("chart-rfm"), {
    title: "RFM grid: customers by recency and frequency score", rows: counts, lo: 0, hi: most,
    rowLabels: ["1", "2", "3", "4", "5"], colLabels: ["1", "2", "3", "4", "5"],
    xLabel: "frequency score (5 = most purchases)", yLabel: "recency score (5 = most recent)",
    text: (v) => String(v),
    tip: (v, i, j) => { const c = r.rfm.grid[i][j]; return `R ${i + 1}, F ${j + 1}: ${v} customers, mean spend ${c.customers ? (c.value / c.customers).toFixed(2) : "–"}`; },
  });

}

function renderModels(r) {
  if (r.failed !== undefined) {
    show("models", `<h2>Models of repeat buying</h2><p class="failed" data-failed>No fit: ${escape(r.failed)}. The tiers, RFM and economics above do not need the models.</p>`);
    return;
  }
  const F = r.figures;
  const bg = r.models.bg;
  const gg = r.models.gg;
  const param = (model, key, k) => `<tr><td>${k}</td><td>${fig(F, `${model}.${k}`, { d: 4 })}</td><td>${key.stdErrors ? key.stdErrors[k].toFixed(4) : "–"}</td></tr>`;
  show("models", `<h2>Models of repeat buying <small>BG/NBD and Gamma-Gamma, in weeks</small></h2>
    <div class="charts"><figure id="chart-alive"></figure><figure id="chart-clv"></figure></div>
    <div class="tables">
      <table><caption>BG/NBD fit (log-likelihood ${fig(F, "bgnbd.logLikelihood", { d: 3 })})</caption><thead><tr><th>parameter</th><th>estimate</th><th>std. error</th></tr></thead><tbody>${
      ["r", "alpha", "a", "b"].map((k) => param("bgnbd", bg, k)).join("")}</tbody></table>
      <table><caption>Gamma-Gamma fit on ${gg.n} repeat customers (log-likelihood ${fig(F, "gammaGamma.logLikelihood", { d: 3 })})</caption><thead><tr><th>parameter</th><th>estimate</th><th>std. error</th></tr></thead><tbody>${
      ["p", "q", "v"].map((k) => param("gammaGamma", gg, k)).join("")}</tbody></table>
      <table><caption>Top customers by CLV, next 12 months at 1 % a month (total ${fig(F, "clv.total", { format: (v) => money.format(v) })}, mean ${fig(F, "clv.mean", { d: 2 })}; mean P(alive) ${fig(F, "palive.mean", { d: 3 })})</caption>
        <thead><tr><th>#</th><th>customer</th><th>repeats</th><th>P(alive)</th><th>spend so far</th><th>CLV</th></tr></thead><tbody>${
      r.clv.top.map((c, k) => `<tr><td>${k + 1}</td><td>${k < 5 ? fig(F, `clv.top.${k}.id`, { format: String }) : escape(c.id)}</td><td>${c.repeats}</td><td>${c.alive.toFixed(3)}</td><td>${money.format(c.spend)}</td><td>${k < 5 ? fig(F, `clv.top.${k}.value`, { d: 2 }) : c.clv.toFixed(2)}</td></tr>`).join("")
      }</tbody></table>
    </div>
    <p class="kpi-note">P(alive) grid: ${fig(F, "palive.gridRows", { d: 0 })} recencies × ${fig(F, "palive.gridCols", { d: 0 })} frequencies, mean ${fig(F, "palive.gridMean", { d: 4 })}.</p>`);
  const rows = r.alive.matrix;
  heatmap($("chart-alive"), {
    title: "P(alive) by history", rows, lo: 0, hi: 1, height: 320,
    rowLabels: rows.map((_, i) => String(i)), colLabels: Array.from(rows[0], (_, j) => String(j)),
    xLabel: "repeat purchases (frequency)", yLabel: `weeks from first to last purchase (age ${rows.length - 1})`,
    tip: (v, i, j) => `recency ${i}, frequency ${j}: P(alive) ${v.toFixed(3)}`,
  });
  histogram($("chart-clv"), { title: "CLV distribution", values: r.clv.values, bins: 24, xLabel: "CLV of the next 12 months", yLabel: "customers" });
}

let economicsSettings = null;
function renderEconomics(r) {
  const F = r.figures;
  const s = r.settings;
  const exact = { format: (v) => money.format(v) };
  const first = economicsSettings === null;
  economicsSettings = s;
  if (first || $("economics").hidden) {
    show("economics", `<h2>Retention economics <small>exact decimal money</small></h2>
      <form id="settings" class="settings">
        <label>gross margin on sales <input name="marginPercent" type="number" min="0" max="100" step="1" value="${s.marginPercent}"> %</label>
        <label>yearly discount rate <input name="discount" type="number" min="0" max="1" step="0.01" value="${s.discount}"></label>
        <label>acquisition cost <input name="acquisitionCost" type="text" inputmode="decimal" value="${s.acquisitionCost}"></label>
        <label>retention change <input name="retentionChange" type="number" min="-1" max="1" step="0.01" value="${s.retentionChange}"></label>
      </form><div id="economics-body"></div>`);
    $("settings").addEventListener("change", (e) => {
      const form = new FormData(e.currentTarget);
      const settings = {
        marginPercent: Math.round(Number(form.get("marginPercent"))), discount: Number(form.get("discount")),
        acquisitionCost: String(form.get("acquisitionCost")).trim(), retentionChange: Number(form.get("retentionChange")),
      };
      start("recomputing the economics");
      worker.postMessage({ type: "economics", settings });
    });
  }
  $("economics-body").innerHTML = `<div class="kpis">
    ${kpi("Yearly retention", fig(F, "economics.retention", { format: (v) => `${(100 * v).toFixed(1)} %` }), `${r.indicators.retained} of ${r.indicators.activePrevious} earlier buyers bought in the last 12 months`)}
    ${kpi("Yearly margin per customer", fig(F, "economics.margin", exact), `${s.marginPercent} % of the mean spend of the last 12 months`)}
    ${kpi("CLV", fig(F, "economics.clv", exact), `net of acquisition ${fig(F, "economics.clvNet", exact)}`)}
    ${kpi(`CLV at retention ${s.retentionChange >= 0 ? "+" : "−"} ${Math.abs(100 * s.retentionChange).toFixed(0)} points`, fig(F, "economics.clvAfter", exact), `a change of ${fig(F, "economics.difference", exact)} per customer`)}
    ${kpi("Payback", fig(F, "economics.payback", { format: (v) => `${v} years` }), "years until the margins repay the acquisition cost")}
  </div><p class="kpi-note">Money is computed in exact decimals and rounded to cents only for display: hover a figure for every digit.</p>`;
  for (const el of $("economics-body").querySelectorAll(".num")) el.title = el.dataset.value;
}

const RENDER = {
  survey: renderSurvey, servqual: renderServqual, trust: renderTrust, transactions: renderCustomers, models: renderModels,
  economics: renderEconomics,
};

function start(stage) {
  busy += 1;
  $("status").hidden = false;
  $("stage").textContent = stage;
  $("progress").value = 0;
  document.body.dataset.busy = "true";
}

function renderErrors() {
  $("errors").hidden = errors.length === 0;
  $("errors").innerHTML = errors.map((m) => `<p>${escape(m)}</p>`).join("");
}

worker.onmessage = ({ data }) => {
  switch (data.type) {
    case "ready":
      $("sample").disabled = false;
      document.body.dataset.ready = "true";
      break;
    case "progress":
      $("stage").textContent = `${data.file}: ${data.stage}…`;
      $("progress").value = data.fraction;
      break;
    case "result":
      // A new log replaces the models and economics of the last one, which follow it (or an error).
      if (data.result.kind === "transactions") for (const id of ["models", "economics"]) $(id).hidden = true;
      results.set(data.result.kind, data.result);
      RENDER[data.result.kind](data.result);
      if (data.result.file) {
        $("loaded").innerHTML = [...results.values()].filter((x) => x.file && !["economics", "models"].includes(x.kind))
          .map((x) => `<span class="chip">${escape(x.file)}</span>`).join("");
      }
      break;
    case "error":
      errors.push(data.file ? data.message : `error: ${data.message}`);
      renderErrors();
      break;
    case "done":
      busy -= 1;
      if (busy === 0) {
        $("status").hidden = true;
        document.body.dataset.busy = "false";
      }
      break;
  }
};
worker.onerror = (e) => {
  errors.push(`The worker failed: ${e.message}`);
  renderErrors();
};

function load(files) {
  if (files.length === 0) return;
  errors.length = 0;
  renderErrors();
  start(`reading ${files.length} file${files.length > 1 ? "s" : ""}`);
  worker.postMessage({ type: "files", files });
}

$("file").addEventListener("change", (e) => {
  load([...e.target.files].map((file) => ({ name: file.name, file })));
  e.target.value = "";
});
$("sample").addEventListener("click", async () => {
  const files = await Promise.all(SAMPLES.map(async ([name, url]) => ({ name, text: await (await fetch(url)).text() })));
  load(files);
});
for (const ev of ["dragenter", "dragover"]) {
  document.addEventListener(ev, (e) => { e.preventDefault(); $("drop").classList.add("over"); });
}
document.addEventListener("dragleave", (e) => { if (e.relatedTarget === null) $("drop").classList.remove("over"); });
document.addEventListener("drop", (e) => {
  e.preventDefault();
  $("drop").classList.remove("over");
  load([...e.dataTransfer.files].map((file) => ({ name: file.name, file })));
});

// Offline: a service worker keeps the built files (vite.config.js writes its list of them).
if (import.meta.env.PROD && "serviceWorker" in navigator) {
  navigator.serviceWorker.register("./sw.js").catch(() => {});
}
