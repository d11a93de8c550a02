//! The ESM entry point: it re-exports the CommonJS build by name, so each class exists once
//! whichever way the package is loaded (an `instanceof` check works across both).

use super::{errors, resources};
use crate::header;

/// What `index.js` exports besides the generated classes (written by hand in `lib/`).
const HAND_WRITTEN: &[&str] = &["Client", "AbortError"];

pub(super) fn index_mjs() -> String {
    let mut names: Vec<&str> = HAND_WRITTEN.to_vec();
    names.extend(errors::exported_names());
    names.push("ERROR_CLASSES");
    names.extend(resources::exported_names());
    let mut out = header("//");
    out.push_str("import cjs from './index.js'\n\nexport const {\n");
    for name in &names {
        out.push_str(&format!("  {name},\n"));
    }
    out.push_str("} = cjs\nexport default cjs\n");
    out
}
