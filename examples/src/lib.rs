//! Helpers shared by the examples: reading the bundled CSV files (numeric tables and the
//! transaction log), dates, and printing aligned tables; and [`server`], the library served
//! over HTTP.

pub mod server;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The folder of the bundled sample data.
pub fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data")
}

/// A numeric CSV file: its header and its rows. The files are written by `generate_data`, so
/// they hold plain numbers with no quoting; a hand-written reader is all they need.
pub struct Table {
    /// Column names.
    pub header: Vec<String>,
    /// Rows of numbers.
    pub rows: Vec<Vec<f64>>,
}

impl Table {
    /// Reads `data/<name>`.
    ///
    /// # Errors
    /// An I/O error, or a message naming the line and cell that is not a number.
    pub fn read(name: &str) -> Result<Self, String> {
        let path = data_dir().join(name);
        let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut lines = text.lines();
        let header = lines.next().unwrap_or_default().split(',').map(str::to_owned).collect();
        let mut rows = Vec::new();
        for (i, line) in lines.enumerate().filter(|(_, l)| !l.trim().is_empty()) {
            let row = line
                .split(',')
                .map(|c| c.trim().parse::<f64>().map_err(|_| format!("{name} line {}: {c:?} is not a number", i + 2)))
                .collect::<Result<Vec<f64>, String>>()?;
            rows.push(row);
        }
        Ok(Self { header, rows })
    }

    /// The column called `name`.
    ///
    /// # Errors
    /// A message when there is no such column.
    pub fn column(&self, name: &str) -> Result<Vec<f64>, String> {
        let j = self.header.iter().position(|h| h == name).ok_or_else(|| format!("no column {name}"))?;
        Ok(self.rows.iter().map(|r| r.get(j).copied().unwrap_or(f64::NAN)).collect())
    }

    /// Columns whose names start with `prefix`, as a row-major matrix and its column count.
    pub fn block(&self, prefix: &str) -> (Vec<f64>, usize) {
        let cols: Vec<usize> = (0..self.header.len()).filter(|&j| self.header[j].starts_with(prefix)).collect();
        let data = self.rows.iter().flat_map(|r| cols.iter().map(|&j| r.get(j).copied().unwrap_or(f64::NAN))).collect();
        (data, cols.len())
    }
}

/// A transaction log: one row per purchase, as `transactions.csv` holds it (`customer_id,date,amount`
/// with ISO dates and amounts with at most two decimals).
pub struct Transactions {
    /// Each purchase's customer.
    pub customer: Vec<String>,
    /// Each purchase's day, as days since 1970-01-01.
    pub day: Vec<i64>,
    /// Each purchase's amount in cents, exact.
    pub cents: Vec<i64>,
}

impl Transactions {
    /// Reads `data/<name>`.
    ///
    /// # Errors
    /// An I/O error, or a message naming the line and column of a cell that does not parse.
    pub fn read(name: &str) -> Result<Self, String> {
        let path = data_dir().join(name);
        let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut t = Self { customer: Vec::new(), day: Vec::new(), cents: Vec::new() };
        for (i, line) in text.lines().enumerate().skip(1).filter(|(_, l)| !l.trim().is_empty()) {
            let bad = |col: &str, c: &str| format!("{name} line {}, column {col}: {c:?}", i + 1);
            let cells: Vec<&str> = line.split(',').map(str::trim).collect();
            let [id, date, amount] = cells[..] else {
                return Err(format!("{name} line {}: {} cells, not 3", i + 1, cells.len()));
            };
            t.customer.push(id.to_owned());
            t.day.push(parse_date(date).ok_or_else(|| bad("date", date) + " is not a date YYYY-MM-DD")?);
            t.cents.push(parse_cents(amount).ok_or_else(|| bad("amount", amount) + " is not an amount")?);
        }
        Ok(t)
    }
}

/// Days since 1970-01-01 of `YYYY-MM-DD` (proleptic Gregorian), or `None`.
pub fn parse_date(s: &str) -> Option<i64> {
    let mut parts = s.splitn(3, '-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let (y, m, d): (i64, i64, i64) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    let days = days_from_civil(y, m, d);
    (civil_from_days(days) == (y, m, d)).then_some(days)
}

/// Cents of a non-negative amount with at most two decimals (`12`, `12.3`, `12.34`), or `None`.
pub fn parse_cents(s: &str) -> Option<i64> {
    let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
    let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !digits(whole) || !digits(frac) || frac.len() > 2 || whole.len() > 12 {
        return None;
    }
    let frac: i64 = format!("{frac:0<2}").parse().ok()?;
    Some(whole.parse::<i64>().ok()? * 100 + frac)
}

// The two civil-calendar conversions are Howard Hinnant's public algorithms ("chrono-Compatible
// Low-Level Date Algorithms"), written out: the examples need dates in one file, and a calendar
// crate would be a dependency for a dozen lines.

/// Days since 1970-01-01 of a proleptic Gregorian date.
pub fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The proleptic Gregorian date (year, month, day) of days since 1970-01-01.
pub fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// Renders rows as a table with aligned columns: text left, numbers right.
pub fn table(title: &str, header: &[&str], rows: &[Vec<String>]) -> String {
    let widths: Vec<usize> = (0..header.len())
        .map(|j| {
            rows.iter()
                .map(|r| r.get(j).map_or(0, |c| c.chars().count()))
                .chain([header[j].chars().count()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = format!("\n{title}\n");
    let line = |cells: &[String], out: &mut String| {
        for (j, w) in widths.iter().enumerate() {
            let c = cells.get(j).map_or("", String::as_str);
            let numeric = c.trim_start_matches(['-', '+']).chars().next().is_some_and(|ch| ch.is_ascii_digit());
            if numeric {
                let _ = write!(out, "  {c:>w$}");
            } else {
                let _ = write!(out, "  {c:<w$}");
            }
        }
        out.push('\n');
    };
    line(&header.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>(), &mut out);
    line(&widths.iter().map(|w| "-".repeat(*w)).collect::<Vec<_>>(), &mut out);
    for r in rows {
        line(r, &mut out);
    }
    out
}

/// A number with `d` decimals.
pub fn f(x: f64, d: usize) -> String {
    format!("{x:.d$}")
}

/// The Rust examples of the repository's README, run as doctests (the crate's own README,
/// `core/README.md`, is run by the core).
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct RootReadme;
