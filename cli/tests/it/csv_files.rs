//! Spreadsheets: the CSV export of every kind of record, and the import of
//! the supervisor's beds and crops in French.

use std::path::Path;

use expect_test::{Expect, expect};

use crate::Farm;

fn check_file(dir: &Path, kind: &str, expect: Expect) {
    let text = std::fs::read_to_string(dir.join(format!("{kind}.csv"))).expect("exported file");
    expect.assert_eq(&text);
}

#[test]
fn export_writes_one_csv_per_kind_of_record() {
    let farm = Farm::planted();
    let weeding = farm.id("task add 'Désherber, biner' --kind weeding --due 2026-11-20 --bed A-07 --bed B-01 --crew Awa --crew Moussa --minutes 90");
    farm.ok(&format!("task done {weeding} --by Awa"));
    farm.id("harvest add --bed A-07 --crop Tomate --weigh 12,5 --weigh 3crate --to 'Cantine école Jean Moulin' --by Awa --at 2026-11-20T09:15 --note 'Première ligne\nseconde \"ligne\"'");
    farm.id("harvest add --bed B-01 --crop Salade --weigh 40 --by Awa");
    farm.id(
        "observe --bed A-07 A-08 --kind pest --severity 2 --note Altises --tag altise --by Moussa",
    );
    let out = farm.path().join("export");
    let written = farm.ok(&format!("export csv --out '{}'", out.display()));
    expect![[r#"
        wrote OUT
        file              rows
        zones.csv            2
        beds.csv             3
        families.csv         3
        crops.csv            3
        people.csv           3
        outlets.csv          1
        tasks.csv            1
        harvests.csv         2
        weighings.csv        3
        observations.csv     1
    "#]]
    .assert_eq(&written.replace(&out.display().to_string(), "OUT"));
    check_file(
        &out,
        "zones",
        expect![[r#"
            id,name,retired
            01a20734-5580-732b-9301-2ab2cc5eaa10,Nord,no
            01a20734-5580-738e-b141-7c37484421c6,Sud,no
        "#]],
    );
    check_file(
        &out,
        "beds",
        expect![[r#"
            id,code,zone_id,zone,length_m,width_m,area_m2,retired
            01a20734-5581-72c0-9e7a-51c39504ff6b,A-07,01a20734-5580-732b-9301-2ab2cc5eaa10,Nord,30,0.8,24,no
            01a20734-5581-72c8-89d7-f45a9d12bd9e,A-08,01a20734-5580-732b-9301-2ab2cc5eaa10,Nord,30,0.8,24,no
            01a20734-5581-779e-9fde-330333d9e6b0,B-01,01a20734-5580-738e-b141-7c37484421c6,Sud,25,1.2,30,no
        "#]],
    );
    check_file(
        &out,
        "families",
        expect![[r#"
            id,name
            01a20734-5580-77a9-87ed-4f34461a0296,Astéracées
            01a20734-5580-7384-b12b-e2c760d725c7,Brassicacées
            01a20734-5580-79ff-bc73-8ba06a1da08f,Solanacées
        "#]],
    );
    check_file(
        &out,
        "crops",
        expect![[r#"
            id,name,family_id,family,unit,kg_per_bunch,kg_per_piece,kg_per_crate,retired
            01a20734-5581-7d8d-9aa1-623f679d2408,Radis,01a20734-5580-7384-b12b-e2c760d725c7,Brassicacées,bunch,0.35,,,no
            01a20734-5581-7884-a3b9-b2b9ce64d43d,Salade,01a20734-5580-77a9-87ed-4f34461a0296,Astéracées,piece,,,,no
            01a20734-5581-7054-8147-03dcedfb7994,Tomate,01a20734-5580-79ff-bc73-8ba06a1da08f,Solanacées,kg,,,6,no
        "#]],
    );
    check_file(
        &out,
        "people",
        expect![[r#"
            id,name,role,lang,has_pin,active
            01a20734-5580-72c6-aa4c-f49bef9131aa,Awa,team leader,fr,yes,yes
            01a20734-5580-7b60-a92c-3b8409bef391,Léa,supervisor,fr,no,yes
            01a20734-5580-7d21-84eb-35c43951f769,Moussa,worker,en,no,yes
        "#]],
    );
    check_file(
        &out,
        "outlets",
        expect![[r#"
            id,name,kind,retired
            01a20734-5580-7888-9f4f-772fea4074eb,Cantine école Jean Moulin,canteen,no
        "#]],
    );
    check_file(
        &out,
        "tasks",
        expect![[r#"
            id,due,title,kind,bed_ids,beds,crew_ids,crew,minutes,status,status_by,status_at,abandon_reason,abandon_note,template_id,deleted
            01a20734-5580-70b2-a55d-26417e095ec8,2026-11-20,"Désherber, biner",weeding,01a20734-5581-72c0-9e7a-51c39504ff6b; 01a20734-5581-779e-9fde-330333d9e6b0,A-07; B-01,01a20734-5580-72c6-aa4c-f49bef9131aa; 01a20734-5580-7d21-84eb-35c43951f769,Awa; Moussa,90,done,Awa,2026-11-23T08:00:00+01:00,,,,no
        "#]],
    );
    check_file(
        &out,
        "harvests",
        expect![[r#"
            id,date,at,lot,bed_id,bed,crop_id,crop,variety,destination,outlet_id,kg,unconverted,note,by,voided,void_reason
            01a1f83c-da20-76b7-a9a1-0b40006216f1,2026-11-20,2026-11-20T09:15:00+00:00,20261120-A-07-TOM,01a20734-5581-72c0-9e7a-51c39504ff6b,A-07,01a20734-5581-7054-8147-03dcedfb7994,Tomate,,Cantine école Jean Moulin,01a20734-5580-7888-9f4f-772fea4074eb,30.5,,"Première ligne seconde ""ligne""",Awa,no,
            01a20734-5580-7923-a12d-33115622f5f4,2026-11-23,2026-11-23T08:00:00.001+01:00,20261123-B-01-SAL,01a20734-5581-779e-9fde-330333d9e6b0,B-01,01a20734-5581-7884-a3b9-b2b9ce64d43d,Salade,,canteen,,0,40 piece,,Awa,no,
        "#]],
    );
    check_file(
        &out,
        "weighings",
        expect![[r#"
            id,harvest_id,lot,date,bed,crop,value,unit,tare_kg,net_kg
            3604c528-4b90-5d92-8921-197867d17832,01a1f83c-da20-76b7-a9a1-0b40006216f1,20261120-A-07-TOM,2026-11-20,A-07,Tomate,3,crate,,18
            eb6ef71a-99f8-5d2a-9aff-c7a9f2553884,01a1f83c-da20-76b7-a9a1-0b40006216f1,20261120-A-07-TOM,2026-11-20,A-07,Tomate,12.5,kg,,12.5
            49e94a13-03ba-5e84-aea7-125021175899,01a20734-5580-7923-a12d-33115622f5f4,20261123-B-01-SAL,2026-11-23,B-01,Salade,40,piece,,
        "#]],
    );
    check_file(
        &out,
        "observations",
        expect![[r#"
            id,date,at,kind,severity,bed_ids,beds,tags,note,by,deleted
            01a20734-5580-7565-9d0c-34f17338e2eb,2026-11-23,2026-11-23T08:00:00.001+01:00,pest,2,01a20734-5581-72c0-9e7a-51c39504ff6b; 01a20734-5581-72c8-89d7-f45a9d12bd9e,A-07; A-08,altise,Altises,Moussa,no
        "#]],
    );
}

#[test]
fn beds_and_crops_import_from_a_french_spreadsheet() {
    let farm = Farm::init();
    let beds = farm.write(
        "planches.csv",
        "\u{feff}Planche;Îlot;Longueur (m);Largeur (m)\n\
         A-01;Jardin-type 1;30;0,8\n\
         \n\
         a-02;Jardin-type 1;30;0,75\n\
         T-01;Jardin test;12,5;1\n",
    );
    let ids = farm.ok(&format!("import beds '{beds}'"));
    assert_eq!(ids.lines().count(), 3, "{ids}");
    let crops = farm.write(
        "cultures.csv",
        "Nom,Famille,Unité,kg par botte,kg par caisse\n\
         Radis,Brassicacées,botte,\"0,35\",\n\
         Courge,Cucurbitacées,pièce,,\"12,5\"\n\
         Tomate,Solanacées,kg,,6\n",
    );
    farm.ok(&format!("import crops '{crops}'"));

    let beds = farm.json("bed list");
    let beds: Vec<String> = beds
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            format!(
                "{} {} {} {} {}",
                b["code"], b["zone"], b["length_m"], b["width_m"], b["area_m2"]
            )
        })
        .collect();
    assert_eq!(
        beds,
        [
            r#""A-01" "Jardin-type 1" 30.0 0.8 24.0"#,
            r#""A-02" "Jardin-type 1" 30.0 0.75 22.5"#,
            r#""T-01" "Jardin test" 12.5 1.0 12.5"#,
        ]
    );
    farm.check(
        "crop list",
        expect![[r#"
            name    family         unit   conversions    retired  id
            Courge  Cucurbitacées  piece  12.5 kg/crate           01a20734-5583-713c-b192-fc49c51db294
            Radis   Brassicacées   bunch  0.35 kg/bunch           01a20734-5581-7e4c-bb95-f352868936ff
            Tomate  Solanacées     kg     6 kg/crate              01a20734-5585-7fe8-b3cd-ab9875c9706f
        "#]],
    );
}

#[test]
fn an_exported_sheet_imports_into_another_farm() {
    let farm = Farm::planted();
    let out = farm.path().join("export");
    farm.ok(&format!("export csv --out '{}'", out.display()));
    let other = Farm::init();
    other.ok(&format!("import beds '{}'", out.join("beds.csv").display()));
    other.ok(&format!(
        "import crops '{}'",
        out.join("crops.csv").display()
    ));
    let column = |farm: &Farm, list: &str, key: &str| -> Vec<String> {
        let json = farm.json(&format!("{list} list"));
        json.as_array()
            .unwrap()
            .iter()
            .map(|r| r[key].to_string())
            .collect()
    };
    for (list, key) in [
        ("bed", "code"),
        ("bed", "zone"),
        ("bed", "area_m2"),
        ("crop", "family"),
        ("crop", "kg_per"),
    ] {
        assert_eq!(
            column(&other, list, key),
            column(&farm, list, key),
            "{list} {key}"
        );
    }
}

/// Issue 10 point 6: Awa taps in French, Moussa in English (French words
/// given to the CLI are codes once stored); what the reader gets is in the
/// reader's language only, the typed texts as typed.
#[test]
fn a_report_of_records_written_in_two_languages_is_entirely_in_the_readers_language() {
    let farm = Farm::planted();
    let mulch = farm.id("task add Pailler --kind paillage --due 2026-11-23 --bed A-07");
    farm.ok(&format!(
        "task abandon {mulch} --by Awa --reason météo --note 'trop de vent'"
    ));
    let water = farm.id("task add Water --kind watering --due 2026-11-23 --bed A-07");
    farm.ok(&format!(
        "task abandon {water} --by Moussa --reason no_time"
    ));
    farm.id("harvest add --bed A-07 --crop Tomate --weigh 4 --to don --by Awa");
    farm.id("harvest add --bed A-07 --crop Tomate --weigh 2 --to donation --by Awa");
    farm.id("observe --bed A-07 --kind pest --severity 1 --note aphids --by Moussa");
    let out = farm.path().join("export");
    farm.ok(&format!(
        "--reader-lang fr export csv --out '{}'",
        out.display()
    ));
    check_file(
        &out,
        "tasks",
        expect![[r#"
            id,prévue,titre,type,ids_planches,planches,ids_équipe,équipe,minutes,état,état_par,état_à,raison_abandon,note_abandon,id_modèle,supprimé
            01a20734-5580-70b2-a55d-26417e095ec8,2026-11-23,Pailler,paillage,01a20734-5581-72c0-9e7a-51c39504ff6b,A-07,,,,abandonnée,Awa,2026-11-23T08:00:00+01:00,météo,trop de vent,,non
            01a20734-5580-79b7-bdcf-92bc686f830b,2026-11-23,Water,arrosage,01a20734-5581-72c0-9e7a-51c39504ff6b,A-07,,,,abandonnée,Moussa,2026-11-23T08:00:00+01:00,pas le temps,,,non
        "#]],
    );
    farm.check(
        "--reader-lang fr report harvests --by destination",
        expect![[r#"
            destination  récoltes    kg  kg/m²  autres_unités
            don                 2  6.00  0.250
        "#]],
    );
    farm.check("--reader-lang fr bed history A-07", expect![[r#"
        date        quoi         résumé                                               id
        2026-11-23  récolte      Tomate 2.00 kg, lot 20261123-A-07-TOM                01a20734-5580-75e2-b4eb-ea53a2cf2fbc
        2026-11-23  récolte      Tomate 4.00 kg, lot 20261123-A-07-TOM                01a20734-5580-7dcb-9571-838048898ad4
        2026-11-23  observation  ravageur, gravité 1: aphids                          01a20734-5580-745f-88d7-f7f31f145315
        2026-11-23  tâche        Pailler (paillage, abandonnée: météo, trop de vent)  01a20734-5580-70b2-a55d-26417e095ec8
        2026-11-23  tâche        Water (arrosage, abandonnée: pas le temps)           01a20734-5580-79b7-bdcf-92bc686f830b
    "#]]);
    farm.check("--reader-lang fr task list --day 2026-11-23", expect![[r#"
        tâches du 2026-11-23
        id                                    prévue      type      titre    planches  équipe  état
        en retard (0)
        aujourd'hui (2)
        01a20734-5580-70b2-a55d-26417e095ec8  2026-11-23  paillage  Pailler  A-07              abandonnée par Awa: météo (trop de vent)
        01a20734-5580-79b7-bdcf-92bc686f830b  2026-11-23  arrosage  Water    A-07              abandonnée par Moussa: pas le temps
        à venir (0)
    "#]]);
    farm.check("--reader-lang fr harvest list", expect![[r#"
        date        lot                planche  culture    kg  comptages  destination  annulée  id
        2026-11-23  20261123-A-07-TOM  A-07     Tomate   2.00             don                   01a20734-5580-75e2-b4eb-ea53a2cf2fbc
        2026-11-23  20261123-A-07-TOM  A-07     Tomate   4.00             don                   01a20734-5580-7dcb-9571-838048898ad4
    "#]]);
    farm.check("--reader-lang fr observation list", expect![[r#"
        date        type      gravité  planches  étiquettes  note    par     id
        2026-11-23  ravageur        1  A-07                  aphids  Moussa  01a20734-5580-745f-88d7-f7f31f145315
    "#]]);
    farm.check("--reader-lang en bed history A-07", expect![[r#"
        date        what         summary                                               id
        2026-11-23  harvest      Tomate 2.00 kg, lot 20261123-A-07-TOM                 01a20734-5580-75e2-b4eb-ea53a2cf2fbc
        2026-11-23  harvest      Tomate 4.00 kg, lot 20261123-A-07-TOM                 01a20734-5580-7dcb-9571-838048898ad4
        2026-11-23  observation  pest, severity 1: aphids                              01a20734-5580-745f-88d7-f7f31f145315
        2026-11-23  task         Pailler (mulching, abandoned: weather, trop de vent)  01a20734-5580-70b2-a55d-26417e095ec8
        2026-11-23  task         Water (watering, abandoned: no time)                  01a20734-5580-79b7-bdcf-92bc686f830b
    "#]]);
}
