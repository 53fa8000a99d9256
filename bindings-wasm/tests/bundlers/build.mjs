// Builds the tiny apps in src/ with each bundler into dist/<case>/, the package as installed in
// node_modules (the test installs it from its tarball first). Run by tests/bundlers.test.mjs;
// prints one line per case, or fails with the bundler's error.
import { build as vite } from "vite";
import webpack from "webpack";
import { build as esbuild } from "esbuild";
import { rmSync, writeFileSync } from "node:fs";

const dir = new URL(".", import.meta.url).pathname;
const dist = (name) => `${dir}dist/${name}`;
rmSync(`${dir}dist`, { recursive: true, force: true });

const PAGE = (script) => `<!doctype html><meta charset="utf-8"><script type="module" src="${script}"></script>\n`;

async function pack(name, config) {
  const stats = await new Promise((resolve, reject) =>
    webpack({ mode: "production", context: dir, performance: { hints: false }, ...config }, (err, s) => (err ? reject(err) : resolve(s))));
  if (stats.hasErrors()) throw new Error(`${name}: ${stats.toString("errors-only")}`);
}

const cases = {
  "vite": () => vite({ root: dir, base: "./", configFile: false, logLevel: "error", build: { outDir: dist("vite"), emptyOutDir: true, target: "es2022" } }),
  "webpack-web": async () => {
    await pack("webpack-web", { target: "web", entry: "./src/browser.js", output: { path: dist("webpack-web"), filename: "main.js" } });
    writeFileSync(`${dist("webpack-web")}/index.html`, PAGE("main.js"));
  },
  "webpack-node": () => pack("webpack-node", { target: "node", entry: "./src/node.js", output: { path: dist("webpack-node"), filename: "main.cjs" } }),
  "esbuild-browser": async () => {
    await esbuild({ entryPoints: [`${dir}src/esbuild-browser.js`], bundle: true, format: "esm", platform: "browser",
      target: "es2022", outdir: dist("esbuild-browser"), loader: { ".wasm": "file" }, logLevel: "error" });
    writeFileSync(`${dist("esbuild-browser")}/index.html`, PAGE("esbuild-browser.js"));
  },
  "esbuild-node": () => esbuild({ entryPoints: [`${dir}src/node.js`], bundle: true, format: "esm", platform: "node",
    target: "node20", outfile: `${dist("esbuild-node")}/main.mjs`, logLevel: "error" }),
  "webpack-survey": async () => {
    await pack("webpack-survey", { target: "web", entry: "./src/survey-browser.js", output: { path: dist("webpack-survey"), filename: "main.js" } });
    writeFileSync(`${dist("webpack-survey")}/index.html`, PAGE("main.js"));
  },
  "esbuild-survey-node": () => esbuild({ entryPoints: [`${dir}src/survey-node.js`], bundle: true, format: "esm", platform: "node",
    target: "node20", outfile: `${dist("esbuild-survey-node")}/main.mjs`, logLevel: "error" }),
  "esbuild-node-cjs": () => esbuild({ entryPoints: [`${dir}src/node.js`], bundle: true, format: "cjs", platform: "node",
    target: "node20", outfile: `${dist("esbuild-node-cjs")}/main.cjs`, logLevel: "error" }),
};

for (const [name, run] of Object.entries(cases)) {
  await run();
  console.log(`built ${name}`);
}
