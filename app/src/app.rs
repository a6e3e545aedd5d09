use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags, Title};
use leptos_router::{
    components::{Route, Router, Routes, A},
    path, SsrMode,
};

use crate::api::Caller;
use crate::pages::{
    account::{ResumePage, SignInPage, VerifyPage},
    apply::ApplyPage,
    correction::CorrectionPage,
    dashboard::DashboardPage,
    department::{DepartmentPage, DepartmentsPage},
    dispatch::DispatchPage,
    home::HomePage,
    materials::MaterialsPage,
    part::PartPage,
    preview::PreviewPage,
    receipt::ReceiptPage,
    review::ReviewPage,
    staff::{StaffAccountsPage, StaffHomePage, StaffPasswordPage, StaffSignInPage},
    track::{TrackLookupPage, TrackPage},
};

/// The HTML document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    // Chinese by default; English when the reader chose it (a cookie, so it works without
    // JavaScript). Both languages are always in the page; CSS shows the chosen one first.
    let english = english_chosen();
    content_security_policy();
    view! {
        <!DOCTYPE html>
        <html lang=if english { "en" } else { "zh-CN" } class=if english { "lang-en" } else { "lang-zh" }>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="theme-color" content="#0b4f8a"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                // Named after its content when built with `hash-files` (cached for a year).
                <HashedStylesheet options=options.clone() id="leptos"/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options islands=true/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Title text="一件事一次办 · One thing, done in one go"/>
        <Router>
            <a class="skip-link" href="#main">"跳到正文 "<span lang="en">"Skip to content"</span></a>
            <header class="masthead">
                <A href="/" attr:class="brand">
                    <span class="brand-zh">"一件事一次办"</span>
                    <span class="brand-en" lang="en">"One thing, done in one go"</span>
                </A>
                <nav aria-label="主导航 Main">
                    <a class="lang-switch to-en" href="/language/en" rel="external" hreflang="en" lang="en">"English"</a>
                    <a class="lang-switch to-zh" href="/language/zh" rel="external" hreflang="zh-CN" lang="zh-CN">"中文"</a>
                    <A href="/track">"进度查询 "<span lang="en">"Track"</span></A>
                    <A href="/resume">"续办 "<span lang="en">"Resume"</span></A>
                    <Account/>
                </nav>
            </header>
            <main id="main" tabindex="-1">
                // Async mode: every page's data is in the first HTML, so it works without JavaScript.
                <Routes fallback=|| view! { <NotFound/> }>
                    <Route path=path!("/") view=HomePage ssr=SsrMode::Async/>
                    <Route path=path!("/apply") view=ApplyPage ssr=SsrMode::Async/>
                    <Route path=path!("/apply/materials") view=MaterialsPage ssr=SsrMode::Async/>
                    <Route path=path!("/apply/review") view=ReviewPage ssr=SsrMode::Async/>
                    <Route path=path!("/sign-in") view=SignInPage ssr=SsrMode::Async/>
                    <Route path=path!("/sign-in/verify") view=VerifyPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/sign-in") view=StaffSignInPage/>
                    <Route path=path!("/staff") view=StaffHomePage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/accounts") view=StaffAccountsPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/statistics") view=DashboardPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/dispatch") view=DispatchPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/password") view=StaffPasswordPage/>
                    <Route path=path!("/resume") view=ResumePage/>
                    <Route path=path!("/receipt/:number") view=ReceiptPage ssr=SsrMode::Async/>
                    <Route path=path!("/track") view=TrackLookupPage/>
                    <Route path=path!("/track/:number") view=TrackPage ssr=SsrMode::Async/>
                    <Route path=path!("/departments") view=DepartmentsPage ssr=SsrMode::Async/>
                    <Route path=path!("/departments/:id") view=DepartmentPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/parts/:id") view=PartPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/preview") view=PreviewPage ssr=SsrMode::Async/>
                    <Route path=path!("/corrections/:part") view=CorrectionPage ssr=SsrMode::Async/>
                </Routes>
            </main>
        </Router>
    }
}

/// The masthead's account links: sign in, or who is signed in and a way out. Rendered on the
/// server from the request's caller (the masthead ships no code).
#[component]
fn Account() -> impl IntoView {
    #[cfg(feature = "ssr")]
    let caller = crate::api::caller();
    #[cfg(not(feature = "ssr"))]
    let caller = Caller::Anonymous;
    let (who, staff) = match &caller {
        Caller::Citizen(c) => (Some(c.name.clone()).filter(|n| !n.is_empty()), false),
        Caller::Staff(s) => (Some(s.name.clone()), true),
        _ => (None, false),
    };
    let signed_in = matches!(caller, Caller::Citizen(_) | Caller::Staff(_));
    view! {
        {staff.then(|| view! { <A href="/staff">"工作台 "<span lang="en">"Staff desk"</span></A> })}
        {if signed_in {
            view! {
                <form method="post" action="/sign-out" class="sign-out">
                    <button type="submit" class="link-button">
                        {who.map(|w| view! { <span class="who">{w}" · "</span> })}
                        "退出 "<span lang="en">"Sign out"</span>
                    </button>
                </form>
            }.into_any()
        } else {
            view! { <A href="/sign-in">"登录 "<span lang="en">"Sign in"</span></A> }.into_any()
        }}
    }
}

#[component]
fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
        resp.set_status(http_status_not_found());
    }
    view! {
        <h1>"找不到该页面 "<span lang="en">"Page not found"</span></h1>
        <p><A href="/">"返回首页 "<span lang="en">"Back to the start"</span></A></p>
    }
}

#[cfg(feature = "ssr")]
fn http_status_not_found() -> http::StatusCode {
    http::StatusCode::NOT_FOUND
}

/// The page's Content-Security-Policy, with the nonce Leptos puts on the scripts it renders:
/// only those scripts (and the modules they load) run, WebAssembly may compile, nothing frames
/// the page, forms post only to this site.
fn content_security_policy() {
    #[cfg(feature = "ssr")]
    if let (Some(nonce), Some(response)) = (
        leptos::nonce::use_nonce(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) {
        // The form page may be framed by this site only: window staff preview it at phone and
        // desktop widths side by side (`/staff/preview`). Every other page: by nobody.
        let previewable =
            use_context::<http::request::Parts>().is_some_and(|p| p.uri.path() == "/apply");
        let ancestors = if previewable { "'self'" } else { "'none'" };
        let policy = format!(
            "default-src 'self'; script-src 'self' 'nonce-{}' 'strict-dynamic' 'wasm-unsafe-eval'; \
             style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; \
             object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors {ancestors}",
            &*nonce
        );
        if let Ok(value) = http::HeaderValue::from_str(&policy) {
            response.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
        }
        if previewable {
            response.insert_header(
                http::HeaderName::from_static("x-frame-options"),
                http::HeaderValue::from_static("SAMEORIGIN"),
            );
        }
    }
}

/// Whether this request's reader chose English (cookie `lang=en`, set by `/language/en`).
fn english_chosen() -> bool {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>()
            .and_then(|p| crate::api::cookie(&p.headers, "lang"))
            .is_some_and(|v| v == "en")
    }
    #[cfg(not(feature = "ssr"))]
    {
        false
    }
}
