//! Screenshots of the window: ask egui for the rendered frame, encode it as PNG and write it
//! atomically, so a failed export never leaves a broken file.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use anyhow::Context as _;

use super::jobs::Job;

/// Asks for a screenshot of the current viewport; the image arrives on the receiver a frame or
/// two later.
pub fn request(ctx: &egui::Context) -> Receiver<Arc<egui::ColorImage>> {
    let (sender, receiver) = channel();
    let repaint = ctx.clone();
    ctx.request_screenshot(move |image| {
        let _ = sender.send(image);
        // The callback does not repaint by itself.
        repaint.request_repaint();
    });
    ctx.request_repaint();
    receiver
}

/// The image, once it has arrived; `Err` if the request was dropped.
pub fn poll(
    receiver: &Receiver<Arc<egui::ColorImage>>,
) -> Option<Result<Arc<egui::ColorImage>, ()>> {
    match receiver.try_recv() {
        Ok(image) => Some(Ok(image)),
        Err(TryRecvError::Empty) => None,
        Err(TryRecvError::Disconnected) => Some(Err(())),
    }
}

/// Encodes an egui image as PNG.
pub fn encode_png(image: &egui::ColorImage) -> anyhow::Result<Vec<u8>> {
    let [width, height] = image.size;
    let rgba: Vec<u8> = image
        .pixels
        .iter()
        .flat_map(|c| c.to_srgba_unmultiplied())
        .collect();
    let buffer = image::RgbaImage::from_raw(width as u32, height as u32, rgba)
        .context("the screenshot has an inconsistent size")?;
    let mut png = Vec::new();
    buffer
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .context("could not encode the screenshot as PNG")?;
    Ok(png)
}

/// Encodes and writes a screenshot atomically.
pub fn save_png(path: &Path, image: &egui::ColorImage) -> anyhow::Result<()> {
    let png = encode_png(image)?;
    crate::io::atomic::write_atomic(path, &png)
        .with_context(|| format!("could not write {}", path.display()))
}

/// Writes the screenshot on a background thread: the path written, or what went wrong.
pub fn save_in_background(
    path: PathBuf,
    image: Arc<egui::ColorImage>,
    ctx: &egui::Context,
) -> Job<Result<PathBuf, String>> {
    Job::spawn("screenshot writer", ctx, move || {
        save_png(&path, &image)
            .map(|()| path)
            .map_err(|e| format!("{e:#}"))
    })
}

/// The user's wall-clock time now, for file names.
pub fn local_now() -> chrono::NaiveDateTime {
    chrono::Local::now().naive_local()
}

/// A file name for a screenshot of `document_name` taken at `now`, the user's local time (the
/// date and time on their clock, not UTC): `us-china-ukraine-2022-20261128-142301.png`.
pub fn default_file_name(document_name: &str, now: chrono::NaiveDateTime) -> String {
    let stem = Path::new(document_name).file_stem().map_or_else(
        || "timelanes".to_owned(),
        |s| s.to_string_lossy().into_owned(),
    );
    format!("{stem}-{}.png", now.format("%Y%m%d-%H%M%S"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn png_has_the_size_and_pixels() {
        let mut image = egui::ColorImage::filled([3, 2], egui::Color32::from_rgb(10, 20, 30));
        image.pixels[0] = egui::Color32::from_rgb(200, 0, 0);
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("shot.png");
        save_png(&path, &image).expect("saved");
        let decoded = image::open(&path).expect("a PNG").to_rgba8();
        assert_eq!(decoded.dimensions(), (3, 2));
        assert_eq!(decoded.get_pixel(0, 0).0, [200, 0, 0, 255]);
        assert_eq!(decoded.get_pixel(2, 1).0, [10, 20, 30, 255]);
    }

    #[test]
    fn unwritable_path_is_an_error_naming_it() {
        let image = egui::ColorImage::filled([1, 1], egui::Color32::WHITE);
        let error = save_png(Path::new("/nonexistent-dir/shot.png"), &image).expect_err("fails");
        assert!(format!("{error:#}").contains("/nonexistent-dir/shot.png"));
    }

    #[test]
    fn default_name_has_stem_and_time() {
        let now = chrono::NaiveDate::from_ymd_opt(2026, 11, 28)
            .and_then(|d| d.and_hms_opt(14, 23, 1))
            .expect("valid");
        assert_eq!(
            default_file_name("us-china-ukraine-2022.json", now),
            "us-china-ukraine-2022-20261128-142301.png"
        );
    }
}
