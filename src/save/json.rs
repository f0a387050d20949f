//! A tiny JSON reader for saved files: objects, arrays, strings, numbers, booleans and null.
//!
//! Numbers keep their text, so a weight is parsed straight to `f32` by Rust's correctly rounded
//! parser: the shortest decimal written by [`super::float_text`] reads back to the same bits
//! (going through `f64` first could round twice). No dependency, so the wasm stays small.
//!
//! The reader works on whole characters (a position never lands inside a multi-byte UTF-8
//! character, so no slice can panic), refuses an object that repeats a member name (unlike
//! `JSON.parse`, which keeps the last one silently) and nesting deeper than [`MAX_DEPTH`], so
//! a hostile file cannot overflow the stack.

use std::fmt;

/// The deepest nesting accepted; saved files need 4 levels.
pub(crate) const MAX_DEPTH: usize = 32;

/// A JSON value; numbers hold their source text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Json {
    Null,
    Bool(bool),
    Number(String),
    String(String),
    Array(Vec<Json>),
    /// Members in file order.
    Object(Vec<(String, Json)>),
}

impl Json {
    /// The member `key` of an object (the parser refuses repeated names).
    pub(crate) fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// What kind of value this is, for messages: "a string", "an array", …
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Bool(_) => "a boolean",
            Json::Number(_) => "a number",
            Json::String(_) => "a string",
            Json::Array(_) => "an array",
            Json::Object(_) => "an object",
        }
    }
}

/// Where and why the text is not JSON.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SyntaxError {
    pub(crate) line: usize,
    pub(crate) column: usize,
    pub(crate) what: String,
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} at line {}, column {}",
            self.what, self.line, self.column
        )
    }
}

/// Parses a whole JSON text (one value, whitespace around it allowed).
pub(crate) fn parse(text: &str) -> Result<Json, SyntaxError> {
    let mut p = Parser { text, pos: 0 };
    p.skip_space();
    let value = p.value(0)?;
    p.skip_space();
    if p.pos < text.len() {
        return Err(p.error("unexpected text after the end of the JSON value"));
    }
    Ok(value)
}

struct Parser<'a> {
    text: &'a str,
    pos: usize,
}

impl Parser<'_> {
    fn error(&self, what: &str) -> SyntaxError {
        self.error_at(self.pos, what)
    }

    /// An error at byte `pos` (moved back to the start of the character it falls in).
    fn error_at(&self, pos: usize, what: &str) -> SyntaxError {
        let mut pos = pos.min(self.text.len());
        while !self.text.is_char_boundary(pos) {
            pos -= 1;
        }
        let before = &self.text[..pos];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |s| s.chars().count()) + 1;
        SyntaxError {
            line,
            column,
            what: what.to_string(),
        }
    }

    /// The text from the current position (empty if it were ever inside a character).
    fn rest(&self) -> &str {
        self.text.get(self.pos..).unwrap_or("")
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    fn skip_space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn expect(&mut self, byte: u8) -> Result<(), SyntaxError> {
        if self.peek() == Some(byte) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.error(&format!("expected '{}'", byte as char)))
        }
    }

    fn value(&mut self, depth: usize) -> Result<Json, SyntaxError> {
        if depth > MAX_DEPTH {
            return Err(self.error(&format!(
                "the JSON is nested too deeply (more than {MAX_DEPTH} levels of arrays and \
                 objects)"
            )));
        }
        match self.peek() {
            None => Err(self.error("the text ends where a value was expected")),
            Some(b'{') => self.object(depth),
            Some(b'[') => self.array(depth),
            Some(b'"') => self.string().map(Json::String),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => {
                for (word, value) in [
                    ("true", Json::Bool(true)),
                    ("false", Json::Bool(false)),
                    ("null", Json::Null),
                ] {
                    if self.rest().starts_with(word) {
                        self.pos += word.len();
                        return Ok(value);
                    }
                }
                Err(self.error("unexpected character"))
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Json, SyntaxError> {
        self.expect(b'{')?;
        let mut members = Vec::new();
        self.skip_space();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(Json::Object(members));
        }
        // Where each member name starts, to point at a repeated one.
        let mut starts = Vec::new();
        loop {
            self.skip_space();
            if self.peek() != Some(b'"') {
                return Err(self.error("expected a quoted member name"));
            }
            starts.push(self.pos);
            let key = self.string()?;
            self.skip_space();
            self.expect(b':')?;
            self.skip_space();
            members.push((key, self.value(depth + 1)?));
            self.skip_space();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    self.check_unique(&members, &starts)?;
                    return Ok(Json::Object(members));
                }
                _ => return Err(self.error("expected ',' or '}'")),
            }
        }
    }

    /// Refuses an object that names a member twice, pointing at the second one. Sorting keeps
    /// this O(n log n) however many members a (hostile) object has.
    fn check_unique(
        &self,
        members: &[(String, Json)],
        starts: &[usize],
    ) -> Result<(), SyntaxError> {
        let mut order: Vec<usize> = (0..members.len()).collect();
        order.sort_by(|&i, &j| members[i].0.cmp(&members[j].0).then(i.cmp(&j)));
        let repeat = order
            .windows(2)
            .filter(|w| members[w[0]].0 == members[w[1]].0)
            .map(|w| w[1])
            .min();
        match repeat {
            None => Ok(()),
            Some(i) => Err(self.error_at(
                starts[i],
                &format!(
                    "the member \"{}\" appears twice in one object",
                    printable(&members[i].0)
                ),
            )),
        }
    }

    fn array(&mut self, depth: usize) -> Result<Json, SyntaxError> {
        self.expect(b'[')?;
        let mut items = Vec::new();
        self.skip_space();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(Json::Array(items));
        }
        loop {
            self.skip_space();
            items.push(self.value(depth + 1)?);
            self.skip_space();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Json::Array(items));
                }
                _ => return Err(self.error("expected ',' or ']'")),
            }
        }
    }

    /// A number as written: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
    fn number(&mut self) -> Result<Json, SyntaxError> {
        let start = self.pos;
        let digits = |p: &mut Self| {
            let from = p.pos;
            while matches!(p.peek(), Some(b'0'..=b'9')) {
                p.pos += 1;
            }
            p.pos > from
        };
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        if self.peek() == Some(b'0') {
            self.pos += 1;
        } else if !digits(self) {
            return Err(self.error("expected a digit"));
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if !digits(self) {
                return Err(self.error("expected a digit after '.'"));
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if !digits(self) {
                return Err(self.error("expected a digit in the exponent"));
            }
        }
        Ok(Json::Number(self.text[start..self.pos].to_string()))
    }

    fn string(&mut self) -> Result<String, SyntaxError> {
        self.expect(b'"')?;
        let mut out = String::new();
        loop {
            let Some(c) = self.rest().chars().next() else {
                return Err(self.error("the text ends inside a string"));
            };
            match c {
                '"' => {
                    self.pos += 1;
                    return Ok(out);
                }
                '\\' => {
                    self.pos += 1;
                    out.push(self.escape()?);
                }
                c if (c as u32) < 0x20 => {
                    return Err(self.error("a control character inside a string"));
                }
                c => {
                    out.push(c);
                    self.pos += c.len_utf8();
                }
            }
        }
    }

    /// The character after a backslash (a whole character, whatever its UTF-8 length).
    fn escape(&mut self) -> Result<char, SyntaxError> {
        let c = self
            .rest()
            .chars()
            .next()
            .ok_or_else(|| self.error("the text ends inside a string"))?;
        let at = self.pos - 1;
        self.pos += c.len_utf8();
        Ok(match c {
            '"' => '"',
            '\\' => '\\',
            '/' => '/',
            'b' => '\u{8}',
            'f' => '\u{c}',
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            'u' => {
                let high = self.hex4()?;
                if (0xD800..0xDC00).contains(&high) {
                    // A surrogate pair: \uD83D\uDE00.
                    if !self.rest().starts_with("\\u") {
                        return Err(self.error("a lone surrogate in a \\u escape"));
                    }
                    self.pos += 2;
                    let low = self.hex4()?;
                    if !(0xDC00..0xE000).contains(&low) {
                        return Err(self.error("a lone surrogate in a \\u escape"));
                    }
                    let code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
                    char::from_u32(code).ok_or_else(|| self.error("a bad \\u escape"))?
                } else {
                    char::from_u32(high)
                        .ok_or_else(|| self.error("a lone surrogate in a \\u escape"))?
                }
            }
            c => {
                return Err(self.error_at(
                    at,
                    &format!(
                        "an unknown escape \"\\{}\" in a string (JSON knows \\\" \\\\ \\/ \\b \\f \\n \\r \\t \
                         and \\uXXXX)",
                        printable(&c.to_string())
                    ),
                ))
            }
        })
    }

    fn hex4(&mut self) -> Result<u32, SyntaxError> {
        let digits = self
            .text
            .get(self.pos..self.pos + 4)
            .filter(|d| d.bytes().all(|b| b.is_ascii_hexdigit()))
            .ok_or_else(|| self.error("expected 4 hex digits after \\u"))?;
        self.pos += 4;
        u32::from_str_radix(digits, 16).map_err(|_| self.error("expected 4 hex digits after \\u"))
    }
}

/// A name or character for a message: control characters written as \u escapes, at most 40
/// characters.
fn printable(s: &str) -> String {
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i == 40 {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_nested_values_and_keeps_number_text() {
        let v = parse(r#" {"a": [1, -0.5e-3, true, null], "b": "x\u00e9\n"} "#).unwrap();
        assert_eq!(
            v.get("a"),
            Some(&Json::Array(vec![
                Json::Number("1".into()),
                Json::Number("-0.5e-3".into()),
                Json::Bool(true),
                Json::Null
            ]))
        );
        assert_eq!(v.get("b"), Some(&Json::String("xé\n".into())));
    }

    #[test]
    fn reports_line_and_column_of_a_syntax_error() {
        let e = parse("{\n  \"a\": [1, 2,]\n}").unwrap_err();
        assert_eq!((e.line, e.column), (2, 14));
        assert!(parse("[01]").is_err());
        assert!(parse("[1] x").is_err());
        assert!(parse(&"[".repeat(100)).is_err());
        assert_eq!(
            parse(r#""\ud83d\ude00""#).unwrap(),
            Json::String("😀".into())
        );
    }
}
