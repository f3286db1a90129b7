//! The observations' write: an observation on one or more beds, checked
//! through the catalog's public checks.
//!
//! Deliberately not here: marking one deleted (no caller needs it yet), and
//! reading them (the store's projection). The time is the author's.

use std::collections::BTreeSet;

use crate::catalog::Catalog;
use crate::document::{Author, Document, Domain};
use crate::error::{Error, Result};
use crate::ids::*;
use crate::observations::Observation;
use crate::record::Record;
use crate::values::{Note, ObservationKind, Severity, Tag};
use crate::write::{expect_month, stamp, write_moved, write_new};

#[derive(Clone, Debug)]
pub struct NewObservation {
    pub beds: Vec<BedId>,
    pub kind: ObservationKind,
    pub severity: Severity,
    pub note: Note,
    pub tags: BTreeSet<Tag>,
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
    catalog.check_beds_in_use(&new.beds)?;
    let observation = Observation {
        id,
        beds: new.beds,
        kind: new.kind,
        severity: new.severity,
        note: new.note,
        tags: new.tags,
        at: author.now,
        deleted: false,
        created: stamp(author),
    };
    write_new(doc, author, &Record::Observation(observation.clone()))?;
    Ok(observation)
}

/// Corrects the time of an observation stamped by a wrong device clock:
/// as `harvests::redate_harvest`, into the document of the month of `at`.
pub fn redate_observation(
    from: &mut Document,
    to: &mut Document,
    author: &Author,
    observation: &Observation,
    at: chrono::DateTime<chrono::FixedOffset>,
) -> Result<Observation> {
    expect_month(to, Domain::Observations, at.date_naive())?;
    let key = observation.id.to_string();
    let changes = vec![
        ("at", at.to_rfc3339().into()),
        ("created_at", at.to_rfc3339().into()),
    ];
    write_moved(from, to, author, &key, "observation", changes)?;
    Ok(Observation {
        at,
        created: crate::record::Stamp {
            at,
            ..observation.created.clone()
        },
        ..observation.clone()
    })
}

#[cfg(test)]
mod tests {
    use expect_test::expect;
    use uuid::Uuid;

    use super::*;
    use crate::record::read_records;
    use crate::testing::{BED, Garden, RETIRED_BED, author, month_doc};

    const OBSERVATION: ObservationId = ObservationId(Uuid::from_u128(80));

    fn new_observation(beds: Vec<BedId>) -> NewObservation {
        NewObservation {
            beds,
            kind: ObservationKind::Pest,
            severity: Severity::new(3).unwrap(),
            note: crate::testing::note("pucerons"),
            tags: BTreeSet::from([crate::values::parse_tag("pucerons").unwrap()]),
        }
    }

    #[test]
    fn an_observation_is_written_at_the_authors_time_and_reads_back_as_written() {
        let g = Garden::new();
        let mut doc = month_doc(Domain::Observations);
        let o = record_observation(
            &mut doc,
            &g.catalog,
            &author(),
            OBSERVATION,
            new_observation(vec![BED]),
        )
        .unwrap();
        assert_eq!(o.at, author().now);
        assert_eq!(read_records(&doc).0, vec![Record::Observation(o)]);
    }

    #[test]
    fn an_observation_without_a_bed_on_a_retired_bed_or_outside_its_month_is_refused() {
        let g = Garden::new();
        let a = author();
        let mut doc = month_doc(Domain::Observations);
        let mut out = String::new();
        for beds in [vec![], vec![RETIRED_BED]] {
            let err =
                record_observation(&mut doc, &g.catalog, &a, OBSERVATION, new_observation(beds))
                    .unwrap_err();
            out.push_str(&format!("{err}\n"));
        }
        let mut tasks = month_doc(Domain::Tasks);
        let err = record_observation(
            &mut tasks,
            &g.catalog,
            &a,
            OBSERVATION,
            new_observation(vec![BED]),
        )
        .unwrap_err();
        out.push_str(&format!("{err}\n"));
        expect![[r#"
            bed: an observation needs at least one bed
            bed: A-08 is retired
            document: tasks/2026-11 does not hold observations/2026-11
        "#]]
        .assert_eq(&out);
        assert!(doc.records().is_empty());
    }
}
