#![recursion_limit = "256"]
use leptos::config::get_configuration;
use tracing_subscriber::EnvFilter;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .init();
    let args: Vec<String> = std::env::args().skip(1).collect();
    // The reference receiver needs no database and no configuration of the product.
    if args.first().map(String::as_str) == Some("receiver") {
        std::process::exit(server::receiver_command(&args[1..]).await);
    }
    let config = match server::Config::from_env() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("configuration error: {e}");
            std::process::exit(2);
        }
    };
    match args.first().map(String::as_str) {
        Some("staff") => std::process::exit(server::staff_command(&config, &args[1..]).await),
        Some("catalog") => std::process::exit(server::catalog_command(&config, &args[1..]).await),
        Some("dispatch") => std::process::exit(server::dispatch_command(&config, &args[1..]).await),
        _ => {}
    }
    let mut leptos_options = match get_configuration(None) {
        Ok(conf) => conf.leptos_options,
        Err(e) => {
            eprintln!("leptos configuration error: {e}");
            std::process::exit(2);
        }
    };
    // cargo-leptos names the built files after their content (`hash-files`) and says so while
    // compiling this binary; the binary started on its own (tests, scripts, a service unit) must
    // link the same names.
    if std::env::var_os("LEPTOS_HASH_FILES").is_none() {
        leptos_options.hash_files = option_env!("LEPTOS_HASH_FILES") == Some("true");
    }
    let addr = leptos_options.site_addr;
    let (backend, app) = match server::build(&config, leptos_options).await {
        Ok(built) => built,
        Err(e) => {
            eprintln!("start-up failed: {e}");
            std::process::exit(1);
        }
    };
    server::services::retention::spawn(backend.clone());
    server::services::retention::spawn_catalog_watch(backend.clone());
    let listener = match tokio::net::TcpListener::bind(&addr).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("cannot listen on {addr}: {e}");
            std::process::exit(1);
        }
    };
    // SIGTERM or Ctrl-C: stop taking requests and claims, finish what is in flight (requests
    // and deliveries), hand back what the dispatcher still holds, then exit.
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let base = config
        .public_origin
        .clone()
        .unwrap_or_else(|| format!("http://{addr}"));
    let dispatcher =
        server::dispatch::spawn(backend, config.dispatch.clone(), base, stopped.clone());
    tokio::spawn(async move {
        shutdown_signal().await;
        tracing::info!("shutting down: finishing requests and deliveries in flight");
        let _ = stop.send(true);
    });
    let mut http_stop = stopped;
    let http_stopped = async move {
        let _ = http_stop.wait_for(|s| *s).await;
    };
    tracing::info!("listening on http://{addr}");
    if let Err(e) = server::serve_until(listener, app, http_stopped).await {
        eprintln!("server error: {e}");
        std::process::exit(1);
    }
    let _ = dispatcher.await;
    tracing::info!("stopped");
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = term => {}
    }
}
