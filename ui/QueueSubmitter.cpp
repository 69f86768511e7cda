#include "ui/QueueSubmitter.h"

#include <QSettings>
#include <exception>

#include "queue/QueueDatabase.h"
#include "study/Study.h"
#include "study/StudyJobSubmitter.h"
#include "ui/StudyDocument.h"

namespace slicewise {

std::filesystem::path QueueSubmitter::queuePath() {
  const QString configured = QSettings().value(QStringLiteral("queue/path")).toString();
  return configured.isEmpty() ? QueueDatabase::defaultPath() : std::filesystem::path(configured.toStdString());
}

int64_t QueueSubmitter::submit(StudyDocument& document, const QString& network, SliceAxis axis, QueueWhen when,
                               QString* why) {
  if (document.isReadOnly()) {
    *why = QObject::tr("the study is open read-only");
    return -1;
  }
  StudyJobRequest request;
  request.axis = axis;
  request.when = when;
  request.parameters = UNetParameters{};
  const std::optional<NetworkArchitecture> architecture = parseArchitecture(network.toStdString());
  if (!architecture) {
    *why = QObject::tr("unknown network %1").arg(network);
    return -1;
  }
  request.parameters.architecture = *architecture;
  const QVariant iterations = QSettings().value(QStringLiteral("queue/iterations"));
  if (iterations.isValid() && iterations.toLongLong() > 0) request.parameters.iterations = iterations.toLongLong();
  try {
    QueueDatabase queue(queuePath());
    return StudyJobSubmitter::submit(document.study(), queue, request, &document.image());
  } catch (const std::exception& e) {
    *why = QString::fromUtf8(e.what()).split(QLatin1Char('\n')).first();
    return -1;
  }
}

}  // namespace slicewise
