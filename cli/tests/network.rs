//! The binary's network options and logging against the real servers of `tests/servers`: nginx
//! serving a sandbox over HTTPS with a test CA nobody trusts by default, tinyproxy and microsocks
//! whose logs show what they relayed. `--ca-file` (and `SSL_CERT_FILE`/`SSL_CERT_DIR`), `--proxy`
//! (and `SMTPPROVIDER_PROXY`, `HTTPS_PROXY`) for the SDK's calls and the sandbox routes alike,
//! an unusable `--ca-file` refused before anything is sent, and `-v`/`SMTPPROVIDER_LOG` writing
//! each call to stderr, never to stdout, and never the token, the password or a proxy's password.

mod common;

use common::{json, run, with, Output};
use smtpprovider_test_servers::TestServers;

const EMAIL: &str = "demo@example.com";
const PASSWORD: &str = "demo-password";

fn servers() -> TestServers {
    TestServers::start().expect("nginx, tinyproxy, microsocks and the sandbox start")
}

fn path(path: &std::path::Path) -> &str {
    path.to_str().expect("a UTF-8 temporary path")
}

/// `smtpprovider login --json` as the demo user at `url`, with `extra` arguments and `env`.
fn login(url: &str, extra: &[&str], env: &[(&str, &str)]) -> Output {
    let mut args = vec!["login", "--json", "--base-url", url, "--email", EMAIL];
    args.extend(extra);
    let mut env = env.to_vec();
    env.push(("SMTPPROVIDER_PASSWORD", PASSWORD));
    run(&args, &env)
}

/// The session `login --json` printed, as the environment of the next commands.
fn session(url: &str, login: &Output) -> Vec<(&'static str, String)> {
    assert_eq!(login.code, 0, "{}", login.stderr);
    let session = json(&login.stdout);
    vec![
        ("SMTPPROVIDER_BASE_URL", url.to_owned()),
        (
            "SMTPPROVIDER_TOKEN",
            session["token"].as_str().unwrap().to_owned(),
        ),
        ("SMTPPROVIDER_USER_ID", session["user_id"].to_string()),
    ]
}

/// `HOST:PORT` of `https://HOST:PORT/api`.
fn authority(url: &str) -> &str {
    url.trim_start_matches("https://").trim_end_matches("/api")
}

/// The tunnel a proxy opens for HTTPS to `url`.
fn tunnel_to(url: &str) -> String {
    format!("CONNECT {} HTTP/1.1", authority(url))
}

#[test]
fn the_test_ca_is_refused_without_ca_file_and_trusted_with_it() {
    let servers = servers();
    let url = &servers.trusted.url;

    let refused = login(url, &[], &[]);
    assert_eq!(refused.code, 17, "a Connection error: {}", refused.stderr);
    let error = &json(&refused.stderr)["error"];
    assert_eq!(error["kind"], "Connection");
    assert!(
        error["message"]
            .as_str()
            .is_some_and(|m| m.contains("not signed by a trusted certificate authority")),
        "{error}"
    );
    assert!(refused.stdout.is_empty(), "{}", refused.stdout);
    assert!(servers.trusted.requests().is_empty());
    assert!(servers.trusted.failed_handshakes() > 0);

    let trusted = login(url, &["--ca-file", path(&servers.ca_pem)], &[]);
    assert_eq!(trusted.code, 0, "{}", trusted.stderr);
    assert_eq!(json(&trusted.stdout)["user"]["email"], EMAIL);
    let requests = servers.trusted.requests();
    assert_eq!(requests.len(), 1, "{requests:?}");
    assert!(
        requests[0].contains("POST /api/smtp-token-generate"),
        "{requests:?}"
    );
}

#[test]
fn the_environment_names_extra_cas_too() {
    let servers = servers();
    let url = &servers.trusted.url;
    for variable in [
        ("SSL_CERT_FILE", path(&servers.ca_pem)),
        ("SSL_CERT_DIR", path(&servers.ca_dir)),
    ] {
        let out = login(url, &[], &[variable]);
        assert_eq!(out.code, 0, "{variable:?}: {}", out.stderr);
    }
    assert_eq!(servers.trusted.requests().len(), 2);
}

#[test]
fn an_unusable_ca_file_stops_the_command_before_anything_is_sent() {
    let servers = servers();
    let not_a_ca = std::env::temp_dir().join(format!(
        "smtpprovider-cli-not-a-ca-{}.json",
        std::process::id()
    ));
    std::fs::write(&not_a_ca, r#"{"certificate": "no"}"#).unwrap();
    let missing = std::env::temp_dir().join("smtpprovider-cli-no-such-ca.pem");
    let env = [
        ("SMTPPROVIDER_BASE_URL", servers.trusted.url.as_str()),
        ("SMTPPROVIDER_TOKEN", "1|not-sent"),
        ("SMTPPROVIDER_USER_ID", "1"),
    ];
    for (file, says) in [
        (path(&missing), "cannot read it"),
        (path(&servers.ca_dir), "cannot read it"),
        (path(&not_a_ca), "no PEM certificate"),
    ] {
        // Through the proxy, whose log would show any connection the command tried.
        let args = [
            "domains",
            "list",
            "--proxy",
            &servers.proxy.url,
            "--ca-file",
            file,
        ];
        let out = run(&args, &env);
        assert_eq!(out.code, 2, "a usage error: {}", out.stderr);
        assert!(
            out.stderr
                .contains(&format!("'{file}' for '--ca-file <PEM_FILE>'"))
                && out.stderr.contains(says),
            "{}",
            out.stderr
        );
        assert!(out.stdout.is_empty(), "{}", out.stdout);
    }
    std::fs::remove_file(&not_a_ca).unwrap();
    assert!(servers.proxy.requests().is_empty());
    assert!(servers.trusted.requests().is_empty());
}

#[test]
fn every_call_goes_through_the_proxy_of_the_option_or_the_environment() {
    let servers = servers();
    let url = &servers.trusted.url;
    let ca_file = ["--ca-file", path(&servers.ca_pem)];
    let proxy = &servers.proxy;

    let through_option = login(url, &[&ca_file[..], &["--proxy", &proxy.url]].concat(), &[]);
    let env = session(url, &through_option);
    let env = with(&env);
    assert_eq!(proxy.requests(), [tunnel_to(url)]);

    let list = |extra: &[&str], more_env: &[(&str, &str)]| {
        let args = [&["domains", "list", "--json"][..], &ca_file, extra].concat();
        let out = run(&args, &[&env[..], more_env].concat());
        assert_eq!(out.code, 0, "{extra:?} {more_env:?}: {}", out.stderr);
        assert_eq!(json(&out.stdout), serde_json::json!([]));
    };
    list(&["--proxy", &proxy.url], &[]);
    list(&[], &[("SMTPPROVIDER_PROXY", &proxy.url)]);
    list(&[], &[("HTTPS_PROXY", &proxy.url)]);
    // An empty SMTPPROVIDER_PROXY is none.
    list(
        &[],
        &[("SMTPPROVIDER_PROXY", ""), ("HTTPS_PROXY", &proxy.url)],
    );
    // Nothing listens at the environment's proxy: the option wins.
    list(
        &["--proxy", &proxy.url],
        &[("HTTPS_PROXY", "http://127.0.0.1:9")],
    );
    assert_eq!(proxy.requests(), vec![tunnel_to(url); 6]);

    // Without a proxy, directly.
    list(&[], &[]);
    assert_eq!(proxy.requests().len(), 6);
    assert_eq!(servers.trusted.requests().len(), 7);
}

#[test]
fn a_socks5h_proxy_is_handed_the_host_name() {
    let servers = servers();
    let url = &servers.trusted.url;
    let out = login(
        url,
        &[
            "--ca-file",
            path(&servers.ca_pem),
            "--proxy",
            &servers.socks_proxy.url,
        ],
        &[],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(servers.socks_proxy.connections(), [authority(url)]);
    assert_eq!(servers.trusted.requests().len(), 1);
}

#[test]
fn the_sandbox_routes_take_the_same_proxy_and_ca_file() {
    let servers = servers();
    let scenario =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/scenarios/onboarding.json");
    let args = [
        "scenario",
        "--base-url",
        &servers.trusted.url,
        "--ca-file",
        path(&servers.ca_pem),
        "--proxy",
        &servers.proxy.url,
        path(&scenario),
    ];
    // A client that left out --proxy would take the environment's, where nothing listens; one
    // that left out --ca-file would refuse the test CA.
    let out = run(&args, &[("HTTPS_PROXY", "http://127.0.0.1:9")]);
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    assert!(out.stdout.starts_with("ok "), "{}", out.stdout);
    let sandbox_routes = servers
        .trusted
        .requests()
        .into_iter()
        .filter(|request| request.contains(" /_sandbox/"))
        .count();
    assert!(sandbox_routes >= 2, "{:?}", servers.trusted.requests());
    // The SDK's calls and the sandbox routes tunnelled to nginx, and the verification link the
    // sandbox hands out (its own plain-HTTP address) fetched through the proxy as well.
    let requests = servers.proxy.requests();
    let tunnels = requests
        .iter()
        .filter(|r| **r == tunnel_to(&servers.trusted.url))
        .count();
    let link = format!(
        "GET {}/_sandbox/verify-sender/",
        servers.sandbox_url.trim_end_matches("/api")
    );
    let links = requests.iter().filter(|r| r.starts_with(&link)).count();
    assert!(
        tunnels >= 2 && links == 1 && tunnels + links == requests.len(),
        "{requests:?}"
    );
}

#[test]
fn a_proxy_the_sdk_cannot_use_is_refused_without_showing_its_password() {
    let out = run(
        &[
            "domains",
            "list",
            "--proxy",
            "ftp://user:pw-Not-Shown@127.0.0.1:21",
        ],
        &[
            ("SMTPPROVIDER_BASE_URL", "https://localhost:9/api"),
            ("SMTPPROVIDER_TOKEN", "1|not-sent"),
            ("SMTPPROVIDER_USER_ID", "1"),
        ],
    );
    assert_eq!(out.code, 19, "InvalidInput: {}", out.stderr);
    assert!(
        out.stderr
            .contains("not one of http://, https://, socks5:// or socks5h://")
            && !out.stderr.contains("pw-Not-Shown"),
        "{}",
        out.stderr
    );
}

/// The secret half of a token (`ID|SECRET`).
fn secret_of(token: &str) -> &str {
    token.split_once('|').map_or(token, |(_, secret)| secret)
}

/// Neither the token, nor its secret half, nor the password is in `text`.
fn assert_no_secret(text: &str, token: &str) {
    for secret in [token, secret_of(token), PASSWORD] {
        assert!(!text.contains(secret), "{secret:?} shown in:\n{text}");
    }
}

#[test]
fn verbose_and_smtpprovider_log_write_each_call_to_stderr_and_never_a_secret() {
    let servers = servers();
    let url = &servers.trusted.url;
    let ca_file = ["--ca-file", path(&servers.ca_pem)];

    // The most there is: every target at TRACE, TLS and all.
    let logged_in = login(url, &[&ca_file[..], &["-vvv"]].concat(), &[]);
    let env = session(url, &logged_in);
    let token = env[1].1.clone();
    let env = with(&env);
    assert!(
        logged_in
            .stderr
            .contains(r#"smtpprovider.call{endpoint="client.login" method="POST""#),
        "{}",
        logged_in.stderr
    );
    assert!(
        logged_in.stderr.contains("rustls::"),
        "{}",
        logged_in.stderr
    );
    assert_no_secret(&logged_in.stderr, &token);

    let list = |extra: &[&str], more_env: &[(&str, &str)]| {
        let args = [&["domains", "list", "--json"][..], &ca_file, extra].concat();
        let out = run(&args, &[&env[..], more_env].concat());
        assert_eq!(out.code, 0, "{extra:?} {more_env:?}: {}", out.stderr);
        // stdout is the result alone, still JSON.
        assert_eq!(
            json(&out.stdout),
            serde_json::json!([]),
            "{extra:?} {more_env:?}"
        );
        assert_no_secret(&out.stderr, &token);
        out.stderr
    };
    let call_line =
        r#"smtpprovider.call{endpoint="domains.list" method="GET" attempt=1 status=200}"#;

    let verbose = list(&["-v"], &[]);
    assert!(
        verbose
            .lines()
            .any(|l| l.contains(call_line) && l.contains("response status=200")),
        "{verbose}"
    );
    assert!(
        !verbose.contains("hyper_util"),
        "-v is the SDK alone: {verbose}"
    );

    let more = list(&["-vv"], &[]);
    assert!(more.contains(call_line), "{more}");
    for target in ["hyper_util::", "reqwest::", "rustls::"] {
        assert!(more.contains(target), "-vv shows {target}: {more}");
    }

    let from_env = list(&[], &[("SMTPPROVIDER_LOG", "debug")]);
    assert!(from_env.contains(call_line), "{from_env}");

    // The flag wins over the variable.
    let both = list(&["-v"], &[("SMTPPROVIDER_LOG", "off")]);
    assert!(both.contains(call_line), "{both}");
    let off = list(&[], &[("SMTPPROVIDER_LOG", "off")]);
    assert!(off.is_empty(), "{off}");

    // By default only the SDK's warnings, and a call that went well has none.
    let quiet = list(&[], &[]);
    assert!(quiet.is_empty(), "{quiet}");
}

#[test]
fn a_proxy_password_stays_out_of_the_logs() {
    let servers = servers();
    let url = &servers.trusted.url;
    let proxy = &servers.proxy_with_credentials;
    let password = proxy
        .url
        .split_once('@')
        .and_then(|(credentials, _)| credentials.rsplit_once(':'))
        .map(|(_, password)| password)
        .expect("user:password@ in the proxy's URL");
    let out = login(
        url,
        &[
            "--ca-file",
            path(&servers.ca_pem),
            "--proxy",
            &proxy.url,
            "-vvv",
        ],
        &[],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(proxy.requests(), [tunnel_to(url)]);
    // The logs name the proxy (reqwest: "proxy(http://127.0.0.1:PORT/) intercepts ..."), and
    // only by its address.
    let address = proxy
        .url
        .rsplit_once('@')
        .map(|(_, address)| address)
        .unwrap();
    assert!(out.stderr.contains(address), "{}", out.stderr);
    assert!(!out.stderr.contains(password), "{}", out.stderr);
    let token = json(&out.stdout)["token"].as_str().unwrap().to_owned();
    assert_no_secret(&out.stderr, &token);
}
