"""La carpeta de datos, común a todas las familias: un `proceso.yaml` y una carpeta por periodo.

```
datos/
  proceso.yaml          (familia: seguridad | vmre; por omisión, seguridad)
  2024-05/ …            lo que cada familia guarda de ese periodo
```
"""

from __future__ import annotations

from pathlib import Path

from .cargar import PATRON_PERIODO


def ids_de_periodo(raiz: Path) -> list[str]:
    if not raiz.is_dir():
        return []
    return sorted(d.name for d in raiz.iterdir() if d.is_dir() and PATRON_PERIODO.match(d.name))


def nombre_visible(ruta: Path) -> str:
    """Ruta relativa al directorio de trabajo cuando se puede: así la muestran los editores.

    Un nombre que no es UTF-8 (un adjunto guardado desde otro sistema) se muestra con sus bytes
    escapados («mal\\xffnombre.yaml»): se puede imprimir, serializar en JSON y copiar a un acuse.
    """
    import os

    try:
        texto = str(ruta.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        texto = str(ruta)
    return os.fsencode(texto).decode("utf-8", "backslashreplace")


def resolver_periodo(datos: Path, periodo: str) -> str:
    """«2024-05» o el número del informe («6»)."""
    import re

    from .errores import ErrorDeUso

    ids = ids_de_periodo(datos)
    if not ids:
        raise ErrorDeUso(f"no hay periodos (carpetas AAAA-MM) en {datos}")
    if periodo in ids:
        return periodo
    if re.fullmatch(r"\d{1,2}", periodo):
        from .familias import de_carpeta

        familia = de_carpeta(datos)
        for pid in ids:
            if familia.numero_de_periodo(datos, pid) == int(periodo):
                return pid
        raise ErrorDeUso(f"ningún periodo de {datos} tiene el número {periodo}; hay: {', '.join(ids)}")
    raise ErrorDeUso(f"no existe el periodo {periodo} en {datos}; hay: {', '.join(ids)}")
