//! Access: sessions, who is calling, sign-in for citizens and staff. The caller is resolved once
//! per request here and handed to everything after it as a request extension (`Caller`), which
//! server functions read through Leptos' request context and plain handlers through
//! `Extension<Caller>`: one way in, decided on the server.

pub mod handlers;
pub mod identity;
pub mod session;
pub mod sign_in;
pub mod staff;

use std::net::{IpAddr, Ipv6Addr, SocketAddr};
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
    let lang =
        app::i18n::Lang::from_cookie(session::read_cookie(request.headers(), "lang").as_deref());
    request.extensions_mut().insert(caller);
    let mut response = next.run(request).await;
    if let Some(crate::back_office::Say(text)) = response
        .extensions_mut()
        .remove::<crate::back_office::Say>()
    {
        let page = crate::back_office::refusal_page(response.status(), &text, lang);
        *response.body_mut() = axum::body::Body::from(page);
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        );
    }
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
/// one the proxy itself saw; earlier ones are the client's own claims), as the limiter keys it.
fn client_addr(backend: &AppBackend, request: &Request) -> String {
    let from_proxy = backend.client_ip_header().and_then(|name| {
        request
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .and_then(|v| v.trim().parse::<IpAddr>().ok())
    });
    from_proxy
        .or_else(|| {
            request
                .extensions()
                .get::<ConnectInfo<SocketAddr>>()
                .map(|ConnectInfo(peer)| peer.ip())
        })
        .map_or_else(|| "unknown".into(), limiter_key)
}

/// One key per client for the limiter. An IPv6 subscriber is handed a whole /64 and may pick
/// any address in it, so all of it counts as one client; IPv4 (also when written as IPv6) is
/// one address.
pub fn limiter_key(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let network = u128::from(v6) & !((1u128 << 64) - 1);
                format!("{}/64", Ipv6Addr::from(network))
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_address_of_one_ipv6_subscriber_is_one_client() {
        let a: IpAddr = "2001:db8:12:34:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:12:34:ffff:1:2:3".parse().unwrap();
        let neighbour: IpAddr = "2001:db8:12:35::1".parse().unwrap();
        assert_eq!(limiter_key(a), "2001:db8:12:34::/64");
        assert_eq!(limiter_key(a), limiter_key(b));
        assert_ne!(limiter_key(a), limiter_key(neighbour));
    }

    #[test]
    fn an_ipv4_address_is_its_own_client_however_it_is_written() {
        let plain: IpAddr = "203.0.113.7".parse().unwrap();
        let mapped: IpAddr = "::ffff:203.0.113.7".parse().unwrap();
        assert_eq!(limiter_key(plain), "203.0.113.7");
        assert_eq!(limiter_key(mapped), "203.0.113.7");
        assert_ne!(
            limiter_key(plain),
            limiter_key("203.0.113.8".parse().unwrap())
        );
    }
}
