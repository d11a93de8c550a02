#!/usr/bin/env bash
# Packs the JVM artifacts (uniffi/jvm: com.smtpprovider:smtpprovider and smtpprovider-testing) with
# the native libraries of the platforms given, and installs them into the local Maven repository
# (~/.m2), where a Maven or Gradle project takes them as from Maven Central. Run after generate.sh
# (build.sh), whose Kotlin must come from the same source as the libraries.
#
#   uniffi/scripts/jvm_install.sh [--docs] [--deploy-to DIR] PREFIX=LIBDIR...
#
# PREFIX is JNA's resource prefix of a platform (linux-x86-64, linux-aarch64, darwin-aarch64,
# darwin-x86-64, win32-x86-64): each library from LIBDIR goes into its artifact's JAR under it,
# where JNA finds it with no system property. Debug information is stripped from the copies
# (a debug build's 80 MB is mostly that). --docs: the API docs JAR too (Dokka; about a minute).
# --deploy-to DIR: also deploys them into DIR, a Maven repository's layout (scripts/packaging/jvm.sh's
# dist/maven), what the release workflow publishes.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
# shellcheck source-path=SCRIPTDIR source=../../scripts/packaging/common.sh
source "$root/scripts/packaging/common.sh"  # rust_objcopy
natives="$root/uniffi/build/jvm-natives"
docs=false
deploy_to=""
while [ $# -gt 0 ]; do
  case "$1" in
    --docs) docs=true; shift ;;
    --deploy-to) deploy_to="$(mkdir -p "$2" && cd "$2" && pwd)"; shift 2 ;;
    *) break ;;
  esac
done
[ $# -ge 1 ] || { echo "usage: $0 [--docs] [--deploy-to DIR] PREFIX=LIBDIR..." >&2; exit 2; }
for generated in generated generated-testing; do
  [ -d "$root/uniffi/build/$generated/kotlin" ] \
    || { echo "jvm_install.sh: no uniffi/build/$generated: run uniffi/scripts/build.sh (or generate.sh) first" >&2; exit 1; }
done

rm -rf "$natives"
for pair in "$@"; do
  prefix="${pair%%=*}" libdir="${pair#*=}"
  case "$prefix" in
    linux-*) file() { echo "lib$1.so"; } ;;
    darwin-*) file() { echo "lib$1.dylib"; } ;;
    win32-*) file() { echo "$1.dll"; } ;;
    *) echo "jvm_install.sh: $prefix is not a JNA resource prefix this knows" >&2; exit 2 ;;
  esac
  for artifact in smtpprovider smtpprovider-testing; do
    name=smtpprovider_uniffi
    [ "$artifact" = smtpprovider ] || name=smtpprovider_uniffi_testing
    library="$libdir/$(file "$name")"
    [ -f "$library" ] || { echo "jvm_install.sh: no $library" >&2; exit 1; }
    mkdir -p "$natives/$artifact/$prefix"
    cp "$library" "$natives/$artifact/$prefix/"
    case "$prefix" in
      linux-*) rust_objcopy --strip-debug "$natives/$artifact/$prefix/$(file "$name")" ;;
    esac
  done
  echo "==> jvm: $prefix from $libdir"
done

maven=(clean install)
[ -n "$deploy_to" ] && maven=(clean deploy "-DaltDeploymentRepository=dist::file://$deploy_to")
$docs || maven+=(-Ddokka.skip=true)
echo "==> jvm: mvn ${maven[*]} (uniffi/jvm: smtpprovider, smtpprovider-testing)"
(cd "$root/uniffi/jvm" && mvn -B -ntp -q "${maven[@]}")
version="$(sed -n 's:^  <version>\(.*\)</version>:\1:p' "$root/uniffi/jvm/pom.xml" | head -1)"
for artifact in smtpprovider smtpprovider-testing; do
  jar="$HOME/.m2/repository/com/smtpprovider/$artifact/$version/$artifact-$version.jar"
  echo "    $artifact $version: $(wc -c <"$jar") bytes, natives: $(unzip -Z1 "$jar" | grep -E '\.(so|dylib|dll)$' | tr '\n' ' ')"
done
