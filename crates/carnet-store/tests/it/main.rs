//! Integration tests of the store: real SQLite files in temporary folders.
