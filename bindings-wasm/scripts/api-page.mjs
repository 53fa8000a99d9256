// Writes the docs site's JavaScript API page (docs/api/js.md) from the TypeScript declarations
// wasm-bindgen generates (pkg/custometrics.d.ts, after `make wasm-pkg`): every exported class
// and function with the first paragraph of its doc comment. tests/docs.test.mjs checks that the
// committed page is what this script writes, so the page follows the package.
//
//   node scripts/api-page.mjs          # print the page
//   node scripts/api-page.mjs --write  # rewrite docs/api/js.md
import { readFileSync, writeFileSync } from "node:fs";

const DTS = new URL("../pkg/custometrics.d.ts", import.meta.url);
const PAGE = new URL("../../docs/api/js.md", import.meta.url);

/** The first paragraph of a JSDoc block's text, on one line. */
function firstParagraph(doc) {
  const lines = doc.split("\n").map((l) => l.replace(/^\s*\/?\*+\/?\s?/, "").trim());
  const start = lines.findIndex((l) => l !== "");
  const end = lines.indexOf("", start);
  return lines
    .slice(start, end === -1 ? undefined : end)
    .filter((l) => !l.startsWith("@"))
    .join(" ")
    .replace(/\|/g, "\\|");
}

/** Exported classes and functions of the declarations, each once (overloads share a name). */
export function exportsOf(dts) {
  const found = { class: new Map(), function: new Map() };
  const re = /(\/\*\*(?:(?!\*\/)[\s\S])*\*\/\s*)?^export (?:declare )?(class|function) (\w+)/gm;
  for (const [, doc, kind, name] of dts.matchAll(re)) {
    // overloads repeat the name: keep the first that is documented
    if (!found[kind].get(name)) found[kind].set(name, doc ? firstParagraph(doc) : "");
  }
  return found;
}

export function page(dts) {
  const { class: classes, function: functions } = exportsOf(dts);
  const table = (m) =>
    [...m.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      // the money functions' overloads are hand-written declarations without a doc comment
      .map(([name, doc]) => `| \`${name}\` | ${doc || "(money overloads: see the declarations)"} |`)
      .join("\n");
  return `# JavaScript API

<!-- Written by bindings-wasm/scripts/api-page.mjs from the package's TypeScript declarations;
     the JavaScript tests check that it matches them. Do not edit by hand. -->

Every class and function the npm package \`custometrics\` exports, with the first paragraph of its
documentation. The full signatures, option objects and result types are in the TypeScript
declarations the package ships (\`custometrics/pkg/custometrics.d.ts\`, which editors show as you
type); inputs, missing values, errors and money are described in the package's
[README](https://github.com/custometrics/custometrics/tree/main/bindings-wasm#readme). Start with
[Getting started in JavaScript](../getting-started-js.md).

## Classes

The models keep lifetimes' names in camelCase; their memory lives in WebAssembly, so call
\`free()\` when done with one.

| class | what it is |
|---|---|
${table(classes)}

## Functions

| function | what it computes |
|---|---|
${table(functions)}
`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const text = page(readFileSync(DTS, "utf8"));
  if (process.argv.includes("--write")) writeFileSync(PAGE, text);
  else process.stdout.write(text);
}
