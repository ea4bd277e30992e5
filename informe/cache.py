"""Caché de archivos ya interpretados: releer la historia no vuelve a componer YAML que no cambió.

Cada archivo se guarda ya interpretado (registro y problemas) bajo la **huella de su contenido**:
BLAKE2b de sus bytes, del código que lo interpreta y de lo que la interpretación toma de fuera
(tipo de archivo, periodo de su carpeta, alias del proceso). Una edición del mismo tamaño con la
fecha restaurada (`touch -r`, `cp -p`, `rsync -t`) cambia la huella; la ruta y la fecha no cuentan.

Se guarda en SQLite (de la biblioteca estándar; WAL: varios procesos leen y escriben a la vez) como
JSON con etiquetas de tipo, nunca pickle: lo que se lee solo puede volverse una de las clases de
datos de `modelo` (lista cerrada), con sus campos contados; cualquier otra cosa es un fallo de
caché y el archivo se vuelve a leer. Una base que no es SQLite se borra y se crea de nuevo. La
carpeta se crea privada (0700) y un enlace simbólico en su lugar o en el de la base la desactiva.
La caché es prescindible: borrarla solo cuesta tiempo; si no se puede usar, todo funciona igual.

    INFORME_CACHE=/ruta   carpeta de la caché (por omisión $XDG_CACHE_HOME/informe o ~/.cache/informe)
    INFORME_CACHE=0       sin caché
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import stat
from datetime import date
from functools import lru_cache
from pathlib import Path

BASE = "cache.sqlite3"
TABLAS = ("cargas", "figuras")  # archivos interpretados (JSON) y gráficas ya dibujadas (PNG)


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
    """Cambia cuando cambia cualquier módulo del paquete: todos pueden influir en cómo se interpreta un
    archivo (catálogos, reglas, modelo), así que no hay una lista a mano que se pueda quedar corta."""
    aqui = Path(__file__).resolve().parent
    h = hashlib.blake2b(digest_size=16)
    for ruta in sorted(aqui.glob("*.py")):
        h.update(ruta.name.encode() + b"\0" + ruta.read_bytes() + b"\0")
    return h.hexdigest()


def clave(datos: bytes, *contexto: str) -> str:
    """La huella de un archivo: su contenido y todo lo que su interpretación toma de fuera."""
    from .catalogos import firma_alias

    h = hashlib.blake2b(digest_size=32)
    for parte in (version_del_codigo(), firma_alias(), *contexto):
        h.update(parte.encode("utf-8", "surrogateescape") + b"\0")
    h.update(datos)
    return h.hexdigest()


# --------------------------------------------------------------------------- JSON con etiquetas

@lru_cache(maxsize=1)
def _clases() -> dict[str, type]:
    from . import modelo
    from .cargar import Carga
    from .problemas import Problema

    clases = [Carga, Problema] + [c for c in vars(modelo).values()
                                  if isinstance(c, type) and dataclasses.is_dataclass(c)]
    return {c.__name__: c for c in clases}


class _NoSeGuarda(Exception):
    """Un valor que el formato de la caché no representa: ese archivo no se guarda (se relee cada vez)."""


def _codificar(valor):
    if valor is None or isinstance(valor, (str, bool, int, float)):
        return valor
    if type(valor).__name__ == "InformeJLE":
        return _codificar_jle(valor)
    if isinstance(valor, date):
        return ["d", valor.isoformat()]
    if isinstance(valor, list):
        return ["l", [_codificar(v) for v in valor]]
    if isinstance(valor, tuple):
        return ["t", [_codificar(v) for v in valor]]
    if isinstance(valor, dict):
        return ["m", [[_codificar(k), _codificar(v)] for k, v in valor.items()]]
    if dataclasses.is_dataclass(valor) and type(valor).__name__ in _clases():
        return ["c", type(valor).__name__, [_codificar(getattr(valor, f.name)) for f in dataclasses.fields(valor)]]
    raise _NoSeGuarda(type(valor).__name__)


def _decodificar(valor, clases: dict[str, type]):
    """Solo construye listas, tuplas, mapas, fechas y las clases de la lista cerrada; lo demás es error."""
    if valor is None or isinstance(valor, (str, bool, int, float)):
        return valor
    if not isinstance(valor, list) or not valor:
        raise ValueError("entrada de caché mal formada")
    etiqueta = valor[0]
    if etiqueta == "d" and len(valor) == 2 and isinstance(valor[1], str):
        return date.fromisoformat(valor[1])
    if etiqueta in ("l", "t") and len(valor) == 2 and isinstance(valor[1], list):
        elementos = [_decodificar(v, clases) for v in valor[1]]
        return elementos if etiqueta == "l" else tuple(elementos)
    if etiqueta == "m" and len(valor) == 2 and isinstance(valor[1], list):
        return {_decodificar(k, clases): _decodificar(v, clases) for k, v in valor[1]}
    if etiqueta == "J" and len(valor) == 11:
        return _decodificar_jle(valor, clases)
    if etiqueta == "c" and len(valor) == 3 and valor[1] in clases and isinstance(valor[2], list):
        clase = clases[valor[1]]
        campos = dataclasses.fields(clase)
        if len(campos) != len(valor[2]):
            raise ValueError("entrada de caché de otra versión")
        return clase(*(_decodificar(v, clases) for v in valor[2]))
    raise ValueError("entrada de caché mal formada")


# La historia son cientos de miles de acuerdos y entradas de seguimiento: se guardan como filas
# posicionales y se reconstruyen con una comprensión por lista, sin una llamada por campo (24 periodos del
# benchmark: decodificar de forma genérica costaba 5 s; así, una fracción).
def _codificar_jle(i) -> list:
    fecha = lambda f: f.isoformat() if f is not None else None  # noqa: E731
    return ["J", i.archivo, i.entidad, i.periodo, _codificar(i.mesa), _codificar(i.reuniones),
            [[a.id, a.descripcion, a.estatus, fecha(a.fecha), a.linea, a.id_explicito] for a in i.acuerdos],
            i.acuerdos_reportados, [[s.acuerdo, s.estatus, s.linea] for s in i.seguimiento],
            _codificar(i.medidas), _codificar(i.lineas)]


def _decodificar_jle(v: list, clases: dict[str, type]):
    from .modelo import Acuerdo, InformeJLE, Seguimiento

    hoy = date.fromisoformat
    acuerdos = [Acuerdo(a, d, e, hoy(f) if f is not None else None, n, x) for a, d, e, f, n, x in v[6]]
    seguimiento = [Seguimiento(a, e, n) for a, e, n in v[8]]
    informe = InformeJLE(v[1], v[2], v[3], _decodificar(v[4], clases), _decodificar(v[5], clases), acuerdos, v[7],
                         seguimiento, _decodificar(v[9], clases), _decodificar(v[10], clases))
    return informe


# --------------------------------------------------------------------------- SQLite

_conexion = None  # una por proceso; False si la caché no se puede usar en este proceso


def _privada(ruta: Path) -> bool:
    """La carpeta existe (se crea 0700) y ni ella ni la base son enlaces simbólicos."""
    try:
        ruta.mkdir(mode=0o700, parents=True, exist_ok=True)
        if stat.S_ISLNK(os.lstat(ruta).st_mode) or not ruta.is_dir():
            return False
        base = ruta / BASE
        try:
            if stat.S_ISLNK(os.lstat(base).st_mode):
                return False
        except FileNotFoundError:
            # se crea privada y sin seguir enlaces (O_NOFOLLOW) antes de que SQLite la abra
            os.close(os.open(base, os.O_CREAT | os.O_WRONLY | os.O_NOFOLLOW, 0o600))
        return True
    except OSError:
        return False


def _abrir():
    global _conexion
    if _conexion is not None:
        return _conexion or None
    import sqlite3

    _conexion = False
    base = carpeta()
    if base is None or not _privada(base):
        return None
    for intento in range(2):
        try:
            conexion = sqlite3.connect(base / BASE, timeout=10, isolation_level=None, check_same_thread=False)
            conexion.execute("PRAGMA journal_mode=WAL")
            for tabla in TABLAS:  # cada valor con la huella de sus bytes: truncado o alterado = fallo de caché
                conexion.execute(f"CREATE TABLE IF NOT EXISTS {tabla} "
                                 "(clave TEXT PRIMARY KEY, huella TEXT NOT NULL, valor BLOB NOT NULL)")
            _conexion = conexion
            return conexion
        except sqlite3.DatabaseError:  # no es una base SQLite (basura, truncada): se borra y se crea de nuevo
            if intento:
                return None
            for sufijo in ("", "-wal", "-shm"):
                try:
                    (base / (BASE + sufijo)).unlink()
                except OSError:
                    pass
            if not _privada(base):
                return None
    return None


def reiniciar() -> None:
    """Cierra la conexión del proceso (los tests cambian de carpeta de caché)."""
    global _conexion
    if _conexion:
        _conexion.close()
    _conexion = None
    carpeta.cache_clear()


def _huella(valor: bytes) -> str:
    return hashlib.blake2b(valor, digest_size=32).hexdigest()


def _leer_fila(tabla: str, clave: str) -> bytes | None:
    """Los bytes guardados bajo `clave`, solo si siguen siendo los que se guardaron."""
    import sqlite3

    conexion = _abrir()
    if conexion is None:
        return None
    try:
        fila = conexion.execute(f"SELECT huella, valor FROM {tabla} WHERE clave = ?", (clave,)).fetchone()
    except sqlite3.Error:
        return None
    if fila is None or not isinstance(fila[1], bytes) or _huella(fila[1]) != fila[0]:
        return None
    return fila[1]


def _guardar_fila(tabla: str, clave: str, valor: bytes) -> None:
    import sqlite3

    conexion = _abrir()
    if conexion is None:
        return
    try:
        conexion.execute(f"INSERT OR REPLACE INTO {tabla} (clave, huella, valor) VALUES (?, ?, ?)",
                         (clave, _huella(valor), valor))
    except sqlite3.Error:
        pass  # sin caché se sigue funcionando igual


def leer(huella: str, nombre: str):
    """La Carga guardada con esa huella, con los nombres de archivo de esta llamada; None si no hay o no vale."""
    valor = _leer_fila("cargas", huella)
    if valor is None:
        return None
    try:
        carga = _decodificar(json.loads(valor), _clases())
    except (ValueError, TypeError, KeyError, RecursionError):
        return None  # de otra versión o mal formada: se vuelve a leer el archivo
    if type(carga).__name__ != "Carga":
        return None
    carga.archivo = nombre  # el mismo contenido, visto con otro nombre o desde otra carpeta de trabajo
    carga.problemas = [dataclasses.replace(p, archivo=nombre) for p in carga.problemas]
    if carga.registro is not None and hasattr(carga.registro, "archivo"):
        carga.registro.archivo = nombre
    return carga


def guardar(huella: str, carga) -> None:
    try:
        valor = json.dumps(_codificar(carga), ensure_ascii=False, separators=(",", ":")).encode()
    except (_NoSeGuarda, ValueError, RecursionError):
        return  # ese archivo se relee cada vez
    _guardar_fila("cargas", huella, valor)


def leer_figura(huella: str) -> bytes | None:
    """El PNG ya dibujado con esa huella (ver graficas.huellas); None si no hay o sus bytes no cuadran."""
    return _leer_fila("figuras", huella)


def guardar_figura(huella: str, png: bytes) -> None:
    _guardar_fila("figuras", huella, png)
