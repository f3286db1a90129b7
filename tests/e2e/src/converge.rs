//! The convergence assertion shared by the end-to-end tests (journey,
//! faults, security): the devices show the same records and conflicts,
//! hold the same Automerge heads for every document they both hold, and
//! every record any of them acknowledged is there.
//!
//! Not here: scope. A field tablet holds fewer months than the base; the
//! heads are compared on the documents two devices share, not on the set.

use crate::device::Device;

/// Asserts that every device shows the same records and conflicts as the
/// first, the same heads on the documents it shares with the first, and
/// that every record any of them acknowledged is there.
pub fn assert_converged(devices: &[&Device]) {
    let (reference, conflicts) = devices[0].projection();
    let reference_heads = heads(devices[0]);
    for d in &devices[1..] {
        let (records, theirs) = d.projection();
        if records != reference {
            let only_ref: Vec<_> = reference
                .keys()
                .filter(|k| !records.contains_key(*k))
                .collect();
            let only_here: Vec<_> = records
                .keys()
                .filter(|k| !reference.contains_key(*k))
                .collect();
            panic!(
                "{} differs from {}: missing {only_ref:?}, extra {only_here:?}",
                d.name, devices[0].name
            );
        }
        assert_eq!(theirs, conflicts, "conflicts differ on {}", d.name);
        for (key, here) in heads(d) {
            if let Some(there) = reference_heads.get(&key) {
                assert_eq!(
                    &here, there,
                    "{} and {} hold different heads of {key:?}",
                    d.name, devices[0].name
                );
            }
        }
    }
    for d in devices {
        for id in &d.acked {
            assert!(
                reference.contains_key(id),
                "record {id} acknowledged by {} is missing",
                d.name
            );
        }
    }
}

/// Every document the device holds, with its heads (sorted: the order of
/// concurrent heads says nothing).
fn heads(
    device: &Device,
) -> std::collections::BTreeMap<carnet_core::document::DocKey, Vec<String>> {
    let mut store = device.store();
    let keys = store.documents().expect("documents");
    keys.into_iter()
        .map(|key| {
            let mut h: Vec<String> = (store.document(key).expect("document").heads().iter())
                .map(ToString::to_string)
                .collect();
            h.sort();
            (key, h)
        })
        .collect()
}
