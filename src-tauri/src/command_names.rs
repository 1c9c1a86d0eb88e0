/// The command names the `declare_commands!` invocation in `src/commands/declared.rs` lists, read
/// from its text: the build script cannot use the crate it builds, yet must turn each name into
/// an `allow-NAME` permission. Shared by `build.rs` and the guard test that holds it to
/// `COMMAND_NAMES` (what the macro itself expands to). A line it cannot read is an error, so a
/// command is never left out silently.
pub fn declared_command_names(source: &str) -> Result<Vec<String>, String> {
    let start = source
        .find("declare_commands! {")
        .ok_or("no `declare_commands! {` in the declaration file")?;
    let body = &source[start..];
    let mut names = Vec::new();
    for line in body.lines().skip(1) {
        let line = line.trim();
        if line == "}" {
            return Ok(names);
        }
        if line.is_empty() || line.starts_with("//") {
            continue;
        }
        let name = line
            .split_once('(')
            .map(|(name, _)| name.trim())
            .filter(|name| {
                !name.is_empty()
                    && name
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
                    && line.contains(") -> ")
                    && line.ends_with(';')
            })
            .ok_or_else(|| {
                format!("cannot read a command from `{line}`: write `name(Input) -> Output = function;` on one line")
            })?;
        names.push(name.to_string());
    }
    Err("the `declare_commands!` block is not closed by a `}` line".into())
}
