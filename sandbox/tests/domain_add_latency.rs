//! Adding a domain answers well under a second even in a debug build, because the DKIM key comes
//! from the pool the sandbox warms at start. In its own test binary (its own process, hence its
//! own pool) so that other tests adding domains in parallel cannot drain the pool under it.

mod common;

use std::time::{Duration, Instant};

use common::{start, Session};

/// Time given to the pool's background thread to fill after the sandbox starts it.
const WARM_UP: Duration = Duration::from_secs(5);
const BOUND: Duration = Duration::from_millis(900);

#[tokio::test]
async fn domain_add_answers_well_under_a_second() {
    let sandbox = start();
    let session = Session::demo(&sandbox).await;
    tokio::time::sleep(WARM_UP).await;
    for n in 0..3 {
        let started = Instant::now();
        let domain = session.add_domain(&format!("fast{n}.example.com")).await;
        let took = started.elapsed();
        assert!(domain["public_key"]
            .as_str()
            .unwrap()
            .starts_with("v=DKIM1;"));
        assert!(took < BOUND, "domain-add {n} took {took:?}");
    }
}
