//! The app's journeys in the real webview (WebKitGTK through tauri-driver),
//! on a fresh data folder with a fixed clock, against a real carnet-sync on
//! loopback. One app session walks every journey in order, as a day on the
//! farm would: first run with the demo garden, a worker ticks and abandons
//! tasks, a team leader logs a harvest of three weighings, an observation,
//! languages, the supervisor's screens, then sync and a second device.
//!
//! Run by test.sh as `xvfb-run -a cargo test -p carnet-webview-tests
//! --features webview`. Without a display it fails under CI=true and says
//! why otherwise.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use carnet_webview_tests::driver::Session;
use carnet_webview_tests::processes::{SyncServer, TauriDriver};
use carnet_webview_tests::screens::Findings;
use carnet_webview_tests::target_dir;

const NOW: &str = "2026-11-23T09:00:00+01:00";

fn binary(name: &str) -> Result<PathBuf> {
    let path = target_dir().join("debug").join(name);
    if !path.exists() {
        bail!(
            "{} is missing: build it first (test.sh does)",
            path.display()
        );
    }
    Ok(path)
}

fn display_available() -> bool {
    std::env::var_os("DISPLAY").is_some() || std::env::var_os("WAYLAND_DISPLAY").is_some()
}

/// Whether the journeys can run; under CI without a display, an error.
fn display_or_skip() -> Result<bool> {
    if display_available() {
        return Ok(true);
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        bail!("no display: run the webview journeys under xvfb-run (test.sh does)");
    }
    eprintln!("no display ($DISPLAY unset): the webview journeys need xvfb-run, see test.sh");
    Ok(false)
}

/// The app started while the CLI holds its store (issue 10: one store, one
/// process) says so in plain French, naming the holder, instead of failing;
/// once the CLI is done, "Réessayer" opens the store.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_app_waits_for_a_store_the_cli_holds_and_opens_it_on_retry_in_the_real_webview()
-> Result<()> {
    if !display_or_skip()? {
        return Ok(());
    }
    let app = binary("carnet-app")?;
    let data = tempfile::tempdir()?;
    let cli = carnet_store::Store::open(
        &data.path().join("carnet.sqlite3"),
        carnet_store::StoreEnv::system("cli"),
    )?;
    let driver = TauriDriver::start(&[
        ("CARNET_DATA", data.path().display().to_string()),
        ("CARNET_NOW", NOW.to_owned()),
    ])
    .await?;
    let session = Session::start(driver.port, &app.display().to_string()).await?;
    let outcome = async {
        let mut findings = Findings::default();
        let s = &session;
        s.wait("[data-testid=store-busy]", 30).await?;
        s.wait_text("Carnet est ouvert dans un autre programme", 10)
            .await?;
        let holder = s.text("[data-testid=store-holder]").await?;
        assert!(
            holder.contains(&format!("(processus {})", std::process::id())),
            "the message names the holder: {holder}"
        );
        findings.check(s, "00-store-busy", true).await?;
        // Still held: the same message, nothing else.
        s.click("[data-testid=store-retry]").await?;
        tokio::time::sleep(Duration::from_millis(500)).await;
        s.wait("[data-testid=store-busy]", 10).await?;
        drop(cli);
        s.click("[data-testid=store-retry]").await?;
        s.wait("[data-testid=first-run]", 30).await?;
        assert!(
            findings.0.is_empty(),
            "screens with problems:\n{}",
            findings.0.join("\n")
        );
        anyhow::Ok(())
    }
    .await;
    if outcome.is_err() {
        let _ = carnet_webview_tests::screens::screenshot(&session, "failure-store-busy").await;
    }
    let _ = session.quit().await;
    drop(driver);
    outcome
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_day_on_the_farm_in_the_real_webview() -> Result<()> {
    if !display_or_skip()? {
        return Ok(());
    }
    let app = binary("carnet-app")?;
    let data = tempfile::tempdir()?;
    let driver = TauriDriver::start(&[
        ("CARNET_DATA", data.path().display().to_string()),
        ("CARNET_NOW", NOW.to_owned()),
    ])
    .await?;
    let session = Session::start(driver.port, &app.display().to_string()).await?;
    let outcome = journeys(&session).await;
    if outcome.is_err() {
        // What the screen showed when the journey failed.
        let _ = carnet_webview_tests::screens::screenshot(&session, "failure").await;
        if let Ok(text) = session.body_text().await {
            eprintln!("the page showed:\n{text}");
        }
    }
    let _ = session.quit().await;
    drop(driver);
    outcome
}

async fn journeys(s: &Session) -> Result<()> {
    let mut findings = Findings::default();

    // First run: the newcomer loads the demo garden.
    s.wait("[data-testid=first-run]", 30).await?;
    findings.check(s, "01-first-run", true).await?;
    s.click("[data-testid=load-demo]").await?;
    s.wait("[data-testid=person-picker] button.face", 60)
        .await?;
    findings.check(s, "02-person-picker", true).await?;

    worker_ticks_and_abandons(s, &mut findings)
        .await
        .context("worker journey")?;
    let harvest_total = leader_logs_a_harvest(s, &mut findings)
        .await
        .context("harvest journey")?;
    observation(s, &mut findings)
        .await
        .context("observation journey")?;
    languages(s, &mut findings)
        .await
        .context("language journey")?;
    supervisor_screens(s, &mut findings)
        .await
        .context("supervisor screens")?;
    supervisor_edits(s, &mut findings)
        .await
        .context("editing journey")?;
    if std::env::var_os("CARNET_WEBVIEW_REQUIRE_SYNC").is_some() || binary("carnet-sync").is_ok() {
        sync_and_second_device(s, &mut findings, harvest_total)
            .await
            .context("sync journey")?;
    } else {
        eprintln!(
            "carnet-sync is not built (sync-server not in the workspace): sync journey skipped"
        );
    }
    portrait(s, &mut findings).await.context("portrait")?;

    assert!(
        findings.0.is_empty(),
        "screens with problems:\n{}",
        findings.0.join("\n")
    );
    Ok(())
}

async fn switch_to(s: &Session, name: &str, pin: Option<&str>) -> Result<()> {
    if !s.find_all("[data-testid=switch-person]").await?.is_empty() {
        s.click("[data-testid=switch-person]").await?;
    }
    s.click(&format!("button.face[data-person=\"{name}\"]"))
        .await?;
    if let Some(pin) = pin {
        for digit in pin.chars() {
            s.click(&format!("[data-testid=pin-keypad] [data-key=\"{digit}\"]"))
                .await?;
        }
    }
    s.wait_attribute(
        "[data-testid=current-person]",
        "data-testid",
        "current-person",
        10,
    )
    .await?;
    let shown = s.text("[data-testid=current-person]").await?;
    assert_eq!(shown, name, "the tablet should be held by {name}");
    Ok(())
}

async fn worker_ticks_and_abandons(s: &Session, findings: &mut Findings) -> Result<()> {
    switch_to(s, "Karim", None).await?;
    s.wait("[data-testid=today-list] li[data-status=todo]", 20)
        .await?;
    findings.check(s, "03-today-worker", true).await?;
    let first = "[data-testid=today-list] li[data-status=todo]";
    let title = s.attribute(first, "data-title").await?.unwrap_or_default();
    s.click(&format!("{first} .tick")).await?;
    s.wait("[data-testid=undo-bar]", 10).await?;
    let ticked = format!("[data-testid=today-list] li[data-title=\"{title}\"]");
    s.wait_attribute(&ticked, "data-status", "done", 10).await?;
    findings.check(s, "04-today-ticked-undo", true).await?;
    // Undo within the few seconds: the task is to do again; tick it for good.
    s.click("[data-testid=undo]").await?;
    s.wait_attribute(&ticked, "data-status", "todo", 10).await?;
    s.click(&format!("{ticked} .tick")).await?;
    s.wait_attribute(&ticked, "data-status", "done", 10).await?;
    // Abandon another one with a pictogram reason.
    let other = "[data-testid=today-list] li[data-status=todo]";
    let abandoned = s.attribute(other, "data-title").await?.unwrap_or_default();
    s.click(&format!("{other} .abandon")).await?;
    s.wait("[role=dialog] [data-reason=weather]", 10).await?;
    findings.check(s, "05-today-abandon-reasons", true).await?;
    s.click("[role=dialog] [data-reason=weather]").await?;
    s.wait(
        &format!("[data-testid=today-list] li[data-title=\"{abandoned}\"][data-status=abandoned]"),
        10,
    )
    .await?;
    // Stored as `weather`, said in the worker's French.
    s.wait_text("Météo", 10).await?;
    // A worker plans no task (issue 10 point 4): the Plan button is there,
    // greyed out, with the reason in the person's language.
    s.wait_attribute("[data-nav=planning]", "disabled", "true", 10)
        .await?;
    let why = s
        .attribute("[data-nav=planning]", "title")
        .await?
        .unwrap_or_default();
    assert_eq!(why, "Réservé à un autre rôle");
    Ok(())
}

async fn leader_logs_a_harvest(s: &Session, findings: &mut Findings) -> Result<f64> {
    switch_to(s, "Moussa", None).await?;
    s.click("[data-nav=harvest]").await?;
    s.wait("[data-testid=harvest] [data-testid=garden-plan]", 10)
        .await?;
    findings.check(s, "06-harvest-plan", true).await?;
    s.click("[data-testid=harvest] [data-bed=\"A-01\"]").await?;
    s.wait("[data-testid=harvest-crop]", 10).await?;
    s.script(
        "const s = document.querySelector('[data-testid=harvest-crop]');
         const o = [...s.options].find(o => o.text === 'Tomate');
         s.value = o.value; s.dispatchEvent(new Event('change', { bubbles: true })); return o.value;",
        vec![],
    )
    .await?;
    s.click("[data-unit=kg]").await?;
    // 12,5 kg + 8 kg + (3,5 kg − 0,5 kg of crate) = 23,5 kg.
    for (keys, tare) in [("12,5", "0"), ("8", "0"), ("3,5", "0.5")] {
        s.click(&format!("[data-tare=\"{tare}\"]")).await?;
        for k in keys.chars() {
            s.click(&format!("[data-testid=keypad] [data-key=\"{k}\"]"))
                .await?;
        }
        s.click("[data-testid=add-weighing]").await?;
    }
    s.wait_attribute("[data-testid=harvest-total]", "data-kg", "23.5", 10)
        .await?;
    let weighings = s.find_all("[data-testid=weighings] li").await?.len();
    assert_eq!(weighings, 3);
    findings.check(s, "07-harvest-weighings", true).await?;
    s.click("[data-testid=save-harvest]").await?;
    s.wait_text("lot 20261123-A-01-TOM", 10).await?;
    s.wait("[data-testid=day-totals] tr[data-crop=\"Tomate\"]", 10)
        .await?;
    let row = s
        .text("[data-testid=day-totals] tr[data-crop=\"Tomate\"]")
        .await?;
    assert!(row.contains("23,5"), "day totals show {row}");
    findings.check(s, "08-harvest-saved-totals", true).await?;
    Ok(23.5)
}

async fn observation(s: &Session, findings: &mut Findings) -> Result<()> {
    s.click("[data-nav=observe]").await?;
    s.click("[data-testid=observe] [data-bed=\"B-03\"]").await?;
    s.click("[data-kind=pest]").await?;
    s.click("[data-severity=\"2\"]").await?;
    s.type_into("[data-testid=observe-note]", "Doryphores sur les feuilles")
        .await?;
    s.type_into("[data-testid=observe-tags]", "à surveiller")
        .await?;
    findings.check(s, "09-observe", true).await?;
    s.click("[data-testid=save-observation]").await?;
    s.wait_text("Observation enregistrée", 10).await?;
    // The bed page shows it in the bed's history.
    s.click("[data-nav=garden]").await?;
    s.wait("[data-testid=garden] [data-bed=\"B-03\"]", 10)
        .await?;
    findings.check(s, "10-garden-plan", true).await?;
    s.click("[data-testid=garden] [data-bed=\"B-03\"]").await?;
    s.wait_text("Doryphores sur les feuilles", 10).await?;
    findings.check(s, "11-bed-page", true).await?;
    Ok(())
}

async fn languages(s: &Session, findings: &mut Findings) -> Result<()> {
    // Awa reads English: the app switches with the person.
    switch_to(s, "Awa", None).await?;
    s.wait_text("To do today", 10).await?;
    findings.check(s, "12-today-english", false).await?;
    // She chooses French; it stays her choice after someone else's turn.
    s.click("[data-lang=fr]").await?;
    s.wait_text("À faire aujourd’hui", 10).await?;
    switch_to(s, "Karim", None).await?;
    switch_to(s, "Awa", None).await?;
    s.wait_text("À faire aujourd’hui", 10).await?;
    s.click("[data-lang=en]").await?;
    s.wait_text("To do today", 10).await?;
    s.click("[data-lang=fr]").await?;
    s.wait_text("À faire aujourd’hui", 10).await?;
    Ok(())
}

async fn supervisor_screens(s: &Session, findings: &mut Findings) -> Result<()> {
    // The supervisor's PIN pad, then her screens.
    s.click("[data-testid=switch-person]").await?;
    s.click("button.face[data-person=\"Claire\"]").await?;
    s.wait("[data-testid=pin-keypad]", 10).await?;
    findings.check(s, "13-pin", true).await?;
    s.click("[data-testid=pin-keypad] [data-key=\"9\"]").await?;
    for _ in 0..3 {
        s.click("[data-testid=pin-keypad] [data-key=\"9\"]").await?;
    }
    s.wait_text("Code incorrect", 10).await?;
    s.click("[data-testid=person-picker] button.secondary")
        .await?;
    switch_to(s, "Claire", Some("1234")).await?;
    for (nav, ready, name) in [
        (
            "planning",
            "[data-testid=planning] form",
            "13-planning-tasks",
        ),
        ("conflicts", "[data-testid=no-conflict]", "14-conflicts"),
        ("reports", "[data-testid=report-chart]", "15-reports"),
        ("sync", "[data-testid=enroll]", "16-sync"),
    ] {
        s.click(&format!("[data-nav={nav}]")).await?;
        s.wait(ready, 10).await?;
        findings.check(s, name, true).await?;
    }
    s.click("[data-nav=planning]").await?;
    for tab in ["beds", "crops", "people", "outlets"] {
        s.click(&format!("[data-tab={tab}]")).await?;
        findings
            .check(s, &format!("13-planning-{tab}"), true)
            .await?;
    }
    // Plan a task for Karim today; it shows in the daily list.
    s.click("[data-tab=tasks]").await?;
    s.type_into("[data-testid=task-title]", "Butter les poireaux")
        .await?;
    s.click("[data-testid=planning] form button[type=submit]")
        .await?;
    s.wait_text("Tâche créée", 10).await?;
    s.click("[data-nav=today]").await?;
    s.wait("li[data-title=\"Butter les poireaux\"]", 10).await?;
    // Reports group by week, and export to a folder.
    s.click("[data-nav=reports]").await?;
    s.click("[data-group=week]").await?;
    s.wait_text("2026-W47", 10).await?;
    let folder = tempfile::tempdir()?;
    s.type_into(
        "[data-testid=export-folder]",
        &folder.path().display().to_string(),
    )
    .await?;
    s.click("[data-testid=export-csv]").await?;
    s.wait_text("recoltes-par-semaine", 10).await?;
    let csv = std::fs::read_dir(folder.path())?
        .next()
        .context("no CSV written")??;
    let text = std::fs::read_to_string(csv.path())?;
    assert!(text.starts_with("groupe,récoltes,kg"), "{text}");
    assert!(text.contains("2026-W48"), "{text}");
    Ok(())
}

/// The supervisor moves a task to next month and deactivates a person who
/// left (issue 10 point 5): the task lists on its new day, off today's list,
/// and the person is gone from the picker.
async fn supervisor_edits(s: &Session, findings: &mut Findings) -> Result<()> {
    let title = "Tailler les framboisiers";
    let row = format!("[data-testid=planned-tasks] li[data-title=\"{title}\"]");
    s.click("[data-nav=planning]").await?;
    s.click("[data-tab=tasks]").await?;
    s.type_into("[data-testid=task-title]", title).await?;
    s.click("[data-testid=planning] form button[type=submit]")
        .await?;
    s.wait_attribute(&row, "data-due", "2026-11-23", 10).await?;
    // Its edit form: a due day in December, typed as a date picker sets it.
    s.click(&format!("{row} [data-testid=edit-task]")).await?;
    s.wait(&format!("{row} [data-testid=task-editor]"), 10)
        .await?;
    s.script(
        "const i = document.querySelector(arguments[0]);
         i.value = '2026-12-02'; i.dispatchEvent(new Event('input', { bubbles: true }));",
        vec![serde_json::json!(format!("{row} [data-testid=edit-due]"))],
    )
    .await?;
    findings.check(s, "20-planning-edit-task", true).await?;
    s.click(&format!("{row} [data-testid=save-task]")).await?;
    s.wait_text("Tâche modifiée", 10).await?;
    s.wait_attribute(&row, "data-due", "2026-12-02", 10).await?;
    // Its page says the new day.
    s.click(&format!("{row} [data-testid=open-task]")).await?;
    s.wait("[data-testid=task-page-due][data-due=\"2026-12-02\"]", 10)
        .await?;
    findings.check(s, "21-task-page", true).await?;
    // Off today's list.
    s.click("[data-nav=today]").await?;
    s.wait("[data-testid=today-list]", 10).await?;
    assert!(
        s.find_all(&format!(
            "[data-testid=today-list] li[data-title=\"{title}\"]"
        ))
        .await?
        .is_empty(),
        "a task moved to December still shows today"
    );

    // Dimitri left: deactivated, listed apart, gone from the picker.
    s.click("[data-nav=planning]").await?;
    s.click("[data-tab=people]").await?;
    s.click("[data-testid=planning] li[data-person=\"Dimitri\"] [data-testid=deactivate]")
        .await?;
    s.wait(
        "[data-testid=inactive-people] li[data-person=\"Dimitri\"]",
        10,
    )
    .await?;
    findings
        .check(s, "22-planning-people-inactive", true)
        .await?;
    s.click("[data-testid=switch-person]").await?;
    s.wait("button.face[data-person=\"Karim\"]", 10).await?;
    assert!(
        s.find_all("button.face[data-person=\"Dimitri\"]")
            .await?
            .is_empty(),
        "an inactive person still shows on the picker"
    );
    switch_to(s, "Claire", Some("1234")).await?;
    Ok(())
}

async fn sync_and_second_device(
    s: &Session,
    findings: &mut Findings,
    harvest_kg: f64,
) -> Result<()> {
    // Not enrolled yet, the day's work waits on the tablet.
    s.wait_attribute("[data-testid=sync-badge]", "data-state", "waiting", 10)
        .await?;
    let server_dir = tempfile::tempdir()?;
    let server = SyncServer::start(
        &binary("carnet-sync")?,
        &server_dir.path().join("sync.sqlite3"),
    )
    .await?;
    // The supervisor reads the farm's id on the sync screen and registers it.
    s.click("[data-nav=sync]").await?;
    let farm = s.text("[data-testid=farm-id]").await?;
    assert_eq!(farm.len(), 36, "farm id `{farm}`");
    server.admin(&[
        "farm",
        "create",
        "--name",
        "Jardin des Aubes",
        "--id",
        &farm,
    ])?;
    let tablet = server.admin(&[
        "device", "enroll", "--farm", &farm, "--name", "tablette", "--role", "base",
    ])?;
    let desk = server.admin(&[
        "device", "enroll", "--farm", &farm, "--name", "bureau", "--role", "base",
    ])?;

    s.type_into("[data-testid=enroll-server]", &server.url)
        .await?;
    s.type_into("[data-testid=enroll-code]", &tablet).await?;
    s.click("[data-testid=enroll]").await?;
    s.wait_attribute("[data-testid=sync-badge]", "data-state", "up_to_date", 90)
        .await?;
    s.wait("[data-testid=last-sync]", 10).await?;
    assert!(!s.text("[data-testid=last-sync]").await?.contains("Jamais"));
    findings.check(s, "17-sync-up-to-date", true).await?;

    // A second device (the supervisor's desk) receives the harvest.
    let desk_dir = tempfile::tempdir()?;
    let env = carnet_store::StoreEnv::system("bureau");
    let store = carnet_store::Store::open(&desk_dir.path().join("carnet.sqlite3"), env)?;
    let store = std::sync::Mutex::new(store);
    let remote = carnet_client::Remote::new(&server.url, &desk)?;
    carnet_client::enroll(&store, &remote).await?;
    let today: chrono::NaiveDate = "2026-11-23".parse()?;
    tokio::time::timeout(
        Duration::from_secs(120),
        carnet_client::sync_once(&store, today, Default::default()),
    )
    .await??;
    {
        let mut desk_store = store.lock().expect("not poisoned");
        let (harvests, weighings) = desk_store.harvests_between(Some(today), Some(today))?;
        let catalog = desk_store.catalog()?.clone();
        let tomato = catalog.crop_by_name("Tomate")?.clone();
        let harvest = harvests
            .iter()
            .find(|h| h.lot == "20261123-A-01-TOM")
            .context("the harvest did not reach the second device")?;
        let kg: f64 = weighings
            .iter()
            .filter(|w| w.harvest == harvest.id)
            .filter_map(|w| w.net_kg(&tomato))
            .sum();
        assert!((kg - harvest_kg).abs() < 1e-9, "second device sees {kg} kg");
    }
    conflict_resolved_by_the_supervisor(s, findings, &store, today).await
}

/// The desk abandons a task while the tablet ticks it, both offline from
/// each other: after both sync, the supervisor sees who wrote what and keeps
/// one value per field.
async fn conflict_resolved_by_the_supervisor(
    s: &Session,
    findings: &mut Findings,
    desk: &std::sync::Mutex<carnet_store::Store>,
    today: chrono::NaiveDate,
) -> Result<()> {
    let title = "Butter les poireaux";
    {
        let mut store = desk.lock().expect("not poisoned");
        let julien = store.catalog()?.person_by_name("Julien")?.id;
        let list = store.day_tasks_read_only(today, None)?;
        let task = list
            .today
            .iter()
            .find(|t| t.title.as_str() == title)
            .context("the planned task did not reach the desk")?
            .id;
        let why = carnet_core::tasks::Abandonment::parse("weather", Some("Sol trop humide"))?;
        store.abandon_task(julien, task, why)?;
    }
    // Meanwhile the supervisor ticks it on the tablet, which syncs at once.
    s.click("[data-nav=today]").await?;
    let row = format!("[data-testid=today-list] li[data-title=\"{title}\"]");
    s.click(&format!("{row} .tick")).await?;
    s.wait_attribute(&row, "data-status", "done", 10).await?;
    s.wait_attribute("[data-testid=sync-badge]", "data-state", "up_to_date", 60)
        .await?;
    // The desk syncs (its abandon meets the tick), then the tablet again.
    tokio::time::timeout(
        Duration::from_secs(120),
        carnet_client::sync_once(desk, today, Default::default()),
    )
    .await??;
    s.click("[data-nav=sync]").await?;
    s.click("[data-testid=sync-now]").await?;
    s.click("[data-nav=conflicts]").await?;
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    while s.find_all("[data-testid=conflict]").await?.is_empty() {
        if std::time::Instant::now() > deadline {
            bail!("no conflict shown after both devices synced");
        }
        s.click("[data-nav=sync]").await?;
        s.click("[data-testid=sync-now]").await?;
        tokio::time::sleep(Duration::from_secs(2)).await;
        s.click("[data-nav=conflicts]").await?;
    }
    s.wait_text("Abandonnée", 10).await?;
    findings.check(s, "14-conflicts-two-values", true).await?;
    // Keep the first value of each field until nothing is left to choose.
    for _ in 0..10 {
        let buttons = s.find_all("[data-testid=conflict] button").await?;
        let Some(first) = buttons.first() else { break };
        s.click_element(first).await?;
        tokio::time::sleep(Duration::from_millis(500)).await;
        if !s.find_all("[data-testid=toast].error").await?.is_empty() {
            bail!("resolving failed: {}", s.text("[data-testid=toast]").await?);
        }
    }
    s.wait("[data-testid=no-conflict]", 10).await?;
    Ok(())
}

async fn portrait(s: &Session, findings: &mut Findings) -> Result<()> {
    if let Err(e) = s.set_window(800, 1280).await {
        eprintln!("portrait size refused by the driver ({e}): portrait screenshots skipped");
        return Ok(());
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    s.click("[data-nav=today]").await?;
    s.wait("[data-testid=today-list]", 10).await?;
    findings.check(s, "18-portrait-today", true).await?;
    s.click("[data-nav=harvest]").await?;
    s.click("[data-testid=harvest] [data-bed=\"A-02\"]").await?;
    s.wait("[data-testid=keypad]", 10).await?;
    findings.check(s, "19-portrait-harvest", true).await?;
    Ok(())
}
