#!/usr/bin/env bash
# Builds Slicewise with sanitizers in a build folder of its own and runs the tests there.
#   packaging/sanitize.sh address,undefined            # the whole suite under ASan + UBSan
#   packaging/sanitize.sh thread [CTEST_REGEX]         # TSan, by default over the parallel code
# Environment: SLICEWISE_SANITIZE_BUILD (folder, default build-sanitize-<kind>), JOBS.
set -euo pipefail

kind="${1:-address,undefined}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
case "$kind" in
  address,undefined|address|undefined) default_regex="" ;;
  # Selectors, predictors, metrics and the DICOM reader run in parallel (TBB, std::thread);
  # autosave writes on a thread of its own.
  thread) default_regex="Selector|Ssim|KMeans|Predictor|Distance|AxisEquivalence|SegmentationMetrics|DicomSeriesReader|Worklist|Autosaver" ;;
  *) echo "usage: $0 address,undefined|thread [CTEST_REGEX]" >&2; exit 2 ;;
esac
regex="${2:-$default_regex}"
# LibTorch's networks run on its own OpenMP pool, which ThreadSanitizer cannot see into: their
# tests (and the perceptual selector's) are not run under thread. Nor are the guided predictor's
# and the selector groups' tests: every TBB join is a race report TSan builds and then suppresses
# (sanitizers/tsan.supp), which takes them past QtTest's 5-minute limit per function.
exclude=""
[ "$kind" = thread ] && exclude="UNet|Ensemble|Perceptual|DeepLab|MAnet|GuidedShapePredictor|SelectorGroups"
build="${SLICEWISE_SANITIZE_BUILD:-$root/build-sanitize-${kind//,/-}}"
jobs="${JOBS:-$(nproc)}"
supp="$root/packaging/sanitizers"

start=$(date +%s)
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSLICEWISE_SANITIZE="$kind"
if [ "$kind" = thread ]; then
  # Only what the selected tests need: the GUI and LibTorch are not built.
  targets=$(cd "$build" && ctest -N -R "${regex:-.}" -E "$exclude" | sed -n 's/^ *Test *#[0-9]*: //p')
  cmake --build "$build" -j "$jobs" --target slicewise-cli $targets
else
  cmake --build "$build" -j "$jobs"
fi
built=$(date +%s)
echo "sanitize ($kind): build took $((built - start)) s"

export ASAN_OPTIONS="detect_leaks=1:detect_stack_use_after_return=1"
# use_tls=0: see lsan.supp.
export LSAN_OPTIONS="suppressions=$supp/lsan.supp:print_suppressions=0:use_tls=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:suppressions=$supp/ubsan.supp"
export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:history_size=7:suppressions=$supp/tsan.supp"
cd "$build"
status=0
args=(--output-on-failure -j "$jobs" --no-tests=error)
[ -n "$regex" ] && args+=(-R "$regex")
[ -n "$exclude" ] && args+=(-E "$exclude")
if [ "$kind" = thread ]; then
  ctest "${args[@]}" || status=$?
else
  ctest "${args[@]}" -LE gl || status=$?
  # The OpenGL tests run Qt's xcb platform, D-Bus and Mesa, whose one-time allocations reach
  # LeakSanitizer through modules it cannot unwind (no suppression can name them): leak
  # detection is off there; ASan's memory errors and UBSan still end the test.
  ASAN_OPTIONS="$ASAN_OPTIONS:detect_leaks=0" xvfb-run -a -s "-screen 0 1920x1200x24" \
    ctest "${args[@]}" -L gl || status=$?
fi
echo "sanitize ($kind): tests took $(($(date +%s) - built)) s, exit $status"
exit $status
