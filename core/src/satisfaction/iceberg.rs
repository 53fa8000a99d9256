//! The complaint iceberg (投诉冰山) and word of mouth: of dissatisfied customers only a few complain
//! formally, so the formal complaint count reveals the whole dissatisfied base.
//!
//! The course material's default split: 5 % complain formally, 35 % voice dissatisfaction
//! elsewhere (to staff, friends, online), 60 % never say it. How many people each dissatisfied
//! customer tells is the caller's figure: the material quotes about 5 (workshop) and about 25
//! (article).

use crate::error::{Location, Result};
use crate::input;
use serde::{Deserialize, Serialize};

/// How dissatisfied customers split; the shares sum to 1.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct IcebergShares {
    /// Share who complain formally (default 0.05).
    pub formal: f64,
    /// Share who voice it elsewhere (default 0.35).
    pub voiced: f64,
    /// Share who stay silent (default 0.60).
    pub silent: f64,
}

impl Default for IcebergShares {
    fn default() -> Self {
        Self { formal: 0.05, voiced: 0.35, silent: 0.60 }
    }
}

/// Estimated dissatisfied customers behind a count of formal complaints.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Iceberg {
    /// All dissatisfied customers: complaints / formal share.
    pub dissatisfied: f64,
    /// Formal complainants (the input count).
    pub formal: f64,
    /// Those who voice it elsewhere.
    pub voiced: f64,
    /// Those who never say it.
    pub silent: f64,
    /// People reached by word of mouth: dissatisfied × people told per customer.
    pub word_of_mouth_reach: f64,
}

/// Estimates the iceberg under `formal_complaints`.
///
/// ```
/// use custometrics::satisfaction::{complaint_iceberg, IcebergShares};
/// let i = complaint_iceberg(50.0, IcebergShares::default(), 5.0).unwrap();
/// assert!((i.dissatisfied - 1000.0).abs() < 1e-9);
/// assert!((i.silent - 600.0).abs() < 1e-9);
/// assert!((i.word_of_mouth_reach - 5000.0).abs() < 1e-9);
/// ```
///
/// # Errors
/// `out_of_range`/`not_finite` for a negative count or people-told figure or a share outside
/// [0, 1]; `invalid` for shares that do not sum to 1; `division_by_zero` for a formal share of 0;
/// `out_of_range` naming `formal_complaints` or `people_told` when the base or the reach would
/// overflow an `f64`.
pub fn complaint_iceberg(formal_complaints: f64, shares: IcebergShares, people_told: f64) -> Result<Iceberg> {
    input::check("formal_complaints", formal_complaints, formal_complaints >= 0.0, "the non-negative numbers")?;
    input::check("people_told", people_told, people_told >= 0.0, "the non-negative numbers")?;
    input::shares_sum_to_one("shares", &[shares.formal, shares.voiced, shares.silent])?;
    if shares.formal == 0.0 {
        return Err(crate::Error::DivisionByZero {
            at: crate::error::Location::scalar("shares.formal"),
            value: 0.0,
            reason: "the dissatisfied base is complaints / formal share".into(),
        });
    }
    let dissatisfied = input::finite_result(
        Location::scalar("formal_complaints"),
        formal_complaints,
        formal_complaints / shares.formal,
        "the dissatisfied base complaints / shares.formal",
    )?;
    let word_of_mouth_reach = input::finite_result(
        Location::scalar("people_told"),
        people_told,
        dissatisfied * people_told,
        &format!("the reach dissatisfied × people_told (dissatisfied = {dissatisfied:e})"),
    )?;
    // voiced and silent are shares (<= 1) of a finite base.
    Ok(Iceberg {
        dissatisfied,
        formal: formal_complaints,
        voiced: dissatisfied * shares.voiced,
        silent: dissatisfied * shares.silent,
        word_of_mouth_reach,
    })
}
