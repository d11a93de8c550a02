//! The examples in the resource handles' docs (`Domains`, ...), one per resource, for the
//! handles `endpoint_args.rs` generates.

/// An example per resource, appended to the generated async handle's docs (the table's own doc
/// lines are shared with the bindings, so they stay language-neutral).
macro_rules! resource_example {
    // The blocking handles carry no example of their own: the `blocking` module has one.
    (blocking $resource:ident) => {
        ""
    };
    (async domains) => {
        "\n\n# Example\n\n```no_run\n# async fn demo(client: smtpprovider::Client) -> smtpprovider::Result<()> {\n\
         let domain = client.domains().add(\"example.com\").await?;\n\
         // publish domain.public_key as a TXT record at domain.host, then:\n\
         let answer = client.domains().verify(\"example.com\").await?;\n\
         println!(\"verified: {} ({:?})\", answer.verified, answer.message);\n\
         # Ok(()) }\n```"
    };
    (async senders) => {
        "\n\n# Example\n\n```no_run\n# async fn demo(client: smtpprovider::Client) -> smtpprovider::Result<()> {\n\
         let sender = client.senders().add(\"example.com\", \"news@example.com\", \"Example News\").await?;\n\
         client.senders().verify(&sender.from_email).await?; // mails a verification link\n\
         # Ok(()) }\n```"
    };
    (async templates) => {
        "\n\n# Example\n\n```no_run\n# async fn demo(client: smtpprovider::Client) -> smtpprovider::Result<()> {\n\
         use smtpprovider::{NewTemplate, TemplateChanges};\n\
         let template = client.templates().add(&NewTemplate::new(\"Welcome\", \"<h1>Hi</h1>\")).await?;\n\
         let renamed = TemplateChanges { name: Some(\"Welcome v2\".into()), ..Default::default() };\n\
         client.templates().update(template.id, &renamed).await?;\n\
         # Ok(()) }\n```"
    };
    (async mailing_lists) => {
        "\n\n# Example\n\n```no_run\n# async fn demo(client: smtpprovider::Client) -> smtpprovider::Result<()> {\n\
         let list = client.mailing_lists().add(\"Newsletter\").await?;\n\
         println!(\"{} has {:?} subscribers\", list.name, list.subscribers_count);\n\
         # Ok(()) }\n```"
    };
    (async campaigns) => {
        "\n\n# Example\n\n```no_run\n# async fn demo(client: smtpprovider::Client) -> smtpprovider::Result<()> {\n\
         use smtpprovider::{CampaignContent, NewCampaign};\n\
         let options = client.campaigns().options().await?;\n\
         let campaign = client.campaigns().create(&NewCampaign {\n\
         \x20   template_id: options.templates[0].id,\n\
         \x20   mailing_list_id: Some(options.mailing_lists[0].id),\n\
         \x20   begins_at: Some(\"2026-06-01 09:00:00\".into()),\n\
         \x20   content: CampaignContent::new(\"news@example.com\", \"June news\", \"<h1>June</h1>\"),\n\
         \x20   ..Default::default()\n\
         }).await?;\n\
         client.campaigns().toggle_pause(campaign.id).await?; // pause; call again to resume\n\
         # Ok(()) }\n```"
    };
    (async mail) => {
        "\n\n# Example\n\n```no_run\n# async fn demo(client: smtpprovider::Client) -> smtpprovider::Result<()> {\n\
         client.mail().send_welcome(\"owner@shop.example\", \"Demo Store\", None, None).await?;\n\
         client.mail().send_welcome(\"owner@shop.example\", \"Demo Store\", Some(\"Hello\"), Some(\"<p>Hi</p>\")).await?;\n\
         # Ok(()) }\n```"
    };
}
