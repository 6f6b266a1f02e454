//! Where a text may be cut without splitting a character.

/// The largest offset at or before `offset` (and within `text`) that falls
/// between two characters. (`str::floor_char_boundary` does this from Rust
/// 1.91; the crate builds with 1.88.)
pub fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_fall_between_characters() {
        let text = "Româ";
        assert_eq!(floor_char_boundary(text, 4), 3, "inside â, two bytes from 3");
        assert_eq!(floor_char_boundary(text, 3), 3);
        assert_eq!(floor_char_boundary(text, 99), text.len());
        assert_eq!(floor_char_boundary("", 1), 0);
    }
}
