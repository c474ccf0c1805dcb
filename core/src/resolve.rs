//! Settling a conflicted field: the coordinator picks one of the concurrent values a merge kept,
//! or types a new one. Either way the field is written once more, which replaces every
//! concurrent value (Automerge's new value supersedes all the values it saw), and the choice is
//! recorded as its own change, naming the values it settled. Optionally the same change adds an
//! accepted decision that explains the choice.
//!
//! A typed value is checked against the field's kind of value: a status or other closed choice
//! must be one of its allowed values, a date must be a date, a member field must name an
//! existing member, numbers stay numbers (and stay non-negative where every concurrent value
//! was), and a start date may not end up after the end date beside it.

use automerge::transaction::Transactable;
use automerge::{ObjId, ObjType, ROOT, ReadDoc, ScalarValue, Value};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::command::{Applied, ItemRef, Scope, check, member_of_actor};
use crate::decisions::{DecisionStatus, NewDecision};
use crate::doc::{self, map_at};
use crate::error::{CoreError, Result};
use crate::ids::{MemberId, format_date};
use crate::schema::{self, DEVICES, Kind, PROJECT};

/// How a conflict is settled.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "by", rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Resolution {
    /// Keep the value written by this change (its hash, or a unique prefix of at least 6
    /// characters, as the conflict inbox lists it).
    Pick { change: String },
    /// Replace all the concurrent values with a new one.
    Value {
        #[cfg_attr(feature = "ts", ts(type = "string | number | boolean | null"))]
        value: serde_json::Value,
    },
}

/// Conflict commands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum ConflictCommand {
    /// Settles one conflicted field (as the conflict inbox names it: the item, or none for the
    /// project's settings, and the field path such as `status` or `criteria/k3/met`).
    Resolve {
        #[cfg_attr(feature = "ts", ts(optional = nullable))]
        item: Option<ItemRef>,
        field: String,
        resolution: Resolution,
        /// Also add an accepted decision that records the choice and the values it replaced.
        #[serde(default)]
        #[cfg_attr(feature = "ts", ts(optional = nullable))]
        record_decision: bool,
    },
}

impl ConflictCommand {
    pub(crate) fn apply(self, s: &mut Scope<'_>) -> Result<Applied> {
        match self {
            ConflictCommand::Resolve { item, field, resolution, record_decision } => {
                resolve(s, item.as_ref(), &field, resolution, record_decision)
            }
        }
    }
}

/// One concurrent value as found in the transaction: the value, its op, and who wrote it.
struct Candidate {
    value: Written,
    hash: Option<String>,
    author: String,
}

/// A value as it will be written back.
#[derive(Debug, Clone, PartialEq)]
enum Written {
    Scalar(ScalarValue),
    Text(String),
    /// A nested map or list: it cannot be written back as a whole.
    Object,
    /// No value: the field is cleared.
    Absent,
}

impl Written {
    fn show(&self, s: &Scope<'_>) -> String {
        match self {
            Written::Scalar(ScalarValue::Str(v)) => {
                let v = v.to_string();
                if is_member(s, &v) { crate::project::member_name(&s.tx, &v) } else { format!("'{v}'") }
            }
            Written::Scalar(ScalarValue::F64(f)) => serde_json::Value::from(*f).to_string(),
            Written::Scalar(ScalarValue::Boolean(b)) => if *b { "yes" } else { "no" }.to_owned(),
            Written::Scalar(v) => v.to_string(),
            Written::Text(t) => {
                let first: String = t.chars().take(40).collect();
                if t.chars().count() > 40 { format!("'{first}…'") } else { format!("'{first}'") }
            }
            Written::Object => "a nested object".to_owned(),
            Written::Absent => "nothing (cleared)".to_owned(),
        }
    }
}

fn resolve(
    s: &mut Scope<'_>,
    item: Option<&ItemRef>,
    field: &str,
    resolution: Resolution,
    record_decision: bool,
) -> Result<Applied> {
    let (base, label, kind) = match item {
        Some(r) => {
            let obj = s.item(r.kind, &r.id)?;
            let label = crate::items::label(&s.tx, &obj, &r.id);
            (obj, format!("{} '{label}'", r.kind.noun()), Some(r.kind))
        }
        None => {
            let (root_key, _) = field.split_once('/').unwrap_or((field, ""));
            let key = if root_key == "devices" { DEVICES } else { PROJECT };
            let obj = map_at(&s.tx, &ROOT, key)
                .ok_or_else(|| CoreError::Invalid("this document has no project settings".into()))?;
            (obj, "the project settings".to_owned(), None)
        }
    };
    let path = match item {
        None => field.strip_prefix("devices/").unwrap_or(field),
        Some(_) => field,
    };
    let (obj, key) = walk(s, &base, path, field)?;
    let candidates = candidates(s, &obj, &key);
    if candidates.len() < 2 {
        return Err(CoreError::Invalid(format!(
            "{field} of {label} holds a single value: there is nothing to settle (someone may have settled it \
             already; sync and list the conflicts again)"
        )));
    }
    let chosen = match resolution {
        Resolution::Pick { change } => pick(&candidates, &change, field, &label)?,
        Resolution::Value { value } => typed(s, kind, &key, &candidates, &value)?,
    };
    write(s, &obj, &key, &chosen, field)?;
    if kind.is_some() {
        check_date_pairs(s, &obj, &key)?;
    }
    let shown = chosen.show(s);
    let replaced: Vec<String> = candidates.iter().map(|c| format!("{} (by {})", c.value.show(s), c.author)).collect();
    let summary = format!("Settle {field} of {label}: {shown}, replacing {}", replaced.join(" and "));
    if record_decision {
        let tasks = match item {
            Some(r) if r.kind == Kind::Task => {
                vec![r.id.parse().map_err(|_| CoreError::InvalidId { kind: "task", value: r.id.clone() })?]
            }
            _ => Vec::new(),
        };
        let author = s.author.clone();
        let created = crate::decisions::add_decision(
            s,
            NewDecision {
                title: format!("Settle {field} of {label}"),
                context: format!(
                    "Concurrent edits left {field} of {label} with {} values: {}.",
                    candidates.len(),
                    replaced.join(", ")
                ),
                decision: format!("{field} is {shown}."),
                alternatives: candidates
                    .iter()
                    .filter(|c| c.value != chosen)
                    .map(|c| format!("{} (by {})", c.value.show(s), c.author))
                    .collect::<Vec<_>>()
                    .join("\n"),
                decided_by: author.clone(),
                decided_at: Some(s.now.date()),
                meetings: Vec::new(),
                tasks,
            },
        )?;
        let id = created.created.clone().unwrap_or_default();
        let dec = s.item(Kind::Decision, &id)?;
        s.tx.put(&dec, "status", DecisionStatus::Accepted.as_str())?;
        return Ok(Applied::new(format!("{summary}; recorded as decision {id}")));
    }
    Ok(Applied::new(summary))
}

/// Follows a `/`-separated field path through nested maps; returns the map and the last key.
fn walk(s: &Scope<'_>, base: &ObjId, path: &str, field: &str) -> Result<(ObjId, String)> {
    let parts: Vec<&str> = path.split('/').collect();
    if parts.iter().any(|p| p.is_empty()) {
        return Err(CoreError::Invalid(format!(
            "'{field}' is not a field path; use the field as the conflict list shows it"
        )));
    }
    let mut obj = base.clone();
    for p in &parts[..parts.len() - 1] {
        obj = map_at(&s.tx, &obj, p)
            .ok_or_else(|| CoreError::Invalid(format!("there is no field {field} here: '{p}' is not a nested map")))?;
    }
    Ok((obj, parts[parts.len() - 1].to_owned()))
}

fn candidates(s: &Scope<'_>, obj: &ObjId, key: &str) -> Vec<Candidate> {
    let all = s.tx.get_all(obj, key).unwrap_or_default();
    all.into_iter()
        .map(|(v, op)| {
            let value = match v {
                Value::Scalar(sc) => Written::Scalar(sc.into_owned()),
                Value::Object(ObjType::Text) => Written::Text(s.tx.text(&op).unwrap_or_default()),
                Value::Object(_) => Written::Object,
            };
            let actor = match &op {
                ObjId::Id(_, actor, _) => actor.to_hex_string(),
                ObjId::Root => String::new(),
            };
            let author = match member_of_actor(&s.tx, &actor) {
                Some(m) => crate::project::member_name(&s.tx, m.as_str()),
                None => format!("unknown device {}", &actor[..actor.len().min(8)]),
            };
            let hash = s.tx.hash_for_opid(&op).map(|h| h.to_string());
            Candidate { value, hash, author }
        })
        .collect()
}

fn pick(candidates: &[Candidate], change: &str, field: &str, label: &str) -> Result<Written> {
    let want = change.trim().to_ascii_lowercase();
    if want.len() < 6 || !want.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(CoreError::Invalid(format!(
            "'{change}' is not a change hash: give the hash (at least 6 hex characters) of the change whose value to keep"
        )));
    }
    let matching: Vec<&Candidate> =
        candidates.iter().filter(|c| c.hash.as_deref().is_some_and(|h| h.starts_with(&want))).collect();
    match matching.as_slice() {
        [one] => {
            if matches!(one.value, Written::Object) {
                return Err(CoreError::Invalid(format!(
                    "the value of {field} written by change {want} is a nested object; edit {label} field by field instead"
                )));
            }
            Ok(one.value.clone())
        }
        [] => {
            let known: Vec<String> =
                candidates.iter().filter_map(|c| c.hash.as_ref().map(|h| h[..h.len().min(8)].to_owned())).collect();
            Err(CoreError::Invalid(format!(
                "no concurrent value of {field} of {label} was written by change {want}; the values come from {}",
                known.join(", ")
            )))
        }
        _ => Err(CoreError::Invalid(format!(
            "change prefix {want} matches several values of {field}; give more characters"
        ))),
    }
}

fn is_member(s: &Scope<'_>, v: &str) -> bool {
    schema::collection(&s.tx, Kind::Member).ok().and_then(|c| map_at(&s.tx, &c, v)).is_some()
}

/// The closed choice fields: their allowed values, by kind and key.
fn choice_of(kind: Option<Kind>, key: &str) -> Option<fn(&str) -> Result<&'static str>> {
    use crate::{decisions, deliverables, goals, log, milestones, project, requests, resources, risks, tasks, values};
    fn p<T: std::str::FromStr<Err = CoreError> + Into<&'static str>>(v: &str) -> Result<&'static str> {
        v.parse::<T>().map(Into::into)
    }
    Some(match (kind, key) {
        (None, "health") => p::<values::Health>,
        (Some(Kind::Task), "status") => p::<tasks::TaskStatus>,
        (Some(Kind::Milestone), "status") => p::<milestones::MilestoneStatus>,
        (Some(Kind::Goal), "status") => p::<goals::GoalStatus>,
        (Some(Kind::Goal), "horizon") => p::<goals::GoalHorizon>,
        (Some(Kind::Risk), "status") => p::<risks::RiskStatus>,
        (Some(Kind::Issue), "status") => p::<risks::IssueStatus>,
        (Some(Kind::Issue), "severity") => p::<risks::Severity>,
        (Some(Kind::Decision), "status") => p::<decisions::DecisionStatus>,
        (Some(Kind::Request), "status") => p::<requests::RequestStatus>,
        (Some(Kind::Request), "priority") => p::<requests::Priority>,
        (Some(Kind::Deliverable), "review") => p::<deliverables::ReviewStatus>,
        (Some(Kind::Member), "role") => p::<project::MemberRole>,
        (Some(Kind::Resource), "kind") => p::<resources::ResourceKind>,
        (Some(Kind::Resource), "rate_unit") => p::<resources::RateUnit>,
        (Some(Kind::Expense), "state") => p::<resources::ExpenseState>,
        (Some(Kind::LogEntry), "kind") => p::<log::LogKind>,
        _ => return None,
    })
}

/// Checks a typed value against what the field holds and converts it to what gets written.
fn typed(
    s: &Scope<'_>,
    kind: Option<Kind>,
    key: &str,
    candidates: &[Candidate],
    value: &serde_json::Value,
) -> Result<Written> {
    use serde_json::Value as J;
    let choice = choice_of(kind, key);
    let required = choice.is_some() || matches!(key, "title" | "name" | "status");
    if value.is_null() {
        if required {
            return Err(CoreError::Empty { field: "value" });
        }
        return Ok(Written::Absent);
    }
    if candidates.iter().any(|c| matches!(c.value, Written::Text(_))) {
        let J::String(t) = value else {
            return Err(CoreError::Invalid(format!("{key} is text: type the new text as a string")));
        };
        return Ok(Written::Text(t.clone()));
    }
    let scalars: Vec<&ScalarValue> = candidates
        .iter()
        .filter_map(|c| match &c.value {
            Written::Scalar(v) => Some(v),
            _ => None,
        })
        .collect();
    let strings: Vec<String> = scalars
        .iter()
        .filter_map(|v| match v {
            ScalarValue::Str(s) => Some(s.to_string()),
            _ => None,
        })
        .collect();
    let all_non_negative = scalars.iter().all(|v| match v {
        ScalarValue::Int(i) => *i >= 0,
        ScalarValue::F64(f) => *f >= 0.0,
        _ => true,
    });
    match scalars.first() {
        Some(ScalarValue::Str(_)) if strings.len() == scalars.len() => {
            let J::String(v) = value else {
                return Err(CoreError::Invalid(format!("{key} holds text: give the new value as a string")));
            };
            if let Some(parse) = choice {
                return Ok(Written::Scalar(ScalarValue::Str(parse(v)?.into())));
            }
            if strings.iter().all(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok()) {
                let d = crate::ids::parse_date("value", v)?;
                return Ok(Written::Scalar(ScalarValue::Str(format_date(d).into())));
            }
            if strings.iter().all(|v| is_member(s, v)) {
                let id: MemberId =
                    v.trim().parse().map_err(|_| CoreError::InvalidId { kind: "member", value: v.clone() })?;
                check::member(s, &id)?;
                return Ok(Written::Scalar(ScalarValue::Str(id.as_str().into())));
            }
            if required {
                let t = check::title("value", v, 300)?;
                return Ok(Written::Scalar(ScalarValue::Str(t.into())));
            }
            Ok(Written::Scalar(ScalarValue::Str(v.as_str().into())))
        }
        Some(ScalarValue::Int(_) | ScalarValue::Uint(_) | ScalarValue::F64(_))
            if scalars
                .iter()
                .all(|v| matches!(v, ScalarValue::Int(_) | ScalarValue::Uint(_) | ScalarValue::F64(_))) =>
        {
            let J::Number(n) = value else {
                return Err(CoreError::Invalid(format!("{key} holds a number: give the new value as a number")));
            };
            let floats = scalars.iter().any(|v| matches!(v, ScalarValue::F64(_)));
            let out = if floats {
                let f = n
                    .as_f64()
                    .filter(|f| f.is_finite())
                    .ok_or_else(|| CoreError::Invalid(format!("{n} is not a number")))?;
                if all_non_negative && f < 0.0 {
                    return Err(CoreError::Negative { field: "value", value: n.to_string() });
                }
                ScalarValue::F64(f)
            } else {
                let i = n.as_i64().ok_or_else(|| {
                    CoreError::Invalid(format!("{key} holds whole numbers: {n} is not a whole number"))
                })?;
                if all_non_negative && i < 0 {
                    return Err(CoreError::Negative { field: "value", value: n.to_string() });
                }
                ScalarValue::Int(i)
            };
            Ok(Written::Scalar(out))
        }
        Some(ScalarValue::Boolean(_)) if scalars.iter().all(|v| matches!(v, ScalarValue::Boolean(_))) => match value {
            J::Bool(b) => Ok(Written::Scalar(ScalarValue::Boolean(*b))),
            _ => Err(CoreError::Invalid(format!("{key} is yes or no: give true or false"))),
        },
        _ => Err(CoreError::Invalid(format!(
            "the concurrent values of {key} are of different kinds; pick one of them (by its change) instead of typing a value"
        ))),
    }
}

fn write(s: &mut Scope<'_>, obj: &ObjId, key: &str, chosen: &Written, field: &str) -> Result<()> {
    match chosen {
        Written::Scalar(v) => s.tx.put(obj, key, v.clone())?,
        Written::Text(t) => {
            doc::put_text(&mut s.tx, obj, key, t)?;
        }
        Written::Absent => s.tx.delete(obj, key)?,
        Written::Object => {
            return Err(CoreError::Invalid(format!("{field} holds a nested object and cannot be written back whole")));
        }
    }
    Ok(())
}

/// A start date may not end up after its end date because of a settled value.
fn check_date_pairs(s: &Scope<'_>, obj: &ObjId, key: &str) -> Result<()> {
    const PAIRS: [(&str, &str); 3] = [("start", "due"), ("start", "end"), ("period_from", "period_to")];
    for (a, b) in PAIRS {
        if key == a || key == b {
            let start = doc::get_date(&s.tx, obj, a);
            let end = doc::get_date(&s.tx, obj, b);
            check::date_order(a, start, b, end)?;
        }
    }
    Ok(())
}
