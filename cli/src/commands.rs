//! Each command: parse its arguments into kith-core types, call one core function, render.

use kith_core::{
    birthday::Birthday,
    contacts::{
        self, Address, BackgroundChanges, ContactChanges, ContactFilter, ContactStatus,
        CustomField, Email, Phone, SocialLink,
    },
    followups,
    ids::DocId,
    import::csv::ColumnMap,
    interactions, rules, search,
    time::parse_when,
    Error, Result,
};
use serde::Serialize;

use crate::args::{ClearList, Command, ContactCommand, ContactFields, FollowupCommand};
use crate::{render, Ctx, Output};

pub(crate) fn out<T: Serialize>(value: &T, text: String) -> Result<Output> {
    Ok(Output {
        json: Some(serde_json::to_value(value).expect("records serialise")),
        text,
    })
}

pub fn dispatch(ctx: &mut Ctx, command: Command) -> Result<Output> {
    match command {
        Command::Contact(c) => contact(ctx, c),
        Command::Followup(f) => followup(ctx, f),
        Command::Search { query, limit } => {
            let hits = search::search(ctx.store.conn(), &query.join(" "), limit)?;
            let found: Vec<_> = hits.iter().map(|h| &h.contact).collect();
            out(&found, render::contact_table(&found, ctx.tz))
        }
        Command::Log(args) => crate::log::log(ctx, *args),
        Command::Dashboard => {
            let d = rules::dashboard(ctx.store.conn(), ctx.now, ctx.tz)?;
            let mut text = render::dashboard(&d, ctx.tz);
            let first = ContactFilter {
                limit: Some(1),
                ..Default::default()
            };
            if contacts::list(ctx.store.conn(), &first)?.is_empty() {
                text.push_str(
                    "No contacts yet. Add one with `kith contact add --name NAME`, or bring your \
                     address book with `kith import FILE` (CSV or vCard).",
                );
            }
            out(&d, text)
        }
        Command::History { id } => {
            let doc = resolve_any(ctx, &id)?;
            let entries = ctx.store.history(doc)?;
            let text = render::history(&entries, ctx.tz);
            out(&entries, text)
        }
        Command::Import {
            file,
            format,
            dry_run,
            columns,
            skip_header,
        } => {
            let map = columns
                .map(|list| ColumnMap::parse(&list, skip_header))
                .transpose()?;
            crate::transfer::import(ctx, &file, &format, map.as_ref(), dry_run)
        }
        Command::Export { format, out } => crate::transfer::export(ctx, &format, out.as_deref()),
        Command::Settings(c) => crate::settings::settings(ctx, c),
        Command::Account(a) => crate::account::account(ctx, a),
        Command::Login { who } => crate::account::login(ctx, who),
        Command::Logout => crate::account::logout(ctx),
        Command::Devices { action } => crate::account::devices(ctx, action),
        Command::Sync { watch } => crate::account::sync(ctx, watch),
        Command::Rebuild => {
            let r = ctx.store.rebuild()?;
            let text = format!(
                "Rebuilt {} documents; the rebuilt projection {} the live one.",
                r.documents,
                if r.matched {
                    "matched"
                } else {
                    "did NOT match"
                }
            );
            out(&r, text)
        }
    }
}

/// A record of any kind, for `history`.
fn resolve_any(ctx: &Ctx, id: &str) -> Result<DocId> {
    let conn = ctx.store.conn();
    let tries = [
        contacts::resolve(conn, id).map(DocId::from),
        interactions::resolve(conn, id).map(DocId::from),
        followups::resolve(conn, id).map(DocId::from),
    ];
    for t in tries {
        match t {
            Ok(found) => return Ok(found),
            Err(e @ Error::Invalid { .. }) => return Err(e),
            Err(_) => {}
        }
    }
    Err(Error::NotFound {
        kind: "record",
        id: id.trim().to_string(),
    })
}

/// `label=value`, where the label is a plain word; otherwise the whole text is the value.
fn labelled(raw: &str) -> (String, String) {
    match raw.split_once('=') {
        Some((label, value))
            if !label.is_empty()
                && label
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == ' ' || c == '-') =>
        {
            (label.trim().to_string(), value.trim().to_string())
        }
        _ => (String::new(), raw.trim().to_string()),
    }
}

/// An address from "street, city, region, postal code, country" (parts may be empty or left
/// off the end), optionally labelled `home=...`.
fn address(raw: &str) -> Result<Address> {
    let (label, line) = labelled(raw);
    let parts: Vec<&str> = line.split(',').map(str::trim).collect();
    if parts.len() > 5 {
        return Err(Error::invalid(
            "--address",
            format!(
                "'{line}' has {} comma-separated parts; give at most five: street, city, \
                 region, postal code, country",
                parts.len()
            ),
        ));
    }
    let part = |i: usize| {
        parts
            .get(i)
            .filter(|p| !p.is_empty())
            .map(|p| p.to_string())
    };
    let a = Address {
        label,
        street: part(0),
        city: part(1),
        region: part(2),
        postal_code: part(3),
        country: part(4),
    };
    if a == (Address {
        label: a.label.clone(),
        ..Default::default()
    }) {
        return Err(Error::invalid("--address", "the address is empty"));
    }
    Ok(a)
}

/// A field of the user's own from `KEY=VALUE`.
fn custom_field(raw: &str) -> Result<CustomField> {
    match raw.split_once('=') {
        Some((key, value)) if !key.trim().is_empty() => Ok(CustomField {
            key: key.trim().to_string(),
            value: value.trim().to_string(),
        }),
        _ => Err(Error::invalid(
            "--field",
            format!("'{raw}' is not KEY=VALUE, e.g. --field \"shoe size=44\""),
        )),
    }
}

/// Turns flags into an edit. `replace_lists` is true for `add`, where an absent list is empty.
fn changes_from(f: ContactFields, replace_lists: bool) -> Result<ContactChanges> {
    let list = |v: Vec<String>| (replace_lists || !v.is_empty()).then_some(v);
    Ok(ContactChanges {
        name: f.name,
        relationship: f.relationship,
        birthday: match f.birthday {
            Some(b) if b.trim().is_empty() => Some(None),
            Some(b) => Some(Some(Birthday::parse(&b, "--birthday")?)),
            None => None,
        },
        industry: f.industry,
        location: f.location,
        company: f.company,
        title: f.title,
        status: f
            .status
            .map(|s| ContactStatus::parse(&s, "--status"))
            .transpose()?,
        vip: if f.vip {
            Some(true)
        } else if f.no_vip {
            Some(false)
        } else {
            None
        },
        emails: list(f.emails).map(|v| {
            v.iter()
                .map(|e| {
                    let (label, value) = labelled(e);
                    Email { label, value }
                })
                .collect()
        }),
        phones: list(f.phones).map(|v| {
            v.iter()
                .map(|p| {
                    let (label, value) = labelled(p);
                    Phone {
                        label,
                        value,
                        e164: None,
                    }
                })
                .collect()
        }),
        social_links: list(f.links).map(|v| {
            v.iter()
                .map(|l| {
                    let (label, url) = labelled(l);
                    SocialLink { label, url }
                })
                .collect()
        }),
        addresses: list(f.addresses)
            .map(|v| v.iter().map(|a| address(a)).collect::<Result<_>>())
            .transpose()?,
        custom_fields: list(f.fields)
            .map(|v| v.iter().map(|c| custom_field(c)).collect::<Result<_>>())
            .transpose()?,
        background: BackgroundChanges {
            family: f.background_family,
            company: f.background_company,
            likes: f.background_likes,
            dislikes: f.background_dislikes,
            misc: f.background_misc,
        },
        preferred_channel: f.preferred_channel,
        tags: list(f.tags),
        keep_in_touch_days: f.keep_in_touch.map(|d| (d > 0).then_some(d)),
        ..Default::default()
    })
}

/// Empties the lists `--clear` names, refusing a list that is also given values.
fn clear_lists(c: &mut ContactChanges, clear: &[ClearList]) -> Result<()> {
    for list in clear {
        let (name, given) = match list {
            ClearList::Emails => ("emails", c.emails.replace(Vec::new()).is_some()),
            ClearList::Phones => ("phones", c.phones.replace(Vec::new()).is_some()),
            ClearList::Tags => ("tags", c.tags.replace(Vec::new()).is_some()),
            ClearList::Links => ("links", c.social_links.replace(Vec::new()).is_some()),
            ClearList::Addresses => ("addresses", c.addresses.replace(Vec::new()).is_some()),
            ClearList::Fields => ("fields", c.custom_fields.replace(Vec::new()).is_some()),
        };
        if given {
            return Err(Error::invalid(
                "--clear",
                format!("{name} are both cleared and given; use one or the other"),
            ));
        }
    }
    Ok(())
}

fn contact(ctx: &mut Ctx, c: ContactCommand) -> Result<Output> {
    let now = ctx.now;
    match c {
        ContactCommand::Add(fields) => {
            if fields.name.as_deref().is_none_or(|n| n.trim().is_empty()) {
                return Err(Error::invalid("--name", "a contact needs a name"));
            }
            let changes = changes_from(*fields, true)?;
            let created = ctx.store.write(|tx| contacts::create(tx, changes, now))?;
            let text = format!("Added {} ({})", created.name, created.id);
            out(&created, text)
        }
        ContactCommand::List {
            tag,
            vip,
            status,
            industry,
            sort,
            deleted,
            limit,
        } => {
            let sort = match sort.trim().to_ascii_lowercase().replace('_', "-").as_str() {
                "name" => contacts::ContactSort::Name,
                "last-contacted" => contacts::ContactSort::LastContacted,
                other => {
                    return Err(Error::invalid(
                        "--sort",
                        format!("'{other}' is not an order; use name or last-contacted"),
                    ))
                }
            };
            let filter = ContactFilter {
                tag,
                vip,
                status: status
                    .map(|s| ContactStatus::parse(&s, "--status"))
                    .transpose()?,
                industry,
                deleted,
                sort,
                limit,
                offset: 0,
            };
            let found = contacts::list(ctx.store.conn(), &filter)?;
            let refs: Vec<_> = found.iter().collect();
            out(&found, render::contact_table(&refs, ctx.tz))
        }
        ContactCommand::Show { id } => {
            let id = contacts::resolve(ctx.store.conn(), &id)?;
            let c = contacts::get(ctx.store.conn(), id)?;
            let timeline = interactions::for_contact(ctx.store.conn(), id, 20)?;
            let follow_ups = followups::for_contact(ctx.store.conn(), id)?;
            let text = render::contact(&c, &timeline, &follow_ups, ctx.tz);
            out(&c, text)
        }
        ContactCommand::Edit {
            id,
            fields,
            add_tags,
            remove_tags,
            clear,
        } => {
            let id = contacts::resolve(ctx.store.conn(), &id)?;
            let mut changes = ContactChanges {
                add_tags,
                remove_tags,
                ..changes_from(*fields, false)?
            };
            clear_lists(&mut changes, &clear)?;
            if changes == ContactChanges::default() {
                return Err(Error::invalid(
                    "contact edit",
                    "nothing to change; give at least one field flag",
                ));
            }
            let c = ctx
                .store
                .write(|tx| contacts::update(tx, id, changes, now))?;
            let text = format!("Updated {} ({})", c.name, c.id);
            out(&c, text)
        }
        ContactCommand::Delete { id } => {
            let id = contacts::resolve(ctx.store.conn(), &id)?;
            let c = ctx.store.write(|tx| contacts::delete(tx, id, now))?;
            let text = format!(
                "Deleted {}; `kith contact restore {}` brings them back",
                c.name, c.id
            );
            out(&c, text)
        }
        ContactCommand::Restore { id } => {
            let id = contacts::resolve(ctx.store.conn(), &id)?;
            let c = ctx.store.write(|tx| contacts::restore(tx, id, now))?;
            let text = format!("Restored {} ({})", c.name, c.id);
            out(&c, text)
        }
    }
}

fn followup(ctx: &mut Ctx, f: FollowupCommand) -> Result<Output> {
    let (now, tz) = (ctx.now, ctx.tz);
    match f {
        FollowupCommand::Add {
            id,
            due,
            note,
            every,
        } => {
            let contact = contacts::resolve(ctx.store.conn(), &id)?;
            let due = parse_when(&due, now, tz, "--due")?;
            let created = ctx
                .store
                .write(|tx| followups::create(tx, contact, due, note.as_deref(), every, now))?;
            let text = format!(
                "Follow-up due {} ({})",
                created.due_at.display_local(tz),
                created.id
            );
            out(&created, text)
        }
        FollowupCommand::List { all } => {
            let conn = ctx.store.conn();
            let list = if all {
                followups::list_all(conn)?
            } else {
                let d = rules::due(conn, now, tz)?;
                d.overdue
                    .into_iter()
                    .chain(d.due_today)
                    .map(|d| d.follow_up)
                    .collect()
            };
            let text = render::followup_table(conn, &list, now, tz)?;
            out(&list, text)
        }
        FollowupCommand::Done { fid } => {
            let id = followups::resolve(ctx.store.conn(), &fid)?;
            let (done, next) = ctx.store.write(|tx| followups::complete(tx, id, now, tz))?;
            let mut text = format!("Done ({})", done.id);
            if let Some(n) = next {
                text.push_str(&format!(
                    "; next one due {} ({})",
                    n.due_at.display_local(tz),
                    n.id
                ));
            }
            out(&done, text)
        }
        FollowupCommand::Snooze { fid, until } => {
            let id = followups::resolve(ctx.store.conn(), &fid)?;
            let until = parse_when(&until, now, tz, "--until")?;
            let f = ctx
                .store
                .write(|tx| followups::snooze(tx, id, until, now))?;
            let text = format!("Snoozed until {} ({})", until.display_local(tz), f.id);
            out(&f, text)
        }
        FollowupCommand::Ics { out } => crate::transfer::followup_ics(ctx, out.as_deref()),
    }
}
