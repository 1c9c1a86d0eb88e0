//! Moving the write-ahead log into the main file off the writer's thread.
//!
//! SQLite's automatic checkpoint runs inside whichever commit crosses the threshold, so that
//! write pays for copying the log and its fsyncs (kith-bench saw single writes jump from ~1 ms
//! to 12–33 ms every few dozen writes). Instead the writing connection's WAL hook wakes a
//! background thread with its own connection, which checkpoints passively: it never blocks
//! writers or readers. Under a steady stream of writes that thread is always a few pages behind,
//! and SQLite only restarts the log once a checkpoint has caught up, so past a larger threshold
//! the writer finishes the job itself; by then the thread has copied most pages, so it is short.
//!
//! One commit that alone wrote past that threshold (an import of thousands of contacts, a new
//! device's first sync) is not such a stream: its pages are all new to the thread, and copying
//! them is most of a second that the import would otherwise wait for after its data was already
//! safe. Those go to the thread too.

use std::os::raw::c_int;
use std::path::Path;
use std::sync::mpsc::{sync_channel, SyncSender};
use std::thread::JoinHandle;
use std::time::Duration;

use rusqlite::{hooks::Wal, Connection};

use crate::error::Result;

/// Log pages after which the background thread is asked to checkpoint (SQLite's default).
const WAKE_AT_PAGES: c_int = 1_000;
/// Log pages after which the writer checkpoints itself.
const WRITER_CHECKPOINTS_AT_PAGES: c_int = 8_000;

pub(super) struct Checkpointer {
    wake: Option<SyncSender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Checkpointer {
    /// Starts the thread and hooks `writer` to it.
    pub(super) fn start(path: &Path, writer: &mut Connection) -> Result<Self> {
        let bg = Connection::open(path)?;
        bg.busy_timeout(Duration::from_secs(5))?;
        // Capacity one: a wake-up that finds one already queued is redundant.
        let (wake, asleep) = sync_channel::<()>(1);
        let thread = std::thread::Builder::new()
            .name("kith-checkpoint".into())
            .spawn(move || {
                while asleep.recv().is_ok() {
                    // A failed passive checkpoint only means the next one has more to copy.
                    let _ = bg.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
                }
            })?;
        let hook_wake = wake.clone();
        // Log pages after the previous commit: what the latest one added is the difference.
        let mut before: c_int = 0;
        writer.wal_hook(Some(move |wal: &mut Wal, pages: c_int| {
            // Never fail here: an error from the hook would be reported as a failed commit of a
            // transaction that did commit. A checkpoint that fails is retried on a later write.
            let added = if pages >= before {
                pages - before
            } else {
                pages
            };
            before = pages;
            if pages >= WRITER_CHECKPOINTS_AT_PAGES && added < WRITER_CHECKPOINTS_AT_PAGES {
                let _ = wal.checkpoint();
                return Ok(());
            }
            if pages >= WAKE_AT_PAGES {
                let _ = hook_wake.try_send(());
            }
            Ok(())
        }))?;
        Ok(Checkpointer {
            wake: Some(wake),
            thread: Some(thread),
        })
    }
}

impl Drop for Checkpointer {
    /// Runs after the writer connection (and the hook's sender) is gone: closing the last sender
    /// ends the thread, and joining it means no checkpoint outlives the store.
    fn drop(&mut self) {
        self.wake.take();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
