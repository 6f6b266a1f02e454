//! `ui.toml`: the words of the interface. Each phrase is checked as any
//! text is, and may hold only the placeholders it takes.

use super::Checker;
use crate::content::model::Text;
use crate::site::ui::{Described, Phrase, Piece, Ui, pieces};

const FILE: &str = "ui.toml";

impl Checker<'_> {
    pub(super) fn ui(&mut self, f: &Ui<Text>) -> Ui {
        f.map(|phrase| self.phrase(phrase))
    }

    fn phrase(&mut self, phrase: Described<'_, Text>) -> Phrase {
        let text = self.text(FILE, phrase.key, phrase.value);
        for piece in pieces(&text) {
            let Piece::Placeholder(name) = piece else { continue };
            if phrase.placeholders.contains(&name) {
                continue;
            }
            let hint = if phrase.placeholders.is_empty() {
                "this phrase takes no placeholders: write the words without braces".to_owned()
            } else {
                let names: Vec<String> = phrase.placeholders.iter().map(|p| format!("{{{p}}}")).collect();
                format!("it may hold {}", names.join(", "))
            };
            self.error(
                FILE,
                phrase.value.span(),
                format!("`{}` holds the placeholder {{{name}}}, which it does not take", phrase.key),
                Some(hint),
            );
        }
        Phrase::new(text)
    }
}
