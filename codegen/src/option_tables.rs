//! The options tables of `bindings-python/README.md` and `core/README.md` (the Rust builder's
//! methods, named as the table names them). Node's is written with its other README tables
//! (`node/readme.rs`).

use crate::readme::{fill, options_table, Casing};

/// The Python README's and the core README's options tables, filled in the files under `root`.
pub fn outputs(root: &std::path::Path) -> Vec<crate::Output> {
    [
        ("bindings-python/README.md", "seconds"),
        ("core/README.md", "`Duration`"),
    ]
    .into_iter()
    .map(|(readme, duration_unit)| {
        let path = root.join(readme);
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let table = options_table(Casing::Snake, duration_unit);
        crate::Output {
            path: readme,
            content: fill(readme, &text, "options", &table),
        }
    })
    .collect()
}
