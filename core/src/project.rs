//! The project itself, its members, and the device → member map that attributes changes.

use std::collections::HashMap;

use automerge::transaction::Transactable;
use automerge::{ROOT, ReadDoc};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::command::{Applied, Scope, check};
use crate::doc::{self, Fields, get_date, get_i64, get_string, get_text, map_at};
use crate::error::{CoreError, Result};
use crate::ids::{MemberId, Millis};
use crate::schema::{self, DEVICES, Kind, PROJECT};
use crate::values::{Edit, Health, choice};

choice! {
    /// What a member does in the project.
    MemberRole, "role" {
        /// Runs the project: plans, assigns, decides, reports.
        Coordinator = "coordinator",
        /// Does the work.
        Member = "member",
        /// Client-side or business stakeholder: reviews and signs off.
        Stakeholder = "stakeholder",
        /// Reads along.
        Viewer = "viewer",
    }
}

/// Default weekly capacity of a new member, in hours.
pub const DEFAULT_CAPACITY_HOURS: f64 = 40.0;

/// Project, member and device commands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum ProjectCommand {
    /// Creates the project in an empty document; `me` becomes its first coordinator and this
    /// device is mapped to them.
    Create {
        name: String,
        me: String,
        #[serde(default)]
        #[cfg_attr(feature = "ts", ts(optional = nullable))]
        client: Option<String>,
        #[serde(default)]
        #[cfg_attr(feature = "ts", ts(optional = nullable))]
        start: Option<NaiveDate>,
        #[serde(default)]
        #[cfg_attr(feature = "ts", ts(optional = nullable))]
        end: Option<NaiveDate>,
        #[serde(default)]
        #[cfg_attr(feature = "ts", ts(optional = nullable))]
        currency: Option<String>,
        #[serde(default)]
        #[cfg_attr(feature = "ts", ts(optional = nullable))]
        budget: Option<i64>,
    },
    /// Edits the project's settings.
    Update(ProjectPatch),
    /// Adds a member.
    AddMember {
        name: String,
        #[serde(default = "default_role")]
        #[cfg_attr(feature = "ts", ts(optional = nullable))]
        role: MemberRole,
        #[serde(default)]
        #[cfg_attr(feature = "ts", ts(optional = nullable))]
        title: Option<String>,
        #[serde(default)]
        #[cfg_attr(feature = "ts", ts(optional = nullable))]
        email: Option<String>,
        #[serde(default)]
        #[cfg_attr(feature = "ts", ts(optional = nullable))]
        capacity_hours: Option<f64>,
    },
    /// Edits a member.
    UpdateMember { id: MemberId, patch: MemberPatch },
    /// A new device joins as a new member (e.g. after accepting an invite).
    Join { name: String },
    /// Maps this device to an existing member ("this is me").
    ClaimMember { id: MemberId },
}

fn default_role() -> MemberRole {
    MemberRole::Member
}

/// Fields of the project that an update may change.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields = nullable))]
pub struct ProjectPatch {
    pub name: Option<String>,
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub client: Edit<String>,
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub start: Edit<NaiveDate>,
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub end: Edit<NaiveDate>,
    pub currency: Option<String>,
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub budget: Edit<i64>,
    /// A manual health override; cleared, the dashboard computes health itself.
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub health: Edit<Health>,
    /// Replaces the description text (as a minimal splice).
    pub description: Option<String>,
}

/// Fields of a member that an update may change.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields = nullable))]
pub struct MemberPatch {
    pub name: Option<String>,
    pub role: Option<MemberRole>,
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub title: Edit<String>,
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub email: Edit<String>,
    pub capacity_hours: Option<f64>,
    pub active: Option<bool>,
}

fn check_currency(c: &str) -> Result<String> {
    let c = c.trim().to_ascii_uppercase();
    if c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase()) {
        Ok(c)
    } else {
        Err(CoreError::Invalid(format!("currency {c:?} is not a three-letter ISO 4217 code such as EUR or USD")))
    }
}

impl ProjectCommand {
    pub(crate) fn apply(self, s: &mut Scope<'_>) -> Result<Applied> {
        match self {
            ProjectCommand::Create { name, me, client, start, end, currency, budget } => {
                let name = check::title("project name", &name, 200)?;
                let me = check::title("your name", &me, 120)?;
                check::date_order("start", start, "end", end)?;
                let currency = check_currency(currency.as_deref().unwrap_or("EUR"))?;
                if let Some(b) = budget {
                    check::money("budget", b)?;
                }
                schema::init(&mut s.tx)?;
                let p = map_at(&s.tx, &ROOT, PROJECT).expect("just created");
                s.tx.put(&p, "name", name.as_str())?;
                s.tx.put(&p, "currency", currency.as_str())?;
                s.tx.put(&p, "created_at", s.now.0)?;
                doc::put_opt_str(&mut s.tx, &p, "client", client.as_deref().map(str::trim))?;
                doc::put_opt_date(&mut s.tx, &p, "start", start)?;
                doc::put_opt_date(&mut s.tx, &p, "end", end)?;
                doc::put_opt_i64(&mut s.tx, &p, "budget", budget)?;
                doc::put_text(&mut s.tx, &p, "description", "")?;
                let id = add_member(s, &me, MemberRole::Coordinator, None, None, DEFAULT_CAPACITY_HOURS)?;
                map_device(s, &id)?;
                s.tx.put(&p, "created_by", id.as_str())?;
                Ok(Applied::created(format!("Create project '{name}' with {me} as coordinator"), id.as_str()))
            }
            ProjectCommand::Update(patch) => update_project(s, patch),
            ProjectCommand::AddMember { name, role, title, email, capacity_hours } => {
                let name = check::title("member name", &name, 120)?;
                let cap = check::non_negative("capacity", capacity_hours.unwrap_or(DEFAULT_CAPACITY_HOURS))?;
                let id = add_member(s, &name, role, title.as_deref(), email.as_deref(), cap)?;
                Ok(Applied::created(format!("Add member {name} ({role})"), id.as_str()))
            }
            ProjectCommand::UpdateMember { id, patch } => update_member(s, &id, patch),
            ProjectCommand::Join { name } => {
                let name = check::title("your name", &name, 120)?;
                if let Some(existing) = &s.author {
                    return Err(CoreError::Invalid(format!(
                        "this device already belongs to member {existing}; use claim to switch"
                    )));
                }
                let id = add_member(s, &name, MemberRole::Member, None, None, DEFAULT_CAPACITY_HOURS)?;
                map_device(s, &id)?;
                Ok(Applied::created(format!("{name} joined the project"), id.as_str()))
            }
            ProjectCommand::ClaimMember { id } => {
                let obj = s.require(Kind::Member, id.as_str())?;
                let name = get_text(&s.tx, &obj, "name");
                map_device(s, &id)?;
                s.touch(Kind::Member, id.as_str());
                Ok(Applied::new(format!("This device now writes as {name}")))
            }
        }
    }
}

fn add_member(
    s: &mut Scope<'_>,
    name: &str,
    role: MemberRole,
    title: Option<&str>,
    email: Option<&str>,
    capacity: f64,
) -> Result<MemberId> {
    let id: MemberId = s.fresh_id(Kind::Member)?;
    let obj = s.create_item(Kind::Member, id.as_str())?;
    s.tx.put(&obj, "name", name)?;
    s.tx.put(&obj, "role", role.as_str())?;
    s.tx.put(&obj, "capacity_hours", capacity)?;
    s.tx.put(&obj, "active", true)?;
    doc::put_opt_str(&mut s.tx, &obj, "title", title.map(str::trim).filter(|t| !t.is_empty()))?;
    doc::put_opt_str(&mut s.tx, &obj, "email", email.map(str::trim).filter(|t| !t.is_empty()))?;
    Ok(id)
}

fn map_device(s: &mut Scope<'_>, member: &MemberId) -> Result<()> {
    let devices = map_at(&s.tx, &ROOT, DEVICES)
        .ok_or_else(|| CoreError::Corrupt { path: DEVICES.to_owned(), what: "the device map is missing".to_owned() })?;
    let actor = s.actor_hex().to_owned();
    s.tx.put(&devices, actor.as_str(), member.as_str())?;
    s.author = Some(member.clone());
    Ok(())
}

fn update_project(s: &mut Scope<'_>, patch: ProjectPatch) -> Result<Applied> {
    let p = map_at(&s.tx, &ROOT, PROJECT).ok_or(CoreError::NotAProject)?;
    let mut changed = Vec::new();
    if let Some(name) = patch.name {
        let name = check::title("project name", &name, 200)?;
        s.tx.put(&p, "name", name.as_str())?;
        changed.push("name");
    }
    let start = patch.start.clone().resolve(get_date(&s.tx, &p, "start"));
    let end = patch.end.clone().resolve(get_date(&s.tx, &p, "end"));
    check::date_order("start", start, "end", end)?;
    if !patch.start.is_keep() {
        doc::put_opt_date(&mut s.tx, &p, "start", start)?;
        changed.push("start");
    }
    if !patch.end.is_keep() {
        doc::put_opt_date(&mut s.tx, &p, "end", end)?;
        changed.push("end");
    }
    if !patch.client.is_keep() {
        let client = patch.client.resolve(None);
        doc::put_opt_str(&mut s.tx, &p, "client", client.as_deref().map(str::trim))?;
        changed.push("client");
    }
    if let Some(c) = patch.currency {
        s.tx.put(&p, "currency", check_currency(&c)?)?;
        changed.push("currency");
    }
    if !patch.budget.is_keep() {
        let b = patch.budget.resolve(None);
        if let Some(b) = b {
            check::money("budget", b)?;
        }
        doc::put_opt_i64(&mut s.tx, &p, "budget", b)?;
        changed.push("budget");
    }
    if !patch.health.is_keep() {
        let h = patch.health.resolve(None);
        doc::put_opt_str(&mut s.tx, &p, "health", h.map(Health::as_str))?;
        changed.push("health");
    }
    if let Some(d) = patch.description {
        doc::replace_text(&mut s.tx, &p, "description", &d)?;
        changed.push("description");
    }
    if changed.is_empty() {
        return Err(CoreError::NothingToChange);
    }
    Ok(Applied::new(format!("Update project {}", changed.join(", "))))
}

fn update_member(s: &mut Scope<'_>, id: &MemberId, patch: MemberPatch) -> Result<Applied> {
    let obj = s.item(Kind::Member, id.as_str())?;
    let old_name = get_text(&s.tx, &obj, "name");
    let mut changed = Vec::new();
    if let Some(name) = patch.name {
        s.tx.put(&obj, "name", check::title("member name", &name, 120)?)?;
        changed.push("name".to_owned());
    }
    if let Some(role) = patch.role {
        s.tx.put(&obj, "role", role.as_str())?;
        changed.push(format!("role to {role}"));
    }
    if !patch.title.is_keep() {
        doc::put_opt_str(&mut s.tx, &obj, "title", patch.title.resolve(None).as_deref())?;
        changed.push("title".to_owned());
    }
    if !patch.email.is_keep() {
        doc::put_opt_str(&mut s.tx, &obj, "email", patch.email.resolve(None).as_deref())?;
        changed.push("email".to_owned());
    }
    if let Some(c) = patch.capacity_hours {
        s.tx.put(&obj, "capacity_hours", check::non_negative("capacity", c)?)?;
        changed.push(format!("capacity to {c} h/week"));
    }
    if let Some(a) = patch.active {
        s.tx.put(&obj, "active", a)?;
        changed.push(if a { "active".to_owned() } else { "inactive".to_owned() });
    }
    if changed.is_empty() {
        return Err(CoreError::NothingToChange);
    }
    Ok(Applied::new(format!("Update member {old_name}: {}", changed.join(", "))))
}

/// The project's settings, as every view shows them.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ProjectView {
    pub name: String,
    pub client: Option<String>,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    pub currency: String,
    pub budget: Option<i64>,
    pub health_override: Option<Health>,
    pub description: String,
    pub created_at: Option<Millis>,
    pub schema: i64,
}

/// Reads the project's settings.
pub fn project<R: ReadDoc>(doc: &R) -> Result<ProjectView> {
    schema::check_version(doc)?;
    let p = map_at(doc, &ROOT, PROJECT).ok_or(CoreError::NotAProject)?;
    let f = Fields::read(doc, &p);
    Ok(ProjectView {
        name: f.text("name"),
        client: f.string("client"),
        start: f.date("start"),
        end: f.date("end"),
        currency: f.string("currency").unwrap_or_else(|| "EUR".to_owned()),
        budget: f.i64("budget"),
        health_override: f.parse("health"),
        description: f.text("description"),
        created_at: f.i64("created_at").map(Millis),
        schema: get_i64(doc, &ROOT, schema::SCHEMA).unwrap_or(0),
    })
}

/// One member, as the members view shows them.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MemberView {
    pub id: MemberId,
    pub name: String,
    pub role: MemberRole,
    pub title: Option<String>,
    pub email: Option<String>,
    pub capacity_hours: f64,
    pub active: bool,
    pub deleted: bool,
}

fn read_member<R: ReadDoc>(id: &str, f: &Fields<'_, R>) -> Option<MemberView> {
    Some(MemberView {
        id: id.parse().ok()?,
        name: f.text("name"),
        role: f.choice("role", MemberRole::Member),
        title: f.string("title"),
        email: f.string("email"),
        capacity_hours: f.f64("capacity_hours").unwrap_or(DEFAULT_CAPACITY_HOURS),
        active: f.bool("active").unwrap_or(true),
        deleted: f.is_deleted(),
    })
}

/// Every member, sorted by name then id.
pub fn members<R: ReadDoc>(doc: &R) -> Result<Vec<MemberView>> {
    let mut out: Vec<MemberView> = schema::read_items(doc, Kind::Member, read_member)?;
    out.sort_by(|a, b| a.name.to_lowercase().cmp(&b.name.to_lowercase()).then(a.id.cmp(&b.id)));
    Ok(out)
}

/// One member by id.
pub fn member<R: ReadDoc>(doc: &R, id: &MemberId) -> Result<MemberView> {
    let f = schema::read_item(doc, Kind::Member, id.as_str())?;
    read_member(id.as_str(), &f).ok_or_else(|| CoreError::NotFound { kind: "member", id: id.to_string() })
}

/// A member's display name, or the id when the member is unknown.
pub fn member_name<R: ReadDoc>(doc: &R, id: &str) -> String {
    schema::collection(doc, Kind::Member)
        .ok()
        .and_then(|c| map_at(doc, &c, id))
        .and_then(|m| get_string(doc, &m, "name"))
        .unwrap_or_else(|| id.to_owned())
}

/// Every member's display name, read once, for readers that name many members: `name` gives
/// what [`member_name`] gives.
#[derive(Debug, Clone, Default)]
pub(crate) struct MemberNames(HashMap<String, String>);

impl MemberNames {
    /// Reads the names of every member (deleted and inactive ones too, as [`member_name`]).
    pub(crate) fn read<R: ReadDoc>(doc: &R) -> Self {
        let names = schema::read_items(doc, Kind::Member, |id, f| f.string("name").map(|n| (id.to_owned(), n)));
        MemberNames(names.unwrap_or_default().into_iter().collect())
    }

    /// The member's display name, or the id when the member is unknown or has no name.
    pub(crate) fn name(&self, id: &str) -> String {
        self.0.get(id).cloned().unwrap_or_else(|| id.to_owned())
    }
}

/// The device (actor hex) → member map.
pub fn devices<R: ReadDoc>(doc: &R) -> Vec<(String, MemberId)> {
    let Some(d) = map_at(doc, &ROOT, DEVICES) else { return Vec::new() };
    let f = Fields::read(doc, &d);
    f.keys().filter_map(|k| f.parse(k).map(|m| (k.to_owned(), m))).collect()
}
