#pragma once

#include <QByteArray>

namespace slicewise {

class StudyDocument;

// What the review of a study amounts to, for the person's records or a study's methods section:
// per axis the slices drawn (done or empty-here), accepted, corrected and rejected, and the time
// spent reviewing; as JSON, or as CSV with one row per marked slice.
class ReviewReport {
 public:
  static QByteArray json(const StudyDocument& document);
  static QByteArray csv(const StudyDocument& document);
};

}  // namespace slicewise
