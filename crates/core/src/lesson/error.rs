//! [`LessonError`]: a problem found in lesson content, returned as data, never raised.

use std::fmt;

/// A problem in lesson content, with the 1-based line it was found on when known.
#[derive(Clone, Debug, PartialEq)]
pub struct LessonError {
    /// Line in the source file, when known.
    pub line: Option<usize>,
    /// What is wrong, as a sentence.
    pub message: String,
}

impl LessonError {
    /// An error at a line.
    pub fn at(line: usize, message: String) -> LessonError {
        LessonError { line: Some(line), message }
    }

    /// An error without a line.
    pub fn new(message: String) -> LessonError {
        LessonError { line: None, message }
    }
}

impl fmt::Display for LessonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "line {line}: {}", self.message),
            None => write!(f, "{}", self.message),
        }
    }
}
