//! Bad input is refused with one line naming the field (and the line of a
//! spreadsheet), a non-zero exit, and no change to the store.

use crate::Farm;

#[test]
fn bad_input_names_the_field_and_changes_nothing() {
    let farm = Farm::planted();
    let bad_row = farm.write(
        "planches.csv",
        "code;zone;longueur;largeur\nC-01;Sud;30;0,8\nC-02;Sud;30;0,8\nC-03;Sud;30;-1\nC-04;Sud;30;0,8\n",
    );
    let repeated = farm.write(
        "repeated.csv",
        "code,zone,length,width\nC-01,Sud,30,1\nC-02,Sud,30,1\nc-01,Sud,30,1\n",
    );
    let existing = farm.write(
        "existing.csv",
        "code,zone,length,width\nC-01,Sud,30,1\nA-07,Sud,30,1\n",
    );
    let no_width = farm.write("no_width.csv", "code,zone,length\nC-01,Sud,30\n");
    let bad_unit = farm.write(
        "cultures.csv",
        "nom,famille,unité\nPoireau,Amaryllidacées,botte\nCourge,Cucurbitacées,sac\n",
    );
    let cases = [
        (
            "bed add 'A 07' --zone Nord --length 30 --width 0.8",
            "error: bed code: `A 07` may hold only letters, digits, `-`, `_` and `.`",
        ),
        (
            "bed add C-01 --zone Nord --length 30 --width -1",
            "error: width: -1 m is not a length between 0 and 1000 m",
        ),
        (
            "bed add a-07 --zone Nord --length 30 --width 1",
            "error: bed code: A-07 is already used on this farm",
        ),
        (
            "harvest add --bed A-07 --crop Tomate --weigh 3 --by Moussa",
            "error: a worker may not harvest",
        ),
        (
            "--as Moussa task add Tailler --kind other --due 2026-11-23",
            "error: a worker may not plan tasks",
        ),
        (
            "harvest add --bed A-07 --crop Kale --weigh 3 --by Awa",
            "error: crop not found: Kale",
        ),
        (
            "harvest add --bed A-07 --crop Radis --weigh 3 --by Zoé",
            "error: person not found: Zoé",
        ),
        (
            "--as Zoé bed add C-01 --zone Nord --length 30 --width 1",
            "error: person not found: Zoé",
        ),
        (
            "task add Semer --kind sowing --due 2026-13-01",
            "error: due: `2026-13-01` is not a date like 2026-11-22",
        ),
        (
            "observe --bed A-07 --kind pest --severity 7 --by Awa",
            "error: severity: 7 is not between 0 and 3",
        ),
        (
            "harvest add --bed A-07 --crop Tomate --weigh abc --by Awa",
            "error: quantity: `abc` does not start with a number",
        ),
        (
            "harvest add --bed A-08 --crop Radis --weigh 12 --tare 0,5 --by Awa",
            "error: tare: a tare applies to kg or g, not to bunch",
        ),
        (
            "harvest add --bed A-07 --crop Tomate --weigh 3 --to marché --by Awa",
            "error: destination: `marché` is neither an outlet nor one of canteen, basket, partner, donation, loss",
        ),
        (
            "harvest add --bed A-07 --crop Tomate --weigh 3 --by Awa --at yesterday",
            "error: at: `yesterday` is not a time like 2026-11-22T08:30 or 2026-11-22T08:30:00+01:00",
        ),
        (
            "task done 0123 --by Awa",
            "error: task id: `0123` is neither an id nor its first 8 characters or more",
        ),
        (
            "task add Arroser --kind watering --due 2026-11-23 --until 2026-11-30",
            "error: until: ends a recurring task: add --every",
        ),
        (
            "crop add Poireau --family Amaryllidacées --unit botte --kg-per kg=1",
            "error: conversion: kg is a mass: it needs no conversion to kg",
        ),
        (
            "report harvests --by month",
            "error: group: `month` is not one of crop, week, bed, destination",
        ),
        (
            "bed add C-01 --zone Nord --length 30",
            "error: the following required arguments were not provided: --width <M> (see `carnet --help`)",
        ),
        (
            &format!("import beds '{bad_row}'"),
            "error: line 4, width: -1 m is not a length between 0 and 1000 m",
        ),
        (
            &format!("import beds '{repeated}'"),
            "error: line 4, bed code: C-01 is already on line 2",
        ),
        (
            &format!("import beds '{existing}'"),
            "error: line 3, bed code: A-07 is already used on this farm",
        ),
        (
            &format!("import beds '{no_width}'"),
            "error: line 1, header: no column width or largeur",
        ),
        (
            &format!("import crops '{bad_unit}'"),
            "error: line 3, unit: `sac` is not one of kg, g, bunch, piece, crate",
        ),
    ];
    let before = farm.contents();
    for (line, error) in cases {
        assert_eq!(farm.fails(line), error, "carnet {line}");
        assert_eq!(farm.contents(), before, "carnet {line} changed the store");
    }
}

#[test]
fn a_folder_without_a_farm_is_told_to_init() {
    let farm = Farm::empty();
    let error = farm.fails("bed list");
    assert_eq!(
        error,
        "error: this store has no farm yet: run `carnet init --farm NAME`"
    );
    assert!(
        !farm.path().join("carnet.sqlite3").exists(),
        "no empty store is left behind"
    );
    let id = farm.id("init --farm Jardin --device tablette-1");
    assert_eq!(
        farm.fails("init --farm Autre"),
        format!("error: this store already holds the farm {id}")
    );
}
