//! The site's time zone (`time_zone` in `site.toml`): which day it is for
//! the site, and when a day starts, so that an item dated in the future
//! appears at the start of its day there.

use std::time::SystemTime;

use super::date::Date;

/// A time zone of the IANA database (`Asia/Seoul`), or UTC.
#[derive(Debug, Clone, PartialEq)]
pub struct SiteTimeZone(jiff::tz::TimeZone);

impl Default for SiteTimeZone {
    fn default() -> Self {
        Self(jiff::tz::TimeZone::UTC)
    }
}

impl SiteTimeZone {
    /// The zone named `name`, if the database knows it.
    pub fn named(name: &str) -> Option<Self> {
        jiff::tz::TimeZone::get(name).ok().map(Self)
    }

    /// The day it is in this zone at `time`.
    pub fn date_at(&self, time: SystemTime) -> Date {
        let date =
            jiff::Timestamp::try_from(time).unwrap_or(jiff::Timestamp::UNIX_EPOCH).to_zoned(self.0.clone()).date();
        Date::new(i32::from(date.year()), date.month().unsigned_abs(), date.day().unsigned_abs()).unwrap_or(Date {
            year: 1970,
            month: 1,
            day: 1,
        })
    }

    /// The day it is in this zone now.
    pub fn today(&self) -> Date {
        self.date_at(SystemTime::now())
    }

    /// The moment `date` starts in this zone.
    pub fn start_of(&self, date: Date) -> Option<SystemTime> {
        let civil = jiff::civil::Date::new(
            i16::try_from(date.year).ok()?,
            i8::try_from(date.month).ok()?,
            i8::try_from(date.day).ok()?,
        )
        .ok()?;
        let zoned = civil.to_zoned(self.0.clone()).ok()?;
        Some(SystemTime::from(zoned.timestamp()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_starts_at_midnight_in_the_zone() {
        let seoul = SiteTimeZone::named("Asia/Seoul").expect("in the database");
        let start = seoul.start_of(Date::new(2027, 1, 1).unwrap()).unwrap();
        // Midnight in Seoul (UTC+9) is 15:00 the day before in UTC.
        let utc = jiff::Timestamp::from_second(1_798_729_200).unwrap();
        assert_eq!(start, SystemTime::from(utc));
        assert_eq!(seoul.date_at(start), Date::new(2027, 1, 1).unwrap());
        assert_eq!(SiteTimeZone::default().date_at(start), Date::new(2026, 12, 31).unwrap());
        assert!(SiteTimeZone::named("Asia/Nowhere").is_none());
    }
}
