//! Cutting text by characters, never inside one: shared by messages (which quote values
//! short), importers (which make titles from long texts) and the layout (which measures no
//! more than a label can show). It lives in the model, the lowest module that needs it, so
//! `io` need not depend on `layout`.

/// At most `max_chars` characters of `text`, cut at a character boundary (no ellipsis).
pub fn truncate_chars(text: &str, max_chars: usize) -> &str {
    match text.char_indices().nth(max_chars) {
        Some((end, _)) => &text[..end],
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_between_characters() {
        assert_eq!(truncate_chars("héllo", 2), "hé");
        assert_eq!(truncate_chars("hé", 5), "hé");
        assert_eq!(truncate_chars("hé", 0), "");
        assert_eq!(truncate_chars("", 3), "");
    }
}
