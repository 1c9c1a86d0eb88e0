//! Sync with other devices through `kith-sync-server`: the wire protocol shared with the server,
//! end-to-end encryption, where the device keeps its secrets, and the client.

pub mod account;
pub mod client;
pub mod crypto;
pub mod protocol;
pub mod run;
pub mod secrets;
pub mod sign_in;
