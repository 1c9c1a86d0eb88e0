//! `kith account create`, `login`, `logout`, `devices` and `sync`: the core does the work;
//! this asks for the password and recovery key, and words the answers.

use std::io::IsTerminal;

use kith_core::sync::account::{self, SignedIn};
use kith_core::sync::client;
use kith_core::sync::run::{self, SyncReport};
use kith_core::{Error, Result};
use serde_json::json;

use crate::args::{AccountCommand, DevicesCommand, SignIn};
use crate::{Ctx, Output};

/// A secret from the environment, or asked for on the terminal without echo.
fn secret(env: &str, prompt: &str, what: &str) -> Result<String> {
    if let Ok(v) = std::env::var(env) {
        if !v.is_empty() {
            return Ok(v);
        }
    }
    rpassword::prompt_password(prompt)
        .ok()
        .filter(|v| !v.is_empty())
        .ok_or_else(|| {
            Error::invalid(
                what,
                format!("none given: set {env} or run kith in a terminal to be asked"),
            )
        })
}

fn warn(signed: &SignedIn) {
    if let Some(w) = signed.place.warning() {
        eprintln!("kith: {w}");
    }
}

pub fn account(ctx: &mut Ctx, command: AccountCommand) -> Result<Output> {
    let AccountCommand::Create { who } = command;
    client::server_url(&who.server)?;
    let password = secret(
        "KITH_PASSWORD",
        "Password for the new account: ",
        "password",
    )?;
    let name = who.device_name.unwrap_or_else(account::default_device_name);
    let signed =
        account::create_account(&mut ctx.store, &who.server, &who.email, &password, &name)?;
    warn(&signed);
    let key = signed.recovery_key.clone().unwrap_or_default();
    let text = format!(
        "Created the account {} on {} with this database as its first device ({}).\n\n\
         Recovery key — needed to add another device, shown only this once; keep it somewhere safe:\n\n    {key}\n\n\
         Without it, no one (not even the server) can read this account's data.",
        signed.account.email, signed.account.server, signed.account.device_id
    );
    Ok(Output {
        json: Some(json!({
            "email": signed.account.email,
            "device_id": signed.account.device_id,
            "recovery_key": key,
        })),
        text,
    })
}

pub fn login(ctx: &mut Ctx, who: SignIn) -> Result<Output> {
    client::server_url(&who.server)?;
    let password = secret("KITH_PASSWORD", "Password: ", "password")?;
    let recovery = secret(
        "KITH_RECOVERY_KEY",
        "Recovery key (KITH-…): ",
        "recovery key",
    )?;
    let name = who.device_name.unwrap_or_else(account::default_device_name);
    let signed = account::login(
        &mut ctx.store,
        &who.server,
        &who.email,
        &password,
        &recovery,
        &name,
    )?;
    warn(&signed);
    let text = format!(
        "Logged in to {} as {} (this device: {}). Run `kith sync` to bring the data over.",
        signed.account.server, signed.account.email, signed.account.device_id
    );
    Ok(Output {
        json: Some(json!({
            "email": signed.account.email,
            "device_id": signed.account.device_id,
            "server": signed.account.server,
        })),
        text,
    })
}

pub fn logout(ctx: &mut Ctx) -> Result<Output> {
    let warning = account::logout(&mut ctx.store)?;
    if let Some(w) = &warning {
        eprintln!("kith: warning: {w}");
    }
    Ok(Output {
        json: Some(json!({ "logged_out": true })),
        text: "Logged out: this device's sync token is revoked and its secrets forgotten.".into(),
    })
}

pub fn devices(ctx: &mut Ctx, action: Option<DevicesCommand>) -> Result<Output> {
    let (c, _, _) = account::connect(&ctx.store)?;
    if let Some(DevicesCommand::Revoke { id }) = action {
        c.revoke(&id).map_err(|e| match e {
            Error::Server { status: 404, .. } => Error::NotFound {
                kind: "device",
                id: id.clone(),
            },
            e => e,
        })?;
        return Ok(Output {
            json: Some(json!({ "revoked": id })),
            text: format!("Revoked device {id}: its token no longer works."),
        });
    }
    let list = c.devices()?;
    let mut text = String::new();
    for d in &list {
        let state = match (d.current, d.revoked_at) {
            (_, Some(_)) => " (revoked)",
            (true, None) => " (this device)",
            _ => "",
        };
        let seen = d
            .last_seen_at
            .map(|t| kith_core::time::Timestamp(t).display_local(ctx.tz))
            .unwrap_or_else(|| "never".into());
        text.push_str(&format!(
            "{}  {}{state}  last seen {seen}\n",
            d.device_id, d.name
        ));
    }
    crate::commands::out(&list, text)
}

fn line(r: &SyncReport) -> String {
    format!(
        "Synced: pushed {}, pulled {} (server cursor {}).",
        r.pushed, r.pulled, r.cursor
    )
}

pub fn sync(ctx: &mut Ctx, watch: bool) -> Result<Output> {
    if !watch {
        let show = !ctx.json && std::io::stderr().is_terminal();
        let mut progress = |r: &SyncReport| {
            if show {
                eprint!("\rpushed {}, pulled {}…", r.pushed, r.pulled);
            }
        };
        return match run::sync(&mut ctx.store, &mut progress) {
            Ok(r) => {
                if show {
                    eprint!("\r\x1b[K");
                }
                let text = line(&r);
                crate::commands::out(&r, text)
            }
            // Offline is normal for a local-first app: say so, keep the outbox, succeed.
            Err(Error::Offline(why)) => {
                let waiting = ctx.store.outbox_len()?;
                Ok(Output {
                    json: Some(json!({ "offline": true, "reason": why, "waiting": waiting })),
                    text: format!(
                        "Offline ({why}); {waiting} local change(s) wait and will go out at the next sync."
                    ),
                })
            }
            Err(e) => Err(e),
        };
    }
    let stop = std::sync::atomic::AtomicBool::new(false);
    let json = ctx.json;
    run::watch(&mut ctx.store, &stop, &mut |event| {
        let text = match event {
            Ok(r) if json => serde_json::to_string(r).expect("report serialises"),
            Ok(r) => line(r),
            Err(e) if json => json!({ "error": e.code(), "message": e.to_string() }).to_string(),
            Err(e) => format!("kith: {e} (retrying)"),
        };
        println!("{text}");
    })?;
    Ok(Output {
        json: None,
        text: String::new(),
    })
}
