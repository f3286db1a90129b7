//! Concurrent values in the store: the conflicts the projection lists, and
//! keeping one value (one SQLite transaction).
//!
//! Deliberately not here: naming and resolving them (the core's
//! `conflicts`).

use carnet_core::conflicts::{self, Conflict};
use carnet_core::ids::*;

use crate::error::{Result, StoreError};
use crate::store::Store;

impl Store {
    /// Keeps `value` for a field that holds concurrent values.
    pub fn resolve_conflict(
        &mut self,
        by: PersonId,
        document: DocumentId,
        record: &str,
        field: &str,
        value: &str,
    ) -> Result<()> {
        let key = self
            .key_of(document)?
            .ok_or_else(|| carnet_core::Error::not_found("document", document.to_string()))?;
        let record = record.to_owned();
        self.write(key, by, |doc, _, author| {
            let raw = doc
                .record(&record)
                .ok_or_else(|| carnet_core::Error::not_found("record", record.clone()))?;
            let chosen = raw
                .fields
                .get(field)
                .and_then(|vs| vs.iter().find(|v| scalar_text(&v.value) == value))
                .map(|v| v.value.clone())
                .ok_or_else(|| {
                    carnet_core::Error::invalid(
                        "value",
                        format!("`{value}` is not one of the values of {field}"),
                    )
                })?;
            conflicts::resolve_conflict(doc, author, &record, field, chosen)?;
            let id = uuid::Uuid::parse_str(&record)
                .map_err(|_| carnet_core::Error::invalid("record", "not a record id"))?;
            Ok(((), vec![id]))
        })
    }

    /// Every field changed concurrently on two devices, not yet resolved.
    pub fn conflicts(&self) -> Result<Vec<Conflict>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT doc_id, record_id, json FROM conflicts ORDER BY doc_id, record_id, field",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?;
        let mut out = Vec::new();
        for row in rows {
            let (id, json) = row?;
            out.push(serde_json::from_str(&json).map_err(|e| StoreError::Projection(e, id))?);
        }
        Ok(out)
    }
}

pub(crate) fn scalar_text(v: &automerge::ScalarValue) -> String {
    match v {
        automerge::ScalarValue::Str(s) => s.to_string(),
        other => other.to_string(),
    }
}
