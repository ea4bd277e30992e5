"""Las gráficas del informe VMRE: ninguna. El informe de avances publicado no tiene gráficas (sus cifras van
en tablas y en el texto), y el informe no dibuja lo que el original no tiene. El registro queda vacío para
que la familia siga declarando su pieza `figuras` como las demás."""

from __future__ import annotations

FIGURAS: dict = {}
