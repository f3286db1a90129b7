//! What every domain's actions and queries share: drawing a record's id,
//! reading records from the projection by SQL, finding the document a
//! record is stored in, and the exports' reads by type.
//!
//! Deliberately not here: any one domain's reads or writes (its own module),
//! and the projection itself (`project`).

use carnet_core::document::DocKey;
use carnet_core::ids::*;
use carnet_core::record::Record;
use rusqlite::params;

use crate::error::{Result, StoreError};
use crate::rows::decode as decode_record;
use crate::store::Store;

impl Store {
    pub(crate) fn new_uuid(&mut self) -> uuid::Uuid {
        let now = (self.env.clock)();
        self.env.new_id(now)
    }

    pub(crate) fn query_records(
        &self,
        sql: &str,
        params: impl rusqlite::Params,
    ) -> Result<Vec<Record>> {
        let mut stmt = self.conn().prepare_cached(sql)?;
        let rows = stmt.query_map(params, |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, json) = row?;
            out.push(decode_record(&id, &json)?);
        }
        Ok(out)
    }

    pub(crate) fn has_record(&self, id: &str) -> Result<bool> {
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT 1 FROM records WHERE id = ?1")?;
        Ok(stmt.exists([id])?)
    }

    pub(crate) fn located(&self, id: &str, kind: &'static str) -> Result<(DocKey, Record)> {
        let row: Option<(String, String)> = self
            .conn()
            .query_row(
                "SELECT doc_id, json FROM records WHERE id = ?1 AND type = ?2",
                params![id, kind],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .ok();
        let (doc_id, json) = row.ok_or_else(|| carnet_core::Error::not_found(kind, id))?;
        let doc_id: DocumentId = doc_id.parse()?;
        let key = self
            .key_of(doc_id)?
            .ok_or_else(|| carnet_core::Error::not_found("document", doc_id.to_string()))?;
        Ok((key, decode_record(id, &json)?))
    }

    /// Every record of one type, for exports, in a stable order.
    pub fn records_of_type(&self, record_type: &str) -> Result<Vec<Record>> {
        self.query_records(
            "SELECT id, json FROM records WHERE type = ?1 ORDER BY day, id",
            [record_type],
        )
    }

    /// The document id each record is stored in, for conflict resolution.
    pub fn document_of(&self, record: &str) -> Result<Option<DocumentId>> {
        let doc: Option<String> = self
            .conn()
            .query_row("SELECT doc_id FROM records WHERE id = ?1", [record], |r| {
                r.get(0)
            })
            .ok();
        doc.map(|d| d.parse().map_err(StoreError::from)).transpose()
    }

    /// The months the copies a move left here point to (`moved_to`). The
    /// sync client adds them to a device's scope: a tablet holding the copy
    /// of a task moved two months ahead fetches that month and lists the
    /// task from there.
    pub fn moved_to_months(&self) -> Result<Vec<carnet_core::values::Month>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT DISTINCT moved_to FROM record_copies WHERE moved_to IS NOT NULL",
        )?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        let mut months = std::collections::BTreeSet::new();
        for row in rows {
            // Each value of a conflict; a month that does not parse names
            // no document to fetch.
            for text in row?.split(',') {
                if let Ok(month) = text.parse() {
                    months.insert(month);
                }
            }
        }
        Ok(months.into_iter().collect())
    }
}
