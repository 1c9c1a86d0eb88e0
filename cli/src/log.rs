//! `kith log`: log an interaction, list logged ones by contact, kind and time, edit one.

use kith_core::{
    contacts,
    interactions::{self, InteractionChanges, InteractionFilter, InteractionKind},
    time::{parse_when, parse_when_end},
    Error, Result,
};

use crate::args::{LogArgs, LogCommand};
use crate::commands::out;
use crate::{render, Ctx, Output};

pub fn log(ctx: &mut Ctx, args: LogArgs) -> Result<Output> {
    let (now, tz) = (ctx.now, ctx.tz);
    let kind = |k: Option<String>| k.map(|k| InteractionKind::parse(&k, "--kind")).transpose();
    let at = |w: Option<String>, what: &str| w.map(|w| parse_when(&w, now, tz, what)).transpose();
    match args.action {
        None => {
            // clap requires these three without a subcommand.
            let (Some(id), Some(k), Some(notes)) = (args.id, args.kind, args.notes) else {
                return Err(Error::invalid(
                    "log",
                    "give a contact id, --kind and --notes",
                ));
            };
            let contact = contacts::resolve(ctx.store.conn(), &id)?;
            let changes = InteractionChanges {
                kind: kind(Some(k))?,
                occurred_at: at(args.at, "--at")?,
                notes: Some(notes),
                ..Default::default()
            };
            let i = ctx
                .store
                .write(|tx| interactions::create(tx, contact, changes, now))?;
            out(&i, done("Logged", &i, tz))
        }
        Some(LogCommand::List {
            contact,
            kind: k,
            from,
            to,
            limit,
        }) => {
            let conn = ctx.store.conn();
            let from = at(from, "--from")?;
            let to = to
                .map(|w| parse_when_end(&w, now, tz, "--to"))
                .transpose()?;
            if let (Some(f), Some(t)) = (from, to) {
                if t < f {
                    return Err(Error::invalid(
                        "--to",
                        "the range ends before it starts; give a --to later than --from",
                    ));
                }
            }
            let filter = InteractionFilter {
                contact: contact.map(|c| contacts::resolve(conn, &c)).transpose()?,
                kind: kind(k)?,
                from,
                to,
                limit,
            };
            let found = interactions::list(conn, &filter)?;
            let mut names = std::collections::HashMap::new();
            for i in &found {
                if let std::collections::hash_map::Entry::Vacant(e) = names.entry(i.contact_id) {
                    e.insert(contacts::get(conn, i.contact_id)?.name);
                }
            }
            let mut text = render::interaction_table(&found, &names, tz);
            let shown = filter.limit.unwrap_or(interactions::query::DEFAULT_LIMIT);
            if found.len() as u64 >= u64::from(shown) && shown > 0 {
                text.push_str(&format!(
                    "Showing the latest {shown}; --limit N shows more, --from/--to narrow it.\n"
                ));
            }
            out(&found, text)
        }
        Some(LogCommand::Edit {
            id,
            notes,
            kind: k,
            at: when,
        }) => {
            let id = interactions::resolve(ctx.store.conn(), &id)?;
            let changes = InteractionChanges {
                kind: kind(k)?,
                occurred_at: at(when, "--at")?,
                notes,
                ..Default::default()
            };
            if changes == InteractionChanges::default() {
                return Err(Error::invalid(
                    "log edit",
                    "nothing to change; give --notes, --kind or --at",
                ));
            }
            let i = ctx
                .store
                .write(|tx| interactions::update(tx, id, changes, now))?;
            out(&i, done("Updated", &i, tz))
        }
    }
}

/// `Logged call on WHEN (ID)`: what `kith log` and `kith log edit` say they did.
fn done(verb: &str, i: &interactions::Interaction, tz: chrono_tz::Tz) -> String {
    format!(
        "{verb} {} on {} ({})",
        i.kind.as_str(),
        i.occurred_at.display_local(tz),
        i.id
    )
}
