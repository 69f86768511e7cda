#include "queue/SlurmBatchScript.h"

#include <cmath>

namespace slicewise {

namespace {

std::string directives(const SlurmScriptSettings& s, const std::string& jobName, const std::filesystem::path& folder,
                       const std::string& output) {
  std::string d = "#SBATCH --job-name=" + jobName + "\n";
  d += "#SBATCH --output=" + output + "\n";
  d += "#SBATCH --open-mode=append\n";
  // The worker decides what happens after a lost node: resumed from the checkpoint as a new
  // attempt, counted, failed after the last.
  d += "#SBATCH --no-requeue\n";
  if (s.timeMinutes > 0) d += "#SBATCH --time=" + std::to_string(s.timeMinutes) + "\n";
  if (!s.partition.empty()) d += "#SBATCH --partition=" + s.partition + "\n";
  if (!s.gres.empty()) d += "#SBATCH --gres=" + s.gres + "\n";
  if (s.threads > 0) d += "#SBATCH --cpus-per-task=" + std::to_string(s.threads) + "\n";
  // sbatch would start the job in the submitting shell's folder, which nodes may not have.
  d += "#SBATCH --chdir=" + folder.string() + "\n";
  return d;
}

std::string body(const SlurmScriptSettings& s) {
  std::string trainer = shellQuote(s.trainer.string()) + " \"$JOB_DIR\" --quiet";
  if (!s.device.empty()) trainer += " --device " + shellQuote(s.device);
  if (s.threads > 0) trainer += " --threads " + std::to_string(s.threads);
  return "if [ -z \"$JOB_DIR\" ] || [ ! -d \"$JOB_DIR\" ]; then\n"
         "  echo \"slicewise: no job folder for Slurm job $ATTEMPT_ID (is the jobs root on storage every node sees?)\" >&2\n"
         "  exit 2\n"
         "fi\n"
         "exec >>\"$JOB_DIR/trainer.log\" 2>&1\n"
         "echo \"--- Slurm job $ATTEMPT_ID on $(hostname), $(date '+%Y-%m-%d %H:%M:%S') ---\"\n"
         "# A sign of life the worker can see: Slurm may list a job as running for minutes after its\n"
         "# node died.\n"
         "( while :; do touch \"$JOB_DIR/slurm-$ATTEMPT_ID.alive\"; sleep " +
         std::to_string(s.aliveSeconds) +
         "; done ) &\n"
         "ALIVE=$!\n" +
         trainer +
         "\n"
         "STATUS=$?\n"
         "kill \"$ALIVE\" 2>/dev/null\n"
         "echo \"$STATUS\" > \"$JOB_DIR/.slurm-$ATTEMPT_ID.exit\" && mv -f \"$JOB_DIR/.slurm-$ATTEMPT_ID.exit\" "
         "\"$JOB_DIR/slurm-$ATTEMPT_ID.exit\"\n"
         "exit \"$STATUS\"\n";
}

const char* kHeader =
    "#!/bin/bash\n"
    "# A Slicewise training job, submitted by `slicewise-cli worker --runner slurm`: it runs the\n"
    "# trainer on one job folder (pixels, labels and parameters; no patient data).\n";

}  // namespace

std::string shellQuote(const std::string& text) {
  std::string out = "'";
  for (const char c : text) {
    if (c == '\'') out += "'\\''";
    else out += c;
  }
  return out + "'";
}

int slurmTimeLimitMinutes(int64_t iterations, std::optional<double> lastEtaSeconds, double secondsPerIteration) {
  double seconds = double(std::max<int64_t>(iterations, 0)) * secondsPerIteration;
  if (lastEtaSeconds && *lastEtaSeconds > 0) seconds = *lastEtaSeconds;
  return int(std::ceil(seconds * 1.5 / 60.0)) + 10;
}

std::string slurmJobScript(const SlurmScriptSettings& settings, const std::filesystem::path& jobFolder,
                           const std::string& jobName) {
  return kHeader + directives(settings, jobName, jobFolder, (jobFolder / "slurm-%j.out").string()) +
         "JOB_DIR=" + shellQuote(jobFolder.string()) + "\n" + "ATTEMPT_ID=\"$SLURM_JOB_ID\"\n" + body(settings);
}

std::string slurmArrayScript(const SlurmScriptSettings& settings, const std::filesystem::path& folderList,
                             size_t tasks, const std::filesystem::path& outputFolder, const std::string& jobName) {
  return kHeader + directives(settings, jobName, outputFolder, (outputFolder / "slurm-%A_%a.out").string()) +
         "#SBATCH --array=0-" + std::to_string(tasks == 0 ? 0 : tasks - 1) + "\n" +
         "JOB_DIR=$(sed -n \"$((SLURM_ARRAY_TASK_ID + 1))p\" " + shellQuote(folderList.string()) + ")\n" +
         "ATTEMPT_ID=\"${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID}\"\n" + body(settings);
}

}  // namespace slicewise
