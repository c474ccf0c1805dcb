//! `tandem task …` and `tandem milestone …`.

use anyhow::Result;
use chrono::NaiveDate;
use clap::{Args, Subcommand};
use tandem_core::ids::{GoalId, MilestoneId, TaskId};
use tandem_core::items::ItemCommand;
use tandem_core::milestones::{self, MilestoneCommand, MilestoneStatus};
use tandem_core::tasks::{self, NewTask, TaskCommand, TaskNode, TaskPatch, TaskStatus};
use tandem_core::values::Edit;
use tandem_core::{Command, Kind};

use crate::app::{self, App, opt, table};

#[derive(Debug, Subcommand)]
pub enum TaskCmd {
    /// Add a task (or a subtask with --parent).
    ///
    /// Example: tandem task add "Design schema" --assignee Bo --due 2026-12-01 --estimate 8 --parent 3k
    Add(TaskAddArgs),
    /// List tasks as a table (open ones unless --all).
    ///
    /// Example: tandem task list --assignee Bo --status in_progress
    List {
        /// Include done, cancelled and deleted tasks.
        #[arg(long)]
        all: bool,
        #[arg(long)]
        status: Option<TaskStatus>,
        /// Member name or id.
        #[arg(long)]
        assignee: Option<String>,
    },
    /// Show the work-breakdown tree with estimates rolled up.
    ///
    /// Example: tandem task tree
    Tree,
    /// Show one task in full.
    ///
    /// Example: tandem task show 3k
    Show { id: String },
    /// Change fields of a task.
    ///
    /// Example: tandem task set 3k --status done --spent 6.5
    Set(TaskSetArgs),
    /// Assign a member.
    ///
    /// Example: tandem task assign 3k Bo
    Assign { id: String, member: String },
    /// Remove an assignee.
    ///
    /// Example: tandem task unassign 3k Bo
    Unassign { id: String, member: String },
    /// Make a task wait for another (finish-to-start).
    ///
    /// Example: tandem task depend 3k --on 7q
    Depend {
        id: String,
        #[arg(long)]
        on: String,
    },
    /// Remove a dependency.
    ///
    /// Example: tandem task undepend 3k --on 7q
    Undepend {
        id: String,
        #[arg(long)]
        on: String,
    },
    /// Add a tag.
    ///
    /// Example: tandem task tag 3k backend
    Tag { id: String, tag: String },
    /// Remove a tag.
    ///
    /// Example: tandem task untag 3k backend
    Untag { id: String, tag: String },
    /// Add hours worked (concurrent logging from several people adds up).
    ///
    /// Example: tandem task log-time 3k 1.5
    LogTime { id: String, hours: f64 },
    /// Move a task under another parent, to the top level, or after a sibling.
    ///
    /// Example: tandem task move 3k --parent 9x --after 4m
    Move {
        id: String,
        /// New parent task.
        #[arg(long, conflicts_with = "top")]
        parent: Option<String>,
        /// Move to the top level.
        #[arg(long)]
        top: bool,
        /// Place right after this sibling (default: first).
        #[arg(long)]
        after: Option<String>,
    },
    /// Edit the description in $EDITOR.
    ///
    /// Example: EDITOR=nano tandem task describe 3k
    Describe { id: String },
    /// Soft-delete a task and its subtasks (restore with `tandem restore task <id>`).
    ///
    /// Example: tandem task delete 3k
    Delete { id: String },
}

#[derive(Debug, Args)]
pub struct TaskAddArgs {
    title: String,
    /// Assignee (name or id); repeat for several.
    #[arg(long)]
    assignee: Vec<String>,
    #[arg(long, value_parser = app::date)]
    start: Option<NaiveDate>,
    #[arg(long, value_parser = app::date)]
    due: Option<NaiveDate>,
    /// Estimated effort in hours.
    #[arg(long)]
    estimate: Option<f64>,
    /// Parent task id.
    #[arg(long)]
    parent: Option<String>,
    /// A task this one waits for; repeat for several.
    #[arg(long = "depends-on")]
    depends_on: Vec<String>,
    #[arg(long)]
    milestone: Option<String>,
    #[arg(long)]
    goal: Option<String>,
    /// Tag; repeat for several.
    #[arg(long)]
    tag: Vec<String>,
    #[arg(long, default_value = "")]
    description: String,
}

#[derive(Debug, Args)]
pub struct TaskSetArgs {
    id: String,
    #[arg(long)]
    title: Option<String>,
    /// todo, in_progress, blocked, done or cancelled.
    #[arg(long)]
    status: Option<TaskStatus>,
    /// Estimate in hours ("none" clears it).
    #[arg(long)]
    estimate: Option<String>,
    /// Total hours spent.
    #[arg(long)]
    spent: Option<f64>,
    /// Start date ("none" clears it).
    #[arg(long)]
    start: Option<String>,
    /// Due date ("none" clears it).
    #[arg(long)]
    due: Option<String>,
    /// Milestone id ("none" clears it).
    #[arg(long)]
    milestone: Option<String>,
    /// Goal id ("none" clears it).
    #[arg(long)]
    goal: Option<String>,
    /// Replace the description.
    #[arg(long)]
    description: Option<String>,
}

fn edit_date(v: Option<String>) -> Result<Edit<NaiveDate>> {
    Ok(match v.as_deref() {
        None => Edit::Keep,
        Some("none") => Edit::Clear,
        Some(d) => Edit::Set(app::date(d).map_err(anyhow::Error::msg)?),
    })
}

pub fn run_task(app: &mut App, cmd: TaskCmd) -> Result<()> {
    let cmd = match cmd {
        TaskCmd::Add(a) => {
            let task = NewTask {
                title: a.title,
                description: a.description,
                parent: a.parent.map(|p| app.id(Kind::Task, &p)).transpose()?,
                assignees: app.members(&a.assignee)?,
                estimate: a.estimate,
                start: a.start,
                due: a.due,
                depends_on: a.depends_on.iter().map(|d| app.id(Kind::Task, d)).collect::<Result<_>>()?,
                milestone: a.milestone.map(|m| app.id(Kind::Milestone, &m)).transpose()?,
                goal: a.goal.map(|g| app.id(Kind::Goal, &g)).transpose()?,
                tags: a.tag,
            };
            Command::Task(TaskCommand::Add(task))
        }
        TaskCmd::List { all, status, assignee } => return list(app, all, status, assignee),
        TaskCmd::Tree => return tree(app),
        TaskCmd::Show { id } => return show(app, &id),
        TaskCmd::Set(a) => {
            let id = app.id(Kind::Task, &a.id)?;
            let estimate = match a.estimate.as_deref() {
                None => Edit::Keep,
                Some("none") => Edit::Clear,
                Some(e) => Edit::Set(
                    e.parse::<f64>().map_err(|_| anyhow::anyhow!("--estimate {e:?} is not a number of hours"))?,
                ),
            };
            let milestone = match a.milestone.as_deref() {
                None => Edit::Keep,
                Some("none") => Edit::Clear,
                Some(m) => Edit::Set(app.id::<MilestoneId>(Kind::Milestone, m)?),
            };
            let goal = match a.goal.as_deref() {
                None => Edit::Keep,
                Some("none") => Edit::Clear,
                Some(g) => Edit::Set(app.id::<GoalId>(Kind::Goal, g)?),
            };
            let patch = TaskPatch {
                title: a.title,
                status: a.status,
                estimate,
                spent: a.spent,
                start: edit_date(a.start)?,
                due: edit_date(a.due)?,
                milestone,
                goal,
                description: a.description,
            };
            Command::Task(TaskCommand::Update { id, patch })
        }
        TaskCmd::Assign { id, member } => {
            Command::Task(TaskCommand::Assign { id: app.id(Kind::Task, &id)?, member: app.member(&member)? })
        }
        TaskCmd::Unassign { id, member } => {
            Command::Task(TaskCommand::Unassign { id: app.id(Kind::Task, &id)?, member: app.member(&member)? })
        }
        TaskCmd::Depend { id, on } => {
            Command::Task(TaskCommand::AddDependency { id: app.id(Kind::Task, &id)?, on: app.id(Kind::Task, &on)? })
        }
        TaskCmd::Undepend { id, on } => {
            Command::Task(TaskCommand::RemoveDependency { id: app.id(Kind::Task, &id)?, on: app.id(Kind::Task, &on)? })
        }
        TaskCmd::Tag { id, tag } => Command::Task(TaskCommand::Tag { id: app.id(Kind::Task, &id)?, tag }),
        TaskCmd::Untag { id, tag } => Command::Task(TaskCommand::Untag { id: app.id(Kind::Task, &id)?, tag }),
        TaskCmd::LogTime { id, hours } => Command::Task(TaskCommand::LogTime { id: app.id(Kind::Task, &id)?, hours }),
        TaskCmd::Move { id, parent, top, after } => {
            let parent = match (parent, top) {
                (Some(p), _) => Edit::Set(app.id::<TaskId>(Kind::Task, &p)?),
                (None, true) => Edit::Clear,
                (None, false) => Edit::Keep,
            };
            let after = after.map(|a| app.id(Kind::Task, &a)).transpose()?;
            Command::Task(TaskCommand::Move { id: app.id(Kind::Task, &id)?, parent, after })
        }
        TaskCmd::Describe { id } => {
            let id: TaskId = app.id(Kind::Task, &id)?;
            let current = {
                let id = id.clone();
                app.read(move |d| tasks::task(d, &id))??.description
            };
            let edited = app::edit_in_editor(&current)?;
            if edited == current {
                return app.println("Description unchanged.");
            }
            Command::Task(TaskCommand::Update {
                id,
                patch: TaskPatch { description: Some(edited), ..TaskPatch::default() },
            })
        }
        TaskCmd::Delete { id } => {
            Command::Item(ItemCommand::Delete { kind: Kind::Task, id: app.resolve(Kind::Task, &id)? })
        }
    };
    app.exec_and_report(cmd).map(drop)
}

fn names(app: &mut App, ids: &[tandem_core::ids::MemberId]) -> Result<String> {
    let ids: Vec<String> = ids.iter().map(ToString::to_string).collect();
    let names = app.read(move |d| ids.iter().map(|i| tandem_core::project::member_name(d, i)).collect::<Vec<_>>())?;
    Ok(if names.is_empty() { "-".to_owned() } else { names.join(", ") })
}

fn list(app: &mut App, all: bool, status: Option<TaskStatus>, assignee: Option<String>) -> Result<()> {
    let who = assignee.map(|a| app.member(&a)).transpose()?;
    let mut rows: Vec<tasks::TaskView> = app
        .read(tasks::tasks)??
        .into_iter()
        .filter(|t| all || (!t.deleted && t.status.is_open()))
        .filter(|t| status.is_none_or(|s| t.status == s))
        .filter(|t| who.as_ref().is_none_or(|w| t.assignees.contains(w)))
        .collect();
    rows.sort_by(|a, b| a.due.is_none().cmp(&b.due.is_none()).then(a.due.cmp(&b.due)).then(a.order.cmp(&b.order)));
    if app.json {
        return app.print_json(&rows);
    }
    let mut lines = Vec::new();
    for t in &rows {
        lines.push(vec![
            t.id.to_string(),
            format!("{}{}", t.title, if t.deleted { " (deleted)" } else { "" }),
            t.status.to_string(),
            names(app, &t.assignees)?,
            opt(&t.due),
            t.estimate.map(|e| format!("{e}h")).unwrap_or_else(|| "-".into()),
            format!("{}h", t.spent),
        ]);
    }
    app.println(&table(&["id", "title", "status", "assignees", "due", "estimate", "spent"], lines))
}

fn tree(app: &mut App) -> Result<()> {
    let nodes = app.read(tasks::task_tree)??;
    if app.json {
        return app.print_json(&nodes);
    }
    fn walk(nodes: &[TaskNode], depth: usize, out: &mut String) {
        for n in nodes {
            let t = &n.task;
            let check = if t.status == TaskStatus::Done { "x" } else { " " };
            out.push_str(&format!(
                "{}[{check}] {} {}  ({}/{}h, {})\n",
                "  ".repeat(depth),
                &t.id.as_str()[..t.id.as_str().len().min(6)],
                t.title,
                n.done_estimate,
                n.total_estimate,
                t.status
            ));
            walk(&n.children, depth + 1, out);
        }
    }
    let mut out = String::new();
    walk(&nodes, 0, &mut out);
    app.println(if out.is_empty() { "(no tasks)" } else { out.trim_end() })
}

fn show(app: &mut App, id: &str) -> Result<()> {
    let id: TaskId = app.id(Kind::Task, id)?;
    let t = app.read(move |d| tasks::task(d, &id))??;
    if app.json {
        return app.print_json(&t);
    }
    let assignees = names(app, &t.assignees)?;
    let text = format!(
        "{}  [{}]{}\nstatus: {}\nassignees: {assignees}\nstart: {}  due: {}\nestimate: {}  spent: {}h\nparent: {}\ndepends on: {}\nmilestone: {}  goal: {}\ntags: {}\n\n{}",
        t.title,
        t.id,
        if t.deleted { " (deleted)" } else { "" },
        t.status,
        opt(&t.start),
        opt(&t.due),
        t.estimate.map(|e| format!("{e}h")).unwrap_or_else(|| "-".into()),
        t.spent,
        opt(&t.parent),
        if t.depends_on.is_empty() {
            "-".to_owned()
        } else {
            t.depends_on.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
        },
        opt(&t.milestone),
        opt(&t.goal),
        if t.tags.is_empty() { "-".to_owned() } else { t.tags.join(", ") },
        t.description
    );
    app.println(text.trim_end())
}

#[derive(Debug, Subcommand)]
pub enum MilestoneCmd {
    /// Add a milestone.
    ///
    /// Example: tandem milestone add "Beta" --due 2027-02-15
    Add {
        title: String,
        #[arg(long, value_parser = app::date)]
        due: NaiveDate,
        #[arg(long, default_value = "")]
        description: String,
    },
    /// List milestones with the progress of their tasks.
    ///
    /// Example: tandem milestone list
    List,
    /// Change a milestone.
    ///
    /// Example: tandem milestone set 5t --status reached
    Set {
        id: String,
        #[arg(long)]
        title: Option<String>,
        #[arg(long, value_parser = app::date)]
        due: Option<NaiveDate>,
        /// open, reached or missed.
        #[arg(long)]
        status: Option<MilestoneStatus>,
    },
}

pub fn run_milestone(app: &mut App, cmd: MilestoneCmd) -> Result<()> {
    match cmd {
        MilestoneCmd::Add { title, due, description } => {
            app.exec_and_report(Command::Milestone(MilestoneCommand::Add { title, due, description })).map(drop)
        }
        MilestoneCmd::List => {
            let ms: Vec<_> = app.read(milestones::milestones)??.into_iter().filter(|m| !m.deleted).collect();
            app.show(&ms, || {
                table(
                    &["id", "title", "due", "status", "tasks done"],
                    ms.iter()
                        .map(|m| {
                            vec![
                                m.id.to_string(),
                                m.title.clone(),
                                opt(&m.due),
                                m.status.to_string(),
                                format!("{}/{}", m.tasks_done, m.tasks_total),
                            ]
                        })
                        .collect(),
                )
            })
        }
        MilestoneCmd::Set { id, title, due, status } => {
            let id = app.id(Kind::Milestone, &id)?;
            app.exec_and_report(Command::Milestone(MilestoneCommand::Update { id, title, due, status })).map(drop)
        }
    }
}
