#!/usr/bin/env bash
# The JVM artifacts (uniffi/jvm: com.smtpprovider:smtpprovider, the SDK, and smtpprovider-testing,
# the sandbox for tests), each JAR with the native library of every target built as a JNA resource:
#
#   dist/maven/com/smtpprovider/...   a Maven repository: the JARs, sources JARs, API docs JARs
#                                     (Dokka) and POMs, what the release workflow deploys
#   dist/maven/sizes.txt              "name bytes": each stripped SDK library, and each JAR
#
#   scripts/packaging/jvm.sh [--targets "T..."] [--smoke] [--profile NAME] [--with PREFIX=LIBDIR]...
#
# --targets: Linux gnu targets, built here with cargo-zigbuild against glibc 2.17's symbol
#   versions (default: x86_64 and aarch64, JNA's linux-x86-64 and linux-aarch64). The Kotlin is
#   generated from this machine's debug build (uniffi/scripts/generate.sh says why). macOS and
#   Windows libraries come from the release workflow's runners, which pass them to
#   uniffi/scripts/jvm_install.sh with these.
# --profile: a Cargo profile (default: release; CI's cheaper one is dist-ci, which also skips the
#   API docs, a minute of Dokka).
# --with PREFIX=LIBDIR: also packs the libraries another machine built for JNA's PREFIX
#   (darwin-aarch64=DIR with the two .dylib files: what scripts/packaging/uniffi_natives.sh makes on the
#   release workflow's macOS and Windows runners).
# --smoke: readelf (no glibc symbol newer than 2.17), the SDK's library exports no sandbox symbol
#   (nm -D), and examples/kotlin, a fresh Maven project that depends on the installed artifacts
#   with no system property, runs its coroutine flow (domain, sender, template, list, campaign)
#   against the testing sandbox on this machine's JVM.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "$0")/common.sh"

others=()
flags=()
while [ $# -gt 0 ]; do
  case "$1" in
    --with) others+=("$2"); shift 2 ;;
    *) flags+=("$1"); shift ;;
  esac
done
parse_dist_flags 24 "${flags[@]}"
[ "$targets" = "$ALL_LINUX_TARGETS" ] && targets="x86_64-unknown-linux-gnu aarch64-unknown-linux-gnu"
case "$profile" in dev|test) profile_dir=debug ;; *) profile_dir="$profile" ;; esac
out="$dist/maven"
fail() { echo "jvm.sh: FAILED: $*" >&2; exit 1; }

jna_prefix() {
  case "$1" in
    x86_64-unknown-linux-gnu) echo linux-x86-64 ;;
    aarch64-unknown-linux-gnu) echo linux-aarch64 ;;
    *) return 1 ;;
  esac
}
for target in $targets; do
  jna_prefix "$target" >/dev/null || fail "$target: not a Linux gnu target this builds (JNA's linux-x86-64, linux-aarch64)"
done

ensure_tools
# shellcheck disable=SC2086
ensure_rust_targets $targets
rm -rf "$out" && mkdir -p "$out"
pairs=()
for target in $targets; do
  echo "==> cargo zigbuild --target $target.2.17 --profile $profile -p smtpprovider-uniffi -p smtpprovider-uniffi-testing"
  started=$SECONDS
  (cd "$root" && cargo zigbuild --locked --quiet --target "$target.2.17" --profile "$profile" \
    -p smtpprovider-uniffi -p smtpprovider-uniffi-testing) || fail "cargo zigbuild --target $target"
  libdir="$CARGO_TARGET_DIR/$target/$profile_dir"
  stripped="$(mktemp)"
  rust_objcopy --strip-all "$libdir/libsmtpprovider_uniffi.so" "$stripped"
  echo "libsmtpprovider_uniffi.so ($target, stripped) $(size_of "$stripped")" >>"$out/sizes.txt"
  echo "    built in $((SECONDS - started))s; the SDK's library $(( $(size_of "$stripped") / 1024 )) KiB stripped"
  rm -f "$stripped"
  pairs+=("$(jna_prefix "$target")=$libdir")
done

"$root/uniffi/scripts/generate.sh"
docs=(--docs)
[ "$profile" = dist-ci ] && docs=()
"$root/uniffi/scripts/jvm_install.sh" "${docs[@]}" --deploy-to "$out" "${pairs[@]}" "${others[@]}"
version="$(python3 "$root/scripts/version.py")"
for jar in "$out"/com/smtpprovider/*/"$version"/*.jar; do
  echo "$(basename "$jar") $(size_of "$jar")" >>"$out/sizes.txt"
done

$smoke || exit 0

for target in $targets; do
  library="$CARGO_TARGET_DIR/$target/$profile_dir/libsmtpprovider_uniffi.so"
  echo "==> smoke: $target"
  check_glibc_2_17 "$target" "$library"
  ! nm -D --defined-only "$library" | grep -iE 'sandbox|hostile|panic_for_test' \
    || fail "$target: libsmtpprovider_uniffi exports the symbols above, which belong to the testing library"
  echo "    nm -D: $(nm -D --defined-only "$library" | grep -c ' T uniffi_') uniffi functions, none of the sandbox's"
done

echo "==> smoke: examples/kotlin, a fresh Maven project on the installed artifacts"
log="$(mktemp)"
if ! (cd "$root/examples/kotlin" && env -u SMTPPROVIDER_BASE_URL mvn -B -ntp -q -Dstyle.color=never compile exec:java) >"$log" 2>&1; then
  tail -30 "$log" >&2
  fail "examples/kotlin"
fi
sed -e 's/\x1b\[[0-9;]*m//g' -e '/^\s*$/d' -e 's/^/    /' "$log"
grep -q "Done: every call of the flow worked." "$log" || fail "examples/kotlin did not finish its flow"
rm -f "$log"
