//! Characters that no page should carry: control characters, which show as
//! nothing or as boxes, and the bidirectional controls that make text read
//! differently from how it is stored. Tab and the line breaks are welcome.

/// What `c` is, if no content may hold it.
pub fn forbidden(c: char) -> Option<&'static str> {
    match c {
        '\t' | '\n' | '\r' => None,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => Some("a bidirectional control character"),
        c if c.is_control() => Some("a control character"),
        _ => None,
    }
}

/// `U+202E`.
pub fn code_point(c: char) -> String {
    format!("U+{:04X}", u32::from(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tabs_and_line_breaks_pass_and_controls_do_not() {
        for fine in ['\t', '\n', '\r', 'é', '中', ' '] {
            assert_eq!(forbidden(fine), None, "{fine:?}");
        }
        assert_eq!(forbidden('\u{7}'), Some("a control character"));
        assert_eq!(forbidden('\u{0085}'), Some("a control character"));
        assert_eq!(forbidden('\u{202E}'), Some("a bidirectional control character"));
        assert_eq!(forbidden('\u{2067}'), Some("a bidirectional control character"));
        assert_eq!(code_point('\u{202E}'), "U+202E");
    }
}
