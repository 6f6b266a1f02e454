//! A text as a page shows it: in the page's own language, or, where a
//! translation is missing or a name keeps its own language, in another one,
//! which the page then marks (`lang`), so that screen readers switch voice.

use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

/// Words of the content, and the language they are in when it is not the
/// page's.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Words {
    text: String,
    /// The language tag of `text`, when it differs from the page's: the
    /// English of a text not yet translated, or a name kept in English.
    lang: Option<Arc<str>>,
}

impl Words {
    /// Words in the page's own language.
    pub fn new(text: impl Into<String>) -> Self {
        Self { text: text.into(), lang: None }
    }

    /// Words in the language `lang`, not the page's.
    pub fn foreign(text: impl Into<String>, lang: Arc<str>) -> Self {
        Self { text: text.into(), lang: Some(lang) }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The language of the words, when it is not the page's.
    pub fn lang(&self) -> Option<&str> {
        self.lang.as_deref()
    }

    /// The same words marked as being in `lang` (unless they are marked
    /// already): how a page in another language shows them.
    pub fn marked(&self, lang: &Arc<str>) -> Self {
        Self { text: self.text.clone(), lang: Some(self.lang.clone().unwrap_or_else(|| Arc::clone(lang))) }
    }
}

impl Deref for Words {
    type Target = str;

    fn deref(&self) -> &str {
        &self.text
    }
}

impl AsRef<str> for Words {
    fn as_ref(&self) -> &str {
        &self.text
    }
}

/// The words alone, unmarked: for attributes, titles and data.
impl fmt::Display for Words {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl From<String> for Words {
    fn from(text: String) -> Self {
        Self::new(text)
    }
}

impl From<&str> for Words {
    fn from(text: &str) -> Self {
        Self::new(text)
    }
}

impl PartialEq<str> for Words {
    fn eq(&self, other: &str) -> bool {
        self.text == other
    }
}

impl PartialEq<&str> for Words {
    fn eq(&self, other: &&str) -> bool {
        self.text == *other
    }
}

impl PartialEq<Words> for String {
    fn eq(&self, other: &Words) -> bool {
        *self == other.text
    }
}

impl PartialEq<Words> for str {
    fn eq(&self, other: &Words) -> bool {
        self == other.text
    }
}

impl PartialEq<Words> for &str {
    fn eq(&self, other: &Words) -> bool {
        *self == other.text
    }
}

impl serde::Serialize for Words {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_read_as_their_text_and_keep_their_language() {
        let english: Arc<str> = Arc::from("en");
        let own = Words::new("아셈");
        assert_eq!(own.lang(), None);
        assert_eq!(own.to_string(), "아셈");
        let kept = Words::new("Ministry of Environment").marked(&english);
        assert_eq!((kept.as_str(), kept.lang()), ("Ministry of Environment", Some("en")));
        let french: Arc<str> = Arc::from("fr");
        assert_eq!(kept.marked(&french).lang(), Some("en"), "marked words keep their own language");
        assert!(own.starts_with('아'), "they read as text");
    }
}
