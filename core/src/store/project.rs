//! The projection as a whole: emptying it for a rebuild, and its canonical form for comparing
//! replicas. Each kind's rows are its own ([`super::kind::RecordKind`]); this module only
//! walks the tables the registry lists.

use rusqlite::Connection;

use super::kind::Registry;
use crate::error::Result;

/// Empties every projection table, before a rebuild.
pub(crate) fn clear(conn: &Connection, kinds: &Registry) -> Result<()> {
    for table in kinds.tables() {
        let name = table.name;
        // A contentless search index is emptied by its own command.
        let sql = if table.search_index {
            format!("INSERT INTO {name}({name}) VALUES ('delete-all')")
        } else {
            format!("DELETE FROM {name}")
        };
        conn.execute(&sql, [])?;
    }
    Ok(())
}

/// Calls `line` with every canonical row of the projection, table by table in registry order.
/// Two replicas that agree produce the same lines.
pub(crate) fn visit(conn: &Connection, kinds: &Registry, mut line: impl FnMut(&str)) -> Result<()> {
    // A contentless index keeps terms, not text: its canonical rows come from a vocabulary
    // table over it, made for this connection.
    for table in kinds.tables().filter(|t| t.search_index) {
        let name = table.name;
        conn.execute_batch(&format!(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.{name}_terms USING fts5vocab(main, {name}, instance);"
        ))?;
    }
    let mut buf = String::new();
    for (q, table) in kinds.tables().enumerate() {
        let mut stmt = conn.prepare(table.canonical)?;
        let n = stmt.column_count();
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            buf.clear();
            buf.push_str(&q.to_string());
            for i in 0..n {
                buf.push('\u{1f}');
                buf.push_str(&format!("{:?}", r.get_ref(i)?));
            }
            line(&buf);
        }
    }
    Ok(())
}
