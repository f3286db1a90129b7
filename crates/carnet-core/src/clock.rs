//! Whether a device's clock can be believed before it stamps a record.
//!
//! A tablet with a flat clock battery reads 1 January 1970; one set by hand
//! may read 2038 or two years ahead. Every record it writes then lands in a
//! month nobody looks at (or no server accepts), so a write is refused
//! instead, naming the date the device believes, until someone sets it.
//!
//! The rule: a device time is plausible from `floor()` (2020-01-01) up to
//! - the farm's latest known time plus `MARGIN` (one year), where the store
//!   knows that time from the newest server time seen at a sync and its own
//!   newest accepted write; a tablet left in a drawer for months with a right
//!   clock still works, and after more than a year one sync (which writes
//!   nothing local) brings the known time up to date;
//! - or, when no time is known yet (a new install, a store written before
//!   this rule), `released()` plus `UNKNOWN_MARGIN` (ten years): 2038 and
//!   2301 are still refused, and a version works for the years it is in use.
//!
//! Deliberately not here: reading any clock (the time comes in as an
//! argument), and the skew with the server (the client measures it).

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, TimeZone, Utc};

use crate::error::{Error, Result};

/// No device time before this is believed: Carnet did not exist.
pub fn floor() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2020, 1, 1, 0, 0, 0)
        .single()
        .expect("a valid date")
}

/// Roughly when this version was written: the known time of a store that
/// knows none.
pub fn released() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0)
        .single()
        .expect("a valid date")
}

/// How far past the farm's latest known time a device clock may run: a
/// season in a drawer is normal, a year is the most a right clock needs.
pub const MARGIN: Duration = Duration::days(366);

/// How far past `released()` a store that knows no time accepts.
pub const UNKNOWN_MARGIN: Duration = Duration::days(3653);

/// Past this, a device clock is considered wrong.
pub fn ceiling(latest_known: Option<DateTime<Utc>>) -> DateTime<Utc> {
    match latest_known {
        Some(known) => known + MARGIN,
        None => released() + UNKNOWN_MARGIN,
    }
}

/// Refuses a device time before 2020 or past `ceiling(latest_known)`.
pub fn check_device_time(
    device_time: DateTime<FixedOffset>,
    latest_known: Option<DateTime<Utc>>,
) -> Result<()> {
    let utc = device_time.with_timezone(&Utc);
    if utc < floor() || utc > ceiling(latest_known) {
        return Err(Error::ImplausibleClock { device_time });
    }
    Ok(())
}

/// Whether a day stamped by a device clock lies outside what the rule
/// accepts: the records a supervisor should look at.
pub fn is_implausible_day(day: NaiveDate, latest_known: Option<DateTime<Utc>>) -> bool {
    day < floor().date_naive() || day > ceiling(latest_known).date_naive()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(text).unwrap()
    }

    fn known(text: &str) -> Option<DateTime<Utc>> {
        Some(at(text).with_timezone(&Utc))
    }

    fn refused(result: Result<()>) -> bool {
        matches!(result, Err(Error::ImplausibleClock { .. }))
    }

    #[test]
    fn a_clock_at_1970_is_refused_and_the_error_names_its_time() {
        let time = at("1970-01-01T00:03:00+01:00");
        let err = check_device_time(time, known("2026-12-07T10:00:00Z")).unwrap_err();
        assert_eq!(err.code(), "implausible_clock");
        assert!(matches!(err, Error::ImplausibleClock { device_time } if device_time == time));
        assert!(err.to_string().contains("01/01/1970"), "{err}");
    }

    #[test]
    fn a_clock_before_2020_is_refused_even_when_nothing_is_known() {
        assert!(refused(check_device_time(at("2019-12-31T23:00:00Z"), None)));
    }

    #[test]
    fn a_clock_in_2038_is_refused_with_or_without_a_known_time() {
        let time = at("2038-01-19T03:14:08Z");
        assert!(refused(check_device_time(time, None)));
        assert!(refused(check_device_time(
            time,
            known("2026-12-07T10:00:00Z")
        )));
    }

    #[test]
    fn a_clock_in_2301_is_refused() {
        assert!(refused(check_device_time(at("2301-05-01T08:00:00Z"), None)));
    }

    #[test]
    fn a_clock_two_years_ahead_of_the_farm_is_refused() {
        assert!(refused(check_device_time(
            at("2028-12-07T10:00:00Z"),
            known("2026-12-07T10:00:00Z")
        )));
        assert!(refused(check_device_time(
            at("2033-06-01T10:00:00Z"),
            known("2031-06-01T10:00:00Z")
        )));
    }

    #[test]
    fn a_right_clock_after_months_in_a_drawer_is_accepted() {
        // Last sync and last write in November; taken out in late June.
        assert!(
            check_device_time(
                at("2027-06-20T07:30:00+02:00"),
                known("2026-11-15T16:00:00Z")
            )
            .is_ok()
        );
    }

    #[test]
    fn a_right_clock_is_accepted_when_nothing_is_known() {
        assert!(check_device_time(at("2026-12-07T10:00:00+01:00"), None).is_ok());
        assert!(check_device_time(at("2030-04-01T10:00:00+02:00"), None).is_ok());
    }

    #[test]
    fn a_day_outside_the_rule_is_flagged_for_the_supervisor() {
        let k = known("2026-12-07T10:00:00Z");
        assert!(is_implausible_day(
            NaiveDate::from_ymd_opt(1970, 1, 1).unwrap(),
            k
        ));
        assert!(is_implausible_day(
            NaiveDate::from_ymd_opt(2301, 3, 1).unwrap(),
            k
        ));
        assert!(!is_implausible_day(
            NaiveDate::from_ymd_opt(2026, 12, 7).unwrap(),
            k
        ));
    }
}
