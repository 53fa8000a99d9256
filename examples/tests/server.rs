//! The HTTP service example (`examples/src/server.rs`): answers with known numbers, and bad
//! requests with 400 and the error's code, field and index. Most requests go through the router
//! with tower's `oneshot`; one goes over a real socket to the server as `--example server` runs it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use axum::body::Body;
use axum::http::{Request, StatusCode};
use custometrics_examples::server::{ErrorBody, router};
use serde_json::{Value, json};
use tower::ServiceExt;

/// POSTs `body` (raw text) to `path`; the status and the JSON answer.
async fn post_raw(path: &str, body: String) -> (StatusCode, Value) {
    let request = Request::post(path).header("content-type", "application/json").body(Body::from(body)).unwrap();
    let response = router().oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 20).await.unwrap();
    (status, serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("not JSON ({e}): {bytes:?}")))
}

async fn post(path: &str, body: Value) -> (StatusCode, Value) {
    post_raw(path, body.to_string()).await
}

/// A 400 whose body is exactly the error triple (and a message).
fn error(answer: &(StatusCode, Value)) -> ErrorBody {
    assert_eq!(answer.0, StatusCode::BAD_REQUEST, "{}", answer.1);
    serde_json::from_value(answer.1.clone()).unwrap()
}

#[tokio::test]
async fn nps_answers_the_score_and_its_interval() {
    // 4 promoters, 2 passives, 2 detractors of 8: (4 − 2) / 8 = 25 points (the README's example).
    let (status, v) = post("/nps", json!({ "scores": [10, 9, 8, 7, 6, 0, 10, 9] })).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!((v["score"].as_f64(), v["promoters"].as_u64(), v["n"].as_u64()), (Some(25.0), Some(4), Some(8)));
    assert_eq!(v["confidence"], 0.95); // the library's default, as nothing was sent
    let (_, narrow) =
        post("/nps", json!({ "scores": [10, 9, 8, 7, 6, 0, 10, 9], "options": { "confidence": 0.8 } })).await;
    assert!(narrow["ci_high"].as_f64().unwrap() < v["ci_high"].as_f64().unwrap());
}

#[tokio::test]
async fn nps_null_is_a_missing_answer_under_the_nan_policy() {
    let scores = json!([10, null, 0, 9]);
    let e = error(&post("/nps", json!({ "scores": scores })).await);
    assert_eq!((e.code.as_str(), e.field.as_deref(), e.index), ("not_finite", Some("scores"), Some(1)));
    let (status, v) = post("/nps", json!({ "scores": scores, "options": { "nan_policy": "omit" } })).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!((v["n"].as_u64(), v["promoters"].as_u64()), (Some(3), Some(2))); // never counted as a 0
}

#[tokio::test]
async fn nps_out_of_scale_is_a_400_naming_field_and_index() {
    let e = error(&post("/nps", json!({ "scores": [10, 9, 11, 3] })).await);
    assert_eq!((e.code.as_str(), e.field.as_deref(), e.index), ("out_of_range", Some("scores"), Some(2)));
    assert_eq!(e.message, "scores[2] = 11 is outside the NPS scale: an integer in 0..=10");
    let e = error(&post("/nps", json!({ "scores": [] })).await);
    assert_eq!((e.code.as_str(), e.field.as_deref()), ("empty", Some("scores")));
    let e = error(&post("/nps", json!({ "scores": [9], "options": { "confidence": 1.5 } })).await);
    assert_eq!((e.code.as_str(), e.field.as_deref(), e.index), ("out_of_range", Some("confidence"), None));
}

#[tokio::test]
async fn bodies_of_the_wrong_shape_are_a_400_naming_where() {
    let e = error(&post("/nps", json!({ "scores": [10, "9"] })).await);
    assert_eq!((e.code.as_str(), e.field.as_deref(), e.index), ("invalid_request", Some("scores"), Some(1)));
    let e = error(&post("/nps", json!({ "score": [10] })).await);
    assert_eq!(e.code, "invalid_request");
    // A misspelt option is refused, not replaced by the default.
    let e = error(&post("/nps", json!({ "scores": [10], "options": { "confidance": 0.9 } })).await);
    assert_eq!((e.code.as_str(), e.field.as_deref()), ("invalid_request", Some("options.confidance")));
    let e = error(&post("/nps", json!({ "scores": [10], "options": { "nan_policy": "skip" } })).await);
    assert_eq!((e.code.as_str(), e.field.as_deref()), ("invalid_request", Some("options.nan_policy")));
    // Not JSON at all: where the parser stopped.
    let e = error(&post_raw("/nps", "{\"scores\": [10,".to_owned()).await);
    assert_eq!((e.code.as_str(), e.field.as_deref()), ("invalid_request", Some("scores")));
    assert!(e.message.contains("EOF"), "{}", e.message);
    let e = error(&post_raw("/nps", "{\"scores\": [10]} trailing".to_owned()).await);
    assert_eq!((e.code.as_str(), e.field), ("invalid_request", None));
}

#[tokio::test]
async fn trust_answers_t_and_the_best_lever() {
    let ratings = json!({ "credibility": 7, "reliability": 8, "intimacy": 6, "self_orientation": 3 });
    let (status, v) = post("/trust", json!({ "ratings": ratings })).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["score"], 7.0); // (7 + 8 + 6) / 3, Maister et al.'s equation
    assert_eq!(v["best_lever"], "self_orientation"); // S from 3 to 2 gives 10.5
    let e = error(&post("/trust", json!({ "ratings": ratings, "scale": { "min": 1, "max": 5 } })).await);
    assert_eq!((e.code.as_str(), e.field.as_deref()), ("out_of_range", Some("credibility")));
    // A scale from 0 would allow S = 0 and an infinite T: refused, not computed.
    let e = error(&post("/trust", json!({ "ratings": ratings, "scale": { "min": 0, "max": 10 } })).await);
    assert_eq!((e.code.as_str(), e.field.as_deref()), ("out_of_range", Some("scale.min")));
    // Ratings are checked against the request's scale, not the default 1–10.
    let wide = json!({ "credibility": 15, "reliability": 8, "intimacy": 6, "self_orientation": 3 });
    let (status, v) = post("/trust", json!({ "ratings": wide, "scale": { "min": 1, "max": 20 } })).await;
    assert_eq!((status, v["score"].as_f64()), (StatusCode::OK, Some(29.0 / 3.0)), "{v}");
}

#[tokio::test]
async fn clv_answers_exact_money() {
    let body = json!({ "margin": "100", "retention": 0.9, "acquisition_cost": "120", "options": { "discount": 0.1 } });
    let (status, v) = post("/clv", body).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    // Gupta & Lehmann: 100 · 0.9 / (1 + 0.1 − 0.9) = 450, less 120 acquisition cost.
    assert_eq!((v["gross"].as_str(), v["net"].as_str()), (Some("450"), Some("330")));
    let (_, v) = post("/clv", json!({ "margin": 100.1, "retention": 0.5 })).await;
    assert_eq!(v["gross"], "100.1"); // a JSON number read at its digits: 100.1 · 0.5 / 0.5
    let e = error(&post("/clv", json!({ "margin": "100", "retention": 1.0 })).await);
    assert_eq!((e.code.as_str(), e.field.as_deref()), ("diverges", Some("retention")));
    let e = error(&post("/clv", json!({ "margin": "100", "retention": 0.9, "options": { "discount": -1 } })).await);
    assert_eq!((e.code.as_str(), e.field.as_deref()), ("out_of_range", Some("discount")));
}

/// The service over a real socket on an ephemeral port, as `--example server` runs it.
#[tokio::test]
async fn serves_over_tcp() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = tokio::spawn(async move { axum::serve(listener, router()).await });
    let body = r#"{"scores": [10, 11]}"#;
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let request = format!(
        "POST /nps HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await.unwrap();
    server.abort();
    assert!(answer.starts_with("HTTP/1.1 400 Bad Request\r\n"), "{answer}");
    let json = answer.split("\r\n\r\n").nth(1).unwrap();
    let e: ErrorBody = serde_json::from_str(json).unwrap();
    assert_eq!((e.code.as_str(), e.field.as_deref(), e.index), ("out_of_range", Some("scores"), Some(1)));
}

/// What a service shares between threads is `Send + Sync`.
#[test]
fn the_types_a_service_shares_are_send_and_sync() {
    fn shareable<T: Send + Sync + 'static>() {}
    shareable::<custometrics::Error>();
    shareable::<custometrics::satisfaction::NpsOptions>();
    shareable::<custometrics::retention::models::BetaGeo>();
    shareable::<custometrics::retention::models::Fit<custometrics::retention::models::BetaGeo>>();
    shareable::<custometrics::retention::models::GammaGamma>();
    shareable::<custometrics::tiers::TransitionMatrix>();
    shareable::<custometrics::tiers::SegmentMap>();
}
