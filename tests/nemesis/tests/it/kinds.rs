//! Every record kind, and every move of one to another month, is exercised
//! under concurrency: by the convergence
//! property (`crates/carnet-store/tests/it/convergence.rs`, whose list is
//! read here from its own file) or by this fault campaign.

#[path = "../../../../crates/carnet-store/tests/it/convergence_kinds.rs"]
mod convergence_kinds;

use carnet_core::record::Record;

#[test]
fn every_record_kind_is_written_by_the_convergence_or_the_fault_operations() {
    let missing: Vec<&str> = Record::TYPE_NAMES
        .into_iter()
        .filter(|kind| {
            !convergence_kinds::CONVERGENCE_WRITES.contains(kind)
                && !carnet_nemesis::kinds::CAMPAIGN_WRITES.contains(kind)
        })
        .collect();
    assert!(
        missing.is_empty(),
        "record kinds written by neither the convergence property nor the fault campaign: {missing:?}"
    );
}

#[test]
fn every_movable_kind_is_moved_by_the_convergence_or_the_fault_operations() {
    let missing: Vec<&str> = Record::MOVABLE_NAMES
        .into_iter()
        .filter(|kind| {
            !convergence_kinds::CONVERGENCE_MOVES.contains(kind)
                && !carnet_nemesis::kinds::CAMPAIGN_MOVES.contains(kind)
        })
        .collect();
    assert!(
        missing.is_empty(),
        "record kinds that change month but are moved by neither the convergence property nor the fault campaign: {missing:?}"
    );
}

#[test]
fn the_lists_name_only_real_record_kinds() {
    for kind in convergence_kinds::CONVERGENCE_WRITES
        .iter()
        .chain(carnet_nemesis::kinds::CAMPAIGN_WRITES)
    {
        assert!(
            Record::TYPE_NAMES.contains(kind),
            "`{kind}` is no record kind"
        );
    }
    for kind in convergence_kinds::CONVERGENCE_MOVES
        .iter()
        .chain(carnet_nemesis::kinds::CAMPAIGN_MOVES)
    {
        assert!(
            Record::MOVABLE_NAMES.contains(kind),
            "`{kind}` is no kind that changes month"
        );
    }
}
