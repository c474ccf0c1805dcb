//! Commands the client's integration tests build their projects with.

use tandem_core::Command;
use tandem_core::project::ProjectCommand;
use tandem_core::tasks::{NewTask, TaskCommand};

/// A new project called `name` whose creator is the member `me`; nothing else set.
pub fn create(name: &str, me: &str) -> ProjectCommand {
    ProjectCommand::Create {
        name: name.into(),
        me: me.into(),
        client: None,
        start: None,
        end: None,
        currency: None,
        budget: None,
    }
}

/// A new task called `title`; nothing else set.
pub fn add_task(title: &str) -> Command {
    Command::Task(TaskCommand::Add(NewTask { title: title.into(), ..NewTask::default() }))
}
