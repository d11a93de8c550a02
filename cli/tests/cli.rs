//! The built `smtpprovider` binary against real sandboxes: the quickstart, endpoint subcommands
//! in human and `--json` output, the login exports, and error exit codes.

mod common;

use common::{json, run, with};
use smtpprovider_sandbox::{Sandbox, SandboxConfig};

/// A sandbox and the environment of a logged-in demo user, from `smtpprovider login --json`.
fn logged_in() -> (Sandbox, Vec<(&'static str, String)>) {
    let sandbox = Sandbox::start(SandboxConfig::default()).unwrap();
    let login = run(
        &[
            "login",
            "--json",
            "--base-url",
            sandbox.base_url(),
            "--email",
            "demo@example.com",
        ],
        &[("SMTPPROVIDER_PASSWORD", "demo-password")],
    );
    assert_eq!(login.code, 0, "{}", login.stderr);
    let session = json(&login.stdout);
    assert_eq!(session["user"]["email"], "demo@example.com");
    let env = vec![
        ("SMTPPROVIDER_BASE_URL", sandbox.base_url().to_owned()),
        (
            "SMTPPROVIDER_TOKEN",
            session["token"].as_str().unwrap().to_owned(),
        ),
        ("SMTPPROVIDER_USER_ID", session["user_id"].to_string()),
    ];
    (sandbox, env)
}

#[test]
fn quickstart_walks_every_step_and_exits_zero() {
    let out = run(&["quickstart"], &[]);
    assert_eq!(
        out.code, 0,
        "stdout:\n{}\nstderr:\n{}",
        out.stdout, out.stderr
    );
    for step in [
        "Started an embedded sandbox",
        "Logged in as demo@example.com",
        "Added the domain example.com",
        "Read the DNS records example.com needs",
        "Published the DKIM TXT record at smtp._domainkey.example.com",
        "Verified example.com: Verified Successfully",
        "Added the sender news@example.com",
        "Requested its verification: Verification email sent",
        "Followed the verification link",
        "Confirmed news@example.com is verified",
        "Added the template",
        "Added the mailing list",
        "Added 25 subscribers",
        "Read the campaign options",
        "Created the campaign #1",
        "Paused it (paused: true)",
        "Resumed it (paused: false)",
        "Read it for editing",
        "Updated it: renamed",
        "finished   25/25 sent",
        "Sent a welcome mail to customer@example.org: Mail sent successfully",
        "The sandbox's outbox holds 27 messages",
        "Done: 22 steps",
    ] {
        assert!(
            out.stdout.contains(step),
            "missing {step:?} in:\n{}",
            out.stdout
        );
    }
}

#[test]
fn quickstart_runs_against_a_running_sandbox_with_credentials() {
    let sandbox = Sandbox::start(SandboxConfig::default()).unwrap();
    let missing = run(&["quickstart", "--base-url", sandbox.base_url()], &[]);
    assert_eq!(
        missing.code, 2,
        "--base-url needs credentials: {}",
        missing.stderr
    );
    let args = [
        "quickstart",
        "--base-url",
        sandbox.base_url(),
        "--email",
        "demo@example.com",
        "--domain",
        "shop.example.net",
    ];
    let out = run(&args, &[("SMTPPROVIDER_PASSWORD", "demo-password")]);
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    assert!(
        out.stdout
            .contains(&format!("Using the sandbox at {}", sandbox.base_url())),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("Verified shop.example.net"),
        "{}",
        out.stdout
    );

    let again = run(&args, &[("SMTPPROVIDER_PASSWORD", "demo-password")]);
    assert_eq!(
        again.code, 12,
        "the domain is taken now: a Validation failure, code 12: {}",
        again.stderr
    );
    assert!(
        again.stdout.contains("Logged in as") && !again.stdout.contains("Done:"),
        "{}",
        again.stdout
    );
    assert!(
        again.stderr.contains("error[Validation]") && again.stderr.contains("already been taken"),
        "{}",
        again.stderr
    );
}

#[test]
fn endpoint_subcommands_answer_json_and_tables() {
    let (_sandbox, env) = logged_in();
    let env = with(&env);

    let added = run(&["domains", "add", "example.com", "--json"], &env);
    assert_eq!(added.code, 0, "{}", added.stderr);
    let domain = json(&added.stdout);
    assert_eq!(
        (domain["domain_name"].as_str(), domain["status"].as_str()),
        (Some("example.com"), Some("pending"))
    );

    let listed = json(&run(&["domains", "list", "--json"], &env).stdout);
    assert_eq!(listed.as_array().map(Vec::len), Some(1));

    let table = run(&["domains", "list"], &env);
    let header = table.stdout.lines().next().unwrap_or_default();
    assert!(
        header.starts_with("ID  DOMAIN_NAME") && header.contains("STATUS"),
        "{}",
        table.stdout
    );
    assert!(table.stdout.contains("example.com"), "{}", table.stdout);

    let template = run(
        &[
            "templates",
            "add",
            "--set",
            "name=Spring",
            "--set",
            "html_body=<p>Hi</p>",
            "--set",
            "active=true",
            "--json",
        ],
        &env,
    );
    assert_eq!(template.code, 0, "{}", template.stderr);
    let id = json(&template.stdout)["id"].to_string();
    let shown = run(&["templates", "get", &id], &env);
    assert!(
        shown
            .stdout
            .lines()
            .any(|l| l.split_whitespace().collect::<Vec<_>>() == ["name", "Spring"]),
        "{}",
        shown.stdout
    );

    let list = json(&run(&["mailing-lists", "add", "Newsletter", "--json"], &env).stdout);
    assert_eq!(list["name"], "Newsletter");
    let by_table_name = json(&run(&["mailing_lists", "list", "--json"], &env).stdout);
    assert_eq!(
        by_table_name[0]["id"], list["id"],
        "the table's spelling works too"
    );

    let endpoints = json(&run(&["endpoints", "--json"], &[]).stdout);
    assert_eq!(endpoints.as_array().map(Vec::len), Some(22));
}

#[test]
fn a_request_struct_can_come_from_a_file() {
    let (_sandbox, env) = logged_in();
    let file = std::env::temp_dir().join(format!(
        "smtpprovider-cli-template-{}.json",
        std::process::id()
    ));
    std::fs::write(
        &file,
        r#"{"name": "From a file", "html_body": "<p>Hi</p>", "active": false}"#,
    )
    .unwrap();
    let out = run(
        &[
            "templates",
            "add",
            "--file",
            file.to_str().unwrap(),
            "--set",
            "active=true",
            "--json",
        ],
        &with(&env),
    );
    std::fs::remove_file(&file).unwrap();
    assert_eq!(out.code, 0, "{}", out.stderr);
    let template = json(&out.stdout);
    assert_eq!(
        (template["name"].as_str(), template["active"].as_bool()),
        (Some("From a file"), Some(true)),
        "--set wins"
    );
}

#[test]
fn errors_exit_with_their_kind_code_and_a_clear_message() {
    let (_sandbox, env) = logged_in();
    let env = with(&env);

    let missing = run(&["templates", "get", "9999"], &env);
    assert_eq!(missing.code, 13, "NotFound is 13: {}", missing.stderr);
    assert!(
        missing.stderr.starts_with("error[NotFound]: ")
            && missing.stderr.contains("Template not found."),
        "{}",
        missing.stderr
    );
    assert!(missing.stdout.is_empty());

    let as_json = run(&["templates", "get", "9999", "--json"], &env);
    let error = json(&as_json.stderr);
    assert_eq!(
        (
            error["error"]["kind"].as_str(),
            error["error"]["status"].as_u64()
        ),
        (Some("NotFound"), Some(404))
    );
    assert_eq!(error["error"]["exit_code"], 13);

    run(&["domains", "add", "example.com"], &env);
    let taken = run(&["domains", "add", "example.com"], &env);
    assert_eq!(taken.code, 12, "Validation is 12: {}", taken.stderr);
    assert!(
        taken
            .stderr
            .contains("The domain name has already been taken."),
        "{}",
        taken.stderr
    );

    let invalid = run(&["domains", "add", "not a host"], &env);
    assert_eq!(invalid.code, 19, "InvalidInput is 19: {}", invalid.stderr);

    let base_url = env
        .iter()
        .find(|(k, _)| *k == "SMTPPROVIDER_BASE_URL")
        .map(|(_, v)| *v)
        .unwrap();
    let anonymous = run(&["domains", "list"], &[("SMTPPROVIDER_BASE_URL", base_url)]);
    assert_eq!(
        anonymous.code, 10,
        "Authentication is 10: {}",
        anonymous.stderr
    );
    assert!(
        anonymous.stderr.contains("not logged in"),
        "{}",
        anonymous.stderr
    );

    let bad_login = run(
        &[
            "login",
            "--base-url",
            base_url,
            "--email",
            "demo@example.com",
            "--password",
            "nope",
        ],
        &[],
    );
    assert_eq!(bad_login.code, 10, "{}", bad_login.stderr);

    let usage = run(&["domains", "add"], &env);
    assert_eq!(
        usage.code, 2,
        "a missing argument is a usage error: {}",
        usage.stderr
    );
    let no_url = run(&["domains", "list"], &[]);
    assert_eq!(no_url.code, 2, "{}", no_url.stderr);
    assert!(
        no_url.stderr.contains("SMTPPROVIDER_BASE_URL"),
        "{}",
        no_url.stderr
    );
}

#[test]
fn login_prints_shell_exports_and_writes_nothing() {
    let sandbox = Sandbox::start(SandboxConfig::default()).unwrap();
    let out = run(
        &[
            "login",
            "--base-url",
            sandbox.base_url(),
            "--email",
            "demo@example.com",
        ],
        &[("SMTPPROVIDER_PASSWORD", "demo-password")],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{}", out.stdout);
    assert_eq!(
        lines[0],
        format!("export SMTPPROVIDER_BASE_URL='{}'", sandbox.base_url())
    );
    assert!(
        lines[1].starts_with("export SMTPPROVIDER_TOKEN='") && lines[1].contains('|'),
        "{}",
        lines[1]
    );
    assert_eq!(lines[2], "export SMTPPROVIDER_USER_ID=1");
}

#[test]
fn every_request_names_the_cli_in_its_user_agent() {
    let (sandbox, env) = logged_in();
    let out = run(&["domains", "list"], &with(&env));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let expected = format!(
        "smtpprovider-cli/{} ({} {})",
        env!("CARGO_PKG_VERSION"),
        std::env::consts::OS,
        std::env::consts::ARCH
    );
    let sent: Vec<_> = sandbox
        .requests(None)
        .into_iter()
        .map(|r| r.user_agent)
        .collect();
    assert_eq!(
        sent,
        [Some(expected.clone()), Some(expected)],
        "login, then the list"
    );
}

/// Every option of the SDK's table the CLI does not spell itself is a global flag: here the rate
/// limit's and the retries'. Each command is its own process, which learns the window's budget
/// from its first answer: in a window already spent, that is a 429, returned at once when the
/// call may not wait for the rate limit (else retried after the window), and at once unpaced with
/// no retries.
#[test]
fn the_sdks_options_are_flags() {
    let (sandbox, env) = logged_in();
    let env = with(&env);
    sandbox.set_rate_limit(1);
    let first = run(&["domains", "list"], &env);
    assert_eq!(first.code, 0, "{}", first.stderr);
    sandbox.clear_requests();

    let paced = run(
        &[
            "domains",
            "list",
            "--wait-for-rate-limit",
            "false",
            "--json",
        ],
        &env,
    );
    assert_eq!(paced.code, 14, "RateLimited is 14: {}", paced.stderr);
    assert_eq!(json(&paced.stderr)["error"]["status"], 429);
    let unpaced = run(
        &[
            "domains",
            "list",
            "--pace-requests",
            "false",
            "--max-retries",
            "0",
        ],
        &env,
    );
    assert_eq!(unpaced.code, 14, "{}", unpaced.stderr);
    assert!(unpaced.stderr.contains("HTTP 429"), "{}", unpaced.stderr);

    let bad = run(&["domains", "list", "--max-retries", "many"], &env);
    assert_eq!(bad.code, 2, "a usage error: {}", bad.stderr);
    assert!(bad.stderr.contains("--max-retries"), "{}", bad.stderr);
}

/// `--include` prints what the server answered on stderr, before the result or the error, and
/// leaves stdout to the result.
#[test]
fn include_prints_the_answer_on_stderr() {
    let (sandbox, env) = logged_in();
    sandbox.set_rate_limit(60);
    let env = with(&env);

    let listed = run(&["domains", "list", "--json", "-i"], &env);
    assert_eq!(listed.code, 0, "{}", listed.stderr);
    assert_eq!(
        json(&listed.stdout),
        serde_json::json!([]),
        "stdout is the result alone"
    );
    let answer = json(&listed.stderr);
    assert_eq!(answer["response"]["endpoint"], "domains.list");
    assert_eq!(answer["response"]["status"], 200);
    assert_eq!(answer["response"]["headers"]["x-ratelimit-limit"], "60");
    assert_eq!(answer["response"]["rate_limit"]["limit"], 60);

    let missing = run(&["templates", "get", "9999", "--include"], &env);
    assert_eq!(missing.code, 13, "{}", missing.stderr);
    assert!(
        missing.stderr.starts_with("HTTP 404 templates.get\n")
            && missing.stderr.contains("\nx-ratelimit-remaining: ")
            && missing.stderr.contains("\n\nerror[NotFound]: "),
        "{}",
        missing.stderr
    );

    let plain = run(&["domains", "list"], &env);
    assert!(
        plain.stderr.is_empty(),
        "nothing without the flag: {}",
        plain.stderr
    );
}
