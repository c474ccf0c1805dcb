//! Keeps the `reconnect` workload honest in CI (debug build, no timing): a small project shared
//! through a real sync server on loopback and the workload's counting proxy; both members make
//! 50 offline changes, reconnect, and must end with equal heads (checked by the workload), each
//! other's changes, and messages, round trips and bytes counted on both connections.

use std::time::Duration;

use tandem_bench::reconnect;
use tandem_client::Client;
use tandem_core::meetings::{MeetingCommand, NewMeeting};
use tandem_core::project::ProjectCommand;
use tandem_core::tasks::{NewTask, TaskCommand};
use tandem_core::{Command, Millis};

const CHANGES: usize = 50;

/// A profile with one local project: 12 tasks and 2 meetings.
fn small_project(home: &std::path::Path) -> String {
    let mut c = Client::open(home).expect("open the source profile");
    let (project, _) = c
        .create_project(ProjectCommand::Create {
            name: "Reconnect smoke".into(),
            me: "Coordinator A".into(),
            client: None,
            start: None,
            end: None,
            currency: None,
            budget: None,
        })
        .expect("create the project");
    for i in 0..12 {
        let task = NewTask { title: format!("Task {i}"), ..Default::default() };
        c.execute(&project, Command::Task(TaskCommand::Add(task))).expect("add a task");
    }
    for i in 0..2 {
        let meeting = NewMeeting {
            title: format!("Weekly {i}"),
            series: None,
            start: Millis(1_767_225_600_000 + i * 604_800_000),
            duration_minutes: 30,
            location: None,
            attendees: Vec::new(),
            notes: String::new(),
        };
        c.execute(&project, Command::Meeting(MeetingCommand::Add(meeting))).expect("add a meeting");
    }
    c.close();
    project
}

#[test]
fn offline_changes_of_both_members_meet_after_reconnecting() {
    let dir = tempfile::tempdir().expect("temp dir");
    let project = small_project(&dir.path().join("source"));
    let now = chrono::Utc::now().timestamp_millis();
    let team = reconnect::setup(&dir.path().join("source"), &project, &dir.path().join("work"), now)
        .expect("share and join through the proxy");
    let measured = reconnect::run(&team, CHANGES, 7);
    team.finish().expect("the server stops cleanly");
    let m = measured.expect("reconnect to equal heads");

    for (who, o) in [("A", &m.a), ("B", &m.b)] {
        assert_eq!(o.hashes.len(), CHANGES, "{who} made every offline change");
        assert!(o.by_kind.len() >= 3, "{who}'s changes mix kinds of commands: {:?}", o.by_kind);
        assert!(o.change_bytes > 0 && o.save_after_bytes > 0, "{who}'s changes have a size");
    }
    assert!(m.equal_heads >= m.a_done.max(m.b_done).max(m.server_done));
    assert!(m.equal_heads < Duration::from_secs(300));
    for (who, l, sent, received) in [("A", &m.links[0], &m.a, &m.b), ("B", &m.links[1], &m.b, &m.a)] {
        assert!(l.undecodable.is_empty(), "{who}: the proxy read every message: {:?}", l.undecodable);
        assert!(l.sync_up > 0 && l.sync_down > 0, "{who}: sync messages both ways: {:?}", l.kinds);
        assert!(l.round_trips >= 1 && l.turns >= 2, "{who}: at least one exchange: {l:?}");
        // The changes each member lacked crossed its connection inside sync messages.
        assert!(l.changes_up >= 1 && l.changes_down >= 1, "{who}: changes carried both ways: {l:?}");
        assert!(l.change_bytes_up > 0 && l.bytes_up > l.change_bytes_up + l.bloom_bytes_up, "{who}: up {l:?}");
        assert!(l.change_bytes_down > 0 && l.bytes_down > l.change_bytes_down, "{who}: down {l:?}");
        assert_eq!((l.needed_up, l.needed_down), (sent.change_bytes, received.change_bytes));
        assert!(l.bytes_up >= l.needed_up / 4 && l.bytes_down >= l.needed_down / 4, "{who}: bytes cover the changes");
        assert!(l.tcp_up >= l.bytes_up && l.tcp_down >= l.bytes_down, "{who}: TCP bytes include the messages");
    }
}
