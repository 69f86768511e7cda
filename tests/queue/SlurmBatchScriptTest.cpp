#include <QTest>

#include "queue/SlurmBatchScript.h"

using namespace slicewise;

// The batch scripts the Slurm runner submits, against the literal text an administrator reads,
// and the time limit it asks for.
class SlurmBatchScriptTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void aJobScriptRunsTheTrainerOnItsFolder() {
    SlurmScriptSettings s;
    s.trainer = "/opt/slicewise/bin/slicewise-train";
    s.partition = "gpu";
    s.gres = "gpu:1";
    s.device = "cuda";
    s.threads = 4;
    s.timeMinutes = 48;
    s.aliveSeconds = 15;
    const std::string expected = R"SH(#!/bin/bash
# A Slicewise training job, submitted by `slicewise-cli worker --runner slurm`: it runs the
# trainer on one job folder (pixels, labels and parameters; no patient data).
#SBATCH --job-name=slicewise-7
#SBATCH --output=/shared/jobs/job-7/slurm-%j.out
#SBATCH --open-mode=append
#SBATCH --no-requeue
#SBATCH --time=48
#SBATCH --partition=gpu
#SBATCH --gres=gpu:1
#SBATCH --cpus-per-task=4
#SBATCH --chdir=/shared/jobs/job-7
JOB_DIR='/shared/jobs/job-7'
ATTEMPT_ID="$SLURM_JOB_ID"
if [ -z "$JOB_DIR" ] || [ ! -d "$JOB_DIR" ]; then
  echo "slicewise: no job folder for Slurm job $ATTEMPT_ID (is the jobs root on storage every node sees?)" >&2
  exit 2
fi
exec >>"$JOB_DIR/trainer.log" 2>&1
echo "--- Slurm job $ATTEMPT_ID on $(hostname), $(date '+%Y-%m-%d %H:%M:%S') ---"
# A sign of life the worker can see: Slurm may list a job as running for minutes after its
# node died.
( while :; do touch "$JOB_DIR/slurm-$ATTEMPT_ID.alive"; sleep 15; done ) &
ALIVE=$!
'/opt/slicewise/bin/slicewise-train' "$JOB_DIR" --quiet --device 'cuda' --threads 4
STATUS=$?
kill "$ALIVE" 2>/dev/null
echo "$STATUS" > "$JOB_DIR/.slurm-$ATTEMPT_ID.exit" && mv -f "$JOB_DIR/.slurm-$ATTEMPT_ID.exit" "$JOB_DIR/slurm-$ATTEMPT_ID.exit"
exit "$STATUS"
)SH";
    QCOMPARE(QString::fromStdString(slurmJobScript(s, "/shared/jobs/job-7", "slicewise-7")),
             QString::fromStdString(expected));
  }

  void anArrayScriptPicksItsFolderByTaskId() {
    SlurmScriptSettings s;
    s.trainer = "/usr/bin/slicewise-train";
    s.aliveSeconds = 5;
    const std::string expected = R"SH(#!/bin/bash
# A Slicewise training job, submitted by `slicewise-cli worker --runner slurm`: it runs the
# trainer on one job folder (pixels, labels and parameters; no patient data).
#SBATCH --job-name=slicewise-3+19
#SBATCH --output=/nfs/q/.slurm-array-x/slurm-%A_%a.out
#SBATCH --open-mode=append
#SBATCH --no-requeue
#SBATCH --chdir=/nfs/q/.slurm-array-x
#SBATCH --array=0-19
JOB_DIR=$(sed -n "$((SLURM_ARRAY_TASK_ID + 1))p" '/nfs/q/.slurm-array-x/folders.txt')
ATTEMPT_ID="${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID}"
if [ -z "$JOB_DIR" ] || [ ! -d "$JOB_DIR" ]; then
  echo "slicewise: no job folder for Slurm job $ATTEMPT_ID (is the jobs root on storage every node sees?)" >&2
  exit 2
fi
exec >>"$JOB_DIR/trainer.log" 2>&1
echo "--- Slurm job $ATTEMPT_ID on $(hostname), $(date '+%Y-%m-%d %H:%M:%S') ---"
# A sign of life the worker can see: Slurm may list a job as running for minutes after its
# node died.
( while :; do touch "$JOB_DIR/slurm-$ATTEMPT_ID.alive"; sleep 5; done ) &
ALIVE=$!
'/usr/bin/slicewise-train' "$JOB_DIR" --quiet
STATUS=$?
kill "$ALIVE" 2>/dev/null
echo "$STATUS" > "$JOB_DIR/.slurm-$ATTEMPT_ID.exit" && mv -f "$JOB_DIR/.slurm-$ATTEMPT_ID.exit" "$JOB_DIR/slurm-$ATTEMPT_ID.exit"
exit "$STATUS"
)SH";
    QCOMPARE(QString::fromStdString(slurmArrayScript(s, "/nfs/q/.slurm-array-x/folders.txt", 20,
                                                     "/nfs/q/.slurm-array-x", "slicewise-3+19")),
             QString::fromStdString(expected));
  }

  void pathsAreQuotedForTheShell() {
    QCOMPARE(QString::fromStdString(shellQuote("/a b/it's")), QString("'/a b/it'\\''s'"));
  }

  void theTimeLimitFollowsTheEstimate() {
    // 1500 iterations at 1 s: 1500 s x 1.5 = 37.5 min -> 38, + 10.
    QCOMPARE(slurmTimeLimitMinutes(1500, std::nullopt, 1.0), 48);
    // An earlier attempt had 200 s left: 300 s = 5 min, + 10.
    QCOMPARE(slurmTimeLimitMinutes(1500, 200.0, 1.0), 15);
    // Nothing known: the ten minutes alone.
    QCOMPARE(slurmTimeLimitMinutes(0, std::nullopt, 1.0), 10);
    // 20 iterations at 0.5 s: 15 s -> 1 min (rounded up), + 10.
    QCOMPARE(slurmTimeLimitMinutes(20, std::nullopt, 0.5), 11);
  }
};

QTEST_GUILESS_MAIN(SlurmBatchScriptTest)
#include "SlurmBatchScriptTest.moc"
