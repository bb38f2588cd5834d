//! Where in a JSON document an error happened, as a path (`$.cells.reported[3]`).
//!
//! serde_json reports the line and column at which reading a value failed;
//! [`path_at`] walks the text up to there and names the value. One small
//! scanner serves every data type, where tracking the path while
//! deserialising would add code for each type to the wasm.

/// One open object or array on the way to the position.
enum Frame {
    /// The key of the member being read, once its name has been read.
    Object(Option<String>),
    /// The index of the element being read.
    Array(usize),
}

/// The byte offset of 1-based `line` and `column` in `text`.
pub fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    (start + column).min(text.len())
}

/// The path of the value being read when the reader had consumed `offset`
/// bytes of `json`.
///
/// ```
/// use portal::model::json_path::path_at;
/// let json = r#"{"a": {"b": [1, 2, -3]}}"#;
/// assert_eq!(path_at(json, json.find("-3").unwrap() + 2), "$.a.b[2]");
/// ```
pub fn path_at(json: &str, offset: usize) -> String {
    let bytes = &json.as_bytes()[..offset.min(json.len())];
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                let start = i + 1;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                // A string directly after `{` or `,` in an object is a key.
                let before = bytes[..start - 1]
                    .iter()
                    .rev()
                    .find(|b| !b.is_ascii_whitespace());
                if let (Some(Frame::Object(key)), Some(b'{' | b',')) = (stack.last_mut(), before) {
                    let end = i.min(bytes.len());
                    *key = Some(String::from_utf8_lossy(&bytes[start..end]).into_owned());
                }
            }
            b'{' => stack.push(Frame::Object(None)),
            b'[' => stack.push(Frame::Array(0)),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Array(index)) => *index += 1,
                Some(Frame::Object(key)) => *key = None,
                None => {}
            },
            _ => {}
        }
        i += 1;
    }
    // After a closing bracket the parent still points at the container, so
    // an error found there (a missing field) names the container.
    let mut path = String::from("$");
    for frame in &stack {
        match frame {
            Frame::Object(Some(key)) => {
                path.push('.');
                path.push_str(key);
            }
            Frame::Array(index) => path.push_str(&format!("[{index}]")),
            Frame::Object(None) => {}
        }
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(json: &str, marker: &str) -> String {
        path_at(json, json.find(marker).unwrap() + marker.len())
    }

    #[test]
    fn names_members_and_elements() {
        let json = r#"{"release": {"k": 5, "id": "a,b]{"}, "cells": {"reported": [1, null, 2.5]}}"#;
        assert_eq!(at(json, "5"), "$.release.k");
        assert_eq!(at(json, r#""a,b]{""#), "$.release.id");
        assert_eq!(at(json, "2.5"), "$.cells.reported[2]");
        assert_eq!(at(json, "null"), "$.cells.reported[1]");
    }

    #[test]
    fn a_missing_field_is_reported_inside_its_object() {
        let json = r#"{"release": {"k": 5}, "x": 1}"#;
        assert_eq!(at(json, "5}"), "$.release");
        assert_eq!(at(json, r#""x""#), "$.x");
    }

    #[test]
    fn escaped_quotes_and_line_columns() {
        let json = "{\n  \"a\\\"b\": [\n    7\n  ]\n}";
        assert_eq!(path_at(json, offset_of(json, 3, 5)), "$.a\\\"b[0]");
        assert_eq!(offset_of("ab\ncd", 2, 1), 4);
    }
}
