"""Recompresses a wheel's deflated members with zopfli, in place: the same files, byte for byte,
in a smaller zip (what `pip install` downloads), as npm.sh does for the npm tarballs.

    python zopfli_wheel.py WHEEL

Ours because no tool in reach does it: maturin deflates at zlib's level 9 at most, and Python's
zipfile takes no ready-made compressor. py-zopfli (PyPI) compresses and zipfile writes the
archive; the one seam between them is zipfile's compressor factory, swapped only while this
script writes (`ZopfliDeflate` has the two methods zipfile calls).
"""

import os
import sys
import zipfile
import zlib

import zopfli.zopfli

# Passes of zopfli's optimiser per member: one, as npm.sh uses, which takes 14 s for the x86_64
# release extension (6.5 MB).
ITERATIONS = 1


class ZopfliDeflate:
    """A member's bytes gathered as zipfile writes them, deflated by zopfli at the end."""

    def __init__(self):
        self.pieces = []

    def compress(self, data):
        self.pieces.append(data)
        return b""

    def flush(self):
        stream = zopfli.zopfli.compress(b"".join(self.pieces), numiterations=ITERATIONS)
        # zopfli writes the zlib format: a 2-byte header and an Adler-32 around raw deflate,
        # which is what a zip member holds.
        return stream[2:-4]


def reads_back(path, members):
    """Whether the zip at `path` holds exactly `members`, each intact (CRC checked)."""
    try:
        with zipfile.ZipFile(path) as written:
            return written.testzip() is None and [
                (info.filename, written.read(info.filename)) for info in written.infolist()
            ] == [(info.filename, data) for info, data in members]
    except (zipfile.BadZipFile, zlib.error, EOFError):
        return False


def recompress(path):
    with zipfile.ZipFile(path) as source:
        members = [(info, source.read(info)) for info in source.infolist()]
    standard = zipfile._get_compressor

    def compressor(compress_type, level=None):
        if compress_type == zipfile.ZIP_DEFLATED:
            return ZopfliDeflate()
        return standard(compress_type, level)

    temporary = path + ".zopfli"
    zipfile._get_compressor = compressor
    try:
        with zipfile.ZipFile(temporary, "w") as target:
            for info, data in members:
                # The member's own name, time, mode bits and method, in its order: the RECORD
                # file's hashes are of the bytes, which do not change.
                copy = zipfile.ZipInfo(info.filename, info.date_time)
                copy.external_attr = info.external_attr
                copy.create_system = info.create_system
                copy.compress_type = info.compress_type
                target.writestr(copy, data)
    finally:
        zipfile._get_compressor = standard
    if not reads_back(temporary, members):
        os.remove(temporary)
        sys.exit(f"zopfli_wheel.py: {path}: the recompressed wheel does not read back the same")
    before, after = os.path.getsize(path), os.path.getsize(temporary)
    os.replace(temporary, path)
    print(f"    zopfli: {before:,} -> {after:,} bytes ({(before - after) * 100 / before:.1f}% smaller)")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: zopfli_wheel.py WHEEL")
    recompress(sys.argv[1])
