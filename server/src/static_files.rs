//! What cargo-leptos builds (wasm, JavaScript, CSS) and the favicon, served as built.
//!
//! `scripts/build-site.sh` writes a `.br` (brotli 11, cargo-leptos `--precompress`) and a `.gz`
//! (gzip 9) beside every file, so these are never compressed per request: the server picks the
//! copy the browser accepts.
//! With `hash-files` on, every name under `/pkg` carries a hash of its content, so a browser may
//! keep it for a year without asking again; a new build has new names.
//!
//! Dynamic responses never get here: they are compressed by `compress::responses` and are
//! `no-store` unless they say otherwise (see `protect::security_headers`).

use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::Router;
use leptos::config::LeptosOptions;
use tower_http::services::{ServeDir, ServeFile};

/// A year, and the browser need not even revalidate: the name changes when the content does.
pub const HASHED: &str = "public, max-age=31536000, immutable";
/// Names without a hash (a server started without `hash-files`): always revalidated, answered
/// with 304 when unchanged.
pub const UNHASHED: &str = "no-cache";
/// The favicon keeps its name across builds: a day is long enough to matter and short enough to
/// change it.
pub const FAVICON: &str = "public, max-age=86400";

/// The routes for built files; they go outside the session and compression layers (a file is the
/// same for everyone, and looking up a session for each would be wasted work).
pub fn router<S: Clone + Send + Sync + 'static>(options: &LeptosOptions) -> Router<S> {
    let root = std::path::Path::new(&*options.site_root);
    let pkg = ServeDir::new(root.join(&*options.site_pkg_dir))
        .precompressed_br()
        .precompressed_gzip();
    let favicon = ServeFile::new(root.join("favicon.svg"))
        .precompressed_br()
        .precompressed_gzip();
    let pkg_policy = if options.hash_files { HASHED } else { UNHASHED };
    Router::new()
        .nest_service(&format!("/{}", options.site_pkg_dir), pkg)
        .layer(middleware::from_fn(move |req: Request, next: Next| {
            cache_for(pkg_policy, req, next)
        }))
        .merge(
            Router::new()
                .route_service("/favicon.svg", favicon)
                .layer(middleware::from_fn(|req: Request, next: Next| {
                    cache_for(FAVICON, req, next)
                })),
        )
}

/// A found file (200, or 304 when the browser already has it) gets `policy`; anything else —
/// a missing name, an error — is not stored, so a file that appears later is found.
async fn cache_for(policy: &'static str, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let found = matches!(
        response.status(),
        StatusCode::OK | StatusCode::NOT_MODIFIED | StatusCode::PARTIAL_CONTENT
    );
    let headers = response.headers_mut();
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(if found { policy } else { "no-store" }),
    );
    // The same URL has a brotli, a gzip and a plain body: shared caches must keep them apart.
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    response
}
