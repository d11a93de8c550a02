//! Email templates and the requests that create or change them.

use serde::{Deserialize, Serialize};

model! {
    /// An email template: the user's own, or a default one (`user_id` absent).
    pub struct Template {
        /// The template's id.
        pub id: u64,
        /// The owner's id; absent for the default templates every user sees.
        pub user_id: Option<u64>,
        /// The template's name.
        pub name: String,
        /// The template's HTML.
        pub html_body: Option<String>,
        /// Whether the template can be used.
        pub active: Option<bool>,
        /// When the template was created (`Y-m-d H:i:s`).
        pub created_at: Option<String>,
        /// When the template last changed (`Y-m-d H:i:s`).
        pub updated_at: Option<String>,
    }
}

request! {
    /// A new template (`templates.add`).
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    pub struct NewTemplate {
        /// The template's name (required, not blank).
        pub name: String,
        /// The template's HTML (required, not blank).
        pub html_body: String,
        /// Whether the template can be used (default: yes).
        #[serde(default = "active_unless_said")]
        #[cfg_attr(feature = "uniffi", uniffi(default = true))]
        pub active: bool,
    }
}

/// `active` for a [`NewTemplate`] that does not say (JSON from a `--file`, a scenario, Python
/// keywords or a dict that leave it out): what [`NewTemplate::new`] sets.
fn active_unless_said() -> bool {
    true
}

impl NewTemplate {
    /// An active template with this name and HTML.
    pub fn new(name: impl Into<String>, html_body: impl Into<String>) -> Self {
        NewTemplate {
            name: name.into(),
            html_body: html_body.into(),
            active: active_unless_said(),
        }
    }
}

request! {
    /// Changes to a template (`templates.update`); fields left `None` stay as they are.
    #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
    pub struct TemplateChanges {
        /// A new name (not blank).
        #[serde(skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "uniffi", uniffi(default))]
        pub name: Option<String>,
        /// New HTML (not blank).
        #[serde(skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "uniffi", uniffi(default))]
        pub html_body: Option<String>,
        /// Enable or disable the template.
        #[serde(skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "uniffi", uniffi(default))]
        pub active: Option<bool>,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_new_template_without_active_is_active_like_new_makes_it() {
        let parsed: NewTemplate =
            serde_json::from_value(json!({"name": "Welcome", "html_body": "<h1>Hi</h1>"})).unwrap();
        assert_eq!(parsed, NewTemplate::new("Welcome", "<h1>Hi</h1>"));
        assert!(parsed.active);
        let inactive: NewTemplate =
            serde_json::from_value(json!({"name": "Off", "html_body": "<p/>", "active": false}))
                .unwrap();
        assert!(!inactive.active, "an explicit false is kept");
        let nameless = serde_json::from_value::<NewTemplate>(json!({"html_body": "<p/>"}));
        assert!(nameless.is_err(), "name is still required");
    }
}
