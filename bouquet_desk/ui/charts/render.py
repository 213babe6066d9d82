"""Charts drawn into PNG images without a window, for the Word report produced by the command line.

QtCharts needs a QApplication; when none runs (the command line), one is created on the "offscreen"
platform, so no display is needed. This module is the only place outside the window that starts Qt,
and the core never imports it: the command line hands the images to the core's document writer.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSizeF, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication, QGraphicsScene

from ...core.reports.charts import ChartSpec
from .qt_chart import make_chart

# Drawn at twice the logical size: crisp when printed at 17 cm wide (about 190 dpi).
SCALE = 2.0
WIDTH = 900
_app: QApplication | None = None


def ensure_application() -> QApplication:
    global _app
    existing = QApplication.instance()
    if existing is not None:
        return existing  # type: ignore[return-value]
    _app = QApplication(["bouquet-desk", "-platform", "offscreen"])
    return _app


def chart_height(spec: ChartSpec) -> int:
    if spec.horizontal:
        return 110 + 34 * max(len(spec.categories), 1) + (30 if len(spec.series) > 1 else 0)
    return 430


def render_png(spec: ChartSpec, width: int = WIDTH, height: int | None = None) -> bytes:
    ensure_application()
    height = height or chart_height(spec)
    chart = make_chart(spec, point_size=9)
    scene = QGraphicsScene()
    scene.addItem(chart)
    chart.resize(QSizeF(width, height))
    image = QImage(int(width * SCALE), int(height * SCALE), QImage.Format.Format_ARGB32)
    image.fill(QColor(Qt.GlobalColor.white))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    scene.render(painter, QRectF(0, 0, image.width(), image.height()), QRectF(0, 0, width, height))
    painter.end()
    scene.removeItem(chart)
    chart.deleteLater()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def render_charts(specs: Iterable[ChartSpec]) -> dict[str, bytes]:
    """key -> PNG for every chart that has something to show."""
    return {spec.key: render_png(spec) for spec in specs if not spec.is_empty}
