//! Reading figures as people write them: `1,500,000`, `2.5 million`, `€2m`.

/// Amounts above this are taken for typing mistakes.
const LARGEST: f64 = 1e15;

/// Reads an amount of money as people write it: `1500000`, `1,500,000`,
/// `1 500 000`, `1.500.000`, `2.5 million`, `2,5 million`, `€2m`, `750k`,
/// `EUR 1.2 bn`. Anything whose meaning is not clear is refused.
pub fn parse_amount(input: &str) -> Result<u64, String> {
    let mut text = input.trim().to_lowercase();
    for currency in ["€", "eur", "euros", "euro"] {
        if let Some(rest) = text.strip_prefix(currency) {
            text = rest.trim().to_owned();
        }
        if let Some(rest) = text.strip_suffix(currency) {
            text = rest.trim().to_owned();
        }
    }
    let (number, multiplier) = split_multiplier(&text);
    let value = parse_number(number, multiplier > 1.0)?;
    let amount = value * multiplier;
    if amount >= LARGEST {
        return Err("is too large".to_owned());
    }
    // Within a rounding error of a whole number: 2.3 million is 2,300,000.
    let whole = amount.round();
    if (amount - whole).abs() > 1e-6 * amount.max(1.0) {
        return Err("must be in whole euros".to_owned());
    }
    Ok(whole as u64)
}

/// Reads a headcount: a whole number, with thousands separators allowed.
pub fn parse_count(input: &str) -> Result<u64, String> {
    let value = parse_number(input.trim(), false).map_err(|why| {
        if why.starts_with("is not a number") {
            "is not a whole number we can read: write it like 45".to_owned()
        } else {
            why
        }
    })?;
    if value.fract() != 0.0 {
        return Err("must be a whole number".to_owned());
    }
    if value >= LARGEST {
        return Err("is too large".to_owned());
    }
    Ok(value as u64)
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
fn parse_number(text: &str, decimals_allowed: bool) -> Result<f64, String> {
    const HINT: &str = "is not a number we can read: write it like 1,500,000 or 2.5 million";
    if text.is_empty() {
        return Err("is empty".to_owned());
    }
    if text.starts_with('-') {
        return Err("cannot be negative".to_owned());
    }
    if !text.chars().all(|c| c.is_ascii_digit() || matches!(c, ',' | '.' | ' ' | '\'' | '\u{a0}' | '\u{202f}')) {
        return Err(HINT.to_owned());
    }
    let spaced: Vec<&str> = text.split([' ', '\'', '\u{a0}', '\u{202f}']).collect();
    let text = if spaced.len() > 1 {
        if !groups_of_three(&spaced) {
            return Err(HINT.to_owned());
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
        _ => return Err(HINT.to_owned()),
    };
    let value: f64 = plain.parse().map_err(|_| HINT.to_owned())?;
    if !decimals_allowed && value.fract() != 0.0 {
        return Err("must be a whole number (or say “million”, as in 2.5 million)".to_owned());
    }
    Ok(value)
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
    fn unclear_amounts_are_refused() {
        for input in
            ["", "abc", "-5", "1,50,000", "1.500,000.00.1", "1 50 000", "2.5", "1e6", "12 apples", "∞", "1..5", "1,2,3"]
        {
            assert!(parse_amount(input).is_err(), "{input} should be refused");
        }
        assert_eq!(parse_amount("9999999999 billion"), Err("is too large".to_owned()));
    }

    #[test]
    fn counts_are_whole() {
        assert_eq!(parse_count("249"), Ok(249));
        assert_eq!(parse_count("1,200"), Ok(1200));
        assert!(parse_count("9.5").is_err());
        assert!(parse_count("-1").is_err());
        assert!(parse_count("").is_err());
    }
}
