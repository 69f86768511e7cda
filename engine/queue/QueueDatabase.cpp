#include "queue/QueueDatabase.h"

#include <sys/stat.h>

#include <chrono>
#include <cstdlib>

namespace fs = std::filesystem;

namespace slicewise {

namespace {

constexpr const char* kSchemaV1 = R"SQL(
CREATE TABLE jobs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  study TEXT NOT NULL, folder TEXT NOT NULL, predictor TEXT NOT NULL, axis TEXT NOT NULL,
  parameters TEXT NOT NULL, key_state TEXT NOT NULL DEFAULT '',
  priority INTEGER NOT NULL DEFAULT 0,
  run_when TEXT NOT NULL CHECK (run_when IN ('now', 'tonight')),
  state TEXT NOT NULL CHECK (state IN ('queued', 'scheduled', 'running', 'done', 'failed', 'cancelled')),
  progress REAL NOT NULL DEFAULT 0, iteration INTEGER NOT NULL DEFAULT 0,
  iterations INTEGER NOT NULL DEFAULT 0, eta_seconds REAL, loss REAL NOT NULL DEFAULT 0,
  device TEXT NOT NULL DEFAULT 'auto', device_used TEXT NOT NULL DEFAULT '',
  created INTEGER NOT NULL, started INTEGER NOT NULL DEFAULT 0,
  finished INTEGER NOT NULL DEFAULT 0, updated INTEGER NOT NULL DEFAULT 0,
  attempts INTEGER NOT NULL DEFAULT 0, max_attempts INTEGER NOT NULL DEFAULT 2,
  log TEXT NOT NULL DEFAULT '',
  worker TEXT NOT NULL DEFAULT '', heartbeat INTEGER NOT NULL DEFAULT 0,
  runner TEXT NOT NULL DEFAULT '', runner_job_id TEXT NOT NULL DEFAULT '',
  result TEXT NOT NULL DEFAULT '{}');
CREATE INDEX jobs_by_state ON jobs (state, priority DESC, id);
PRAGMA user_version = 1;
)SQL";

// Version 2: what the runner says of the attempt (a cluster scheduler's job state), for the panel.
constexpr const char* kSchemaV2 = R"SQL(
ALTER TABLE jobs ADD COLUMN runner_state TEXT NOT NULL DEFAULT '';
PRAGMA user_version = 2;
)SQL";

constexpr const char* kColumns = R"SQL(id, study, folder, predictor, axis, parameters, key_state, priority,
  run_when, state, progress, iteration, iterations, eta_seconds, loss, device, device_used, created, started,
  finished, updated, attempts, max_attempts, log, worker, heartbeat, runner, runner_job_id, result, runner_state)SQL";

// The log keeps the last entries: a job that fails for ever must not grow the database.
constexpr size_t kLogLimit = 32 * 1024;

int64_t nowSeconds() { return QueueDatabase::nowMs() / 1000; }

QueueJob readJob(const QueueConnection::Statement& s) {
  QueueJob j;
  j.id = s.integer(0);
  j.request.study = s.text(1);
  j.request.folder = s.text(2);
  j.request.predictor = s.text(3);
  j.request.axis = s.text(4);
  j.request.parametersJson = s.text(5);
  j.request.keyState = s.text(6);
  j.request.priority = int(s.integer(7));
  j.request.when = queueWhenFromName(s.text(8)).value_or(QueueWhen::Now);
  j.state = queueStateFromName(s.text(9)).value_or(QueueState::Failed);
  j.progress = s.real(10);
  j.iteration = s.integer(11);
  j.iterations = s.integer(12);
  if (!s.isNull(13)) j.etaSeconds = s.real(13);
  j.loss = s.real(14);
  j.request.device = s.text(15);
  j.deviceUsed = s.text(16);
  j.created = s.integer(17);
  j.started = s.integer(18);
  j.finished = s.integer(19);
  j.updated = s.integer(20);
  j.attempts = int(s.integer(21));
  j.request.maxAttempts = int(s.integer(22));
  j.log = s.text(23);
  j.worker = s.text(24);
  j.heartbeatMs = s.integer(25);
  j.runner = s.text(26);
  j.runnerJobId = s.text(27);
  j.resultJson = s.text(28);
  j.runnerState = s.text(29);
  return j;
}

// The state a job waits in: a night job waits for the window again.
const char* waitingStateSql = "CASE run_when WHEN 'tonight' THEN 'scheduled' ELSE 'queued' END";

}  // namespace

int64_t QueueDatabase::nowMs() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

fs::path QueueDatabase::defaultPath() {
  fs::path base;
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg && fs::path(xdg).is_absolute()) {
    base = xdg;
  } else if (const char* home = std::getenv("HOME"); home && *home) {
    base = fs::path(home) / ".local" / "share";
  } else {
    throw QueueError("cannot find the user's data folder for the queue ($HOME is not set): give --queue PATH");
  }
  return base / "slicewise" / "queue" / kFileName;
}

QueueDatabase::QueueDatabase(const fs::path& path) : path_(fs::absolute(path)) {
  std::error_code ec;
  const fs::path dir = path_.parent_path();
  if (!fs::exists(dir, ec)) {
    fs::create_directories(dir, ec);
    if (ec) throw QueueError("cannot create the queue folder " + dir.string() + ": " + ec.message());
    ::chmod(dir.c_str(), 0700);
  }
  if (fs::exists(path_, ec) && !fs::is_regular_file(path_, ec))
    throw QueueError("the queue database " + path_.string() + " is not a regular file");
  // Workers hold the write lock for milliseconds; a minute covers a busy disk.
  db_ = std::make_unique<QueueConnection>(path_.string(), 60000);
  ::chmod(path_.c_str(), 0600);
  db_->exec("PRAGMA journal_mode = WAL");
  db_->exec("PRAGMA synchronous = NORMAL");
  QueueTransaction tx(*db_);
  const int64_t version = db_->queryInt("PRAGMA user_version");
  if (version == 0) {
    if (db_->queryInt("SELECT count(*) FROM sqlite_master") != 0)
      throw QueueError(path_.string() + " is a database, but not a Slicewise queue");
    db_->exec(kSchemaV1);
    db_->exec(kSchemaV2);
  } else if (version == 1) {
    db_->exec(kSchemaV2);
  } else if (version > kSchemaVersion) {
    throw QueueError("the queue " + path_.string() + " was written by a newer Slicewise (schema version " +
                     std::to_string(version) + ")");
  }
  tx.commit();
}

QueueDatabase::~QueueDatabase() = default;

fs::path QueueDatabase::jobsFolder() const { return path_.parent_path() / "jobs"; }

int64_t QueueDatabase::add(const QueueJobRequest& r) {
  QueueTransaction tx(*db_);
  QueueConnection::Statement s(*db_, R"SQL(INSERT INTO jobs (study, folder, predictor, axis, parameters,
    key_state, priority, run_when, state, device, created, updated, max_attempts)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?))SQL");
  const int64_t now = nowSeconds();
  s.bind(1, r.study).bind(2, r.folder).bind(3, r.predictor).bind(4, r.axis).bind(5, r.parametersJson)
      .bind(6, r.keyState).bind(7, int64_t(r.priority)).bind(8, std::string(queueWhenName(r.when)))
      .bind(9, std::string(r.when == QueueWhen::Tonight ? "scheduled" : "queued")).bind(10, r.device)
      .bind(11, now).bind(12, now).bind(13, int64_t(r.maxAttempts)).run();
  const int64_t id = db_->lastInsertId();
  tx.commit();
  return id;
}

std::optional<QueueJob> QueueDatabase::find(int64_t id) {
  QueueConnection::Statement s(*db_, std::string("SELECT ") + kColumns + " FROM jobs WHERE id = ?");
  s.bind(1, id);
  if (!s.step()) return std::nullopt;
  return readJob(s);
}

std::vector<QueueJob> QueueDatabase::list() {
  QueueConnection::Statement s(*db_, std::string("SELECT ") + kColumns + " FROM jobs ORDER BY id");
  std::vector<QueueJob> out;
  while (s.step()) out.push_back(readJob(s));
  return out;
}

bool QueueDatabase::hasRunnable(bool windowOpen) {
  QueueConnection::Statement s(*db_, "SELECT 1 FROM jobs WHERE state = 'queued' OR (state = 'scheduled' AND ?) LIMIT 1");
  s.bind(1, int64_t(windowOpen));
  return s.step();
}

std::optional<QueueJob> QueueDatabase::claim(const std::string& worker, const std::string& runner, bool windowOpen) {
  QueueTransaction tx(*db_);
  int64_t id = 0;
  {
    QueueConnection::Statement s(*db_, R"SQL(SELECT id FROM jobs WHERE state = 'queued' OR (state = 'scheduled' AND ?)
      ORDER BY priority DESC, id LIMIT 1)SQL");
    s.bind(1, int64_t(windowOpen));
    if (!s.step()) return std::nullopt;
    id = s.integer(0);
  }
  const int64_t nowMilli = nowMs();
  QueueConnection::Statement u(*db_, R"SQL(UPDATE jobs SET state = 'running', worker = ?, heartbeat = ?,
    attempts = attempts + 1, started = CASE started WHEN 0 THEN ? ELSE started END, updated = ?, runner = ?,
    runner_job_id = '', runner_state = '' WHERE id = ?)SQL");
  u.bind(1, worker).bind(2, nowMilli).bind(3, nowMilli / 1000).bind(4, nowMilli / 1000).bind(5, runner).bind(6, id).run();
  tx.commit();
  return find(id);
}

void QueueDatabase::setRunnerJobId(int64_t id, const std::string& worker, const std::string& runnerJobId,
                                   const std::string& runnerState) {
  QueueConnection::Statement s(*db_, R"SQL(UPDATE jobs SET runner_job_id = ?, runner_state = ?
    WHERE id = ? AND worker = ? AND state = 'running')SQL");
  s.bind(1, runnerJobId).bind(2, runnerState).bind(3, id).bind(4, worker).run();
}

bool QueueDatabase::moveFolder(int64_t id, const std::string& worker, const std::string& folder) {
  QueueConnection::Statement s(*db_, "UPDATE jobs SET folder = ? WHERE id = ? AND worker = ? AND state = 'running'");
  s.bind(1, folder).bind(2, id).bind(3, worker).run();
  return db_->changes() == 1;
}

bool QueueDatabase::heartbeat(int64_t id, const std::string& worker, const QueueProgress& p) {
  QueueConnection::Statement s(*db_, R"SQL(UPDATE jobs SET heartbeat = ?, updated = ?, progress = ?, iteration = ?,
    iterations = ?, eta_seconds = ?, loss = ?, device_used = CASE ? WHEN '' THEN device_used ELSE ? END,
    runner_state = ? WHERE id = ? AND worker = ? AND state = 'running')SQL");
  const int64_t now = nowMs();
  s.bind(1, now).bind(2, now / 1000).bind(3, p.progress).bind(4, p.iteration).bind(5, p.iterations);
  if (p.etaSeconds) s.bind(6, *p.etaSeconds); else s.bindNull(6);
  s.bind(7, p.loss).bind(8, p.device).bind(9, p.device).bind(10, p.runnerState).bind(11, id).bind(12, worker).run();
  return db_->changes() == 1;
}

bool QueueDatabase::finish(int64_t id, const std::string& worker, const std::string& resultJson) {
  QueueConnection::Statement s(*db_, R"SQL(UPDATE jobs SET state = 'done', progress = 1, eta_seconds = 0,
    finished = ?, updated = ?, result = ? WHERE id = ? AND worker = ? AND state = 'running')SQL");
  const int64_t now = nowSeconds();
  s.bind(1, now).bind(2, now).bind(3, resultJson).bind(4, id).bind(5, worker).run();
  return db_->changes() == 1;
}

void QueueDatabase::appendLog(int64_t id, const std::string& entry) {
  QueueConnection::Statement s(*db_, "SELECT log FROM jobs WHERE id = ?");
  s.bind(1, id);
  std::string log = s.step() ? s.text(0) : std::string();
  if (!log.empty() && log.back() != '\n') log += '\n';
  log += entry;
  if (log.size() > kLogLimit) log = "...\n" + log.substr(log.size() - kLogLimit);
  QueueConnection::Statement u(*db_, "UPDATE jobs SET log = ? WHERE id = ?");
  u.bind(1, log).bind(2, id).run();
}

QueueState QueueDatabase::attemptFailed(int64_t id, const std::string& worker, const std::string& logEntry) {
  QueueTransaction tx(*db_);
  QueueConnection::Statement s(*db_, "SELECT attempts, max_attempts FROM jobs WHERE id = ? AND worker = ? AND state = 'running'");
  s.bind(1, id).bind(2, worker);
  if (!s.step()) {
    const auto job = find(id);  // cancelled or taken over meanwhile: left as it is
    return job ? job->state : QueueState::Cancelled;
  }
  const bool last = s.integer(0) >= s.integer(1);
  appendLog(id, logEntry);
  QueueConnection::Statement u(*db_, std::string("UPDATE jobs SET state = ") +
                                         (last ? "'failed'" : waitingStateSql) +
                                         ", worker = '', finished = ?, updated = ?, eta_seconds = NULL WHERE id = ?");
  const int64_t now = nowSeconds();
  u.bind(1, last ? now : int64_t(0)).bind(2, now).bind(3, id).run();
  tx.commit();
  return find(id)->state;
}

bool QueueDatabase::cancelRunning(int64_t id, const std::string& worker, const std::string& logEntry) {
  QueueTransaction tx(*db_);
  QueueConnection::Statement u(*db_, R"SQL(UPDATE jobs SET state = 'cancelled', worker = '', finished = ?, updated = ?,
    eta_seconds = NULL WHERE id = ? AND worker = ? AND state = 'running')SQL");
  const int64_t now = nowSeconds();
  u.bind(1, now).bind(2, now).bind(3, id).bind(4, worker).run();
  const bool cancelled = db_->changes() == 1;
  if (cancelled) appendLog(id, logEntry);
  tx.commit();
  return cancelled;
}

bool QueueDatabase::release(int64_t id, const std::string& worker, const std::string& note) {
  QueueTransaction tx(*db_);
  QueueConnection::Statement u(*db_, std::string("UPDATE jobs SET state = ") + waitingStateSql +
                                         ", worker = '', attempts = max(attempts - 1, 0), updated = ?, eta_seconds = NULL"
                                         " WHERE id = ? AND worker = ? AND state = 'running'");
  u.bind(1, nowSeconds()).bind(2, id).bind(3, worker).run();
  const bool released = db_->changes() == 1;
  if (released) appendLog(id, note);
  tx.commit();
  return released;
}

std::vector<QueueDatabase::Holder> QueueDatabase::runningJobs() {
  QueueConnection::Statement s(*db_, "SELECT id, worker, heartbeat FROM jobs WHERE state = 'running' ORDER BY id");
  std::vector<Holder> out;
  while (s.step()) out.push_back({s.integer(0), s.text(1), s.integer(2)});
  return out;
}

bool QueueDatabase::adopt(int64_t id, const std::string& from, const std::string& worker) {
  QueueConnection::Statement s(*db_, R"SQL(UPDATE jobs SET worker = ?, heartbeat = ?, updated = ?
    WHERE id = ? AND worker = ? AND state = 'running')SQL");
  const int64_t now = nowMs();
  s.bind(1, worker).bind(2, now).bind(3, now / 1000).bind(4, id).bind(5, from).run();
  return db_->changes() == 1;
}

std::optional<QueueState> QueueDatabase::recoverStale(int64_t id, const std::string& worker, const std::string& why) {
  {
    QueueConnection::Statement s(*db_, "SELECT 1 FROM jobs WHERE id = ? AND worker = ? AND state = 'running'");
    s.bind(1, id).bind(2, worker);
    if (!s.step()) return std::nullopt;
  }
  return attemptFailed(id, worker, why);
}

QueueState QueueDatabase::cancel(int64_t id) {
  QueueTransaction tx(*db_);
  const auto job = find(id);
  if (!job) throw QueueError("the queue has no job " + std::to_string(id));
  if (job->state == QueueState::Done || job->state == QueueState::Failed || job->state == QueueState::Cancelled)
    throw QueueError("job " + std::to_string(id) + " has ended already (" + std::string(queueStateName(job->state)) + ")");
  QueueConnection::Statement u(*db_, "UPDATE jobs SET state = 'cancelled', finished = ?, updated = ?, eta_seconds = NULL WHERE id = ?");
  const int64_t now = nowSeconds();
  u.bind(1, now).bind(2, now).bind(3, id).run();
  tx.commit();
  return job->state;
}

void QueueDatabase::retry(int64_t id) {
  QueueTransaction tx(*db_);
  const auto job = find(id);
  if (!job) throw QueueError("the queue has no job " + std::to_string(id));
  if (job->state != QueueState::Failed && job->state != QueueState::Cancelled)
    throw QueueError("job " + std::to_string(id) + " is " + std::string(queueStateName(job->state)) +
                     ": only a failed or cancelled job can be retried");
  QueueConnection::Statement u(*db_, std::string("UPDATE jobs SET state = ") + waitingStateSql +
                                         ", attempts = 0, worker = '', finished = 0, updated = ? WHERE id = ?");
  u.bind(1, nowSeconds()).bind(2, id).run();
  tx.commit();
}

}  // namespace slicewise
