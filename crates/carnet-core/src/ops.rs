//! Every write a person can make, checked against the catalog before anything
//! is written. Each function makes exactly one Automerge change in one
//! document and returns what it wrote, so the store can persist the change and
//! its projection rows in one transaction.
//!
//! Ids and the author (person, device, time) come in as arguments: this module
//! never reads a clock or draws a random number.

use automerge::ScalarValue;
use chrono::NaiveDate;

use crate::catalog::{Bed, Catalog, Crop, Family, Farm, Outlet, Person, Variety, Zone};
use crate::document::{Author, DocKey, Document, Domain};
use crate::error::{Error, Result};
use crate::harvest::{Destination, Harvest, Void, Weighing};
use crate::ids::*;
use crate::observation::Observation;
use crate::record::{Record, Stamp};
use crate::task::{Task, TaskStatus, TaskTemplate};
use crate::values::{BedCode, Metres, Month, Name, Quantity};

fn stamp(author: &Author) -> Stamp {
    Stamp {
        by: author.person,
        at: author.now,
        device: author.device.clone(),
    }
}

fn updated(author: &Author) -> [(&'static str, ScalarValue); 2] {
    [
        (
            "updated_by",
            ScalarValue::Str(author.person.to_string().into()),
        ),
        (
            "updated_at",
            ScalarValue::Str(author.now.to_rfc3339().into()),
        ),
    ]
}

fn write_new(doc: &mut Document, author: &Author, record: &Record, message: &str) -> Result<()> {
    let key = record.id().to_string();
    if doc.record(&key).is_some() {
        return Err(Error::invalid(
            "id",
            format!("a record with id {key} already exists"),
        ));
    }
    doc.put_record(author, &key, record.type_name(), &record.fields(), message)
}

fn write_edit(
    doc: &mut Document,
    author: &Author,
    key: &str,
    record_type: &'static str,
    fields: Vec<(&'static str, ScalarValue)>,
    message: &str,
) -> Result<()> {
    if doc.record(key).is_none() {
        return Err(Error::not_found(record_type, key));
    }
    let mut fields = fields;
    fields.extend(updated(author));
    doc.put_record(author, key, record_type, &fields, message)
}

fn expect_catalog(doc: &Document) -> Result<()> {
    match doc.key() {
        DocKey::Catalog { .. } => Ok(()),
        other => Err(Error::invalid(
            "document",
            format!("{other} is not the catalog"),
        )),
    }
}

/// The monthly document a record of `domain` dated in `month` belongs in.
pub fn month_key(farm: FarmId, domain: Domain, month: Month) -> DocKey {
    DocKey::Month {
        farm,
        domain,
        month,
    }
}

fn expect_month(doc: &Document, domain: Domain, date: NaiveDate) -> Result<()> {
    let want = month_key(doc.key().farm(), domain, Month::of(date));
    if doc.key() != want {
        return Err(Error::invalid(
            "document",
            format!("{} does not hold {want}", doc.key()),
        ));
    }
    Ok(())
}

// ---- catalog ------------------------------------------------------------

pub fn create_farm(doc: &mut Document, author: &Author, name: Name) -> Result<Farm> {
    expect_catalog(doc)?;
    let farm = Farm {
        id: doc.key().farm(),
        name,
    };
    doc.put_record(
        author,
        &farm.id.to_string(),
        "farm",
        &Record::Farm(farm.clone()).fields(),
        "create farm",
    )?;
    Ok(farm)
}

pub fn add_zone(
    doc: &mut Document,
    catalog: &Catalog,
    author: &Author,
    id: ZoneId,
    name: Name,
) -> Result<Zone> {
    expect_catalog(doc)?;
    if catalog.zone_by_name(name.as_str()).is_some() {
        return Err(Error::invalid("zone", format!("{name} already exists")));
    }
    let zone = Zone {
        id,
        name,
        retired: false,
    };
    write_new(doc, author, &Record::Zone(zone.clone()), "add zone")?;
    Ok(zone)
}

#[derive(Clone, Debug)]
pub struct NewBed {
    pub code: BedCode,
    pub zone: ZoneId,
    pub length: Metres,
    pub width: Metres,
}

pub fn add_bed(
    doc: &mut Document,
    catalog: &Catalog,
    author: &Author,
    id: BedId,
    new: NewBed,
) -> Result<Bed> {
    expect_catalog(doc)?;
    if catalog.bed_by_code(&new.code).is_ok() {
        return Err(Error::invalid(
            "bed code",
            format!("{} is already used on this farm", new.code),
        ));
    }
    if !catalog.zones.contains_key(&new.zone) {
        return Err(Error::not_found("zone", new.zone.to_string()));
    }
    let bed = Bed {
        id,
        code: new.code,
        zone: new.zone,
        length: new.length,
        width: new.width,
        retired: false,
    };
    write_new(doc, author, &Record::Bed(bed.clone()), "add bed")?;
    Ok(bed)
}

pub fn retire_bed(
    doc: &mut Document,
    catalog: &Catalog,
    author: &Author,
    code: &BedCode,
) -> Result<Bed> {
    expect_catalog(doc)?;
    let mut bed = catalog.bed_by_code(code)?.clone();
    if bed.retired {
        return Err(Error::invalid("bed", format!("{code} is already retired")));
    }
    write_edit(
        doc,
        author,
        &bed.id.to_string(),
        "bed",
        vec![("retired", true.into())],
        "retire bed",
    )?;
    bed.retired = true;
    Ok(bed)
}

pub fn add_family(
    doc: &mut Document,
    catalog: &Catalog,
    author: &Author,
    id: FamilyId,
    name: Name,
) -> Result<Family> {
    expect_catalog(doc)?;
    if catalog.family_by_name(name.as_str()).is_some() {
        return Err(Error::invalid("family", format!("{name} already exists")));
    }
    let family = Family { id, name };
    write_new(doc, author, &Record::Family(family.clone()), "add family")?;
    Ok(family)
}

pub fn add_crop(
    doc: &mut Document,
    catalog: &Catalog,
    author: &Author,
    crop: Crop,
) -> Result<Crop> {
    expect_catalog(doc)?;
    if catalog.crop_by_name(crop.name.as_str()).is_ok() {
        return Err(Error::invalid(
            "crop",
            format!("{} already exists", crop.name),
        ));
    }
    if !catalog.families.contains_key(&crop.family) {
        return Err(Error::not_found("family", crop.family.to_string()));
    }
    for (unit, factor) in &crop.kg_per {
        crate::values::parse_kg_factor(*unit, *factor)?;
    }
    write_new(doc, author, &Record::Crop(crop.clone()), "add crop")?;
    Ok(crop)
}

pub fn add_variety(
    doc: &mut Document,
    catalog: &Catalog,
    author: &Author,
    variety: Variety,
) -> Result<Variety> {
    expect_catalog(doc)?;
    if !catalog.crops.contains_key(&variety.crop) {
        return Err(Error::not_found("crop", variety.crop.to_string()));
    }
    if catalog
        .variety_by_name(variety.crop, variety.name.as_str())
        .is_ok()
    {
        return Err(Error::invalid(
            "variety",
            format!("{} already exists for this crop", variety.name),
        ));
    }
    write_new(
        doc,
        author,
        &Record::Variety(variety.clone()),
        "add variety",
    )?;
    Ok(variety)
}

pub fn add_person(
    doc: &mut Document,
    catalog: &Catalog,
    author: &Author,
    person: Person,
) -> Result<Person> {
    expect_catalog(doc)?;
    if catalog.person_by_name(person.name.as_str()).is_ok() {
        return Err(Error::invalid(
            "person",
            format!("{} already exists", person.name),
        ));
    }
    write_new(doc, author, &Record::Person(person.clone()), "add person")?;
    Ok(person)
}

pub fn add_outlet(
    doc: &mut Document,
    catalog: &Catalog,
    author: &Author,
    outlet: Outlet,
) -> Result<Outlet> {
    expect_catalog(doc)?;
    if catalog.outlet_by_name(outlet.name.as_str()).is_some() {
        return Err(Error::invalid(
            "outlet",
            format!("{} already exists", outlet.name),
        ));
    }
    write_new(doc, author, &Record::Outlet(outlet.clone()), "add outlet")?;
    Ok(outlet)
}

// ---- tasks --------------------------------------------------------------

#[derive(Clone, Debug)]
pub struct NewTask {
    pub title: Name,
    pub kind: crate::values::TaskKind,
    pub beds: Vec<BedId>,
    pub crew: Vec<PersonId>,
    pub due: NaiveDate,
    pub duration_min: Option<u32>,
}

fn check_refs(catalog: &Catalog, beds: &[BedId], crew: &[PersonId]) -> Result<()> {
    for bed in beds {
        match catalog.beds.get(bed) {
            None => return Err(Error::not_found("bed", bed.to_string())),
            Some(b) if b.retired => {
                return Err(Error::invalid("bed", format!("{} is retired", b.code)));
            }
            Some(_) => {}
        }
    }
    for person in crew {
        match catalog.people.get(person) {
            None => return Err(Error::not_found("person", person.to_string())),
            Some(p) if !p.active => {
                return Err(Error::invalid("crew", format!("{} is not active", p.name)));
            }
            Some(_) => {}
        }
    }
    Ok(())
}

fn check_duration(duration_min: Option<u32>) -> Result<()> {
    match duration_min {
        Some(d) if d == 0 || d > 24 * 60 => Err(Error::invalid(
            "duration",
            format!("{d} minutes is not between 1 minute and 24 hours"),
        )),
        _ => Ok(()),
    }
}

pub fn add_task(
    doc: &mut Document,
    catalog: &Catalog,
    author: &Author,
    id: TaskId,
    new: NewTask,
) -> Result<Task> {
    expect_month(doc, Domain::Tasks, new.due)?;
    check_refs(catalog, &new.beds, &new.crew)?;
    check_duration(new.duration_min)?;
    let task = Task {
        id,
        title: new.title,
        kind: new.kind,
        beds: new.beds,
        crew: new.crew,
        due: new.due,
        duration_min: new.duration_min,
        status: TaskStatus::Todo,
        template: None,
        deleted: false,
        created: stamp(author),
    };
    write_new(doc, author, &Record::Task(task.clone()), "add task")?;
    Ok(task)
}

#[derive(Clone, Debug)]
pub struct NewTemplate {
    pub task: NewTask,
    pub rule: crate::task::Recurrence,
    pub until: Option<NaiveDate>,
}

/// Adds a recurring task to the catalog; its first day is `task.due`.
pub fn add_template(
    doc: &mut Document,
    catalog: &Catalog,
    author: &Author,
    id: TemplateId,
    new: NewTemplate,
) -> Result<TaskTemplate> {
    expect_catalog(doc)?;
    check_refs(catalog, &new.task.beds, &new.task.crew)?;
    check_duration(new.task.duration_min)?;
    if let Some(until) = new.until
        && until < new.task.due
    {
        return Err(Error::invalid(
            "until",
            format!("{until} is before the first day {}", new.task.due),
        ));
    }
    let template = TaskTemplate {
        id,
        title: new.task.title,
        kind: new.task.kind,
        beds: new.task.beds,
        crew: new.task.crew,
        rule: new.rule,
        start: new.task.due,
        until: new.until,
        duration_min: new.task.duration_min,
        retired: false,
        created: stamp(author),
    };
    write_new(
        doc,
        author,
        &Record::Template(template.clone()),
        "add recurring task",
    )?;
    Ok(template)
}

/// Writes the template's task for `date` unless this document already holds
/// it. Returns the task when it wrote one. Two devices doing this offline
/// write the same key with the same fields: one task after merge.
pub fn materialize(
    doc: &mut Document,
    author: &Author,
    template: &TaskTemplate,
    date: NaiveDate,
) -> Result<Option<Task>> {
    expect_month(doc, Domain::Tasks, date)?;
    let task = template.instance(
        date,
        Stamp {
            by: template.created.by,
            at: template.created.at,
            device: template.created.device.clone(),
        },
    );
    let key = task.id.to_string();
    if doc.record(&key).is_some() {
        return Ok(None);
    }
    // Only the instance's identity is written, from the template alone (not
    // from who materialized it, nor when), so concurrent materializations
    // write identical fields; readers take the rest from the template.
    let created = &template.created;
    let fields: Vec<(&str, ScalarValue)> = vec![
        ("template", template.id.to_string().into()),
        ("due", date.to_string().into()),
        ("created_by", created.by.to_string().into()),
        ("created_at", created.at.to_rfc3339().into()),
        ("device", created.device.as_str().into()),
    ];
    doc.put_record(author, &key, "task", &fields, "materialize recurring task")?;
    Ok(Some(task))
}

fn task_doc_check(doc: &Document, task: &Task) -> Result<()> {
    if doc.record(&task.id.to_string()).is_none() {
        return Err(Error::not_found("task", task.id.to_string()));
    }
    if task.deleted {
        return Err(Error::invalid(
            "task",
            format!("{} was deleted", task.title),
        ));
    }
    Ok(())
}

pub fn complete_task(doc: &mut Document, author: &Author, task: &Task) -> Result<Task> {
    task_doc_check(doc, task)?;
    if let TaskStatus::Done { .. } = task.status {
        return Err(Error::invalid(
            "task",
            format!("{} is already done", task.title),
        ));
    }
    set_status(
        doc,
        author,
        task,
        TaskStatus::Done {
            by: author.person,
            at: author.now,
        },
        "task done",
    )
}

pub fn abandon_task(
    doc: &mut Document,
    author: &Author,
    task: &Task,
    reason: Name,
) -> Result<Task> {
    task_doc_check(doc, task)?;
    if !matches!(task.status, TaskStatus::Todo) {
        return Err(Error::invalid(
            "task",
            format!("{} is {}, not to do", task.title, task.status.as_str()),
        ));
    }
    set_status(
        doc,
        author,
        task,
        TaskStatus::Abandoned {
            by: author.person,
            at: author.now,
            reason,
        },
        "task abandoned",
    )
}

/// Puts a done or abandoned task back to do (the app's undo).
pub fn reopen_task(doc: &mut Document, author: &Author, task: &Task) -> Result<Task> {
    task_doc_check(doc, task)?;
    if matches!(task.status, TaskStatus::Todo) {
        return Err(Error::invalid(
            "task",
            format!("{} is already to do", task.title),
        ));
    }
    set_status(doc, author, task, TaskStatus::Todo, "task reopened")
}

fn set_status(
    doc: &mut Document,
    author: &Author,
    task: &Task,
    status: TaskStatus,
    message: &str,
) -> Result<Task> {
    write_edit(
        doc,
        author,
        &task.id.to_string(),
        "task",
        status.fields(),
        message,
    )?;
    Ok(Task {
        status,
        ..task.clone()
    })
}

/// Changes what a task is, who does it, or when. Only the given fields are
/// written, so a concurrent edit of another field is kept.
#[derive(Clone, Debug, Default)]
pub struct TaskEdit {
    pub title: Option<Name>,
    pub crew: Option<Vec<PersonId>>,
    pub beds: Option<Vec<BedId>>,
    pub due: Option<NaiveDate>,
    pub duration_min: Option<Option<u32>>,
}

pub fn edit_task(
    doc: &mut Document,
    catalog: &Catalog,
    author: &Author,
    task: &Task,
    edit: TaskEdit,
) -> Result<Task> {
    task_doc_check(doc, task)?;
    let mut new = task.clone();
    let mut fields: Vec<(&'static str, ScalarValue)> = Vec::new();
    if let Some(title) = edit.title {
        fields.push(("title", title.as_str().into()));
        new.title = title;
    }
    if let Some(crew) = edit.crew {
        check_refs(catalog, &[], &crew)?;
        fields.push((
            "crew",
            crate::record::join_ids(crew.iter().map(|p| p.0)).into(),
        ));
        new.crew = crew;
    }
    if let Some(beds) = edit.beds {
        check_refs(catalog, &beds, &[])?;
        fields.push((
            "beds",
            crate::record::join_ids(beds.iter().map(|b| b.0)).into(),
        ));
        new.beds = beds;
    }
    if let Some(due) = edit.due {
        fields.push(("due", due.to_string().into()));
        new.due = due;
    }
    if let Some(duration) = edit.duration_min {
        check_duration(duration)?;
        fields.push((
            "duration_min",
            ScalarValue::Int(duration.map_or(0, i64::from)),
        ));
        new.duration_min = duration;
    }
    if fields.is_empty() {
        return Err(Error::invalid("edit", "nothing to change"));
    }
    write_edit(
        doc,
        author,
        &task.id.to_string(),
        "task",
        fields,
        "edit task",
    )?;
    Ok(new)
}

/// Marks a task deleted. The record stays: a delete concurrent with an edit
/// must not lose the edit.
pub fn delete_task(doc: &mut Document, author: &Author, task: &Task) -> Result<Task> {
    task_doc_check(doc, task)?;
    write_edit(
        doc,
        author,
        &task.id.to_string(),
        "task",
        vec![
            ("deleted_at", author.now.to_rfc3339().into()),
            ("deleted_by", author.person.to_string().into()),
        ],
        "delete task",
    )?;
    Ok(Task {
        deleted: true,
        ..task.clone()
    })
}

// ---- harvests -----------------------------------------------------------

#[derive(Clone, Debug)]
pub struct NewHarvest {
    pub bed: BedId,
    pub crop: CropId,
    pub variety: Option<VarietyId>,
    pub destination: Destination,
    pub note: String,
    /// Weighings entered with the harvest: quantity, tare in kg.
    pub weighings: Vec<(Quantity, Option<f64>)>,
}

/// Records a harvest and the weighings entered with it: one record, in one
/// change (`harvest::INLINE_WEIGHINGS_FIELD`). The harvest's time is the
/// author's time.
pub fn record_harvest(
    doc: &mut Document,
    catalog: &Catalog,
    author: &Author,
    id: HarvestId,
    new: NewHarvest,
) -> Result<(Harvest, Vec<Weighing>)> {
    expect_month(doc, Domain::Harvests, author.now.date_naive())?;
    let bed = catalog
        .beds
        .get(&new.bed)
        .ok_or_else(|| Error::not_found("bed", new.bed.to_string()))?;
    if bed.retired {
        return Err(Error::invalid("bed", format!("{} is retired", bed.code)));
    }
    let crop = catalog
        .crops
        .get(&new.crop)
        .ok_or_else(|| Error::not_found("crop", new.crop.to_string()))?;
    if let Some(variety) = new.variety {
        match catalog.varieties.get(&variety) {
            Some(v) if v.crop == crop.id => {}
            _ => {
                return Err(Error::invalid(
                    "variety",
                    format!("not a variety of {}", crop.name),
                ));
            }
        }
    }
    if let Destination::Outlet(outlet) = new.destination
        && !catalog.outlets.contains_key(&outlet)
    {
        return Err(Error::not_found("outlet", outlet.to_string()));
    }
    if new.weighings.is_empty() {
        return Err(Error::invalid(
            "weighing",
            "a harvest needs at least one weighing",
        ));
    }
    for (quantity, tare) in &new.weighings {
        Weighing::check_tare(*quantity, *tare)?;
    }
    let note = crate::values::parse_note("note", &new.note)?;
    let harvest = Harvest {
        id,
        bed: bed.id,
        crop: crop.id,
        variety: new.variety,
        at: author.now,
        destination: new.destination,
        lot: crate::harvest::lot_number(author.now.date_naive(), &bed.code, crop),
        note,
        voided: None,
        created: stamp(author),
    };
    let key = id.to_string();
    if doc.record(&key).is_some() {
        return Err(Error::invalid(
            "id",
            format!("a record with id {key} already exists"),
        ));
    }
    let inline = crate::harvest::encode_inline_weighings(&new.weighings);
    // Read back from what is written, so the ids and values returned are
    // exactly what every device will read.
    let weighings = crate::harvest::decode_inline_weighings(&harvest, &inline)?;
    let mut fields = Record::Harvest(harvest.clone()).fields();
    fields.push((crate::harvest::INLINE_WEIGHINGS_FIELD, inline.into()));
    doc.put_record(author, &key, "harvest", &fields, "record harvest")?;
    Ok((harvest, weighings))
}

/// Adds one weighing to a harvest (append-only: never conflicts).
pub fn add_weighing(
    doc: &mut Document,
    author: &Author,
    harvest: &Harvest,
    id: WeighingId,
    quantity: Quantity,
    tare_kg: Option<f64>,
) -> Result<Weighing> {
    if doc.record(&harvest.id.to_string()).is_none() {
        return Err(Error::not_found("harvest", harvest.id.to_string()));
    }
    if harvest.voided.is_some() {
        return Err(Error::invalid(
            "harvest",
            "is voided: record a new harvest instead",
        ));
    }
    Weighing::check_tare(quantity, tare_kg)?;
    let weighing = Weighing {
        id,
        harvest: harvest.id,
        quantity,
        tare_kg,
        created: stamp(author),
    };
    write_new(
        doc,
        author,
        &Record::Weighing(weighing.clone()),
        "add weighing",
    )?;
    Ok(weighing)
}

/// Voids a harvest: it stays in the record, out of every total.
pub fn void_harvest(
    doc: &mut Document,
    author: &Author,
    harvest: &Harvest,
    reason: Name,
) -> Result<Harvest> {
    if harvest.voided.is_some() {
        return Err(Error::invalid("harvest", "is already voided"));
    }
    write_edit(
        doc,
        author,
        &harvest.id.to_string(),
        "harvest",
        vec![
            ("voided_at", author.now.to_rfc3339().into()),
            ("voided_by", author.person.to_string().into()),
            ("void_reason", reason.as_str().into()),
        ],
        "void harvest",
    )?;
    Ok(Harvest {
        voided: Some(Void {
            by: author.person,
            at: author.now,
            reason,
        }),
        ..harvest.clone()
    })
}

// ---- observations -------------------------------------------------------

#[derive(Clone, Debug)]
pub struct NewObservation {
    pub beds: Vec<BedId>,
    pub kind: crate::values::ObservationKind,
    pub severity: crate::values::Severity,
    pub note: String,
    pub tags: std::collections::BTreeSet<String>,
}

pub fn record_observation(
    doc: &mut Document,
    catalog: &Catalog,
    author: &Author,
    id: ObservationId,
    new: NewObservation,
) -> Result<Observation> {
    expect_month(doc, Domain::Observations, author.now.date_naive())?;
    if new.beds.is_empty() {
        return Err(Error::invalid(
            "bed",
            "an observation needs at least one bed",
        ));
    }
    check_refs(catalog, &new.beds, &[])?;
    let observation = Observation {
        id,
        beds: new.beds,
        kind: new.kind,
        severity: new.severity,
        note: crate::values::parse_note("note", &new.note)?,
        tags: new.tags,
        at: author.now,
        deleted: false,
        created: stamp(author),
    };
    write_new(
        doc,
        author,
        &Record::Observation(observation.clone()),
        "record observation",
    )?;
    Ok(observation)
}

// ---- conflicts ----------------------------------------------------------

/// Keeps one of a field's concurrent values: writing it after seeing all of
/// them supersedes every one.
pub fn resolve_conflict(
    doc: &mut Document,
    author: &Author,
    record_key: &str,
    field: &str,
    value: ScalarValue,
) -> Result<()> {
    let record = doc
        .record(record_key)
        .ok_or_else(|| Error::not_found("record", record_key))?;
    let values = record
        .fields
        .get(field)
        .ok_or_else(|| Error::not_found("field", field))?;
    if !values.iter().any(|v| v.value == value) {
        return Err(Error::invalid(
            "value",
            format!("{value} is not one of the values of {field}"),
        ));
    }
    let record_type = record.record_type().unwrap_or("record").to_owned();
    let mut fields: Vec<(&str, ScalarValue)> = vec![(field, value)];
    fields.extend(updated(author));
    doc.put_record(
        author,
        record_key,
        &record_type,
        &fields,
        "resolve conflict",
    )
}

/// Reads every record of a document, skipping (and reporting) malformed ones
/// instead of failing the whole document.
pub fn read_records(doc: &Document) -> (Vec<Record>, Vec<Error>) {
    let mut records = Vec::new();
    let mut errors = Vec::new();
    for raw in doc.records() {
        match Record::all_from_raw_in(&raw, None) {
            Ok(all) => records.extend(all),
            Err(problem) => errors.push(Error::MalformedRecord {
                doc: doc.id(),
                key: raw.key.clone(),
                problem,
            }),
        }
    }
    (records, errors)
}

/// Reads one record by id.
pub fn read_record(doc: &Document, key: &str) -> Result<Record> {
    let raw = doc
        .record(key)
        .ok_or_else(|| Error::not_found("record", key))?;
    Record::from_raw(&raw).map_err(|problem| Error::MalformedRecord {
        doc: doc.id(),
        key: key.to_owned(),
        problem,
    })
}
