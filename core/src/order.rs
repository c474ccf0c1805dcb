//! Sortable order keys (fractional indexing), so items can be reordered without list positions.
//!
//! Keys are strings of base-36 digits compared byte-wise. Appending steps an 8-digit integer part
//! so keys stay short; inserting between two keys takes their midpoint, which may add digits.
//! Two replicas can pick the same key concurrently; readers break such ties by item id.

const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
const BASE: u32 = 36;
const WIDTH: usize = 8;
const STEP: u64 = 36 * 36 * 36;

fn digit(c: u8) -> u32 {
    DIGITS.iter().position(|d| *d == c).map(|p| p as u32).unwrap_or(0)
}

/// A key after `last` (the greatest existing key), or the first key when there is none.
pub fn after(last: Option<&str>) -> String {
    let Some(last) = last else {
        return format_int(STEP);
    };
    let head: String = last.chars().take(WIDTH).collect();
    let mut n: u64 = 0;
    for c in format!("{head:0<WIDTH$}").bytes() {
        n = n * u64::from(BASE) + u64::from(digit(c));
    }
    match n.checked_add(STEP).filter(|v| *v < 36u64.pow(WIDTH as u32)) {
        Some(v) => format_int(v),
        None => between(Some(last), None),
    }
}

fn format_int(mut v: u64) -> String {
    let mut out = vec![b'0'; WIDTH];
    for slot in out.iter_mut().rev() {
        *slot = DIGITS[(v % u64::from(BASE)) as usize];
        v /= u64::from(BASE);
    }
    String::from_utf8(out).expect("digits are ascii")
}

/// A key strictly between `a` and `b` (either may be open). If `a >= b` (a concurrent tie), the
/// result sorts after `a`.
pub fn between(a: Option<&str>, b: Option<&str>) -> String {
    // Trailing zeros do not change a key's value as a fraction ("00001000" = "00001"), and the
    // midpoint needs bounds without them; lexicographic order agrees with the fractions.
    let a = clean(a.unwrap_or(""));
    let b = b.map(clean);
    match b.as_deref() {
        Some(b) if a.as_str() < b => midpoint(a.as_bytes(), Some(b.as_bytes())),
        _ => midpoint(a.as_bytes(), None),
    }
}

/// Keys come from other replicas: keep the leading run of valid digits, without trailing zeros.
fn clean(key: &str) -> String {
    let valid: String = key.chars().take_while(|c| c.is_ascii() && DIGITS.contains(&(*c as u8))).collect();
    valid.trim_end_matches('0').to_owned()
}

fn midpoint(a: &[u8], b: Option<&[u8]>) -> String {
    if let Some(b) = b {
        let n = (0..b.len()).take_while(|&i| a.get(i).copied().unwrap_or(b'0') == b[i]).count();
        if n > 0 {
            let mut out = String::from_utf8(b[..n].to_vec()).expect("ascii");
            out.push_str(&midpoint(a.get(n..).unwrap_or(&[]), Some(&b[n..])));
            return out;
        }
    }
    let da = a.first().map(|c| digit(*c)).unwrap_or(0);
    let db = b.and_then(|b| b.first()).map(|c| digit(*c)).unwrap_or(BASE);
    if db - da > 1 {
        return char::from(DIGITS[((da + db) / 2) as usize]).to_string();
    }
    match b {
        Some(b) if b.len() > 1 => char::from(b[0]).to_string(),
        _ => {
            let mut out = char::from(DIGITS[da as usize]).to_string();
            out.push_str(&midpoint(a.get(1..).unwrap_or(&[]), None));
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appended_keys_increase_and_stay_short() {
        let mut last: Option<String> = None;
        for _ in 0..10_000 {
            let k = after(last.as_deref());
            if let Some(l) = &last {
                assert!(k > *l, "{k} > {l}");
            }
            assert_eq!(k.len(), 8);
            last = Some(k);
        }
    }

    #[test]
    fn between_is_strictly_between() {
        let cases = [("00001000", "00002000"), ("a", "b"), ("a", "a1"), ("", "1"), ("az", "b"), ("0001", "00011")];
        for (a, b) in cases {
            let m = between(Some(a), Some(b));
            assert!(a < m.as_str() && m.as_str() < b, "{a} < {m} < {b}");
        }
        let mut lo = "00001000".to_owned();
        let hi = "00001001".to_owned();
        for _ in 0..200 {
            let m = between(Some(&lo), Some(&hi));
            assert!(lo < m && m < hi);
            lo = m;
        }
        assert!(between(Some("b"), Some("a")).as_str() > "b");
        assert!(between(None, Some("00000001")).as_str() < "00000001");
        // Appended keys end in zeros; inserting before and between them must stay ordered.
        let first = after(None);
        let lo = between(None, Some(&first));
        assert!(lo < first, "{lo} < {first}");
        let mid = between(Some(&lo), Some(&first));
        assert!(lo < mid && mid < first, "{lo} < {mid} < {first}");
        // Foreign keys with other characters do not break key generation.
        assert!(!between(Some("é9"), Some("Zz")).is_empty());
    }
}
