//! custometrics as a small HTTP service (axum on tokio): how a Rust backend calls the library,
//! maps its errors onto 4xx answers and keeps batch work off the async runtime's threads.
//!
//! | route | body (JSON) | answer |
//! |---|---|---|
//! | `POST /nps` | `{"scores": [10, 9, null, 3], "options": {"confidence": 0.9, "nan_policy": "omit"}}` | [`Nps`] |
//! | `POST /trust` | `{"ratings": {"credibility": 7, "reliability": 8, "intimacy": 6, "self_orientation": 3}, "scale": {"min": 1, "max": 10}}` | [`TrustSensitivity`]: T and the lever that moves it most |
//! | `POST /clv` | `{"margin": "100", "retention": 0.9, "acquisition_cost": "120", "options": {"discount": 0.1}}` | [`Clv`], money as decimal strings |
//!
//! `options`, `scale` and `acquisition_cost` may be left out (the library's defaults); `null`
//! in `scores` is a missing answer, handled by `nan_policy`. Money is a decimal string (or a
//! JSON number, read at its shortest digits) and comes back as a string, exact.
//!
//! Every bad request gets `400 Bad Request` and [`ErrorBody`]: the library's error `code`
//! (`out_of_range`, `not_finite`, …, see `custometrics::Error::code`) with the `field` and
//! `index` it names, or `invalid_request` for a body that is not JSON of the right shape (with
//! the field and index where serde stopped, and for an option the library does not know).
//!
//! `cargo run -p custometrics-examples --example server [ADDRESS]` serves it (default
//! `127.0.0.1:3000`); `examples/tests/server.rs` tests it.

use axum::Router;
use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use custometrics::retention::{Clv, ClvOptions, clv};
use custometrics::satisfaction::{Nps, NpsOptions, nps};
use custometrics::trust::{TrustRatings, TrustScale, TrustSensitivity, sensitivity};
use custometrics::{Error, ErrorKind};
use rust_decimal::Decimal;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// The service's routes.
pub fn router() -> Router {
    Router::new().route("/nps", post(post_nps)).route("/trust", post(post_trust)).route("/clv", post(post_clv))
}

/// The body of every error answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// The library's stable error code, or `invalid_request` for a body of the wrong shape.
    pub code: String,
    /// The input at fault, as the request names it (`scores`, `options.confidence`).
    pub field: Option<String>,
    /// The element's position when the input is an array.
    pub index: Option<usize>,
    /// A sentence for a person.
    pub message: String,
}

/// Why a request failed.
#[derive(Debug)]
pub enum ApiError {
    /// The library refused the input.
    Library(Error),
    /// The body is not JSON of the expected shape.
    Request(ErrorBody),
    /// The blocking task did not finish (it panicked or was cancelled): a defect, not the
    /// caller's fault.
    Internal(String),
}

impl From<Error> for ApiError {
    fn from(e: Error) -> Self {
        Self::Library(e)
    }
}

/// The HTTP status of a library error. Matching on the exhaustive `ErrorKind` (not on the
/// `#[non_exhaustive]` `Error`) means a new kind in a later version fails to compile here
/// instead of falling into a default.
pub fn status_of(e: &Error) -> StatusCode {
    match e.kind() {
        // The request was well formed, but the data do not determine the model.
        ErrorKind::DidNotConverge => StatusCode::UNPROCESSABLE_ENTITY,
        ErrorKind::NotFinite
        | ErrorKind::OutOfRange
        | ErrorKind::Empty
        | ErrorKind::LengthMismatch
        | ErrorKind::DivisionByZero
        | ErrorKind::Invalid
        | ErrorKind::Diverges => StatusCode::BAD_REQUEST,
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, body) = match self {
            ApiError::Library(e) => (
                status_of(&e),
                ErrorBody {
                    code: e.code().to_owned(),
                    field: e.field().map(str::to_owned),
                    index: e.index(),
                    message: e.to_string(),
                },
            ),
            ApiError::Request(body) => (StatusCode::BAD_REQUEST, body),
            ApiError::Internal(message) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                ErrorBody { code: "internal".to_owned(), field: None, index: None, message },
            ),
        };
        (status, axum::Json(body)).into_response()
    }
}

/// A JSON body deserialised with the field and index of the first value that does not fit
/// (axum's own `Json` answers such bodies with a plain-text 422).
pub struct JsonBody<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(req, state).await.map_err(|e| invalid(None, None, e.body_text()))?;
        let mut de = serde_json::Deserializer::from_slice(&bytes);
        let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
            let (field, index) = locate(e.path());
            invalid(field, index, e.inner().to_string())
        })?;
        de.end().map_err(|e| invalid(None, None, e.to_string()))?;
        Ok(JsonBody(value))
    }
}

fn invalid(field: Option<String>, index: Option<usize>, message: String) -> ApiError {
    ApiError::Request(ErrorBody { code: "invalid_request".to_owned(), field, index, message })
}

/// A serde path as the library names inputs: the object keys joined by dots as the field, the
/// last array position as the index (`scores[3]` is field `scores`, index 3).
fn locate(path: &serde_path_to_error::Path) -> (Option<String>, Option<usize>) {
    use serde_path_to_error::Segment;
    let (mut keys, mut index) = (Vec::new(), None);
    for segment in path.iter() {
        match segment {
            Segment::Map { key } => keys.push(key.clone()),
            Segment::Enum { variant } => keys.push(variant.clone()),
            Segment::Seq { index: i } => index = Some(*i),
            Segment::Unknown => {}
        }
    }
    ((!keys.is_empty()).then(|| keys.join(".")), index)
}

/// Options as the library's type `T`, refusing keys that `T` does not have. The library's
/// option types fill in what is missing with their defaults and would skip an unknown key, so a
/// misspelt `"confidance"` would silently give the default: a wrong answer with no error. The
/// known keys are the ones `T::default()` serialises.
fn options<T: Default + Serialize + DeserializeOwned>(
    name: &str,
    given: Option<serde_json::Value>,
) -> Result<T, ApiError> {
    let Some(given) = given else { return Ok(T::default()) };
    let known = serde_json::to_value(T::default()).map_err(|e| ApiError::Internal(e.to_string()))?;
    if let (Some(given), Some(known)) = (given.as_object(), known.as_object())
        && let Some(key) = given.keys().find(|k| !known.contains_key(*k))
    {
        let expected: Vec<&str> = known.keys().map(String::as_str).collect();
        return Err(invalid(
            Some(format!("{name}.{key}")),
            None,
            format!("unknown option {key:?}; the options are {}", expected.join(", ")),
        ));
    }
    serde_path_to_error::deserialize(given).map_err(|e| {
        let (field, index) = locate(e.path());
        invalid(Some(field.map_or_else(|| name.to_owned(), |f| format!("{name}.{f}"))), index, e.inner().to_string())
    })
}

/// Runs library work that may be large (arrays go through rayon's global pool and block until
/// done) on tokio's blocking threads, so the async workers keep serving other requests.
async fn blocking<T: Send + 'static>(work: impl FnOnce() -> Result<T, Error> + Send + 'static) -> Result<T, ApiError> {
    match tokio::task::spawn_blocking(work).await {
        Ok(result) => result.map_err(ApiError::Library),
        Err(e) => Err(ApiError::Internal(e.to_string())),
    }
}

/// `POST /nps`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NpsRequest {
    /// Answers 0–10; `null` is a missing answer (see `nan_policy`).
    pub scores: Vec<Option<f64>>,
    /// `custometrics::satisfaction::NpsOptions`.
    pub options: Option<serde_json::Value>,
}

async fn post_nps(JsonBody(req): JsonBody<NpsRequest>) -> Result<axum::Json<Nps>, ApiError> {
    let opts: NpsOptions = options("options", req.options)?;
    // A missing answer is NaN in the library, which its nan_policy then raises, omits or
    // propagates; never 0.
    let scores: Vec<f64> = req.scores.into_iter().map(|s| s.unwrap_or(f64::NAN)).collect();
    Ok(axum::Json(blocking(move || nps(&scores, &opts)).await?))
}

/// `POST /trust`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrustRequest {
    /// One rater's four ratings.
    pub ratings: RatingsBody,
    /// The rating scale; default 1–10, as `custometrics::trust::TrustScale`.
    pub scale: Option<ScaleBody>,
}

/// Four ratings as sent. The library's `TrustRatings` checks them against the default 1–10
/// scale when it is deserialised; the request's own scale is only known after, so they are read
/// as numbers and checked by `TrustRatings::new`, which names the rating out of range.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct RatingsBody {
    pub credibility: f64,
    pub reliability: f64,
    pub intimacy: f64,
    pub self_orientation: f64,
}

/// A scale as sent, checked by `TrustScale::new` so that a bad one is answered with the
/// library's code and field (`out_of_range`, `scale.min`), not as a malformed body.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct ScaleBody {
    pub min: f64,
    pub max: f64,
}

async fn post_trust(JsonBody(req): JsonBody<TrustRequest>) -> Result<axum::Json<TrustSensitivity>, ApiError> {
    let scale = req.scale.map_or(Ok(TrustScale::default()), |s| TrustScale::new(s.min, s.max))?;
    let r = req.ratings;
    let ratings = TrustRatings::new(r.credibility, r.reliability, r.intimacy, r.self_orientation, scale)?;
    Ok(axum::Json(sensitivity(&ratings, scale)))
}

/// `POST /clv`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClvRequest {
    /// Margin per period.
    pub margin: Decimal,
    /// Retention per period, in [0, 1].
    pub retention: f64,
    /// Paid now; default 0.
    #[serde(default)]
    pub acquisition_cost: Decimal,
    /// `custometrics::retention::ClvOptions`: discount, growth, horizon, timing.
    pub options: Option<serde_json::Value>,
}

async fn post_clv(JsonBody(req): JsonBody<ClvRequest>) -> Result<axum::Json<Clv>, ApiError> {
    let opts: ClvOptions = options("options", req.options)?;
    Ok(axum::Json(clv(req.margin, req.retention, req.acquisition_cost, &opts)?))
}
