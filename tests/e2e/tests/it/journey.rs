//! The journey: a supervisor starts offline; later a server comes;
//! three tablets join, work offline for a week, come back; everyone ends with
//! the same records, nothing lost, nothing doubled, conflicts listed; a lost
//! tablet is revoked and can reach nothing.

use carnet_client::ClientError;
use carnet_e2e::device::Device;
use carnet_e2e::server::Server;
use rand::SeedableRng;
use rand::seq::SliceRandom;

use crate::farm::{assert_converged, field_action, set_up_farm};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_week_offline_on_three_tablets_merges_without_loss() {
    let dir = tempfile::tempdir().unwrap();
    let first_day: chrono::NaiveDate = "2026-11-26".parse().unwrap();
    let mut bureau = Device::open(dir.path(), "bureau", 1, "2026-11-20T09:00:00+01:00");
    let shared = set_up_farm(&mut bureau, first_day, 20);
    let farm = bureau.store().farm_id().unwrap().to_string();

    // Days later, a server: the farm is registered with the app's farm id.
    let mut server = Server::start(dir.path());
    server.create_farm("Jardin des Aubes", &farm);
    let bureau_token = server.enroll(&farm, "bureau", "base");
    let tokens: Vec<String> = (1..=3)
        .map(|i| server.enroll(&farm, &format!("tablette-{i}"), "field"))
        .collect();
    let who = bureau.enroll(&server.url(), &bureau_token).await.unwrap();
    assert_eq!(
        (who.role.as_str(), who.farm_id.as_str()),
        ("base", farm.as_str())
    );
    assert!(bureau.store().pending_changes().unwrap() > 0);
    let report = bureau.sync(first_day).await.unwrap();
    assert_eq!(report.pending_after, 0, "{report:?}");

    let mut tablets: Vec<Device> = (1..=3)
        .map(|i| {
            Device::open(
                dir.path(),
                &format!("tablette-{i}"),
                10 + i,
                "2026-11-25T08:00:00+01:00",
            )
        })
        .collect();
    for (t, token) in tablets.iter().zip(&tokens) {
        t.enroll(&server.url(), token).await.unwrap();
        t.sync(first_day).await.unwrap();
        assert_eq!(
            t.store().catalog().unwrap().beds.len(),
            12,
            "{} got the catalog",
            t.name
        );
        assert_eq!(
            t.store()
                .day_tasks_read_only(first_day, None)
                .unwrap()
                .today
                .len(),
            3 + 1
        );
    }

    // A week offline: every tablet works every day, restarted each morning.
    let mut rng = rand::rngs::StdRng::seed_from_u64(2026);
    for day in 0..7 {
        let date = first_day + chrono::Duration::days(day);
        for t in tablets.iter_mut() {
            t.restart(&format!("{date}T07:30:00+01:00"));
            for _ in 0..6 {
                field_action(t, &mut rng, &shared);
            }
        }
        // The supervisor also edits the same tasks at the base.
        bureau.restart(&format!("{date}T18:00:00+01:00"));
        field_action(&mut bureau, &mut rng, &shared);
    }
    let last_day = first_day + chrono::Duration::days(6);

    // Back at the base, in a random order, twice.
    let mut order: Vec<usize> = (0..4).collect();
    for _ in 0..2 {
        order.shuffle(&mut rng);
        for &i in &order {
            let device = if i == 3 { &bureau } else { &tablets[i] };
            let report = device
                .sync(last_day)
                .await
                .unwrap_or_else(|e| panic!("{} sync: {e}", device.name));
            assert!(report.server_errors.is_empty(), "{report:?}");
        }
    }
    // Field tablets hold only recent months; compare what everyone holds.
    let mut everyone: Vec<&Device> = tablets.iter().collect();
    everyone.push(&bureau);
    assert_converged(&everyone);
    for d in &everyone {
        assert_eq!(
            d.store().pending_changes().unwrap(),
            0,
            "{} still has changes waiting",
            d.name
        );
    }
    let conflicts = bureau.store().conflicts().unwrap();
    assert!(
        !conflicts.is_empty(),
        "concurrent title edits must be listed"
    );
    assert!(
        conflicts.iter().any(|c| c.field == "title"),
        "{conflicts:?}"
    );
    for c in &conflicts {
        assert!(c.values.len() >= 2, "{c:?}");
        for v in &c.values {
            assert!(
                v.person.is_some() && v.device.is_some() && v.at.is_some(),
                "who wrote {c:?}?"
            );
        }
    }

    // A tablet is lost: revoked, it reaches nothing; the others go on.
    server.revoke("tablette-3");
    let err = tablets[2].sync(last_day).await.unwrap_err();
    assert!(matches!(err, ClientError::Refused(_)), "{err}");
    let status = carnet_client::status(&tablets[2].store()).unwrap();
    assert!(
        status
            .last_error
            .as_deref()
            .unwrap_or_default()
            .contains("revoked"),
        "{status:?}"
    );
    tablets[0].sync(last_day).await.unwrap();
    assert!(server.is_running());
}
