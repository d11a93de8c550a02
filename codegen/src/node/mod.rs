//! The Node package's generated layer (`bindings-node/generated/`): resource classes with one
//! camelCase method per endpoint (`resources.js` / `.d.ts`), the model and request interfaces
//! (`models.d.ts`), the client and call options (`options.js` / `.d.ts`), the error classes, one per `ErrorKind` (`errors.js` / `.d.ts`), and the ESM
//! entry point that re-exports the CommonJS build by name (`index.mjs`), and the README's call
//! and error tables.

mod entry;
mod errors;
mod models;
mod options;
mod readme;
mod resources;

use crate::Output;

/// Every generated file of the Node package (the README: its generated tables), from the
/// files under `root`.
pub fn outputs(root: &std::path::Path) -> Vec<Output> {
    vec![
        Output {
            path: "bindings-node/generated/errors.js",
            content: errors::javascript(),
        },
        Output {
            path: "bindings-node/generated/errors.d.ts",
            content: errors::declarations(),
        },
        Output {
            path: "bindings-node/generated/resources.js",
            content: resources::javascript(),
        },
        Output {
            path: "bindings-node/generated/resources.d.ts",
            content: resources::declarations(),
        },
        Output {
            path: "bindings-node/generated/options.js",
            content: options::javascript(),
        },
        Output {
            path: "bindings-node/generated/options.d.ts",
            content: options::declarations(),
        },
        Output {
            path: "bindings-node/generated/models.d.ts",
            content: models::declarations(),
        },
        Output {
            path: "bindings-node/index.mjs",
            content: entry::index_mjs(),
        },
        readme::readme(root),
    ]
}

/// `text` as the lines of a JSDoc comment indented by `indent`.
pub(super) fn jsdoc(indent: &str, text: &str) -> String {
    let text = text.replace("*/", "*\\/");
    format!("{indent}/** {text} */\n")
}
