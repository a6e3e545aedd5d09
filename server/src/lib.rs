#![recursion_limit = "256"]
//! The server: configuration, database, catalog loading and the services behind server functions.
//! `main.rs` only wires; tests build the same app with [`build`] on port 0.

pub mod backend;
pub mod catalog_store;
pub mod clock;
pub mod config;
pub mod db;
pub mod error;
pub mod forms;
pub mod limits;
pub mod repo;
pub mod services;

use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::{Extension, Router};
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tower_http::compression::CompressionLayer;

use app::api::backend::Backend;
use app::{shell, App};
use backend::AppBackend;

pub use config::Config;

/// Connects, migrates, loads the catalog and returns the router.
pub async fn build(
    config: &Config,
    leptos_options: LeptosOptions,
) -> Result<Router, error::StartError> {
    let db = db::Db::connect(&config.database_url).await?;
    db.migrate().await?;
    let loaded = catalog_store::load(&db, config::SEED_CATALOG, clock::now_millis()).await?;
    tracing::info!(version = %loaded.catalog.version, hash = %loaded.hash, "catalog loaded");
    let identities =
        services::identity::Identities::from_json(config::DEMO_APPLICANTS, &loaded.catalog)
            .map_err(error::StartError::Catalog)?;
    let backend = Arc::new(backend::AppBackend::new(
        db,
        loaded,
        identities,
        config.clock.clone(),
    ));
    Ok(router(backend, leptos_options))
}

pub fn router(app_backend: Arc<AppBackend>, leptos_options: LeptosOptions) -> Router {
    let routes = generate_route_list(App);
    let backend: Arc<dyn Backend> = app_backend.clone();
    let context = move || provide_context(backend.clone());
    Router::new()
        .leptos_routes_with_context(&leptos_options, routes, context, {
            let options = leptos_options.clone();
            move || shell(options.clone())
        })
        .route("/healthz", axum::routing::get(|| async { "ok" }))
        .route("/track/lookup", axum::routing::get(track_lookup))
        .route("/language/{code}", axum::routing::get(choose_language))
        .route(
            "/apply/materials",
            axum::routing::post(forms::upload_materials)
                .layer(DefaultBodyLimit::max(forms::MAX_UPLOAD_REQUEST)),
        )
        .route("/resume/go", axum::routing::get(forms::resume))
        .route("/sign-in", axum::routing::post(forms::sign_in))
        .route("/sign-out", axum::routing::post(forms::sign_out))
        .fallback(leptos_axum::file_and_error_handler(shell))
        .layer(Extension(app_backend))
        .layer(Extension(Arc::new(
            limits::FailedAttempts::for_resume_codes(),
        )))
        .layer(CompressionLayer::new())
        .with_state(leptos_options)
}

/// Serves `router` on `listener`, telling handlers who is calling (the resume-code limiter
/// counts per client address). Used by `main` and by the tests alike.
pub async fn serve(listener: tokio::net::TcpListener, router: Router) -> std::io::Result<()> {
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .await
}

#[derive(serde::Deserialize)]
struct Lookup {
    number: String,
}

/// The no-JavaScript tracking form posts its number here; send the browser to the clean URL.
async fn track_lookup(
    axum::extract::Query(q): axum::extract::Query<Lookup>,
) -> axum::response::Redirect {
    let number: String = q
        .number
        .trim()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    axum::response::Redirect::to(&format!("/track/{}", number.to_ascii_uppercase()))
}

/// Remembers the reader's language for a year and sends them back where they were.
async fn choose_language(
    axum::extract::Path(code): axum::extract::Path<String>,
    headers: axum::http::HeaderMap,
) -> axum::response::Response {
    use axum::http::{header, HeaderValue, StatusCode};
    let lang = if code == "en" { "en" } else { "zh" };
    // Only same-site paths: never an open redirect.
    let back = headers
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|r| r.find("://").map(|i| &r[i + 3..]))
        .and_then(|r| r.find('/').map(|i| &r[i..]))
        .filter(|p| p.starts_with('/') && !p.starts_with("//") && !p.starts_with("/language/"))
        .unwrap_or("/")
        .to_string();
    let mut response = axum::response::Response::new(axum::body::Body::empty());
    *response.status_mut() = StatusCode::SEE_OTHER;
    if let Ok(v) = HeaderValue::from_str(&back) {
        response.headers_mut().insert(header::LOCATION, v);
    }
    let cookie = format!("lang={lang}; Path=/; Max-Age=31536000; SameSite=Lax");
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, v);
    }
    response
}
