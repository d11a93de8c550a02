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

/// A new template (`templates.add`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewTemplate {
    /// The template's name (required, not blank).
    pub name: String,
    /// The template's HTML (required, not blank).
    pub html_body: String,
    /// Whether the template can be used (`true` from [`NewTemplate::new`]).
    pub active: bool,
}

impl NewTemplate {
    /// An active template with this name and HTML.
    pub fn new(name: impl Into<String>, html_body: impl Into<String>) -> Self {
        NewTemplate {
            name: name.into(),
            html_body: html_body.into(),
            active: true,
        }
    }
}

/// Changes to a template (`templates.update`); fields left `None` stay as they are.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TemplateChanges {
    /// A new name (not blank).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// New HTML (not blank).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub html_body: Option<String>,
    /// Enable or disable the template.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
}
