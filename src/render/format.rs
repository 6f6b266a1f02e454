//! Numbers as people read them.

use crate::site::ui::NumbersText;

/// An amount as people read it, in the words of `ui`: "EUR 50 million",
/// "EUR 1.5 million", "EUR 750,000"; `currency` is the currency's name.
pub fn amount(ui: &NumbersText, currency: &str, value: u64) -> String {
    ui.money.with("currency", currency).with("amount", number(ui, value)).to_string()
}

/// A number as people read it, in the words of `ui`: in the largest of the
/// language's units (millions, billions and trillions in English; 만, 억
/// and 조 in Korean) that it is a whole number of ("1 trillion",
/// "5,000만"), or of tenths of for a unit of a million or more ("1.5
/// million", "1.5억"); otherwise in digits ("750,000", "25,000").
pub fn number(ui: &NumbersText, value: u64) -> String {
    let units = [
        (1_000_000_000_000, &ui.trillions),
        (1_000_000_000, &ui.billions),
        (100_000_000, &ui.hundred_millions),
        (1_000_000, &ui.millions),
        (10_000, &ui.ten_thousands),
    ];
    for (unit, words) in units {
        let Some(words) = words else { continue };
        let step = if unit >= 1_000_000 { unit / 10 } else { unit };
        if value >= unit && value.is_multiple_of(step) {
            let whole = group_thousands(value / unit, ui.thousands_separator.as_str());
            let tenths = value % unit / (unit / 10);
            let number = if tenths == 0 { whole } else { format!("{whole}{}{tenths}", ui.decimal_mark) };
            return words.with("number", number).to_string();
        }
    }
    group_thousands(value, ui.thousands_separator.as_str())
}

fn group_thousands(value: u64, separator: &str) -> String {
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * separator.len());
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(separator);
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::ui::Phrase;

    #[test]
    fn amounts_read_as_people_write_them() {
        let ui = &crate::site::ui::english().numbers;
        let amount = |currency, value| amount(ui, currency, value);
        assert_eq!(amount("€", 50_000_000), "€50 million");
        assert_eq!(amount("€", 43_000_000), "€43 million");
        assert_eq!(amount("€", 1_500_000), "€1.5 million");
        assert_eq!(amount("€", 1_234_567), "€1,234,567");
        assert_eq!(amount("€", 750_000), "€750,000");
        assert_eq!(amount("€", 999), "€999");
        assert_eq!(amount("€", 2_500_000_000), "€2.5 billion");
        assert_eq!(amount("€", 1_000_000_000_000), "€1 trillion");
        assert_eq!(amount("€", 1_234_000_000_000_000), "€1,234 trillion");
        assert_eq!(amount("€", 1_000_000_001), "€1,000,000,001");
        assert_eq!(number(ui, 2048), "2,048");
    }

    #[test]
    fn a_language_counts_in_its_own_units() {
        let mut ui = crate::site::ui::english().numbers;
        ui.money = Phrase::new("{amount} {currency}");
        (ui.millions, ui.billions) = (None, None);
        ui.ten_thousands = Some(Phrase::new("{number}만"));
        ui.hundred_millions = Some(Phrase::new("{number}억"));
        ui.trillions = Some(Phrase::new("{number}조"));
        let amount = |value| amount(&ui, "유로", value);
        assert_eq!(amount(50_000_000), "5,000만 유로");
        assert_eq!(amount(43_000_000), "4,300만 유로");
        assert_eq!(amount(1_500_000), "150만 유로");
        assert_eq!(amount(2_500_000_000), "25억 유로");
        assert_eq!(amount(1_000_000_000_000), "1조 유로");
        assert_eq!(amount(1_234_567), "1,234,567 유로");
        assert_eq!(amount(15_000), "15,000 유로", "no tenths of ten thousand");
        assert_eq!(amount(150_000_000), "1.5억 유로");
    }
}
