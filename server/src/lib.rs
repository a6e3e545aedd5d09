#![recursion_limit = "256"]
//! The server: configuration, database, catalog loading and the services behind server functions.
//! `main.rs` only wires; tests build the same app with [`build`] on port 0.

pub mod auth;
pub mod back_office;
pub mod backend;
pub mod catalog_store;
pub mod clock;
pub mod compress;
pub mod config;
pub mod crypto;
pub mod db;
pub mod dispatch;
pub mod error;
pub mod form_catalog;
pub mod forms;
pub mod limits;
pub mod notify;
pub mod protect;
pub mod repo;
pub mod search_keys;
pub mod services;
pub mod static_files;
pub mod statistics_csv;
pub mod workbook;

use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::{Extension, Router};
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};

use app::api::backend::Backend;
use app::{shell, App};
use auth::handlers;
use backend::AppBackend;

pub use config::Config;

/// Connects, migrates, loads the catalog, makes sure an administrator exists and returns the
/// backend (tests reach it directly) and the router.
pub async fn build(
    config: &Config,
    leptos_options: LeptosOptions,
) -> Result<(Arc<AppBackend>, Router), error::StartError> {
    let backend = start(config).await?;
    Ok((backend.clone(), router(backend, leptos_options)))
}

/// Everything but the routes: what `build` and the `staff` command share.
pub async fn start(config: &Config) -> Result<Arc<AppBackend>, error::StartError> {
    let db = db::Db::connect_with(&config.database_url, config.max_connections).await?;
    db.migrate().await?;
    // A city's own list, as a workbook or as JSON.
    let own_catalog = match &config.catalog_file {
        Some(path) => Some(workbook::read_file(path).map_err(|errors| {
            error::StartError::Catalog(format!(
                "{} has {} problem(s):\n{}",
                path.display(),
                errors.len(),
                workbook::describe(&errors, 20)
            ))
        })?),
        None => None,
    };
    let source = match own_catalog.as_deref() {
        Some(json) => catalog_store::Source::File(json),
        None => catalog_store::Source::Seed(config::SEED_CATALOG),
    };
    let loaded = catalog_store::load(&db, source, clock::now_millis()).await?;
    tracing::info!(version = %loaded.catalog.version, hash = %loaded.hash, "catalog loaded");
    // The demo people hold e-certificates of the seed catalog; on another catalog (a city's,
    // or one staff published) they keep those it knows.
    let demo = if loaded.hash == catalog_store::content_hash(config::SEED_CATALOG) {
        auth::identity::Identities::from_json(config::DEMO_APPLICANTS, &loaded.catalog)
    } else {
        auth::identity::Identities::known_to(config::DEMO_APPLICANTS, &loaded.catalog)
    }
    .map_err(error::StartError::Catalog)?;
    if let Some(password) = auth::staff::ensure_administrator(&db, clock::now_millis()).await? {
        // Printed once, on the first run only: the README says where to look.
        tracing::warn!(
            "first run: created the administrator account — username: admin, one-time password: {password} — sign in at /staff/sign-in and give each colleague their own account"
        );
    }
    let identity: Arc<dyn auth::identity::IdentityProvider> = if config.development_sign_in {
        tracing::warn!(
            "development sign-in is on: one-time codes are shown on the page and the demo people sign in without one — never on a city's site (YIJIAN_DEVELOPMENT_SIGN_IN=off; it is off by default when YIJIAN_PUBLIC_ORIGIN is set)"
        );
        Arc::new(auth::identity::DevelopmentIdentities::new(demo))
    } else {
        Arc::new(auth::identity::NoIdentityService)
    };
    let backend = Arc::new(AppBackend::new(db, loaded, identity, config));
    if let Err(e) = backend.refresh_usage().await {
        // The catalog's own order until the next sweep: nothing is wrong but the order.
        tracing::warn!(error = %e, "life events keep the catalog's order for now");
    }
    Ok(backend)
}

pub fn router(app_backend: Arc<AppBackend>, leptos_options: LeptosOptions) -> Router {
    let routes = generate_route_list(App);
    let backend: Arc<dyn Backend> = app_backend.clone();
    let context = move || provide_context(backend.clone());
    let pages = Router::new()
        .leptos_routes_with_context(&leptos_options, routes, context, {
            let options = leptos_options.clone();
            move || shell(options.clone())
        })
        .route("/healthz", get(|| async { "ok" }))
        .route("/track/lookup", get(track_lookup))
        .route("/picker", get(picker_screen))
        .route(
            &format!("{}/{{version}}", app::api::FORM_CATALOG),
            get(form_catalog::serve),
        )
        .route("/language/{code}", get(choose_language))
        .route("/care/{setting}", get(choose_care))
        .route(
            "/apply/materials",
            post(forms::upload_materials).layer(DefaultBodyLimit::max(forms::MAX_UPLOAD_REQUEST)),
        )
        .route(
            "/corrections/{part}",
            post(forms::answer_correction).layer(DefaultBodyLimit::max(forms::MAX_UPLOAD_REQUEST)),
        )
        .route("/resume", post(handlers::resume))
        .route("/sign-in/code", post(handlers::start_sign_in))
        .route("/sign-in/verify", post(handlers::finish_sign_in))
        .route("/sign-in/demo", post(handlers::demo_sign_in))
        .route("/sign-out", post(handlers::sign_out))
        .route("/staff/sign-in", post(handlers::staff_sign_in))
        .route("/staff/password", post(handlers::change_own_password))
        .route("/staff/accounts", post(handlers::add_staff))
        .route(
            "/staff/accounts/{id}/active",
            post(handlers::set_staff_active),
        )
        .route(
            "/staff/accounts/{id}/password",
            post(handlers::set_staff_password),
        )
        .route("/staff/find", post(back_office::find_applicant))
        .route("/staff/calendar", post(back_office::save_calendar_year))
        .route(
            "/staff/calendar/calendar.json",
            get(back_office::export_calendar),
        )
        .route(
            "/staff/calendar/import",
            post(back_office::import_calendar).layer(DefaultBodyLimit::max(
                services::calendar::MAX_IMPORT + 64 * 1024,
            )),
        )
        .route("/staff/catalog/{file}", get(back_office::export_catalog))
        .route(
            "/staff/catalog/draft/start",
            post(back_office::start_catalog_draft),
        )
        .route(
            "/staff/catalog/draft/change",
            post(back_office::save_catalog_change),
        )
        .route(
            "/staff/catalog/draft/publish",
            post(back_office::publish_catalog_draft),
        )
        .route(
            "/staff/catalog/draft/discard",
            post(back_office::discard_catalog_draft),
        )
        .route(
            "/staff/catalog/draft/upload",
            post(back_office::upload_catalog_draft).layer(DefaultBodyLimit::max(
                services::catalog_edit::MAX_UPLOAD + 64 * 1024,
            )),
        )
        .route("/staff/parts/{id}", post(back_office::act_on_part))
        .route("/staff/parts/{id}/files/{key}", get(back_office::part_file))
        .route("/staff/statistics.csv", get(statistics_csv::export))
        // Departments' own systems: signed callbacks, signed file links (no session).
        .route(
            "/dispatch/callback",
            post(dispatch::callback::report).layer(DefaultBodyLimit::max(
                dispatch::callback::MAX_CALLBACK_BYTES,
            )),
        )
        .route(
            "/dispatch/files/{part}/{key}",
            get(dispatch::callback::file),
        )
        .route(
            "/staff/dispatch/receivers",
            post(dispatch::admin::save_receiver),
        )
        .route(
            "/staff/dispatch/{id}/redeliver",
            post(dispatch::admin::redeliver),
        )
        .fallback(leptos_axum::file_and_error_handler(shell))
        .layer(Extension(app_backend.clone()))
        // Outermost first on the way in: headers on every reply, then cross-site refusal before
        // anything reads a session, then the caller for everything inside.
        .layer(axum::middleware::from_fn_with_state(
            app_backend.clone(),
            auth::resolve_caller,
        ))
        .layer(axum::middleware::from_fn(
            protect::limit_server_function_bodies,
        ))
        .layer(axum::middleware::from_fn_with_state(
            app_backend.clone(),
            protect::refuse_cross_site,
        ))
        .layer(axum::middleware::from_fn(compress::responses));
    // Built files skip the session lookup and per-request compression: they are the same for
    // everyone and were compressed at build time.
    pages
        .merge(static_files::router(&leptos_options))
        .layer(axum::middleware::from_fn_with_state(
            app_backend,
            protect::security_headers,
        ))
        .with_state(leptos_options)
}

/// Serves `router` on `listener`, telling handlers who is calling (the limiter counts per
/// client address). Used by `main` and by the tests alike.
pub async fn serve(listener: tokio::net::TcpListener, router: Router) -> std::io::Result<()> {
    serve_until(listener, router, std::future::pending()).await
}

/// As [`serve`], until `stop` completes: then no new connection is taken and the requests in
/// flight are finished before this returns.
pub async fn serve_until(
    listener: tokio::net::TcpListener,
    router: Router,
    stop: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(stop)
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

/// One screen of the catalog picker as markup, for the picker island to put in place: the same
/// parameters as the picker's form (and the page's address), plus `for`, the picker's target.
/// Never cached: a screen carries what the reader ticked, and the draft catalog is staff-only.
async fn picker_screen(
    Extension(backend): Extension<Arc<AppBackend>>,
    Extension(caller): Extension<app::api::Caller>,
    headers: axum::http::HeaderMap,
    axum::extract::Query(params): axum::extract::Query<Vec<(String, String)>>,
) -> axum::response::Response {
    use app::pages::picker::{markup, PickerTarget};
    use axum::http::{header, StatusCode};
    use axum::response::IntoResponse;
    let first = |name: &str| {
        params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    let Some(target) = first("for").and_then(|code| PickerTarget::parse(&code)) else {
        return back_office::not_found();
    };
    let chosen: Vec<String> = params
        .iter()
        .filter(|(k, _)| k == "items")
        .map(|(_, v)| v.clone())
        .collect();
    if chosen.len() > app::api::MAX_ITEMS {
        return back_office::say(StatusCode::BAD_REQUEST, app::api::too_many_items_message());
    }
    let query = target.query(first);
    let screen = if target == PickerTarget::PreviewDraft {
        match backend.browse_draft(&caller, &query, &chosen).await {
            Ok(screen) => screen,
            Err(app::api::backend::BackendError::Denied(_)) => return back_office::forbidden(),
            Err(e) => {
                tracing::error!(error = %e, "the draft catalog could not be browsed");
                return StatusCode::INTERNAL_SERVER_ERROR.into_response();
            }
        }
    } else {
        backend.browse(&query, &chosen)
    };
    let lang = app::i18n::Lang::from_cookie(app::api::cookie(&headers, "lang").as_deref());
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        markup(lang, target, &screen),
    )
        .into_response()
}

/// Remembers the reader's language for a year and sends them back where they were.
async fn choose_language(
    axum::extract::Path(code): axum::extract::Path<String>,
    headers: axum::http::HeaderMap,
) -> axum::response::Response {
    let lang = app::i18n::Lang::from_cookie(Some(code.as_str()));
    back_with_cookie(&headers, &app::i18n::language_cookie(lang))
}

/// Turns the elder-friendly mode (关怀模式) on or off for a year, and sends the reader back.
async fn choose_care(
    axum::extract::Path(setting): axum::extract::Path<String>,
    headers: axum::http::HeaderMap,
) -> axum::response::Response {
    back_with_cookie(&headers, &app::i18n::care_cookie(setting == "on"))
}

/// A redirect to the page the reader came from (same-site paths only: never an open redirect),
/// setting one cookie on the way.
fn back_with_cookie(headers: &axum::http::HeaderMap, cookie: &str) -> axum::response::Response {
    use axum::http::{header, HeaderValue, StatusCode};
    let back = headers
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|r| r.find("://").map(|i| &r[i + 3..]))
        .and_then(|r| r.find('/').map(|i| &r[i..]))
        .filter(|p| {
            p.starts_with('/')
                && !p.starts_with("//")
                && !p.starts_with("/language/")
                && !p.starts_with("/care/")
        })
        .unwrap_or("/")
        .to_string();
    let mut response = axum::response::Response::new(axum::body::Body::empty());
    *response.status_mut() = StatusCode::SEE_OTHER;
    if let Ok(v) = HeaderValue::from_str(&back) {
        response.headers_mut().insert(header::LOCATION, v);
    }
    if let Ok(v) = HeaderValue::from_str(cookie) {
        response.headers_mut().insert(header::SET_COOKIE, v);
    }
    response
}

/// `server staff add --username NAME --name 显示名 --role ROLE [--department ID]`: adds a staff
/// account from the command line (the password is read from `YIJIAN_STAFF_PASSWORD`, or made
/// and printed once). Returns the process's exit code.
/// `server catalog check FILE` — checks a catalog workbook (.xlsx) or JSON file completely and
/// prints every problem by sheet, row and column (exit 1), or what it holds (exit 0); nothing is
/// stored. `server catalog draft FILE` — checks it the same way and, when it is usable, stores
/// it as the catalog editors' draft (replacing theirs; audited) to compare, preview and publish
/// at `/staff/catalog`. `server catalog export FILE` — writes the catalog version in use (as
/// stored in the database; before the first start, the seed or `YIJIAN_CATALOG`) as a workbook
/// or JSON, by FILE's extension.
pub async fn catalog_command(config: &Config, args: &[String]) -> i32 {
    let usage = "usage: server catalog check FILE.xlsx|FILE.json\n       server catalog draft FILE.xlsx|FILE.json\n       server catalog export FILE.xlsx|FILE.json";
    let (Some(command), Some(file)) = (args.first(), args.get(1)) else {
        eprintln!("{usage}");
        return 2;
    };
    let file = std::path::Path::new(file);
    match command.as_str() {
        "check" => match workbook::read_file(file).and_then(|json| workbook::import_json(&json)) {
            Ok(catalog) => {
                println!(
                    "{}: a usable catalog (version {}): {} items, {} departments, {} life events, {} packages",
                    file.display(),
                    catalog.version,
                    catalog.items.len(),
                    catalog.departments.len(),
                    catalog.life_events.len(),
                    catalog.packages.len()
                );
                0
            }
            Err(errors) => {
                eprintln!(
                    "{}: {} problem(s); nothing was stored",
                    file.display(),
                    errors.len()
                );
                eprintln!("{}", workbook::describe(&errors, usize::MAX));
                1
            }
        },
        "draft" => {
            let body = match workbook::read_file(file)
                .and_then(|json| workbook::import_json(&json).map(|c| workbook::export_json(&c)))
            {
                Ok(body) => body,
                Err(errors) => {
                    eprintln!(
                        "{}: {} problem(s); nothing was stored",
                        file.display(),
                        errors.len()
                    );
                    eprintln!("{}", workbook::describe(&errors, usize::MAX));
                    return 1;
                }
            };
            let backend = match start(config).await {
                Ok(b) => b,
                Err(e) => {
                    eprintln!("start-up failed: {e}");
                    return 1;
                }
            };
            let name = file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            match services::catalog_edit::store_draft(
                &backend,
                &body,
                &name,
                &services::catalog_edit::Who {
                    actor: "operator (command line)".into(),
                    role: None,
                },
                clock::now_millis(),
            )
            .await
            {
                Ok(items) => {
                    println!(
                        "{}: stored as the draft ({items} items); compare, preview and publish it at /staff/catalog",
                        file.display()
                    );
                    0
                }
                Err(e) => {
                    eprintln!("the draft was not stored: {e:?}");
                    1
                }
            }
        }
        "export" => {
            // The version in use as the database holds it, when there is a database to ask.
            let stored = match db::Db::connect_with(&config.database_url, Some(1)).await {
                Ok(db) => match db.migrate().await {
                    Ok(()) => catalog_store::in_use(&db)
                        .await
                        .ok()
                        .flatten()
                        .map(|v| v.body),
                    Err(_) => None,
                },
                Err(_) => None,
            };
            let in_use = match (stored, &config.catalog_file) {
                (Some(body), _) => Ok(body),
                (None, Some(path)) => workbook::read_file(path),
                (None, None) => Ok(config::SEED_CATALOG.to_string()),
            };
            let catalog = match in_use.and_then(|json| workbook::import_json(&json)) {
                Ok(catalog) => catalog,
                Err(errors) => {
                    eprintln!(
                        "the catalog in use has problems:\n{}",
                        workbook::describe(&errors, 20)
                    );
                    return 1;
                }
            };
            let as_workbook = file
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
            let bytes = if as_workbook {
                match workbook::export(&catalog) {
                    Ok(bytes) => bytes,
                    Err(e) => {
                        eprintln!("cannot write a workbook: {e:?}");
                        return 1;
                    }
                }
            } else {
                workbook::export_json(&catalog).into_bytes()
            };
            match std::fs::write(file, bytes) {
                Ok(()) => {
                    println!("{}: {} items written", file.display(), catalog.items.len());
                    0
                }
                Err(e) => {
                    eprintln!("cannot write {}: {e}", file.display());
                    1
                }
            }
        }
        _ => {
            eprintln!("{usage}");
            2
        }
    }
}

pub async fn staff_command(config: &Config, args: &[String]) -> i32 {
    let usage = "usage: server staff add --username NAME --name DISPLAY_NAME --role \
                 window|reviewer|catalog_editor|manager|admin [--department ID]";
    if args.first().map(String::as_str) != Some("add") {
        eprintln!("{usage}");
        return 2;
    }
    let mut new = auth::staff::NewStaff::default();
    let mut rest = args[1..].iter();
    while let Some(flag) = rest.next() {
        let value = rest.next().cloned().unwrap_or_default();
        match flag.as_str() {
            "--username" => new.username = value,
            "--name" => new.name = value,
            "--role" => new.role = value,
            "--department" => new.department = value,
            _ => {
                eprintln!("unknown option {flag}\n{usage}");
                return 2;
            }
        }
    }
    let made = std::env::var("YIJIAN_STAFF_PASSWORD")
        .ok()
        .filter(|p| !p.is_empty());
    let printed = made.is_none();
    new.password = made.unwrap_or_else(auth::staff::one_time_password);
    let backend = match start(config).await {
        Ok(b) => b,
        Err(e) => {
            eprintln!("start-up failed: {e}");
            return 1;
        }
    };
    let valid = match new.parse(&backend.catalog()) {
        Ok(v) => v,
        Err(errors) => {
            for code in errors {
                if let Some((_, message)) = app::pages::staff::account_error(code) {
                    eprintln!("{code}: {} / {}", message.zh, message.en);
                }
            }
            return 2;
        }
    };
    // A password made here is handed over once; one the operator gave is taken as theirs.
    let chosen = if printed {
        auth::staff::Chosen::BySomeoneElse
    } else {
        auth::staff::Chosen::ByHolder
    };
    match auth::staff::add(backend.db(), &valid, chosen, clock::now_millis()).await {
        Ok(Some(id)) => {
            println!("added {} ({}) as {}", valid.username, id, valid.role.code());
            if printed {
                println!("one-time password: {}", valid.password);
            }
            0
        }
        Ok(None) => {
            eprintln!("the username {} is taken", valid.username);
            2
        }
        Err(e) => {
            eprintln!("storage failed: {e}");
            1
        }
    }
}

/// `server receiver --listen ADDR`: runs the reference receiver (`dispatch::receiver`) with the
/// secret from `YIJIAN_RECEIVER_SECRET`, for drills and for departments to read. Returns the
/// process's exit code.
pub async fn receiver_command(args: &[String]) -> i32 {
    let usage = "usage: YIJIAN_RECEIVER_SECRET=… server receiver --listen 127.0.0.1:4000";
    let listen = match args {
        [flag, addr] if flag == "--listen" => addr.clone(),
        _ => {
            eprintln!("{usage}");
            return 2;
        }
    };
    let Some(secret) = std::env::var("YIJIAN_RECEIVER_SECRET")
        .ok()
        .filter(|s| !s.is_empty())
    else {
        eprintln!("{usage}");
        return 2;
    };
    let listener = match tokio::net::TcpListener::bind(&listen).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("cannot listen on {listen}: {e}");
            return 1;
        }
    };
    tracing::info!("reference receiver on http://{listen}/parts");
    let reference = dispatch::receiver::Reference::new(&secret);
    match axum::serve(listener, dispatch::receiver::router(reference)).await {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("receiver error: {e}");
            1
        }
    }
}

/// `server dispatch receiver --department ID --url URL [--inactive]`: sets a department's
/// receiver (secret from `YIJIAN_RECEIVER_SECRET`); `server dispatch status`: the outbox's
/// counts. Returns the process's exit code.
pub async fn dispatch_command(config: &Config, args: &[String]) -> i32 {
    let usage = "usage: YIJIAN_RECEIVER_SECRET=… server dispatch receiver --department ID --url URL [--inactive]\n       server dispatch status";
    let backend = match start(config).await {
        Ok(b) => b,
        Err(e) => {
            eprintln!("start-up failed: {e}");
            return 1;
        }
    };
    match args.first().map(String::as_str) {
        Some("status") => {
            let counts = async {
                let mut conn = backend.db().pool.acquire().await?;
                dispatch::store::counts(&mut conn).await
            }
            .await;
            match counts {
                Ok(c) => {
                    println!(
                        "pending\t{}\ndelivered\t{}\ndead\t{}",
                        c.pending, c.delivered, c.dead
                    );
                    0
                }
                Err(e) => {
                    eprintln!("storage failed: {e}");
                    1
                }
            }
        }
        Some("receiver") => {
            let mut form = services::receivers::ReceiverForm {
                active: true,
                secret: std::env::var("YIJIAN_RECEIVER_SECRET").unwrap_or_default(),
                ..Default::default()
            };
            let mut rest = args[1..].iter();
            while let Some(flag) = rest.next() {
                match flag.as_str() {
                    "--department" => form.department = rest.next().cloned().unwrap_or_default(),
                    "--url" => form.url = rest.next().cloned().unwrap_or_default(),
                    "--inactive" => form.active = false,
                    _ => {
                        eprintln!("unknown option {flag}\n{usage}");
                        return 2;
                    }
                }
            }
            match services::receivers::save(&backend, None, form, clock::now_millis()).await {
                Ok(id) => {
                    println!("receiver {id}");
                    0
                }
                Err(services::receivers::SaveError::Invalid(errors)) => {
                    for field in errors {
                        if let Some(message) = app::pages::dispatch::receiver_error(field) {
                            eprintln!("{field}: {} / {}", message.zh, message.en);
                        }
                    }
                    2
                }
                Err(e) => {
                    eprintln!("{e:?}");
                    1
                }
            }
        }
        _ => {
            eprintln!("{usage}");
            2
        }
    }
}
