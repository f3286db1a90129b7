//! Issue 10, point 1: a command run with the device's clock at 1970, 2038 or
//! 2301 is refused with one line naming the date the device believes, and
//! the store is unchanged; `status --json` carries the clock and the lists a
//! supervisor acts on.

use crate::Farm;

#[test]
fn a_harvest_with_a_wrong_clock_is_refused_naming_the_date_and_changes_nothing() {
    let farm = Farm::planted();
    let before = farm.contents();
    for (now, date) in [
        ("1970-01-01T00:03:00+01:00", "01/01/1970"),
        ("2038-01-19T03:14:08+00:00", "19/01/2038"),
        ("2301-05-01T08:00:00+02:00", "01/05/2301"),
    ] {
        let run = farm.run_at(
            now,
            "harvest add --bed A-07 --crop Radis --weigh 3 --by Awa",
        );
        assert!(!run.ok, "{now}: {}", run.stdout);
        assert_eq!(
            run.stderr.trim_end(),
            format!("error: the device's date is {date}: set the date, then try again")
        );
    }
    assert_eq!(farm.contents(), before);
}

#[test]
fn status_json_carries_the_clock_and_the_records_to_look_at() {
    let farm = Farm::planted();
    let status = farm.json("status --offline");
    assert_eq!(status["clock_skew_seconds"], serde_json::Value::Null);
    assert_eq!(status["clock_wrong"], false);
    assert_eq!(status["unreadable"], serde_json::json!([]));
    assert_eq!(status["implausible"], serde_json::json!([]));
}

#[test]
fn a_supervisor_redates_a_harvest_and_an_observation_into_another_month() {
    let farm = Farm::planted();
    let harvest = farm.id("harvest add --bed A-07 --crop Radis --weigh 3 --by Awa");
    let observation = farm.id("observe --bed A-07 --kind pest --severity 2 --by Moussa");
    let refused = farm.fails(&format!(
        "harvest redate {harvest} --at 2026-10-30T09:00 --by Awa"
    ));
    assert!(refused.starts_with("error: "), "{refused}");
    let redated = farm.json(&format!(
        "harvest redate {} --at 2026-10-30T09:00 --by Léa",
        &harvest[..8]
    ));
    assert_eq!(
        (redated["id"].as_str(), redated["date"].as_str()),
        (Some(harvest.as_str()), Some("2026-10-30"))
    );
    let list = farm.json("harvest list");
    let listed: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|h| h["date"].as_str())
        .collect();
    assert_eq!(listed, ["2026-10-30"], "{list}");
    let redated = farm.json(&format!(
        "observation redate {observation} --at 2026-10-29T18:00 --by Léa"
    ));
    assert_eq!(redated["date"], "2026-10-29");
    let bad = farm.fails(&format!(
        "observation redate {observation} --at 1970-01-01T00:00 --by Léa"
    ));
    assert_eq!(
        bad.trim(),
        "error: at: 01/01/1970 is outside 01/01/2020 to 24/11/2027",
        "{bad}"
    );
}
