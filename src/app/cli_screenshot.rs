//! `timelanes FILE --screenshot OUT.png`: wait for the dataset, let the frame settle, capture
//! the window, save it and close with an exit code.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

use super::TimelanesApp;
use super::screenshot;

/// How long `--screenshot` waits for the dataset before giving up.
const SCREENSHOT_TIMEOUT: Duration = Duration::from_secs(60);
/// Frames drawn after loading before `--screenshot` captures (fonts and layout settle).
const SCREENSHOT_SETTLE_FRAMES: u32 = 3;

/// The `--screenshot` run: capture once drawn, then close with an exit code.
pub struct CliScreenshot {
    path: PathBuf,
    settled_frames: u32,
    pending: Option<Receiver<Arc<egui::ColorImage>>>,
    started: Instant,
    exit_code: Arc<AtomicI32>,
    /// Set once the exit code is final and the window asked to close.
    finished: bool,
}

impl CliScreenshot {
    pub fn new(path: PathBuf, exit_code: Arc<AtomicI32>) -> Self {
        Self {
            path,
            settled_frames: 0,
            pending: None,
            started: Instant::now(),
            exit_code,
            finished: false,
        }
    }

    /// Records why the run failed (the load failed: its message is printed).
    pub fn fail(&self, message: &str, code: i32) {
        eprintln!("timelanes: {message}");
        self.exit_code.store(code, Ordering::SeqCst);
    }

    fn close(&mut self, code: i32, ctx: &egui::Context) {
        self.exit_code.store(code, Ordering::SeqCst);
        self.finished = true;
        ctx.send_viewport_cmd(egui::ViewportCommand::Close);
    }
}

impl TimelanesApp {
    /// Advances the `--screenshot` run by one frame.
    pub(super) fn drive_cli_screenshot(&mut self, ctx: &egui::Context) {
        let Some(shot) = &mut self.jobs.cli_screenshot else {
            return;
        };
        if shot.finished {
            return;
        }
        if self.windows.load_failure.is_some() {
            // The failure was printed and its code stored when the load ended.
            shot.finished = true;
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            return;
        }
        if shot.started.elapsed() > SCREENSHOT_TIMEOUT {
            eprintln!("timelanes: gave up waiting for the window to draw the dataset");
            shot.close(1, ctx);
            return;
        }
        ctx.request_repaint();
        if self.document.is_none() || self.jobs.loading.is_some() {
            return;
        }
        if shot.settled_frames < SCREENSHOT_SETTLE_FRAMES {
            shot.settled_frames += 1;
            return;
        }
        let Some(receiver) = &shot.pending else {
            shot.pending = Some(screenshot::request(ctx));
            return;
        };
        match screenshot::poll(receiver) {
            None => {}
            Some(Ok(image)) => match screenshot::save_png(&shot.path, &image) {
                Ok(()) => {
                    println!(
                        "Saved screenshot ({}×{} pixels) to {}",
                        image.size[0],
                        image.size[1],
                        shot.path.display()
                    );
                    shot.close(0, ctx);
                }
                Err(error) => {
                    eprintln!("timelanes: {error:#}");
                    shot.close(1, ctx);
                }
            },
            Some(Err(())) => {
                eprintln!("timelanes: the window did not deliver a screenshot");
                shot.close(1, ctx);
            }
        }
    }
}
