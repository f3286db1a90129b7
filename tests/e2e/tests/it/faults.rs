//! Faults: the server SIGKILLed mid-sync and restarted; a proxy that cuts
//! connections mid-frame. Devices retry as the app's loop does, and in the
//! end every device and the server agree, with nothing lost or doubled.

use carnet_e2e::device::Device;
use carnet_e2e::proxy::Proxy;
use carnet_e2e::server::Server;
use rand::{Rng, SeedableRng};

use crate::farm::{assert_converged, field_action, set_up_farm};

/// Syncs until it works, at most `tries` times (the app's loop, minus the
/// waiting).
async fn sync_until_ok(device: &Device, day: chrono::NaiveDate, tries: usize) -> usize {
    for attempt in 1..=tries {
        match device.sync(day).await {
            Ok(_) => return attempt,
            Err(e) => tracing_like(&device.name, attempt, &e),
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("{} never synced in {tries} tries", device.name);
}

fn tracing_like(name: &str, attempt: usize, e: &carnet_client::ClientError) {
    eprintln!("{name}: attempt {attempt} failed: {e}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_killed_mid_sync_and_restarted_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let day: chrono::NaiveDate = "2026-12-02".parse().unwrap(); // scope: November and December
    let mut server = Server::start(dir.path());
    let mut bureau = Device::open(dir.path(), "bureau", 1, "2026-11-26T08:00:00+01:00");
    let shared = set_up_farm(&mut bureau, day, 10);
    let farm = bureau.store().farm_id().unwrap().to_string();
    server.create_farm("Aubes", &farm);
    bureau
        .enroll(&server.url(), &server.enroll(&farm, "bureau", "base"))
        .await
        .unwrap();
    let mut tablets: Vec<Device> = (1..=3)
        .map(|i| {
            Device::open(
                dir.path(),
                &format!("t{i}"),
                10 + i,
                "2026-11-26T09:00:00+01:00",
            )
        })
        .collect();
    sync_until_ok(&bureau, day, 3).await;
    for t in &tablets {
        t.enroll(&server.url(), &server.enroll(&farm, &t.name, "field"))
            .await
            .unwrap();
        sync_until_ok(t, day, 3).await;
    }
    let mut rng = rand::rngs::StdRng::seed_from_u64(77);
    for round in 0..4 {
        for t in tablets.iter_mut() {
            for _ in 0..8 {
                field_action(t, &mut rng, &shared);
            }
        }
        // All tablets sync at once while the server is killed at a random
        // moment, then restarted on the same database.
        let kill_after = std::time::Duration::from_millis(rng.random_range(5..120));
        let killer = async {
            tokio::time::sleep(kill_after).await;
            server.kill();
        };
        let (a, b, c, ()) = tokio::join!(
            tablets[0].sync(day),
            tablets[1].sync(day),
            tablets[2].sync(day),
            killer
        );
        let interrupted = [a, b, c].iter().filter(|r| r.is_err()).count();
        server.restart();
        eprintln!("round {round}: {interrupted} syncs interrupted");
        eprintln!("round {round}: server killed after {kill_after:?} and restarted");
    }
    for t in &tablets {
        sync_until_ok(t, day, 5).await;
    }
    sync_until_ok(&bureau, day, 3).await;
    for t in &tablets {
        sync_until_ok(t, day, 3).await;
    }
    let mut everyone: Vec<&Device> = tablets.iter().collect();
    everyone.push(&bureau);
    assert_converged(&everyone);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_cut_mid_frame_by_a_proxy_heal_on_retry() {
    let dir = tempfile::tempdir().unwrap();
    let day: chrono::NaiveDate = "2026-12-02".parse().unwrap(); // scope: November and December
    let server = Server::start(dir.path());
    let proxy = Proxy::start(server.addr).await.unwrap();
    let mut bureau = Device::open(dir.path(), "bureau", 1, "2026-11-26T08:00:00+01:00");
    let shared = set_up_farm(&mut bureau, day, 10);
    let farm = bureau.store().farm_id().unwrap().to_string();
    server.create_farm("Aubes", &farm);
    bureau
        .enroll(&server.url(), &server.enroll(&farm, "bureau", "base"))
        .await
        .unwrap();
    bureau.set_server(&proxy.url());
    let mut tablets: Vec<Device> = (1..=2)
        .map(|i| {
            Device::open(
                dir.path(),
                &format!("t{i}"),
                10 + i,
                "2026-11-26T09:00:00+01:00",
            )
        })
        .collect();
    sync_until_ok(&bureau, day, 3).await;
    for t in &tablets {
        t.enroll(&server.url(), &server.enroll(&farm, &t.name, "field"))
            .await
            .unwrap();
        sync_until_ok(t, day, 3).await;
        t.set_server(&proxy.url());
    }
    let mut rng = rand::rngs::StdRng::seed_from_u64(5);
    // Every connection is cut after a random number of bytes, often inside
    // a frame; each device retries until one gets through.
    for round in 0..6 {
        for t in tablets.iter_mut() {
            for _ in 0..5 {
                field_action(t, &mut rng, &shared);
            }
        }
        proxy.cut_after(rng.random_range(60..4000));
        for d in tablets.iter().chain([&bureau]) {
            let _ = d.sync(day).await;
        }
        eprintln!(
            "round {round}: {} cuts so far",
            proxy.cuts.load(std::sync::atomic::Ordering::SeqCst)
        );
    }
    assert!(
        proxy.cuts.load(std::sync::atomic::Ordering::SeqCst) > 0,
        "the proxy cut nothing"
    );
    proxy.heal();
    for _ in 0..2 {
        for d in tablets.iter().chain([&bureau]) {
            sync_until_ok(d, day, 3).await;
        }
    }
    let mut everyone: Vec<&Device> = tablets.iter().collect();
    everyone.push(&bureau);
    assert_converged(&everyone);
}
