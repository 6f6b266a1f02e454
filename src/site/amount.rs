//! Reading figures as people write them: `1,500,000`, `2.5 million`, `€2m`.

use super::sme_rule::Staff;

/// The largest amount taken: anything above is a typing mistake.
pub const LARGEST_AMOUNT: u64 = 1_000_000_000_000;
/// The largest staff headcount taken.
pub const LARGEST_STAFF: u64 = 1_000_000_000;

/// Why a figure cannot be read; the form says it in its own words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    Empty,
    Negative,
    /// Not a number written as people write them.
    Unreadable,
    /// An amount with more than cents (three decimals or more, without
    /// "million").
    NotWhole,
    /// A headcount with more than two decimals.
    TooPrecise,
    TooLarge,
}

/// Reads an amount of money as people write it: `1500000`, `1,500,000`,
/// `1 500 000`, `1.500.000`, `2.5 million`, `2,5 million`, `€2m`, `750k`,
/// `EUR 1.2 bn`, and in Korean's units of ten thousand, `5,000만 유로`,
/// `5천만`, `1.5억`, `1억 2천만`. Anything whose meaning is not clear is
/// refused.
pub fn parse_amount(input: &str) -> Result<u64, Problem> {
    let mut text = input.trim().to_lowercase();
    for currency in ["€", "euros", "euro", "eur", "유로"] {
        if let Some(rest) = text.strip_prefix(currency) {
            text = rest.trim().to_owned();
        }
        if let Some(rest) = text.strip_suffix(currency) {
            text = rest.trim().to_owned();
        }
    }
    // With a word such as "million", or a Korean unit, the amount may be
    // read within a rounding error of a whole number (2.3 million is
    // 2,300,000); without one, cents are taken and rounded up to the next
    // euro, so that an amount a few cents above a ceiling is never read as
    // within it; a third decimal is refused.
    let (amount, in_words) = match korean_units(&text) {
        Some(read) => (read?, true),
        None => {
            let (number, multiplier) = split_multiplier(&text);
            (parse_number(number)? * multiplier, multiplier > 1.0)
        }
    };
    if amount > LARGEST_AMOUNT as f64 {
        return Err(Problem::TooLarge);
    }
    if in_words {
        let whole = amount.round();
        if (amount - whole).abs() > 1e-6 * amount.max(1.0) {
            return Err(Problem::NotWhole);
        }
        return Ok(whole as u64);
    }
    let cents = amount * 100.0;
    if (cents - cents.round()).abs() > 1e-6 {
        return Err(Problem::NotWhole);
    }
    Ok((cents.round() / 100.0).ceil() as u64)
}

/// Reads a staff headcount in annual work units: `45`, `45.5`, `1,200`,
/// `12,25`; at most two decimals.
///
/// The decimals are counted as written, so that nothing is rounded: a
/// headcount just under a ceiling never counts as the ceiling, and
/// `1.500`, which may mean fifteen hundred, is refused, not read as 1.5.
pub fn parse_staff(input: &str) -> Result<Staff, Problem> {
    let plain = plain_number(input.trim())?;
    if plain.split_once('.').is_some_and(|(_, decimals)| decimals.len() > 2) {
        return Err(Problem::TooPrecise);
    }
    let value: f64 = plain.parse().map_err(|_| Problem::Unreadable)?;
    if value > LARGEST_STAFF as f64 {
        return Err(Problem::TooLarge);
    }
    // Two decimals at most, so the product is a whole number give or take
    // the float's own error.
    Ok(Staff { hundredths: (value * 100.0).round() as u64 })
}

/// The Korean units of numbers: the small ones, which count within ten
/// thousand, and the large ones, each ten thousand times the one below.
const SMALL_UNITS: [(char, f64); 3] = [('십', 1e1), ('백', 1e2), ('천', 1e3)];
const LARGE_UNITS: [(char, f64); 3] = [('만', 1e4), ('억', 1e8), ('조', 1e12)];

/// An amount written with Korean units (`5천만`, `5,000만`, `1.5억`, `1억
/// 2천만`): its value, or why it cannot be read; `None` when the text has
/// no such unit. Large units come largest first, each once; within each,
/// a number with small units (`2천5백`) or digits (`2,500`).
fn korean_units(text: &str) -> Option<Result<f64, Problem>> {
    let unit = |c: char| SMALL_UNITS.iter().chain(&LARGE_UNITS).any(|(u, _)| *u == c);
    if !text.chars().any(unit) {
        return None;
    }
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let mut total = 0.0;
    // The part below the next large unit, and the last large unit read.
    let mut group = 0.0;
    let mut last_large = f64::INFINITY;
    let mut rest = compact.as_str();
    while !rest.is_empty() {
        let digits = rest.find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.')).unwrap_or(rest.len());
        let (number, after) = rest.split_at(digits);
        let value = if number.is_empty() { None } else { Some(parse_number(number).ok()?) };
        let Some(next) = after.chars().next() else {
            return Some(value.map(|v| total + group + v).ok_or(Problem::Unreadable));
        };
        rest = &after[next.len_utf8()..];
        if let Some((_, size)) = SMALL_UNITS.iter().find(|(u, _)| *u == next) {
            group += value.unwrap_or(1.0) * size;
        } else if let Some((_, size)) = LARGE_UNITS.iter().find(|(u, _)| *u == next) {
            if *size >= last_large {
                return Some(Err(Problem::Unreadable));
            }
            last_large = *size;
            let counted = group + value.unwrap_or(0.0);
            total += if counted == 0.0 { 1.0 } else { counted } * size;
            group = 0.0;
        } else {
            return Some(Err(Problem::Unreadable));
        }
    }
    Some(Ok(total + group))
}

/// Splits a trailing word such as "million" or "k" from the number.
fn split_multiplier(text: &str) -> (&str, f64) {
    const WORDS: [(&str, f64); 9] = [
        ("thousand", 1e3),
        ("million", 1e6),
        ("billion", 1e9),
        ("mio", 1e6),
        ("mln", 1e6),
        ("bn", 1e9),
        ("k", 1e3),
        ("m", 1e6),
        ("b", 1e9),
    ];
    for (word, multiplier) in WORDS {
        if let Some(number) = text.strip_suffix(word).map(str::trim_end)
            && number.ends_with(|c: char| c.is_ascii_digit())
        {
            return (number, multiplier);
        }
    }
    (text, 1.0)
}

/// A non-negative number with optional thousands separators (`,` ` ` `.`
/// `'`, in groups of three) and an optional decimal mark.
fn parse_number(text: &str) -> Result<f64, Problem> {
    plain_number(text)?.parse().map_err(|_| Problem::Unreadable)
}

/// `text` as `parse_number` reads it, written plainly: digits, and `.` as
/// the decimal mark if it has one.
fn plain_number(text: &str) -> Result<String, Problem> {
    if text.is_empty() {
        return Err(Problem::Empty);
    }
    if text.starts_with('-') {
        return Err(Problem::Negative);
    }
    if !text.chars().all(|c| c.is_ascii_digit() || matches!(c, ',' | '.' | ' ' | '\'' | '\u{a0}' | '\u{202f}')) {
        return Err(Problem::Unreadable);
    }
    let spaced: Vec<&str> = text.split([' ', '\'', '\u{a0}', '\u{202f}']).collect();
    let text = if spaced.len() > 1 {
        if !groups_of_three(&spaced) {
            return Err(Problem::Unreadable);
        }
        spaced.concat()
    } else {
        text.to_owned()
    };
    let commas = text.matches(',').count();
    let dots = text.matches('.').count();
    let plain = match (commas, dots) {
        (0, 0) => text,
        // 1,500,000 or 1,500,000.50
        (_, 0 | 1)
            if commas >= 1 && groups_of_three(&text.split('.').next().unwrap_or("").split(',').collect::<Vec<_>>()) =>
        {
            text.replace(',', "")
        }
        // 2,5 (a decimal comma)
        (1, 0) => text.replace(',', "."),
        // 1.500.000
        (0, d) if d >= 2 && groups_of_three(&text.split('.').collect::<Vec<_>>()) => text.replace('.', ""),
        // 2.5
        (0, 1) => text,
        _ => return Err(Problem::Unreadable),
    };
    Ok(plain)
}

/// `["1", "500", "000"]`: a first group of one to three digits, then groups of three.
fn groups_of_three(groups: &[&str]) -> bool {
    let digits = |g: &&str| g.chars().all(|c| c.is_ascii_digit());
    groups.iter().all(digits)
        && groups.first().is_some_and(|g| (1..=3).contains(&g.len()))
        && groups[1..].iter().all(|g| g.len() == 3)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_as_people_write_them() {
        for (input, expected) in [
            ("1500000", 1_500_000),
            ("1,500,000", 1_500_000),
            ("1 500 000", 1_500_000),
            ("1\u{a0}500\u{a0}000", 1_500_000),
            ("1.500.000", 1_500_000),
            ("1'500'000", 1_500_000),
            ("2.5 million", 2_500_000),
            ("2,5 million", 2_500_000),
            ("2.5m", 2_500_000),
            ("€2m", 2_000_000),
            ("EUR 43 million", 43_000_000),
            ("50 000 000 EUR", 50_000_000),
            ("750k", 750_000),
            ("1.2 bn", 1_200_000_000),
            ("0", 0),
            ("  42  ", 42),
        ] {
            assert_eq!(parse_amount(input), Ok(expected), "{input}");
        }
    }

    #[test]
    fn amounts_in_korean_units() {
        for (input, expected) in [
            ("5천만", 50_000_000),
            ("5,000만 유로", 50_000_000),
            ("5000만", 50_000_000),
            ("1.5억", 150_000_000),
            ("1억 2천만", 120_000_000),
            ("4,300만유로", 43_000_000),
            ("천만", 10_000_000),
            ("3억5천", 300_005_000),
            ("150만", 1_500_000),
            ("1조", 1_000_000_000_000),
        ] {
            assert_eq!(parse_amount(input), Ok(expected), "{input}");
        }
        for input in ["만억", "5만 3억", "5천만 원", "오천만", "1.5.0만"] {
            assert_eq!(parse_amount(input), Err(Problem::Unreadable), "{input} should be refused");
        }
        assert_eq!(parse_amount("1.23456만"), Err(Problem::NotWhole));
        assert_eq!(parse_amount("2조"), Err(Problem::TooLarge));
    }

    #[test]
    fn unclear_amounts_are_refused() {
        for input in ["abc", "1,50,000", "1.500,000.00.1", "1 50 000", "1e6", "12 apples", "∞", "1..5", "1,2,3"] {
            assert_eq!(parse_amount(input), Err(Problem::Unreadable), "{input} should be refused");
        }
        assert_eq!(parse_amount(""), Err(Problem::Empty));
        assert_eq!(parse_amount("-5"), Err(Problem::Negative));
        assert_eq!(parse_amount("2,000,000.40"), Ok(2_000_001), "cents are rounded up, never down past a ceiling");
        assert_eq!(parse_amount("50,000,000.01"), Ok(50_000_001));
        assert_eq!(parse_amount("1500000.00"), Ok(1_500_000));
        assert_eq!(parse_amount("2.505"), Err(Problem::NotWhole), "a third decimal is no cent");
        assert_eq!(parse_amount("euros 5m"), Ok(5_000_000));
        assert_eq!(parse_amount("euro 5"), Ok(5));
        assert_eq!(parse_amount("1000 billion"), Ok(LARGEST_AMOUNT));
        assert_eq!(parse_amount("1001 billion"), Err(Problem::TooLarge));
    }

    #[test]
    fn staff_may_be_fractional_to_the_hundredth() {
        let staff = |input| parse_staff(input).map(|s| s.hundredths);
        assert_eq!(staff("249"), Ok(24_900));
        assert_eq!(staff("45.5"), Ok(4_550));
        assert_eq!(staff("45,5"), Ok(4_550));
        assert_eq!(staff("0.25"), Ok(25));
        assert_eq!(staff("1,200"), Ok(120_000));
        assert_eq!(staff("9.125"), Err(Problem::TooPrecise));
        assert_eq!(staff("249.999999999"), Err(Problem::TooPrecise), "never rounded up to the ceiling");
        assert_eq!(staff("9.999999999"), Err(Problem::TooPrecise));
        assert_eq!(staff("1.500"), Err(Problem::TooPrecise), "fifteen hundred or one and a half: refused");
        assert_eq!(staff("1,500"), Ok(150_000));
        assert_eq!(staff("45.50"), Ok(4_550));
        assert_eq!(staff("249.99"), Ok(24_999));
        assert_eq!(staff("-1"), Err(Problem::Negative));
        assert_eq!(staff(""), Err(Problem::Empty));
        assert_eq!(staff("many"), Err(Problem::Unreadable));
        assert_eq!(staff("2000000000"), Err(Problem::TooLarge));
        assert_eq!(parse_staff("45.5").map(|s| s.to_string()).as_deref(), Ok("45.5"));
        assert_eq!(parse_staff("45.25").map(|s| s.to_string()).as_deref(), Ok("45.25"));
        assert_eq!(parse_staff("45.05").map(|s| s.to_string()).as_deref(), Ok("45.05"));
    }
}
