//! custometrics over HTTP: `POST /nps`, `/trust` and `/clv` with JSON bodies (see
//! `custometrics_examples::server` for the routes and the error answers).
//!
//! `cargo run -p custometrics-examples --example server [ADDRESS]` (default `127.0.0.1:3000`), then
//!
//! ```sh
//! curl -s localhost:3000/nps -d '{"scores": [10, 9, 8, 7, 6, 0, 10, 9]}'
//! curl -s localhost:3000/nps -d '{"scores": [10, 11]}'   # 400: out_of_range, scores, index 1
//! curl -s localhost:3000/clv -d '{"margin": "100", "retention": 0.9, "options": {"discount": 0.1}}'
//! ```

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let address = std::env::args().nth(1).unwrap_or_else(|| "127.0.0.1:3000".to_owned());
    let listener = tokio::net::TcpListener::bind(&address).await?;
    println!("custometrics on http://{} (POST /nps, /trust, /clv)", listener.local_addr()?);
    axum::serve(listener, custometrics_examples::server::router()).await
}
