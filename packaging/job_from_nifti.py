#!/usr/bin/env python3
"""Job folders for slicewise-train from NIfTI files, and the Dice of their proposals, with the
Python standard library alone: for a machine that has a compiler, CMake and LibTorch but not
Slicewise's command line (packaging/gpu-check.sh).

  job_from_nifti.py make --image IMG.nii.gz --truth LABELS.nii.gz --out JOBDIR
      [--budget 20] [--size 256x256x155] [--iterations N] [--seed S] [--device auto]
  job_from_nifti.py score JOBDIR

`make` takes keep_n key slices (DESIGN §2) along the axial axis of the full label map, writes the
job folder (engine/jobs/README.md) and keeps the full truth beside it as truth.raw; `--size`
resamples image and labels (nearest neighbour) to another grid over the same field of view.
`score` prints, as JSON, the mean Dice over the non-key slices and the training time.
"""
import argparse
import array
import gzip
import json
import math
import os
import struct
import sys

# NIfTI datatype -> (array typecode, bytes)
NIFTI_TYPES = {2: ("B", 1), 4: ("h", 2), 8: ("i", 4), 16: ("f", 4), 64: ("d", 8), 256: ("b", 1),
               512: ("H", 2), 768: ("I", 4)}


def read_nifti(path):
    """Voxels (a flat array, x fastest) and the LPS geometry of a NIfTI-1 file."""
    raw = gzip.open(path, "rb").read() if path.endswith(".gz") else open(path, "rb").read()
    endian = "<" if struct.unpack("<i", raw[0:4])[0] == 348 else ">"
    if struct.unpack(endian + "i", raw[0:4])[0] != 348:
        raise SystemExit(f"{path}: not a NIfTI-1 file")
    dim = struct.unpack(endian + "8h", raw[40:56])
    datatype = struct.unpack(endian + "h", raw[70:72])[0]
    pixdim = struct.unpack(endian + "8f", raw[76:108])
    vox_offset = int(struct.unpack(endian + "f", raw[108:112])[0])
    slope, inter = struct.unpack(endian + "2f", raw[112:120])
    qform_code, sform_code = struct.unpack(endian + "2h", raw[252:256])
    quatern = struct.unpack(endian + "6f", raw[256:280])
    srow = [struct.unpack(endian + "4f", raw[280 + 16 * r:296 + 16 * r]) for r in range(3)]
    if dim[0] < 3 or any(d < 1 for d in dim[1:4]) or any(d > 1 for d in dim[4:dim[0] + 1]):
        raise SystemExit(f"{path}: only 3D volumes are supported")
    if datatype not in NIFTI_TYPES:
        raise SystemExit(f"{path}: NIfTI datatype {datatype} is not supported")
    code, size = NIFTI_TYPES[datatype]
    count = dim[1] * dim[2] * dim[3]
    voxels = array.array(code, raw[vox_offset:vox_offset + count * size])
    if len(voxels) != count:
        raise SystemExit(f"{path}: shorter than its header says")
    if (endian == ">") != (sys.byteorder == "big"):
        voxels.byteswap()
    if slope not in (0.0, 1.0) or inter != 0.0:
        voxels = array.array("f", (v * (slope or 1.0) + inter for v in voxels))

    if sform_code > 0:
        m = [list(srow[r]) for r in range(3)]
    else:  # qform, or without one pixdim scaling only (as ITK reads it)
        b, c, d = quatern[0:3] if qform_code > 0 else (0.0, 0.0, 0.0)
        a = math.sqrt(max(0.0, 1.0 - b * b - c * c - d * d))
        rot = [[a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c)],
               [2 * (b * c + a * d), a * a + c * c - b * b - d * d, 2 * (c * d - a * b)],
               [2 * (b * d - a * c), 2 * (c * d + a * b), a * a + d * d - b * b - c * c]]
        scale = [pixdim[1], pixdim[2], (-1.0 if pixdim[0] < 0 else 1.0) * pixdim[3]]
        offset = quatern[3:6] if qform_code > 0 else (0.0, 0.0, 0.0)
        m = [[rot[r][col] * scale[col] for col in range(3)] + [offset[r]] for r in range(3)]
    spacing = [math.sqrt(sum(m[r][col] ** 2 for r in range(3))) for col in range(3)]
    direction = [[m[r][col] / spacing[col] for col in range(3)] for r in range(3)]
    for col in range(3):  # RAS -> LPS
        direction[0][col], direction[1][col] = -direction[0][col], -direction[1][col]
    geometry = {"size": list(dim[1:4]), "spacing": spacing, "origin": [-m[0][3], -m[1][3], m[2][3]],
                "direction": [direction[r][col] for r in range(3) for col in range(3)]}
    return voxels, geometry


def axial_dim(geometry):
    """The voxel dimension (0 = x, 1 = y, 2 = z) closest to the patient's S-I axis."""
    d = geometry["direction"]
    return max(range(3), key=lambda col: abs(d[6 + col]))


def keep_n(n, percent):
    k = min(n, max(2, int(math.floor(n * percent / 100.0 + 0.5))))
    return [((2 * i + 1) * n) // (2 * k) for i in range(k)]


def slice_of(index, size, dim):
    """The slice index along voxel dimension dim of linear voxel index `index`."""
    nx, ny, _ = size
    return (index % nx, (index // nx) % ny, index // (nx * ny))[dim]


def resample(voxels, old, new):
    """Nearest neighbour onto `new` voxels over the same field of view (voxel centres)."""
    maps = [[min(old[d] - 1, (2 * i + 1) * old[d] // (2 * new[d])) for i in range(new[d])] for d in range(3)]
    out = array.array(voxels.typecode)
    for k in maps[2]:
        for j in maps[1]:
            base = (k * old[1] + j) * old[0]
            out.extend(voxels[base + i] for i in maps[0])
    return out


def write_file(path, data):
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())


def little_endian(values):
    if sys.byteorder == "big":
        values = array.array(values.typecode, values)
        values.byteswap()
    return values.tobytes()


def make(args):
    image, geometry = read_nifti(args.image)
    labels, _ = read_nifti(args.truth)
    if len(labels) != len(image):
        raise SystemExit("the image and the label map differ in size")
    if args.size:
        size = [int(v) for v in args.size.lower().split("x")]
        old = geometry["size"]
        image, labels = resample(image, old, size), resample(labels, old, size)
        geometry["spacing"] = [geometry["spacing"][d] * old[d] / size[d] for d in range(3)]
        geometry["size"] = size
    dim = axial_dim(geometry)
    keys = keep_n(geometry["size"][dim], args.budget)
    key_set = set(keys)
    truth = array.array("H", (int(v) & 0xFFFF for v in labels))
    sparse = array.array("H", (v if slice_of(i, geometry["size"], dim) in key_set else 0 for i, v in enumerate(truth)))
    pixel_type = {"B": "uint8", "h": "int16", "H": "uint16"}.get(image.typecode, "float")
    if pixel_type == "float":
        image = array.array("f", image)
    os.mkdir(args.out, 0o700)
    job = {"format": "slicewise-job", "version": 1, "predictor": "unet", "geometry": geometry,
           "byte_order": "little", "image": {"file": "image.raw", "pixel_type": pixel_type},
           "labels": {"file": "labels.raw", "pixel_type": "uint16"}, "provenance": None,
           "axis": "axial", "key_slices": keys, "key_state": "%016x" % (hash(tuple(keys)) & (2**64 - 1)),
           "seed": args.seed, "device": args.device, "parameters": {}}
    if args.iterations:
        job["parameters"]["iterations"] = args.iterations
    write_file(os.path.join(args.out, "image.raw"), little_endian(image))
    write_file(os.path.join(args.out, "labels.raw"), little_endian(sparse))
    write_file(os.path.join(args.out, "truth.raw"), little_endian(truth))
    write_file(os.path.join(args.out, "job.json"), (json.dumps(job, indent=2) + "\n").encode())
    print(json.dumps({"job": args.out, "size": geometry["size"], "keys": len(keys)}))


def score(args):
    job = json.load(open(os.path.join(args.job, "job.json")))
    training = json.load(open(os.path.join(args.job, "proposal.json")))["training"]

    def read(name):
        values = array.array("H", open(os.path.join(args.job, name), "rb").read())
        if sys.byteorder == "big":
            values.byteswap()
        return values

    truth, predicted = read("truth.raw"), read("proposal.raw")
    size = job["geometry"]["size"]
    dim = axial_dim(job["geometry"])
    keys = set(job["key_slices"])
    counts = {}  # label -> [in truth, in prediction, in both]
    for i, (t, p) in enumerate(zip(truth, predicted)):
        if (t or p) and slice_of(i, size, dim) not in keys:
            if t:
                counts.setdefault(t, [0, 0, 0])[0] += 1
            if p:
                counts.setdefault(p, [0, 0, 0])[1] += 1
            if t and t == p:
                counts[t][2] += 1
    dice = {str(label): 2.0 * c[2] / (c[0] + c[1]) for label, c in sorted(counts.items())}
    print(json.dumps({"mean_dice": sum(dice.values()) / max(1, len(dice)), "dice": dice,
                      "iterations": training["iterations"], "training_seconds": training["training_seconds"],
                      "seconds_per_iteration": training["training_seconds"] / max(1, training["iterations"]),
                      "device": training["device"]}))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    m = sub.add_parser("make")
    m.add_argument("--image", required=True)
    m.add_argument("--truth", required=True)
    m.add_argument("--out", required=True)
    m.add_argument("--budget", type=float, default=20.0)
    m.add_argument("--size", default="")
    m.add_argument("--iterations", type=int, default=0)
    m.add_argument("--seed", type=int, default=0)
    m.add_argument("--device", default="auto")
    s = sub.add_parser("score")
    s.add_argument("job")
    args = parser.parse_args()
    make(args) if args.command == "make" else score(args)


if __name__ == "__main__":
    main()
