#![recursion_limit = "256"]
use leptos::config::get_configuration;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .init();
    let config = match server::Config::from_env() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("configuration error: {e}");
            std::process::exit(2);
        }
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("staff") {
        std::process::exit(server::staff_command(&config, &args[1..]).await);
    }
    let leptos_options = match get_configuration(None) {
        Ok(conf) => conf.leptos_options,
        Err(e) => {
            eprintln!("leptos configuration error: {e}");
            std::process::exit(2);
        }
    };
    let addr = leptos_options.site_addr;
    let app = match server::build(&config, leptos_options).await {
        Ok((backend, app)) => {
            server::services::retention::spawn(backend);
            app
        }
        Err(e) => {
            eprintln!("start-up failed: {e}");
            std::process::exit(1);
        }
    };
    let listener = match tokio::net::TcpListener::bind(&addr).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("cannot listen on {addr}: {e}");
            std::process::exit(1);
        }
    };
    tracing::info!("listening on http://{addr}");
    if let Err(e) = server::serve(listener, app).await {
        eprintln!("server error: {e}");
        std::process::exit(1);
    }
}
