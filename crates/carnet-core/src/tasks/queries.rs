//! The tasks' questions: what is to do today, what is late, what comes next,
//! and which tasks a person sees.
//!
//! Queries are pure functions over records; the store decides which records
//! to fetch (by index) and hands them in. Deliberately not here: reading the
//! records (the store).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::catalog::Person;
use crate::ids::*;
use crate::tasks::{Task, TaskStatus};
use crate::values::Role;

/// The daily list: what is due today, what is late, what comes next.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DayTasks {
    pub day: NaiveDate,
    /// Open tasks due in the [`LATE_DAYS`] before `day`.
    pub late: Vec<Task>,
    pub today: Vec<Task>,
    pub upcoming: Vec<Task>,
    /// Open tasks due before the late window: counted, not listed. The
    /// supervisor closes or abandons them from the plan.
    #[serde(default)]
    pub older_open: usize,
}

/// How many days ahead "upcoming" looks.
pub const UPCOMING_DAYS: i64 = 7;

/// How many days back "late" looks. A worker's list shows the month's
/// missed work, not every chore never ticked since the farm began: a list
/// that grows with the years is unreadable in the field and slower to open.
/// Older open tasks are counted in [`DayTasks::older_open`], never hidden
/// without a word.
pub const LATE_DAYS: i64 = 28;

/// The first day whose open tasks are listed as late on `day`.
pub fn late_window_start(day: NaiveDate) -> NaiveDate {
    day - chrono::Duration::days(LATE_DAYS)
}

/// Whose tasks `person`'s daily list shows: a worker's list holds their own
/// (see [`Task::is_for`]); team leaders and supervisors see the whole team's.
pub fn list_person(person: &Person) -> Option<PersonId> {
    (person.role == Role::Worker).then_some(person.id)
}

/// Sorts tasks into late (open, due in the [`LATE_DAYS`] before `day`),
/// today (due on `day`, any status, so ticked tasks stay visible) and
/// upcoming (open, due within a week); open tasks older than the late window
/// are only counted. With `person`, keeps the tasks whose crew includes them
/// or is empty (anyone of the team). Deleted tasks never show.
pub fn tasks_for_day(
    tasks: impl IntoIterator<Item = Task>,
    day: NaiveDate,
    person: Option<PersonId>,
) -> DayTasks {
    let mut out = DayTasks {
        day,
        ..DayTasks::default()
    };
    let horizon = day + chrono::Duration::days(UPCOMING_DAYS);
    let late_start = late_window_start(day);
    for task in tasks {
        if task.deleted {
            continue;
        }
        if person.is_some_and(|p| !task.is_for(p)) {
            continue;
        }
        if task.due == day {
            out.today.push(task);
        } else if task.due < late_start && task.is_open() {
            out.older_open += 1;
        } else if task.due < day && task.is_open() {
            out.late.push(task);
        } else if task.due > day && task.due <= horizon && task.is_open() {
            out.upcoming.push(task);
        }
    }
    let order = |t: &Task| {
        (
            t.due,
            matches!(t.status, TaskStatus::Todo)
                .then_some(0)
                .unwrap_or(1),
            t.title.folded(),
            t.id,
        )
    };
    for list in [&mut out.late, &mut out.today, &mut out.upcoming] {
        list.sort_by_key(order);
    }
    out
}

#[cfg(test)]
mod tests {
    use expect_test::expect;
    use uuid::Uuid;

    use super::*;
    use crate::record::Stamp;
    use crate::testing::{ANNE, GONE, name, now};
    use crate::values::TaskKind;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    fn task(n: u128, title: &str, due: NaiveDate, crew: Vec<PersonId>) -> Task {
        Task {
            id: TaskId(Uuid::from_u128(n)),
            title: name(title),
            kind: TaskKind::Weeding,
            beds: vec![],
            crew,
            due,
            duration_min: None,
            status: TaskStatus::Todo,
            template: None,
            deleted: false,
            created: Stamp {
                by: ANNE,
                at: now(),
                device: "tablette 1".into(),
            },
            moved_to: None,
            moves: 0,
        }
    }

    fn tasks() -> Vec<Task> {
        let done = Task {
            status: TaskStatus::Done {
                by: ANNE,
                at: now(),
            },
            ..task(6, "Arroser (fait)", day(22), vec![])
        };
        let deleted = Task {
            deleted: true,
            ..task(7, "Supprimée", day(22), vec![])
        };
        vec![
            task(1, "Biner", day(22), vec![ANNE]),
            task(2, "Pailler", day(22), vec![GONE]),
            task(3, "Semer", day(24), vec![]),
            task(
                4,
                "Dans deux semaines",
                NaiveDate::from_ymd_opt(2026, 12, 6).unwrap(),
                vec![],
            ),
            task(5, "Hier", day(21), vec![]),
            task(
                8,
                "Il y a deux mois",
                NaiveDate::from_ymd_opt(2026, 9, 20).unwrap(),
                vec![],
            ),
            task(9, "Avant-hier, de Paul", day(20), vec![GONE]),
            done,
            deleted,
        ]
    }

    fn show(list: &DayTasks) -> String {
        let titles = |ts: &[Task]| ts.iter().map(|t| t.title.to_string()).collect::<Vec<_>>();
        format!(
            "late {:?}\ntoday {:?}\nupcoming {:?}\nolder open {}",
            titles(&list.late),
            titles(&list.today),
            titles(&list.upcoming),
            list.older_open
        )
    }

    #[test]
    fn the_team_list_sorts_late_today_and_upcoming_and_counts_older_open_tasks() {
        expect![[r#"
            late ["Avant-hier, de Paul", "Hier"]
            today ["Biner", "Pailler", "Arroser (fait)"]
            upcoming ["Semer"]
            older open 1"#]]
        .assert_eq(&show(&tasks_for_day(tasks(), day(22), None)));
    }

    #[test]
    fn a_persons_list_holds_their_crews_tasks_and_those_for_anyone() {
        expect![[r#"
            late ["Hier"]
            today ["Biner", "Arroser (fait)"]
            upcoming ["Semer"]
            older open 1"#]]
        .assert_eq(&show(&tasks_for_day(tasks(), day(22), Some(ANNE))));
    }

    #[test]
    fn only_a_worker_reads_their_own_list() {
        let person = |role| Person {
            id: ANNE,
            name: name("Anne"),
            role,
            lang: crate::values::Lang::Fr,
            pin_hash: None,
            active: true,
        };
        assert_eq!(list_person(&person(Role::Worker)), Some(ANNE));
        assert_eq!(list_person(&person(Role::TeamLeader)), None);
        assert_eq!(list_person(&person(Role::Supervisor)), None);
    }
}
