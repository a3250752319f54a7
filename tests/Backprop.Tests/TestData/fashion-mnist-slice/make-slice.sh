#!/bin/sh
# Makes this folder's slice of Fashion-MNIST from the full data set (Debian package dataset-fashion-mnist):
# the first 2,000 training images and labels and the first 1,000 test images and labels, in the original
# IDX format with the count in each header set to the slice's size, gzip-compressed without a name or time
# stamp (gzip -n), so the same input gives the same bytes.
#
#   apt-get install -y dataset-fashion-mnist
#   sh tests/Backprop.Tests/TestData/fashion-mnist-slice/make-slice.sh [source folder]
#
# IDX layout (big-endian): images 0x00000803, count, 28, 28, then count × 784 pixel bytes (16-byte header);
# labels 0x00000801, count, then count label bytes (8-byte header).
set -eu
source=${1:-/usr/share/datasets/fashion-mnist}
here=$(cd "$(dirname "$0")" && pwd)

# The four bytes of a big-endian 32-bit count, as printf escapes.
be32() { printf '\\%03o\\%03o\\%03o\\%03o' $(($1 >> 24 & 255)) $(($1 >> 16 & 255)) $(($1 >> 8 & 255)) $(($1 & 255)); }

# slice PREFIX COUNT: writes PREFIX-images-idx3-ubyte.gz and PREFIX-labels-idx1-ubyte.gz with the first COUNT items.
slice() {
  prefix=$1 count=$2
  { printf "\\000\\000\\010\\003$(be32 "$count")$(be32 28)$(be32 28)"
    gzip -dc "$source/$prefix-images-idx3-ubyte.gz" | tail -c +17 | head -c $((count * 784)); } \
    | gzip -9 -n > "$here/$prefix-images-idx3-ubyte.gz"
  { printf "\\000\\000\\010\\001$(be32 "$count")"
    gzip -dc "$source/$prefix-labels-idx1-ubyte.gz" | tail -c +9 | head -c "$count"; } \
    | gzip -9 -n > "$here/$prefix-labels-idx1-ubyte.gz"
}

slice train 2000
slice t10k 1000
