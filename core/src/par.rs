//! Pure work shared between the cores.

use std::num::NonZeroUsize;

/// How many threads share pure work: one per core, at most eight.
pub(crate) fn cores() -> usize {
    std::thread::available_parallelism()
        .map(NonZeroUsize::get)
        .unwrap_or(1)
        .clamp(1, 8)
}

/// `f` applied to every item, on every core (this thread included), in order.
pub(crate) fn map<T: Send, U: Send>(items: Vec<T>, f: impl Fn(T) -> U + Sync) -> Vec<U> {
    let threads = cores();
    if threads == 1 || items.len() < 16 {
        return items.into_iter().map(f).collect();
    }
    let per = items.len().div_ceil(threads);
    let mut parts: Vec<Vec<T>> = Vec::with_capacity(threads);
    let mut items = items.into_iter();
    loop {
        let part: Vec<T> = items.by_ref().take(per).collect();
        if part.is_empty() {
            break;
        }
        parts.push(part);
    }
    let f = &f;
    std::thread::scope(|s| {
        let mut parts = parts.into_iter();
        let mine = parts.next().unwrap_or_default();
        let others: Vec<_> = parts
            .map(|part| s.spawn(move || part.into_iter().map(f).collect::<Vec<U>>()))
            .collect();
        let mut out: Vec<U> = mine.into_iter().map(f).collect();
        for h in others {
            out.extend(h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)));
        }
        out
    })
}

/// Lowers the calling thread's scheduling priority, for the helpers of a pipeline whose last
/// stage, the one SQLite writer, is the bottleneck (an import's reading and building threads).
/// Fair scheduling shares the cores evenly among runnable threads, so with two helpers per core
/// the writer got half a core at times and waited on nothing but its turn; lowered, the helpers
/// get what the writer leaves, and a desktop's other work stays responsive while an import runs.
/// Linux only: elsewhere the priority is the process's, not the thread's, and is left alone.
pub(crate) fn yield_to_writer() {
    #[cfg(target_os = "linux")]
    // SAFETY: plain system calls on this thread's own id; a failure changes nothing.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, libc::gettid() as libc::id_t, 10);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn keeps_the_order_of_the_items() {
        let items: Vec<u32> = (0..1000).collect();
        let out = super::map(items.clone(), |i| i * 2);
        assert_eq!(out, items.iter().map(|i| i * 2).collect::<Vec<_>>());
        assert_eq!(super::map(vec![3], |i: u32| i + 1), vec![4]);
        assert!(super::map(Vec::<u32>::new(), |i| i).is_empty());
    }
}
