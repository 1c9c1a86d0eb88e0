//! `kith settings`: the reminder settings kept in the database file.

use std::fmt::Write;

use kith_core::{settings, Result};

use crate::args::SettingsCommand;
use crate::commands::out;
use crate::{Ctx, Output};

pub fn settings(ctx: &mut Ctx, c: SettingsCommand) -> Result<Output> {
    match c {
        SettingsCommand::List => {
            let entries = settings::list(&ctx.store)?;
            let mut text = format!(
                "{:<24}  {:<12}  {:<12}  {}\n",
                "KEY", "VALUE", "DEFAULT", "DESCRIPTION"
            );
            for e in &entries {
                let _ = writeln!(
                    text,
                    "{:<24}  {:<12}  {:<12}  {}",
                    e.key, e.value, e.default, e.description
                );
            }
            out(&entries, text)
        }
        SettingsCommand::Get { key } => {
            let s = settings::get(&ctx.store, &key)?;
            let text = s.value.clone();
            out(&s, text)
        }
        SettingsCommand::Set { key, value } => {
            let s = settings::set(&mut ctx.store, &key, &value)?;
            let text = format!("{} = {}", s.key, s.value);
            out(&s, text)
        }
    }
}
