"""La carpeta de datos, común a todas las familias: un `proceso.yaml` y una carpeta por periodo.

```
datos/
  proceso.yaml          (familia: seguridad | vmre; por omisión, seguridad)
  2024-05/ …            lo que cada familia guarda de ese periodo
```
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

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


_MESES = {m: i for i, m in enumerate(("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
                                        "septiembre", "octubre", "noviembre", "diciembre"), 1)}
_MESES |= {m[:3]: i for m, i in list(_MESES.items())} | {"setiembre": 9, "sept": 9}


def normalizar_periodo(texto: str) -> str | None:
    """«2024-7», «2024/07», «julio 2024», «jul. de 2024» → «2024-07»; None si no es un mes con su año."""
    import re

    from .lengua import normalizar

    m = re.fullmatch(r"(\d{4})[-/.](\d{1,2})", texto.strip())
    if m and 1 <= int(m[2]) <= 12:
        return f"{m[1]}-{int(m[2]):02d}"
    clave = normalizar(texto).replace(" de ", " ").replace("-", " ").replace("/", " ")
    n = re.fullmatch(r"([a-z]+) (\d{4})", clave)
    if n and n[1] in _MESES:
        return f"{n[2]}-{_MESES[n[1]]:02d}"
    return None


def periodo_anterior(raiz: Path, periodo: str) -> str | None:
    """El periodo de la carpeta inmediatamente anterior a `periodo`, o None si es el primero."""
    return max((p for p in ids_de_periodo(raiz) if p < periodo), default=None)


def resolver_periodo(datos: Path, periodo: str, numero: Callable[[str], int | None] = lambda pid: None) -> str:
    """El id AAAA-MM de un periodo escrito como lo escribe una persona: «2024-07», «2024-7», «julio 2024»,
    «julio de 2024», «julio» (si solo hay uno) o el número del informe («6»: `numero(pid)` dice el de cada
    periodo; lo sabe la familia, `Familia.resolver_periodo`)."""
    import re

    from .errores import ErrorDeUso

    ids = _periodos_o_error(datos)
    texto = " ".join(periodo.split())
    if texto in ids:
        return texto
    hay = f"hay {len(ids)}: {', '.join(ids)}" if len(ids) <= 8 else f"hay {len(ids)}, de {ids[0]} a {ids[-1]}"
    if re.fullmatch(r"\d{1,2}", texto):
        return _por_numero(datos, ids, int(texto), numero, hay)
    pid = normalizar_periodo(texto)
    if pid is None:
        return _por_mes(datos, ids, texto, periodo, hay)
    if pid in ids:
        return pid
    raise ErrorDeUso(f"no existe el periodo {pid} en {datos} ({hay})")


def _periodos_o_error(datos: Path) -> list[str]:
    from .errores import ErrorDeUso

    if not datos.is_dir():
        raise ErrorDeUso(f"no existe la carpeta de datos {datos}")
    ids = ids_de_periodo(datos)
    if not ids:
        raise ErrorDeUso(f"no hay periodos (carpetas AAAA-MM) en {datos}")
    return ids


def _por_numero(datos: Path, ids: list[str], n: int, numero: Callable[[str], int | None], hay: str) -> str:
    """«6»: el periodo cuyo informe tiene ese número."""
    from .errores import ErrorDeUso

    for pid in ids:
        if numero(pid) == n:
            return pid
    raise ErrorDeUso(f"ningún periodo de {datos} tiene el número {n} ({hay})")


def _por_mes(datos: Path, ids: list[str], texto: str, escrito: str, hay: str) -> str:
    """«julio»: vale si solo un periodo es de julio; si no, se pide el año."""
    from .errores import ErrorDeUso
    from .lengua import MESES, normalizar

    clave = normalizar(texto).replace(" de ", " ").replace("-", " ").replace("/", " ")
    if clave not in _MESES:
        raise ErrorDeUso(f"no se entiende el periodo «{escrito}». Se escribe 2024-07, julio 2024 o el número del "
                         f"informe. En {datos} {hay}.")
    mes = MESES[_MESES[clave] - 1]
    candidatos = [p for p in ids if int(p[5:]) == _MESES[clave]]
    if len(candidatos) == 1:
        return candidatos[0]
    if candidatos:
        raise ErrorDeUso(f"hay {len(candidatos)} periodos de {mes}: ¿{' o '.join(candidatos)}? Indique el año "
                         f"(por ejemplo, {mes} {candidatos[-1][:4]}).")
    raise ErrorDeUso(f"ningún periodo de {datos} es de {mes} ({hay})")
