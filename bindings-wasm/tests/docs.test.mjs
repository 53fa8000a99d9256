// The docs site's JavaScript pages follow the package: the getting-started page's examples run as
// written, importing the package like a user would, and print what they say; the API page is
// what scripts/api-page.mjs writes from the TypeScript declarations of this build.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { runJsBlocks } from "./markdown-blocks.mjs";
import { page } from "../scripts/api-page.mjs";

const DOCS = new URL("../../docs/", import.meta.url);

test("the JavaScript getting-started page runs and prints what it says", async () => {
  const { blocks, logged } = await runJsBlocks(new URL("getting-started-js.md", DOCS), { prefix: "docs-js", topLevel: true });
  assert.ok(blocks.length > 0);
  // each `// …` comment on a console.log line is what it prints
  const lines = blocks.flatMap((b) => [...b.matchAll(/^\s*console\.log\(.*\);(?: \/\/ (.*))?$/gm)].map((m) => m[1]));
  assert.equal(logged.length, lines.length, logged.join("\n"));
  for (const [i, said] of lines.entries()) if (said !== undefined) assert.equal(logged[i], said);
  // The CSI line, against the index computed here: attribute means rescaled from 1–10 to 0–100,
  // weighted by the stated importance; IPA quadrants against the grand means (Martilla & James).
  const ratings = [[8, 6, 7, 5], [9, 5, 6, 4], [7, 7, 8, 6]];
  const importance = [9, 8, 5, 7];
  const means = [0, 1, 2, 3].map((j) => ratings.reduce((s, r) => s + r[j], 0) / ratings.length);
  const sumW = importance.reduce((a, b) => a + b, 0);
  const index = means.reduce((s, m, j) => s + (importance[j] / sumW) * ((m - 1) / 9) * 100, 0);
  const [impCut, perfCut] = [sumW / 4, means.reduce((a, b) => a + b, 0) / 4];
  const quadrant = (imp, perf) =>
    imp >= impCut ? (perf >= perfCut ? "keep_up_the_good_work" : "concentrate_here") : perf >= perfCut ? "possible_overkill" : "low_priority";
  const csiLine = lines.findIndex((said) => said === undefined);
  assert.equal(logged[csiLine], `${index.toFixed(1)} ${means.map((m, j) => quadrant(importance[j], m)).join(" ")}`);
});

test("the JavaScript API page lists what the package's declarations export", () => {
  const dts = readFileSync(new URL("../pkg/custometrics.d.ts", import.meta.url), "utf8");
  const committed = readFileSync(new URL("api/js.md", DOCS), "utf8");
  assert.equal(committed, page(dts), "docs/api/js.md is stale: run `node scripts/api-page.mjs --write` in bindings-wasm");
  for (const name of ["nps", "csat", "servqual", "BetaGeo", "GammaGamma", "summaryFromTransactions"]) {
    assert.ok(committed.includes(`| \`${name}\` |`), name);
  }
});
