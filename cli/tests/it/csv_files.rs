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
    farm.id("harvest add --bed B-01 --crop Salade --weigh 40 --by Moussa");
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
            01a20734-5580-7ddf-b533-aecd76a0b73a,Nord,false
            01a20734-5580-75fc-bc31-ae3bf922e634,Sud,false
        "#]],
    );
    check_file(
        &out,
        "beds",
        expect![[r#"
            id,code,zone_id,zone,length_m,width_m,area_m2,retired
            01a20734-5581-7af9-9beb-c1fd8d3b2bee,A-07,01a20734-5580-7ddf-b533-aecd76a0b73a,Nord,30,0.8,24,false
            01a20734-5581-71d2-aae6-a9ab67997ddf,A-08,01a20734-5580-7ddf-b533-aecd76a0b73a,Nord,30,0.8,24,false
            01a20734-5581-7701-9f6f-612597c4581d,B-01,01a20734-5580-75fc-bc31-ae3bf922e634,Sud,25,1.2,30,false
        "#]],
    );
    check_file(
        &out,
        "families",
        expect![[r#"
            id,name
            01a20734-5580-7b0b-b543-f7896cc88ad7,Astéracées
            01a20734-5580-74b5-b0f3-4b4aad393d3a,Brassicacées
            01a20734-5580-70c9-935b-1ab8359b7995,Solanacées
        "#]],
    );
    check_file(
        &out,
        "crops",
        expect![[r#"
            id,name,family_id,family,unit,kg_per_bunch,kg_per_piece,kg_per_crate,retired
            01a20734-5581-7e6e-bd64-afc8380841cf,Radis,01a20734-5580-74b5-b0f3-4b4aad393d3a,Brassicacées,bunch,0.35,,,false
            01a20734-5581-7692-8691-de1ffaf88dc3,Salade,01a20734-5580-7b0b-b543-f7896cc88ad7,Astéracées,piece,,,,false
            01a20734-5581-7a46-82bc-dbff65d15b23,Tomate,01a20734-5580-70c9-935b-1ab8359b7995,Solanacées,kg,,,6,false
        "#]],
    );
    check_file(
        &out,
        "people",
        expect![[r#"
            id,name,role,lang,has_pin,active
            01a20734-5580-79af-a847-7852fddaabd2,Awa,team_leader,fr,true,true
            01a20734-5580-7284-bef3-71c389156ffa,Léa,supervisor,fr,false,true
            01a20734-5580-79ce-9613-572ad0ae26cf,Moussa,worker,en,false,true
        "#]],
    );
    check_file(
        &out,
        "outlets",
        expect![[r#"
            id,name,kind,retired
            01a20734-5580-77d8-9a85-b2446242af68,Cantine école Jean Moulin,canteen,false
        "#]],
    );
    check_file(
        &out,
        "tasks",
        expect![[r#"
            id,due,title,kind,bed_ids,beds,crew_ids,crew,minutes,status,status_by,status_at,abandon_reason,template_id,deleted
            01a20734-5580-78c1-8725-6a7488ef26fc,2026-11-20,"Désherber, biner",weeding,01a20734-5581-7af9-9beb-c1fd8d3b2bee; 01a20734-5581-7701-9f6f-612597c4581d,A-07; B-01,01a20734-5580-79af-a847-7852fddaabd2; 01a20734-5580-79ce-9613-572ad0ae26cf,Awa; Moussa,90,done,Awa,2026-11-23T08:00:00+01:00,,,false
        "#]],
    );
    check_file(
        &out,
        "harvests",
        expect![[r#"
            id,date,at,lot,bed_id,bed,crop_id,crop,variety,destination,outlet_id,kg,unconverted,note,by,voided,void_reason
            01a1f83c-da20-77ca-9c47-8f326481a333,2026-11-20,2026-11-20T09:15:00+00:00,20261120-A-07-TOM,01a20734-5581-7af9-9beb-c1fd8d3b2bee,A-07,01a20734-5581-7a46-82bc-dbff65d15b23,Tomate,,Cantine école Jean Moulin,01a20734-5580-77d8-9a85-b2446242af68,30.5,,"Première ligne seconde ""ligne""",Awa,false,
            01a20734-5580-75e7-bc21-e818af311018,2026-11-23,2026-11-23T08:00:00.002+01:00,20261123-B-01-SAL,01a20734-5581-7701-9f6f-612597c4581d,B-01,01a20734-5581-7692-8691-de1ffaf88dc3,Salade,,canteen,,0,40 piece,,Moussa,false,
        "#]],
    );
    check_file(
        &out,
        "weighings",
        expect![[r#"
            id,harvest_id,lot,date,bed,crop,value,unit,tare_kg,net_kg
            01a1f83c-da20-72bc-abe2-e99b798c0cd5,01a1f83c-da20-77ca-9c47-8f326481a333,20261120-A-07-TOM,2026-11-20,A-07,Tomate,12.5,kg,,12.5
            01a1f83c-da20-788d-bffe-32f56a9e7e7b,01a1f83c-da20-77ca-9c47-8f326481a333,20261120-A-07-TOM,2026-11-20,A-07,Tomate,3,crate,,18
            01a20734-5581-71be-a7d8-a75ff74a8fa7,01a20734-5580-75e7-bc21-e818af311018,20261123-B-01-SAL,2026-11-23,B-01,Salade,40,piece,,
        "#]],
    );
    check_file(
        &out,
        "observations",
        expect![[r#"
            id,date,at,kind,severity,bed_ids,beds,tags,note,by,deleted
            01a20734-5580-74ea-a03c-c66fa5d24aea,2026-11-23,2026-11-23T08:00:00.001+01:00,pest,2,01a20734-5581-7af9-9beb-c1fd8d3b2bee; 01a20734-5581-71d2-aae6-a9ab67997ddf,A-07; A-08,altise,Altises,Moussa,false
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
            Courge  Cucurbitacées  piece  12.5 kg/crate           01a20734-5583-7be6-8d51-3e30eff58a1e
            Radis   Brassicacées   bunch  0.35 kg/bunch           01a20734-5581-79c6-a645-80952162f0db
            Tomate  Solanacées     kg     6 kg/crate              01a20734-5585-7160-bfbf-7a0c5fa1d4bf
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
