//! All the sandbox's API data in one place, behind one mutex (see `app.rs`): users and tokens, each
//! user's domains, senders, templates, lists and campaigns, the seeded options, the outbox and the clock.
//! One lock keeps writes from ever losing or duplicating a record, and keeps campaign delivery
//! (which reads lists and writes the outbox) consistent.

use std::collections::{BTreeMap, HashMap};

use crate::auth::TokenRecord;
use crate::clock::{self, Clock};
use crate::config::SeedUser;
use crate::models::{
    Account, BounceEmail, Campaign, Domain, MailingList, Sender, Template, UrlDomain, UserInfo,
    Vmta,
};
use crate::outbox::Outbox;

/// A verification link's one-time token, and whether it has been followed.
pub struct VerificationLink {
    pub sender_id: u64,
    pub used: bool,
}

/// Per-resource id counters: ids grow across users, as database auto-increments do.
#[derive(Default)]
pub struct Ids {
    user: u64,
    token: u64,
    domain: u64,
    sender: u64,
    template: u64,
    mailing_list: u64,
    campaign: u64,
}

/// Which counter to draw from.
#[derive(Clone, Copy)]
pub enum IdKind {
    User,
    Token,
    Domain,
    Sender,
    Template,
    MailingList,
    Campaign,
}

impl Ids {
    pub fn next(&mut self, kind: IdKind) -> u64 {
        let counter = match kind {
            IdKind::User => &mut self.user,
            IdKind::Token => &mut self.token,
            IdKind::Domain => &mut self.domain,
            IdKind::Sender => &mut self.sender,
            IdKind::Template => &mut self.template,
            IdKind::MailingList => &mut self.mailing_list,
            IdKind::Campaign => &mut self.campaign,
        };
        *counter += 1;
        *counter
    }
}

pub struct State {
    seed: Vec<SeedUser>,
    pub ids: Ids,
    pub accounts: BTreeMap<u64, Account>,
    pub tokens: HashMap<u64, TokenRecord>,
    pub domains: BTreeMap<u64, Domain>,
    pub senders: BTreeMap<u64, Sender>,
    pub templates: BTreeMap<u64, Template>,
    pub mailing_lists: BTreeMap<u64, MailingList>,
    pub campaigns: BTreeMap<u64, Campaign>,
    pub vmtas: Vec<Vmta>,
    pub url_domains: Vec<UrlDomain>,
    pub bounce_emails: Vec<BounceEmail>,
    pub verification_links: HashMap<String, VerificationLink>,
    pub outbox: Outbox,
    pub clock: Clock,
}

/// Default templates every user sees (`user_id: null`). The first one is the welcome mail's.
const DEFAULT_TEMPLATES: &[(&str, &str)] = &[
    (
        "Welcome",
        "<h1>Welcome to {{shop_name}}</h1><p>Thank you for joining {{shop_name}}.</p>",
    ),
    (
        "Newsletter",
        "<h1>{{subject}}</h1><div>{{content}}</div><p>Sent to {{email}}</p>",
    ),
    ("Announcement", "<h2>{{subject}}</h2><p>{{content}}</p>"),
];

/// Id of the default template the welcome mail renders.
pub const WELCOME_TEMPLATE_ID: u64 = 1;

impl State {
    /// A fresh state holding the seed users and the seeded defaults.
    pub fn new(seed: Vec<SeedUser>) -> State {
        let mut state = State {
            seed: Vec::new(),
            ids: Ids::default(),
            accounts: BTreeMap::new(),
            tokens: HashMap::new(),
            domains: BTreeMap::new(),
            senders: BTreeMap::new(),
            templates: BTreeMap::new(),
            mailing_lists: BTreeMap::new(),
            campaigns: BTreeMap::new(),
            vmtas: vec![
                Vmta {
                    id: 0,
                    name: "System Default Route".into(),
                    kind: "default".into(),
                },
                Vmta {
                    id: 1,
                    name: "Shared Pool".into(),
                    kind: "pool".into(),
                },
            ],
            url_domains: vec![UrlDomain {
                id: 1,
                domain: "links.smtpprovider.test".into(),
            }],
            bounce_emails: vec![BounceEmail {
                id: 1,
                email: "bounces@smtpprovider.test".into(),
            }],
            verification_links: HashMap::new(),
            outbox: Outbox::default(),
            clock: Clock::default(),
        };
        let now = state.now_text();
        for (name, html) in DEFAULT_TEMPLATES {
            let id = state.ids.next(IdKind::Template);
            state.templates.insert(
                id,
                Template {
                    id,
                    user_id: None,
                    name: (*name).into(),
                    html_body: (*html).into(),
                    active: true,
                    created_at: now.clone(),
                    updated_at: now.clone(),
                },
            );
        }
        for user in &seed {
            // Seed users come from the configuration; a duplicate email there is simply skipped.
            let _ = state.add_user(&user.email, &user.password, &user.name);
        }
        state.seed = seed;
        state
    }

    /// Everything back to how `new` left it: seed users only (new tokens needed), clock offset 0.
    pub fn reset(&mut self) {
        *self = State::new(std::mem::take(&mut self.seed));
    }

    /// The sandbox clock's time as the API formats it.
    pub fn now_text(&self) -> String {
        clock::format(self.clock.now())
    }

    /// Creates a user; emails are unique (case-insensitive).
    pub fn add_user(
        &mut self,
        email: &str,
        password: &str,
        name: &str,
    ) -> Result<UserInfo, String> {
        if self
            .accounts
            .values()
            .any(|a| a.user.email.eq_ignore_ascii_case(email))
        {
            return Err("The email has already been taken.".into());
        }
        let id = self.ids.next(IdKind::User);
        let user = UserInfo {
            id,
            name: name.to_string(),
            email: email.to_string(),
        };
        self.accounts.insert(
            id,
            Account {
                user: user.clone(),
                password: password.to_string(),
            },
        );
        Ok(user)
    }

    /// The user's domain called `name`, if they own one.
    pub fn user_domain(&self, user_id: u64, name: &str) -> Option<&Domain> {
        self.domains
            .values()
            .find(|d| d.user_id == user_id && d.domain_name.eq_ignore_ascii_case(name))
    }

    /// The user's sender with this address, if any.
    pub fn user_sender(&self, user_id: u64, from_email: &str) -> Option<&Sender> {
        self.senders
            .values()
            .find(|s| s.user_id == user_id && s.from_email.eq_ignore_ascii_case(from_email))
    }

    /// A template the user may use: their own or a default one.
    pub fn usable_template(&self, user_id: u64, id: u64) -> Option<&Template> {
        self.templates
            .get(&id)
            .filter(|t| t.user_id.is_none() || t.user_id == Some(user_id))
    }

    /// The user's own templates.
    pub fn user_templates(&self, user_id: u64) -> impl Iterator<Item = &Template> {
        self.templates
            .values()
            .filter(move |t| t.user_id == Some(user_id))
    }

    /// The user's templates followed by the default ones (the campaign form's choice).
    pub fn usable_templates(&self, user_id: u64) -> Vec<&Template> {
        let mut all: Vec<&Template> = self.user_templates(user_id).collect();
        all.extend(self.templates.values().filter(|t| t.user_id.is_none()));
        all
    }

    /// The user's senders.
    pub fn user_senders(&self, user_id: u64) -> Vec<&Sender> {
        self.senders
            .values()
            .filter(|s| s.user_id == user_id)
            .collect()
    }

    /// The user's mailing lists.
    pub fn user_mailing_lists(&self, user_id: u64) -> Vec<&MailingList> {
        self.mailing_lists
            .values()
            .filter(|m| m.user_id == user_id)
            .collect()
    }
}
