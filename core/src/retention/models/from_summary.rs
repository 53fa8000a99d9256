//! Fits straight from a [`Summary`]: the columns each model reads, taken from the summary
//! `summary_from_transactions` made, so a service goes from a transaction log to a fitted model
//! without picking columns by hand.

use super::{BetaGeo, Fit, FitOptions, GammaGamma, ModifiedBetaGeo, ParetoNbd};
use crate::error::{Error, Location, Result};
use crate::retention::Summary;

/// A model fitted from a [`Summary`] of a transaction log.
///
/// ```
/// use custometrics::retention::Summary;
/// use custometrics::retention::models::{BetaGeo, FitOptions, FitSummary, GammaGamma, TransactionModel};
/// # let csv = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/cdnow_customers_summary_with_transactions.csv"));
/// # let rows: Vec<Vec<f64>> = csv.lines().skip(1).map(|l| l.split(',').map(|v| v.parse().unwrap()).collect()).collect();
/// # let col = |j: usize| rows.iter().map(|r| r[j]).collect::<Vec<f64>>();
/// // CDNOW's 2357 customers, as `summary_from_transactions` gives them (in weeks).
/// let summary: Summary<u64> = Summary {
///     customer_id: (1..=2357).collect(),
///     frequency: col(1),
///     recency: col(2),
///     t: col(3),
///     monetary_value: Some(col(4)),
///     frequency_holdout: None,
///     monetary_value_holdout: None,
///     duration_holdout: None,
/// };
/// let options = FitOptions::default();
/// let bg = BetaGeo::fit_summary(&summary, &options)?;
/// let same = BetaGeo::fit(&summary.frequency, &summary.recency, &summary.t, None, &options)?;
/// assert_eq!(bg.model, same.model);
/// // Gamma-Gamma on the 946 repeat customers (Fader & Hardie, note 025: p = 6.25).
/// let gg = GammaGamma::fit_summary(&summary, &options)?;
/// assert!((gg.model.p - 6.25).abs() < 1e-2);
/// # Ok::<(), custometrics::Error>(())
/// ```
pub trait FitSummary: Sized {
    /// The model fitted by maximum likelihood to the columns of `summary` it needs: frequency,
    /// recency and T for the transaction models; the repeat customers' frequency and
    /// monetary value for [`GammaGamma`] (customers without a repeat purchase have no mean
    /// repeat spend and are left out, as in the model's definition).
    ///
    /// # Errors
    /// As the model's `fit`; [`GammaGamma`]: `invalid` naming `monetary_value` for a summary made
    /// without values.
    fn fit_summary<K>(summary: &Summary<K>, options: &FitOptions) -> Result<Fit<Self>>;
}

macro_rules! transaction_fit_summary {
    ($($model:ty),*) => {$(
        impl FitSummary for $model {
            fn fit_summary<K>(summary: &Summary<K>, options: &FitOptions) -> Result<Fit<Self>> {
                Self::fit(&summary.frequency, &summary.recency, &summary.t, None, options)
            }
        }
    )*};
}

transaction_fit_summary!(BetaGeo, ModifiedBetaGeo, ParetoNbd);

impl FitSummary for GammaGamma {
    fn fit_summary<K>(summary: &Summary<K>, options: &FitOptions) -> Result<Fit<Self>> {
        let Some(monetary) = &summary.monetary_value else {
            return Err(Error::Invalid {
                at: Location::scalar("monetary_value"),
                value: "none".into(),
                expected: "a summary made with transaction values".into(),
            });
        };
        let (frequency, spend): (Vec<f64>, Vec<f64>) =
            summary.frequency.iter().zip(monetary).filter(|(f, _)| **f > 0.0).map(|(f, m)| (*f, *m)).unzip();
        Self::fit(&frequency, &spend, None, options)
    }
}
