//! Work split over a few named threads, with the results in order: loading validates slices
//! of events, the index sorts lanes, search scans ranges of events. A panic in a worker is
//! never swallowed: it is raised again in the caller once every worker has stopped, so a
//! caller gets every part's result or fails loudly, never a result with a part quietly
//! missing. (Callers that can say which item failed, like the loader, catch the panic in
//! their own work and turn it into a problem.)

use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::sync::Mutex;

/// How many threads parallel work uses: the machine's cores, at most eight (the work is
/// bound by memory bandwidth well before that).
pub fn threads() -> usize {
    std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8)
}

/// Runs `work` on every part, each on a thread of its own named `name-N`, and returns the
/// results in the parts' order. A part whose thread cannot be started runs on the calling
/// thread. If a worker panics, that panic (with its message) is raised again here after the
/// other workers have finished.
pub fn map_parts<P: Send, R: Send>(
    name: &str,
    parts: Vec<P>,
    work: impl Fn(P) -> R + Sync,
) -> Vec<R> {
    // Each part waits in a slot until a worker takes it, so that one whose thread could not
    // be started is still there to run here.
    let slots: Vec<Mutex<Option<P>>> = parts.into_iter().map(|p| Mutex::new(Some(p))).collect();
    let take = |slot: &Mutex<Option<P>>| slot.lock().map_or(None, |mut part| part.take());
    let work = &work;
    let take = &take;
    let mut results: Vec<Option<R>> = std::thread::scope(|scope| {
        let handles: Vec<_> = slots
            .iter()
            .enumerate()
            .map(|(i, slot)| {
                std::thread::Builder::new()
                    .name(format!("{name}-{i}"))
                    .spawn_scoped(scope, move || take(slot).map(work))
                    .ok()
            })
            .collect();
        let mut panic = None;
        let results = handles
            .into_iter()
            .map(|handle| match handle.map(|h| h.join()) {
                Some(Ok(result)) => result,
                Some(Err(payload)) => {
                    panic.get_or_insert(payload);
                    None
                }
                None => None,
            })
            .collect();
        if let Some(payload) = panic {
            resume_unwind(payload);
        }
        results
    });
    for (result, slot) in results.iter_mut().zip(&slots) {
        if result.is_none() {
            *result = take(slot).map(work);
        }
    }
    results.into_iter().flatten().collect()
}

/// Runs `work`, catching a panic: `Err` with the panic's message.
pub fn catch<R>(work: impl FnOnce() -> R) -> Result<R, String> {
    catch_unwind(AssertUnwindSafe(work)).map_err(|payload| panic_message(payload.as_ref()))
}

/// What a panic said.
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(text) = payload.downcast_ref::<&str>() {
        (*text).to_owned()
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text.clone()
    } else {
        "an internal error".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_order() {
        let parts: Vec<Vec<u32>> = (0..7).map(|i| (i * 10..i * 10 + 10).collect()).collect();
        let sums = map_parts("sum", parts, |part| part.iter().sum::<u32>());
        assert_eq!(sums, (0..7).map(|i| i * 100 + 45).collect::<Vec<u32>>());
        assert!(map_parts("none", Vec::<u8>::new(), |p| p).is_empty());
    }

    #[test]
    fn a_panicking_worker_is_raised_again_not_dropped() {
        let finished = std::sync::atomic::AtomicUsize::new(0);
        let outcome = catch(|| {
            map_parts("fails", (0..4).collect(), |i: usize| {
                if i == 2 {
                    panic!("worker {i} fails");
                }
                finished.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                i
            })
        });
        assert_eq!(outcome, Err("worker 2 fails".to_owned()));
        assert_eq!(
            finished.load(std::sync::atomic::Ordering::Relaxed),
            3,
            "the other workers ran to the end"
        );
    }

    #[test]
    fn workers_are_named() {
        let names = map_parts("named", vec![(); 2], |()| {
            std::thread::current().name().map(str::to_owned)
        });
        assert_eq!(
            names,
            [Some("named-0".to_owned()), Some("named-1".to_owned())]
        );
    }
}
