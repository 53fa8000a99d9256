// Runs the ```js blocks of a Markdown page as a user would paste them: each written to a module
// beside the tests (so it imports the package by its name) and imported in order, with what they
// print through console.log collected. Shared by the tests of the READMEs and the docs pages.
import { readFileSync, writeFileSync, rmSync } from "node:fs";

/**
 * @param {URL} page the Markdown file
 * @param {{ prefix: string, topLevel?: boolean }} how `prefix` names the temporary modules;
 *   `topLevel` keeps only fences at the start of a line (an indented block is left out)
 * @returns {Promise<{ blocks: string[], logged: string[] }>}
 */
export async function runJsBlocks(page, { prefix, topLevel = false }) {
  const text = readFileSync(page, "utf8");
  const fence = topLevel ? /^```js\n([\s\S]*?)^```/gm : /```js\n([\s\S]*?)```/g;
  const blocks = [...text.matchAll(fence)].map((m) => m[1]);
  const logged = [];
  const original = console.log;
  console.log = (...args) => logged.push(args.join(" "));
  try {
    for (const [i, code] of blocks.entries()) {
      const file = new URL(`./.${prefix}-${i}.mjs`, import.meta.url);
      writeFileSync(file, code);
      try {
        await import(file.href);
      } finally {
        rmSync(file);
      }
    }
  } finally {
    console.log = original;
  }
  return { blocks, logged };
}
