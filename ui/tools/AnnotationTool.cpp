#include "ui/tools/AnnotationTool.h"

#include "ui/StudyDocument.h"

namespace slicewise {

bool AnnotationTool::editable() const { return document_ && !document_->isReadOnly(); }

}  // namespace slicewise
