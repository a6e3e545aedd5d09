//! Protection every response and every state-changing request gets, whatever route it takes.
//!
//! Cross-site requests: a browser says where a request comes from (`Sec-Fetch-Site`, or at least
//! `Origin`); a POST, PUT, PATCH or DELETE from another site is refused before any handler runs —
//! plain form posts and server functions alike, sign-in included (no login CSRF). Requests that
//! carry neither header do not come from a browser page, so a cookie cannot be ridden with them.
//!
//! Headers: pages set their own Content-Security-Policy with a fresh nonce (see `app::shell`);
//! everything else gets a strict one. Nothing may frame the site; nothing is sniffed; no page or
//! reply that may hold personal data is stored by a browser or proxy.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

use crate::backend::AppBackend;

/// Whether a state-changing request comes from our own pages (or from no browser page at all).
pub fn same_origin(headers: &HeaderMap, public_origin: Option<&str>) -> bool {
    if let Some(site) = headers.get("sec-fetch-site") {
        // "none": typed by the user or a bookmark; never a cross-site form.
        return matches!(site.to_str(), Ok("same-origin") | Ok("none"));
    }
    let Some(origin) = headers.get(header::ORIGIN) else {
        return true;
    };
    let Ok(origin) = origin.to_str() else {
        return false;
    };
    match public_origin {
        Some(expected) => origin == expected,
        None => {
            // No configured origin: the request must name the host it was sent to.
            let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
            host.is_some_and(|host| {
                origin
                    .strip_prefix("http://")
                    .or_else(|| origin.strip_prefix("https://"))
                    == Some(host)
            })
        }
    }
}

pub async fn refuse_cross_site(
    State(backend): State<Arc<AppBackend>>,
    request: Request,
    next: Next,
) -> Response {
    let changes_state = !matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if changes_state && !same_origin(request.headers(), backend.public_origin()) {
        tracing::warn!(path = %request.uri().path(), "cross-site request refused");
        let mut response = Response::new(axum::body::Body::from(
            "跨站请求已被拒绝。请从本网站的页面重新操作。\nCross-site request refused. Please try again from this site's own pages.",
        ));
        *response.status_mut() = StatusCode::FORBIDDEN;
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        );
        return response;
    }
    next.run(request).await
}

/// For responses that set none of their own (pages do, with a nonce).
const STRICT_CSP: &str =
    "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/// The most a server function's arguments may weigh: a form's worth of answers is a few KB.
pub const MAX_SERVER_FUNCTION_BODY: u64 = 256 * 1024;

/// Server functions read their whole body; an oversized one is refused before it is read (413),
/// and one that grows past the limit while streaming stops there.
pub async fn limit_server_function_bodies(request: Request, next: Next) -> Response {
    if !request.uri().path().starts_with("/api/") {
        return next.run(request).await;
    }
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_SERVER_FUNCTION_BODY) {
        let mut response = Response::new(axum::body::Body::from(
            "提交的内容过大。\nThe request is too large.",
        ));
        *response.status_mut() = StatusCode::PAYLOAD_TOO_LARGE;
        return response;
    }
    let (parts, body) = request.into_parts();
    let limited = axum::body::Body::new(http_body_util::Limited::new(
        body,
        MAX_SERVER_FUNCTION_BODY as usize,
    ));
    let response = next.run(Request::from_parts(parts, limited)).await;
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return response;
    }
    // Arguments that do not parse are the caller's fault, not the server's: 400, same body.
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        parts.status = StatusCode::INTERNAL_SERVER_ERROR;
        return Response::from_parts(parts, axum::body::Body::empty());
    };
    if bytes.starts_with(b"Args|") || bytes.starts_with(b"Deserialization|") {
        parts.status = StatusCode::BAD_REQUEST;
    }
    Response::from_parts(parts, axum::body::Body::from(bytes))
}

pub async fn security_headers(
    State(backend): State<Arc<AppBackend>>,
    request: Request,
    next: Next,
) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let set = |headers: &mut HeaderMap, name: &'static str, value: &'static str| {
        headers
            .entry(name)
            .or_insert(HeaderValue::from_static(value));
    };
    set(headers, "x-content-type-options", "nosniff");
    set(headers, "x-frame-options", "DENY");
    set(headers, "referrer-policy", "same-origin");
    set(headers, "cross-origin-opener-policy", "same-origin");
    set(
        headers,
        "permissions-policy",
        "geolocation=(), microphone=(), camera=(), payment=()",
    );
    set(headers, "content-security-policy", STRICT_CSP);
    if backend.https() {
        set(
            headers,
            "strict-transport-security",
            "max-age=31536000; includeSubDomains",
        );
    }
    // Pages, server functions and redirects may carry personal data: never stored, unless the
    // handler itself said otherwise (only the built files do, in `static_files`).
    headers
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-store"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn a_post_from_another_site_is_refused_and_ours_is_allowed() {
        assert!(!same_origin(
            &headers(&[("sec-fetch-site", "cross-site")]),
            None
        ));
        assert!(!same_origin(
            &headers(&[("sec-fetch-site", "same-site")]),
            None
        ));
        assert!(same_origin(
            &headers(&[("sec-fetch-site", "same-origin")]),
            None
        ));
        assert!(!same_origin(
            &headers(&[("origin", "https://evil.example"), ("host", "gov.example")]),
            None
        ));
        assert!(same_origin(
            &headers(&[("origin", "http://gov.example"), ("host", "gov.example")]),
            None
        ));
        assert!(!same_origin(
            &headers(&[("origin", "null"), ("host", "gov.example")]),
            None
        ));
    }

    #[test]
    fn a_configured_origin_is_the_only_one_accepted() {
        let h = headers(&[("origin", "http://gov.example"), ("host", "gov.example")]);
        assert!(!same_origin(&h, Some("https://gov.example")));
        let h = headers(&[("origin", "https://gov.example")]);
        assert!(same_origin(&h, Some("https://gov.example")));
    }

    #[test]
    fn a_request_from_no_browser_page_carries_no_cookie_risk_and_passes() {
        assert!(same_origin(&HeaderMap::new(), None));
    }
}
