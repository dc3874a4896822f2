//! URL query strings for widget state: every widget's whole state round-trips through
//! `key=value&…` pairs, so a setup can be shared as a link.

/// A query parameter that was ignored, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct ParamProblem {
    /// The parameter's key.
    pub key: String,
    /// What was wrong, as a sentence.
    pub message: String,
}

impl std::fmt::Display for ParamProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.key, self.message)
    }
}

/// Encodes pairs as a query string (without the leading `?`). Letters, digits and `-_.~,:`
/// stay as they are, so `chain=99.9x1,99.95x2` stays readable; everything else is
/// percent-encoded as UTF-8.
pub fn encode<K: AsRef<str>, V: AsRef<str>>(pairs: &[(K, V)]) -> String {
    pairs.iter().map(|(k, v)| format!("{}={}", escape(k.as_ref()), escape(v.as_ref()))).collect::<Vec<_>>().join("&")
}

/// Decodes a query string (with or without the leading `?`) into pairs, in order. `+` is a
/// space; a malformed `%` escape is kept as text. Never fails.
pub fn decode(query: &str) -> Vec<(String, String)> {
    query
        .trim_start_matches('?')
        .split('&')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let (k, v) = part.split_once('=').unwrap_or((part, ""));
            (unescape(k), unescape(v))
        })
        .collect()
}

/// Percent-encodes one component: everything but letters, digits and `-_.~,:`.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b',' | b':' => out.push(byte as char),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// Decodes one percent-encoded component (`+` is a space; a bad escape stays as text).
pub fn unescape(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                match std::str::from_utf8(&bytes[i + 1..i + 3]).ok().and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(b) => {
                        out.push(b);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readable_values_stay_readable() {
        assert_eq!(
            encode(&[("availability", "99.95"), ("chain", "99.9x1,99.95x2")]),
            "availability=99.95&chain=99.9x1,99.95x2"
        );
        assert_eq!(encode(&[("budget", "43m 12s"), ("q", "a&b=c")]), "budget=43m%2012s&q=a%26b%3Dc");
    }

    #[test]
    fn decoding_inverts_encoding_and_tolerates_junk() {
        let pairs = vec![("k".to_string(), "ä ö & = %".to_string()), ("empty".to_string(), String::new())];
        assert_eq!(decode(&encode(&pairs)), pairs);
        assert_eq!(
            decode("?a=1&&b&c=%zz&d=%4"),
            [("a".into(), "1".into()), ("b".into(), "".into()), ("c".into(), "%zz".into()), ("d".into(), "%4".into())]
                as [(String, String); 4]
        );
        assert_eq!(decode("x=1+2"), [("x".to_string(), "1 2".to_string())]);
        assert!(decode("").is_empty());
    }
}
