use std::path::{Path, PathBuf};

use app::engine::Date;

use crate::clock::Clock;
use crate::crypto::Keys;

/// The seed catalog, compiled in so a fresh machine needs no set-up; loading it is idempotent.
pub const SEED_CATALOG: &str = include_str!("../../catalog/catalog.json");
/// Demo identities and the e-certificates they hold (see `auth::identity`).
pub const DEMO_APPLICANTS: &str = include_str!("../../catalog/demo_applicants.json");
/// The official working-day calendar (holidays and make-up working days), as data.
pub const CALENDAR: &str = include_str!("../../catalog/calendar.json");

#[derive(Clone, Debug)]
pub struct Config {
    /// `sqlite://…` (default: `data/yijian.db`, created on first run) or `postgres://…`.
    pub database_url: String,
    pub clock: Clock,
    /// Where the SQLite file and the development data key live (`DATA_DIR`, default `data`).
    pub data_dir: PathBuf,
    /// Seals personal data at rest (`YIJIAN_DATA_KEY`, or a development key in `data_dir`).
    pub keys: Keys,
    /// The site's own origin when served behind HTTPS (`YIJIAN_PUBLIC_ORIGIN`, e.g.
    /// `https://yijian.example.gov.cn`): cookies become `Secure` with the `__Host-` prefix, and
    /// cross-site checks compare against it.
    pub public_origin: Option<String>,
    /// The header a trusted reverse proxy puts the client's address in (`YIJIAN_CLIENT_IP_HEADER`,
    /// e.g. `x-forwarded-for`, whose last address is the one the proxy saw). Unset: the peer.
    pub client_ip_header: Option<String>,
    /// The most database connections this instance opens (`DATABASE_MAX_CONNECTIONS`; default 4
    /// on SQLite, 16 on PostgreSQL).
    pub max_connections: Option<u32>,
    /// How the dispatcher paces deliveries (`YIJIAN_DISPATCH_*`, see `dispatch::DispatchConfig`).
    pub dispatch: crate::dispatch::DispatchConfig,
    /// The development identity service: one-time codes shown on the page, demo people signing
    /// in without a code (`YIJIAN_DEVELOPMENT_SIGN_IN=on|off`). See [`development_sign_in`].
    pub development_sign_in: bool,
    /// A catalog file to run on instead of the built-in seed (`YIJIAN_CATALOG`): a city's own
    /// item list, or the synthetic city-scale one (`cargo run -p server --example city_catalog`).
    /// Loaded and checked at start, stored as a version like the seed; no rebuild.
    pub catalog_file: Option<PathBuf>,
}

/// Whether the development identity service runs. On a machine of one's own (no public origin)
/// it does unless switched off; behind a public origin — a city's site — only when switched on
/// on purpose (a staging site): anyone could otherwise sign in as any number.
pub fn development_sign_in(
    setting: Option<&str>,
    public_origin: Option<&str>,
) -> Result<bool, String> {
    match setting.map(str::trim) {
        None => Ok(public_origin.is_none()),
        Some("on") => Ok(true),
        Some("off") => Ok(false),
        Some(other) => Err(format!(
            "YIJIAN_DEVELOPMENT_SIGN_IN must be on or off, not {other:?}"
        )),
    }
}

impl Config {
    /// Reads `DATABASE_URL`, `DATA_DIR`, `YIJIAN_TODAY` (a fixed date, for demos and tests),
    /// `YIJIAN_DATA_KEY`, `YIJIAN_PUBLIC_ORIGIN`, `YIJIAN_CLIENT_IP_HEADER`,
    /// `YIJIAN_DEVELOPMENT_SIGN_IN` and `YIJIAN_CATALOG`.
    pub fn from_env() -> Result<Config, String> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let data_dir = PathBuf::from(var("DATA_DIR").unwrap_or_else(|| "data".into()));
        create_private_dir(&data_dir)
            .map_err(|e| format!("cannot create data directory {}: {e}", data_dir.display()))?;
        let database_url = match var("DATABASE_URL") {
            Some(url) => url,
            None => {
                let file = data_dir.join("yijian.db");
                // Created here, readable by the owner only, before SQLite opens it (SQLite gives
                // its journal files the same permissions).
                if !file.exists() {
                    write_private(&file, b"")
                        .map_err(|e| format!("cannot create {}: {e}", file.display()))?;
                }
                format!("sqlite://{}?mode=rwc", file.display())
            }
        };
        let clock = match var("YIJIAN_TODAY") {
            Some(s) => Clock::Fixed(
                Date::parse_iso(&s).ok_or_else(|| format!("YIJIAN_TODAY is not a date: {s}"))?,
            ),
            None => Clock::System,
        };
        let public_origin =
            var("YIJIAN_PUBLIC_ORIGIN").map(|o| o.trim_end_matches('/').to_string());
        let development_sign_in = development_sign_in(
            var("YIJIAN_DEVELOPMENT_SIGN_IN").as_deref(),
            public_origin.as_deref(),
        )?;
        Ok(Config {
            database_url,
            clock,
            keys: Keys::load(&data_dir)?,
            data_dir,
            public_origin,
            development_sign_in,
            client_ip_header: var("YIJIAN_CLIENT_IP_HEADER").map(|h| h.to_ascii_lowercase()),
            max_connections: var("DATABASE_MAX_CONNECTIONS").and_then(|n| n.parse().ok()),
            dispatch: crate::dispatch::DispatchConfig::from_env()?,
            catalog_file: var("YIJIAN_CATALOG").map(PathBuf::from),
        })
    }

    /// A configuration for tests: the given database, a fixed day, a fresh key.
    pub fn for_tests(database_url: String, clock: Clock) -> Config {
        Config {
            database_url,
            clock,
            data_dir: std::env::temp_dir(),
            keys: Keys::random(),
            public_origin: None,
            client_ip_header: None,
            // Many test servers share one PostgreSQL (100 connections by default).
            max_connections: Some(4),
            dispatch: crate::dispatch::DispatchConfig::default(),
            development_sign_in: true,
            catalog_file: None,
        }
    }

    /// Served over HTTPS: cookies get `Secure` and the `__Host-` prefix.
    pub fn https(&self) -> bool {
        self.public_origin
            .as_deref()
            .is_some_and(|o| o.starts_with("https://"))
    }
}

/// Writes a file only its owner can read (on Unix; elsewhere, as the platform allows).
pub fn write_private(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)?.write_all(contents)
}

fn create_private_dir(path: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(path)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::development_sign_in;

    #[test]
    fn development_sign_in_runs_on_ones_own_machine_and_behind_a_public_origin_only_on_purpose() {
        assert_eq!(development_sign_in(None, None), Ok(true));
        assert_eq!(development_sign_in(Some("off"), None), Ok(false));
        assert_eq!(
            development_sign_in(None, Some("https://yijian.example.gov.cn")),
            Ok(false)
        );
        assert_eq!(
            development_sign_in(Some("on"), Some("https://staging.example.gov.cn")),
            Ok(true)
        );
        assert!(development_sign_in(Some("yes"), None).is_err());
    }
}
