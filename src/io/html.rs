//! HTML to plain text, for the rich text TimelineJS files carry: tags dropped (block tags and
//! `<br>` become line breaks), entities decoded, runs of spaces folded.

/// The text of an HTML fragment.
pub fn to_plain_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        push_text(&mut out, &rest[..lt]);
        let after = &rest[lt + 1..];
        let Some(gt) = after.find('>') else {
            // A lone "<" is text.
            push_text(&mut out, &rest[lt..]);
            rest = "";
            break;
        };
        let tag = after[..gt].trim_start_matches('/').to_ascii_lowercase();
        let name = tag
            .split(|c: char| c.is_whitespace() || c == '/')
            .next()
            .unwrap_or("");
        if matches!(
            name,
            "br" | "p" | "div" | "li" | "blockquote" | "h1" | "h2" | "h3" | "h4" | "tr" | "cite"
        ) && !out.ends_with('\n')
            && !out.is_empty()
        {
            out.push('\n');
        }
        rest = &after[gt + 1..];
    }
    push_text(&mut out, rest);
    // Fold spaces, keep single line breaks.
    let mut folded = String::with_capacity(out.len());
    for line in out.lines() {
        let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if line.is_empty() {
            continue;
        }
        if !folded.is_empty() {
            folded.push('\n');
        }
        folded.push_str(&line);
    }
    folded
}

/// Appends text with its entities decoded.
fn push_text(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let end = after.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| decode_entity(&after[..e]));
        match (end, decoded) {
            (Some(e), Some(c)) => {
                out.push(c);
                rest = &after[e + 1..];
            }
            _ => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
}

fn decode_entity(name: &str) -> Option<char> {
    if let Some(number) = name.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => number.parse().ok()?,
        };
        return char::from_u32(code);
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "eacute" => 'é',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_go_and_text_stays() {
        assert_eq!(
            to_plain_text(
                r#"<p>Take <a href="https://x">Ada Lovelace</a>: the first.</p><span class="tl-note">A note.</span>"#
            ),
            "Take Ada Lovelace: the first.\nA note."
        );
        assert_eq!(to_plain_text("one<br>two<br/>three"), "one\ntwo\nthree");
        assert_eq!(
            to_plain_text("Tom &amp; Jerry &lt;3 &#8212; &#x2014; &bogus; &"),
            "Tom & Jerry <3 — — &bogus; &"
        );
        assert_eq!(to_plain_text("a < b and c"), "a < b and c");
        assert_eq!(to_plain_text("  lots   of\n\n  space "), "lots of\nspace");
        assert_eq!(to_plain_text(""), "");
    }
}
