//! The fixture itself: what the other languages' tests take for granted about it.

use smtpprovider_test_servers::TestServers;

/// `ca_dir` holds the test CA alone, under the name OpenSSL looks it up by (`<8 hex digits>.0`).
#[test]
fn ca_dir_holds_only_the_hashed_ca() {
    let servers = TestServers::start().expect("the test servers start");
    let names: Vec<String> = std::fs::read_dir(&servers.ca_dir)
        .expect("ca_dir is a directory")
        .map(|entry| {
            entry
                .expect("an entry")
                .file_name()
                .into_string()
                .expect("UTF-8")
        })
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
    let (hash, suffix) = names[0].split_once('.').expect("a dot");
    assert!(
        suffix == "0" && hash.len() == 8 && hash.bytes().all(|b| b.is_ascii_hexdigit()),
        "{names:?}"
    );
    let copy = std::fs::read_to_string(servers.ca_dir.join(&names[0])).expect("readable");
    assert_eq!(copy, servers.ca_pem_text());
}
