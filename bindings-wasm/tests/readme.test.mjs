// The README's JavaScript example runs as written, importing the package like a user would.
import { test } from "node:test";
import assert from "node:assert/strict";
import { runJsBlocks } from "./markdown-blocks.mjs";

test("README JS example runs", async () => {
  const { blocks, logged } = await runJsBlocks(new URL("../../README.md", import.meta.url), { prefix: "readme" });
  assert.ok(blocks.length > 0);
  assert.ok(logged[0].startsWith("25 "), logged[0]);
  assert.equal(logged[1], "out_of_range scores 1");
  // the survey example: labels and per-segment scores, a weighted score, Wilson's lower end
  assert.ok(logged[2].startsWith("east,west 25,25 "), logged[2]);
  assert.ok(logged[4].startsWith("0.438"), logged[4]);
  assert.equal(logged[5], "2"); // the chi-square test's degrees of freedom: (2 − 1)(3 − 1)
  assert.equal(logged[6], "0.52 0.35 0.11 0.985"); // key drivers: Shapley shares of R², then R²
  assert.equal(logged[7], "-1.2 0.39"); // Welch's difference of two waves' means and its p-value
  assert.equal(logged[8], "a,b,c -1.17,1.83,-0.67"); // each store's mean against the others'
  assert.equal(logged[9], "true,true,true"); // Holm's adjusted p-values
  assert.equal(logged[10], "450 330"); // the retention example: money as exact strings
  assert.equal(logged[11], "450");
  // the loyalty and tiers example, then the transaction models' example (in README order)
  const tiersAt = logged.indexOf("loyal latent spurious no_loyalty loyal");
  assert.ok(tiersAt > 11, logged.join("\n"));
  assert.deepEqual(logged.slice(tiersAt + 1, tiersAt + 3), ["455 333 111 544 212", "20,0"]);
  assert.ok(logged.includes("true 1 6"), logged.join("\n"));
  // the assessment example
  assert.deepEqual(logged.slice(-2), ["7 0.60 0.4", "1 2 2 0.75 0.25"], logged.join("\n"));
});

test("the npm package's README examples run and print what they say", async () => {
  // Top-level blocks only: the indented esbuild set-up imports a .wasm, which needs a bundler.
  const { blocks, logged } = await runJsBlocks(new URL("../README.md", import.meta.url), {
    prefix: "package-readme",
    topLevel: true,
  });
  assert.equal(blocks.length, 4);
  // each `// …` comment on a console.log line is what it prints
  const said = blocks.flatMap((b) => [...b.matchAll(/console\.log\(.*\); \/\/ (.*)$/gm)].map((m) => m[1]));
  assert.deepEqual(logged, said);
});
