//! Civil dates and the official working-day calendar.
//!
//! Our own small date type instead of chrono: this compiles to WebAssembly and only needs
//! proleptic Gregorian days. Nothing here reads the clock; "today" is always an argument.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::BTreeSet;
use std::fmt;

/// A calendar day. Field order (year, month, day) makes the derived ordering chronological.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    y: i32,
    m: u8,
    d: u8,
}

/// In the Chinese (and ISO) week order, so `weekday as u8` is 0 for Monday … 6 for Sunday.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Weekday {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl Weekday {
    pub fn is_weekend(self) -> bool {
        matches!(self, Weekday::Sat | Weekday::Sun)
    }
}

pub fn is_leap_year(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

pub fn days_in_month(y: i32, m: u8) -> u8 {
    match m {
        2 if is_leap_year(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl Date {
    /// `None` unless the day exists. Years are limited to 1–9999 so every date has a
    /// four-digit ISO form that parses back.
    pub fn new(y: i32, m: u8, d: u8) -> Option<Date> {
        let ok = (1..=9999).contains(&y) && (1..=12).contains(&m) && d >= 1;
        (ok && d <= days_in_month(y, m)).then_some(Date { y, m, d })
    }

    /// Strictly `YYYY-MM-DD`; anything looser would let typos through as other dates.
    pub fn parse_iso(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| -> Option<u32> {
            b[r].iter().try_fold(0u32, |acc, c| {
                c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
            })
        };
        Date::new(num(0..4)? as i32, num(5..7)? as u8, num(8..10)? as u8)
    }

    pub fn year(self) -> i32 {
        self.y
    }

    pub fn month(self) -> u8 {
        self.m
    }

    pub fn day(self) -> u8 {
        self.d
    }

    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
    pub fn days_since_epoch(self) -> i64 {
        let y = i64::from(self.y) - i64::from(self.m <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.m);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.d) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// Inverse of [`Date::days_since_epoch`] (Hinnant's `civil_from_days`). The result is not
    /// range-checked: callers only step a few days or years from real dates.
    pub fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let m = (if mp < 10 { mp + 3 } else { mp - 9 }) as u8;
        let y = yoe + era * 400 + i64::from(m <= 2);
        Date { y: y as i32, m, d }
    }

    pub fn add_days(self, n: i64) -> Date {
        Date::from_days(self.days_since_epoch() + n)
    }

    pub fn weekday(self) -> Weekday {
        use Weekday::*;
        // 1970-01-01 was a Thursday, index 3.
        const DAYS: [Weekday; 7] = [Mon, Tue, Wed, Thu, Fri, Sat, Sun];
        DAYS[(self.days_since_epoch() + 3).rem_euclid(7) as usize]
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.y, self.m, self.d)
    }
}

/// Dates and ranges travel as their text form, which staff can read and edit in JSON.
macro_rules! serde_as_text {
    ($t:ty, $parse:path, $expected:literal) => {
        impl Serialize for $t {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }

        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<$t, D::Error> {
                let s = String::deserialize(d)?;
                let msg = || format!(concat!("expected ", $expected, ", found {:?}"), s);
                $parse(&s).ok_or_else(|| serde::de::Error::custom(msg()))
            }
        }
    };
}

serde_as_text!(Date, Date::parse_iso, "a YYYY-MM-DD date");

/// Consecutive days, both ends included. Written `"2026-02-15..2026-02-23"`, or a bare date
/// for a single day, so a year's notice fits on a few lines of JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DayRange {
    pub from: Date,
    pub to: Date,
}

impl DayRange {
    pub fn parse(s: &str) -> Option<DayRange> {
        let (from, to) = match s.split_once("..") {
            Some((a, b)) => (Date::parse_iso(a.trim())?, Date::parse_iso(b.trim())?),
            None => (Date::parse_iso(s.trim())?, Date::parse_iso(s.trim())?),
        };
        // A reversed range would silently mean "no days"; reject it so the mistake shows.
        (from <= to).then_some(DayRange { from, to })
    }

    pub fn days(self) -> impl Iterator<Item = Date> {
        (self.from.days_since_epoch()..=self.to.days_since_epoch()).map(Date::from_days)
    }
}

impl fmt::Display for DayRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.from == self.to {
            write!(f, "{}", self.from)
        } else {
            write!(f, "{}..{}", self.from, self.to)
        }
    }
}

serde_as_text!(
    DayRange,
    DayRange::parse,
    "a date or a YYYY-MM-DD..YYYY-MM-DD range, earlier date first"
);

/// One year's State Council notice. `year` is the notice's year; its ranges may reach into a
/// neighbouring year (a New Year holiday can start on 30 December).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarYear {
    pub year: i32,
    #[serde(default)]
    pub holidays: Vec<DayRange>,
    /// Make-up working days (调休): weekend days on which people work.
    #[serde(default)]
    pub workdays: Vec<Date>,
}

/// Why a notice typed by an administrator was refused: which box, which line (1-based), what.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NoticeError {
    pub field: NoticeField,
    pub line: usize,
    pub problem: NoticeProblem,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoticeField {
    Year,
    Holidays,
    Workdays,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoticeProblem {
    /// Not a year from 2000 to 2100.
    BadYear,
    /// No holidays at all: every notice has some.
    NoHolidays,
    /// Neither `YYYY-MM-DD` nor `YYYY-MM-DD..YYYY-MM-DD` with the earlier date first.
    NotADate,
    /// Outside the notice's year and the month either side of it.
    OutsideYear,
    /// A make-up working day on Monday to Friday (they are always weekend days).
    NotAWeekend,
    /// A make-up working day that is also listed as a holiday.
    AlsoAHoliday,
    /// The same day given twice.
    Repeated,
}

impl NoticeField {
    pub fn code(self) -> &'static str {
        match self {
            NoticeField::Year => "year",
            NoticeField::Holidays => "holidays",
            NoticeField::Workdays => "workdays",
        }
    }
}

impl NoticeProblem {
    pub const ALL: [NoticeProblem; 7] = [
        NoticeProblem::BadYear,
        NoticeProblem::NoHolidays,
        NoticeProblem::NotADate,
        NoticeProblem::OutsideYear,
        NoticeProblem::NotAWeekend,
        NoticeProblem::AlsoAHoliday,
        NoticeProblem::Repeated,
    ];

    pub fn code(self) -> &'static str {
        match self {
            NoticeProblem::BadYear => "bad-year",
            NoticeProblem::NoHolidays => "no-holidays",
            NoticeProblem::NotADate => "not-a-date",
            NoticeProblem::OutsideYear => "outside-year",
            NoticeProblem::NotAWeekend => "not-a-weekend",
            NoticeProblem::AlsoAHoliday => "also-a-holiday",
            NoticeProblem::Repeated => "repeated",
        }
    }

    pub fn from_code(code: &str) -> Option<NoticeProblem> {
        NoticeProblem::ALL.into_iter().find(|p| p.code() == code)
    }
}

/// A year's notice as an administrator types it: the year, the holidays one day or range per
/// line, the make-up working days one date per line (blank lines ignored). Every problem is
/// reported, each with its line, so one correction round is enough.
pub fn parse_notice(
    year: &str,
    holidays: &str,
    workdays: &str,
) -> Result<CalendarYear, Vec<NoticeError>> {
    let mut errors = Vec::new();
    let mut error = |field, line, problem| {
        errors.push(NoticeError {
            field,
            line,
            problem,
        })
    };
    let year = year
        .trim()
        .parse::<i32>()
        .ok()
        .filter(|y| (2000..=2100).contains(y));
    if year.is_none() {
        error(NoticeField::Year, 0, NoticeProblem::BadYear);
    }
    // A notice's days lie in its year, or in the month either side (New Year's Day's holiday
    // can start on 30 December).
    let within = |d: Date| {
        year.is_none_or(|y| {
            let first = Date::new(y - 1, 12, 1).map_or(i64::MIN, Date::days_since_epoch);
            let last = Date::new(y + 1, 1, 31).map_or(i64::MAX, Date::days_since_epoch);
            (first..=last).contains(&d.days_since_epoch())
        })
    };
    let lines = |text: &str| -> Vec<(usize, String)> {
        text.lines()
            .enumerate()
            .map(|(i, l)| (i + 1, l.trim().to_string()))
            .filter(|(_, l)| !l.is_empty())
            .collect()
    };
    let mut ranges = Vec::new();
    let mut seen = BTreeSet::new();
    for (line, text) in lines(holidays) {
        match DayRange::parse(&text) {
            None => error(NoticeField::Holidays, line, NoticeProblem::NotADate),
            Some(r) if !within(r.from) || !within(r.to) => {
                error(NoticeField::Holidays, line, NoticeProblem::OutsideYear)
            }
            Some(r) if r.days().any(|d| !seen.insert(d)) => {
                error(NoticeField::Holidays, line, NoticeProblem::Repeated)
            }
            Some(r) => ranges.push(r),
        }
    }
    if lines(holidays).is_empty() {
        error(NoticeField::Holidays, 0, NoticeProblem::NoHolidays);
    }
    let mut days = Vec::new();
    for (line, text) in lines(workdays) {
        match Date::parse_iso(&text) {
            None => error(NoticeField::Workdays, line, NoticeProblem::NotADate),
            Some(d) if !within(d) => error(NoticeField::Workdays, line, NoticeProblem::OutsideYear),
            Some(d) if !d.weekday().is_weekend() => {
                error(NoticeField::Workdays, line, NoticeProblem::NotAWeekend)
            }
            Some(d) if seen.contains(&d) => {
                error(NoticeField::Workdays, line, NoticeProblem::AlsoAHoliday)
            }
            Some(d) if days.contains(&d) => {
                error(NoticeField::Workdays, line, NoticeProblem::Repeated)
            }
            Some(d) => days.push(d),
        }
    }
    match year {
        Some(year) if errors.is_empty() => Ok(CalendarYear {
            year,
            holidays: ranges,
            workdays: days,
        }),
        _ => Err(errors),
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WorkingCalendar {
    years: BTreeSet<i32>,
    holidays: BTreeSet<Date>,
    workdays: BTreeSet<Date>,
}

impl WorkingCalendar {
    pub fn from_years(years: Vec<CalendarYear>) -> WorkingCalendar {
        let mut cal = WorkingCalendar::default();
        for y in years {
            cal.years.insert(y.year);
            cal.holidays
                .extend(y.holidays.iter().flat_map(|r| r.days()));
            cal.workdays.extend(y.workdays);
        }
        cal
    }

    /// Whether the official notice for year `y` is loaded.
    pub fn has_year(&self, y: i32) -> bool {
        self.years.contains(&y)
    }

    /// Whether every year touched by `from..=to` (either order) has official data; when not,
    /// the answer was counted on the provisional calendar and the UI must say so.
    pub fn covers(&self, from: Date, to: Date) -> bool {
        self.missing_years(from, to).is_empty()
    }

    /// The years in `from..=to` (either order) without official data, for that message.
    pub fn missing_years(&self, from: Date, to: Date) -> Vec<i32> {
        let (a, b) = (from.min(to).year(), from.max(to).year());
        (a..=b).filter(|y| !self.has_year(*y)).collect()
    }

    /// Listed make-up days win over holidays, then holidays over Monday–Friday. Without a
    /// notice for the year, the statutory holidays that fall on fixed days still are not working
    /// days (`provisional_holiday`): a provisional calendar, which the UI marks as such.
    pub fn is_working_day(&self, date: Date) -> bool {
        if self.workdays.contains(&date) {
            return true;
        }
        if self.holidays.contains(&date) || date.weekday().is_weekend() {
            return false;
        }
        self.has_year(date.year()) || !provisional_holiday(date)
    }

    /// The day on which the `n`th working day after `start` ends; `start` itself never counts,
    /// since an application handed in on a day is due `n` working days later.
    pub fn add_working_days(&self, start: Date, n: u32) -> Date {
        let mut date = start;
        let mut left = n;
        while left > 0 {
            date = date.add_days(1);
            if self.is_working_day(date) {
                left -= 1;
            }
        }
        date
    }

    /// Working days in `(from, to]`; zero when `to` is not after `from`.
    pub fn working_days_between(&self, from: Date, to: Date) -> u32 {
        let (a, b) = (from.days_since_epoch(), to.days_since_epoch());
        ((a + 1)..=b)
            .filter(|d| self.is_working_day(Date::from_days(*d)))
            .count() as u32
    }
}

/// A public holiday of the national rules (《全国年节及纪念日放假办法》, as revised for 2025):
/// New Year's Day, the Spring Festival (New Year's Eve and the first three days of the first
/// lunar month), Qingming, Labour Day (1–2 May), the Dragon Boat Festival (5th of the 5th lunar
/// month), the Mid-Autumn Festival (15th of the 8th) and National Day (1–3 October). Used only
/// for years without a notice, so it knows nothing of the make-up days and bridges a notice adds.
/// The lunar festivals come from a table ending in 2099; after it only the fixed days count.
pub fn provisional_holiday(date: Date) -> bool {
    let fixed = match (date.month(), date.day()) {
        (1, 1) | (5, 1) | (5, 2) | (10, 1) | (10, 2) | (10, 3) => true,
        (4, d) => d == qingming_day(date.year()),
        _ => false,
    };
    fixed || lunar_holiday(date)
}

fn lunar_holiday(date: Date) -> bool {
    let row = usize::try_from(date.year() - LUNAR_FIRST_YEAR)
        .ok()
        .and_then(|i| LUNAR_FESTIVALS.get(i));
    let Some(&(nm, nd, bm, bd, am, ad)) = row else {
        return false;
    };
    let on = |m: u8, d: u8| Date::new(date.year(), m, d) == Some(date);
    let spring = Date::new(date.year(), nm, nd).map(|new_year| {
        let (a, b) = (new_year.add_days(-1), new_year.add_days(2));
        a <= date && date <= b
    });
    spring == Some(true) || on(bm, bd) || on(am, ad)
}

const LUNAR_FIRST_YEAR: i32 = 2025;

/// Gregorian (month, day) of the lunar New Year's Day, the Dragon Boat Festival and the
/// Mid-Autumn Festival, one row per year from 2025. Tabulated rather than computed: a new moon
/// a few minutes either side of midnight in Beijing decides the day, which approximate
/// astronomy gets wrong (ICU's Chinese calendar, as in Node 20, puts the 2027 and 2030 New Years
/// a day off). Taken from two table-based libraries that agree on every row (PyPI `lunardate`
/// 0.3.0 and `lunar_python` 1.4.8); the test below checks 2025 and 2026 against the notices.
#[rustfmt::skip]
const LUNAR_FESTIVALS: &[(u8, u8, u8, u8, u8, u8)] = &[
    (1, 29, 5, 31, 10, 6), // 2025
    (2, 17, 6, 19, 9, 25), // 2026
    (2, 6, 6, 9, 9, 15), // 2027
    (1, 26, 5, 28, 10, 3), // 2028
    (2, 13, 6, 16, 9, 22), // 2029
    (2, 3, 6, 5, 9, 12), // 2030
    (1, 23, 6, 24, 10, 1), // 2031
    (2, 11, 6, 12, 9, 19), // 2032
    (1, 31, 6, 1, 9, 8), // 2033
    (2, 19, 6, 20, 9, 27), // 2034
    (2, 8, 6, 10, 9, 16), // 2035
    (1, 28, 5, 30, 10, 4), // 2036
    (2, 15, 6, 18, 9, 24), // 2037
    (2, 4, 6, 7, 9, 13), // 2038
    (1, 24, 5, 27, 10, 2), // 2039
    (2, 12, 6, 14, 9, 20), // 2040
    (2, 1, 6, 3, 9, 10), // 2041
    (1, 22, 6, 22, 9, 28), // 2042
    (2, 10, 6, 11, 9, 17), // 2043
    (1, 30, 5, 31, 10, 5), // 2044
    (2, 17, 6, 19, 9, 25), // 2045
    (2, 6, 6, 8, 9, 15), // 2046
    (1, 26, 5, 29, 10, 4), // 2047
    (2, 14, 6, 15, 9, 22), // 2048
    (2, 2, 6, 4, 9, 11), // 2049
    (1, 23, 6, 23, 9, 30), // 2050
    (2, 11, 6, 13, 9, 19), // 2051
    (2, 1, 6, 1, 9, 7), // 2052
    (2, 19, 6, 20, 9, 26), // 2053
    (2, 8, 6, 10, 9, 16), // 2054
    (1, 28, 5, 30, 10, 5), // 2055
    (2, 15, 6, 17, 9, 24), // 2056
    (2, 4, 6, 6, 9, 13), // 2057
    (1, 24, 6, 25, 10, 2), // 2058
    (2, 12, 6, 14, 9, 21), // 2059
    (2, 2, 6, 3, 9, 9), // 2060
    (1, 21, 6, 22, 9, 28), // 2061
    (2, 9, 6, 11, 9, 17), // 2062
    (1, 29, 6, 1, 10, 6), // 2063
    (2, 17, 6, 19, 9, 25), // 2064
    (2, 5, 6, 8, 9, 15), // 2065
    (1, 26, 5, 28, 10, 3), // 2066
    (2, 14, 6, 16, 9, 23), // 2067
    (2, 3, 6, 4, 9, 11), // 2068
    (1, 23, 6, 23, 9, 29), // 2069
    (2, 11, 6, 13, 9, 19), // 2070
    (1, 31, 6, 2, 9, 8), // 2071
    (2, 19, 6, 20, 9, 26), // 2072
    (2, 7, 6, 10, 9, 16), // 2073
    (1, 27, 5, 30, 10, 5), // 2074
    (2, 15, 6, 17, 9, 24), // 2075
    (2, 5, 6, 6, 9, 12), // 2076
    (1, 24, 6, 24, 10, 1), // 2077
    (2, 12, 6, 14, 9, 20), // 2078
    (2, 2, 6, 4, 9, 10), // 2079
    (1, 22, 6, 22, 9, 28), // 2080
    (2, 9, 6, 11, 9, 17), // 2081
    (1, 29, 6, 1, 10, 6), // 2082
    (2, 17, 6, 19, 9, 26), // 2083
    (2, 6, 6, 7, 9, 14), // 2084
    (1, 26, 5, 27, 10, 3), // 2085
    (2, 14, 6, 15, 9, 22), // 2086
    (2, 3, 6, 5, 9, 11), // 2087
    (1, 24, 6, 23, 9, 29), // 2088
    (2, 10, 6, 13, 9, 18), // 2089
    (1, 30, 6, 2, 9, 8), // 2090
    (2, 18, 6, 21, 9, 27), // 2091
    (2, 7, 6, 9, 9, 16), // 2092
    (1, 27, 5, 29, 10, 5), // 2093
    (2, 15, 6, 17, 9, 24), // 2094
    (2, 5, 6, 6, 9, 13), // 2095
    (1, 25, 6, 24, 9, 30), // 2096
    (2, 12, 6, 14, 9, 20), // 2097
    (2, 1, 6, 4, 9, 9), // 2098
    (1, 21, 6, 23, 9, 29), // 2099
];

/// The April day of Qingming (the solar term at the sun's longitude 15°), by the usual
/// 21st-century formula: ⌊Y × 0.2422 + 4.81⌋ − ⌊Y / 4⌋ with Y the year's last two digits.
fn qingming_day(year: i32) -> u8 {
    let y = year.rem_euclid(100);
    ((y as f64 * 0.2422 + 4.81).floor() as i32 - y / 4) as u8
}

/// The State Council's holiday notices for 2025 and 2026, written as staff would in JSON.
pub fn china_2025_2026() -> Vec<CalendarYear> {
    fn year(year: i32, holidays: &str, workdays: &str) -> CalendarYear {
        let bad = "built-in calendar data is well formed";
        CalendarYear {
            year,
            holidays: holidays
                .split_whitespace()
                .map(|r| DayRange::parse(r).expect(bad))
                .collect(),
            workdays: workdays
                .split_whitespace()
                .map(|d| Date::parse_iso(d).expect(bad))
                .collect(),
        }
    }
    vec![
        year(
            2025,
            "2025-01-01 2025-01-28..2025-02-04 2025-04-04..2025-04-06 2025-05-01..2025-05-05
             2025-05-31..2025-06-02 2025-10-01..2025-10-08",
            "2025-01-26 2025-02-08 2025-04-27 2025-09-28 2025-10-11",
        ),
        year(
            2026,
            "2026-01-01..2026-01-03 2026-02-15..2026-02-23 2026-04-04..2026-04-06
             2026-05-01..2026-05-05 2026-06-19..2026-06-21 2026-09-25..2026-09-27
             2026-10-01..2026-10-07",
            "2026-01-04 2026-02-14 2026-02-28 2026-05-09 2026-09-20 2026-10-10",
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> Date {
        Date::parse_iso(s).unwrap()
    }

    fn china() -> WorkingCalendar {
        WorkingCalendar::from_years(china_2025_2026())
    }

    /// The due date, on the official calendar, of `n` working days after `start`.
    fn due(start: &str, n: u32) -> String {
        china().add_working_days(date(start), n).to_string()
    }

    fn between(from: &str, to: &str) -> u32 {
        china().working_days_between(date(from), date(to))
    }

    #[test]
    fn february_29_exists_in_leap_years_by_the_century_rule() {
        assert!(Date::new(2024, 2, 29).is_some() && Date::new(2000, 2, 29).is_some());
        assert!(Date::new(1900, 2, 29).is_none() && Date::new(2100, 2, 29).is_none());
    }

    #[test]
    fn adding_days_crosses_leap_days_and_year_ends() {
        assert_eq!(date("2024-02-28").add_days(1), date("2024-02-29"));
        assert_eq!(date("2024-02-28").add_days(2), date("2024-03-01"));
        assert_eq!(date("2025-02-28").add_days(1), date("2025-03-01"));
        assert_eq!(date("2026-01-01").add_days(-1), date("2025-12-31"));
        assert_eq!(date("2024-01-01").add_days(366), date("2025-01-01"));
    }

    #[test]
    fn day_numbers_count_from_1970_and_convert_back() {
        assert_eq!(date("1970-01-01").days_since_epoch(), 0);
        assert_eq!(date("1969-12-31").days_since_epoch(), -1);
        assert_eq!(date("2000-03-01").days_since_epoch(), 11_017);
        for days in (-700_000..700_000).step_by(997) {
            assert_eq!(Date::from_days(days).days_since_epoch(), days);
        }
    }

    #[test]
    fn known_dates_fall_on_the_right_weekday() {
        assert_eq!(date("2026-11-26").weekday(), Weekday::Thu);
        assert_eq!(date("1970-01-01").weekday(), Weekday::Thu);
        assert_eq!(date("2000-01-01").weekday(), Weekday::Sat);
        assert_eq!(date("2024-02-29").weekday(), Weekday::Thu);
        assert_eq!(date("2025-01-26").weekday() as u8, 6);
    }

    #[test]
    fn an_iso_date_round_trips_through_text_and_json() {
        let d = date("2026-02-14");
        assert_eq!((d.year(), d.month(), d.day()), (2026, 2, 14));
        assert_eq!(d.to_string(), "2026-02-14");
        assert_eq!(Date::new(33, 1, 5).unwrap().to_string(), "0033-01-05");
        assert_eq!(serde_json::to_string(&d).unwrap(), "\"2026-02-14\"");
        assert_eq!(serde_json::from_str::<Date>("\"2026-02-14\"").unwrap(), d);
    }

    #[test]
    fn impossible_or_loosely_written_dates_are_refused() {
        let impossible = "2026-02-29 2026-04-31 2026-13-01 2026-01-00 0000-01-01";
        let loose = "2026-2-14 2026/02/14 20260214 2026-02-1x 2026-02-14T00:00";
        for bad in impossible.split(' ').chain(loose.split(' ')).chain([""]) {
            assert_eq!(Date::parse_iso(bad), None, "{bad}");
        }
        assert!(Date::new(2026, 4, 31).is_none() && Date::new(2026, 13, 1).is_none());
        assert!(serde_json::from_str::<Date>("\"2026-02-30\"").is_err());
    }

    #[test]
    fn calendar_data_reads_and_writes_staff_friendly_json() {
        let json = r#"[{"year": 2026, "holidays": ["2026-01-01..2026-01-03", "2026-04-04"],
            "workdays": ["2026-01-04"]}]"#;
        let years: Vec<CalendarYear> = serde_json::from_str(json).unwrap();
        let cal = WorkingCalendar::from_years(years.clone());
        assert!(!cal.is_working_day(date("2026-01-02")) && !cal.is_working_day(date("2026-04-04")));
        assert!(cal.is_working_day(date("2026-01-04")));
        let back = serde_json::to_string(&years).unwrap();
        let expected = r#"["2026-01-01..2026-01-03","2026-04-04"]"#;
        assert!(back.contains(expected), "{back}");
    }

    #[test]
    fn a_reversed_holiday_range_is_a_data_error() {
        let json = r#"{"year": 2026, "holidays": ["2026-02-23..2026-02-15"]}"#;
        assert!(serde_json::from_str::<CalendarYear>(json).is_err());
    }

    #[test]
    fn without_a_notice_the_fixed_statutory_holidays_are_still_not_working_days() {
        let cal = WorkingCalendar::from_years(china_2025_2026());
        let day = |s: &str| Date::parse_iso(s).unwrap();
        // 2027 has no notice loaded: New Year's Day (a Friday) is still a holiday.
        assert!(!cal.has_year(2027));
        assert!(!cal.is_working_day(day("2027-01-01")));
        assert!(cal.is_working_day(day("2027-01-04")), "the Monday after");
        // Qingming 2027 is 5 April (a Monday); 3 May is the Monday after Labour Day's two days.
        assert!(!cal.is_working_day(day("2027-04-05")), "Qingming");
        assert!(
            cal.is_working_day(day("2027-05-03")),
            "Labour Day is 1–2 May"
        );
        assert!(
            !cal.is_working_day(day("2027-10-01"))
                && !cal.is_working_day(day("2027-10-01").add_days(2))
        );
        // The formula gives the official Qingming days of the years with notices.
        assert_eq!(qingming_day(2025), 4);
        assert_eq!(qingming_day(2026), 5);
        // A year with a notice follows the notice only: its make-up working day stays one.
        assert!(
            cal.is_working_day(day("2026-01-04")),
            "a make-up Sunday of 2026"
        );
        assert!(
            !cal.is_working_day(day("2026-04-06")),
            "2026's Qingming, from its notice"
        );
        // A deadline running from mid-December 2026 into January 2027 skips New Year's Day.
        let due = cal.add_working_days(day("2026-12-28"), 5);
        assert_eq!(due, day("2027-01-05"));
    }

    #[test]
    fn without_a_notice_the_lunar_festivals_are_not_working_days_either() {
        let cal = china();
        // 2027: the lunar New Year is Saturday 6 February, so its Eve (Friday 5) to the third
        // day (Monday 8) are holidays and Tuesday 9 is the first working day after.
        assert!(!cal.is_working_day(date("2027-02-05")), "New Year's Eve");
        assert!(!cal.is_working_day(date("2027-02-08")), "the third day");
        assert!(cal.is_working_day(date("2027-02-04")) && cal.is_working_day(date("2027-02-09")));
        assert!(
            !cal.is_working_day(date("2027-06-09")),
            "Dragon Boat, a Wednesday"
        );
        assert!(
            !cal.is_working_day(date("2027-09-15")),
            "Mid-Autumn, a Wednesday"
        );
        assert!(cal.is_working_day(date("2027-09-16")));
        // Five working days from Thursday 4 February 2027 skip the whole festival.
        assert_eq!(due("2027-02-04", 5), "2027-02-15");
        // Beyond the table only the fixed days are known; nothing panics at its edges.
        assert!(
            !provisional_holiday(date("2100-02-09")) && provisional_holiday(date("2100-01-01"))
        );
        assert!(
            !provisional_holiday(date("2024-02-10")),
            "before the table and the rules"
        );
    }

    #[test]
    fn every_provisional_holiday_of_2025_and_2026_is_a_holiday_in_that_years_notice() {
        // The rules' days are a subset of each notice (which adds bridges around them), so the
        // table and the fixed days are checked against the State Council's own dates.
        let official = china();
        for day in DayRange::parse("2025-01-01..2026-12-31").unwrap().days() {
            if provisional_holiday(day) {
                assert!(
                    !official.is_working_day(day),
                    "{day} is a holiday by the rules"
                );
            }
        }
        let count = DayRange::parse("2026-01-01..2026-12-31")
            .unwrap()
            .days()
            .filter(|d| provisional_holiday(*d))
            .count();
        assert_eq!(
            count, 13,
            "the 2025 rules' 13 days of public holidays a year"
        );
    }

    #[test]
    fn a_notice_typed_line_by_line_reads_as_the_built_in_one() {
        let typed = parse_notice(
            " 2026 ",
            "2026-01-01..2026-01-03\n2026-02-15..2026-02-23\n\n2026-04-04..2026-04-06\n\
             2026-05-01..2026-05-05\n2026-06-19..2026-06-21\n2026-09-25..2026-09-27\n\
             2026-10-01..2026-10-07\n",
            "2026-01-04\n2026-02-14\n2026-02-28\n2026-05-09\n2026-09-20\n2026-10-10",
        );
        assert_eq!(typed, Ok(china_2025_2026().remove(1)));
        // A New Year holiday may start in the December before.
        assert!(parse_notice("2023", "2022-12-31..2023-01-02", "").is_ok());
    }

    #[test]
    fn every_mistake_in_a_notice_is_reported_with_its_line() {
        let errors = parse_notice(
            "2027",
            "2027-02-05..2027-02-11\n2027-02-31\n2027-10-07..2027-10-01\n2029-01-01\n2027-02-10",
            "2027-02-20\n2027-02-17\n2027-02-07\nnext Sunday",
        )
        .unwrap_err();
        let got: Vec<(&str, usize, &str)> = errors
            .iter()
            .map(|e| (e.field.code(), e.line, e.problem.code()))
            .collect();
        assert_eq!(
            got,
            [
                ("holidays", 2, "not-a-date"),
                ("holidays", 3, "not-a-date"),
                ("holidays", 4, "outside-year"),
                ("holidays", 5, "repeated"),
                ("workdays", 2, "not-a-weekend"),
                ("workdays", 3, "also-a-holiday"),
                ("workdays", 4, "not-a-date"),
            ]
        );
        let nothing = parse_notice("1999", "", "").unwrap_err();
        assert_eq!(
            nothing.iter().map(|e| e.problem).collect::<Vec<_>>(),
            [NoticeProblem::BadYear, NoticeProblem::NoHolidays]
        );
        for p in NoticeProblem::ALL {
            assert_eq!(NoticeProblem::from_code(p.code()), Some(p));
        }
    }

    #[test]
    fn every_official_make_up_day_is_a_weekend_and_no_holiday() {
        let cal = china();
        for w in china_2025_2026().iter().flat_map(|y| &y.workdays) {
            assert!(w.weekday().is_weekend() && !cal.holidays.contains(w), "{w}");
        }
    }

    #[test]
    fn a_friday_plus_one_working_day_is_the_saturday_make_up_day() {
        assert_eq!(due("2026-02-13", 1), "2026-02-14");
    }

    #[test]
    fn the_spring_festival_holiday_is_skipped() {
        assert_eq!(due("2026-02-14", 1), "2026-02-24");
    }

    #[test]
    fn the_national_day_holiday_is_skipped() {
        assert_eq!(due("2025-09-30", 1), "2025-10-09");
    }

    #[test]
    fn zero_working_days_is_the_start_day_itself() {
        assert_eq!(due("2026-02-15", 0), "2026-02-15");
    }

    #[test]
    fn a_year_without_data_counts_monday_to_friday_less_the_fixed_holidays() {
        let cal = china();
        // 2030-01-01 is a Tuesday: New Year's Day, a holiday even before 2030's notice.
        assert!(!cal.has_year(2030) && !cal.is_working_day(date("2030-01-01")));
        assert!(cal.is_working_day(date("2030-01-02")));
        assert_eq!(due("2030-01-04", 1), "2030-01-07");
        assert_eq!(due("2030-01-01", 10), "2030-01-15");
    }

    #[test]
    fn coverage_names_the_years_without_data() {
        let cal = china();
        assert!(cal.has_year(2025) && cal.has_year(2026));
        assert!(cal.covers(date("2025-12-20"), date("2026-01-10")));
        assert!(!cal.covers(date("2026-12-20"), date("2027-01-10")));
        assert_eq!(
            cal.missing_years(date("2028-01-01"), date("2026-06-01")),
            [2027, 2028]
        );
    }

    #[test]
    fn working_days_between_excludes_the_start_and_includes_the_end() {
        assert_eq!(between("2026-02-13", "2026-02-24"), 2);
        assert_eq!(between("2026-02-13", "2026-02-13"), 0);
        assert_eq!(between("2026-02-24", "2026-02-13"), 0);
        // October 2025: 23 weekdays, 6 of them holidays, plus the make-up Saturday the 11th.
        assert_eq!(between("2025-09-30", "2025-10-31"), 18);
    }

    #[test]
    fn adding_working_days_agrees_with_counting_them() {
        let (cal, start) = (china(), date("2025-01-20"));
        for n in 0..300 {
            let due = cal.add_working_days(start, n);
            assert_eq!(cal.working_days_between(start, due), n);
            assert!(n == 0 || cal.is_working_day(due));
        }
    }
}

#[cfg(test)]
mod seed_file_tests {
    use super::*;

    #[derive(Deserialize)]
    struct CalendarFile {
        years: Vec<CalendarYear>,
    }

    #[test]
    fn the_calendar_file_staff_edit_says_what_the_built_in_notices_say() {
        let file: CalendarFile =
            serde_json::from_str(include_str!("../../../catalog/calendar.json")).unwrap();
        assert_eq!(file.years, china_2025_2026());
        assert_eq!(
            WorkingCalendar::from_years(file.years),
            WorkingCalendar::from_years(china_2025_2026())
        );
    }
}
