#include "ui/panels/OverwriteModeBox.h"

#include "ui/StudyDocument.h"
#include "ui/ToolSettings.h"

namespace slicewise {

OverwriteModeBox::OverwriteModeBox(ToolSettings* settings, QWidget* parent) : QComboBox(parent), settings_(settings) {
  setToolTip(tr("Which voxels painting may change (O cycles)"));
  connect(this, &QComboBox::currentIndexChanged, this, [this](int index) {
    if (updating_ || index < 0) return;
    const int data = itemData(index).toInt();
    settings_->setOverwrite(data == -1 ? OverwriteRule::all()
                            : data == 0 ? OverwriteRule::unlabelled() : OverwriteRule::over(Label(data)));
  });
  connect(settings_, &ToolSettings::changed, this, &OverwriteModeBox::refresh);
  refresh();
}

void OverwriteModeBox::setDocument(const StudyDocument* document) {
  document_ = document;
  refresh();
}

void OverwriteModeBox::refresh() {
  updating_ = true;
  clear();
  addItem(tr("Paint over everything"), -1);
  addItem(tr("Paint unlabelled voxels only"), 0);
  if (document_)
    for (const auto& [id, info] : document_->annotation().table.all())
      addItem(tr("Paint over %1 only").arg(QString::fromStdString(info.name)), int(id));
  const OverwriteRule rule = settings_->overwrite();
  const int want = rule.mode == OverwriteRule::Mode::All ? -1
                   : rule.mode == OverwriteRule::Mode::OnlyUnlabelled ? 0 : int(rule.only);
  setCurrentIndex(std::max(0, findData(want)));
  updating_ = false;
}

}  // namespace slicewise
