"""Escritura atómica: un archivo aparece completo o no cambia; nunca queda a medias."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def escribir_atomico(ruta: Path, contenido: str | bytes) -> None:
    """Escribe en un temporal de la misma carpeta y lo mueve a su lugar con `os.replace`."""
    ruta.parent.mkdir(parents=True, exist_ok=True)
    datos = contenido.encode("utf-8") if isinstance(contenido, str) else contenido
    fd, temporal = tempfile.mkstemp(prefix=f".{ruta.name}.", suffix=".tmp", dir=ruta.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(datos)
            f.flush()
            os.fsync(f.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporal, 0o666 & ~umask)  # mkstemp crea 0600; el informe se comparte como cualquier archivo
        os.replace(temporal, ruta)
    except BaseException:
        Path(temporal).unlink(missing_ok=True)
        raise


def mover_atomico(origen: Path, destino: Path) -> None:
    """Mueve un archivo ya escrito (en la misma carpeta o sistema de archivos) a su lugar."""
    destino.parent.mkdir(parents=True, exist_ok=True)
    os.replace(origen, destino)


def respaldar(ruta: Path) -> Path:
    """Copia la versión vigente a `<archivo>.anterior-N`, con N libre: ningún respaldo pisa a otro.

    El nombre no termina en .yaml, así que el respaldo nunca se carga como dato.
    """
    n = 1
    while (destino := ruta.with_name(f"{ruta.name}.anterior-{n}")).exists():
        n += 1
    escribir_atomico(destino, ruta.read_bytes())
    return destino
