#!/usr/bin/env bash
# The Android library (uniffi/android: com.smtpprovider:smtpprovider-android, an AAR), on a machine
# with the Android SDK and NDK r28 or newer (the release workflow's Linux runner; the development
# machine has neither, so this does not run there):
#
#   dist/android/maven/com/smtpprovider/smtpprovider-android/<version>/...   the AAR, sources, POM
#
#   scripts/packaging/android.sh [--profile NAME]      (needs ANDROID_NDK_HOME, cargo-ndk, gradle, JDK 17)
#
# The SDK's library for arm64-v8a, armeabi-v7a and x86_64 with cargo-ndk, each checked to have
# its LOAD segments aligned to 16 KB (Google Play's requirement for apps targeting Android 15+,
# NDK r28's default, and asked of the linker here too for older NDKs), then the Kotlin
# (uniffi/scripts/generate.sh, from this machine's debug build) and `gradle publish`.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "$0")/common.sh"

profile=release
case "${1:-}" in
  "") ;;
  --profile) profile="$2" ;;
  *) echo "usage: $0 [--profile NAME]" >&2; exit 2 ;;
esac
fail() { echo "android.sh: FAILED: $*" >&2; exit 1; }
[ -n "${ANDROID_NDK_HOME:-}" ] || fail "ANDROID_NDK_HOME is not set (NDK r28 or newer)"
command -v cargo-ndk >/dev/null || fail "cargo-ndk is not installed (cargo install cargo-ndk)"

jni_libs="$root/uniffi/android/build/jniLibs"
rm -rf "$jni_libs"
rustup target add aarch64-linux-android armv7-linux-androideabi x86_64-linux-android
echo "==> cargo ndk: arm64-v8a armeabi-v7a x86_64 ($profile)"
(cd "$root" && RUSTFLAGS="${RUSTFLAGS:-} -C link-arg=-Wl,-z,max-page-size=16384" \
  cargo ndk -t arm64-v8a -t armeabi-v7a -t x86_64 -o "$jni_libs" \
  build --locked --profile "$profile" -p smtpprovider-uniffi) || fail "cargo ndk"

for library in "$jni_libs"/*/libsmtpprovider_uniffi.so; do
  abi="$(basename "$(dirname "$library")")"
  # armeabi-v7a has 4 KB pages only; the 16 KB rule is for 64-bit ABIs.
  [ "$abi" = armeabi-v7a ] && continue
  # The last column of each LOAD line is its alignment, in hex (0x4000 = 16 KB).
  for align in $(readelf -lW "$library" | awk '$1 == "LOAD" { print $NF }'); do
    [ $((align)) -ge 16384 ] || fail "$abi: a LOAD segment aligned to $align, not 16 KB"
  done
  echo "    $abi: $(( $(size_of "$library") / 1024 )) KiB, LOAD segments aligned to 16 KB"
done

"$root/uniffi/scripts/generate.sh"
version="$(python3 "$root/scripts/version.py")"
rm -rf "$dist/android"
echo "==> gradle publish (uniffi/android, version $version)"
(cd "$root/uniffi/android" && gradle --no-daemon -q -PsdkVersion="$version" publish) || fail "gradle publish"
find "$dist/android/maven" -name '*.aar' -exec ls -l {} \;
