//! Helpers shared by the examples: reading the bundled CSV files and printing aligned tables;
//! and [`server`], the library served over HTTP.

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
