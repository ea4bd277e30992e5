"""Caché de archivos ya cargados: releer la historia no vuelve a componer YAML que no cambió.

Cada archivo se guarda ya interpretado (registro y problemas) bajo la clave de su
ruta absoluta, y vale mientras coincidan su tamaño, su fecha de modificación (en
nanosegundos) y la versión del código que lo interpretó. La caché es prescindible:
si no se puede leer o escribir, se carga el archivo como siempre.

    INFORME_CACHE=/ruta   carpeta de la caché (por omisión $XDG_CACHE_HOME/informe o ~/.cache/informe)
    INFORME_CACHE=0       sin caché
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import pickle
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1)
def carpeta() -> Path | None:
    valor = os.environ.get("INFORME_CACHE")
    if valor == "0":
        return None
    if valor:
        return Path(valor)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "informe"


@lru_cache(maxsize=1)
def version_del_codigo() -> str:
    """Cambia cuando cambia cualquier módulo que interpreta archivos: la caché vieja deja de valer."""
    aqui = Path(__file__).resolve().parent
    h = hashlib.sha1()
    for nombre in ("cargar.py", "modelo.py", "catalogos.py", "problemas.py", "cache.py"):
        h.update((aqui / nombre).read_bytes())
    return h.hexdigest()


def _entrada(ruta: Path) -> Path | None:
    base = carpeta()
    if base is None:
        return None
    clave = hashlib.sha1(os.fsencode(ruta.resolve())).hexdigest()  # cualquier nombre, aun sin UTF-8
    return base / clave[:2] / f"{clave}.pickle"


def _firma(ruta: Path) -> tuple | None:
    try:
        st = ruta.stat()
    except OSError:
        return None
    from .catalogos import firma_alias

    return (version_del_codigo(), firma_alias(), st.st_size, st.st_mtime_ns)


def leer(ruta: Path, nombre: str):
    """La Carga guardada, con los nombres de archivo de esta llamada; None si no hay o no vale."""
    entrada, firma = _entrada(ruta), _firma(ruta)
    if entrada is None or firma is None:
        return None
    try:
        with open(entrada, "rb") as f:
            guardada_firma, carga = pickle.load(f)
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, AttributeError, ImportError):
        return None
    if guardada_firma != firma:
        return None
    if carga.archivo != nombre:  # el mismo archivo visto desde otra carpeta de trabajo
        carga.archivo = nombre
        carga.problemas = [dataclasses.replace(p, archivo=nombre) for p in carga.problemas]
        if carga.registro is not None and hasattr(carga.registro, "archivo"):
            carga.registro.archivo = nombre
    return carga


def guardar(ruta: Path, carga) -> None:
    entrada, firma = _entrada(ruta), _firma(ruta)
    if entrada is None or firma is None:
        return
    try:
        entrada.parent.mkdir(parents=True, exist_ok=True)
        temporal = entrada.with_suffix(f".{os.getpid()}.tmp")
        with open(temporal, "wb") as f:
            pickle.dump((firma, carga), f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporal, entrada)
    except OSError:
        pass  # sin caché se sigue funcionando igual
