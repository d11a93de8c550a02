//! Sending domains, their DNS records and verification results.

model! {
    /// A sending domain and its DKIM key.
    pub struct Domain {
        /// The domain's id.
        pub id: u64,
        /// The domain, e.g. `example.com`.
        pub domain_name: String,
        /// Where the DKIM TXT record goes: `<selector>._domainkey.<domain_name>`.
        pub host: Option<String>,
        /// The DKIM selector (`smtp`).
        pub selector: Option<String>,
        /// The DKIM TXT value to publish: `v=DKIM1; h=sha256; k=rsa; p=...`.
        pub public_key: Option<String>,
        /// `pending`, `verified` or `failed`.
        pub status: Option<String>,
        /// When the domain was verified (`Y-m-d H:i:s`).
        pub verified_at: Option<String>,
        /// When the domain was added (`Y-m-d H:i:s`).
        pub created_at: Option<String>,
        /// When the domain last changed (`Y-m-d H:i:s`).
        pub updated_at: Option<String>,
    }
}

model! {
    /// A DNS record the domain needs.
    pub struct DnsRecord {
        /// `TXT`, `CNAME` or `MX`.
        pub record_type: Option<String> = "type",
        /// `dkim`, `spf`, `dmarc` or `return_path`.
        pub purpose: Option<String>,
        /// The record's name.
        pub host: Option<String>,
        /// The record's value.
        pub value: Option<String>,
        /// `pending` or `verified`.
        pub status: Option<String>,
    }
}

model! {
    /// A domain with the DNS records to publish for it (`domains.view`).
    pub struct DomainView {
        /// The domain.
        pub domain: Domain,
        /// The records to publish.
        pub dns_records: Vec<DnsRecord>,
    }
}

model! {
    /// The answer of `domains.verify`. A DKIM record that is not published yet is an answer
    /// (`verified: false` and the API's message), not an error.
    pub struct DomainVerification {
        /// Whether the DKIM record was found and matches.
        pub verified: bool = "success",
        /// The API's message, e.g. `Verified Successfully` or `DKIM record not found`.
        pub message: Option<String>,
    }
}
