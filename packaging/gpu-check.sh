#!/usr/bin/env bash
# Builds slicewise-train alone against the LibTorch of this machine's PyTorch (CUDA) and trains
# one job on a real volume, then one resampled to 256x256x155 (the size of the GPU target),
# printing time per iteration, total time and Dice. Needs a C++20 compiler, CMake >= 3.25,
# python3 with torch; no package manager, no network (nlohmann_json travels in third_party/).
#
#   packaging/gpu-check.sh [--image IMG.nii.gz --truth LABELS.nii.gz] [--device cuda]
#                          [--iterations N] [--budget 20] [--target-size 256x256x155|none]
#                          [--build DIR] [--torch-prefix DIR]
#
# Without --image, the ITK-SNAP brain MRI in ../shared/data (or shared/data) is used.
# --torch-prefix takes a LibTorch folder instead of asking python (then Debian's LibTorch in
# /usr works too, CPU only, which is how this script is tested without a GPU).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
image="" truth="" device="cuda" iterations="" budget=20 target="256x256x155"
build="$root/build-trainer" prefix=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --image) image=$2; shift 2 ;;
    --truth) truth=$2; shift 2 ;;
    --device) device=$2; shift 2 ;;
    --iterations) iterations=$2; shift 2 ;;
    --budget) budget=$2; shift 2 ;;
    --target-size) target=$2; shift 2 ;;
    --build) build=$2; shift 2 ;;
    --torch-prefix) prefix=$2; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "gpu-check: unknown option $1" >&2; exit 2 ;;
  esac
done

if [[ -z $image ]]; then
  for data in "$root/../shared/data" "$root/shared/data"; do
    if [[ -f $data/mri-brain-8labels/MRIcrop-orig.nii.gz ]]; then
      image=$data/mri-brain-8labels/MRIcrop-orig.nii.gz truth=$data/mri-brain-8labels/MRIcrop-seg.nii.gz
      break
    fi
  done
  [[ -n $image ]] || { echo "gpu-check: no volume found; give --image and --truth" >&2; exit 1; }
fi

if [[ -z $prefix ]]; then
  prefix=$(python3 -c 'import torch; print(torch.utils.cmake_prefix_path)')
  python3 -c 'import torch; print("PyTorch", torch.__version__, "CUDA", torch.version.cuda,
    "devices", torch.cuda.device_count(), torch.cuda.get_device_name(0) if torch.cuda.is_available() else "")'
fi

generator=()
command -v ninja > /dev/null && generator=(-G Ninja)
start=$(date +%s)
mkdir -p "$build"
# The trainer-only build takes the C++ ABI from LibTorch's TORCH_CXX_FLAGS (CMakeLists.txt).
cmake -S "$root" -B "$build" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release -DSLICEWISE_TRAINER_ONLY=ON \
      -DCMAKE_PREFIX_PATH="$prefix" > "$build/configure.log" 2>&1 \
  || { tail -30 "$build/configure.log" >&2; echo "gpu-check: configure failed" >&2; exit 1; }
cmake --build "$build" --target slicewise-train -j "$(nproc)" > "$build/build.log" 2>&1 \
  || { tail -30 "$build/build.log" >&2; echo "gpu-check: build failed" >&2; exit 1; }
echo "built $build/bin/slicewise-train in $(( $(date +%s) - start )) s"
# The trainer itself names only LibTorch and the C++ runtime (Debian's LibTorch brings Qt 5 and
# SQLite of its own through OpenCV and GDAL; PyTorch's does not).
if readelf -d "$build/bin/slicewise-train" | grep NEEDED | grep -E -i 'itk|vtk|qt|dcm|ofstd|sqlite'; then
  echo "gpu-check: the trainer links a desktop or storage library" >&2; exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
run_job() {  # name, extra make arguments...
  local name=$1; shift
  local args=(--image "$image" --truth "$truth" --budget "$budget" --device "$device" --out "$work/$name")
  [[ -n $iterations ]] && args+=(--iterations "$iterations")
  python3 "$root/packaging/job_from_nifti.py" make "${args[@]}" "$@"
  local t0 t1
  t0=$(date +%s.%N)
  "$build/bin/slicewise-train" "$work/$name"
  t1=$(date +%s.%N)
  local score
  score=$(python3 "$root/packaging/job_from_nifti.py" score "$work/$name")
  python3 - "$name" "$t0" "$t1" "$score" <<'PY'
import json, sys
name, t0, t1, score = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), json.loads(sys.argv[4])
print(f"{name}: {score['iterations']} iterations on {score['device']}: "
      f"{1000 * score['seconds_per_iteration']:.1f} ms per iteration, training {score['training_seconds']:.1f} s, "
      f"total {t1 - t0:.1f} s (trainer start to proposal), mean Dice {score['mean_dice']:.4f} on non-key slices")
print(json.dumps({"run": name, "total_seconds": t1 - t0, **score}))
PY
}
run_job native
[[ $target == none ]] || run_job "resampled-$target" --size "$target"
