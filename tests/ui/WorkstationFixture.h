#pragma once

#include <QAbstractButton>
#include <QApplication>
#include <QMessageBox>
#include <QMouseEvent>
#include <QTimer>
#include <cmath>
#include <functional>
#include <vector>

#include "io/ImageIO.h"
#include "ui/DocumentLoader.h"
#include "ui/MainWindow.h"
#include "viewers/SliceView.h"

namespace slicewise::test {

// A 64 x 48 x 20 int16 image (0.8 x 0.8 x 2.0 mm) whose voxel (i, j, k) holds 10 i + j, and a
// label map with label 1 on i 10..19, j 10..19 and label 2 on i 40..49, j 10..19 of every slice.
// Returns {image, labels} paths.
inline std::pair<QString, QString> writeWorkstationCase(const QString& dir) {
  ImageGeometry g;
  g.size = {64, 48, 20};
  g.spacing = {0.8, 0.8, 2.0};
  std::vector<int16_t> v(g.voxelCount());
  LabelVolume labels(g);
  for (int64_t k = 0; k < 20; ++k)
    for (int64_t j = 0; j < 48; ++j)
      for (int64_t i = 0; i < 64; ++i) {
        v[g.linearIndex(i, j, k)] = int16_t(10 * i + j);
        if (j >= 10 && j < 20 && i >= 10 && i < 20) labels.set(i, j, k, 1);
        if (j >= 10 && j < 20 && i >= 40 && i < 50) labels.set(i, j, k, 2);
      }
  const QString image = dir + "/case.nii.gz", map = dir + "/case-labels.nii.gz";
  writeImage(Volume(g, std::move(v)), image.toStdString());
  writeLabelMap(labels, map.toStdString());
  return {image, map};
}

// Sends real mouse events: a press at the first point, moves through the others, a release at
// the last (widget coordinates).
inline void drag(QWidget* w, const std::vector<QPointF>& points, Qt::KeyboardModifiers mods = Qt::NoModifier) {
  const auto send = [&](QEvent::Type type, const QPointF& p, Qt::MouseButton b, Qt::MouseButtons bs) {
    QMouseEvent e(type, p, w->mapToGlobal(p), b, bs, mods);
    QApplication::sendEvent(w, &e);
  };
  send(QEvent::MouseButtonPress, points.front(), Qt::LeftButton, Qt::LeftButton);
  for (size_t i = 1; i < points.size(); ++i) send(QEvent::MouseMove, points[i], Qt::NoButton, Qt::LeftButton);
  send(QEvent::MouseButtonRelease, points.back(), Qt::LeftButton, Qt::NoButton);
}

// Where voxel (u, v) of the view's plane is drawn, rounded to a whole widget pixel (as a mouse
// would be).
inline QPointF at(const SliceView* view, double u, double v) {
  const QPointF p = view->viewport().widgetPoint({u, v});
  return QPointF(std::round(p.x()), std::round(p.y()));
}

// Clicks the button labelled `buttonText` of the next message box once it shows (a modal box
// blocks the code that opened it), and keeps its text.
inline void answerNextMessageBox(const QString& buttonText, QString* text = nullptr) {
  auto* timer = new QTimer(qApp);
  timer->setInterval(25);
  QObject::connect(timer, &QTimer::timeout, [timer, buttonText, text, tries = 0]() mutable {
    if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget())) {
      if (text) *text = box->text();
      for (QAbstractButton* b : box->buttons())
        if (b->text().remove('&') == buttonText) {
          timer->stop();
          timer->deleteLater();
          b->click();
          return;
        }
    }
    if (++tries > 400) {
      timer->stop();
      timer->deleteLater();
    }
  });
  timer->start();
}

}  // namespace slicewise::test
