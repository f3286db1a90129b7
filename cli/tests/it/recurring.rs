//! Recurring tasks are written for the coming week when the list is read;
//! reading it again, or for an overlapping day, never doubles them.

use crate::Farm;

#[test]
fn listing_a_day_twice_does_not_double_recurring_tasks() {
    let farm = Farm::planted();
    farm.id("task add 'Arroser les semis' --kind watering --due 2026-11-23 --bed A-07 --every 'every 2 days'");
    farm.id("task add Récolter --kind harvesting --due 2026-11-30 --every lun,jeu");
    let first = farm.ok("task list --day 2026-12-01");
    let stored = farm.contents();
    let second = farm.ok("task list --day 2026-12-01");
    assert_eq!(second, first);
    assert_eq!(farm.contents(), stored, "the second list wrote nothing");
    farm.ok("task list --day 2026-11-29");
    farm.ok("task list --day 2026-12-03");

    let list = farm.json("task list --day 2026-12-01");
    let listed = |section: &str| -> Vec<String> {
        list[section]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| {
                format!(
                    "{} {}",
                    t["due"].as_str().unwrap(),
                    t["title"].as_str().unwrap()
                )
            })
            .collect()
    };
    assert_eq!(
        listed("late"),
        [
            "2026-11-23 Arroser les semis",
            "2026-11-25 Arroser les semis",
            "2026-11-27 Arroser les semis",
            "2026-11-29 Arroser les semis",
            "2026-11-30 Récolter",
        ]
    );
    assert_eq!(listed("today"), ["2026-12-01 Arroser les semis"]);
    assert_eq!(
        listed("upcoming"),
        [
            "2026-12-03 Arroser les semis",
            "2026-12-03 Récolter",
            "2026-12-05 Arroser les semis",
            "2026-12-07 Arroser les semis",
            "2026-12-07 Récolter",
        ]
    );
    let stored = farm.contents();
    let rows = stored
        .lines()
        .filter(|l| l.contains("Arroser les semis"))
        .count();
    assert_eq!(
        rows, 9,
        "23 Nov to 9 Dec, every other day, once each:\n{stored}"
    );
}
