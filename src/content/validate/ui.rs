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
        let names: Vec<String> = phrase.placeholders.iter().map(|p| format!("{{{p}}}")).collect();
        let may_hold = if phrase.placeholders.is_empty() {
            "this phrase takes no placeholders: write the words without braces".to_owned()
        } else {
            format!("it may hold {}", names.join(", "))
        };
        for piece in pieces(&text) {
            let name = match piece {
                Piece::Placeholder(name) => name,
                // A brace that opens or closes no placeholder: "{site news".
                Piece::Text(words) if !phrase.placeholders.is_empty() && words.contains(['{', '}']) => {
                    self.error(
                        FILE,
                        phrase.value.span(),
                        format!("`{}` has a brace that opens or closes no placeholder", phrase.key),
                        Some(format!("write each placeholder whole, in braces; {may_hold}")),
                    );
                    continue;
                }
                Piece::Text(_) => continue,
            };
            if phrase.placeholders.contains(&name) {
                continue;
            }
            self.error(
                FILE,
                phrase.value.span(),
                format!("`{}` holds the placeholder {{{name}}}, which it does not take", phrase.key),
                Some(may_hold.clone()),
            );
        }
        Phrase::new(text)
    }
}
