//! Access: sessions, who is calling, sign-in for citizens and staff. The caller is resolved once
//! per request here and handed to everything after it as a request extension (`Caller`), which
//! server functions read through Leptos' request context and plain handlers through
//! `Extension<Caller>`: one way in, decided on the server.

pub mod handlers;
pub mod identity;
pub mod session;
pub mod sign_in;
pub mod staff;

use std::net::SocketAddr;
use std::sync::Arc;

use app::api::caller::{Caller, ClientAddr};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

use crate::backend::AppBackend;
use crate::clock::now_millis;

/// Resolves the caller and the client's address for every request.
pub async fn resolve_caller(
    State(backend): State<Arc<AppBackend>>,
    mut request: Request,
    next: Next,
) -> Response {
    let client = client_addr(&backend, &request);
    request.extensions_mut().insert(ClientAddr(client));
    let sessions = backend.sessions();
    let presented = session::read_cookie(request.headers(), sessions.cookie_name());
    let mut stale = false;
    let caller = match &presented {
        Some(id) => match sessions.resolve(id, now_millis()).await {
            Ok(Some(caller)) => caller,
            Ok(None) => {
                stale = true;
                Caller::Anonymous
            }
            Err(e) => {
                // Without the session store nobody can be trusted: carry on as a stranger.
                tracing::error!(error = %e, "session lookup failed");
                Caller::Anonymous
            }
        },
        None => Caller::Anonymous,
    };
    if let Some(refused) = must_change_password_first(&caller, &request) {
        return refused;
    }
    request.extensions_mut().insert(caller);
    let mut response = next.run(request).await;
    if stale && !response.headers().contains_key(header::SET_COOKIE) {
        // An expired or revoked session: the browser forgets it too.
        if let Ok(v) = HeaderValue::from_str(&sessions.clear(sessions.cookie_name())) {
            response.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    response
}

/// A staff member signed in with a one-time password may do nothing else until they choose
/// their own: pages go to the password page, anything else is refused.
fn must_change_password_first(caller: &Caller, request: &Request) -> Option<Response> {
    let staff = caller.staff().filter(|s| s.must_change_password)?;
    let path = request.uri().path();
    if matches!(
        path,
        "/staff/password" | "/sign-out" | "/healthz" | "/favicon.svg"
    ) {
        return None;
    }
    tracing::info!(staff = %staff.id, path, "password change required first");
    let mut response = Response::new(axum::body::Body::empty());
    if request.method() == axum::http::Method::GET {
        *response.status_mut() = axum::http::StatusCode::SEE_OTHER;
        response.headers_mut().insert(
            header::LOCATION,
            HeaderValue::from_static("/staff/password?required=1"),
        );
    } else {
        *response.status_mut() = axum::http::StatusCode::FORBIDDEN;
    }
    Some(response)
}

/// The peer's address, or the last address a configured trusted proxy put in its header (the
/// one the proxy itself saw; earlier ones are the client's own claims).
fn client_addr(backend: &AppBackend, request: &Request) -> String {
    let from_proxy = backend.client_ip_header().and_then(|name| {
        request
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    });
    from_proxy
        .or_else(|| {
            request
                .extensions()
                .get::<ConnectInfo<SocketAddr>>()
                .map(|ConnectInfo(peer)| peer.ip().to_string())
        })
        .unwrap_or_else(|| "unknown".into())
}
