//! Integration tests of the core against files of the repository: the
//! stored formats pinned by literal values, and the schema page for third
//! parties (`docs/SCHEMA.md`) checked against what the codecs write.
mod schema_doc;
mod stored_formats;
