// The Web Worker: reads the files, runs every computation through the custometrics package, and
// posts results, progress and errors to the page, which never blocks on a fit or a large file.
//
// Messages in:  { type: "files", files: [{ name, text } | { name, file }] } | { type: "economics", settings }
// Messages out: { type: "ready" } | { type: "progress", file, stage, fraction } |
//               { type: "result", result } | { type: "error", file, message } | { type: "done" }
import init from "custometrics";
import { ECONOMICS, customers, economics, models, servqualFile, survey, trustFile } from "./analyse.js";
import { kindOf, parseCsv, transactions } from "./tables.js";

const ready = init();
let economicsInput = null;
let settings = { ...ECONOMICS };

const post = (m) => self.postMessage(m);

function analyse(name, text) {
  const progress = (stage, fraction) => post({ type: "progress", file: name, stage, fraction });
  progress("reading", 0.02);
  const table = parseCsv(name, text);
  const kind = kindOf(table);
  switch (kind) {
    case "survey": return survey(table);
    case "servqual": return servqualFile(table);
    case "trust": return trustFile(table);
    default: {
      const tx = transactions(table);
      const { result, summary, economicsInput: input } = customers(tx, progress);
      economicsInput = input;
      post({ type: "result", result });
      try {
        post({ type: "result", result: { kind: "economics", file: name, ...economics(name, economicsInput, settings) } });
      } catch (e) {
        // The tiers stand, and the models do not need the economics.
        post({ type: "error", file: name, message: e?.message ?? String(e) });
      }
      try {
        return models(name, summary, progress);
      } catch (e) {
        // The tiers and economics stand; the models card says why it has no fit.
        if (e?.name !== "CustometricsError") throw e;
        return { kind: "models", file: name, failed: `${name}: ${e.message}` };
      }
    }
  }
}

self.onmessage = async ({ data }) => {
  await ready;
  if (data.type === "files") {
    for (const { name, text, file } of data.files) {
      try {
        post({ type: "result", result: analyse(name, text ?? (await file.text())) });
      } catch (e) {
        // A bad file is reported with its row and column; anything else still reaches the page.
        post({ type: "error", file: name, message: e?.message ?? String(e) });
      }
    }
    post({ type: "done" });
  } else if (data.type === "economics") {
    try {
      if (economicsInput === null) throw new Error("load a transaction file first");
      settings = { ...settings, ...data.settings };
      post({ type: "result", result: { kind: "economics", ...economics(null, economicsInput, settings) } });
    } catch (e) {
      post({ type: "error", file: null, message: e?.message ?? String(e) });
    }
    post({ type: "done" });
  }
};

ready.then(() => post({ type: "ready" }), (e) => post({ type: "error", file: null, message: `the WebAssembly module did not load: ${e}` }));
