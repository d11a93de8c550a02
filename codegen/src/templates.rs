//! What the generators that render templates (`templates/`) share.

use minijinja::syntax::SyntaxConfig;

/// Jinja's whitespace rules for templates of source files: a block tag on a line of its own leaves
/// no blank line behind, and the file's last newline stays.
pub fn syntax() -> SyntaxConfig {
    SyntaxConfig::builder()
        .trim_blocks(true)
        .lstrip_blocks(true)
        .keep_trailing_newline(true)
        .build()
        .expect("the default delimiters are valid")
}
