//! A season on the farm from the command line: the catalog, the daily list,
//! harvests in kg, bunches, pieces and crates, observations, and the reports.

use expect_test::expect;

use crate::Farm;

/// The whole season in one store, step by step: each step reads what the
/// steps before it wrote.
#[test]
fn a_season_from_beds_to_reports() {
    let farm = Farm::planted();
    catalog_lists_show_what_was_added(&farm);
    the_daily_list_ticks_off_and_abandons(&farm);
    harvests_in_kg_bunches_pieces_and_crates(&farm);
    observations_and_bed_history(&farm);
    reports_group_harvests(&farm);
}

fn catalog_lists_show_what_was_added(farm: &Farm) {
    farm.check(
        "bed list",
        expect![[r#"
            code  zone  length m  width m  area m²  retired  id
            A-07  Nord        30      0.8       24           01a20734-5581-72c0-9e7a-51c39504ff6b
            A-08  Nord        30      0.8       24           01a20734-5581-72c8-89d7-f45a9d12bd9e
            B-01  Sud         25      1.2       30           01a20734-5581-779e-9fde-330333d9e6b0
        "#]],
    );
    farm.check(
        "crop list",
        expect![[r#"
            name    family        unit   conversions    retired  id
            Radis   Brassicacées  bunch  0.35 kg/bunch           01a20734-5581-7d8d-9aa1-623f679d2408
            Salade  Astéracées    piece                          01a20734-5581-7884-a3b9-b2b9ce64d43d
            Tomate  Solanacées    kg     6 kg/crate              01a20734-5581-7054-8147-03dcedfb7994
        "#]],
    );
    farm.check(
        "person list",
        expect![[r#"
            name    role         lang  pin  active  id
            Awa     team leader  fr    yes  yes     01a20734-5580-72c6-aa4c-f49bef9131aa
            Léa     supervisor   fr    no   yes     01a20734-5580-7b60-a92c-3b8409bef391
            Moussa  worker       en    no   yes     01a20734-5580-7d21-84eb-35c43951f769
        "#]],
    );
    farm.check(
        "outlet list",
        expect![[r#"
            name                       kind     retired  id
            Cantine école Jean Moulin  canteen           01a20734-5580-7888-9f4f-772fea4074eb
        "#]],
    );
}

fn the_daily_list_ticks_off_and_abandons(farm: &Farm) {
    farm.id("task add 'Arroser les semis' --kind arrosage --due 2026-11-23 --bed A-07 --crew Moussa --every daily --until 2026-11-27 --minutes 20");
    let weeding = farm.id("task add Désherber --kind weeding --due 2026-11-20 --bed A-07 --bed B-01 --crew Awa --crew Moussa --minutes 90");
    let mulching = farm.id("task add Pailler --kind mulching --due 2026-11-24 --bed b-01");
    farm.check("task list", expect![[r#"
        tasks for 2026-11-23
        id                                    due         kind      title              beds       crew         status
        late (1)
        01a20734-5580-7c15-affb-75ce86890e31  2026-11-20  weeding   Désherber          A-07 B-01  Awa, Moussa  to do
        today (1)
        5b57b46a-6748-5096-bfcf-aad9327b02e2  2026-11-23  watering  Arroser les semis  A-07       Moussa       to do
        upcoming (5)
        e1f75a81-4f90-5c3c-bb8a-9eefa6d76029  2026-11-24  watering  Arroser les semis  A-07       Moussa       to do
        01a20734-5580-77bc-897f-9710e6ca898a  2026-11-24  mulching  Pailler            B-01                    to do
        b996e919-0baf-564a-a4d9-090c209c1186  2026-11-25  watering  Arroser les semis  A-07       Moussa       to do
        f2f012d3-5c56-5529-acc4-2675e9698dc3  2026-11-26  watering  Arroser les semis  A-07       Moussa       to do
        148ce33c-91d2-5d9d-9df4-79657207ee80  2026-11-27  watering  Arroser les semis  A-07       Moussa       to do
    "#]]);

    let list = farm.json("task list --today");
    let watering = list["today"][0]["id"].as_str().unwrap().to_owned();
    farm.ok(&format!("task done {} --by Moussa", &watering[..8]));
    farm.ok(&format!("task done {weeding} --by awa"));
    farm.ok(&format!(
        "task abandon {mulching} --by Awa --reason equipment --note 'Paille pas livrée'"
    ));
    farm.check("task list", expect![[r#"
        tasks for 2026-11-23
        id                                    due         kind      title              beds  crew    status
        late (0)
        today (1)
        5b57b46a-6748-5096-bfcf-aad9327b02e2  2026-11-23  watering  Arroser les semis  A-07  Moussa  done by Moussa
        upcoming (4)
        e1f75a81-4f90-5c3c-bb8a-9eefa6d76029  2026-11-24  watering  Arroser les semis  A-07  Moussa  to do
        b996e919-0baf-564a-a4d9-090c209c1186  2026-11-25  watering  Arroser les semis  A-07  Moussa  to do
        f2f012d3-5c56-5529-acc4-2675e9698dc3  2026-11-26  watering  Arroser les semis  A-07  Moussa  to do
        148ce33c-91d2-5d9d-9df4-79657207ee80  2026-11-27  watering  Arroser les semis  A-07  Moussa  to do
    "#]]);
    farm.check("task list --day 2026-11-24 --person Awa", expect![[r#"
        tasks for 2026-11-24
        id                                    due         kind      title    beds  crew  status
        late (0)
        today (1)
        01a20734-5580-77bc-897f-9710e6ca898a  2026-11-24  mulching  Pailler  B-01        abandoned by Awa: equipment (Paille pas livrée)
        upcoming (0)
    "#]]);

    let list = farm.json("task list");
    assert_eq!(list["day"], "2026-11-23");
    assert_eq!(list["late"], serde_json::json!([]), "the weeding is done");
    let today = &list["today"][0];
    assert_eq!(today["title"], "Arroser les semis");
    assert_eq!(today["kind"], "watering");
    assert_eq!(today["status"], "done");
    assert_eq!(today["status_by"], "Moussa");
    assert_eq!(today["beds"], serde_json::json!(["A-07"]));
    assert_eq!(today["crew"], serde_json::json!(["Moussa"]));
    assert_eq!(today["labour_min"], 20);
    let upcoming = list["upcoming"].as_array().unwrap();
    let days: Vec<&str> = upcoming
        .iter()
        .map(|t| t["due"].as_str().unwrap())
        .collect();
    assert_eq!(
        days,
        ["2026-11-24", "2026-11-25", "2026-11-26", "2026-11-27"]
    );
    assert!(upcoming.iter().all(|t| t["status"] == "todo"));
}

fn harvests_in_kg_bunches_pieces_and_crates(farm: &Farm) {
    farm.id("harvest add --bed A-07 --crop tomate --weigh 12,5 --weigh 11.8kg --weigh '13 kg' --tare 0,5 --to 'Cantine école Jean Moulin' --by Awa --at 2026-11-20T09:15 --note 'Dernière récolte sous abri'");
    farm.id("harvest add --bed A-08 --crop Radis --weigh 12bunch --weigh 8 --to panier --by Awa --at 2026-11-23T07:30");
    farm.id("harvest add --bed B-01 --crop Salade --weigh 40 --weigh 2kg --by Awa --at 2026-11-17T10:00:00+01:00");
    farm.id("harvest add --bed A-07 --crop Tomate --weigh '1 caisse' --to donation --by Awa");
    let twice = farm.id("harvest add --bed B-01 --crop Radis --weigh 5 --by Awa");
    farm.ok(&format!(
        "harvest void {twice} --by Léa --reason 'Saisie en double'"
    ));
    farm.check("harvest list", expect![[r#"
        date        lot                bed   crop       kg  counts    destination                voided  id
        2026-11-17  20261117-B-01-SAL  B-01  Salade   2.00  40 piece  canteen                            01a1e8bc-0a80-7dd8-babd-471e57bd18e0
        2026-11-20  20261120-A-07-TOM  A-07  Tomate  35.80            Cantine école Jean Moulin          01a1f83c-da20-7a9e-8d3c-39d1e08e2c12
        2026-11-23  20261123-B-01-RAD  B-01  Radis    1.75            canteen                    VOIDED  01a20734-5580-7662-ab1a-d96b184f28ee
        2026-11-23  20261123-A-07-TOM  A-07  Tomate   6.00            donation                           01a20734-5580-7ca0-9b3a-c8a381542ea9
        2026-11-23  20261123-A-08-RAD  A-08  Radis    7.00            basket                             01a2074f-ccc0-755b-81fc-20ee82e114cf
    "#]]);
    farm.check(
        "harvest list --month 2026-10",
        expect![[r#"
        date  lot  bed  crop  kg  counts  destination  voided  id
    "#]],
    );

    let harvests = farm.json("harvest list --month 2026-11");
    let harvests = harvests.as_array().unwrap();
    assert_eq!(harvests.len(), 5);
    let salad = &harvests[0];
    assert_eq!(salad["crop"], "Salade");
    assert_eq!(salad["total_kg"], 2.0);
    assert_eq!(salad["unconverted"], serde_json::json!({ "piece": 40.0 }));
    assert_eq!(salad["destination"], "canteen", "the default");
    let tomato = &harvests[1];
    assert_eq!(tomato["lot"], "20261120-A-07-TOM");
    assert_eq!(tomato["at"], "2026-11-20T09:15:00+00:00");
    assert_eq!(tomato["destination"], "Cantine école Jean Moulin");
    assert_eq!(
        tomato["total_kg"], 35.8,
        "37.3 kg less three tares of 0.5 kg"
    );
    assert_eq!(tomato["weighings"].as_array().unwrap().len(), 3);
    assert_eq!(tomato["weighings"][0]["tare_kg"], 0.5);
    assert_eq!(tomato["note"], "Dernière récolte sous abri");
    assert_eq!(tomato["by"], "Awa");
    let voided = harvests.iter().find(|h| h["id"] == twice.as_str()).unwrap();
    assert_eq!(voided["voided"], true);
    assert_eq!(voided["void_reason"], "Saisie en double");
}

fn observations_and_bed_history(farm: &Farm) {
    farm.id("observe --bed A-07 a-08 --kind ravageur --severity 2 --note 'Altises sur les radis' --tag Altise --tag insectes --by Moussa");
    farm.id("observe --bed B-01 --kind water --note 'Sol sec' --by Awa");
    farm.check("observation list", expect![[r#"
        date        kind   severity  beds       tags              note                   by      id
        2026-11-23  pest          2  A-07 A-08  altise, insectes  Altises sur les radis  Moussa  01a20734-5580-76ef-ab4b-420741e098ef
        2026-11-23  water         0  B-01                         Sol sec                Awa     01a20734-5580-7c47-a4b0-2307040c390e
    "#]]);
    farm.check(
        "observation list --bed B-01",
        expect![[r#"
            date        kind   severity  beds  tags  note     by   id
            2026-11-23  water         0  B-01        Sol sec  Awa  01a20734-5580-7c47-a4b0-2307040c390e
        "#]],
    );
    farm.check("bed history A-07", expect![[r#"
        date        what         summary                                  id
        2026-11-27  task         Arroser les semis (watering, to do)      148ce33c-91d2-5d9d-9df4-79657207ee80
        2026-11-26  task         Arroser les semis (watering, to do)      f2f012d3-5c56-5529-acc4-2675e9698dc3
        2026-11-25  task         Arroser les semis (watering, to do)      b996e919-0baf-564a-a4d9-090c209c1186
        2026-11-24  task         Arroser les semis (watering, to do)      e1f75a81-4f90-5c3c-bb8a-9eefa6d76029
        2026-11-23  harvest      Tomate 6.00 kg, lot 20261123-A-07-TOM    01a20734-5580-7ca0-9b3a-c8a381542ea9
        2026-11-23  observation  pest, severity 2: Altises sur les radis  01a20734-5580-76ef-ab4b-420741e098ef
        2026-11-23  task         Arroser les semis (watering, done)       5b57b46a-6748-5096-bfcf-aad9327b02e2
        2026-11-20  harvest      Tomate 35.80 kg, lot 20261120-A-07-TOM   01a1f83c-da20-7a9e-8d3c-39d1e08e2c12
        2026-11-20  task         Désherber (weeding, done)                01a20734-5580-7c15-affb-75ce86890e31
    "#]]);
}

fn reports_group_harvests(farm: &Farm) {
    farm.check(
        "report harvests --by crop",
        expect![[r#"
        crop    harvests     kg  kg/m²  unconverted
        Radis          1   7.00  0.292
        Salade         1   2.00  0.067  40 piece
        Tomate         2  41.80  1.742
    "#]],
    );
    farm.check(
        "report harvests --by week",
        expect![[r#"
        week      harvests     kg  kg/m²  unconverted
        2026-W47         2  37.80  0.700  40 piece
        2026-W48         2  13.00  0.271
    "#]],
    );
    farm.check(
        "report harvests --by bed",
        expect![[r#"
        bed   harvests     kg  kg/m²  unconverted
        A-07         2  41.80  1.742
        A-08         1   7.00  0.292
        B-01         1   2.00  0.067  40 piece
    "#]],
    );
    farm.check(
        "report harvests --by destination",
        expect![[r#"
        destination                harvests     kg  kg/m²  unconverted
        Cantine école Jean Moulin         1  35.80  1.492
        basket                            1   7.00  0.292
        canteen                           1   2.00  0.067  40 piece
        donation                          1   6.00  0.250
    "#]],
    );
    farm.check(
        "report harvests --by crop --from 2026-11-20 --to 2026-11-22",
        expect![[r#"
            crop    harvests     kg  kg/m²  unconverted
            Tomate         1  35.80  1.492
        "#]],
    );
    let rows = farm.json("report harvests --by bed");
    assert_eq!(rows[0]["key"], "A-07");
    assert_eq!(rows[0]["harvests"], 2);
    assert_eq!(rows[0]["kg"], 41.8);
    assert_eq!(rows[0]["area_m2"], 24.0);
    assert_eq!(rows[0]["kg_per_m2"], 1.742);
}

#[test]
fn add_prints_the_new_id_or_with_json_the_record() {
    let farm = Farm::planted();
    let id = farm.id("bed add C-01 --zone Test --length 10 --width 0,75");
    let bed = farm.json("bed add C-02 --zone test --length 10 --width 0,75");
    assert_eq!(bed["code"], "C-02");
    assert_eq!(bed["zone"], "Test");
    assert_eq!(bed["width_m"], 0.75);
    assert_eq!(bed["area_m2"], 7.5);
    let beds = farm.json("bed list");
    let c01 = beds
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["code"] == "C-01")
        .unwrap();
    assert_eq!(c01["id"], id.as_str());
    assert_eq!(c01["zone_id"], bed["zone_id"], "one zone, made once");
    farm.ok("bed retire C-01");
    let line = farm.fails("harvest add --bed C-01 --crop Radis --weigh 3 --by Awa");
    assert_eq!(line, "error: bed: C-01 is retired");
}

#[test]
fn conflicts_are_listed_and_an_unknown_record_is_refused() {
    let farm = Farm::planted();
    farm.check(
        "conflicts",
        expect![[r#"
        no conflicts
    "#]],
    );
    assert_eq!(farm.json("conflicts"), serde_json::json!([]));
    let line = farm.fails("conflicts resolve --record 0190a1b2-0000-7000-8000-000000000000 --field code --value A-07 --by Léa");
    assert_eq!(
        line,
        "error: record not found: 0190a1b2-0000-7000-8000-000000000000"
    );
}
