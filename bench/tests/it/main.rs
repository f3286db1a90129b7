//! The benchmark's smoke test: a few days generated through the real binary,
//! one cold listing in a child process, and the store reopened. No timing is
//! asserted: the machine running tests is not the one measured.

use std::path::Path;
use std::process::Command;

use carnet_bench::list_today::{ListPhases, SUMMARY_TAG};
use carnet_bench::measure::Summary;
use carnet_bench::suite;
use carnet_store::{Store, StoreEnv, stepping_clock};

const EXE: &str = env!("CARGO_BIN_EXE_carnet-bench");

fn run(args: &[&str]) -> (String, String) {
    let out = Command::new(EXE).args(args).output().unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    );
    assert!(out.status.success(), "{args:?} failed:\n{stderr}");
    (stdout, stderr)
}

fn generate(path: &Path, days: &str) {
    let path = path.to_str().unwrap();
    run(&[
        "generate",
        "--days",
        days,
        "--end",
        "2026-11-20",
        "--out",
        path,
    ]);
}

#[test]
fn generated_days_list_cold_and_the_store_reopens() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("farm.sqlite3");
    generate(&path, "4");

    let (list, stderr) = run(&[
        "list-today",
        "--data",
        path.to_str().unwrap(),
        "--day",
        "2026-11-20",
    ]);
    let phases = ListPhases::from_summary(&Summary::find(SUMMARY_TAG, &stderr).unwrap()).unwrap();
    assert_eq!(phases.today, 12, "{list}");
    assert!(list.starts_with("2026-11-20\n"), "{list}");
    assert!(list.contains("today (12)"), "{list}");
    assert!(phases.peak_kib > 0);

    let morning = carnet_bench::workload::time_on(suite::default_today(), 7 * 60);
    let store = Store::open(
        &path,
        StoreEnv::seeded(1, stepping_clock(morning, 1), "test"),
    )
    .unwrap();
    let list = store
        .day_tasks_read_only(suite::default_today(), None)
        .unwrap();
    assert_eq!(list.today.len(), 12);
    assert!(store.stored_bytes().unwrap() > 0);
}

#[test]
fn one_seed_generates_the_same_store_twice() {
    let dir = tempfile::tempdir().unwrap();
    let [a, b] = ["a.sqlite3", "b.sqlite3"].map(|f| dir.path().join(f));
    generate(&a, "2");
    generate(&b, "2");
    let morning = carnet_bench::workload::time_on(suite::default_today(), 7 * 60);
    let bytes = |p: &Path| {
        let store =
            Store::open(p, StoreEnv::seeded(1, stepping_clock(morning, 1), "test")).unwrap();
        (
            store.stored_bytes().unwrap(),
            store.records_of_type("harvest").unwrap(),
        )
    };
    let (a, b) = (bytes(&a), bytes(&b));
    assert_eq!(a.0, b.0);
    assert_eq!(a.1, b.1);
}

#[test]
fn generate_refuses_an_existing_store() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("farm.sqlite3");
    std::fs::write(&path, b"").unwrap();
    let out = Command::new(EXE)
        .args(["generate", "--days", "1", "--out", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("already exists"));
}

#[test]
fn a_season_in_one_process_reports_its_peak_memory_with_the_cache_bounded() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("season.sqlite3");
    let (_, stderr) = run(&[
        "season",
        "--days",
        "40",
        "--end",
        "2026-11-20",
        "--out",
        path.to_str().unwrap(),
    ]);
    let season = carnet_bench::season::Season::from_summary(
        &Summary::find(carnet_bench::season::SEASON_TAG, &stderr).unwrap(),
    )
    .unwrap();
    assert_eq!(season.days, 40);
    assert!(season.reports >= 5, "{season:?}");
    assert!(
        season.documents_opened > 0,
        "October was opened: {season:?}"
    );
    assert!(
        season.most_documents_cached <= carnet_store::DOCUMENT_CACHE as u64,
        "{season:?}"
    );
    assert!(
        season.peak_kib_first_month > 0 && season.peak_kib >= season.peak_kib_first_month,
        "{season:?}"
    );
}
