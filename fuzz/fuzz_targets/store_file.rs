//! A whole store file replaced by any bytes (the seed is a real store, so
//! mutations make damaged SQLite pages, headers and rows), then opened and
//! read by carnet-store as the CLI and the app do. It must open or refuse
//! with an error; reading what opened must not panic.
#![no_main]

use carnet_fuzz::{STORE_FILE, scratch};
use carnet_store::{Store, StoreEnv};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let dir = scratch().join("file");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(STORE_FILE);
    std::fs::write(&path, data).unwrap();
    let Ok(mut store) = Store::open(&path, StoreEnv::system("fuzz")) else {
        return;
    };
    let _ = store.farm_id();
    let _ = store.catalog().map(|c| c.beds.len());
    if let Ok(keys) = store.documents() {
        for key in keys {
            let _ = store.document(key);
        }
    }
    let _ = store.rebuild_projection();
    let _ = store.tasks_between("2026-11-01".parse().unwrap(), "2026-12-31".parse().unwrap());
    let _ = store.conflicts();
    let _ = store.pending_changes();
});
