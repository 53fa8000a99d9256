//! A CSV text with a header as f64 columns (the first column may be an id). Shared by the core's
//! tests (`common::data`) and the criterion benches (`benches/benches/models.rs`, through
//! `#[path]`), which read the same vendored files.

/// The columns of `csv`, each as f64.
pub fn columns(csv: &str) -> Vec<Vec<f64>> {
    let mut lines = csv.lines();
    let ncol = lines.next().unwrap().split(',').count();
    let mut cols = vec![Vec::new(); ncol];
    for line in lines.filter(|l| !l.trim().is_empty()) {
        for (c, v) in cols.iter_mut().zip(line.split(',')) {
            c.push(v.trim().parse::<f64>().unwrap());
        }
    }
    cols
}
