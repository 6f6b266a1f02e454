//! A calendar date, as content gives it (`2026-11-29`). Pages write it in
//! the words of `ui.toml` ("29 November 2026", see `Ui::date`).

/// A day of the Gregorian calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// The date, if it is one: February 30th is not.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Self> {
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (1..=days).contains(&day).then_some(Self { year, month, day })
    }

    /// `2026-11-29`, for machines (`datetime` attributes, feeds, sitemaps).
    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// The same day `months` later, or the month's last day if it is shorter:
    /// 31 August and one month make 30 September.
    pub fn months_later(self, months: u32) -> Self {
        let index = i64::from(self.year) * 12 + i64::from(self.month - 1) + i64::from(months);
        let year = i32::try_from(index.div_euclid(12)).unwrap_or(i32::MAX);
        let month = u8::try_from(index.rem_euclid(12) + 1).unwrap_or(12);
        (1..=self.day).rev().find_map(|day| Self::new(year, month, day)).unwrap_or(self)
    }

    /// The day after this one.
    pub fn next_day(self) -> Self {
        Self::new(self.year, self.month, self.day + 1)
            .or_else(|| Self::new(self.year, self.month + 1, 1))
            .unwrap_or(Self { year: self.year + 1, month: 1, day: 1 })
    }

    /// The day the clock of this machine shows, in UTC.
    pub fn today() -> Self {
        Self::of(std::time::SystemTime::now())
    }

    /// The date (in UTC) of `time`; 1970-01-01 for a time before then.
    pub fn of(time: std::time::SystemTime) -> Self {
        let seconds = time.duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
        Self::from_days_since_epoch(i64::try_from(seconds / 86_400).unwrap_or(0))
    }

    /// The civil date `days` after 1970-01-01 (Howard Hinnant's algorithm).
    fn from_days_since_epoch(days: i64) -> Self {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let day_of_era = z.rem_euclid(146_097);
        let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let shifted_month = (5 * day_of_year + 2) / 153;
        let day = u8::try_from(day_of_year - (153 * shifted_month + 2) / 5 + 1).unwrap_or(1);
        let month = u8::try_from(if shifted_month < 10 { shifted_month + 3 } else { shifted_month - 9 }).unwrap_or(1);
        let year = year_of_era + era * 400 + i64::from(month <= 2);
        Self { year: i32::try_from(year).unwrap_or(1970), month, day }
    }
}

/// As machines read it: `2026-11-29`.
impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.iso())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_and_show() {
        let date = Date::new(2026, 11, 29).unwrap();
        assert_eq!(date.iso(), "2026-11-29");
        assert_eq!(crate::site::ui::english().date(&date), "29 November 2026");
        assert_eq!(Date::new(2024, 2, 29).map(Date::iso).as_deref(), Some("2024-02-29"));
        assert_eq!(Date::new(2026, 2, 29), None);
        assert_eq!(Date::new(2026, 13, 1), None);
    }

    #[test]
    fn months_later_keep_the_day_or_take_the_months_last() {
        let day = |y, m, d| Date::new(y, m, d).unwrap();
        assert_eq!(day(2024, 11, 29).months_later(24), day(2026, 11, 29));
        assert_eq!(day(2026, 8, 31).months_later(1), day(2026, 9, 30));
        assert_eq!(day(2024, 2, 29).months_later(12), day(2025, 2, 28));
        assert_eq!(day(2026, 12, 15).months_later(1), day(2027, 1, 15));
        assert_eq!(day(2026, 12, 31).next_day(), day(2027, 1, 1));
        assert_eq!(day(2026, 2, 28).next_day(), day(2026, 3, 1));
        assert_eq!(day(2026, 11, 29).next_day(), day(2026, 11, 30));
    }

    #[test]
    fn days_since_the_epoch_make_the_calendar_date() {
        assert_eq!(Date::from_days_since_epoch(0), Date::new(1970, 1, 1).unwrap());
        assert_eq!(Date::from_days_since_epoch(20_786), Date::new(2026, 11, 29).unwrap());
        assert_eq!(Date::from_days_since_epoch(11_016), Date::new(2000, 2, 29).unwrap());
    }
}
