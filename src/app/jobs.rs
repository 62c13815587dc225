//! Background jobs: work that must not block the window (loading, file dialogs, writing
//! pictures) runs on a named thread of its own, and the window polls for the result each frame.
//!
//! Every job is written the same way: `Job::spawn(name, ctx, move || work())`, then
//! `job.poll()` in `logic` until it gives `Some`. The thread wakes the window when the result
//! is ready, so nothing repaints while a job is busy. A job that panics, or whose thread cannot
//! be started, gives a [`JobFailed`] naming the job instead of a result that never comes.

use std::sync::mpsc::{Receiver, TryRecvError, channel};

/// A job that ended without a result.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{what}")]
pub struct JobFailed {
    /// What went wrong, for a message: "the export stopped unexpectedly (out of memory)".
    pub what: String,
}

/// Work running on a background thread, with its result to come.
pub struct Job<T> {
    /// The thread's name, for messages.
    name: &'static str,
    receiver: Receiver<Result<T, JobFailed>>,
}

impl<T: Send + 'static> Job<T> {
    /// Runs `work` on a thread named `timelanes-{name}`; `ctx` is woken when it ends.
    pub fn spawn(
        name: &'static str,
        ctx: &egui::Context,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Self {
        let (sender, receiver) = channel();
        let thread_sender = sender.clone();
        let ctx = ctx.clone();
        let spawned = std::thread::Builder::new()
            .name(format!("timelanes-{name}"))
            .spawn(move || {
                let result = crate::parallel::catch(work).map_err(|panic| JobFailed {
                    what: format!("the {name} stopped unexpectedly ({panic})"),
                });
                // Nobody listens any more if the job was abandoned: nothing to do then.
                let _ = thread_sender.send(result);
                ctx.request_repaint();
            });
        if let Err(error) = spawned {
            let _ = sender.send(Err(JobFailed {
                what: format!("the {name} could not be started: {error}"),
            }));
        }
        Self { name, receiver }
    }

    /// The result once the job has ended; `None` while it runs.
    pub fn poll(&self) -> Option<Result<T, JobFailed>> {
        match self.receiver.try_recv() {
            Ok(result) => Some(result),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(Err(JobFailed {
                what: format!("the {} stopped unexpectedly", self.name),
            })),
        }
    }

    /// Waits for the result (tests and command-line runs, never the window).
    pub fn wait(self) -> Result<T, JobFailed> {
        self.receiver.recv().unwrap_or_else(|_| {
            Err(JobFailed {
                what: format!("the {} stopped unexpectedly", self.name),
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_result_arrives() {
        let job = Job::spawn("sum", &egui::Context::default(), || 2 + 2);
        assert_eq!(job.wait(), Ok(4));
    }

    #[test]
    fn a_panic_is_a_failure_that_names_the_job_and_the_cause() {
        let job: Job<()> = Job::spawn("export", &egui::Context::default(), || {
            panic!("disk on fire")
        });
        let failure = job.wait().expect_err("failed");
        assert_eq!(
            failure.what,
            "the export stopped unexpectedly (disk on fire)"
        );
    }

    #[test]
    fn poll_is_none_while_running_then_the_result() {
        let (go, wait) = channel::<()>();
        let job = Job::spawn("waiting", &egui::Context::default(), move || {
            let _ = wait.recv();
            "done"
        });
        assert_eq!(job.poll(), None);
        let _ = go.send(());
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            if let Some(result) = job.poll() {
                assert_eq!(result, Ok("done"));
                break;
            }
            assert!(std::time::Instant::now() < deadline, "the job never ended");
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
    }
}
