//! One test per bug the nemesis found, named after the seed that found it,
//! each a focused reproduction (the seed itself may wander off the bug when
//! other code changes the schedule's timing).

use std::time::Duration;

use carnet_e2e::server::Server;
use carnet_nemesis::farm;
use carnet_nemesis::frames::{Faults, FrameProxy};
use carnet_nemesis::procs::{CliDevice, CliRun};

use crate::bins;

/// Seed 5: a proxy delivered the CLI's `join` frame twice; the server
/// rightly closed the connection, and `carnet sync` failed with its error
/// line preceded by a WARN log line repeating the server's words (in ANSI
/// colours): two lines where a person must get one. The client now logs
/// the server's error at debug level; the caller reports it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn seed_5_a_duplicated_join_fails_the_cli_sync_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let now = farm::epoch();
    let mut server = Server::start(dir.path());
    let farm_id = farm::set_up(&dir.path().join("bureau.sqlite3"), 5, now).unwrap();
    server.create_farm("Aubes", &farm_id);
    let token = server.enroll(&farm_id, "cli", "field");
    let proxy = FrameProxy::start(server.addr, 5).await.unwrap();
    let mut cli = CliDevice::new(&bins().cli, dir.path(), "cli", 5);
    let limit = Duration::from_secs(30);
    let url = proxy.url();
    let enrolled = cli
        .run(
            &["enroll", "--server", &url, "--token", &token],
            now,
            None,
            limit,
        )
        .await;
    assert!(matches!(enrolled, CliRun::Ok(_)), "{enrolled:?}");
    proxy.set(Faults {
        dup_per_mille: 1000,
        ..Faults::default()
    });
    let synced = cli.run(&["sync"], now, None, limit).await;
    assert!(
        matches!(&synced, CliRun::Failed(e) if e.contains("second join")),
        "{synced:?}"
    );
    assert!(cli.bad_errors.is_empty(), "{:?}", cli.bad_errors);
    proxy.heal();
    let synced = cli.run(&["sync"], now, None, limit).await;
    assert!(matches!(synced, CliRun::Ok(_)), "{synced:?}");
    assert!(server.is_running());
    assert!(!server.log_text().contains("panicked"));
}
