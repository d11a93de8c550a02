//! [`CallArg`]: how an argument a binding holds is handed to the typed method, one impl per
//! argument kind of the endpoint table, so that the expansions of the table (the JSON dispatch,
//! Python's classes, uniffi's objects) pass every argument the same way: `arg.as_param()`.

/// An argument value as a binding holds it (owned text, an optional text, an id, a request
/// struct), lent to the typed method as the parameter its kind takes there: `&str`,
/// `Option<&str>`, `u64`, `&NewTemplate`. (Request structs get theirs from `request!`.)
pub trait CallArg {
    /// The typed method's parameter.
    type Param<'a>
    where
        Self: 'a;

    /// This value as that parameter.
    fn as_param(&self) -> Self::Param<'_>;
}

/// Text (`string`, `secret`), owned.
impl CallArg for String {
    type Param<'a> = &'a str;

    fn as_param(&self) -> &str {
        self
    }
}

/// Text (`string`, `secret`), borrowed from a JSON argument.
impl CallArg for &str {
    type Param<'a>
        = &'a str
    where
        Self: 'a;

    fn as_param(&self) -> &str {
        self
    }
}

/// Optional text (`optional_string`), owned.
impl CallArg for Option<String> {
    type Param<'a> = Option<&'a str>;

    fn as_param(&self) -> Option<&str> {
        self.as_deref()
    }
}

/// Optional text (`optional_string`), borrowed from a JSON argument.
impl CallArg for Option<&str> {
    type Param<'a>
        = Option<&'a str>
    where
        Self: 'a;

    fn as_param(&self) -> Option<&str> {
        *self
    }
}

/// An id (`id`).
impl CallArg for u64 {
    type Param<'a> = u64;

    fn as_param(&self) -> u64 {
        *self
    }
}
