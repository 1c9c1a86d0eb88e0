//! Readable text for people. Scripts use `--json`; nothing here is a contract.

use std::fmt::Write;

use chrono_tz::Tz;
use kith_core::{
    contacts::Contact,
    followups::{FollowUp, FollowUpStatus},
    interactions::Interaction,
    rules::Dashboard,
    store::HistoryEntry,
    time::Timestamp,
    Result,
};
use rusqlite::Connection;

fn or_dash(s: Option<&str>) -> &str {
    s.filter(|s| !s.is_empty()).unwrap_or("-")
}

/// `s` safe to print on a terminal: control characters (an escape sequence in an imported
/// name could recolour or rewrite the screen) are shown as `\u{1b}` instead of being sent.
pub fn clean(s: &str) -> String {
    if !s.chars().any(char::is_control) {
        return s.to_string();
    }
    s.chars()
        .map(|c| match c {
            c if c.is_control() => c.escape_unicode().to_string(),
            c => c.to_string(),
        })
        .collect()
}

/// Cuts `s` to `n` characters, marking the cut.
fn fit(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        format!(
            "{}…",
            s.chars().take(n.saturating_sub(1)).collect::<String>()
        )
    }
}

pub fn contact_table(list: &[&Contact], tz: Tz) -> String {
    if list.is_empty() {
        return "No contacts.".into();
    }
    let mut s = format!(
        "{:<36}  {:<28}  {:<22}  {:<30}  {}\n",
        "ID", "NAME", "COMPANY", "EMAIL", "LAST CONTACTED"
    );
    for c in list {
        let name = if c.vip {
            format!("{} ★", c.name)
        } else {
            c.name.clone()
        };
        let _ = writeln!(
            s,
            "{:<36}  {:<28}  {:<22}  {:<30}  {}",
            c.id,
            fit(&name, 28),
            fit(or_dash(c.company.as_deref()), 22),
            fit(or_dash(c.emails.first().map(|e| e.value.as_str())), 30),
            c.last_contacted_at
                .map(|t| t.display_local(tz))
                .unwrap_or_else(|| "never".into()),
        );
    }
    s
}

pub fn contact(c: &Contact, timeline: &[Interaction], follow_ups: &[FollowUp], tz: Tz) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{}{}", c.name, if c.vip { "  ★ VIP" } else { "" });
    let _ = writeln!(s, "id: {}", c.id);
    if let Some(t) = c.deleted_at {
        let _ = writeln!(
            s,
            "DELETED {} (kith contact restore {})",
            t.display_local(tz),
            c.id
        );
    }
    let mut field = |k: &str, v: Option<String>| {
        if let Some(v) = v.filter(|v| !v.is_empty()) {
            let _ = writeln!(s, "{k:<18}{v}");
        }
    };
    field("status", Some(c.status.as_str().into()));
    field("title", c.title.clone());
    field("company", c.company.clone());
    field("relationship", c.relationship.clone());
    field("industry", c.industry.clone());
    field("location", c.location.clone());
    field("birthday", c.birthday.map(|b| b.to_string()));
    field("preferred channel", c.preferred_channel.clone());
    field(
        "keep in touch",
        c.keep_in_touch_days.map(|d| format!("every {d} days")),
    );
    field(
        "last contacted",
        c.last_contacted_at.map(|t| t.display_local(tz)),
    );
    field("tags", Some(c.tags.join(", ")));
    for e in &c.emails {
        field("email", Some(labelled(&e.label, &e.value)));
    }
    for p in &c.phones {
        let e164 = p
            .e164
            .as_deref()
            .filter(|e| *e != p.value)
            .map(|e| format!(" ({e})"))
            .unwrap_or_default();
        field(
            "phone",
            Some(format!("{}{e164}", labelled(&p.label, &p.value))),
        );
    }
    for l in &c.social_links {
        field("social", Some(labelled(&l.label, &l.url)));
    }
    for a in &c.addresses {
        let parts = [&a.street, &a.city, &a.region, &a.postal_code, &a.country];
        let line = parts
            .iter()
            .filter_map(|p| p.as_deref())
            .collect::<Vec<_>>()
            .join(", ");
        field("address", Some(labelled(&a.label, &line)));
    }
    for k in kith_core::contacts::Background::FIELDS {
        field(
            &format!("background {k}"),
            Some(c.background.get(k).to_string()),
        );
    }
    for f in &c.custom_fields {
        field(&f.key, Some(f.value.clone()));
    }
    let _ = writeln!(
        s,
        "created {}, updated {}",
        c.created_at.display_local(tz),
        c.updated_at.display_local(tz)
    );
    if !follow_ups.is_empty() {
        let _ = writeln!(s, "\nFollow-ups:");
        for f in follow_ups {
            let _ = writeln!(
                s,
                "  {}  {:<9}  {}  ({})",
                f.effective_at().display_local(tz),
                f.status.as_str(),
                or_dash(f.note.as_deref()),
                f.id
            );
        }
    }
    if !timeline.is_empty() {
        let _ = writeln!(s, "\nInteractions:");
        for i in timeline {
            let _ = writeln!(
                s,
                "  {}  {:<8}  {}",
                i.occurred_at.display_local(tz),
                i.kind.as_str(),
                fit(&i.notes.replace('\n', " "), 80)
            );
        }
    }
    s
}

fn labelled(label: &str, value: &str) -> String {
    if label.is_empty() {
        value.to_string()
    } else {
        format!("{value} ({label})")
    }
}

fn contact_name(conn: &Connection, f: &FollowUp) -> String {
    kith_core::contacts::get(conn, f.contact_id)
        .map(|c| c.name)
        .unwrap_or_else(|_| "?".into())
}

pub fn followup_table(
    conn: &Connection,
    list: &[FollowUp],
    now: Timestamp,
    tz: Tz,
) -> Result<String> {
    if list.is_empty() {
        return Ok("Nothing due. (kith followup list --all shows every follow-up)".into());
    }
    let mut s = format!(
        "{:<36}  {:<16}  {:<9}  {:<24}  {}\n",
        "ID", "DUE", "STATUS", "CONTACT", "NOTE"
    );
    let today = kith_core::time::start_of_day(now.local_date(tz), tz);
    for f in list {
        let overdue = f.status == FollowUpStatus::Open && f.effective_at() < today;
        let status = if overdue {
            "overdue"
        } else {
            f.status.as_str()
        };
        let _ = writeln!(
            s,
            "{:<36}  {:<16}  {:<9}  {:<24}  {}",
            f.id,
            f.effective_at().display_local(tz),
            status,
            fit(&contact_name(conn, f), 24),
            or_dash(f.note.as_deref())
        );
    }
    Ok(s)
}

pub fn dashboard(d: &Dashboard, tz: Tz) -> String {
    let mut s = String::new();
    let mut section = |title: &str, lines: Vec<String>| {
        let _ = writeln!(s, "{title}");
        if lines.is_empty() {
            let _ = writeln!(s, "  (none)");
        }
        for l in lines {
            let _ = writeln!(s, "  {l}");
        }
        s.push('\n');
    };
    let due = |list: &[kith_core::rules::DueFollowUp]| -> Vec<String> {
        list.iter()
            .map(|f| {
                format!(
                    "{}  {}  {}  ({})",
                    f.follow_up.effective_at().display_local(tz),
                    f.contact_name,
                    or_dash(f.follow_up.note.as_deref()),
                    f.follow_up.id
                )
            })
            .collect()
    };
    section("Overdue follow-ups", due(&d.overdue));
    section("Due today", due(&d.due_today));
    let more = |shown: usize, total: usize| {
        if total > shown {
            format!(" ({total}, the first {shown} shown)")
        } else {
            String::new()
        }
    };
    let reach_title = format!("Reach out to{}", more(d.reach_out.len(), d.reach_out_total));
    let birthday_title = format!(
        "Upcoming birthdays{}",
        more(d.birthdays.len(), d.birthdays_total)
    );
    section(
        &reach_title,
        d.reach_out
            .iter()
            .map(|r| match r.last_contacted_at {
                Some(_) => format!(
                    "{} — last contacted {} days ago (every {} days)",
                    r.name, r.days_since, r.keep_in_touch_days
                ),
                None => format!(
                    "{} — never contacted, added {} days ago (every {} days)",
                    r.name, r.days_since, r.keep_in_touch_days
                ),
            })
            .collect(),
    );
    section(
        &birthday_title,
        d.birthdays
            .iter()
            .map(|b| {
                let when = match b.days_until {
                    0 => "today".to_string(),
                    1 => "tomorrow".to_string(),
                    n => format!("in {n} days"),
                };
                let turning = b
                    .turning
                    .map(|t| format!(", turning {t}"))
                    .unwrap_or_default();
                format!(
                    "{} — {} ({}){turning}",
                    b.name,
                    when,
                    b.date.format("%a %-d %b")
                )
            })
            .collect(),
    );
    section(
        "Recent interactions",
        d.recent_interactions
            .iter()
            .map(|i| {
                format!(
                    "{}  {:<8} {}  {}",
                    i.interaction.occurred_at.display_local(tz),
                    i.interaction.kind.as_str(),
                    i.contact_name,
                    fit(&i.interaction.notes.replace('\n', " "), 60)
                )
            })
            .collect(),
    );
    section(
        "VIPs",
        d.vips
            .iter()
            .map(|c| format!("{}  ({})", c.name, c.id))
            .collect(),
    );
    s
}

pub fn history(entries: &[HistoryEntry], tz: Tz) -> String {
    let mut s = String::new();
    for e in entries {
        let device = if e.this_device {
            "this device".to_string()
        } else {
            format!("device {}", fit(&e.device, 12))
        };
        let _ = writeln!(
            s,
            "{}  {:<20}  {:<8} {}",
            e.at.display_local(tz),
            device,
            e.action,
            e.fields.join(", ")
        );
        for c in &e.changes {
            let _ = writeln!(
                s,
                "    {}: {} → {}",
                c.field,
                history_value(&c.old),
                history_value(&c.new)
            );
        }
    }
    if s.is_empty() {
        s.push_str("No changes recorded.");
    }
    s
}

/// A field's value in a history line: on one line, long text cut.
fn history_value(v: &serde_json::Value) -> String {
    let text = match v {
        serde_json::Value::Null => return "(none)".into(),
        serde_json::Value::String(s) if s.is_empty() => return "(empty)".into(),
        serde_json::Value::String(s) => format!("\"{s}\""),
        serde_json::Value::Array(a) if a.iter().all(|v| v.is_string()) => a
            .iter()
            .filter_map(|v| v.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string(),
    };
    fit(&text.replace('\n', " "), 70)
}

/// Interactions as a table, newest first; `names` gives each contact's name.
pub fn interaction_table(
    list: &[Interaction],
    names: &std::collections::HashMap<kith_core::ids::ContactId, String>,
    tz: Tz,
) -> String {
    if list.is_empty() {
        return "No interactions.".into();
    }
    let mut s = format!(
        "{:<36}  {:<16}  {:<8}  {:<24}  {}\n",
        "ID", "WHEN", "KIND", "CONTACT", "NOTES"
    );
    for i in list {
        let _ = writeln!(
            s,
            "{:<36}  {:<16}  {:<8}  {:<24}  {}",
            i.id,
            i.occurred_at.display_local(tz),
            i.kind.as_str(),
            fit(names.get(&i.contact_id).map_or("-", |n| n.as_str()), 24),
            fit(&i.notes.replace('\n', " "), 50)
        );
    }
    s
}
