use app::engine::Date;

/// Where "today" comes from. Deadlines are counted in China Standard Time (UTC+8), whatever the
/// machine's zone.
#[derive(Clone, Debug)]
pub enum Clock {
    System,
    Fixed(Date),
}

impl Clock {
    pub fn today(&self) -> Date {
        match self {
            Clock::Fixed(d) => *d,
            Clock::System => date_of_millis(now_millis()),
        }
    }
}

pub fn now_millis() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// The day in China Standard Time of a moment in milliseconds since 1970.
pub fn date_of_millis(millis: i64) -> Date {
    Date::from_days((millis + 8 * 3_600_000).div_euclid(86_400_000))
}
