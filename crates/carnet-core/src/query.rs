//! The questions people ask of the log: what is to do today, what was
//! harvested (by crop, week, bed, destination, with kg per m²), what happened
//! on a bed, and which fields were changed concurrently.
//!
//! Queries are pure functions over records; the store decides which records
//! to fetch (by index) and hands them in.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::catalog::Catalog;
use crate::document::RawConflict;
use crate::harvest::{Destination, Harvest, Total, Weighing};
use crate::ids::*;
use crate::observation::Observation;
use crate::task::{Task, TaskStatus};

/// The daily list: what is due today, what is late, what comes next.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DayTasks {
    pub day: NaiveDate,
    /// Open tasks due in the [`LATE_DAYS`] before `day`.
    pub late: Vec<Task>,
    pub today: Vec<Task>,
    pub upcoming: Vec<Task>,
    /// Open tasks due before the late window: counted, not listed. The
    /// supervisor closes or abandons them from the plan.
    #[serde(default)]
    pub older_open: usize,
}

/// How many days ahead "upcoming" looks.
pub const UPCOMING_DAYS: i64 = 7;

/// How many days back "late" looks. A worker's list shows the month's
/// missed work, not every chore never ticked since the farm began: a list
/// that grows with the years is unreadable in the field and slower to open.
/// Older open tasks are counted in [`DayTasks::older_open`], never hidden
/// without a word.
pub const LATE_DAYS: i64 = 28;

/// The first day whose open tasks are listed as late on `day`.
pub fn late_window_start(day: NaiveDate) -> NaiveDate {
    day - chrono::Duration::days(LATE_DAYS)
}

/// Sorts tasks into late (open, due in the [`LATE_DAYS`] before `day`),
/// today (due on `day`, any status, so ticked tasks stay visible) and
/// upcoming (open, due within a week); open tasks older than the late window
/// are only counted. With `person`, keeps the tasks whose crew includes them
/// or is empty (anyone of the team). Deleted tasks never show.
pub fn tasks_for_day(
    tasks: impl IntoIterator<Item = Task>,
    day: NaiveDate,
    person: Option<PersonId>,
) -> DayTasks {
    let mut out = DayTasks {
        day,
        ..DayTasks::default()
    };
    let horizon = day + chrono::Duration::days(UPCOMING_DAYS);
    let late_start = late_window_start(day);
    for task in tasks {
        if task.deleted {
            continue;
        }
        if let Some(p) = person
            && !task.crew.is_empty()
            && !task.crew.contains(&p)
        {
            continue;
        }
        if task.due == day {
            out.today.push(task);
        } else if task.due < late_start && task.is_open() {
            out.older_open += 1;
        } else if task.due < day && task.is_open() {
            out.late.push(task);
        } else if task.due > day && task.due <= horizon && task.is_open() {
            out.upcoming.push(task);
        }
    }
    let order = |t: &Task| {
        (
            t.due,
            matches!(t.status, TaskStatus::Todo)
                .then_some(0)
                .unwrap_or(1),
            t.title.folded(),
            t.id,
        )
    };
    for list in [&mut out.late, &mut out.today, &mut out.upcoming] {
        list.sort_by_key(order);
    }
    out
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupBy {
    Crop,
    Week,
    Bed,
    Destination,
}

impl std::str::FromStr for GroupBy {
    type Err = crate::Error;
    fn from_str(s: &str) -> crate::Result<Self> {
        match s.trim().to_lowercase().as_str() {
            "crop" | "culture" => Ok(GroupBy::Crop),
            "week" | "semaine" => Ok(GroupBy::Week),
            "bed" | "planche" => Ok(GroupBy::Bed),
            "destination" => Ok(GroupBy::Destination),
            other => Err(crate::Error::invalid(
                "group",
                format!("`{other}` is not one of crop, week, bed, destination"),
            )),
        }
    }
}

/// One line of a harvest report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportRow {
    pub key: String,
    pub harvests: usize,
    pub total: Total,
    /// Area of the distinct beds these harvests came from.
    pub area_m2: f64,
    pub kg_per_m2: Option<f64>,
}

/// Harvest totals grouped as asked, between two dates inclusive. Voided
/// harvests count nowhere. Counts without a kg conversion stay in their unit.
pub fn harvest_report(
    catalog: &Catalog,
    harvests: &[Harvest],
    weighings: &[Weighing],
    by: GroupBy,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Vec<ReportRow> {
    let mut by_harvest: BTreeMap<HarvestId, Vec<&Weighing>> = BTreeMap::new();
    for w in weighings {
        by_harvest.entry(w.harvest).or_default().push(w);
    }
    struct Acc {
        harvests: usize,
        total: Total,
        beds: BTreeSet<BedId>,
    }
    let mut groups: BTreeMap<String, Acc> = BTreeMap::new();
    for h in harvests {
        let day = h.at.date_naive();
        if h.voided.is_some() || from.is_some_and(|f| day < f) || to.is_some_and(|t| day > t) {
            continue;
        }
        let Some(crop) = catalog.crops.get(&h.crop) else {
            continue;
        };
        let key = match by {
            GroupBy::Crop => crop.name.to_string(),
            GroupBy::Week => {
                let w = day.iso_week();
                format!("{}-W{:02}", w.year(), w.week())
            }
            GroupBy::Bed => catalog.bed_code(h.bed),
            GroupBy::Destination => destination_name(catalog, &h.destination),
        };
        let acc = groups.entry(key).or_insert_with(|| Acc {
            harvests: 0,
            total: Total::default(),
            beds: BTreeSet::new(),
        });
        acc.harvests += 1;
        acc.beds.insert(h.bed);
        for w in by_harvest.get(&h.id).into_iter().flatten() {
            acc.total.add(w, crop);
        }
    }
    groups
        .into_iter()
        .map(|(key, acc)| {
            let area: f64 = acc
                .beds
                .iter()
                .filter_map(|b| catalog.beds.get(b))
                .map(|b| b.area_m2())
                .sum();
            ReportRow {
                key,
                harvests: acc.harvests,
                kg_per_m2: (area > 0.0 && acc.total.kg > 0.0).then(|| acc.total.kg / area),
                area_m2: area,
                total: acc.total,
            }
        })
        .collect()
}

pub fn destination_name(catalog: &Catalog, destination: &Destination) -> String {
    match destination {
        Destination::Outlet(id) => catalog
            .outlets
            .get(id)
            .map_or_else(|| id.to_string(), |o| o.name.to_string()),
        Destination::Kind(kind) => kind.as_str().to_owned(),
    }
}

/// One line of a bed's history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub date: NaiveDate,
    pub what: &'static str,
    pub id: uuid::Uuid,
    pub summary: String,
}

/// Everything that happened on a bed, newest first.
pub fn bed_history(
    catalog: &Catalog,
    bed: BedId,
    tasks: &[Task],
    harvests: &[Harvest],
    weighings: &[Weighing],
    observations: &[Observation],
) -> Vec<HistoryEntry> {
    let mut out = Vec::new();
    for t in tasks.iter().filter(|t| !t.deleted && t.beds.contains(&bed)) {
        out.push(HistoryEntry {
            date: t.due,
            what: "task",
            id: t.id.0,
            summary: format!("{} ({}, {})", t.title, t.kind, t.status.as_str()),
        });
    }
    for h in harvests.iter().filter(|h| h.bed == bed) {
        let mut total = Total::default();
        if let Some(crop) = catalog.crops.get(&h.crop) {
            for w in weighings.iter().filter(|w| w.harvest == h.id) {
                total.add(w, crop);
            }
        }
        let voided = if h.voided.is_some() { " [voided]" } else { "" };
        out.push(HistoryEntry {
            date: h.at.date_naive(),
            what: "harvest",
            id: h.id.0,
            summary: format!(
                "{} {:.2} kg, lot {}{voided}",
                catalog.crop_name(h.crop),
                total.kg,
                h.lot
            ),
        });
    }
    for o in observations
        .iter()
        .filter(|o| !o.deleted && o.beds.contains(&bed))
    {
        out.push(HistoryEntry {
            date: o.at.date_naive(),
            what: "observation",
            id: o.id.0,
            summary: format!("{} severity {}: {}", o.kind, o.severity.get(), o.note),
        });
    }
    out.sort_by(|a, b| {
        b.date
            .cmp(&a.date)
            .then(a.what.cmp(b.what))
            .then(a.id.cmp(&b.id))
    });
    out
}

/// A conflict as a supervisor reads it: names instead of ids.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Conflict {
    pub document: String,
    pub record: String,
    pub record_type: String,
    pub field: String,
    pub values: Vec<ConflictValue>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConflictValue {
    pub value: String,
    pub person: Option<String>,
    pub device: Option<String>,
    pub at: Option<String>,
}

pub fn name_conflicts(catalog: &Catalog, document: &str, raw: Vec<RawConflict>) -> Vec<Conflict> {
    raw.into_iter()
        .map(|c| Conflict {
            document: document.to_owned(),
            record: c.record_key,
            record_type: c.record_type,
            field: c.field,
            values: c
                .values
                .into_iter()
                .map(|v| ConflictValue {
                    value: match &v.value {
                        automerge::ScalarValue::Str(s) => s.to_string(),
                        other => other.to_string(),
                    },
                    person: v.person.map(|p| {
                        p.parse::<PersonId>()
                            .map_or(p, |id| catalog.person_name(id))
                    }),
                    device: v.device,
                    at: v.at,
                })
                .collect(),
        })
        .collect()
}
