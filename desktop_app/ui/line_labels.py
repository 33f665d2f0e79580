"""Labels of a chart's marker lines ("today", "left") kept apart.

pyqtgraph puts a vertical line's label at a fixed fraction of the plot's
height, on the side of the line away from the nearer edge. Two lines a few
days apart then put their labels side by side, and on a short plot (a small
window) the one a tenth of the height below the other runs into it. Here the
labels are placed in pixels, each time the plot is resized or its range
changes: the first at ``top``, each later one moved down below any label it
would touch."""

from __future__ import annotations

from collections.abc import Sequence

import pyqtgraph as pg

GAP = 3  # pixels between two labels stacked


class LabelsApart:
    """Keeps the labels of ``lines`` (set with ``set_lines``) of one plot apart."""

    def __init__(self, plot: pg.PlotWidget, top: float = 0.9) -> None:
        self.view = plot.getViewBox()
        self.top = top
        self.lines: list[pg.InfiniteLine] = []
        self._placing = False
        self.view.sigResized.connect(self.place)
        self.view.sigRangeChanged.connect(self.place)

    def set_lines(self, lines: Sequence[pg.InfiniteLine]) -> None:
        """The lines whose labels to keep apart, the first placed highest."""
        self.lines = list(lines)
        self.place()

    def place(self, *_args) -> None:
        height = self.view.sceneBoundingRect().height()
        if self._placing or height <= 0:
            return
        self._placing = True
        try:
            placed = []
            for line in self.lines:
                label = line.label
                position = self.top
                label.setPosition(position)
                rect = label.sceneBoundingRect()
                for _ in range(len(placed)):
                    hit = next((r for r in placed if r.intersects(rect)), None)
                    if hit is None:
                        break
                    position -= (hit.bottom() + GAP - rect.top()) / height  # down, below the one it touched
                    label.setPosition(max(position, 0.0))
                    rect = label.sceneBoundingRect()
                placed.append(rect)
        finally:
            self._placing = False
