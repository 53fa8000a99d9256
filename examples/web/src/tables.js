// Reading the CSV files a person drops in: which kind of file it is (by its header), and its cells
// as numbers, dates or exact cents, with every problem reported as the file, the row and the column.
//
// Rows are counted as a spreadsheet shows them: the header is row 1, the first data row is row 2.
import Papa from "papaparse";

/** A problem with a file, for the page to show: where it is and what is wrong. */
export class FileError extends Error {
  constructor(file, row, column, message) {
    const where = [file, row !== null ? `row ${row}` : null, column !== null ? `column ${column}` : null]
      .filter((x) => x !== null).join(", ");
    super(where === "" ? message : `${where}: ${message}`);
    this.name = "FileError";
    Object.assign(this, { file, row, column });
  }
}

/** The kinds of file the dashboard reads, told apart by their columns. */
export const KINDS = {
  survey: {
    label: "survey answers",
    // Any of these is enough; each section needs its own columns (see analyse.js).
    any: ["nps", "csat", "overall"],
  },
  servqual: { label: "SERVQUAL answers", all: ["E1", "P1"] },
  trust: { label: "trust ratings", all: ["credibility", "reliability", "intimacy", "self_orientation"] },
  transactions: { label: "transactions", all: ["customer_id", "date", "amount"] },
};

/** Parses CSV text into a header and rows of strings; a ragged row is an error naming its row. */
export function parseCsv(file, text) {
  const out = Papa.parse(text.replace(/^\uFEFF/, ""), { skipEmptyLines: "greedy" });
  const structural = out.errors.find((e) => e.type !== "Delimiter" || out.data.length === 0);
  if (structural !== undefined) {
    throw new FileError(file, structural.row === undefined ? null : structural.row + 1, null, structural.message);
  }
  const [header, ...rows] = out.data;
  if (header === undefined || header.length === 0 || (header.length === 1 && header[0].trim() === "")) {
    throw new FileError(file, null, null, "the file is empty: a header row and at least one data row are needed");
  }
  const names = header.map((h) => h.trim());
  names.forEach((n, j) => {
    if (n === "") throw new FileError(file, 1, `${j + 1}`, "the header names no column here");
    if (names.indexOf(n) !== j) throw new FileError(file, 1, n, "the column name appears twice");
  });
  rows.forEach((r, i) => {
    if (r.length !== names.length) {
      throw new FileError(file, i + 2, null, `${r.length} cells, but the header has ${names.length} columns`);
    }
  });
  if (rows.length === 0) throw new FileError(file, null, null, "the file has a header but no data rows");
  return { file, header: names, rows };
}

/** Which kind of file a parsed table is, or an error listing the headers the dashboard reads. */
export function kindOf(table) {
  const has = (c) => table.header.includes(c);
  for (const [kind, spec] of Object.entries(KINDS)) {
    if ((spec.all ?? []).every(has) && (spec.any === undefined || spec.any.some(has))) return kind;
  }
  throw new FileError(table.file, 1, null,
    "the columns do not match a file the dashboard reads: survey answers (nps, csat, overall, perf_*, imp_*, "
    + "purchases), SERVQUAL answers (E1–E22, P1–P22, W_*), trust ratings (credibility, reliability, intimacy, "
    + "self_orientation) or transactions (customer_id, date, amount)");
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** The column `name` as a Float64Array; a cell that is not a number is an error naming it. */
export function column(table, name) {
  const j = table.header.indexOf(name);
  if (j < 0) throw new FileError(table.file, 1, name, "no such column");
  const out = new Float64Array(table.rows.length);
  table.rows.forEach((r, i) => {
    const cell = r[j].trim();
    if (!NUMBER.test(cell)) {
      throw new FileError(table.file, i + 2, name, cell === "" ? "the cell is empty" : `${JSON.stringify(cell)} is not a number`);
    }
    out[i] = Number(cell);
  });
  return out;
}

/** The columns whose names start with `prefix` (in file order) and their rows, each a number array. */
export function block(table, prefix) {
  const names = table.header.filter((h) => h.startsWith(prefix));
  const cols = names.map((n) => column(table, n));
  const rows = table.rows.map((_, i) => cols.map((c) => c[i]));
  return { names, rows };
}

/**
 * Runs a library call whose arrays come from the table's columns, and turns a CustometricsError
 * that names an array and an index into the file's row and column. `fields` maps each array
 * argument's field name to its column name, to a list of column names for a matrix (the
 * library's index is then row-major: row · columns + column), or to `{ columns }` for an array
 * with one value per column (a column's mean: the index names the column, not a row).
 */
export function located(table, fields, call) {
  try {
    return call();
  } catch (e) {
    if (e?.name !== "CustometricsError") throw e;
    const where = e.field === null ? undefined : fields[e.field];
    if (where === undefined) throw new FileError(table.file, null, null, e.message);
    if (where.columns !== undefined) throw new FileError(table.file, null, where.columns[e.index] ?? null, e.message);
    if (e.index === null) throw new FileError(table.file, null, Array.isArray(where) ? null : where, e.message);
    if (Array.isArray(where)) {
      const row = Math.floor(e.index / where.length);
      throw new FileError(table.file, row + 2, where[e.index % where.length], e.message);
    }
    throw new FileError(table.file, e.index + 2, where, e.message);
  }
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const AMOUNT = /^(\d{1,12})(?:\.(\d{1,2}))?$/;
const DAY_MS = 86_400_000;

/**
 * A transaction log: each row's customer id (text), day (days since 1970-01-01, from an ISO date
 * YYYY-MM-DD) and amount in cents (exact: at most two decimals, not negative).
 */
export function transactions(table) {
  const [c, d, a] = ["customer_id", "date", "amount"].map((n) => table.header.indexOf(n));
  const n = table.rows.length;
  const customer = new Array(n);
  const day = new Float64Array(n);
  const cents = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = table.rows[i];
    const id = r[c].trim();
    if (id === "") throw new FileError(table.file, i + 2, "customer_id", "the cell is empty");
    customer[i] = id;
    const dm = DATE.exec(r[d].trim());
    const ms = dm === null ? NaN : Date.UTC(+dm[1], +dm[2] - 1, +dm[3]);
    const back = new Date(ms);
    if (dm === null || back.getUTCFullYear() !== +dm[1] || back.getUTCMonth() !== +dm[2] - 1 || back.getUTCDate() !== +dm[3]) {
      throw new FileError(table.file, i + 2, "date", `${JSON.stringify(r[d].trim())} is not a date YYYY-MM-DD`);
    }
    day[i] = ms / DAY_MS;
    const am = AMOUNT.exec(r[a].trim());
    if (am === null) {
      throw new FileError(table.file, i + 2, "amount",
        `${JSON.stringify(r[a].trim())} is not an amount: a number not below 0 with at most two decimals`);
    }
    cents[i] = Number(am[1]) * 100 + Number((am[2] ?? "").padEnd(2, "0"));
  }
  return { file: table.file, customer, day, cents, n };
}

export { DAY_MS };
