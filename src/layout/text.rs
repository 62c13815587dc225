//! Text measurement, behind one trait so the window and headless exports place labels the
//! same way, and eliding text to a width.

/// Measures the width of one line of text in points.
pub trait TextMeasure {
    fn text_width(&self, text: &str, size: f32, strong: bool) -> f32;
}

/// Every character `0.6 × size` wide: predictable widths for tests.
#[derive(Clone, Copy, Debug, Default)]
pub struct FixedWidthMeasure;

impl TextMeasure for FixedWidthMeasure {
    fn text_width(&self, text: &str, size: f32, _strong: bool) -> f32 {
        text.chars().count() as f32 * size * 0.6
    }
}

// Kept importable from here (`layout::truncate_chars`) for the window's code; it lives in the
// model so that importers can use it without depending on the layout.
pub use crate::model::truncate_chars;

/// Texts longer than this are cut before anything measures them: no label is that wide, and a
/// 60 MB title must not cost a 60 MB layout.
pub const MAX_MEASURED_CHARS: usize = 400;

/// `text` shortened with "…" to fit `max_width`, or `None` if not even one character fits.
/// Returns the text and its width.
pub fn elide(
    text: &str,
    max_width: f32,
    size: f32,
    strong: bool,
    measure: &dyn TextMeasure,
) -> Option<(String, f32)> {
    let cut;
    let text = if truncate_chars(text, MAX_MEASURED_CHARS).len() < text.len() {
        cut = format!("{}…", truncate_chars(text, MAX_MEASURED_CHARS - 1));
        cut.as_str()
    } else {
        text
    };
    let full = measure.text_width(text, size, strong);
    if full <= max_width {
        return Some((text.to_owned(), full));
    }
    // Binary search on the number of characters kept, on char boundaries.
    let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    let fits = |n: usize| {
        let end = boundaries.get(n).copied().unwrap_or(text.len());
        let candidate = format!("{}…", text[..end].trim_end());
        let width = measure.text_width(&candidate, size, strong);
        (width <= max_width).then_some((candidate, width))
    };
    let (mut lo, mut hi) = (1, boundaries.len());
    let mut best = None;
    while lo < hi {
        let mid = (lo + hi) / 2;
        match fits(mid) {
            Some(found) => {
                best = Some(found);
                lo = mid + 1;
            }
            None => hi = mid,
        }
    }
    best.or_else(|| fits(1).filter(|_| boundaries.len() > 1))
}

/// `text` broken into lines no wider than `max_width` at spaces (a word longer than a line is
/// elided). Returns each line with its width.
pub fn wrap(
    text: &str,
    max_width: f32,
    size: f32,
    strong: bool,
    measure: &dyn TextMeasure,
) -> Vec<(String, f32)> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_owned()
        } else {
            format!("{line} {word}")
        };
        if measure.text_width(&candidate, size, strong) <= max_width {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            let width = measure.text_width(&line, size, strong);
            lines.push((std::mem::take(&mut line), width));
        }
        if measure.text_width(word, size, strong) <= max_width {
            line = word.to_owned();
        } else if let Some(short) = elide(word, max_width, size, strong, measure) {
            lines.push(short);
        }
    }
    if !line.is_empty() {
        let width = measure.text_width(&line, size, strong);
        lines.push((line, width));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elides_to_width() {
        let m = FixedWidthMeasure;
        // 10 points per character at size 16.666…: use size 10 → 6 points per char.
        let (text, width) = elide("short", 100.0, 10.0, false, &m).expect("fits");
        assert_eq!(text, "short");
        assert!((width - 30.0).abs() < 1e-3);
        let (text, width) = elide("a rather long title", 60.0, 10.0, false, &m).expect("fits");
        assert!(width <= 60.0);
        assert!(text.ends_with('…'));
        assert_eq!(text, "a rather…");
        assert_eq!(elide("long", 3.0, 10.0, false, &m), None);
        let (text, _) = elide("ééééééé", 30.5, 10.0, false, &m).expect("fits");
        assert_eq!(text, "éééé…");
    }

    #[test]
    fn huge_texts_are_cut_before_measuring() {
        /// Counts the characters it is asked to measure.
        struct Counting(std::cell::Cell<usize>);
        impl TextMeasure for Counting {
            fn text_width(&self, text: &str, size: f32, _strong: bool) -> f32 {
                let n = text.chars().count();
                self.0.set(self.0.get().max(n));
                n as f32 * size * 0.6
            }
        }
        let measure = Counting(std::cell::Cell::new(0));
        let huge = "x".repeat(10_000_000);
        let (text, _) = elide(&huge, 300.0, 10.0, false, &measure).expect("fits");
        assert!(text.ends_with('…'));
        assert!(
            measure.0.get() <= MAX_MEASURED_CHARS + 1,
            "measured {} characters",
            measure.0.get()
        );
        assert_eq!(truncate_chars("héllo", 2), "hé");
        assert_eq!(truncate_chars("hé", 5), "hé");
    }

    #[test]
    fn wraps_at_spaces() {
        let m = FixedWidthMeasure;
        // 6 points per character: 60 points hold 10 characters.
        let lines: Vec<String> = wrap("one two three four fiveandsixseven", 60.5, 10.0, false, &m)
            .into_iter()
            .map(|(l, _)| l)
            .collect();
        assert_eq!(lines, ["one two", "three four", "fiveandsi…"]);
        assert!(wrap("", 60.0, 10.0, false, &m).is_empty());
    }
}
