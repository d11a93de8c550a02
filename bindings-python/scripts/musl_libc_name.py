"""Renames the C library a musllinux wheel's extension needs from `libc.so` to `libc.musl-ARCH.so.1`.

    python musl_libc_name.py WHEEL ARCH      # ARCH: x86_64 or aarch64; needs patchelf on PATH

zig links the extension against musl's own `libc.so`, so its DT_NEEDED entry says `libc.so`;
Alpine's musl, and so everything built on Alpine, calls it `libc.musl-ARCH.so.1`, and that is the
one name auditwheel's musllinux policy allows (it reports a wheel needing `libc.so` as plain
`linux`). Both names load the same library: musl's dynamic loader takes any needed `libc.*` to be
itself, whatever files exist. The entry is rewritten with patchelf (as `auditwheel repair` itself
would rewrite one) and the wheel written again in place, its RECORD updated; nothing else changes.
A wheel whose extension does not need `libc.so` is left as it is.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import os
import pathlib
import subprocess
import sys
import tempfile
import zipfile


def needed(path: pathlib.Path) -> list[str]:
    out = subprocess.run(["patchelf", "--print-needed", str(path)], check=True, capture_output=True, text=True)
    return out.stdout.split()


def main() -> int:
    if len(sys.argv) != 3 or sys.argv[2] not in ("x86_64", "aarch64"):
        print(__doc__, file=sys.stderr)
        return 2
    wheel, arch = pathlib.Path(sys.argv[1]), sys.argv[2]
    musl_name = f"libc.musl-{arch}.so.1"
    with zipfile.ZipFile(wheel) as source:
        infos = source.infolist()
        data = {info.filename: source.read(info) for info in infos}
    [extension] = [name for name in data if name.startswith("smtpprovider/_native") and name.endswith(".so")]
    [record] = [name for name in data if name.endswith(".dist-info/RECORD")]

    with tempfile.TemporaryDirectory() as scratch:
        so = pathlib.Path(scratch, "extension.so")
        so.write_bytes(data[extension])
        before = needed(so)
        if "libc.so" not in before:
            print(f"    {extension} needs {' '.join(before) or 'nothing'}: left as it is")
            return 0
        subprocess.run(["patchelf", "--replace-needed", "libc.so", musl_name, str(so)], check=True)
        after = needed(so)
        if "libc.so" in after or musl_name not in after:
            print(f"musl_libc_name: patchelf left {extension} needing {after}", file=sys.stderr)
            return 1
        data[extension] = so.read_bytes()

    digest = base64.urlsafe_b64encode(hashlib.sha256(data[extension]).digest()).rstrip(b"=").decode()
    rows = list(csv.reader(io.StringIO(data[record].decode())))
    for row in rows:
        if row and row[0] == extension:
            row[1:] = [f"sha256={digest}", str(len(data[extension]))]
    text = io.StringIO()
    csv.writer(text, lineterminator="\n").writerows(rows)
    data[record] = text.getvalue().encode()

    # The same entries in the same order, with their dates and permissions; level 9, as maturin
    # is asked for by scripts/packaging/python.sh.
    rewritten = wheel.with_name(wheel.name + ".tmp")
    with zipfile.ZipFile(rewritten, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for info in infos:
            target.writestr(info, data[info.filename], compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    os.replace(rewritten, wheel)
    print(f"    {extension}: needs {' '.join(after)} (was {' '.join(before)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
