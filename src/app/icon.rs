//! The window's icon: the 256 px render of assets/icons/timelanes.svg, built into the binary.

/// The application icon as the window (title bar, task bar, Alt+Tab) shows it.
pub fn window_icon() -> egui::IconData {
    decode(include_bytes!(
        "../../assets/icons/hicolor/256x256/apps/timelanes.png"
    ))
}

/// Decodes a PNG to unmultiplied RGBA; the empty icon (the platform's default) if it is broken.
fn decode(png: &[u8]) -> egui::IconData {
    match image::load_from_memory_with_format(png, image::ImageFormat::Png) {
        Ok(image) => {
            let rgba = image.into_rgba8();
            let (width, height) = rgba.dimensions();
            egui::IconData {
                rgba: rgba.into_raw(),
                width,
                height,
            }
        }
        Err(_) => egui::IconData::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_icon_decodes_to_256_square_with_opaque_pixels() {
        let icon = window_icon();
        assert_eq!((icon.width, icon.height), (256, 256));
        assert_eq!(icon.rgba.len(), 256 * 256 * 4);
        let opaque = icon
            .rgba
            .chunks_exact(4)
            .filter(|pixel| pixel[3] == 255)
            .count();
        // The rounded square covers most of the picture; its corners are transparent.
        assert!(opaque > 256 * 256 / 2, "{opaque} opaque pixels");
        assert_eq!(icon.rgba[3], 0, "the top-left corner is transparent");
    }

    #[test]
    fn a_broken_png_gives_the_default_icon() {
        let icon = decode(b"not a png");
        assert_eq!((icon.width, icon.height, icon.rgba.len()), (0, 0, 0));
    }
}
