// CommonJS: require() of the package (Node's require of an ES module, from 20.19 on).
const { nps, default: init } = require("custometrics");

if (typeof init !== "function") throw new Error("no init export");
console.log(JSON.stringify(nps([10, 9, 8, 7, 6, 0, 10, 9])));
