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
use crate::values::{AbandonReason, Month, Name, TaskKind, TaskState};

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
        /// Serialized as `reason` (and `note`) beside `by` and `at`.
        #[serde(flatten)]
        why: Abandonment,
    },
}

/// Why a task was abandoned: a code from a closed list (`weather`,
/// `no_time`, …), translated wherever it is shown, and an optional short
/// note kept as typed, for `other` or for details.
///
/// Version 0.1.0 stored a free text typed in the person's language as the
/// reason; such a text reads as `other` with that text as its note
/// (`from_stored`), and `From<Name>` says the same for a caller that still
/// holds a free text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "AbandonmentFields", into = "AbandonmentFields")]
pub struct Abandonment {
    reason: AbandonReason,
    note: Option<Name>,
}

impl Abandonment {
    pub fn new(reason: AbandonReason, note: Option<Name>) -> Self {
        Self { reason, note }
    }

    /// From what a person gave: a reason's code or synonym (`weather`,
    /// `météo`) and a note, blank meaning none.
    pub fn parse(reason: &str, note: Option<&str>) -> Result<Self> {
        Self::with_note(reason.parse()?, note)
    }

    /// A reason and the note as a person typed it, blank meaning none; a
    /// note is one line of at most 200 characters.
    pub fn with_note(reason: AbandonReason, note: Option<&str>) -> Result<Self> {
        let note = note
            .filter(|n| !n.trim().is_empty())
            .map(|n| Name::parse("note", n))
            .transpose()?;
        Ok(Self { reason, note })
    }

    /// From the stored fields: `reason` is a code, or a free text written by
    /// version 0.1.0 (then `other`, with the text as the note).
    pub(crate) fn from_stored(reason: &str, note: Option<&str>) -> Result<Self> {
        match AbandonReason::from_code(reason) {
            Some(code) => Self::parse(code.as_str(), note),
            None => Ok(Self {
                reason: AbandonReason::Other,
                note: Some(Name::parse("abandon_reason", reason)?),
            }),
        }
    }

    pub fn reason(&self) -> AbandonReason {
        self.reason
    }

    pub fn note(&self) -> Option<&Name> {
        self.note.as_ref()
    }
}

impl From<Name> for Abandonment {
    fn from(text: Name) -> Self {
        Self::from_stored(text.as_str(), None).expect("a name is a valid note")
    }
}

/// The projection's JSON form of an abandonment. `other` with a note that
/// is not itself a code is written as the note alone in `reason`, the form
/// version 0.1.0 wrote its free texts in, so the rows it wrote read and
/// write back identically (`tests/fixtures/v0.1.0`); every other reason is
/// its code, with `note` when there is one.
#[derive(Serialize, Deserialize)]
struct AbandonmentFields {
    reason: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    note: Option<String>,
}

impl TryFrom<AbandonmentFields> for Abandonment {
    type Error = Error;
    fn try_from(f: AbandonmentFields) -> Result<Self> {
        Self::from_stored(&f.reason, f.note.as_deref())
    }
}

impl From<Abandonment> for AbandonmentFields {
    fn from(a: Abandonment) -> Self {
        match (a.reason, a.note) {
            (AbandonReason::Other, Some(note))
                if AbandonReason::from_code(note.as_str()).is_none() =>
            {
                AbandonmentFields {
                    reason: note.into(),
                    note: None,
                }
            }
            (reason, note) => AbandonmentFields {
                reason: reason.as_str().to_owned(),
                note: note.map(Into::into),
            },
        }
    }
}

impl TaskStatus {
    pub fn state(&self) -> TaskState {
        match self {
            TaskStatus::Todo => TaskState::Todo,
            TaskStatus::Done { .. } => TaskState::Done,
            TaskStatus::Abandoned { .. } => TaskState::Abandoned,
        }
    }

    /// The stored code of its state (`todo`, `done`, `abandoned`).
    pub fn as_str(&self) -> &'static str {
        self.state().as_str()
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
            TaskStatus::Abandoned { by, at, why } => {
                f.push(("abandoned_by", s(by.to_string())));
                f.push(("abandoned_at", s(at.to_rfc3339())));
                f.push(("abandon_reason", s(why.reason.as_str().to_owned())));
                let note = why.note.as_ref().map_or("", Name::as_str);
                f.push(("abandon_note", s(note.to_owned())));
                f.push(("done_by", empty()));
            }
        }
        f
    }
}

/// When a recurring task comes back. Its rule is private: built by parsing,
/// `every_days` or `weekly`, it always yields days (never every 0 days,
/// never on no weekday), and serde goes through the same parsing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Recurrence(Rule);

#[derive(Clone, Debug, PartialEq, Eq)]
enum Rule {
    /// Every N days from the template's start (1 = daily), N in 1..=365.
    EveryDays(u16),
    /// On the chosen weekdays of every week, at least one.
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
    pub const MAX_DAYS: u16 = 365;

    /// Every `n` days from the template's start: 1 (daily) to 365.
    pub fn every_days(n: u16) -> Result<Self> {
        if !(1..=Self::MAX_DAYS).contains(&n) {
            return Err(Error::invalid(
                "recurrence",
                format!("every {n} days must be 1 to {} days", Self::MAX_DAYS),
            ));
        }
        Ok(Recurrence(Rule::EveryDays(n)))
    }

    /// On these weekdays of every week: at least one.
    pub fn weekly(days: impl IntoIterator<Item = Weekday>) -> Result<Self> {
        let days: BTreeSet<WeekdayOrd> = days.into_iter().map(WeekdayOrd::from).collect();
        if days.is_empty() {
            return Err(Error::invalid(
                "recurrence",
                "weekly needs at least one day",
            ));
        }
        Ok(Recurrence(Rule::Weekly(days)))
    }

    pub fn occurs_on(&self, start: NaiveDate, date: NaiveDate) -> bool {
        if date < start {
            return false;
        }
        match &self.0 {
            // `n` is at least 1 (`every_days`): the remainder cannot panic.
            Rule::EveryDays(n) => (date - start).num_days() % i64::from(*n) == 0,
            Rule::Weekly(days) => days.contains(&WeekdayOrd::from(date.weekday())),
        }
    }
}

impl fmt::Display for Recurrence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Rule::EveryDays(n) => write!(f, "every {n} days"),
            Rule::Weekly(days) => {
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
            return Recurrence::every_days(1);
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
            return Recurrence::every_days(n);
        }
        let list = text.strip_prefix("weekly").unwrap_or(&text).trim();
        let mut days = Vec::new();
        for part in list.split([',', ' ']).filter(|p| !p.is_empty()) {
            let key: String = part.chars().take(3).collect();
            let index = WEEKDAYS
                .iter()
                .position(|d| *d == key)
                .or_else(|| JOURS.iter().position(|d| *d == key));
            days.push(WeekdayOrd(index.ok_or_else(bad)? as u8).weekday());
        }
        Recurrence::weekly(days).map_err(|_| bad())
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
            Recurrence::every_days(1).unwrap()
        );
        assert_eq!(
            "3".parse::<Recurrence>().unwrap(),
            Recurrence::every_days(3).unwrap()
        );
        assert_eq!(
            "every 3 days".parse::<Recurrence>().unwrap(),
            Recurrence::every_days(3).unwrap()
        );
        let weekly = "lun,jeu".parse::<Recurrence>().unwrap();
        assert_eq!(weekly, "mon,thu".parse().unwrap());
        assert_eq!(
            weekly,
            Recurrence::weekly([Weekday::Thu, Weekday::Mon]).unwrap()
        );
        assert_eq!(weekly.to_string(), "weekly mon,thu");
        assert_eq!(weekly.to_string().parse::<Recurrence>().unwrap(), weekly);
        assert!("0".parse::<Recurrence>().is_err());
        assert!("someday".parse::<Recurrence>().is_err());
    }

    /// The rule's payload is private: every way to build one refuses a rule
    /// that yields no day, serde included, so `occurs_on` never divides by 0.
    #[test]
    fn a_recurrence_that_yields_no_day_cannot_be_built() {
        let refused = [
            Recurrence::every_days(0).unwrap_err().to_string(),
            Recurrence::every_days(366).unwrap_err().to_string(),
            Recurrence::weekly([]).unwrap_err().to_string(),
            serde_json::from_str::<Recurrence>(r#""every 0 days""#)
                .unwrap_err()
                .to_string(),
            serde_json::from_str::<Recurrence>(r#""weekly""#)
                .unwrap_err()
                .to_string(),
        ];
        expect_test::expect![[r#"
            [
                "recurrence: every 0 days must be 1 to 365 days",
                "recurrence: every 366 days must be 1 to 365 days",
                "recurrence: weekly needs at least one day",
                "recurrence: every 0 days must be 1 to 365 days",
                "recurrence: `weekly` is not a rule like `daily`, `every 3 days` or `mon,thu`",
            ]
        "#]]
        .assert_debug_eq(&refused);
    }

    #[test]
    fn every_n_days_counts_from_start() {
        let r = Recurrence::every_days(3).unwrap();
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
