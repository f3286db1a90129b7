//! `docs/SCHEMA.md` is what a third party reads to write a farm's documents,
//! so it must name every record kind and every field Carnet writes.
//!
//! The fields are not listed a second time here: they are gathered from the
//! documents version 0.1.0 saved under `tests/fixtures/` (a farm holding
//! every kind and every status, see the store's `fixtures.rs`), both as the
//! keys stored in each record and as what today's codec writes back for the
//! records read from them (`Record::fields`). A field added to a codec thus
//! fails here until the page names it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use carnet_core::catalog::Catalog;
use carnet_core::document::{DocKey, Document};
use carnet_core::ids::FarmId;
use carnet_core::record::Record;

fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn schema_page() -> String {
    std::fs::read_to_string(repository().join("docs/SCHEMA.md")).expect("docs/SCHEMA.md")
}

/// The saved documents of the fixture farm. The key given to `load` only
/// names the document in errors: reading records does not depend on it.
fn fixture_documents() -> Vec<Document> {
    let dir = repository().join("tests/fixtures/v0.1.0/documents");
    let mut docs = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("fixture documents") {
        let path = entry.expect("entry").path();
        let bytes = std::fs::read(&path).expect("document bytes");
        let key = DocKey::Catalog {
            farm: FarmId(uuid::Uuid::nil()),
        };
        let doc = Document::load(key, [bytes.as_slice()], automerge::ActorId::random())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        docs.push(doc);
    }
    docs
}

/// Every field written for each record kind: the stored keys of every
/// record of the fixture, and what the codec writes for it today.
fn written_fields() -> BTreeMap<String, BTreeSet<String>> {
    let docs = fixture_documents();
    let catalog = Catalog::from_records(
        docs.iter()
            .flat_map(Document::records)
            .filter_map(|raw| Record::from_raw(&raw).ok()),
    );
    let mut fields: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for raw in docs.iter().flat_map(Document::records) {
        let ty = raw.record_type().expect("a type field").to_owned();
        fields
            .entry(ty)
            .or_default()
            .extend(raw.fields.keys().cloned());
        let records = Record::all_from_raw_in(&raw, Some(&catalog))
            .unwrap_or_else(|e| panic!("record {}: {e}", raw.key));
        for record in records {
            let slot = fields.entry(record.type_name().to_owned()).or_default();
            slot.insert("type".to_owned());
            slot.extend(record.fields().into_iter().map(|(f, _)| f.to_owned()));
        }
    }
    fields
}

/// The section of the page under `### \`TYPE\``, up to the next heading.
fn section<'a>(page: &'a str, ty: &str) -> Option<&'a str> {
    let heading = format!("\n### `{ty}`\n");
    let start = page.find(&heading)? + heading.len();
    let rest = &page[start..];
    let end = rest.find("\n#").unwrap_or(rest.len());
    Some(&rest[..end])
}

/// The field names of a section's table: the first cell of each row, in
/// backquotes.
fn table_fields(section: &str) -> BTreeSet<String> {
    section
        .lines()
        .filter_map(|line| line.strip_prefix("| `"))
        .filter_map(|rest| rest.split_once('`'))
        .map(|(name, _)| name.to_owned())
        .collect()
}

#[test]
fn every_record_kind_has_its_heading_in_the_schema_page() {
    let page = schema_page();
    let missing: Vec<_> = Record::TYPE_NAMES
        .iter()
        .filter(|ty| section(&page, ty).is_none())
        .collect();
    assert!(
        missing.is_empty(),
        "docs/SCHEMA.md lacks a `### `TYPE`` heading for {missing:?}"
    );
}

#[test]
fn every_field_the_codecs_write_is_in_its_kinds_table() {
    let page = schema_page();
    let written = written_fields();
    for ty in Record::TYPE_NAMES {
        let fields = written
            .get(ty)
            .unwrap_or_else(|| panic!("the fixture farm holds no `{ty}`: add one"));
        let documented = table_fields(section(&page, ty).unwrap_or_default());
        let undocumented: Vec<_> = fields.difference(&documented).collect();
        assert!(
            undocumented.is_empty(),
            "docs/SCHEMA.md, `{ty}`: fields written but not in its table: {undocumented:?}"
        );
    }
}
