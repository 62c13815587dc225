//! Actor colours: `#rrggbb` from the file, or the next one from a colour-blind-safe palette.

use std::fmt;

/// How to write a colour, for messages.
pub const COLOR_HINT: &str = "write colours as #rrggbb, for example #1f5fbf";

/// An opaque sRGB colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Color {
    pub r: u8,
    pub g: u8,
    pub b: u8,
}

impl Color {
    pub const fn rgb(r: u8, g: u8, b: u8) -> Self {
        Self { r, g, b }
    }

    /// Parses `#rrggbb` (either case).
    pub fn parse_hex(text: &str) -> Option<Self> {
        let hex = text.strip_prefix('#')?;
        if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let channel = |i: usize| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok();
        Some(Self::rgb(channel(0)?, channel(2)?, channel(4)?))
    }

    /// Parses `#rrggbb`, or says why not as `check` does: "\"blue-ish\" is not a colour".
    pub fn parse_checked(text: &str) -> Result<Self, String> {
        Self::parse_hex(text).ok_or_else(|| format!("{} is not a colour", super::quoted(text)))
    }

    /// Relative luminance (0 black … 1 white), for choosing readable text on this colour.
    pub fn luminance(self) -> f32 {
        let linear = |c: u8| {
            let c = f32::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * linear(self.r) + 0.7152 * linear(self.g) + 0.0722 * linear(self.b)
    }
}

impl fmt::Display for Color {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
    }
}

/// Paul Tol's "bright" and "muted" qualitative schemes: distinguishable under the common forms
/// of colour blindness, and readable on light and dark backgrounds.
const PALETTE: [Color; 12] = [
    Color::rgb(0x44, 0x77, 0xaa),
    Color::rgb(0xee, 0x66, 0x77),
    Color::rgb(0x22, 0x88, 0x33),
    Color::rgb(0xcc, 0xbb, 0x44),
    Color::rgb(0x66, 0xcc, 0xee),
    Color::rgb(0xaa, 0x33, 0x77),
    Color::rgb(0x33, 0x22, 0x88),
    Color::rgb(0x88, 0xcc, 0xee),
    Color::rgb(0x44, 0xaa, 0x99),
    Color::rgb(0x11, 0x77, 0x33),
    Color::rgb(0x99, 0x99, 0x33),
    Color::rgb(0xcc, 0x66, 0x77),
];

/// The palette colour for the `n`th actor without a colour of its own (cycling).
pub fn palette_color(n: usize) -> Color {
    PALETTE[n % PALETTE.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_colors() {
        assert_eq!(
            Color::parse_hex("#1f5fbf"),
            Some(Color::rgb(0x1f, 0x5f, 0xbf))
        );
        assert_eq!(
            Color::parse_hex("#1F5FBF"),
            Some(Color::rgb(0x1f, 0x5f, 0xbf))
        );
        for bad in [
            "1f5fbf", "#1f5fb", "#1f5fbfa", "#gggggg", "red", "", "#", "#ééé",
        ] {
            assert_eq!(Color::parse_hex(bad), None, "{bad:?}");
        }
        assert_eq!(Color::rgb(1, 2, 255).to_string(), "#0102ff");
    }

    #[test]
    fn palette_cycles() {
        assert_eq!(palette_color(0), palette_color(12));
        assert_ne!(palette_color(0), palette_color(1));
        assert!(Color::rgb(255, 255, 255).luminance() > 0.99);
        assert!(Color::rgb(0, 0, 0).luminance() < 0.01);
    }
}
