// Compiled by `tsc -p tests/tsconfig.browser.json` (never run): a browser app's start-up.
import init, { nps, type InitOutput } from "custometrics";

const ready: Promise<InitOutput> = init();
const fromUrl: Promise<InitOutput> = init({ module_or_path: new URL("/assets/custometrics_bg.wasm", "https://example.org/") });
const fromFetch: Promise<InitOutput> = init({ module_or_path: fetch("/custometrics_bg.wasm") });
ready.then(() => nps([10, 9]).score).then((s: number) => document.title = String(s));
void fromUrl;
void fromFetch;
