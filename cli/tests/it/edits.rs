//! `carnet … edit` and `task delete`: only the fields given change, the rest
//! is kept, an edit naming nothing is refused, and a person who left stays on
//! the records they made.

use expect_test::expect;

use crate::Farm;

#[test]
fn a_task_is_retitled_moved_given_another_crew_then_deleted() {
    let farm = Farm::planted();
    let id = farm.id("task add Désherber --kind weeding --due 2026-11-23 --bed A-07 --crew Awa");
    let edited = farm.json(&format!(
        "task edit {} --title Biner --kind mulching --due 2026-11-24 --crew Moussa --crew Léa --minutes 45",
        &id[..8]
    ));
    assert_eq!(edited["title"], "Biner");
    assert_eq!(edited["kind"], "mulching");
    assert_eq!(edited["due"], "2026-11-24");
    assert_eq!(edited["crew"], serde_json::json!(["Moussa", "Léa"]));
    assert_eq!(edited["beds"], serde_json::json!(["A-07"]));
    farm.ok(&format!("task delete {id} --by Léa"));
    let list = farm.json("task list --day 2026-11-24");
    assert_eq!(list["today"], serde_json::json!([]));
}

#[test]
fn a_task_moved_to_another_month_is_listed_on_its_new_day_only() {
    let farm = Farm::planted();
    let id = farm.id("task add Pailler --kind mulching --due 2026-11-24 --bed A-07");
    let moved = farm.json(&format!("task edit {} --due 2026-12-02", &id[..8]));
    assert_eq!(moved["due"], "2026-12-02");
    let moved_again = farm.json(&format!(
        "task edit {id} --due 2027-01-05 --title 'Pailler A-07'"
    ));
    assert_eq!(moved_again["due"], "2027-01-05");
    for (day, listed) in [
        ("2026-11-24", false),
        ("2026-12-02", false),
        ("2027-01-05", true),
    ] {
        let list = farm.json(&format!("task list --day {day}"));
        let ids: Vec<&str> = list["today"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|t| t["id"].as_str())
            .collect();
        assert_eq!(ids.contains(&id.as_str()), listed, "{day}: {list}");
    }
    farm.ok(&format!("task done {id} --by Léa"));
}

#[test]
fn an_edit_naming_nothing_to_change_is_refused() {
    let farm = Farm::planted();
    let id = farm.id("task add Pailler --kind mulching --due 2026-11-24");
    expect!["error: edit: nothing to change"]
        .assert_eq(farm.fails(&format!("task edit {id}")).trim());
    expect!["error: edit: nothing to change"].assert_eq(farm.fails("bed edit A-07").trim());
    expect!["error: edit: nothing to change"].assert_eq(farm.fails("crop edit Tomate").trim());
    expect!["error: edit: nothing to change"].assert_eq(farm.fails("person edit Awa").trim());
}

#[test]
fn catalog_edits_change_only_what_they_name() {
    let farm = Farm::planted();
    farm.ok("bed edit A-08 --length 28,5 --zone Serre");
    farm.ok("crop edit Tomate --unit crate --kg-per bunch=0.5");
    farm.ok("outlet edit 'cantine école jean moulin' --name 'Cantine Jaurès' --kind basket");
    farm.ok("person edit Moussa --role team_leader --lang fr --pin 9876");
    farm.check(
        "bed list",
        expect![[r#"
            code  zone   length m  width m  area m²  retired  id
            A-07  Nord         30      0.8       24           01a20734-5581-72c0-9e7a-51c39504ff6b
            A-08  Serre      28.5      0.8     22.8           01a20734-5581-72c8-89d7-f45a9d12bd9e
            B-01  Sud          25      1.2       30           01a20734-5581-779e-9fde-330333d9e6b0
        "#]],
    );
    farm.check("crop list", expect![[r#"
        name    family        unit   conversions               retired  id
        Radis   Brassicacées  bunch  0.35 kg/bunch                      01a20734-5581-7d8d-9aa1-623f679d2408
        Salade  Astéracées    piece                                     01a20734-5581-7884-a3b9-b2b9ce64d43d
        Tomate  Solanacées    crate  0.5 kg/bunch, 6 kg/crate           01a20734-5581-7054-8147-03dcedfb7994
    "#]]);
    farm.check(
        "outlet list",
        expect![[r#"
        name            kind    retired  id
        Cantine Jaurès  basket           01a20734-5580-7888-9f4f-772fea4074eb
    "#]],
    );
    farm.check(
        "person list",
        expect![[r#"
            name    role         lang  pin  active  id
            Awa     team leader  fr    yes  yes     01a20734-5580-72c6-aa4c-f49bef9131aa
            Léa     supervisor   fr    no   yes     01a20734-5580-7b60-a92c-3b8409bef391
            Moussa  team leader  fr    yes  yes     01a20734-5580-7d21-84eb-35c43951f769
        "#]],
    );
}

#[test]
fn a_person_made_inactive_stays_named_on_their_tasks_and_can_come_back() {
    let farm = Farm::planted();
    let id = farm.id("task add Arroser --kind watering --due 2026-11-23 --crew Awa");
    let awa = farm.json("person edit Awa --inactive --no-pin");
    assert_eq!(
        (awa["active"].clone(), awa["has_pin"].clone()),
        (false.into(), false.into())
    );
    let list = farm.json("task list --day 2026-11-23");
    assert_eq!(list["today"][0]["id"], id);
    assert_eq!(list["today"][0]["crew"], serde_json::json!(["Awa"]));
    expect!["error: person not found: Awa"].assert_eq(
        farm.fails("task add Biner --kind weeding --due 2026-11-23 --crew Awa")
            .trim(),
    );
    farm.ok("person edit awa --active");
}
