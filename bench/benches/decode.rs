//! Decoding cost: a tiny answer and a 10,000-domain list through the SDK's envelope decoding, the
//! list as the JSON text the Node and Kotlin bindings are handed, and the SDK's hand-rolled model
//! visitor against serde-derive models with and without `#[serde(flatten)] extra` (why `model!`
//! exists; see core/src/models/macros.rs).

use bytes::Bytes;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use serde::Deserialize;
use smtpprovider::lenient;
use smtpprovider::{decode_body, decode_body_text, Domain, EndpointInfo, ENDPOINTS};
use smtpprovider_bench::{domain_add_body, domain_array, domain_list_body};

const LIST_SIZE: u64 = 10_000;

fn endpoint(id: &str) -> &'static EndpointInfo {
    ENDPOINTS
        .iter()
        .find(|e| e.id == id)
        .expect("endpoint in the table")
}

/// The same fields and lenient rules as `smtpprovider::Domain`, derived, unknown fields via flatten.
#[derive(Deserialize)]
#[allow(dead_code)] // decoded only to be timed
struct FlattenDomain {
    #[serde(deserialize_with = "lenient::deserialize")]
    id: u64,
    #[serde(deserialize_with = "lenient::deserialize")]
    domain_name: String,
    #[serde(default, deserialize_with = "lenient::deserialize")]
    host: Option<String>,
    #[serde(default, deserialize_with = "lenient::deserialize")]
    selector: Option<String>,
    #[serde(default, deserialize_with = "lenient::deserialize")]
    public_key: Option<String>,
    #[serde(default, deserialize_with = "lenient::deserialize")]
    status: Option<String>,
    #[serde(default, deserialize_with = "lenient::deserialize")]
    verified_at: Option<String>,
    #[serde(default, deserialize_with = "lenient::deserialize")]
    created_at: Option<String>,
    #[serde(default, deserialize_with = "lenient::deserialize")]
    updated_at: Option<String>,
    #[serde(flatten)]
    extra: serde_json::Map<String, serde_json::Value>,
}

/// The same, without keeping unknown fields: the floor for a derived model.
#[derive(Deserialize)]
#[allow(dead_code)] // decoded only to be timed
struct PlainDomain {
    #[serde(deserialize_with = "lenient::deserialize")]
    id: u64,
    #[serde(deserialize_with = "lenient::deserialize")]
    domain_name: String,
    #[serde(default, deserialize_with = "lenient::deserialize")]
    host: Option<String>,
    #[serde(default, deserialize_with = "lenient::deserialize")]
    selector: Option<String>,
    #[serde(default, deserialize_with = "lenient::deserialize")]
    public_key: Option<String>,
    #[serde(default, deserialize_with = "lenient::deserialize")]
    status: Option<String>,
    #[serde(default, deserialize_with = "lenient::deserialize")]
    verified_at: Option<String>,
    #[serde(default, deserialize_with = "lenient::deserialize")]
    created_at: Option<String>,
    #[serde(default, deserialize_with = "lenient::deserialize")]
    updated_at: Option<String>,
}

fn envelope_decoding(c: &mut Criterion) {
    let add = endpoint("domains.add");
    let list = endpoint("domains.list");
    let tiny = Bytes::from(domain_add_body());
    let large = Bytes::from(domain_list_body(LIST_SIZE));

    let mut group = c.benchmark_group("envelope");
    group.throughput(Throughput::Bytes(tiny.len() as u64));
    group.bench_function("domain_add_tiny", |b| {
        b.iter(|| decode_body::<Domain>(add, 200, tiny.clone()).expect("decodes"))
    });
    group.throughput(Throughput::Bytes(large.len() as u64));
    group.sample_size(20);
    group.bench_function("domain_list_10k", |b| {
        b.iter(|| decode_body::<Vec<Domain>>(list, 200, large.clone()).expect("decodes"))
    });
    group.finish();
}

/// What the Node and Kotlin bindings are handed (`call_json_text`): the list's own text after the
/// canonical check, against decoding it into models and writing them out again, which is what
/// the text cost before the check existed.
fn json_text(c: &mut Criterion) {
    let list = endpoint("domains.list");
    let large = Bytes::from(domain_list_body(LIST_SIZE));
    let mut group = c.benchmark_group("json_text_10k");
    group.throughput(Throughput::Bytes(large.len() as u64));
    group.sample_size(20);
    group.bench_function("canonical_text", |b| {
        b.iter(|| decode_body_text::<Vec<Domain>>(list, 200, large.clone()).expect("decodes"))
    });
    group.bench_function("decode_then_encode", |b| {
        b.iter(|| {
            let domains = decode_body::<Vec<Domain>>(list, 200, large.clone()).expect("decodes");
            serde_json::to_string(&domains).expect("encodes")
        })
    });
    group.finish();
}

fn model_decoding(c: &mut Criterion) {
    let array = domain_array(LIST_SIZE);
    let mut group = c.benchmark_group("models_10k");
    group.throughput(Throughput::Bytes(array.len() as u64));
    group.sample_size(20);
    group.bench_function("sdk_model_visitor", |b| {
        b.iter(|| serde_json::from_slice::<Vec<Domain>>(&array).expect("decodes"))
    });
    group.bench_function("derive_with_flatten_extra", |b| {
        b.iter(|| serde_json::from_slice::<Vec<FlattenDomain>>(&array).expect("decodes"))
    });
    group.bench_function("derive_without_extra", |b| {
        b.iter(|| serde_json::from_slice::<Vec<PlainDomain>>(&array).expect("decodes"))
    });
    group.finish();
}

criterion_group!(benches, envelope_decoding, json_text, model_decoding);
criterion_main!(benches);
