//! JSON written as serde_json writes it, without serde_json's `Value`, its
//! serializer and chrono's `Serialize` in the wasm: pretty (two-space
//! indent, as `to_string_pretty`) for the downloads, compact (as
//! `to_string`) for the canonical content behind an export's fingerprint.
//! Keys come in the order written.

use std::fmt::Write;

pub(crate) struct JsonWriter {
    out: String,
    pretty: bool,
    depth: usize,
    /// Whether the innermost array or object has no element yet.
    empty: bool,
}

impl JsonWriter {
    /// As `serde_json::to_string_pretty` writes.
    pub fn pretty() -> JsonWriter {
        JsonWriter {
            out: String::new(),
            pretty: true,
            depth: 0,
            empty: true,
        }
    }

    /// As `serde_json::to_string` writes: no space anywhere.
    pub fn compact() -> JsonWriter {
        JsonWriter {
            pretty: false,
            ..JsonWriter::pretty()
        }
    }

    pub fn finish(self) -> String {
        self.out
    }

    pub fn open(&mut self, bracket: char) {
        self.out.push(bracket);
        self.depth += 1;
        self.empty = true;
    }

    pub fn close(&mut self, bracket: char) {
        self.depth -= 1;
        if !self.empty {
            self.newline();
        }
        self.out.push(bracket);
        self.empty = false;
    }

    /// Before each element of an array.
    pub fn item(&mut self) {
        if !self.empty {
            self.out.push(',');
        }
        self.newline();
        self.empty = false;
    }

    pub fn key(&mut self, key: &str) {
        self.item();
        self.string(key);
        self.out.push_str(if self.pretty { ": " } else { ":" });
    }

    pub fn field(&mut self, key: &str, value: &str) {
        self.key(key);
        self.string(value);
    }

    fn newline(&mut self) {
        if self.pretty {
            self.out.push('\n');
            for _ in 0..self.depth {
                self.out.push_str("  ");
            }
        }
    }

    pub fn string(&mut self, text: &str) {
        self.out.push('"');
        for c in text.chars() {
            match c {
                '"' => self.out.push_str("\\\""),
                '\\' => self.out.push_str("\\\\"),
                '\n' => self.out.push_str("\\n"),
                '\r' => self.out.push_str("\\r"),
                '\t' => self.out.push_str("\\t"),
                '\u{8}' => self.out.push_str("\\b"),
                '\u{c}' => self.out.push_str("\\f"),
                c if c < ' ' => {
                    let _ = write!(self.out, "\\u{:04x}", c as u32);
                }
                c => self.out.push(c),
            }
        }
        self.out.push('"');
    }

    /// A whole number, written without an allocation of its own (an
    /// export's canonical content has hundreds of thousands).
    pub fn number(&mut self, n: impl std::fmt::Display) {
        let _ = write!(self.out, "{n}");
    }

    /// A count, written digit by digit: an export's canonical content has
    /// hundreds of thousands, and `write!` takes most of its time for them.
    pub fn count(&mut self, mut n: u32) {
        let mut digits = [0u8; 10];
        let mut start = digits.len();
        loop {
            start -= 1;
            digits[start] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        self.out
            .extend(digits[start..].iter().map(|&digit| char::from(digit)));
    }

    /// A number, `true`, `false` or `null`.
    pub fn raw(&mut self, value: &str) {
        self.out.push_str(value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        for text in [
            "plain",
            "a \"quote\"",
            "back\\slash",
            "line\nbreak\r\t",
            "bell\u{1}\u{8}\u{c}\u{1f}\u{7f}",
            "Київ – ü",
        ] {
            let mut j = JsonWriter::compact();
            j.string(text);
            assert_eq!(j.finish(), serde_json::to_string(text).unwrap(), "{text:?}");
        }
    }

    #[test]
    fn compact_and_pretty_are_serde_json_s() {
        let write = |mut j: JsonWriter| {
            j.open('{');
            j.field("a", "b");
            j.key("empty");
            j.open('[');
            j.close(']');
            j.key("list");
            j.open('[');
            for n in ["1", "null"] {
                j.item();
                j.raw(n);
            }
            j.close(']');
            j.close('}');
            j.finish()
        };
        let value = serde_json::json!({ "a": "b", "list": [1, null], "empty": [] });
        assert_eq!(
            write(JsonWriter::compact()),
            serde_json::to_string(&value).unwrap()
        );
        assert_eq!(
            write(JsonWriter::pretty()),
            serde_json::to_string_pretty(&value).unwrap()
        );
    }
}
