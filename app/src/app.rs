use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Title};
use leptos_router::{
    components::{Route, Router, Routes, A},
    path, SsrMode,
};

use crate::api::Caller;
use crate::components::read_aloud::ReadAloud;
use crate::i18n::{care, l, lang, Care, Lang};
use crate::pages::{
    account::{ResumePage, SignInPage, VerifyPage},
    apply::ApplyPage,
    calendar::CalendarPage,
    catalog::CatalogPage,
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
    staff::{StaffAccountsPage, StaffFindPage, StaffHomePage, StaffPasswordPage, StaffSignInPage},
    track::{TrackLookupPage, TrackPage},
};

/// The HTML document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    // Chinese by default; English when the reader chose it (a cookie, so it works without
    // JavaScript). Only the chosen language is rendered; islands read it back from `lang`.
    // Read from the request's cookies once, then kept as context for every view below.
    let lang = lang();
    provide_context(lang);
    let care = care();
    provide_context(Care(care));
    content_security_policy();
    view! {
        <!DOCTYPE html>
        <html lang=lang.tag() class=care.then_some("care")>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="theme-color" content="#0b4f8a"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <link rel="stylesheet" id="leptos" href=stylesheet_href(&options)/>
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

/// The stylesheet's address: named after its content when built with `hash-files`, so it is
/// cached for a year. Worked out once per process (leptos_meta's `HashedStylesheet` reads the
/// hash file from disk for every page served).
fn stylesheet_href(options: &LeptosOptions) -> String {
    static HREF: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HREF.get_or_init(|| {
        let hash = options.hash_files.then(|| {
            let file = std::env::current_exe()
                .ok()?
                .parent()?
                .join(&*options.hash_file);
            let hashes = std::fs::read_to_string(file).ok()?;
            hashes.lines().find_map(|line| {
                line.trim()
                    .strip_prefix("css:")
                    .map(|h| h.trim().to_string())
            })
        });
        let name = match hash.flatten() {
            Some(hash) => format!("{}.{hash}", options.output_name),
            None => options.output_name.to_string(),
        };
        format!("/{}/{name}.css", options.site_pkg_dir)
    })
    .clone()
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Title text=l("一件事一次办", "One thing, done in one go")/>
        <Router>
            <a class="skip-link" href="#main">{l("跳到正文", "Skip to content")}</a>
            <header class="masthead">
                <A href="/" attr:class="brand">{l("一件事一次办", "One thing, done in one go")}</A>
                <nav aria-label=l("主导航", "Main")>
                    <LanguageSwitch/>
                    <CareSwitch/>
                    // In the elder-friendly mode: the page read aloud (hidden where it cannot work).
                    {care().then(|| view! { <ReadAloud/> })}
                    <A href="/track">{l("进度查询", "Track")}</A>
                    <A href="/resume">{l("续办", "Resume")}</A>
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
                    <Route path=path!("/staff/calendar") view=CalendarPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/catalog") view=CatalogPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/password") view=StaffPasswordPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/find") view=StaffFindPage ssr=SsrMode::Async/>
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
        {staff.then(|| view! { <A href="/staff">{l("工作台", "Staff desk")}</A> })}
        {if signed_in {
            view! {
                <form method="post" action="/sign-out" class="sign-out">
                    <button type="submit" class="link-button">
                        {who.map(|w| view! { <span class="who">{w}" · "</span> })}
                        {l("退出", "Sign out")}
                    </button>
                </form>
            }.into_any()
        } else {
            view! { <A href="/sign-in">{l("登录", "Sign in")}</A> }.into_any()
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
        <h1>{l("找不到该页面", "Page not found")}</h1>
        <p><A href="/">{l("返回首页", "Back to the start")}</A></p>
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

/// Whether this request is for the form page, where the masthead's switches are buttons of the
/// merged form (so switching keeps what was typed).
fn on_form_page() -> bool {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>().is_some_and(|p| p.uri.path() == "/apply")
    }
    #[cfg(not(feature = "ssr"))]
    {
        false
    }
}

/// The elder-friendly mode (关怀模式) on or off, on every page; on the form page a button of the
/// form, as the language switch.
#[component]
fn CareSwitch() -> impl IntoView {
    let on = care();
    let label = if on {
        l("标准版", "Standard view")
    } else {
        l("关怀模式", "Large text")
    };
    if on_form_page() {
        let intent = if on { "care-off" } else { "care-on" };
        view! {
            <button type="submit" form=MERGED_FORM name="intent" value=intent class="mode-switch link-button">{label}</button>
        }
        .into_any()
    } else {
        let href = if on { "/care/off" } else { "/care/on" };
        view! { <a class="mode-switch" href=href rel="external">{label}</a> }.into_any()
    }
}

/// The way to the other language, named in that language (so it is marked with its `lang`).
/// On the form page it is a button of the form: switching keeps everything typed so far (the
/// server saves the answers and shows the form again), with or without JavaScript.
#[component]
fn LanguageSwitch() -> impl IntoView {
    let (href, hreflang, label) = match lang() {
        Lang::Zh => ("/language/en", "en", "English"),
        Lang::En => ("/language/zh", "zh-CN", "中文"),
    };
    if on_form_page() {
        let intent = format!("language-{}", lang().pick("en", "zh"));
        view! {
            <button type="submit" form=MERGED_FORM name="intent" value=intent class="lang-switch link-button" lang=hreflang>{label}</button>
        }
        .into_any()
    } else {
        view! { <a class="lang-switch" href=href rel="external" hreflang=hreflang lang=hreflang>{label}</a> }.into_any()
    }
}

/// The id of the merged form, which the masthead's language button submits.
pub const MERGED_FORM: &str = "merged-form";
