//! Probabilistic models of repeat buying, fitted by maximum likelihood, with the predictions
//! that customer-base analysis needs: whether a customer is still alive, how many purchases to
//! expect, what a customer is worth.
//!
//! | model | setting | parameters (lifetimes' names) | source |
//! |---|---|---|---|
//! | [`BetaGeo`] (BG/NBD) | continuous time, non-contractual | r, alpha, a, b | Fader, Hardie & Lee 2005, "Counting your customers the easy way" |
//! | [`ModifiedBetaGeo`] (MBG/NBD) | as BG/NBD, dropout also possible at the first purchase | r, alpha, a, b | Batislam, Denizel & Filiztekin 2007; Wagner & Hoppe 2008 |
//! | [`ParetoNbd`] (Pareto/NBD) | continuous time, dropout at any time | r, alpha, s, beta | Schmittlein, Morrison & Colombo 1987; Fader & Hardie 2005 notes |
//! | [`BetaGeoBetaBinom`] (BG/BB) | discrete transaction opportunities | alpha, beta, gamma, delta | Fader, Hardie & Shang 2010 |
//! | [`GammaGamma`] | spend per transaction | p, q, v | Fader, Hardie & Lee 2005, "RFM and CLV"; Fader & Hardie note 025 |
//! | [`ShiftedBetaGeo`] (sBG) | discrete time, contractual: a cohort's survivor counts | alpha, beta | Fader & Hardie 2007, "How to project customer retention"; 2010 |
//!
//! ## The data
//!
//! A customer's history is summarised as in lifetimes: `frequency` x is the number of *repeat*
//! purchases (periods with a purchase after the first), `recency` tₓ the age of the customer at
//! the last purchase (0 when x = 0) and `T` the age at the end of the observation window, all in
//! one time unit of the caller's choosing. Rows may carry `weights` (customer counts, for
//! grouped data). Fits fold identical rows into one pattern before they start, so grouped and
//! ungrouped data give the same estimates.
//!
//! ## Fitting
//!
//! Every `fit` maximises the likelihood over the logarithms of the parameters with argmin's
//! L-BFGS and a Moré–Thuente line search, with gradients by automatic differentiation, then
//! polishes with Newton steps using the exact Hessian, which also gives the standard errors (the
//! observed information). The objective is lifetimes' (the mean negative log-likelihood plus
//! `penalizer` × the sum of squared parameters, on lifetimes' rescaled time axis), so a
//! `penalizer` means what it means in lifetimes; the reported `log_likelihood` is the total
//! without penalty, the figure the papers print. Likelihood sums run on all cores with the
//! `parallel` feature (on by default) and give the same bits without it.
//!
//! ## Names, compared with lifetimes
//!
//! | lifetimes | custometrics |
//! |---|---|
//! | `BetaGeoFitter().fit(f, r, T)` | [`BetaGeo::fit`] → [`Fit`] (`model`, `std_errors`, `report`) |
//! | `ModifiedBetaGeoFitter`, `ParetoNBDFitter`, `BetaGeoBetaBinomFitter`, `GammaGammaFitter` | [`ModifiedBetaGeo`], [`ParetoNbd`], [`BetaGeoBetaBinom`], [`GammaGamma`] |
//! | `params_`, `standard_errors_`, `variance_matrix_` | [`Fit::model`], [`Fit::std_errors`], [`FitReport::covariance`] (row-major) |
//! | `_negative_log_likelihood_` (a mean on rescaled time) | [`FitReport::log_likelihood`] (the total, in the data's time unit) and [`FitReport::objective`] |
//! | `conditional_probability_alive` | [`TransactionModel::probability_alive`] (and `_batch`, `_into`) |
//! | `expected_number_of_purchases_up_to_time` | [`TransactionModel::expected_transactions`] |
//! | `conditional_expected_number_of_purchases_up_to_time` / `predict` | [`TransactionModel::conditional_expected_transactions`] |
//! | `probability_of_n_purchases_up_to_time` | [`TransactionModel::probability_of_transactions`] |
//! | `conditional_probability_alive_matrix(max_frequency, max_recency)` | [`TransactionModel::probability_alive_matrix`] (the same `[recency, frequency]` layout; both arguments required, lifetimes' defaults from [`MatrixExtent::from_data`]) |
//! | `ParetoNBDFitter.conditional_probability_of_n_purchases_up_to_time(n, t, f, r, T)` | [`ParetoNbd::conditional_probability_of_transactions`] (and `_batch`, `_into`) |
//! | `conditional_expected_average_profit` | [`GammaGamma::conditional_expected_average_profit`] |
//! | `customer_lifetime_value` | [`customer_lifetime_value`] |
//!
//! ```
//! use custometrics::retention::models::{BetaGeo, FitOptions, TransactionModel};
//! let (f, r, t) = ([0.0, 2.0, 1.0, 5.0, 0.0], [0.0, 20.0, 3.0, 30.0, 0.0], [40.0, 38.0, 35.0, 31.0, 30.0]);
//! let fit = BetaGeo::fit(&f, &r, &t, None, &FitOptions::default())?;
//! let p = fit.model.probability_alive(2.0, 20.0, 38.0)?;
//! assert!(p > 0.0 && p <= 1.0);
//! # Ok::<(), custometrics::Error>(())
//! ```

/// `#[serde(try_from)]` for a parameter struct: the fields as read go through the struct's
/// validating `new`, so a deserialised model is as valid as a constructed one (a derived
/// `Deserialize` accepted `{"r": -1, …}` and NaN).
macro_rules! validated_on_deserialize {
    ($ty:ident, $unchecked:ident, $($f:ident),+) => {
        /// The parameters as read, before validation.
        #[derive(serde::Deserialize)]
        struct $unchecked {
            $(#[serde(with = "crate::float_serde")] $f: f64,)+
        }

        impl TryFrom<$unchecked> for $ty {
            type Error = crate::Error;
            fn try_from(p: $unchecked) -> crate::Result<Self> {
                Self::new($(p.$f),+)
            }
        }

        impl super::sealed::StdErrors for $ty {
            fn read_std_errors<'de, D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
                let p = <$unchecked as serde::Deserialize>::deserialize(d)?;
                $(super::sealed::check_std_error(stringify!($f), p.$f)?;)+
                Ok(Self { $($f: p.$f),+ })
            }
        }
    };
}

mod bg_bb;
mod bg_nbd;
mod clv;
mod data;
mod fit;
mod from_summary;
mod gamma_gamma;
mod mbg_nbd;
mod output;
mod pareto_nbd;
mod sbg;

pub use bg_bb::{BetaGeoBetaBinom, MAX_PMF_PERIODS};
pub use bg_nbd::BetaGeo;
pub use clv::{MAX_CLV_MONTHS, ModelClvOptions, TimeUnit, customer_lifetime_value, customer_lifetime_value_into};
pub use fit::{Fit, FitOptions, FitReport};
pub use from_summary::FitSummary;
pub use gamma_gamma::{GammaGamma, SpendIndependence};
pub use mbg_nbd::ModifiedBetaGeo;
pub use pareto_nbd::ParetoNbd;
pub use sbg::ShiftedBetaGeo;

use crate::error::Result;
use crate::input::{self, Column};
use data::{check_rft, rft_ok};
use output::Domain;
use serde::{Deserialize, Serialize};

/// The computations behind [`TransactionModel`], on inputs already validated.
pub(crate) mod sealed {
    /// How a [`Fit`](super::Fit)'s standard errors are read back: with the model's parameter
    /// names but not its validation, since a standard error may be NaN where the covariance is
    /// not available (a model's parameters may not).
    pub trait StdErrors: Sized {
        /// The standard errors as written by `Serialize`; each NaN, +inf or non-negative.
        fn read_std_errors<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error>;
    }

    /// A standard error is NaN (not available) or non-negative; anything else was not written by
    /// the crate.
    pub(crate) fn check_std_error<E: serde::de::Error>(name: &str, v: f64) -> Result<(), E> {
        if v.is_nan() || v >= 0.0 {
            Ok(())
        } else {
            Err(E::custom(format!("std_errors.{name} = {v}: a standard error is NaN or non-negative")))
        }
    }

    /// Unchecked kernels; the public trait validates and then calls these.
    pub trait Kernels: Sync {
        /// `Ok` when every parameter is a positive finite number (the fields are public, so a
        /// model may have been built without [`new`](super::BetaGeo::new)).
        fn check(&self) -> crate::Result<()>;
        /// P(alive | x, tₓ, T).
        fn p_alive(&self, x: f64, tx: f64, t: f64) -> f64;
        /// `out[i]` = P(alive | xᵢ, tₓᵢ, Tᵢ) for every customer (NaN for an invalid history);
        /// whether all histories were valid. Models override it with a faster batch kernel
        /// that gives the same bits as `p_alive`.
        fn p_alive_fill(&self, x: &[f64], tx: &[f64], t: &[f64], out: &mut [f64]) -> bool {
            super::data::fill_checked(out, |i| {
                let (xi, txi, ti) = (x[i], tx[i], t[i]);
                super::rft_ok(xi, txi, ti).then(|| self.p_alive(xi, txi, ti))
            })
        }
        /// [`Kernels::p_alive_fill`] over `i64` histories read in place, each row converted to
        /// `f64` as it is read (the same bits); `None` where the model has no such kernel (the
        /// columns are then widened block by block for `p_alive_fill`).
        fn p_alive_fill_ints(&self, _x: &[i64], _tx: &[i64], _t: &[i64], _out: &mut [f64]) -> Option<bool> {
            None
        }
        /// E[X(t)] for a new customer.
        fn expected(&self, t: f64) -> f64;
        /// E[Y(t) | x, tₓ, T].
        fn conditional(&self, t: f64, x: f64, tx: f64, age: f64) -> f64;
        /// P(X(t) = n).
        fn pmf(&self, n: u64, t: f64) -> f64;
        /// `out[i]` = E[Y(t) | xᵢ, tₓᵢ, Tᵢ] for every customer (NaN for an invalid history);
        /// whether all histories were valid. Models override it with a faster batch kernel.
        fn conditional_fill(&self, t: f64, x: &[f64], tx: &[f64], age: &[f64], out: &mut [f64]) -> bool {
            super::data::fill_checked(out, |i| {
                let (xi, txi, ai) = (x[i], tx[i], age[i]);
                super::rft_ok(xi, txi, ai).then(|| self.conditional(t, xi, txi, ai))
            })
        }
    }
}

/// The predictions every continuous-time transaction model makes: [`BetaGeo`],
/// [`ModifiedBetaGeo`] and [`ParetoNbd`].
///
/// Times are in the unit the model was fitted in. Every method first checks the parameters
/// (`out_of_range`/`not_finite` naming the parameter: the fields are public, so a model may not
/// have come from `new` or `fit`). Histories are validated as in fitting
/// (`frequency` a non-negative whole number, 0 <= `recency` <= `T`, `T` > 0, `recency` 0 when
/// `frequency` is 0).
pub trait TransactionModel: sealed::Kernels + Sync {
    /// The probability that a customer with history (`frequency`, `recency`, `T`) has not yet
    /// dropped out (lifetimes' `conditional_probability_alive`).
    ///
    /// ```
    /// use custometrics::retention::models::{BetaGeo, TransactionModel};
    /// let m = BetaGeo::new(0.243, 4.414, 0.793, 2.426)?;
    /// assert_eq!(m.probability_alive(0.0, 0.0, 38.86)?, 1.0); // BG/NBD: no repeat, no dropout
    /// assert!(m.probability_alive(2.0, 5.0, 38.86)? < m.probability_alive(2.0, 30.0, 38.86)?);
    /// # Ok::<(), custometrics::Error>(())
    /// ```
    ///
    /// # Errors
    /// `out_of_range` or `not_finite` for an invalid history, naming `frequency`, `recency` or
    /// `T`.
    fn probability_alive(&self, frequency: f64, recency: f64, t: f64) -> Result<f64> {
        self.check()?;
        check_rft(None, frequency, recency, t)?;
        computed(self.p_alive(frequency, recency, t), Domain::Probability)
    }

    /// [`TransactionModel::probability_alive`] for many customers, written into `out` (in
    /// parallel with the `parallel` feature, without allocating).
    ///
    /// ```
    /// use custometrics::retention::models::{BetaGeo, TransactionModel};
    /// let m = BetaGeo::new(0.243, 4.414, 0.793, 2.426)?;
    /// let mut out = [0.0; 2];
    /// m.probability_alive_into(&[0.0, 2.0], &[0.0, 30.0], &[38.0, 38.0], &mut out)?;
    /// assert_eq!(out[0], 1.0);
    /// # Ok::<(), custometrics::Error>(())
    /// ```
    ///
    /// # Errors
    /// `length_mismatch` (including `out`); otherwise as the scalar version, naming the index of
    /// the first invalid customer.
    fn probability_alive_into(&self, frequency: &[f64], recency: &[f64], t: &[f64], out: &mut [f64]) -> Result<()> {
        self.probability_alive_into_of([frequency, recency, t].map(Column::F64), out)
    }

    /// [`TransactionModel::probability_alive_into`] of the histories (frequency, recency, T)
    /// given as [`Column`]s of any numeric type, each read at its own width without an `f64`
    /// copy: the same values and errors, bit for bit, as for the columns converted to `f64`.
    ///
    /// ```
    /// use custometrics::Column;
    /// use custometrics::retention::models::{BetaGeo, TransactionModel};
    /// let m = BetaGeo::new(0.243, 4.414, 0.793, 2.426)?;
    /// let (x, tx, t) = ([0i64, 2], [0i64, 30], [38i64, 38]);
    /// let mut out = [0.0; 2];
    /// m.probability_alive_into_of([Column::from(&x[..]), Column::from(&tx[..]), Column::from(&t[..])], &mut out)?;
    /// assert_eq!(out, m.probability_alive_batch(&[0.0, 2.0], &[0.0, 30.0], &[38.0, 38.0])?[..]);
    /// # Ok::<(), custometrics::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`TransactionModel::probability_alive_into`].
    fn probability_alive_into_of(&self, histories: [Column<'_>; 3], out: &mut [f64]) -> Result<()> {
        self.check()?;
        data::fill_histories_or_ints(
            histories,
            out,
            Domain::Probability,
            |[x, tx, t], out| self.p_alive_fill(x, tx, t, out),
            |[x, tx, t], out| self.p_alive_fill_ints(x, tx, t, out),
        )
    }

    /// [`TransactionModel::probability_alive`] for many customers.
    ///
    /// ```
    /// use custometrics::retention::models::{BetaGeo, TransactionModel};
    /// let m = BetaGeo::new(0.243, 4.414, 0.793, 2.426)?;
    /// let p = m.probability_alive_batch(&[0.0, 2.0], &[0.0, 30.0], &[38.0, 38.0])?;
    /// assert_eq!(p.len(), 2);
    /// # Ok::<(), custometrics::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`TransactionModel::probability_alive_into`].
    fn probability_alive_batch(&self, frequency: &[f64], recency: &[f64], t: &[f64]) -> Result<Vec<f64>> {
        let mut out = vec![0.0; frequency.len()];
        self.probability_alive_into(frequency, recency, t, &mut out)?;
        Ok(out)
    }

    /// The expected number of repeat purchases in (0, `t`] of a customer who has just made a
    /// first purchase (lifetimes' `expected_number_of_purchases_up_to_time`).
    ///
    /// ```
    /// use custometrics::retention::models::{BetaGeo, TransactionModel};
    /// let m = BetaGeo::new(0.243, 4.414, 0.793, 2.426)?;
    /// assert!(m.expected_transactions(39.0)? < m.expected_transactions(78.0)?);
    /// assert_eq!(m.expected_transactions(0.0)?, 0.0);
    /// # Ok::<(), custometrics::Error>(())
    /// ```
    ///
    /// # Errors
    /// `out_of_range`/`not_finite` for `t` negative or not finite; `diverges` naming `params`
    /// when parameters are so extreme that the result is not computable (NaN).
    fn expected_transactions(&self, t: f64) -> Result<f64> {
        self.check()?;
        check_horizon(t)?;
        computed(self.expected(t), Domain::Expectation)
    }

    /// The expected number of purchases in the next `t` time units of a customer with history
    /// (`frequency`, `recency`, `T`) (lifetimes' `conditional_expected_number_of_purchases_up_to_time`
    /// and `predict`).
    ///
    /// ```
    /// use custometrics::retention::models::{BetaGeo, TransactionModel};
    /// let m = BetaGeo::new(0.243, 4.414, 0.793, 2.426)?;
    /// let busy = m.conditional_expected_transactions(39.0, 10.0, 38.0, 39.0)?;
    /// let gone = m.conditional_expected_transactions(39.0, 10.0, 5.0, 39.0)?;
    /// assert!(busy > 5.0 && gone < 0.1);
    /// # Ok::<(), custometrics::Error>(())
    /// ```
    ///
    /// # Errors
    /// `t` as in [`TransactionModel::expected_transactions`]; the history as in
    /// [`TransactionModel::probability_alive`].
    fn conditional_expected_transactions(&self, t: f64, frequency: f64, recency: f64, age: f64) -> Result<f64> {
        self.check()?;
        check_horizon(t)?;
        check_rft(None, frequency, recency, age)?;
        computed(self.conditional(t, frequency, recency, age), Domain::Expectation)
    }

    /// [`TransactionModel::conditional_expected_transactions`] for many customers and one
    /// horizon `t`, written into `out`.
    ///
    /// ```
    /// use custometrics::retention::models::{BetaGeo, TransactionModel};
    /// let m = BetaGeo::new(0.243, 4.414, 0.793, 2.426)?;
    /// let mut out = [0.0; 2];
    /// m.conditional_expected_transactions_into(39.0, &[0.0, 2.0], &[0.0, 30.0], &[38.0, 38.0], &mut out)?;
    /// assert!(out[1] > out[0]);
    /// # Ok::<(), custometrics::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`TransactionModel::probability_alive_into`], and `t` as in
    /// [`TransactionModel::expected_transactions`].
    fn conditional_expected_transactions_into(
        &self,
        t: f64,
        frequency: &[f64],
        recency: &[f64],
        age: &[f64],
        out: &mut [f64],
    ) -> Result<()> {
        self.conditional_expected_transactions_into_of(t, [frequency, recency, age].map(Column::F64), out)
    }

    /// [`TransactionModel::conditional_expected_transactions_into`] of the histories
    /// (frequency, recency, T) given as [`Column`]s of any numeric type, each read at its own
    /// width without an `f64` copy: the same values and errors, bit for bit, as for the columns
    /// converted to `f64`.
    ///
    /// ```
    /// use custometrics::Column;
    /// use custometrics::retention::models::{BetaGeo, TransactionModel};
    /// let m = BetaGeo::new(0.243, 4.414, 0.793, 2.426)?;
    /// let (x, tx, t) = ([0u32, 2], [0u32, 30], [38u32, 38]);
    /// let mut out = [0.0; 2];
    /// let histories = [Column::from(&x[..]), Column::from(&tx[..]), Column::from(&t[..])];
    /// m.conditional_expected_transactions_into_of(39.0, histories, &mut out)?;
    /// assert!(out[1] > out[0]);
    /// # Ok::<(), custometrics::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`TransactionModel::conditional_expected_transactions_into`].
    fn conditional_expected_transactions_into_of(
        &self,
        t: f64,
        histories: [Column<'_>; 3],
        out: &mut [f64],
    ) -> Result<()> {
        self.check()?;
        check_horizon(t)?;
        data::fill_histories(histories, out, Domain::Expectation, |[x, tx, age], out| {
            self.conditional_fill(t, x, tx, age, out)
        })
    }

    /// [`TransactionModel::conditional_expected_transactions`] for many customers.
    ///
    /// ```
    /// use custometrics::retention::models::{BetaGeo, TransactionModel};
    /// let m = BetaGeo::new(0.243, 4.414, 0.793, 2.426)?;
    /// let e = m.conditional_expected_transactions_batch(39.0, &[0.0, 2.0], &[0.0, 30.0], &[38.0, 38.0])?;
    /// assert_eq!(e.len(), 2);
    /// # Ok::<(), custometrics::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`TransactionModel::conditional_expected_transactions_into`].
    fn conditional_expected_transactions_batch(
        &self,
        t: f64,
        frequency: &[f64],
        recency: &[f64],
        age: &[f64],
    ) -> Result<Vec<f64>> {
        let mut out = vec![0.0; frequency.len()];
        self.conditional_expected_transactions_into(t, frequency, recency, age, &mut out)?;
        Ok(out)
    }

    /// The probability that a new customer makes exactly `n` repeat purchases in (0, `t`]
    /// (lifetimes' `probability_of_n_purchases_up_to_time`).
    ///
    /// ```
    /// use custometrics::retention::models::{BetaGeo, TransactionModel};
    /// let m = BetaGeo::new(0.243, 4.414, 0.793, 2.426)?;
    /// let total: f64 = (0..200).map(|n| m.probability_of_transactions(n, 39.0).unwrap()).sum();
    /// assert!((total - 1.0).abs() < 1e-9);
    /// # Ok::<(), custometrics::Error>(())
    /// ```
    ///
    /// # Errors
    /// `t` as in [`TransactionModel::expected_transactions`].
    fn probability_of_transactions(&self, n: u64, t: f64) -> Result<f64> {
        self.check()?;
        check_horizon(t)?;
        computed(self.pmf(n, t), Domain::Probability)
    }

    /// P(alive) on a grid of histories, for a heat map (lifetimes'
    /// `conditional_probability_alive_matrix(max_frequency, max_recency)`): every customer is
    /// `max_recency` time units old (T = `max_recency`), the rows are recency 0, 1, …,
    /// `max_recency` and the columns frequency 0, 1, …, `max_frequency` — lifetimes' layout,
    /// `[recency, frequency]`.
    ///
    /// The cells of frequency 0 and recency > 0 are no customer's history (without a repeat
    /// purchase recency is 0), yet lifetimes fills them with its formula evaluated there; so do
    /// we, rather than refusing the grid: 1 for BG/NBD (a customer without repeat purchases
    /// cannot have dropped out), for MBG/NBD and Pareto/NBD the formula's value at that recency.
    /// Read column 0 at row 0 for the customer without repeat purchases.
    ///
    /// lifetimes defaults the two arguments to the fitted data's largest frequency and its
    /// largest T rounded down; a model here may come from parameters alone, so they are
    /// required, [`MatrixExtent::from_data`] gives lifetimes' defaults for data and
    /// [`MatrixExtent::resolve`] fills in missing arguments from them. Unlike lifetimes (whose
    /// `or` takes 0 for "use the default"), 0 means 0.
    ///
    /// ```
    /// use custometrics::retention::models::{BetaGeo, TransactionModel};
    /// let m = BetaGeo::new(0.243, 4.414, 0.793, 2.426)?;
    /// let grid = m.probability_alive_matrix(2, 38)?;
    /// assert_eq!((grid.n_rows(), grid.n_cols()), (39, 3)); // recency 0..=38, frequency 0..=2
    /// assert_eq!(grid.get(38, 2), Some(m.probability_alive(2.0, 38.0, 38.0)?));
    /// assert!(grid.get(5, 2) < grid.get(30, 2)); // the longer ago the last purchase, the likelier gone
    /// assert_eq!(grid.rows().next(), Some(&grid.probabilities[..3]));
    /// # Ok::<(), custometrics::Error>(())
    /// ```
    ///
    /// # Errors
    /// `out_of_range` naming `max_recency` when it is 0 (the customers' age must be positive),
    /// or naming `max_frequency` when the grid would have more than [`MAX_MATRIX_CELLS`] cells;
    /// `diverges` naming `probabilities` and the cell's row-major index when a cell is not
    /// computable at these parameters.
    fn probability_alive_matrix(&self, max_frequency: u64, max_recency: u64) -> Result<ProbabilityAliveMatrix> {
        self.check()?;
        let (rows, cols) = matrix_shape(max_frequency, max_recency)?;
        let t = max_recency as f64;
        let mut probabilities = vec![0.0; rows * cols];
        // The batch kernel on blocks of cells (in parallel with the feature), each block's
        // histories written out in row-major order; the cells of frequency 0 and recency > 0,
        // which it refuses as histories, then from the formula as lifetimes fills them.
        crate::numerics::parallel::all_blocks_mut(&mut probabilities, data::CHUNK, |offset, block| {
            let cell = |k: usize| ((offset + k) % cols, (offset + k) / cols);
            let x: Vec<f64> = (0..block.len()).map(|k| cell(k).0 as f64).collect();
            let tx: Vec<f64> = (0..block.len()).map(|k| cell(k).1 as f64).collect();
            let age = vec![t; block.len()];
            if !self.p_alive_fill(&x, &tx, &age, block) {
                for (k, p) in block.iter_mut().enumerate() {
                    if let (0, recency @ 1..) = cell(k) {
                        *p = self.p_alive(0.0, recency as f64, t);
                    }
                }
            }
            true
        });
        output::settle_batch(&mut probabilities, Domain::Probability, "probabilities", |k| {
            format!("at recency {}, frequency {} of the grid", k / cols, k % cols)
        })?;
        Ok(ProbabilityAliveMatrix { max_frequency, max_recency, probabilities })
    }
}

/// The most cells a [`ProbabilityAliveMatrix`] may have: 2²⁴ (128 MiB of `f64`), so that no
/// argument can ask for more memory than a WebAssembly module has.
pub const MAX_MATRIX_CELLS: usize = 1 << 24;

/// (rows, columns) of the P(alive) grid, validated.
fn matrix_shape(max_frequency: u64, max_recency: u64) -> Result<(usize, usize)> {
    if max_recency == 0 {
        return Err(crate::Error::OutOfRange {
            at: crate::Location::scalar("max_recency"),
            value: 0.0,
            expected: "the integers 1, 2, 3, … (max_recency is also the customers' age T, which must be positive)"
                .into(),
        });
    }
    let size = |v: u64| usize::try_from(v).ok().and_then(|v| v.checked_add(1));
    match (size(max_recency), size(max_frequency)) {
        (Some(rows), Some(cols)) if rows.checked_mul(cols).is_some_and(|n| n <= MAX_MATRIX_CELLS) => Ok((rows, cols)),
        _ => Err(crate::Error::OutOfRange {
            at: crate::Location::scalar("max_frequency"),
            value: max_frequency as f64,
            expected: format!(
                "values for which (max_frequency + 1) × (max_recency + 1) is at most {MAX_MATRIX_CELLS} cells \
                 (max_recency = {max_recency})"
            ),
        }),
    }
}

/// P(alive) on a grid of histories: what [`TransactionModel::probability_alive_matrix`] returns.
///
/// ```
/// use custometrics::retention::models::{ParetoNbd, TransactionModel};
/// let grid = ParetoNbd::new(0.553, 10.578, 0.606, 11.669)?.probability_alive_matrix(1, 2)?;
/// assert_eq!(grid.probabilities.len(), 3 * 2);
/// assert_eq!(grid.get(2, 1), Some(1.0)); // a purchase at T = 2: alive
/// assert_eq!(grid.get(3, 0), None);
/// # Ok::<(), custometrics::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ProbabilityAliveMatrix {
    /// The largest frequency: the columns are frequency 0..=`max_frequency`.
    pub max_frequency: u64,
    /// The largest recency, and every customer's age T: the rows are recency 0..=`max_recency`.
    pub max_recency: u64,
    /// Row-major, `(max_recency + 1) × (max_frequency + 1)`: `probabilities[recency ×
    /// (max_frequency + 1) + frequency]`.
    #[serde(with = "crate::float_serde::vec")]
    pub probabilities: Vec<f64>,
}

impl ProbabilityAliveMatrix {
    /// The number of rows, `max_recency + 1` (saturating).
    ///
    /// ```
    /// use custometrics::retention::models::{BetaGeo, TransactionModel};
    /// let grid = BetaGeo::new(0.243, 4.414, 0.793, 2.426)?.probability_alive_matrix(0, 4)?;
    /// assert_eq!((grid.n_rows(), grid.n_cols()), (5, 1));
    /// # Ok::<(), custometrics::Error>(())
    /// ```
    pub fn n_rows(&self) -> usize {
        usize::try_from(self.max_recency).map_or(usize::MAX, |v| v.saturating_add(1))
    }

    /// The number of columns, `max_frequency + 1` (saturating).
    ///
    /// ```
    /// use custometrics::retention::models::{BetaGeo, TransactionModel};
    /// let grid = BetaGeo::new(0.243, 4.414, 0.793, 2.426)?.probability_alive_matrix(3, 1)?;
    /// assert_eq!(grid.n_cols(), 4);
    /// # Ok::<(), custometrics::Error>(())
    /// ```
    pub fn n_cols(&self) -> usize {
        usize::try_from(self.max_frequency).map_or(usize::MAX, |v| v.saturating_add(1))
    }

    /// P(alive) at (`recency`, `frequency`); `None` outside the grid.
    ///
    /// ```
    /// use custometrics::retention::models::{BetaGeo, TransactionModel};
    /// let grid = BetaGeo::new(0.243, 4.414, 0.793, 2.426)?.probability_alive_matrix(3, 10)?;
    /// assert_eq!(grid.get(10, 3), Some(1.0 / (1.0 + 0.793 / (2.426 + 2.0))));
    /// assert_eq!(grid.get(11, 3), None);
    /// # Ok::<(), custometrics::Error>(())
    /// ```
    pub fn get(&self, recency: u64, frequency: u64) -> Option<f64> {
        if recency > self.max_recency || frequency > self.max_frequency {
            return None;
        }
        let (i, j) = (usize::try_from(recency).ok()?, usize::try_from(frequency).ok()?);
        self.probabilities.get(i.checked_mul(self.n_cols())?.checked_add(j)?).copied()
    }

    /// The rows, recency 0 first, each indexed by frequency.
    ///
    /// ```
    /// use custometrics::retention::models::{BetaGeo, TransactionModel};
    /// let grid = BetaGeo::new(0.243, 4.414, 0.793, 2.426)?.probability_alive_matrix(3, 10)?;
    /// assert_eq!(grid.rows().count(), 11);
    /// assert!(grid.rows().all(|row| row.len() == 4 && row[0] == 1.0));
    /// # Ok::<(), custometrics::Error>(())
    /// ```
    pub fn rows(&self) -> std::slice::Chunks<'_, f64> {
        self.probabilities.chunks(self.n_cols().max(1))
    }
}

/// The grid lifetimes' `conditional_probability_alive_matrix()` draws by default for the data a
/// model was fitted on.
///
/// ```
/// use custometrics::retention::models::MatrixExtent;
/// let e = MatrixExtent::from_data(&[0.0, 3.0, 1.0], &[0.0, 20.0, 2.5], &[38.86, 30.0, 12.0])?;
/// assert_eq!(e, MatrixExtent { max_frequency: 3, max_recency: 38 });
/// # Ok::<(), custometrics::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatrixExtent {
    /// The largest frequency in the data.
    pub max_frequency: u64,
    /// The largest T in the data, rounded down to a whole number of time units (lifetimes'
    /// `int(T.max())`).
    pub max_recency: u64,
}

impl MatrixExtent {
    /// lifetimes' defaults from customer data (frequency, recency, T), validated as in fitting.
    /// A largest T under one time unit gives `max_recency` 0, which
    /// [`TransactionModel::probability_alive_matrix`] refuses.
    ///
    /// ```
    /// use custometrics::retention::models::MatrixExtent;
    /// let e = MatrixExtent::from_data(&[2.0], &[1.5], &[9.99])?;
    /// assert_eq!((e.max_frequency, e.max_recency), (2, 9));
    /// assert_eq!(MatrixExtent::from_data(&[2.0], &[11.0], &[9.99]).unwrap_err().field(), Some("recency"));
    /// # Ok::<(), custometrics::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`BetaGeo::fit`] for the data: `empty`, `length_mismatch`, and the first invalid
    /// history by field and index.
    pub fn from_data(frequency: &[f64], recency: &[f64], t: &[f64]) -> Result<Self> {
        let n = data::lengths(&["frequency", "recency", "T"], &[frequency, recency, t], None)?;
        let (mut max_x, mut max_t) = (0.0_f64, 0.0_f64);
        for i in 0..n {
            check_rft(Some(i), frequency[i], recency[i], t[i])?;
            max_x = max_x.max(frequency[i]);
            max_t = max_t.max(t[i]);
        }
        // Whole, finite and non-negative after validation; `as` saturates beyond u64.
        Ok(Self { max_frequency: max_x as u64, max_recency: max_t.floor() as u64 })
    }

    /// The grid for arguments that may be missing, lifetimes' way: each one not given is taken
    /// from `fitted`, the extent of the data the model was fitted on (what the bindings'
    /// `conditional_probability_alive_matrix()` does).
    ///
    /// ```
    /// use custometrics::retention::models::MatrixExtent;
    /// let fitted = MatrixExtent { max_frequency: 29, max_recency: 38 };
    /// let e = MatrixExtent::resolve(Some(5), None, Some(fitted))?;
    /// assert_eq!((e.max_frequency, e.max_recency), (5, 38));
    /// let err = MatrixExtent::resolve(Some(5), None, None).unwrap_err();
    /// assert_eq!((err.code(), err.field()), ("invalid", Some("max_recency")));
    /// # Ok::<(), custometrics::Error>(())
    /// ```
    ///
    /// # Errors
    /// `invalid` naming `max_frequency` (or else `max_recency`) when it is missing and there is
    /// no fitted extent: a model built from parameters has no data to take a default from.
    pub fn resolve(max_frequency: Option<u64>, max_recency: Option<u64>, fitted: Option<MatrixExtent>) -> Result<Self> {
        let missing = |field: &str, default: &str| crate::Error::Invalid {
            at: crate::Location::scalar(field),
            value: "missing".into(),
            expected: format!(
                "a whole number, needed when the model was not fitted to data (lifetimes' default is the \
                 fitted data's {default})"
            ),
        };
        Ok(Self {
            max_frequency: max_frequency
                .or(fitted.map(|e| e.max_frequency))
                .ok_or_else(|| missing("max_frequency", "largest frequency"))?,
            max_recency: max_recency
                .or(fitted.map(|e| e.max_recency))
                .ok_or_else(|| missing("max_recency", "largest T, rounded down"))?,
        })
    }
}

/// A prediction horizon: finite and non-negative.
pub(crate) fn check_horizon(t: f64) -> Result<f64> {
    input::check("t", t, t >= 0.0, "the non-negative numbers (a prediction horizon)")
}

pub(crate) use output::computed;

/// Model parameters: each finite and positive, named for errors.
pub(crate) fn check_params(names: &[&str], values: &[f64]) -> Result<()> {
    // Normal numbers: a subnormal parameter (below 2.2e-308) turned expectations into NaN
    // (found by the `models` fuzz target).
    for (name, v) in names.iter().zip(values) {
        input::check(name, *v, v.is_normal() && *v > 0.0, "the positive normal numbers (a model parameter)")?;
    }
    Ok(())
}
