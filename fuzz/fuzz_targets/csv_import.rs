//! `carnet import beds|crops FILE` on any file, through the CLI library
//! against a real store. The import is all or nothing: on an error not one
//! bed or crop is added, on success exactly the ones it printed are.
#![no_main]

use carnet_fuzz::{STORE_FILE, carnet, fresh_copy};
use carnet_store::{Store, StoreEnv};
use libfuzzer_sys::fuzz_target;

fn counts(dir: &std::path::Path) -> (usize, usize, usize) {
    let mut store = Store::open(&dir.join(STORE_FILE), StoreEnv::system("fuzz")).unwrap();
    let catalog = store.catalog().unwrap();
    (
        catalog.beds.len(),
        catalog.crops.len(),
        catalog.zones.len() + catalog.families.len(),
    )
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, sheet)) = data.split_first() else {
        return;
    };
    let kind = if pick % 2 == 0 { "beds" } else { "crops" };
    let dir = fresh_copy();
    let before = counts(&dir);
    let file = dir.join("sheet.csv");
    std::fs::write(&file, sheet).unwrap();
    let outcome = carnet(&dir, &["import", kind, file.to_str().unwrap(), "--json"]);
    let after = counts(&dir);
    match outcome {
        Ok(json) => {
            let added: serde_json::Value = serde_json::from_str(&json).expect("--json prints JSON");
            let added = added.as_array().expect("an array of what was added").len();
            assert!(added > 0, "a successful import adds something");
            let expected = if kind == "beds" {
                (before.0 + added, before.1)
            } else {
                (before.0, before.1 + added)
            };
            assert_eq!((after.0, after.1), expected, "{json}");
        }
        Err(e) => {
            assert_eq!(after, before, "a refused import changed the store: {e:#}");
        }
    }
});
