//! The one rule for every model prediction, scalar or batch: a result is finite and inside its
//! domain (a probability in [0, 1], an expectation >= 0, a log-likelihood finite), or the call
//! fails with a `diverges` error — naming the customer's index in a batch.
//!
//! Every scalar prediction ends in [`computed`] and every batch in [`settle_batch`] (called by
//! the batch frames: `data::fill_histories`, BG/BB's and Gamma-Gamma's fill loops, the P(alive)
//! matrix and CLV), so a model cannot return NaN, an infinity or an impossible value from one
//! path and not the other, and both paths give the same bits.
//!
//! The one correction made rather than refused: a probability whose exact value lies in
//! [0, 1] by its definition but which came out above 1 by at most [`ROUNDING_EXCESS`] (a sum
//! of positive terms each rounded, as P(X = n) = first + second, or e^(ln L₁ − ln L) with both
//! logs rounded) is returned as 1. Anything further out is a lost precision, not a rounding,
//! and is an error. Expectations are never clamped: a negative expectation is an error.

use crate::error::{Error, Location, Result};

/// What a prediction is, and so which values it may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Domain {
    /// A probability: [0, 1].
    Probability,
    /// An expected count or amount: [0, ∞).
    Expectation,
    /// A log-likelihood (a log density may be positive): any finite number.
    Finite,
}

/// How far above 1 a probability may come out by rounding alone and be returned as 1: a few
/// hundred ulps of 1. The P(X = n) of BG/NBD and BG/BB at ordinary parameters came out
/// 1.0000000000000004 (two ulps) where the exact value is at most 1.
pub(crate) const ROUNDING_EXCESS: f64 = 1e-13;

impl Domain {
    /// `v` as returned: itself if finite and in the domain, 1 for a probability above 1 by
    /// rounding, `None` otherwise.
    #[inline(always)]
    pub(crate) fn settle(self, v: f64) -> Option<f64> {
        match self {
            Domain::Probability => {
                if (0.0..=1.0).contains(&v) {
                    Some(v)
                } else if v > 1.0 && v <= 1.0 + ROUNDING_EXCESS {
                    Some(1.0)
                } else {
                    None
                }
            }
            Domain::Expectation => (v >= 0.0 && v.is_finite()).then_some(v),
            Domain::Finite => v.is_finite().then_some(v),
        }
    }

    /// The domain in words, for error messages.
    fn words(self) -> &'static str {
        match self {
            Domain::Probability => "a probability in [0, 1]",
            Domain::Expectation => "a finite expectation >= 0",
            Domain::Finite => "a finite log-likelihood",
        }
    }
}

/// Why a prediction was refused, for the reason of the error.
fn reason(domain: Domain, v: f64) -> String {
    format!(
        "the prediction came out {v}, not {}: it is not computable in double precision for these \
         parameters and inputs",
        domain.words()
    )
}

/// A scalar prediction under the rule: `v` settled, or `diverges` naming the parameters.
pub(crate) fn computed(v: f64, domain: Domain) -> Result<f64> {
    domain.settle(v).ok_or_else(|| Error::Diverges {
        at: Location::scalar("params"),
        value: v,
        reason: reason(domain, v),
    })
}

/// Every value of a batch `out` settled in place (in parallel with the feature); the first
/// that is out of its domain as `diverges` naming `field` at its index, `describe(i)` giving
/// the customer's history for the message.
pub(crate) fn settle_batch(
    out: &mut [f64],
    domain: Domain,
    field: &str,
    describe: impl Fn(usize) -> String,
) -> Result<()> {
    let bad = crate::numerics::parallel::chunks_mut_at(out, |start, chunk| {
        let mut first = None;
        for (k, o) in chunk.iter_mut().enumerate() {
            match domain.settle(*o) {
                Some(v) => *o = v,
                None => {
                    first = first.or(Some(start + k));
                }
            }
        }
        first
    });
    match bad.into_iter().flatten().next() {
        None => Ok(()),
        Some(i) => {
            let v = out[i];
            Err(Error::Diverges {
                at: Location::at(field, i),
                value: v,
                reason: format!("for the customer {}, {}", describe(i), reason(domain, v)),
            })
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn only_rounding_above_one_is_settled() {
        let p = Domain::Probability;
        assert_eq!(p.settle(1.0000000000000004), Some(1.0));
        assert_eq!(p.settle(0.25), Some(0.25));
        assert_eq!(p.settle(1.0000008), None);
        assert_eq!(p.settle(-1e-300), None);
        assert_eq!(p.settle(f64::NAN), None);
        assert_eq!(Domain::Expectation.settle(-5e6), None);
        assert_eq!(Domain::Expectation.settle(f64::INFINITY), None);
        assert_eq!(Domain::Expectation.settle(0.0), Some(0.0));
        assert_eq!(Domain::Finite.settle(3.0), Some(3.0));
    }

    #[test]
    fn the_first_bad_value_of_a_batch_is_named() {
        let mut out = vec![0.5; 200_000];
        out[7] = 1.0 + 1e-15;
        out[150_000] = f64::NAN;
        out[199_999] = 2.0;
        let e = settle_batch(&mut out, Domain::Probability, "frequency", |i| format!("#{i}")).unwrap_err();
        assert_eq!((e.code(), e.field(), e.index()), ("diverges", Some("frequency"), Some(150_000)));
        assert_eq!(out[7], 1.0);
        assert!(e.to_string().contains("#150000"), "{e}");
    }
}
