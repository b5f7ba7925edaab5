//! One error type for everything a caller can get wrong, and for the model failing.
//!
//! Messages are written for the person calling the API: they name what was received and
//! what was expected, because they end up verbatim in a thrown JS `Error` or on stderr.

use std::fmt;

#[derive(Debug, Clone, PartialEq)]
pub enum Error {
    /// The input does not have the shape, type or range the API documents.
    Input(String),
    /// The embedded model could not be loaded or run (a build problem, not the caller's).
    Model(String),
}

impl Error {
    pub(crate) fn input(message: impl Into<String>) -> Self {
        Error::Input(message.into())
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Input(message) => write!(f, "{message}"),
            Error::Model(message) => write!(f, "the digit model failed: {message}"),
        }
    }
}

impl std::error::Error for Error {}

pub type Result<T, E = Error> = std::result::Result<T, E>;
