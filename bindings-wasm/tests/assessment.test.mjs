// What an app relies on in the assessment API beyond the golden numbers: the shipped instrument
// and frame as data in both languages (rendered, then handed back), answers in any column order,
// null as a missing answer, and every bad input with code, field, index.
import { test } from "node:test";
import assert from "node:assert/strict";
import cm from "./load.mjs";

const ANSWERS = Array.from({ length: 6 }, (_, r) => Array.from({ length: 40 }, (_, c) => 1 + ((r * 7 + c * 3) % 5)));

test("the shipped instrument renders in English and Chinese and round-trips", () => {
  const inst = cm.orientationInstrument();
  assert.deepEqual(inst.categories.map((c) => c.statements.length), [7, 5, 4, 7, 4, 7, 6]);
  assert.deepEqual([inst.scale.low, inst.scale.high, inst.scale.lowLabel.zh], [1, 5, "完全不符合"]);
  for (const s of inst.categories.flatMap((c) => c.statements)) assert.ok(s.text.en && s.text.zh, s.id);
  const back = JSON.parse(JSON.stringify(inst));
  assert.deepEqual(cm.orientation(ANSWERS, { instrument: back }), cm.orientation(ANSWERS));
  const frame = cm.gbt19580();
  assert.deepEqual(frame.categories.map((c) => c.points), [100, 80, 90, 120, 110, 100, 400]);
  assert.equal(frame.categories[2].name.zh, "顾客与市场");
  const split = cm.frameWithItems(frame, "4.3", [
    { id: "4.3.1", name: { en: "understanding customers and markets", zh: "顾客和市场的了解" }, points: 40 },
    { id: "4.3.2", name: { en: "customer relationships and satisfaction", zh: "顾客关系与顾客满意" }, points: 50 },
  ]);
  const scores = [[50, 40, 60, 70, 45, 50, 40, 35]];
  assert.equal(cm.excellence(scores, { frame: JSON.parse(JSON.stringify(split)) }).examiners[0].units[3].earned, 35);
});

test("answer columns named by statement id are put in questionnaire order", () => {
  const ids = cm.orientationInstrument().categories.flatMap((c) => c.statements.map((s) => s.id));
  const reversed = ANSWERS.map((row) => [...row].reverse());
  assert.deepEqual(cm.orientation(reversed, { columns: [...ids].reverse() }), cm.orientation(ANSWERS));
  assert.throws(() => cm.orientation(ANSWERS, { columns: ids.map((id) => (id === "7" ? "seven" : id)) }),
    (e) => e.code === "invalid" && e.field === "columns" && e.index === 6);
});

test("typed arrays in, null as a missing answer under nanPolicy, groups with gaps", () => {
  const typed = ANSWERS.map((r) => Int8Array.from(r));
  assert.deepEqual(cm.orientation(typed), cm.orientation(ANSWERS));
  const holes = ANSWERS.map((r) => [...r]);
  holes[1][3] = null;
  assert.throws(() => cm.orientation(holes), (e) => e.code === "not_finite" && e.field === "answers" && e.index === 43);
  assert.equal(cm.orientation(holes, { nanPolicy: "omit" }).respondents[1].missing, 1);
  const r = cm.orientation(ANSWERS, { groups: ["m", "m", "m", "f", "f", "f"] });
  assert.deepEqual([r.groups.map((g) => g.group), r.gaps.length, typeof r.all.overall.meanShare], [["m", "f"], 1, "number"]);
});

test("decision and AHP results are camelCase", () => {
  const d = cm.decision([[8, 6, 100], [6, 9, 90], [9, 5, 120]], new Float64Array([5, 3, 2]),
    { cost: [false, false, true], normalise: "min_max", criteria: ["quality", "delivery", "price"] });
  assert.deepEqual([d.ranks, d.order, d.sensitivity[0].newTop, d.criteria[2]], [[1, 2, 2], [0, 1, 2], 1, "price"]);
  const a = cm.ahp([[1, 2, 4], [0.5, 1, 2], [0.25, 0.5, 1]]);
  assert.ok(Math.abs(a.lambdaMax - 3) < 1e-12 && a.randomIndex === 0.58 && !a.inconsistent);
});

test("bad input names the field and the index", () => {
  const cases = [
    [() => cm.orientation([Array(39).fill(3)]), "length_mismatch", "answers", null],
    [() => cm.orientation([[...Array(12).fill(3), 6, ...Array(27).fill(3)]]), "out_of_range", "answers", 12],
    [() => cm.orientation([["3", ...Array(39).fill(3)]]), "invalid", "answers", 0],
    [() => cm.orientation([Array(40).fill(3)], { lowAnswer: 2.5 }), "out_of_range", "low_answer", null],
    [() => cm.orientation([Array(40).fill(3)], { instrument: { id: "x" } }), "invalid", "instrument", null],
    [() => cm.excellence([[50, 42, 60, 45, 50, 40, 35]]), "out_of_range", "scores", 1],
    [() => cm.decision([[1, 2], [3, 4]], [1, -1]), "out_of_range", "weights", 1],
    [() => cm.decision([[1, 2], [3, 4]], [1, 1], { normalise: "max" }), "invalid", "normalise", null],
    [() => cm.ahp([[1, 3], [0.5, 1]]), "invalid", "pairwise", 2],
    [() => cm.frameWithItems(cm.gbt19580(), "4.9", []), "invalid", "category", null],
    [() => cm.instrumentFromCounts([["a", 2]], 5, 5), "out_of_range", "scale.high", null],
    [() => cm.instrumentFromCounts([["a", 2], ["b", 1.5]], 1, 5), "out_of_range", "categories", 1],
    [() => cm.instrumentFromCounts([["a", 2]], 0.5, 5), "out_of_range", "low", null],
  ];
  for (const [call, code, field, index] of cases) {
    assert.throws(call, (e) => e.name === "CustometricsError" && e.code === code && e.field === field && e.index === index,
      `${call}`);
  }
});
