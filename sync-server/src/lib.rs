//! `kith-sync-server`: the relay between a person's Kith devices.
//!
//! # The model
//!
//! An **account** (an email and an argon2id password hash) owns one **workspace** and any number
//! of **devices**. A device proves who it is with a random token it got at signup or login; the
//! server keeps only the token's SHA-256 and refuses a revoked device on its next request.
//!
//! Devices **push** changes they made and **pull** changes they have not seen. A change is opaque
//! to the server: a 64-hex-digit id (a keyed hash the device computes) and ciphertext sealed on
//! the device under a workspace key the server never has. The server gives each new change the
//! workspace's next **sequence number** (1, 2, 3, ... with no gaps), stores a change id once
//! (pushing it again counts as a duplicate) and serves "changes after N" in pages, so a retried
//! push or a repeated pull is harmless. A live stream of server-sent events tells connected
//! devices that the workspace **moved** (its newest sequence number grew), so they pull at once.
//!
//! # The parts
//!
//! - [`accounts`] and [`changes`]: one function per use case, called by the HTTP handlers.
//! - [`store`]: the [`Store`](store::Store) trait with SQLite and PostgreSQL implementations.
//! - [`live`]: the in-process hub that wakes event streams; PostgreSQL feeds it from
//!   `LISTEN/NOTIFY` so several instances can share one database.
//! - [`validate`], [`token`], [`password`], [`rate_limit`], [`metrics`]: the small pieces.
//! - [`http`] and [`serve`]: the axum boundary and starting up.
//!
//! The wire types are `kith_protocol` (the kith-protocol crate), shared with the client.

pub mod accounts;
pub mod changes;
pub mod error;
pub mod http;
pub mod live;
pub mod metrics;
pub mod password;
pub mod rate_limit;
pub mod relay;
pub mod serve;
pub mod store;
pub mod token;
pub mod validate;
