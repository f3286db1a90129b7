//! Records and reports as the interface reads them, and the forms it sends.
//! Conversions that need names take the catalog along: `(&Catalog, &T)`.

use carnet_core::catalog::Catalog as DomainCatalog;
use carnet_core::{catalog, harvest, query, task};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::words::*;

/// What the first screen needs to know.
#[derive(Clone, Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Setup {
    pub has_farm: bool,
    /// What the supervisor registers on the server (`carnet-sync farm
    /// create --id`) before enrolling this farm's devices.
    pub farm_id: Option<String>,
    pub farm_name: Option<String>,
    pub device: String,
    /// The farm's today, ISO date (fixed by CARNET_NOW in tests).
    pub today: String,
}

#[derive(Clone, Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Person {
    pub id: String,
    pub name: String,
    pub role: Role,
    /// The language this person reads the app in: their own choice on this
    /// device if they made one, else the catalog's.
    pub lang: Lang,
    pub has_pin: bool,
}

impl From<&catalog::Person> for Person {
    fn from(p: &catalog::Person) -> Self {
        Self {
            id: p.id.to_string(),
            name: p.name.to_string(),
            role: p.role.into(),
            lang: p.lang.into(),
            has_pin: p.pin_hash.is_some(),
        }
    }
}

#[derive(Clone, Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Zone {
    pub id: String,
    pub name: String,
}

#[derive(Clone, Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Bed {
    pub id: String,
    pub code: String,
    pub zone_id: String,
    pub length_m: f64,
    pub width_m: f64,
    pub area_m2: f64,
}

impl From<&catalog::Bed> for Bed {
    fn from(b: &catalog::Bed) -> Self {
        Self {
            id: b.id.to_string(),
            code: b.code.to_string(),
            zone_id: b.zone.to_string(),
            length_m: b.length.get(),
            width_m: b.width.get(),
            area_m2: b.area_m2(),
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UnitFactor {
    pub unit: Unit,
    pub kg: f64,
}

#[derive(Clone, Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Crop {
    pub id: String,
    pub name: String,
    pub family: String,
    pub default_unit: Unit,
    pub kg_per: Vec<UnitFactor>,
}

#[derive(Clone, Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Outlet {
    pub id: String,
    pub name: String,
    pub kind: DestinationKind,
}

/// The live part of the catalog: retired entries are left out.
#[derive(Clone, Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Catalog {
    pub farm_name: String,
    pub zones: Vec<Zone>,
    pub beds: Vec<Bed>,
    pub crops: Vec<Crop>,
    pub outlets: Vec<Outlet>,
    pub people: Vec<Person>,
}

impl From<&DomainCatalog> for Catalog {
    fn from(c: &DomainCatalog) -> Self {
        let mut beds: Vec<Bed> = c
            .beds
            .values()
            .filter(|b| !b.retired)
            .map(Bed::from)
            .collect();
        beds.sort_by(|a, b| a.code.cmp(&b.code));
        let mut crops: Vec<Crop> = c
            .crops
            .values()
            .filter(|x| !x.retired)
            .map(|x| Crop {
                id: x.id.to_string(),
                name: x.name.to_string(),
                family: c
                    .families
                    .get(&x.family)
                    .map_or_else(String::new, |f| f.name.to_string()),
                default_unit: x.default_unit.into(),
                kg_per: x
                    .kg_per
                    .iter()
                    .map(|(unit, kg)| UnitFactor {
                        unit: (*unit).into(),
                        kg: *kg,
                    })
                    .collect(),
            })
            .collect();
        crops.sort_by_key(|x| x.name.to_lowercase());
        let mut zones: Vec<Zone> = c
            .zones
            .values()
            .filter(|z| !z.retired)
            .map(|z| Zone {
                id: z.id.to_string(),
                name: z.name.to_string(),
            })
            .collect();
        zones.sort_by(|a, b| a.name.cmp(&b.name));
        let mut people: Vec<Person> = c
            .people
            .values()
            .filter(|p| p.active)
            .map(Person::from)
            .collect();
        people.sort_by_key(|p| p.name.to_lowercase());
        Self {
            farm_name: c
                .farm
                .as_ref()
                .map_or_else(String::new, |f| f.name.to_string()),
            zones,
            beds,
            crops,
            outlets: c
                .outlets
                .values()
                .filter(|o| !o.retired)
                .map(|o| Outlet {
                    id: o.id.to_string(),
                    name: o.name.to_string(),
                    kind: o.kind.into(),
                })
                .collect(),
            people,
        }
    }
}

/// What grows on a bed, as far as the log knows: the crop of its latest
/// harvest in the last weeks.
#[derive(Clone, Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BedState {
    pub bed_id: String,
    pub crop_id: Option<String>,
    pub last_harvest: Option<String>,
}

#[derive(Clone, Debug, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TaskStatus {
    Todo,
    Done,
    Abandoned,
}

#[derive(Clone, Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Task {
    pub id: String,
    pub title: String,
    pub kind: TaskKind,
    pub bed_codes: Vec<String>,
    pub crew_names: Vec<String>,
    pub due: String,
    pub duration_min: Option<u32>,
    pub status: TaskStatus,
    /// Who ticked or abandoned it.
    pub status_by: Option<String>,
    pub abandon_reason: Option<String>,
    pub recurring: bool,
}

impl From<(&DomainCatalog, &task::Task)> for Task {
    fn from((c, t): (&DomainCatalog, &task::Task)) -> Self {
        let (status, status_by, abandon_reason) = match &t.status {
            task::TaskStatus::Todo => (TaskStatus::Todo, None, None),
            task::TaskStatus::Done { by, .. } => (TaskStatus::Done, Some(c.person_name(*by)), None),
            task::TaskStatus::Abandoned { by, reason, .. } => (
                TaskStatus::Abandoned,
                Some(c.person_name(*by)),
                Some(reason.to_string()),
            ),
        };
        Self {
            id: t.id.to_string(),
            title: t.title.to_string(),
            kind: t.kind.into(),
            bed_codes: t.beds.iter().map(|b| c.bed_code(*b)).collect(),
            crew_names: t.crew.iter().map(|p| c.person_name(*p)).collect(),
            due: t.due.to_string(),
            duration_min: t.duration_min,
            status,
            status_by,
            abandon_reason,
            recurring: t.template.is_some(),
        }
    }
}

#[derive(Clone, Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DayTasks {
    pub day: String,
    pub late: Vec<Task>,
    pub today: Vec<Task>,
    pub upcoming: Vec<Task>,
    /// Open tasks older than the late window: counted, not listed.
    pub older_open: u32,
}

impl From<(&DomainCatalog, &query::DayTasks)> for DayTasks {
    fn from((c, d): (&DomainCatalog, &query::DayTasks)) -> Self {
        let list = |ts: &[task::Task]| ts.iter().map(|t| Task::from((c, t))).collect();
        Self {
            day: d.day.to_string(),
            late: list(&d.late),
            today: list(&d.today),
            upcoming: list(&d.upcoming),
            older_open: u32::try_from(d.older_open).unwrap_or(u32::MAX),
        }
    }
}

/// A task as the supervisor plans it; with `recurrence` (`daily`,
/// `every 3 days`, `mon,thu`), a recurring task starting on `due`.
#[derive(Clone, Debug, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TaskInput {
    pub title: String,
    pub kind: TaskKind,
    pub bed_ids: Vec<String>,
    pub crew: Vec<String>,
    pub due: String,
    pub duration_min: Option<u32>,
    pub recurrence: Option<String>,
    pub until: Option<String>,
}

#[derive(Clone, Debug, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct WeighingInput {
    pub value: f64,
    pub unit: Unit,
    pub tare_kg: Option<f64>,
}

/// A harvest as the team leader enters it. `destination` is `outlet:<id>`
/// or a destination kind.
#[derive(Clone, Debug, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HarvestInput {
    pub bed_id: String,
    pub crop_id: String,
    pub destination: String,
    pub note: String,
    pub weighings: Vec<WeighingInput>,
}

#[derive(Clone, Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UnitAmount {
    pub unit: Unit,
    pub amount: f64,
}

#[derive(Clone, Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HarvestRecorded {
    pub id: String,
    pub lot: String,
    pub weighings: usize,
}

impl From<&(harvest::Harvest, Vec<harvest::Weighing>)> for HarvestRecorded {
    fn from((h, ws): &(harvest::Harvest, Vec<harvest::Weighing>)) -> Self {
        Self {
            id: h.id.to_string(),
            lot: h.lot.clone(),
            weighings: ws.len(),
        }
    }
}

#[derive(Clone, Copy, Debug, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum GroupBy {
    Crop,
    Week,
    Bed,
    Destination,
}

impl From<GroupBy> for query::GroupBy {
    fn from(g: GroupBy) -> Self {
        match g {
            GroupBy::Crop => query::GroupBy::Crop,
            GroupBy::Week => query::GroupBy::Week,
            GroupBy::Bed => query::GroupBy::Bed,
            GroupBy::Destination => query::GroupBy::Destination,
        }
    }
}

#[derive(Clone, Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReportRow {
    pub key: String,
    pub harvests: usize,
    pub kg: f64,
    /// Counts without a kg conversion, in the unit people entered.
    pub unconverted: Vec<UnitAmount>,
    pub area_m2: f64,
    pub kg_per_m2: Option<f64>,
}

impl From<&query::ReportRow> for ReportRow {
    fn from(r: &query::ReportRow) -> Self {
        Self {
            key: r.key.clone(),
            harvests: r.harvests,
            kg: r.total.kg,
            unconverted: r
                .total
                .unconverted
                .iter()
                .map(|(unit, amount)| UnitAmount {
                    unit: (*unit).into(),
                    amount: *amount,
                })
                .collect(),
            area_m2: r.area_m2,
            kg_per_m2: r.kg_per_m2,
        }
    }
}

#[derive(Clone, Debug, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ObservationInput {
    pub bed_ids: Vec<String>,
    pub kind: ObservationKind,
    pub severity: u8,
    pub note: String,
    pub tags: Vec<String>,
}

#[derive(Clone, Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HistoryEntry {
    pub date: String,
    /// `task`, `harvest` or `observation`.
    pub what: String,
    pub id: String,
    pub summary: String,
}

impl From<&query::HistoryEntry> for HistoryEntry {
    fn from(h: &query::HistoryEntry) -> Self {
        Self {
            date: h.date.to_string(),
            what: h.what.to_owned(),
            id: h.id.to_string(),
            summary: h.summary.clone(),
        }
    }
}

#[derive(Clone, Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConflictValue {
    pub value: String,
    pub person: Option<String>,
    pub device: Option<String>,
    pub at: Option<String>,
}

#[derive(Clone, Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Conflict {
    pub document: String,
    pub record: String,
    pub record_type: String,
    pub field: String,
    pub values: Vec<ConflictValue>,
}

impl From<&query::Conflict> for Conflict {
    fn from(c: &query::Conflict) -> Self {
        Self {
            document: c.document.clone(),
            record: c.record.clone(),
            record_type: c.record_type.clone(),
            field: c.field.clone(),
            values: c
                .values
                .iter()
                .map(|v| ConflictValue {
                    value: v.value.clone(),
                    person: v.person.clone(),
                    device: v.device.clone(),
                    at: v.at.clone(),
                })
                .collect(),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SyncBadge {
    NotEnrolled,
    Syncing,
    UpToDate,
    Waiting,
    Offline,
    Error,
}

/// The sync badge and the sync screen.
#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SyncState {
    pub badge: SyncBadge,
    pub pending: i64,
    pub enrolled: bool,
    pub server: Option<String>,
    pub last_sync_at: Option<String>,
    pub error: Option<String>,
    pub retry_in_secs: Option<u64>,
    pub safe_to_switch_off: bool,
    /// This device's clock minus the server's at the last sync, seconds.
    pub clock_skew_secs: Option<i64>,
    /// The skew is past ten minutes: the badge and Today say so.
    pub clock_wrong: bool,
    /// Records left out because they do not parse (kept in their documents).
    pub unreadable: Vec<UnreadableRecord>,
    /// Records stamped by a wrong clock, for a supervisor to correct.
    pub wrong_dates: Vec<WrongDate>,
}

/// A record (or root key) that does not parse: where it is, not why (the
/// why is a developer's diagnostic, in `carnet status`).
#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UnreadableRecord {
    pub document: String,
    pub key: String,
}

impl From<&carnet_store::Unreadable> for UnreadableRecord {
    fn from(u: &carnet_store::Unreadable) -> Self {
        Self {
            document: u.document.clone(),
            key: u.key.clone(),
        }
    }
}

/// A record whose day only a wrong clock could have stamped.
#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct WrongDate {
    pub id: String,
    /// `harvest`, `weighing` or `observation`: a code the interface names.
    pub record_type: String,
    /// ISO date.
    pub day: String,
    /// False when no server takes its month: it stays on this device.
    pub syncable: bool,
}

impl From<&carnet_store::ImplausibleRecord> for WrongDate {
    fn from(r: &carnet_store::ImplausibleRecord) -> Self {
        Self {
            id: r.id.clone(),
            record_type: r.record_type.clone(),
            day: r.day.clone(),
            syncable: r.syncable,
        }
    }
}

#[derive(Clone, Debug, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BedInput {
    pub code: String,
    pub zone: String,
    pub length_m: f64,
    pub width_m: f64,
}

#[derive(Clone, Debug, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CropInput {
    pub name: String,
    pub family: String,
    pub default_unit: Unit,
    /// kg per unit when the default unit is a count.
    pub kg_per_unit: Option<f64>,
}

#[derive(Clone, Debug, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OutletInput {
    pub name: String,
    pub kind: DestinationKind,
}

#[derive(Clone, Debug, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PersonInput {
    pub name: String,
    pub role: Role,
    pub lang: Lang,
    pub pin: Option<String>,
}

/// The payload of the `doc-changed` event: what the interface should re-read.
#[derive(Clone, Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DocChanged {
    /// `local` after this device's own write, `sync` after a merge.
    pub source: String,
}
