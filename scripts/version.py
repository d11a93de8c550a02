#!/usr/bin/env python3
"""One version for everything that ships: the Cargo workspace (and so the wheel, whose version
maturin takes from Cargo.toml), the crates' pinned versions of each other, the npm package with
its platform packages and their optionalDependencies, and the poms of the JVM artifacts, the
Kotlin suite and the Kotlin example.

    scripts/version.py            # prints the version; fails, naming the file, where one differs
    scripts/version.py 0.2.0      # sets it everywhere (then run cargo to refresh Cargo.lock)

CI runs the first form (scripts/test.sh). Written here because the places are ours: no release
tool knows a Cargo workspace, npm platform packages and a pom at once.
"""

import json
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
SEMVER = re.compile(r"\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?")

# A version of ours in a pom: the project's, its parent's, or a dependency's on our artifacts.
MAVEN_VERSION = re.compile(
    r"<artifactId>smtpprovider(?:-parent|-testing|-kotlin)?</artifactId>\n\s*<version>(\d[^<]*)</version>"
)

# (file, pattern whose group 1 is the version); every match in the file must agree.
TEXT_PLACES = [
    ("Cargo.toml", re.compile(r'^\[workspace\.package\]\nversion = "([^"]+)"', re.M)),
    ("Cargo.toml", re.compile(r'^smtpprovider(?:-sandbox)? = \{ path = "[^"]+", version = "=([^"]+)" \}', re.M)),
    *(
        (pom, MAVEN_VERSION)
        for pom in (
            "uniffi/jvm/pom.xml",
            "uniffi/jvm/smtpprovider/pom.xml",
            "uniffi/jvm/smtpprovider-testing/pom.xml",
            "uniffi/kotlin/pom.xml",
            "examples/kotlin/pom.xml",
        )
    ),
]


def npm_manifests():
    """The npm main package and each platform package (bindings-node/npm/<platform>/)."""
    main = ROOT / "bindings-node" / "package.json"
    return [main, *sorted((ROOT / "bindings-node" / "npm").glob("*/package.json"))]


def found_versions():
    """Every (place, version) pair."""
    for name, pattern in TEXT_PLACES:
        text = (ROOT / name).read_text()
        matches = pattern.findall(text)
        if not matches:
            raise SystemExit(f"version.py: no version found in {name} ({pattern.pattern})")
        for version in matches:
            yield name, version
    for manifest in npm_manifests():
        package = json.loads(manifest.read_text())
        where = str(manifest.relative_to(ROOT))
        yield where, package["version"]
        for dependency, version in package.get("optionalDependencies", {}).items():
            yield f"{where} optionalDependencies.{dependency}", version
    lock = json.loads(lockfile().read_text())
    yield "bindings-node/package-lock.json", lock["version"]
    yield "bindings-node/package-lock.json packages.\"\"", lock["packages"][""]["version"]


def lockfile():
    """npm's lock file repeats the main package's version, twice."""
    return ROOT / "bindings-node" / "package-lock.json"


def set_version(new):
    for name, pattern in TEXT_PLACES:
        path = ROOT / name
        text = path.read_text()

        def replace(match):
            start, end = match.span(1)
            whole = match.group(0)
            offset = match.start(0)
            return whole[: start - offset] + new + whole[end - offset :]

        path.write_text(pattern.sub(replace, text))
    for manifest in npm_manifests():
        package = json.loads(manifest.read_text())
        package["version"] = new
        for dependency in package.get("optionalDependencies", {}):
            package["optionalDependencies"][dependency] = new
        manifest.write_text(json.dumps(package, indent=2) + "\n")
    lock = json.loads(lockfile().read_text())
    lock["version"] = lock["packages"][""]["version"] = new
    lockfile().write_text(json.dumps(lock, indent=2) + "\n")


def main(argv):
    if len(argv) > 2 or (len(argv) == 2 and not SEMVER.fullmatch(argv[1])):
        raise SystemExit("usage: scripts/version.py [NEW_VERSION]   (e.g. 0.2.0)")
    if len(argv) == 2:
        set_version(argv[1])
    places = list(found_versions())
    versions = {version for _, version in places}
    if len(versions) != 1:
        expected = places[0][1]
        wrong = [f"  {where}: {version}" for where, version in places if version != expected]
        raise SystemExit(f"version.py: not every place says {expected}:\n" + "\n".join(wrong))
    print(versions.pop())


if __name__ == "__main__":
    main(sys.argv)
