#include "ui/ReviewReport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <map>

#include "study/Study.h"
#include "ui/StudyDocument.h"

namespace slicewise {

namespace {

QString stateOf(const SliceMark& m) {
  if (m.review != ReviewState::None) return QString::fromLatin1(reviewStateName(m.review).data());
  if (m.annotation != AnnotationState::None) return QStringLiteral("drawn");
  return QStringLiteral("to-annotate");
}

}  // namespace

QByteArray ReviewReport::json(const StudyDocument& document) {
  const SliceMarks& marks = document.annotation().marks;
  const std::map<SliceRef, double> seconds = document.study().reviewSeconds();
  QJsonObject axes;
  double total = 0;
  for (SliceAxis axis : kAllAxes) {
    int drawn = 0, accepted = 0, corrected = 0, rejected = 0;
    double spent = 0;
    for (const auto& [index, m] : marks.onAxis(axis)) {
      drawn += m.annotation != AnnotationState::None ? 1 : 0;
      accepted += m.review == ReviewState::Accepted ? 1 : 0;
      corrected += m.review == ReviewState::Corrected ? 1 : 0;
      rejected += m.review == ReviewState::Rejected ? 1 : 0;
    }
    for (const auto& [ref, s] : seconds)
      if (ref.axis == axis) spent += s;
    total += spent;
    axes.insert(QString::fromLatin1(axisName(axis).data()),
                QJsonObject{{"drawn", drawn}, {"accepted", accepted}, {"corrected", corrected},
                            {"rejected", rejected}, {"review_seconds", spent}});
  }
  const QJsonObject report{{"study", document.folder()}, {"title", document.title()}, {"axes", axes},
                           {"review_seconds", total}};
  return QJsonDocument(report).toJson();
}

QByteArray ReviewReport::csv(const StudyDocument& document) {
  const std::map<SliceRef, double> seconds = document.study().reviewSeconds();
  QByteArray out = "axis,slice,state,review_seconds\n";
  for (SliceAxis axis : kAllAxes)
    for (const auto& [index, m] : document.annotation().marks.onAxis(axis)) {
      const auto it = seconds.find(SliceRef{axis, index});
      out += QStringLiteral("%1,%2,%3,%4\n")
                 .arg(QString::fromLatin1(axisName(axis).data()))
                 .arg(index)
                 .arg(stateOf(m))
                 .arg(it == seconds.end() ? 0.0 : it->second, 0, 'f', 1)
                 .toUtf8();
    }
  return out;
}

}  // namespace slicewise
