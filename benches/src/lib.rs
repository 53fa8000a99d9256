//! Criterion benchmarks of custometrics live in `benches/`; see README.md for the figures.
