//! The store is not encrypted at rest, so on unix it is kept from other
//! accounts on the machine: its folder 0700, its SQLite files 0600.
#![cfg(unix)]

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use crate::farm::{open, populate};

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

fn sibling(path: &Path, suffix: &str) -> std::path::PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    name.into()
}

#[test]
fn a_new_store_folder_is_0700_and_its_sqlite_files_0600() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("org.carnet.app").join("data");
    let path = data.join("carnet.sqlite3");
    let mut store = open(&path, 1, "2026-11-23T08:00:00+01:00", "t");
    populate(&mut store);
    // The WAL and its index exist while the store is open.
    for file in [path.clone(), sibling(&path, "-wal"), sibling(&path, "-shm")] {
        assert_eq!(mode(&file), 0o600, "{}", file.display());
    }
    for folder in [&data, data.parent().unwrap()] {
        assert_eq!(mode(folder), 0o700, "{}", folder.display());
    }
}

#[test]
fn a_store_left_readable_by_others_is_tightened_when_opened() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("carnet.sqlite3");
    let mut store = open(&path, 1, "2026-11-23T08:00:00+01:00", "t");
    populate(&mut store);
    drop(store);
    // As an older Carnet or a careless copy would have left it.
    for file in [path.clone(), sibling(&path, "-wal"), sibling(&path, "-shm")] {
        if file.exists() {
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        }
    }
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let store = open(&path, 2, "2026-11-23T09:00:00+01:00", "t");
    for file in [path.clone(), sibling(&path, "-wal"), sibling(&path, "-shm")] {
        if file.exists() {
            assert_eq!(mode(&file), 0o600, "{}", file.display());
        }
    }
    // A folder that was already there is the person's: left as it was.
    assert_eq!(mode(dir.path()), 0o755);
    drop(store);
}
