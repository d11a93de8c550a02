//! `uniffi-bindgen`, built from the workspace's pinned uniffi: `uniffi/scripts/build.sh` runs it in
//! library mode on the built `libsmtpprovider_uniffi` to write the Kotlin and Swift sources.

fn main() {
    uniffi::uniffi_bindgen_main()
}
