//! How a command is declared: once, in [`crate::commands::declared`], by name, input type,
//! output type and the function that runs it. [`declare_commands!`](crate::declare_commands) turns that one list into
//! everything else that must agree with it:
//!
//! - the `#[tauri::command]` wrappers and the handler given to `invoke_handler`
//!   ([`crate::commands::declared::invoke_handler`]);
//! - [`crate::commands::declared::COMMAND_NAMES`], which the guard tests compare with what the
//!   build script read from the same file (it turns each name into an `allow-NAME` permission)
//!   and with `capabilities/main.json`;
//! - [`crate::commands::declared::signatures`]: each command's TypeScript input and output,
//!   from which [`crate::bindings`] writes the UI's typed `commands` and the `Commands` type the
//!   demo backend must implement in full.
//!
//! An input reaches the command typed: [`Input`] reads the page's `input` argument with
//! [`crate::ipc::parse`], so a malformed payload is refused as `{code: "invalid_input",
//! message}` naming where it was wrong, before any command code (or the database) is reached.

use serde::de::DeserializeOwned;
use tauri::ipc::{CommandArg, CommandItem, InvokeBody, InvokeError};
use tauri::Runtime;

use crate::ipc::{parse, IpcError};

/// A command's `input` argument, read as `T`. A missing `input` reads as null, so commands
/// without input take `Input<()>`.
pub struct Input<T>(pub T);

impl<'de, T: DeserializeOwned, R: Runtime> CommandArg<'de, R> for Input<T> {
    fn from_command(command: CommandItem<'de, R>) -> Result<Self, InvokeError> {
        let value = match command.message.payload() {
            InvokeBody::Json(v) => v.get(command.key).cloned(),
            InvokeBody::Raw(_) => {
                return Err(InvokeError::from(IpcError {
                    code: "invalid_input".into(),
                    message: "input: expected JSON, got bytes".into(),
                }))
            }
        };
        parse(value).map(Input).map_err(InvokeError::from)
    }
}

/// One command as the TypeScript bindings describe it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signature {
    pub name: &'static str,
    /// The TypeScript type of `input`; `None` for a command that takes none.
    pub input: Option<String>,
    pub output: String,
}

/// The TypeScript name of `T` in the bindings.
pub fn ts_name<T: ts_rs::TS + ?Sized>() -> String {
    T::name(&crate::bindings::config())
}

/// `()` when a command declares no input.
#[doc(hidden)]
#[macro_export]
macro_rules! __input_or_unit {
    () => {
        ()
    };
    ($t:ty) => {
        $t
    };
}

/// Calls a command's function with the app, and with its input when it declares one.
#[doc(hidden)]
#[macro_export]
macro_rules! __call_command {
    ($f:path, $app:ident, $input:ident) => {
        $f($app)
    };
    ($f:path, $app:ident, $input:ident, $t:ty) => {
        $f($app, $input.0)
    };
}

/// The TypeScript input of a command, `None` when it declares none.
#[doc(hidden)]
#[macro_export]
macro_rules! __ts_input {
    () => {
        None
    };
    ($t:ty) => {
        Some($crate::declare::ts_name::<$t>())
    };
}

/// Declares the window's commands: `name(Input) -> Output = function;`, or `name() -> Output
/// = function;` for a command without input. `function` is an `async fn(AppHandle, Input) ->
/// IpcResult<Output>` (without the `Input` argument when there is none). The build script reads
/// the names from the invocation's text, one command per line (see `src/command_names.rs`).
#[macro_export]
macro_rules! declare_commands {
    ($(
        $(#[doc = $doc:literal])*
        $name:ident ( $($input:ty)? ) -> $output:ty = $f:path;
    )*) => {
        $(
            $(#[doc = $doc])*
            #[tauri::command]
            async fn $name(
                app: tauri::AppHandle,
                input: $crate::declare::Input<$crate::__input_or_unit!($($input)?)>,
            ) -> $crate::ipc::IpcResult<$output> {
                let _ = &input;
                $crate::__call_command!($f, app, input $(, $input)?).await
            }
        )*

        /// Every command of the window, in declaration order.
        pub const COMMAND_NAMES: &[&str] = &[$(stringify!($name)),*];

        /// The handler `tauri::Builder::invoke_handler` takes: every declared command.
        pub fn invoke_handler(
        ) -> impl Fn(tauri::ipc::Invoke<tauri::Wry>) -> bool + Send + Sync + 'static {
            tauri::generate_handler![$($name),*]
        }

        /// Every command's TypeScript input and output, in declaration order.
        pub fn signatures() -> Vec<$crate::declare::Signature> {
            vec![$(
                $crate::declare::Signature {
                    name: stringify!($name),
                    input: $crate::__ts_input!($($input)?),
                    output: $crate::declare::ts_name::<$output>(),
                }
            ),*]
        }
    };
}
