//! The desktop app end to end: the real `kith-desktop` binary in the real WebKit webview under
//! Xvfb, driven through tauri-driver and WebKitWebDriver. Assertions are on the DOM and on the
//! database file; a screenshot of each screen lands in `target/screenshots/`.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use anyhow::{ensure, Result};
use kith_tests::desktop::{content, driver_or_skip, App};
use kith_tests::workspace_bin;

const WAIT: Duration = Duration::from_secs(10);

/// Sets an input's value the way typing would (an `input` event), for the date and time fields
/// WebDriver cannot type into portably.
async fn set_value(app: &App, id: &str, value: &str) -> Result<()> {
    let e = app.get(id).await?;
    app.client
        .execute(
            "const [el, v] = arguments; el.value = v; \
             el.dispatchEvent(new Event('input', { bubbles: true })); \
             el.dispatchEvent(new Event('change', { bubbles: true }));",
            vec![serde_json::to_value(&e)?, value.into()],
        )
        .await?;
    Ok(())
}

/// Clicks through the page's own `click()`, for buttons shown only while hovered.
async fn js_click(app: &App, id: &str) -> Result<()> {
    let e = app.get(id).await?;
    app.client
        .execute("arguments[0].click();", vec![serde_json::to_value(&e)?])
        .await?;
    Ok(())
}

async fn select(app: &App, id: &str, value: &str) -> Result<()> {
    set_value(app, id, value).await
}

/// The first column of each row `sql` returns from the app's database file, as text.
fn sql_rows(db: &Path, sql: &str) -> Vec<Vec<String>> {
    let conn = rusqlite::Connection::open(db).expect("open the app's database");
    let mut stmt = conn.prepare(sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
    let n = stmt.column_count();
    let rows = stmt
        .query_map([], |r| {
            (0..n)
                .map(|i| {
                    Ok(match r.get::<_, rusqlite::types::Value>(i)? {
                        rusqlite::types::Value::Text(t) => t,
                        rusqlite::types::Value::Integer(v) => v.to_string(),
                        rusqlite::types::Value::Null => String::new(),
                        other => format!("{other:?}"),
                    })
                })
                .collect::<rusqlite::Result<Vec<_>>>()
        })
        .unwrap();
    rows.collect::<rusqlite::Result<_>>().unwrap()
}

fn kith(db: &Path, args: &[&str]) -> String {
    let out = Command::new(workspace_bin("kith-cli", "kith"))
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .expect("run kith");
    assert!(
        out.status.success(),
        "kith {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_day_in_the_app() -> Result<()> {
    let Some(driver) = driver_or_skip("a_day_in_the_app") else {
        return Ok(());
    };
    let binary = workspace_bin("kith-desktop", "kith-desktop");
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("kith.db");
    let app = App::launch(&driver, &binary, &db, &[]).await?;
    let result = day(&app, &db, dir.path()).await;
    if result.is_err() {
        let _ = app.shot("a_day_in_the_app-failed").await;
    }
    app.close().await?;
    result
}

async fn day(app: &App, db: &Path, dir: &Path) -> Result<()> {
    // The first screen: an empty dashboard that says what to do.
    app.get("dash-due-today").await?;
    app.shot("dashboard-empty").await?;

    // A malformed IPC payload is refused with {code, message} naming where, and stores nothing.
    let reply = app
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1]; \
             window.__TAURI_INTERNALS__.invoke('contact_create', { input: { name: 'X', nickname: 'Y' } }) \
               .then((ok) => done({ ok }), (err) => done({ err }));",
            vec![],
        )
        .await?;
    ensure!(
        reply["err"]["code"] == "invalid_input"
            && reply["err"]["message"]
                .as_str()
                .is_some_and(|m| m.starts_with("input.nickname: unknown field")),
        "unexpected reply {reply}"
    );
    ensure!(
        sql_rows(db, "SELECT COUNT(*) FROM contacts")[0][0] == "0",
        "a refused payload stored a contact"
    );

    // Create a contact.
    app.click("nav-contacts").await?;
    app.click("new-contact").await?;
    app.fill("new-contact-name", "Ada Lovelace").await?;
    app.fill("new-contact-company", "Analytical Engines")
        .await?;
    app.click("new-contact-save").await?;
    app.wait_text("contact-name", "Ada Lovelace", WAIT).await?;
    let stored = sql_rows(db, "SELECT name, company FROM contacts");
    ensure!(
        stored
            == vec![vec![
                "Ada Lovelace".to_string(),
                "Analytical Engines".into()
            ]],
        "stored {stored:?}"
    );

    // Find it by search.
    app.click("nav-contacts").await?;
    app.fill("contact-search", "lovel").await?;
    app.wait_text("contact-row", "Ada Lovelace", WAIT).await?;
    app.shot("contacts-search").await?;
    app.get("contact-row").await?.click().await?;
    app.wait_text("contact-name", "Ada Lovelace", WAIT).await?;

    // Edit a field inline.
    app.click("field-title").await?;
    app.fill("field-title-input", "Mathematician").await?;
    app.get("field-title-input")
        .await?
        .send_keys(&char::from(fantoccini::key::Key::Enter).to_string())
        .await?;
    app.wait_text("field-title", "Mathematician", WAIT).await?;
    ensure!(
        sql_rows(db, "SELECT json_extract(record, '$.title') FROM contacts")[0][0]
            == "Mathematician",
        "the title was not stored"
    );

    // Log an interaction.
    app.click("log-interaction").await?;
    app.get("log-dialog").await?;
    select(app, "log-kind", "call").await?;
    app.fill("log-notes", "Talked about the engine's notes")
        .await?;
    app.click("log-save").await?;
    app.wait_text("interaction-item", "Talked about the engine", WAIT)
        .await?;
    ensure!(
        sql_rows(db, "SELECT kind FROM interactions") == vec![vec!["call".to_string()]],
        "the interaction was not stored as a call"
    );

    // Edit it in the timeline: a meeting after all, with more notes.
    js_click(app, "interaction-edit-open").await?;
    app.fill(
        "interaction-edit-notes",
        "Met about the engine's notes and Babbage",
    )
    .await?;
    select(app, "interaction-edit-kind", "meeting").await?;
    app.click("interaction-edit-save").await?;
    app.wait_text("interaction-item", "and Babbage", WAIT)
        .await?;
    ensure!(
        sql_rows(db, "SELECT kind FROM interactions") == vec![vec!["meeting".to_string()]],
        "the edit did not reach the file"
    );
    // The filter bar asks the whole timeline: no calls now, one meeting.
    select(app, "timeline-filter-kind", "call").await?;
    app.wait_gone("interaction-item", "and Babbage", WAIT)
        .await?;
    select(app, "timeline-filter-kind", "meeting").await?;
    app.wait_text("interaction-item", "and Babbage", WAIT)
        .await?;
    // The history panel says what the title was and became.
    app.wait_text("history-change", "Mathematician", WAIT)
        .await?;
    app.shot("contact-timeline-edited").await?;

    // Add a follow-up due now and see it on the dashboard.
    let due = chrono::Local::now().format("%Y-%m-%dT%H:%M").to_string();
    app.click("add-followup").await?;
    set_value(app, "followup-due", &due).await?;
    app.fill("followup-note", "Send the translation").await?;
    app.click("followup-save").await?;
    app.wait_text("followup-item", "Send the translation", WAIT)
        .await?;
    app.shot("contact").await?;
    app.click("nav-dashboard").await?;
    app.wait_text("dash-followup", "Send the translation", WAIT)
        .await?;
    app.shot("dashboard").await?;

    // Mark it done in place.
    app.click("followup-done").await?;
    app.wait_gone("dash-followup", "Send the translation", WAIT)
        .await?;
    ensure!(
        sql_rows(db, "SELECT status FROM follow_ups") == vec![vec!["done".to_string()]],
        "the follow-up is not done in the file"
    );

    // Import a CSV with no header row: the mapping step opens with Kith's guesses (a name and
    // an email), the user names the other two columns, and the report lists the failed row.
    let csv = dir.join("people.csv");
    std::fs::write(
        &csv,
        "Grace Hopper,grace@navy.example,US Navy,\nAlan Turing,alan@example.org,,codebreaker\n,,,a row with nobody in it\n",
    )?;
    app.click("nav-import").await?;
    app.fill("import-path", csv.to_str().unwrap()).await?;
    app.click("import-preview").await?;
    app.get("import-refused").await?;
    app.get("import-mapper").await?;
    for (column, meaning) in [(2, "company"), (3, "notes")] {
        app.get(&format!("import-map-col-{column}"))
            .await?
            .select_by_value(meaning)
            .await?;
    }
    app.wait_text("import-preview-table", "US Navy", WAIT)
        .await?;
    app.shot("import-mapping").await?;
    app.click("import-run").await?;
    app.wait_text("import-report-created", "2", WAIT).await?;
    let errors = app.all("import-error-row").await?;
    ensure!(
        errors.len() == 1,
        "expected one failed row, saw {}",
        errors.len()
    );
    ensure!(
        content(&errors[0]).await.contains('3'),
        "the failed row is row 3"
    );
    app.shot("import-report").await?;
    ensure!(
        sql_rows(db, "SELECT COUNT(*) FROM contacts WHERE deleted_at IS NULL")[0][0] == "3",
        "the import did not store two people"
    );

    // Delete and undo.
    app.click("nav-contacts").await?;
    app.fill("contact-search", "Ada").await?;
    app.wait_text("contact-row", "Ada Lovelace", WAIT).await?;
    app.get("contact-row").await?.click().await?;
    app.wait_text("contact-name", "Ada Lovelace", WAIT).await?;
    app.click("delete-contact").await?;
    app.get("toast-undo").await?;
    ensure!(
        sql_rows(
            db,
            "SELECT deleted_at IS NOT NULL FROM contacts WHERE name = 'Ada Lovelace'"
        )[0][0]
            == "1",
        "the contact was not deleted"
    );
    app.click("toast-undo").await?;
    let restored = || {
        sql_rows(
            db,
            "SELECT deleted_at IS NULL FROM contacts WHERE name = 'Ada Lovelace'",
        )
    };
    let started = std::time::Instant::now();
    while restored()[0][0] != "1" {
        ensure!(started.elapsed() < WAIT, "undo did not restore the contact");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    app.click("nav-contacts").await?;
    app.fill("contact-search", "Ada").await?;
    app.wait_text("contact-row", "Ada Lovelace", WAIT).await?;

    // The remaining screens, for the README.
    app.fill("contact-search", "").await?;
    app.wait_text("contact-count", "3", WAIT).await?;
    app.shot("contacts").await?;
    app.click("nav-settings").await?;
    app.wait_text("settings-db-path", db.to_str().unwrap(), WAIT)
        .await?;
    app.shot("settings").await?;

    // Start at login: the switch adds a login item that starts Kith hidden in the tray, and
    // turning it off removes it.
    let login_items = dir.join("home/.config/autostart");
    let login_item = || {
        std::fs::read_dir(&login_items)
            .into_iter()
            .flatten()
            .flatten()
            .find(|e| e.path().extension().is_some_and(|x| x == "desktop"))
            .map(|e| std::fs::read_to_string(e.path()).unwrap_or_default())
    };
    ensure!(login_item().is_none(), "off until the user turns it on");
    app.click("setting-start-at-login").await?;
    let added = wait_until(|| login_item().filter(|t| t.contains("--hidden"))).await;
    ensure!(
        added.is_some(),
        "no login item with --hidden in {login_items:?}"
    );
    app.click("setting-start-at-login").await?;
    ensure!(
        wait_until(|| login_item().is_none().then_some(()))
            .await
            .is_some(),
        "the login item stayed after turning it off"
    );
    Ok(())
}

/// Polls `f` for up to [`WAIT`] until it gives something.
async fn wait_until<T>(mut f: impl FnMut() -> Option<T>) -> Option<T> {
    let start = std::time::Instant::now();
    while start.elapsed() < WAIT {
        if let Some(v) = f() {
            return Some(v);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    None
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cli_write_shows_in_the_open_window_within_a_second() -> Result<()> {
    let Some(driver) = driver_or_skip("a_cli_write_shows_in_the_open_window") else {
        return Ok(());
    };
    let binary = workspace_bin("kith-desktop", "kith-desktop");
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("kith.db");
    kith(&db, &["contact", "add", "--name", "Katherine Johnson"]);
    let app = App::launch(&driver, &binary, &db, &[]).await?;
    app.click("nav-contacts").await?;
    app.wait_text("contact-row", "Katherine Johnson", WAIT)
        .await?;

    kith(&db, &["contact", "add", "--name", "Dorothy Vaughan"]);
    let took = app
        .wait_text("contact-row", "Dorothy Vaughan", Duration::from_secs(1))
        .await?;
    eprintln!("a CLI write reached the open window in {took:?}");
    app.close().await
}
