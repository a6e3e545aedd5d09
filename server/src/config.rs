use app::engine::Date;

use crate::clock::Clock;

/// The seed catalog, compiled in so a fresh machine needs no set-up; loading it is idempotent.
pub const SEED_CATALOG: &str = include_str!("../../catalog/catalog.json");
/// Demo identities and the e-certificates they hold (see `services::identity`).
pub const DEMO_APPLICANTS: &str = include_str!("../../catalog/demo_applicants.json");
/// The official working-day calendar (holidays and make-up working days), as data.
pub const CALENDAR: &str = include_str!("../../catalog/calendar.json");

#[derive(Clone, Debug)]
pub struct Config {
    /// `sqlite://…` (default: `data/yijian.db`, created on first run) or `postgres://…`.
    pub database_url: String,
    pub clock: Clock,
}

impl Config {
    /// Reads `DATABASE_URL`, `DATA_DIR` and `YIJIAN_TODAY` (a fixed date, for demos and tests).
    pub fn from_env() -> Result<Config, String> {
        let database_url = match std::env::var("DATABASE_URL") {
            Ok(url) if !url.trim().is_empty() => url,
            _ => {
                let dir = std::env::var("DATA_DIR").unwrap_or_else(|_| "data".into());
                std::fs::create_dir_all(&dir)
                    .map_err(|e| format!("cannot create data directory {dir}: {e}"))?;
                format!("sqlite://{dir}/yijian.db?mode=rwc")
            }
        };
        let clock = match std::env::var("YIJIAN_TODAY") {
            Ok(s) if !s.is_empty() => Clock::Fixed(
                Date::parse_iso(&s).ok_or_else(|| format!("YIJIAN_TODAY is not a date: {s}"))?,
            ),
            _ => Clock::System,
        };
        Ok(Config {
            database_url,
            clock,
        })
    }
}
