//! Plain form posts for signing in and out, staff accounts and resume codes. Each answers with a
//! redirect (303), so they work the same with and without JavaScript; a refusal goes back to the
//! form with a code the page turns into a message beside the field.

use std::sync::Arc;

use app::api::caller::{Caller, ClientAddr};
use app::api::{apply_url, encode, SIGN_IN_ATTEMPT_COOKIE};
use axum::extract::{Form, Path};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use axum::Extension;
use serde::Deserialize;

use super::session::read_cookie;
use super::sign_in::{self, Refusal};
use super::staff;
use crate::backend::AppBackend;
use crate::clock::now_millis;
use crate::crypto::new_token;
use crate::limits::Scope;

pub fn see_other(location: &str, cookies: &[String]) -> Response {
    let mut response = Response::new(axum::body::Body::empty());
    *response.status_mut() = StatusCode::SEE_OTHER;
    if let Ok(v) = HeaderValue::from_str(location) {
        response.headers_mut().insert(header::LOCATION, v);
    }
    for cookie in cookies {
        if let Ok(v) = HeaderValue::from_str(cookie) {
            response.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    response
}

/// A path on this site to come back to; anything else (another site, `//host`) becomes `/`.
pub fn same_site_path(next: &str) -> &str {
    let ok = next.starts_with('/')
        && !next.starts_with("//")
        && !next.starts_with("/\\")
        && !next.chars().any(|c| c.is_control());
    if ok {
        next
    } else {
        "/"
    }
}

fn failure(e: impl std::fmt::Display) -> Response {
    tracing::error!(error = %e, "sign-in step failed");
    see_other("/sign-in?error=unavailable", &[])
}

#[derive(Deserialize)]
pub struct PhoneForm {
    #[serde(default)]
    phone: String,
    #[serde(default)]
    next: String,
}

/// Step 1 of signing in by mobile number: a code is sent (shown on the page in development).
pub async fn start_sign_in(
    Extension(backend): Extension<Arc<AppBackend>>,
    Extension(ClientAddr(client)): Extension<ClientAddr>,
    Form(form): Form<PhoneForm>,
) -> Response {
    let now = now_millis();
    let next = encode(same_site_path(&form.next));
    let limiter = backend.limiter();
    // Every start sends a message: it counts against both allowances whether or not it is used.
    match limiter.admit(Scope::SignInStart, &client, now).await {
        Ok(true) => {}
        Ok(false) => return see_other(&format!("/sign-in?error=wait&next={next}"), &[]),
        Err(e) => return failure(e),
    }
    let phone = match sign_in::parse_phone(&form.phone) {
        Ok(p) => p,
        Err(r) => return see_other(&format!("/sign-in?error={}&next={next}", r.code()), &[]),
    };
    let number = backend.keys().index(&phone);
    match limiter.admit(Scope::SignInNumber, &number, now).await {
        Ok(true) => {}
        Ok(false) => return see_other(&format!("/sign-in?error=wait&next={next}"), &[]),
        Err(e) => return failure(e),
    }
    let attempt = new_token();
    let code = sign_in::new_code();
    let sealed = backend.keys().seal(&phone);
    if let Err(e) = sign_in::store_attempt(backend.db(), &attempt, &sealed, &code, now).await {
        return failure(e);
    }
    if let Err(e) = backend
        .identity()
        .deliver_code(&phone, &code, &attempt)
        .await
    {
        return failure(e);
    }
    let cookie = backend.sessions().cookie(
        SIGN_IN_ATTEMPT_COOKIE,
        &attempt,
        sign_in::CODE_LIFETIME_MILLIS,
    );
    see_other(&format!("/sign-in/verify?next={next}"), &[cookie])
}

#[derive(Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    next: String,
}

/// Step 2: the code. Right → a new session for that person (any earlier one on this browser
/// is revoked: no fixation).
pub async fn finish_sign_in(
    Extension(backend): Extension<Arc<AppBackend>>,
    Extension(ClientAddr(client)): Extension<ClientAddr>,
    headers: HeaderMap,
    Form(form): Form<CodeForm>,
) -> Response {
    let now = now_millis();
    let next = same_site_path(&form.next).to_string();
    let back = |code: &str| format!("/sign-in/verify?error={code}&next={}", encode(&next));
    let limiter = backend.limiter();
    match limiter.admit(Scope::SignInCode, &client, now).await {
        Ok(true) => {}
        Ok(false) => return see_other(&back("wait"), &[]),
        Err(e) => return failure(e),
    }
    let Some(attempt) = read_cookie(&headers, SIGN_IN_ATTEMPT_COOKIE) else {
        return see_other(
            &format!("/sign-in?error=expired&next={}", encode(&next)),
            &[],
        );
    };
    let sealed_phone = match sign_in::check_code(backend.db(), &attempt, &form.code, now).await {
        Ok(Ok(sealed)) => {
            if let Err(e) = limiter.succeeded(Scope::SignInCode, &client).await {
                return failure(e);
            }
            sealed
        }
        Ok(Err(refusal)) => {
            let target = match refusal {
                Refusal::Expired => format!("/sign-in?error=expired&next={}", encode(&next)),
                other => back(other.code()),
            };
            return see_other(&target, &[]);
        }
        Err(e) => return failure(e),
    };
    let Some(phone) = backend.keys().open(&sealed_phone) else {
        return failure("sealed phone does not open");
    };
    let mut person = match backend.identity().person_with_phone(&phone).await {
        Ok(p) => p,
        Err(e) => return failure(e),
    };
    // The same number is the same person on any device: their drafts follow them.
    person.subject = format!("citizen:{}", backend.keys().index(&phone));
    open_session_for(&backend, &headers, next, |s| async move {
        s.open_citizen(&person, now).await
    })
    .await
}

#[derive(Deserialize)]
pub struct DemoForm {
    #[serde(default)]
    applicant: String,
    #[serde(default)]
    next: String,
}

/// Development only: sign in as a demo person. Each sign-in is its own subject, so visitors who
/// pick the same demo person never see each other's drafts.
pub async fn demo_sign_in(
    Extension(backend): Extension<Arc<AppBackend>>,
    headers: HeaderMap,
    Form(form): Form<DemoForm>,
) -> Response {
    let Some(person) = backend
        .identity()
        .development_identities()
        .iter()
        .find(|a| a.id == form.applicant)
        .cloned()
    else {
        return see_other("/sign-in?error=unknown", &[]);
    };
    let citizen = person.citizen(format!("demo:{}:{}", person.id, new_token()));
    let next = same_site_path(&form.next).to_string();
    open_session_for(&backend, &headers, next, |s| async move {
        s.open_citizen(&citizen, now_millis()).await
    })
    .await
}

/// Revokes the session this browser had, opens the new one and goes on to `next`.
async fn open_session_for<F, Fut>(
    backend: &AppBackend,
    headers: &HeaderMap,
    next: String,
    open: F,
) -> Response
where
    F: FnOnce(super::session::Sessions) -> Fut,
    Fut: std::future::Future<Output = Result<String, sqlx::Error>>,
{
    let sessions = backend.sessions().clone();
    if let Some(old) = read_cookie(headers, sessions.cookie_name()) {
        if let Err(e) = sessions.revoke(&old).await {
            return failure(e);
        }
    }
    let clear_attempt = sessions.clear(SIGN_IN_ATTEMPT_COOKIE);
    match open(sessions).await {
        Ok(cookie) => see_other(&next, &[cookie, clear_attempt]),
        Err(e) => failure(e),
    }
}

/// Ends the session for good and has the browser drop what it kept for this site (local
/// drafts included), so the next person on this device sees nothing of the last.
pub async fn sign_out(
    Extension(backend): Extension<Arc<AppBackend>>,
    headers: HeaderMap,
) -> Response {
    let sessions = backend.sessions();
    if let Some(id) = read_cookie(&headers, sessions.cookie_name()) {
        if let Err(e) = sessions.revoke(&id).await {
            tracing::error!(error = %e, "sign-out failed");
        }
    }
    let mut response = see_other("/?signed_out=1", &[sessions.clear(sessions.cookie_name())]);
    response.headers_mut().insert(
        "clear-site-data",
        HeaderValue::from_static("\"cache\", \"storage\""),
    );
    response
}

#[derive(Deserialize)]
pub struct StaffSignInForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

pub async fn staff_sign_in(
    Extension(backend): Extension<Arc<AppBackend>>,
    Extension(ClientAddr(client)): Extension<ClientAddr>,
    headers: HeaderMap,
    Form(form): Form<StaffSignInForm>,
) -> Response {
    let now = now_millis();
    let next = same_site_path(&form.next).to_string();
    let back = |code: &str| format!("/staff/sign-in?error={code}&next={}", encode(&next));
    let limiter = backend.limiter();
    match limiter.admit(Scope::StaffPassword, &client, now).await {
        Ok(true) => {}
        Ok(false) => return see_other(&back("wait"), &[]),
        Err(e) => return failure(e),
    }
    let id = match staff::check_password(backend.db(), &form.username, &form.password).await {
        Ok(Some(id)) => {
            if let Err(e) = limiter.succeeded(Scope::StaffPassword, &client).await {
                return failure(e);
            }
            id
        }
        Ok(None) => {
            let who = form.username.chars().take(32).collect::<String>();
            backend
                .audit(&Caller::Anonymous, "staff_sign_in_failed", &who, &client)
                .await;
            return see_other(&back("password"), &[]);
        }
        Err(e) => return failure(e),
    };
    backend
        .audit(&Caller::Anonymous, "staff_sign_in", &id, &client)
        .await;
    let next = if next == "/" {
        "/staff".to_string()
    } else {
        next
    };
    open_session_for(&backend, &headers, next, |s| async move {
        s.open_staff(&id, now).await
    })
    .await
}

/// Administrators only, decided here on the server for every post.
fn refuse_unless_admin(caller: &Caller) -> Option<Response> {
    match caller.may_manage_staff() {
        Ok(()) => None,
        Err(denied) => Some(match denied.sign_in_url("/staff/accounts") {
            Some(url) => see_other(&url, &[]),
            None => crate::back_office::forbidden(),
        }),
    }
}

/// Adds a staff account. Refusals come back by field, with what was typed (but the password).
pub async fn add_staff(
    Extension(backend): Extension<Arc<AppBackend>>,
    Extension(caller): Extension<Caller>,
    Form(form): Form<staff::NewStaff>,
) -> Response {
    if let Some(refused) = refuse_unless_admin(&caller) {
        return refused;
    }
    let typed = format!(
        "username={}&name={}&role={}&department={}",
        encode(&form.username),
        encode(&form.name),
        encode(&form.role),
        encode(&form.department)
    );
    let valid = match form.parse(&backend.catalog()) {
        Ok(v) => v,
        Err(errors) => {
            return see_other(
                &format!("/staff/accounts?errors={}&{typed}#add", errors.join(",")),
                &[],
            );
        }
    };
    match staff::add(
        backend.db(),
        &valid,
        staff::Chosen::BySomeoneElse,
        now_millis(),
    )
    .await
    {
        Ok(Some(id)) => {
            backend
                .audit(
                    &caller,
                    "staff_add",
                    &id,
                    &format!("role={}", valid.role.code()),
                )
                .await;
            see_other("/staff/accounts?added=1", &[])
        }
        Ok(None) => see_other(
            &format!("/staff/accounts?errors=username_taken&{typed}#add"),
            &[],
        ),
        Err(e) => {
            tracing::error!(error = %e, "adding staff failed");
            see_other("/staff/accounts?errors=unavailable", &[])
        }
    }
}

#[derive(Deserialize)]
pub struct ActiveForm {
    #[serde(default)]
    active: String,
}

/// Switches an account off (its sessions end at once) or on again.
pub async fn set_staff_active(
    Extension(backend): Extension<Arc<AppBackend>>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    Form(form): Form<ActiveForm>,
) -> Response {
    if let Some(refused) = refuse_unless_admin(&caller) {
        return refused;
    }
    let active = form.active == "1";
    if !active && caller.staff().is_some_and(|me| me.id == id) {
        // An administrator cannot lock the last door behind themselves.
        return see_other("/staff/accounts?errors=self", &[]);
    }
    let done = async {
        let found = staff::set_active(backend.db(), &id, active).await?;
        if found && !active {
            backend.sessions().revoke_staff(&id).await?;
        }
        Ok::<bool, sqlx::Error>(found)
    }
    .await;
    match done {
        Ok(true) => {
            let action = if active {
                "staff_activate"
            } else {
                "staff_deactivate"
            };
            backend.audit(&caller, action, &id, "").await;
            see_other("/staff/accounts?changed=1", &[])
        }
        Ok(false) => see_other("/staff/accounts?errors=unknown", &[]),
        Err(e) => {
            tracing::error!(error = %e, "changing staff failed");
            see_other("/staff/accounts?errors=unavailable", &[])
        }
    }
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    password: String,
}

/// Sets a new password (the administrator hands it over); the account's sessions end.
pub async fn set_staff_password(
    Extension(backend): Extension<Arc<AppBackend>>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    Form(form): Form<PasswordForm>,
) -> Response {
    if let Some(refused) = refuse_unless_admin(&caller) {
        return refused;
    }
    if form.password.chars().count() < staff::MIN_PASSWORD_CHARS {
        return see_other(
            &format!("/staff/accounts?errors=password&account={}", encode(&id)),
            &[],
        );
    }
    let done = async {
        let found = staff::set_password(
            backend.db(),
            &id,
            &form.password,
            staff::Chosen::BySomeoneElse,
        )
        .await?;
        if found {
            backend.sessions().revoke_staff(&id).await?;
        }
        Ok::<bool, sqlx::Error>(found)
    }
    .await;
    match done {
        Ok(true) => {
            backend.audit(&caller, "staff_password", &id, "").await;
            see_other("/staff/accounts?changed=1", &[])
        }
        Ok(false) => see_other("/staff/accounts?errors=unknown", &[]),
        Err(e) => {
            tracing::error!(error = %e, "changing a password failed");
            see_other("/staff/accounts?errors=unavailable", &[])
        }
    }
}

#[derive(Deserialize)]
pub struct OwnPasswordForm {
    #[serde(default)]
    current: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    confirm: String,
}

/// A staff member chooses their own password (required after a one-time one). Every session of
/// theirs ends and a new one starts here.
pub async fn change_own_password(
    Extension(backend): Extension<Arc<AppBackend>>,
    Extension(caller): Extension<Caller>,
    Extension(ClientAddr(client)): Extension<ClientAddr>,
    Form(form): Form<OwnPasswordForm>,
) -> Response {
    let Some(me) = caller.staff() else {
        return see_other("/staff/sign-in?next=%2Fstaff%2Fpassword", &[]);
    };
    let now = now_millis();
    let limiter = backend.limiter();
    match limiter.admit(Scope::StaffPassword, &client, now).await {
        Ok(true) => {}
        Ok(false) => return see_other("/staff/password?error=wait", &[]),
        Err(e) => return failure(e),
    }
    let refusal = if form.password.chars().count() < staff::MIN_PASSWORD_CHARS {
        Some("short")
    } else if form.password != form.confirm {
        Some("mismatch")
    } else if form.password == form.current {
        Some("same")
    } else {
        None
    };
    match staff::is_current_password(backend.db(), &me.id, &form.current).await {
        Ok(true) => {
            if let Err(e) = limiter.succeeded(Scope::StaffPassword, &client).await {
                return failure(e);
            }
        }
        Ok(false) => return see_other("/staff/password?error=current", &[]),
        Err(e) => return failure(e),
    }
    if let Some(code) = refusal {
        return see_other(&format!("/staff/password?error={code}"), &[]);
    }
    let sessions = backend.sessions();
    let done = async {
        staff::set_password(
            backend.db(),
            &me.id,
            &form.password,
            staff::Chosen::ByHolder,
        )
        .await?;
        sessions.revoke_staff(&me.id).await?;
        sessions.open_staff(&me.id, now).await
    }
    .await;
    match done {
        Ok(cookie) => {
            backend
                .audit(&caller, "staff_password_changed", &me.id, "")
                .await;
            see_other("/staff?password_changed=1", &[cookie])
        }
        Err(e) => failure(e),
    }
}

#[derive(Deserialize)]
pub struct ResumeForm {
    #[serde(default)]
    code: String,
}

/// A resume code, posted (never in a URL): back to the form with everything kept. The draft
/// becomes this browser's; a signed-in person's draft needs that person signed in. A client that
/// typed too many wrong codes waits before any further code is even looked up.
pub async fn resume(
    Extension(backend): Extension<Arc<AppBackend>>,
    Extension(caller): Extension<Caller>,
    Extension(ClientAddr(client)): Extension<ClientAddr>,
    Form(form): Form<ResumeForm>,
) -> Response {
    let now = now_millis();
    let limiter = backend.limiter();
    match limiter.admit(Scope::ResumeCode, &client, now).await {
        Ok(true) => {}
        Ok(false) => return see_other("/resume?wait=1", &[]),
        Err(e) => return failure(e),
    }
    let resumed = backend.resume(&caller, &form.code).await;
    if matches!(
        resumed,
        Ok(crate::backend::Resumed::Draft { .. } | crate::backend::Resumed::NeedsSignIn)
    ) {
        if let Err(e) = limiter.succeeded(Scope::ResumeCode, &client).await {
            return failure(e);
        }
    }
    match resumed {
        Ok(crate::backend::Resumed::Draft {
            items,
            handle,
            cookie,
        }) => see_other(
            &apply_url(&items, &handle),
            &cookie.into_iter().collect::<Vec<_>>(),
        ),
        Ok(crate::backend::Resumed::NeedsSignIn) => {
            see_other("/sign-in?next=%2Fresume&owned=1", &[])
        }
        Ok(crate::backend::Resumed::Unknown) => see_other("/resume?unknown=1", &[]),
        Err(e) => {
            tracing::error!(error = %e, "resume lookup failed");
            see_other("/resume?unknown=1", &[])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_paths_on_this_site_are_followed_after_sign_in() {
        assert_eq!(same_site_path("/departments/hrss"), "/departments/hrss");
        assert_eq!(same_site_path("//evil.example/x"), "/");
        assert_eq!(same_site_path("/\\evil.example"), "/");
        assert_eq!(same_site_path("https://evil.example"), "/");
        assert_eq!(same_site_path(""), "/");
        assert_eq!(same_site_path("/a\nb"), "/");
    }
}
