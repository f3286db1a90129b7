//! Tasks: planned work that becomes done or abandoned, and recurring task
//! templates whose instances are materialized per day.
//!
//! An instance's id is derived from its template and its date, so two devices
//! that materialize the same day offline write the same record, not two.
//!
//! Their fields are in `codec`, their writes in `writes`, the daily list in
//! `queries`.
//!
//! Deliberately not here: checking beds and crew (the catalog's public
//! checks).

use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

use automerge::ScalarValue;
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::{Error, Result};
use crate::ids::*;
use crate::record::Stamp;
use crate::values::{Month, Name, TaskKind};

pub(crate) mod codec;
mod queries;
mod writes;

pub use queries::*;
pub use writes::*;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Task {
    pub id: TaskId,
    pub title: Name,
    pub kind: TaskKind,
    pub beds: Vec<BedId>,
    /// The people who should do it; empty means anyone of the team.
    pub crew: Vec<PersonId>,
    pub due: NaiveDate,
    pub duration_min: Option<u32>,
    pub status: TaskStatus,
    pub template: Option<TemplateId>,
    pub deleted: bool,
    pub created: Stamp,
    /// Set on the copy a move left behind: the month whose document holds
    /// the task now (`move_task`). Such a copy is never the one listed
    /// while the copy it points to is there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub moved_to: Option<Month>,
    /// How many times the task changed month. When two copies are both
    /// live (two devices moved it to two months concurrently), the one that
    /// moved most is listed (`Task::outranks`).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub moves: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

impl Task {
    /// Which of two copies of one task (one per month document it has been
    /// in) a device lists: a copy not moved away over one that was, then
    /// the one that moved most, then the later due day, then the document
    /// id (`doc`, `other_doc`). Every device holding the same copies picks
    /// the same one, whatever order they arrived in.
    pub fn outranks(&self, doc: &str, other: &Task, other_doc: &str) -> bool {
        let rank = |t: &Task, d: &str| (t.moved_to.is_none(), t.moves, t.due, d.to_owned());
        rank(self, doc) > rank(other, other_doc)
    }

    /// The crew-visibility rule, the one place it is written: a person sees
    /// the tasks whose crew includes them and those for anyone (an empty
    /// crew). The store's count of older open tasks says the same in SQL
    /// (`older_open_tasks`), and the store's journey test holds the two
    /// equal.
    pub fn is_for(&self, person: PersonId) -> bool {
        self.crew.is_empty() || self.crew.contains(&person)
    }

    /// To do, neither deleted nor moved away (a moved-away copy is done
    /// or not in its new month's document).
    pub fn is_open(&self) -> bool {
        matches!(self.status, TaskStatus::Todo) && !self.deleted && self.moved_to.is_none()
    }

    /// People × time, in minutes, once the task is done.
    pub fn labour_min(&self) -> Option<u32> {
        match self.status {
            TaskStatus::Done { .. } => self.duration_min.map(|d| d * self.crew.len().max(1) as u32),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum TaskStatus {
    Todo,
    Done {
        by: PersonId,
        at: DateTime<FixedOffset>,
    },
    Abandoned {
        by: PersonId,
        at: DateTime<FixedOffset>,
        reason: Name,
    },
}

impl TaskStatus {
    pub fn as_str(&self) -> &'static str {
        match self {
            TaskStatus::Todo => "todo",
            TaskStatus::Done { .. } => "done",
            TaskStatus::Abandoned { .. } => "abandoned",
        }
    }

    /// The fields a status change writes. Each status writes all the status
    /// fields so a later change never leaves a stale `done_by` behind.
    pub(crate) fn fields(&self) -> Vec<(&'static str, ScalarValue)> {
        let s = |v: String| ScalarValue::Str(v.into());
        let empty = || s(String::new());
        let mut f = vec![("status", s(self.as_str().to_owned()))];
        match self {
            TaskStatus::Todo => {}
            TaskStatus::Done { by, at } => {
                f.push(("done_by", s(by.to_string())));
                f.push(("done_at", s(at.to_rfc3339())));
            }
            TaskStatus::Abandoned { by, at, reason } => {
                f.push(("abandoned_by", s(by.to_string())));
                f.push(("abandoned_at", s(at.to_rfc3339())));
                f.push(("abandon_reason", s(reason.to_string())));
                f.push(("done_by", empty()));
            }
        }
        f
    }
}

/// When a recurring task comes back.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Recurrence {
    /// Every N days from the template's start (1 = daily).
    EveryDays(u16),
    /// On the chosen weekdays of every week.
    Weekly(BTreeSet<WeekdayOrd>),
}

/// A weekday that sorts Monday first. Its number is private: built only
/// from a `Weekday` or by parsing, it always names one of the seven days.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct WeekdayOrd(u8);

impl From<Weekday> for WeekdayOrd {
    fn from(day: Weekday) -> Self {
        WeekdayOrd(day.num_days_from_monday() as u8)
    }
}

impl WeekdayOrd {
    pub fn weekday(self) -> Weekday {
        Weekday::try_from(self.0).unwrap_or(Weekday::Mon)
    }
}

const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const JOURS: [&str; 7] = ["lun", "mar", "mer", "jeu", "ven", "sam", "dim"];

impl Recurrence {
    pub fn occurs_on(&self, start: NaiveDate, date: NaiveDate) -> bool {
        if date < start {
            return false;
        }
        match self {
            // `checked_rem`: every 0 days (only built by hand, never parsed)
            // yields no day rather than a panic.
            Recurrence::EveryDays(n) => {
                (date - start).num_days().checked_rem(i64::from(*n)) == Some(0)
            }
            Recurrence::Weekly(days) => days.contains(&WeekdayOrd::from(date.weekday())),
        }
    }
}

impl fmt::Display for Recurrence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Recurrence::EveryDays(n) => write!(f, "every {n} days"),
            Recurrence::Weekly(days) => {
                let names: Vec<_> = days.iter().map(|d| WEEKDAYS[usize::from(d.0)]).collect();
                write!(f, "weekly {}", names.join(","))
            }
        }
    }
}

impl FromStr for Recurrence {
    type Err = Error;
    /// Accepts `daily`, `3` / `3d` / `every 3 days`, `weekly mon,thu`,
    /// `mon,thu`, `lun,jeu`.
    fn from_str(s: &str) -> Result<Self> {
        let text = s.trim().to_lowercase();
        let bad = || {
            Error::invalid(
                "recurrence",
                format!(
                    "`{}` is not a rule like `daily`, `every 3 days` or `mon,thu`",
                    s.trim()
                ),
            )
        };
        if matches!(
            text.as_str(),
            "daily" | "every day" | "tous les jours" | "quotidien"
        ) {
            return Ok(Recurrence::EveryDays(1));
        }
        let days_part = text
            .strip_prefix("every ")
            .or_else(|| text.strip_prefix("tous les "))
            .unwrap_or(&text)
            .trim_end_matches(" days")
            .trim_end_matches(" jours")
            .trim_end_matches('d')
            .trim_end_matches('j')
            .trim();
        if let Ok(n) = days_part.parse::<u16>() {
            if !(1..=365).contains(&n) {
                return Err(Error::invalid(
                    "recurrence",
                    format!("every {n} days must be 1 to 365 days"),
                ));
            }
            return Ok(Recurrence::EveryDays(n));
        }
        let list = text.strip_prefix("weekly").unwrap_or(&text).trim();
        let mut days = BTreeSet::new();
        for part in list.split([',', ' ']).filter(|p| !p.is_empty()) {
            let key: String = part.chars().take(3).collect();
            let index = WEEKDAYS
                .iter()
                .position(|d| *d == key)
                .or_else(|| JOURS.iter().position(|d| *d == key));
            days.insert(WeekdayOrd(index.ok_or_else(bad)? as u8));
        }
        if days.is_empty() {
            return Err(bad());
        }
        Ok(Recurrence::Weekly(days))
    }
}

impl TryFrom<String> for Recurrence {
    type Error = Error;
    fn try_from(s: String) -> Result<Self> {
        s.parse()
    }
}

impl From<Recurrence> for String {
    fn from(r: Recurrence) -> String {
        r.to_string()
    }
}

/// A recurring task: a pattern that yields one task per matching day.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TaskTemplate {
    pub id: TemplateId,
    pub title: Name,
    pub kind: TaskKind,
    pub beds: Vec<BedId>,
    pub crew: Vec<PersonId>,
    pub rule: Recurrence,
    pub start: NaiveDate,
    pub until: Option<NaiveDate>,
    pub duration_min: Option<u32>,
    pub retired: bool,
    pub created: Stamp,
}

impl TaskTemplate {
    /// The id of this template's task on `date`: the same on every device.
    pub fn instance_id(&self, date: NaiveDate) -> TaskId {
        TaskId(Uuid::new_v5(&self.id.0, date.to_string().as_bytes()))
    }

    /// The days in `from..=to` this template yields a task.
    pub fn dates(&self, from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
        if self.retired {
            return Vec::new();
        }
        let from = from.max(self.start);
        let to = self.until.map_or(to, |u| u.min(to));
        from.iter_days()
            .take_while(|d| *d <= to)
            .filter(|d| self.rule.occurs_on(self.start, *d))
            .collect()
    }

    /// The task this template yields on `date`, as a fresh record.
    pub fn instance(&self, date: NaiveDate, created: Stamp) -> Task {
        Task {
            id: self.instance_id(date),
            title: self.title.clone(),
            kind: self.kind,
            beds: self.beds.clone(),
            crew: self.crew.clone(),
            due: date,
            duration_min: self.duration_min,
            status: TaskStatus::Todo,
            template: Some(self.id),
            deleted: false,
            created,
            moved_to: None,
            moves: 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn recurrence_parses_the_ways_people_write_it() {
        assert_eq!(
            "daily".parse::<Recurrence>().unwrap(),
            Recurrence::EveryDays(1)
        );
        assert_eq!("3".parse::<Recurrence>().unwrap(), Recurrence::EveryDays(3));
        assert_eq!(
            "every 3 days".parse::<Recurrence>().unwrap(),
            Recurrence::EveryDays(3)
        );
        let weekly = "lun,jeu".parse::<Recurrence>().unwrap();
        assert_eq!(weekly, "mon,thu".parse().unwrap());
        assert_eq!(weekly.to_string(), "weekly mon,thu");
        assert_eq!(weekly.to_string().parse::<Recurrence>().unwrap(), weekly);
        assert!("0".parse::<Recurrence>().is_err());
        assert!("someday".parse::<Recurrence>().is_err());
    }

    #[test]
    fn every_n_days_counts_from_start() {
        let r = Recurrence::EveryDays(3);
        let start = d("2026-11-01");
        assert!(r.occurs_on(start, d("2026-11-01")));
        assert!(!r.occurs_on(start, d("2026-11-02")));
        assert!(r.occurs_on(start, d("2026-11-04")));
        assert!(!r.occurs_on(start, d("2026-10-29")));
    }

    #[test]
    fn weekly_on_chosen_days() {
        let r: Recurrence = "mon,thu".parse().unwrap();
        // 2026-11-23 is a Monday.
        assert!(r.occurs_on(d("2026-11-01"), d("2026-11-23")));
        assert!(!r.occurs_on(d("2026-11-01"), d("2026-11-24")));
        assert!(r.occurs_on(d("2026-11-01"), d("2026-11-26")));
    }
}
