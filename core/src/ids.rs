//! Typed record ids. Every record is an Automerge document named by a UUIDv7, so ids sort by
//! creation time and two devices never mint the same one.

use std::fmt;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::{Error, Result};

macro_rules! record_id {
    ($name:ident, $kind:literal) => {
        #[derive(
            Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
        )]
        #[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(type = "string"))]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl $name {
            pub const KIND: &'static str = $kind;

            pub fn new() -> Self {
                Self(Uuid::now_v7())
            }

            /// Parses a full id; `what` names the argument in the error.
            pub fn parse(s: &str, what: &str) -> Result<Self> {
                Uuid::try_parse(s.trim()).map(Self).map_err(|_| {
                    Error::invalid(what, format!("'{}' is not a {} id", s.trim(), $kind))
                })
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

record_id!(ContactId, "contact");
record_id!(InteractionId, "interaction");
record_id!(FollowUpId, "follow-up");
