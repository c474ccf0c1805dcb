//! Money amounts: stored as integer minor units (cents) so sums are exact.

use crate::error::{CoreError, Result};

/// Formats minor units as a decimal amount with two places (`123456` → `1234.56`).
pub fn format_minor(v: i64) -> String {
    let sign = if v < 0 { "-" } else { "" };
    let a = v.unsigned_abs();
    format!("{sign}{}.{:02}", a / 100, a % 100)
}

/// Parses a decimal amount (`1234`, `1234.5`, `1234.56`, `1,234.56`) into minor units.
pub fn parse_amount(field: &'static str, s: &str) -> Result<i64> {
    let bad = || CoreError::Invalid(format!("{field}: {s:?} is not an amount; write it like 1250 or 1250.50"));
    let t: String = s.trim().chars().filter(|c| *c != ',' && *c != '_').collect();
    let (neg, t) = match t.strip_prefix('-') {
        Some(rest) => (true, rest.to_owned()),
        None => (false, t),
    };
    let (whole, frac) = t.split_once('.').unwrap_or((&t, ""));
    if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    if frac.len() > 2 {
        return Err(CoreError::Invalid(format!("{field}: {s:?} has more than two decimal places")));
    }
    let whole: i64 = whole.parse().map_err(|_| bad())?;
    let cents: i64 = format!("{frac:0<2}").parse().map_err(|_| bad())?;
    let v = whole.checked_mul(100).and_then(|w| w.checked_add(cents)).ok_or_else(bad)?;
    Ok(if neg { -v } else { v })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_round_trip() {
        for (input, minor) in [("1234", 123_400), ("1,234.5", 123_450), ("0.07", 7), ("-3.10", -310)] {
            assert_eq!(parse_amount("budget", input).unwrap(), minor, "{input}");
        }
        assert_eq!(format_minor(123_456), "1234.56");
        assert_eq!(format_minor(-5), "-0.05");
        assert!(parse_amount("budget", "12.345").unwrap_err().to_string().contains("two decimal places"));
        assert!(parse_amount("budget", "abc").unwrap_err().to_string().contains("write it like"));
    }
}
