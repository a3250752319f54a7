#!/usr/bin/env python3
"""Marks one ELF version requirement weak so that a shared library loads on an older libstdc++.

TorchSharp 0.107.0's libLibTorchSharp.so was linked by GCC 13 and so asks libstdc++ for GLIBCXX_3.4.32
(Debian 12 ships GLIBCXX_3.4.30). The only symbol bound to that version is std::ios_base_library_init,
which the library never calls. The dynamic loader refuses a library whose version requirement is
missing unless the requirement is flagged VER_FLG_WEAK, so this script sets that flag on the
Vernaux entry named GLIBCXX_3.4.32 in the .gnu.version_r section of the file given, in place.

Usage: weaken_glibcxx.py FILE [VERSION]. Idempotent. Refuses files inside a NuGet package cache: only
the copy in the build output may be patched. A hard-linked file is first replaced by a private copy.
"""

import os
import shutil
import struct
import sys

SHT_GNU_VERNEED = 0x6FFFFFFE
VER_FLG_WEAK = 0x2


def read_cstring(data, offset):
    end = data.index(b"\0", offset)
    return data[offset:end].decode("ascii", "replace")


def weaken(path, version):
    if "/.nuget/packages/" in os.path.realpath(path):
        sys.exit(f"weaken_glibcxx: refusing to patch {path}: it is in the NuGet cache; patch the build output copy")

    with open(path, "rb") as f:
        data = bytearray(f.read())

    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        sys.exit(f"weaken_glibcxx: {path} is not a little-endian ELF64 file")

    e_shoff, = struct.unpack_from("<Q", data, 0x28)
    e_shentsize, e_shnum, e_shstrndx = struct.unpack_from("<HHH", data, 0x3A)

    def section(index):
        # Elf64_Shdr: name, type, flags, addr, offset, size, link, info, addralign, entsize
        return struct.unpack_from("<IIQQQQIIQQ", data, e_shoff + index * e_shentsize)

    verneed = [s for s in (section(i) for i in range(e_shnum)) if s[1] == SHT_GNU_VERNEED]
    if len(verneed) != 1:
        sys.exit(f"weaken_glibcxx: {path} has {len(verneed)} .gnu.version_r sections, expected 1")
    _, _, _, _, vr_offset, _, vr_link, vr_info, _, _ = verneed[0]
    dynstr_offset = section(vr_link)[4]

    found = []
    need = vr_offset
    for _ in range(vr_info):  # sh_info = number of Verneed entries
        # Elf64_Verneed: vn_version, vn_cnt, vn_file, vn_aux, vn_next
        _, vn_cnt, vn_file, vn_aux, vn_next = struct.unpack_from("<HHIII", data, need)
        aux = need + vn_aux
        for _ in range(vn_cnt):
            # Elf64_Vernaux: vna_hash, vna_flags, vna_other, vna_name, vna_next
            _, vna_flags, _, vna_name, vna_next = struct.unpack_from("<IHHII", data, aux)
            if read_cstring(data, dynstr_offset + vna_name) == version:
                found.append((aux, vna_flags, read_cstring(data, dynstr_offset + vn_file)))
            if vna_next == 0:
                break
            aux += vna_next
        if vn_next == 0:
            break
        need += vn_next

    if not found:
        print(f"weaken_glibcxx: {path} does not require {version}; nothing to do")
        return

    changed = False
    for aux, flags, library in found:
        if flags & VER_FLG_WEAK:
            print(f"weaken_glibcxx: {path}: {library} {version} already weak")
            continue
        struct.pack_into("<H", data, aux + 4, flags | VER_FLG_WEAK)
        print(f"weaken_glibcxx: {path}: {library} {version} marked weak")
        changed = True

    if changed:
        stat = os.stat(path)
        if stat.st_nlink > 1:
            # Never write through a hard link into a shared file (such as the package cache).
            temporary = path + ".weaken-tmp"
            shutil.copy2(path, temporary)
            os.replace(temporary, path)
        with open(path, "r+b") as f:
            f.write(data)
        # Keep size and time stamp, so MSBuild's unchanged-file check does not copy the original over it again.
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        sys.exit("usage: weaken_glibcxx.py FILE [VERSION]")
    weaken(sys.argv[1], sys.argv[2] if len(sys.argv) == 3 else "GLIBCXX_3.4.32")
