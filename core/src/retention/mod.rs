//! Retention and customer lifetime value (顾客保持与顾客终身价值).
//!
//! [`models`]: the probabilistic transaction models fitted by maximum likelihood — BG/NBD,
//! MBG/NBD, Pareto/NBD, BG/BB and the Gamma-Gamma spend model — with their predictions and CLV.

pub mod models;
