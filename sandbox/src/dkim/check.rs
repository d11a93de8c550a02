//! Does a domain's published TXT record carry its DKIM public key? (RFC 6376 §3.6.1 key records.)

/// The outcome of comparing a domain's TXT records with its expected DKIM key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DkimCheck {
    /// A record publishes exactly the expected RSA key.
    Verified,
    /// No record looks like a DKIM key record (none has a `p=` tag, or there are no records).
    NotFound,
    /// A DKIM key record is there, but none publishes the expected RSA key.
    Mismatch,
}

/// Checks TXT records (each one already joined from its character-strings) against the expected
/// public key (base64 of the DER `SubjectPublicKeyInfo`).
///
/// A record verifies when its `tag=value` list is well formed, `v` (if present) is `DKIM1`,
/// `k` (default `rsa`) is `rsa`, and `p` equals the expected key once whitespace is removed from both
/// (DNS tools and providers' UIs often wrap long keys).
pub fn check_dkim(txt_records: &[String], expected_public_key_b64: &str) -> DkimCheck {
    let expected = without_whitespace(expected_public_key_b64);
    let mut saw_dkim_record = false;
    for record in txt_records {
        match judge(record, &expected) {
            Verdict::Matches => return DkimCheck::Verified,
            Verdict::Differs => saw_dkim_record = true,
            Verdict::NotDkim => {}
        }
    }
    if saw_dkim_record {
        DkimCheck::Mismatch
    } else {
        DkimCheck::NotFound
    }
}

enum Verdict {
    NotDkim,
    Matches,
    Differs,
}

fn judge(record: &str, expected: &str) -> Verdict {
    let Some(tags) = parse_tags(record) else {
        // A syntax error that still mentions a key is a broken DKIM record, not an absent one.
        return if record.contains("p=") {
            Verdict::Differs
        } else {
            Verdict::NotDkim
        };
    };
    let tag = |name: &str| tags.iter().find(|(n, _)| *n == name).map(|(_, v)| *v);
    let Some(p) = tag("p") else {
        return Verdict::NotDkim;
    };
    let version_ok = tag("v").is_none_or(|v| v == "DKIM1");
    let key_type_ok = tag("k").is_none_or(|k| k.eq_ignore_ascii_case("rsa"));
    // An empty `p=` means "revoked" (RFC 6376 §3.6.1), so it never matches, not even an empty key.
    let key_ok = !expected.is_empty() && without_whitespace(p) == expected;
    if version_ok && key_type_ok && key_ok {
        Verdict::Matches
    } else {
        Verdict::Differs
    }
}

/// Splits `tag=value; tag=value;` (RFC 6376 §3.2): whitespace around tags and values is ignored,
/// a trailing `;` is allowed. `None` for a syntax error: a part without `=`, an empty tag name,
/// or a tag given twice (which makes the whole record invalid).
fn parse_tags(record: &str) -> Option<Vec<(&str, &str)>> {
    let mut tags: Vec<(&str, &str)> = Vec::new();
    for part in record.split(';') {
        if part.trim().is_empty() {
            continue;
        }
        let (name, value) = part.split_once('=')?;
        let (name, value) = (name.trim(), value.trim());
        if name.is_empty() || tags.iter().any(|(seen, _)| *seen == name) {
            return None;
        }
        tags.push((name, value));
    }
    Some(tags)
}

fn without_whitespace(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxKLxoS2tFczGkPLPgizskuemMghRniWaoLcyehkd3qqGElvW/VDL5AaWTg0nLVkjRo9z+40RQzuVaE8AkAFmxZzow3x+VJYKdjykkJ0iT9wCS0DRTXu269V264Vf/3jvredZiKRkgwlL9xNAwxXFg0x/XFw005UWVRIkdgcKWTjpBP2dPwVZ4WWC+9aGVd+Gyn1o0CLelf4rEjGoXbAAEgAqeGUxrcIlbjXfbcmwIDAQAB";
    const OTHER_KEY: &str = "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAzzzz";

    fn records(values: &[&str]) -> Vec<String> {
        values.iter().map(|v| (*v).to_owned()).collect()
    }

    #[test]
    fn the_exact_value_the_sandbox_publishes_verifies() {
        let value = format!("v=DKIM1; h=sha256; k=rsa; p={KEY}");
        assert_eq!(check_dkim(&[value], KEY), DkimCheck::Verified);
    }

    #[test]
    fn a_record_joined_from_two_character_strings_verifies() {
        let value = format!("v=DKIM1; h=sha256; k=rsa; p={KEY}");
        let (first, second) = value.split_at(200);
        let joined = [first, second].concat();
        assert_eq!(check_dkim(&[joined], KEY), DkimCheck::Verified);
    }

    #[test]
    fn whitespace_around_tags_and_inside_p_is_ignored() {
        let (head, tail) = KEY.split_at(100);
        let value = format!("  v = DKIM1 ;k=rsa;\t p = {head} \r\n {tail} ;  ");
        assert_eq!(check_dkim(&[value], KEY), DkimCheck::Verified);
    }

    #[test]
    fn k_defaults_to_rsa_and_v_is_optional() {
        assert_eq!(check_dkim(&[format!("p={KEY}")], KEY), DkimCheck::Verified);
    }

    #[test]
    fn other_records_at_the_name_do_not_hide_the_key() {
        let found = records(&["v=spf1 -all", &format!("v=DKIM1; p={KEY}")]);
        assert_eq!(check_dkim(&found, KEY), DkimCheck::Verified);
    }

    #[test]
    fn an_ed25519_key_is_a_mismatch() {
        let value = format!("v=DKIM1; k=ed25519; p={KEY}");
        assert_eq!(check_dkim(&[value], KEY), DkimCheck::Mismatch);
    }

    #[test]
    fn a_different_key_is_a_mismatch() {
        let value = format!("v=DKIM1; k=rsa; p={OTHER_KEY}");
        assert_eq!(check_dkim(&[value], KEY), DkimCheck::Mismatch);
    }

    #[test]
    fn a_wrong_version_or_a_revoked_key_is_a_mismatch() {
        assert_eq!(
            check_dkim(&[format!("v=DKIM2; p={KEY}")], KEY),
            DkimCheck::Mismatch
        );
        assert_eq!(
            check_dkim(&records(&["v=DKIM1; p="]), KEY),
            DkimCheck::Mismatch
        );
    }

    #[test]
    fn a_repeated_tag_makes_the_record_invalid() {
        let value = format!("v=DKIM1; p={KEY}; p={KEY}");
        assert_eq!(check_dkim(&[value], KEY), DkimCheck::Mismatch);
    }

    #[test]
    fn a_key_case_changed_is_a_mismatch() {
        let value = format!("p={}", KEY.to_ascii_lowercase());
        assert_eq!(check_dkim(&[value], KEY), DkimCheck::Mismatch);
    }

    #[test]
    fn records_without_p_or_no_records_are_not_found() {
        assert_eq!(check_dkim(&[], KEY), DkimCheck::NotFound);
        assert_eq!(
            check_dkim(
                &records(&["v=spf1 include:_spf.example.com ~all", "hello"]),
                KEY
            ),
            DkimCheck::NotFound
        );
        assert_eq!(
            check_dkim(&records(&["v=DKIM1; k=rsa; h=sha256"]), KEY),
            DkimCheck::NotFound
        );
    }
}
