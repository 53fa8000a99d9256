// Loads the built package the way a Node user of the web target does: initSync with the bytes.
import { readFileSync } from "node:fs";
import * as cm from "custometrics";

cm.initSync({ module: readFileSync(new URL("../pkg/custometrics_bg.wasm", import.meta.url)) });

export default cm;
