//! The BG/BB model's methods (the class is declared in `retention.rs`):
//! `BetaGeoBetaBinom.fit(frequency, recency, nPeriods, opts)`, with lifetimes' method names in
//! camelCase. Period counts are JS numbers checked to be whole.

/// A fitted model keeps nothing of its data beyond the fit.
pub(super) type Data = ();

macro_rules! methods {
    ($class:ident, $js:ident, $core:ty) => {
        // Expanded in `retention.rs`, which has `OrThrow` in scope.
        #[wasm_bindgen(js_class = $js)]
        impl $class {
            /// Fits the model to (frequency, recency, nPeriods): opportunities with a transaction, the
            /// last of them (0 if none) and opportunities in all; `opts.weights` for grouped data.
            pub fn fit(
                #[wasm_bindgen(unchecked_param_type = "Numbers")] frequency: JsValue,
                #[wasm_bindgen(unchecked_param_type = "Numbers")] recency: JsValue,
                #[wasm_bindgen(js_name = nPeriods, unchecked_param_type = "Numbers")] n_periods: JsValue,
                #[wasm_bindgen(unchecked_optional_param_type = "ModelFitOptions")] opts: Option<JsValue>,
            ) -> $crate::convert::JsResult<$class> {
                let frequency = &$crate::input::numbers("frequency", &frequency)?;
                let recency = &$crate::input::numbers("recency", &recency)?;
                let n_periods = &$crate::input::numbers("n_periods", &n_periods)?;
                let (o, weights) = $crate::retention::model_fit_options(opts)?;
                let fit = <$core>::fit(frequency, recency, n_periods, weights.as_deref(), &o).or_throw()?;
                Ok($class::fitted(fit, ()))
            }

            /// The total log-likelihood of data under these parameters.
            #[wasm_bindgen(js_name = logLikelihoodOf)]
            pub fn log_likelihood_of(
                &self,
                #[wasm_bindgen(unchecked_param_type = "Numbers")] frequency: JsValue,
                #[wasm_bindgen(unchecked_param_type = "Numbers")] recency: JsValue,
                #[wasm_bindgen(js_name = nPeriods, unchecked_param_type = "Numbers")] n_periods: JsValue,
                #[wasm_bindgen(unchecked_optional_param_type = "Numbers")] weights: Option<JsValue>,
            ) -> $crate::convert::JsResult<f64> {
                let frequency = &$crate::input::numbers("frequency", &frequency)?;
                let recency = &$crate::input::numbers("recency", &recency)?;
                let n_periods = &$crate::input::numbers("n_periods", &n_periods)?;
                let weights = $crate::input::optional_numbers("weights", &weights.unwrap_or(JsValue::UNDEFINED))?;
                self.model.log_likelihood(frequency, recency, n_periods, weights.as_deref()).or_throw()
            }

            /// P(alive at opportunity nPeriods + mPeriodsInFuture | history) of each customer.
            #[wasm_bindgen(js_name = conditionalProbabilityAlive)]
            pub fn conditional_probability_alive(
                &self,
                #[wasm_bindgen(js_name = mPeriodsInFuture, unchecked_param_type = "number")]
                m_periods_in_future: JsValue,
                #[wasm_bindgen(unchecked_param_type = "Numbers")] frequency: JsValue,
                #[wasm_bindgen(unchecked_param_type = "Numbers")] recency: JsValue,
                #[wasm_bindgen(js_name = nPeriods, unchecked_param_type = "Numbers")] n_periods: JsValue,
            ) -> $crate::convert::JsResult<Vec<f64>> {
                let m_periods_in_future = $crate::input::number("m_periods_in_future", &m_periods_in_future)?;
                let frequency = &$crate::input::numbers("frequency", &frequency)?;
                let recency = &$crate::input::numbers("recency", &recency)?;
                let n_periods = &$crate::input::numbers("n_periods", &n_periods)?;
                let m = $crate::convert::count("m_periods_in_future", m_periods_in_future, 0)?;
                self.model.probability_alive_batch(m, frequency, recency, n_periods).or_throw()
            }

            /// Each customer's expected transactions in the next `mPeriodsInFuture` opportunities.
            #[wasm_bindgen(js_name = conditionalExpectedNumberOfPurchasesUpToTime)]
            pub fn conditional_expected(
                &self,
                #[wasm_bindgen(js_name = mPeriodsInFuture, unchecked_param_type = "number")]
                m_periods_in_future: JsValue,
                #[wasm_bindgen(unchecked_param_type = "Numbers")] frequency: JsValue,
                #[wasm_bindgen(unchecked_param_type = "Numbers")] recency: JsValue,
                #[wasm_bindgen(js_name = nPeriods, unchecked_param_type = "Numbers")] n_periods: JsValue,
            ) -> $crate::convert::JsResult<Vec<f64>> {
                let m_periods_in_future = $crate::input::number("m_periods_in_future", &m_periods_in_future)?;
                let frequency = &$crate::input::numbers("frequency", &frequency)?;
                let recency = &$crate::input::numbers("recency", &recency)?;
                let n_periods = &$crate::input::numbers("n_periods", &n_periods)?;
                let m = $crate::convert::count("m_periods_in_future", m_periods_in_future, 0)?;
                self.model.conditional_expected_transactions_batch(m, frequency, recency, n_periods).or_throw()
            }

            /// E[X(n)]: a new customer's expected transactions in the first `nPeriods` opportunities.
            #[wasm_bindgen(js_name = expectedNumberOfPurchasesUpToTime)]
            pub fn expected(
                &self,
                #[wasm_bindgen(js_name = nPeriods, unchecked_param_type = "number")] n_periods: JsValue,
            ) -> $crate::convert::JsResult<f64> {
                let n_periods = $crate::input::number("n_periods", &n_periods)?;
                self.model.expected_transactions($crate::convert::count("n_periods", n_periods, 0)?).or_throw()
            }

            /// P(X(nPeriods) = n) for a new customer.
            #[wasm_bindgen(js_name = probabilityOfNPurchasesUpToTime)]
            pub fn pmf(
                &self,
                #[wasm_bindgen(js_name = nPeriods, unchecked_param_type = "number")] n_periods: JsValue,
                #[wasm_bindgen(unchecked_param_type = "number")] n: JsValue,
            ) -> $crate::convert::JsResult<f64> {
                let n_periods = $crate::input::number("n_periods", &n_periods)?;
                let n = $crate::input::number("n", &n)?;
                let (periods, n) =
                    ($crate::convert::count("n_periods", n_periods, 0)?, $crate::convert::count("n", n, 0)?);
                self.model.probability_of_transactions(n, periods).or_throw()
            }
        }
    };
}
pub(super) use methods;
